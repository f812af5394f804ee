"""Integer CDF tables follow TABLES.md: monotone, 2^16 total, every frequency >= 1, escape last."""
import json
from pathlib import Path

import numpy as np
import pytest

from lci_train.entropy_models.tables import quantize_pmf, gaussian_tables, student_t_tables, y_tables
from lci_train.export import read_pack


def check_cdf(cdf, precision=16):
    cdf = np.asarray(cdf)
    assert cdf[0] == 0 and cdf[-1] == 1 << precision
    assert np.all(np.diff(cdf) >= 1)
    assert cdf.size >= 3                     # at least one in-range symbol + escape


def test_pack_tables_are_valid_cdfs(smoke):
    members = read_pack(smoke["pack"])
    manifest = json.loads(members["manifest.json"])
    ent = json.loads(members["entropy.json"])
    assert ent["precision"] == 16
    assert len(ent["z_tables"]) == manifest["Nz"]
    assert len(ent["y_tables"]) == manifest["tensors"]["scale_table"]["shape"][0]
    for t in ent["z_tables"] + ent["y_tables"]:
        check_cdf(t["cdf"])
        n = len(t["cdf"]) - 2                # in-range symbols
        assert t["offset"] <= 0 <= t["offset"] + n - 1   # symbol 0 is always in range
    for t in ent["y_tables"]:
        n = len(t["cdf"]) - 2
        assert t["offset"] == -(n - 1) // 2  # Gaussian tables are symmetric


def test_quantize_pmf_rule():
    cdf = quantize_pmf(np.array([0.25, 0.5, 0.25]))
    check_cdf(cdf)
    assert list(np.diff(cdf)) == [16384, 32767, 16384, 1]   # 1 + floor(p * (2^16 - 4)): exact here
    tiny = quantize_pmf(np.array([1.0, 1e-12, 1e-12]))
    check_cdf(tiny)
    assert list(np.diff(tiny))[1:] == [1, 1, 1]


def test_gaussian_tables_narrow_with_scale():
    tabs = gaussian_tables([0.11, 1.0, 10.0])
    sizes = [len(t["cdf"]) for t in tabs]
    assert sizes == sorted(sizes)
    for t in tabs:
        check_cdf(t["cdf"])
        freq = np.diff(t["cdf"])[:-1]
        assert np.argmax(freq) == -t["offset"]                    # mode at symbol 0


def test_format1_packs_keep_gaussian_tables(smoke):
    """Format-1 packs (the smoke model, the committed tiny.lcipack) have the Gaussian y tables."""
    from lci_train.models import get_config
    ent = json.loads(read_pack(smoke["pack"])["entropy.json"])
    assert ent["y_tables"] == gaussian_tables(smoke["model"].cfg.scale_table())
    tiny = Path(__file__).resolve().parents[2] / "testdata" / "packs" / "tiny.lcipack"
    ent = json.loads(read_pack(tiny)["entropy.json"])
    assert ent["y_tables"] == gaussian_tables(get_config("tiny").scale_table())


def test_student_t_tables_rule():
    """Format-2 y tables (TABLES.md): Student-t, nu 12, scale 0.9 s, K = ceil(6 s); heavier tails than N(s)."""
    scales = [0.11, 0.5, 1.0, 10.0, 256.0]
    tabs = student_t_tables(scales)
    assert tabs == y_tables("cc", scales) and gaussian_tables(scales) == y_tables("hyperprior", scales)
    for s, t in zip(scales, tabs):
        check_cdf(t["cdf"])
        k = int(np.ceil(6 * s))
        assert t["offset"] == -k and len(t["cdf"]) == 2 * k + 3
        freq = np.diff(t["cdf"])
        assert freq[k] >= freq[:-1].max() - 1                             # mode at symbol 0 (up to the rounding)
        assert np.abs(freq[:-1] - freq[:-1][::-1]).max() <= 1          # symmetric (up to the rounding)
    g = np.diff(gaussian_tables([1.0])[0]["cdf"])
    t = np.diff(tabs[2]["cdf"])
    assert t[6 + 4] > 3 * g[5 + 4] and t[6 + 5] > 5 * g[5 + 5] and t[-1] > g[-1]   # heavier tails


@pytest.mark.parametrize("bad", [[], [0.5, -0.1], [np.nan], np.ones((2, 2))])
def test_quantize_pmf_rejects_bad_input(bad):
    with pytest.raises(ValueError):
        quantize_pmf(np.asarray(bad, dtype=np.float64))
