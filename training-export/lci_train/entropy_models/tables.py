"""Integer CDF tables for the entropy coder. The exact rule is written down in TABLES.md."""
import math

import numpy as np

TABLE_PRECISION = 16
# Gaussian tables cover +-K symbols, K = ceil(scale * GAUSS_TAIL_Z); mass beyond goes to the escape.
GAUSS_TAIL_Z = 5.0
# y tables of format-2 packs (TABLES.md): Student-t with T_NU degrees of freedom and scale T_SCALE * s,
# K = ceil(s * T_TAIL_Z). Fitted on training crops (never Kodak): 0.4 % less y rate than the Gaussian.
T_NU = 12.0
T_SCALE = 0.9
T_TAIL_Z = 6.0


def quantize_pmf(pmf: np.ndarray, precision: int = TABLE_PRECISION) -> np.ndarray:
    """pmf of n in-range symbols (float64) -> int64 CDF with n+2 entries, escape symbol last.

    Largest-remainder rounding (TABLES.md): the escape takes the tail mass max(0, 1 - sum(pmf));
    every one of the n+1 symbols gets 1, the remaining 2^precision - (n+1) counts are shared in
    proportion to the (renormalised) probabilities, floors first, then one more count each to the
    largest fractional parts (lower index first on ties).
    """
    total = 1 << precision
    pmf = np.asarray(pmf, dtype=np.float64)
    if pmf.ndim != 1 or pmf.size == 0 or not np.all(np.isfinite(pmf)) or np.any(pmf < 0):
        raise ValueError("pmf must be a non-empty 1-D array of finite non-negative values")
    if pmf.size + 1 > total // 2:
        raise ValueError(f"{pmf.size} symbols do not fit a {precision}-bit table")
    tail = max(0.0, 1.0 - float(pmf.sum()))
    p = np.append(pmf, tail)
    p = p / p.sum()
    share = p * (total - p.size)
    freq = 1 + np.floor(share).astype(np.int64)
    rest = total - int(freq.sum())
    if rest > 0:
        frac = share - np.floor(share)
        order = np.lexsort((np.arange(p.size), -frac))   # largest fraction, then lowest index
        freq[order[:rest]] += 1
    cdf = np.zeros(freq.size + 1, dtype=np.int64)
    np.cumsum(freq, out=cdf[1:])
    assert cdf[-1] == total and np.all(freq >= 1)
    return cdf


def gaussian_tables(scale_table, precision: int = TABLE_PRECISION):
    """One table per scale: symbols -K..K of a zero-mean Gaussian integrated over unit bins."""
    out = []
    for s in scale_table:
        k = int(math.ceil(float(s) * GAUSS_TAIL_Z))
        v = np.arange(-k, k + 1, dtype=np.float64)
        upper = _std_cdf((v + 0.5) / float(s))
        lower = _std_cdf((v - 0.5) / float(s))
        cdf = quantize_pmf(upper - lower, precision)
        out.append({"offset": -k, "cdf": cdf.tolist()})
    return out


def student_t_tables(scale_table, precision: int = TABLE_PRECISION, nu: float = T_NU,
                     scale: float = T_SCALE, tail_z: float = T_TAIL_Z):
    """One table per scale s: symbols -K..K, K = ceil(tail_z * s), of a zero-mean Student-t with `nu`
    degrees of freedom and scale `scale * s`, integrated over unit bins (TABLES.md)."""
    from scipy.special import stdtr
    out = []
    for s in scale_table:
        k = int(math.ceil(float(s) * tail_z))
        v = np.arange(-k, k + 1, dtype=np.float64)
        w = scale * float(s)
        cdf = quantize_pmf(stdtr(nu, (v + 0.5) / w) - stdtr(nu, (v - 0.5) / w), precision)
        out.append({"offset": -k, "cdf": cdf.tolist()})
    return out


def y_tables(arch: str, scale_table, precision: int = TABLE_PRECISION):
    """The y tables of a pack: Gaussian for format 1 ("hyperprior"), Student-t for format 2 ("cc")."""
    if arch == "cc":
        return student_t_tables(scale_table, precision)
    return gaussian_tables(scale_table, precision)


def _std_cdf(x: np.ndarray) -> np.ndarray:
    from scipy.special import ndtr
    return ndtr(x)
