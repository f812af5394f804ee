"""The fit behind the y tables of format-2 packs (TABLES.md, "Student-t for format 2"), reproducible.

    python -m lci_train.tables_fit --pack PACK --cache cache/train_256.npy --crops 400

Codes `--crops` training crops (never the export's 32 calibration crops, never Kodak) at every quality anchor
exactly as the pack codes them: its encoder.onnx, z symbols rint(z - median), its integer entropy-parameter path
(symbols and table indexes). It keeps one symbol histogram per anchor and table index, for two halves of the
crops (fit: even positions, check: odd), then prices every candidate rule with the real 16-bit tables
(`quantize_pmf`) and the escape bits of SPEC.md 9, relative to the Gaussian tables:

- Student-t over a grid of (nu, scale factor), K = ceil(tail * s);
- the bound for one table per index (a pack has one per index for every quality): each index's histogram
  of the fit half, pooled over the anchors, priced on both halves.

The objective is the mean over the anchors of the relative change of the y code length (each anchor counts
alike, whatever its bytes). Costs about 1 s per crop and anchor on 2 cores.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np

from .entropy_models.tables import (GAUSS_TAIL_Z, T_NU, T_SCALE, T_TAIL_Z, gaussian_tables, quantize_pmf,
                                    student_t_tables)
from .reference import symbol_bits

HIST_RANGE = 2047          # symbols beyond +-HIST_RANGE are kept exactly, per table index, in `far`


class Histograms:
    """Per anchor and table index: counts of the symbols -HIST_RANGE..HIST_RANGE, plus the rest listed."""

    def __init__(self, anchors: int, scales: int):
        self.counts = np.zeros((anchors, scales, 2 * HIST_RANGE + 1), dtype=np.int64)
        self.far = [[[] for _ in range(scales)] for _ in range(anchors)]

    def add(self, anchor: int, symbols: np.ndarray, indexes: np.ndarray):
        s = symbols.ravel().astype(np.int64)
        j = indexes.ravel().astype(np.int64)
        near = np.abs(s) <= HIST_RANGE
        width = 2 * HIST_RANGE + 1
        flat = np.bincount(j[near] * width + s[near] + HIST_RANGE, minlength=self.counts.shape[1] * width)
        self.counts[anchor] += flat.reshape(self.counts.shape[1], width)
        for jj, ss in zip(j[~near].tolist(), s[~near].tolist()):
            self.far[anchor][jj].append(ss)

    def symbols(self) -> int:
        return int(self.counts.sum()) + sum(len(v) for a in self.far for v in a)


def code_length(tables, hist: Histograms, anchor: int) -> float:
    """Bits of every y symbol of one anchor coded with `tables` (one per scale index)."""
    values = np.arange(-HIST_RANGE, HIST_RANGE + 1)
    total = 0.0
    for j, table in enumerate(tables):
        row = hist.counts[anchor, j]
        if row.any():
            nz = row > 0
            total += float((row[nz] * symbol_bits(values[nz], table)).sum())
        if hist.far[anchor][j]:
            total += float(symbol_bits(np.asarray(hist.far[anchor][j]), table).sum())
    return total


def empirical_tables(scale_table, hist: Histograms, anchors, fallback, tail_z: float = T_TAIL_Z):
    """One table per index from the histogram itself, pooled over `anchors` (a pack has one table per index for
    every quality): K = ceil(tail_z * s), the rest to the escape; an index never seen keeps its `fallback` table."""
    out = []
    for j, s in enumerate(scale_table):
        k = int(math.ceil(float(s) * tail_z))
        row = sum(hist.counts[a, j] for a in anchors)
        total = row.sum() + sum(len(hist.far[a][j]) for a in anchors)
        if total == 0:
            out.append(fallback[j])
            continue
        lo, hi = HIST_RANGE - k, HIST_RANGE + k + 1
        pmf = row[max(lo, 0):hi].astype(np.float64) / total
        if lo < 0:                                   # K beyond the histogram: pad with zeros
            pmf = np.concatenate([np.zeros(-lo), pmf, np.zeros(-lo)])
        out.append({"offset": -k, "cdf": quantize_pmf(pmf).tolist()})
    return out


def fit_crops(cache_len: int, count: int, seed: int = 1, calibration: int = 32):
    """Indexes of `count` crops drawn with `seed`, leaving out the crops the export calibrates with."""
    calib = set(np.random.default_rng(0).choice(cache_len, min(calibration, cache_len), replace=False).tolist())
    order = [int(i) for i in np.random.default_rng(seed).permutation(cache_len) if int(i) not in calib]
    return order[:count]


class PackCoder:
    """y symbols and table indexes of an image, as a pack codes them (encoder.onnx + integer path)."""

    def __init__(self, members: dict, threads: int = 2):
        import onnxruntime as ort
        from .intpath import pack_integer_path, pack_tensor
        manifest = json.loads(members["manifest.json"])
        self.ipath = pack_integer_path(members)
        self.gains = pack_tensor(manifest, members["tensors.bin"], "gains").astype(np.float32)
        self.medians = pack_tensor(manifest, members["tensors.bin"], "z_medians").reshape(1, -1, 1, 1)
        self.scale_table = pack_tensor(manifest, members["tensors.bin"], "scale_table")
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        self.session = ort.InferenceSession(members["encoder.onnx"], opts, providers=["CPUExecutionProvider"])

    @property
    def anchors(self) -> int:
        return self.gains.shape[0]

    def code(self, rgb: np.ndarray, anchor: int):
        """rgb uint8 [H,W,3], H and W multiples of 64 -> (symbols, indexes), each [1,M,H/16,W/16]."""
        x = (rgb.astype(np.float32) / 255.0).transpose(2, 0, 1)[None]
        y, z = self.session.run(["y", "z"], {"x": x, "gain": self.gains[anchor]})
        z_sym = np.rint(z.astype(np.float64) - self.medians).astype(np.int64)
        symbols, _, indexes = self.ipath.code(y.astype(np.float64), z_sym)
        return symbols, indexes


def collect(coder: PackCoder, crops, anchors) -> tuple[Histograms, Histograms]:
    """(fit, check) histograms: crops at even positions go to fit, odd to check."""
    halves = (Histograms(coder.anchors, len(coder.scale_table)), Histograms(coder.anchors, len(coder.scale_table)))
    for n, rgb in enumerate(crops):
        for a in anchors:
            symbols, indexes = coder.code(rgb, a)
            halves[n % 2].add(a, symbols, indexes)
        if n % 20 == 19:
            print(f"coded {n + 1} crops", flush=True)
    return halves


def relative(tables, base, hist: Histograms, anchors):
    """(mean over anchors of the relative change, change of the total, per-anchor changes), in %."""
    per = []
    tot_t = tot_b = 0.0
    for a in anchors:
        t, b = code_length(tables, hist, a), code_length(base, hist, a)
        per.append(100 * (t / b - 1))
        tot_t += t
        tot_b += b
    return float(np.mean(per)), 100 * (tot_t / tot_b - 1), per


def fit(scale_table, fit_half: Histograms, check_half: Histograms, anchors, nus, factors, tails):
    """Rows (rule, fit mean, check mean, check total, check per anchor), best Student-t first on the fit half."""
    gauss = gaussian_tables(scale_table)
    grid = []
    for nu in nus:
        for f in factors:
            t = student_t_tables(scale_table, nu=nu, scale=f, tail_z=T_TAIL_Z)
            grid.append((relative(t, gauss, fit_half, anchors)[0], nu, f))
    grid.sort()
    _, nu, f = grid[0]
    rows = []

    def row(name, tables_for):
        fm = relative(tables_for(fit_half), gauss, fit_half, anchors)[0]
        cm, ct, per = relative(tables_for(check_half), gauss, check_half, anchors)
        rows.append((name, fm, cm, ct, per))

    for tail in tails:
        row(f"student-t nu {nu:g}, scale {f:g} s, K = ceil({tail:g} s) (best on the fit half)",
            lambda h, tail=tail: student_t_tables(scale_table, nu=nu, scale=f, tail_z=tail))
    row(f"student-t nu {T_NU:g}, scale {T_SCALE:g} s, K = ceil({T_TAIL_Z:g} s) (shipped)",
        lambda h: student_t_tables(scale_table))
    row(f"gaussian, K = ceil({GAUSS_TAIL_Z:g} s) (format 1)", lambda h: gauss)
    bound = empirical_tables(scale_table, fit_half, anchors, student_t_tables(scale_table))
    row("empirical histograms of the fit half, one table per index (the bound for a pack's tables)",
        lambda h: bound)
    return rows, grid


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pack", type=Path, required=True, help="a format-2 .lcipack")
    ap.add_argument("--cache", type=Path, default=Path("cache/train_256.npy"), help="training crop cache")
    ap.add_argument("--crops", type=int, default=400)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--anchors", default=None, help="comma-separated subset (default: all)")
    ap.add_argument("--nu", default="4,6,8,12,16,24,48")
    ap.add_argument("--factors", default="0.8,0.85,0.9,0.95,1.0")
    ap.add_argument("--tails", default="5,6,8")
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args(argv)
    from .data import open_cache
    from .export import read_pack
    members = read_pack(a.pack)
    if json.loads(members["manifest.json"]).get("format_version") != 2:
        raise SystemExit(f"{a.pack}: not a format-2 pack (its y tables are Gaussian by definition)")
    coder = PackCoder(members, a.threads)
    anchors = list(range(coder.anchors)) if a.anchors is None else [int(v) for v in a.anchors.split(",")]
    cache = open_cache(a.cache)
    picks = fit_crops(len(cache), a.crops, a.seed)
    fit_half, check_half = collect(coder, (np.array(cache[i]) for i in picks), anchors)
    print(f"{len(picks)} crops, anchors {anchors}: {fit_half.symbols() + check_half.symbols()} symbols")
    rows, grid = fit(coder.scale_table, fit_half, check_half, anchors,
                     [float(v) for v in a.nu.split(",")], [float(v) for v in a.factors.split(",")],
                     [float(v) for v in a.tails.split(",")])
    print("Student-t grid (fit half, mean over anchors vs Gaussian): " +
          ", ".join(f"nu {nu:g} x{f:g}: {m:+.3f} %" for m, nu, f in grid[:8]))
    print("| rule | fit half, mean over anchors | check half, mean over anchors | check half, total |")
    print("|---|---|---|---|")
    for name, fm, cm, ct, _ in rows:
        print(f"| {name} | {fm:+.2f} % | {cm:+.2f} % | {ct:+.2f} % |")
    for name, _, _, _, per in rows:
        print(f"{name}, check half per anchor: " + ", ".join(f"{v:+.2f}" for v in per))
    return 0


if __name__ == "__main__":
    from .cli import run
    sys.exit(run(main))
