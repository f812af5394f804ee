"""The y-table fit (lci_train.tables_fit): its prices agree with the coder's, and it finds a known rule."""
from pathlib import Path

import numpy as np
from scipy.special import stdtr

from lci_train import tables_fit
from lci_train.data import synthetic_images
from lci_train.entropy_models.tables import gaussian_tables, student_t_tables
from lci_train.export import read_pack
from lci_train.reference import table_bits

PACK = Path(__file__).resolve().parents[2] / "testdata" / "packs" / "tinycc.lcipack"


def test_histograms_price_every_symbol_as_the_coder_does():
    coder = tables_fit.PackCoder(read_pack(PACK), threads=1)
    crops = list(synthetic_images(4, 64, seed=2))
    last = coder.anchors - 1
    fit_half, check_half = tables_fit.collect(coder, crops, [0, last])
    tables = gaussian_tables(coder.scale_table)
    for anchor in (0, last):
        for half, hist in enumerate((fit_half, check_half)):
            direct = 0.0
            count = 0
            for rgb in crops[half::2]:
                symbols, indexes = coder.code(rgb, anchor)
                count += symbols.size
                direct += sum(table_bits(symbols[indexes == j], t) for j, t in enumerate(tables))
            assert hist.counts[anchor].sum() == count == 2 * symbols.size
            assert abs(tables_fit.code_length(tables, hist, anchor) - direct) < 1e-6 * direct
    assert fit_half.counts[1].sum() == 0          # anchors not asked for stay empty


def test_symbols_beyond_the_histogram_pay_the_escape():
    hist = tables_fit.Histograms(1, 2)
    far = tables_fit.HIST_RANGE + 1000
    hist.add(0, np.array([0, 1, -far, far]), np.array([1, 1, 1, 0]))
    tables = gaussian_tables([0.5, 1.0])
    expected = table_bits(np.array([0, 1, -far]), tables[1]) + table_bits(np.array([far]), tables[0])
    assert abs(tables_fit.code_length(tables, hist, 0) - expected) < 1e-9
    assert hist.symbols() == 4


def test_the_fit_recovers_the_rule_that_drew_the_symbols():
    # Symbols drawn from a Student-t with nu 6 and scale 0.85 s at three table indexes.
    scale_table = np.array([0.5, 2.0, 8.0])
    rng = np.random.default_rng(0)
    halves = [tables_fit.Histograms(1, 3), tables_fit.Histograms(1, 3)]
    for hist in halves:
        for j, s in enumerate(scale_table):
            v = np.arange(-200, 201)
            p = stdtr(6.0, (v + 0.5) / (0.85 * s)) - stdtr(6.0, (v - 0.5) / (0.85 * s))
            hist.add(0, rng.choice(v, 200_000, p=p / p.sum()), np.full(200_000, j))
    rows, grid = tables_fit.fit(scale_table, halves[0], halves[1], [0], [3, 6, 12, 48],
                                [0.75, 0.85, 0.95], [6])
    assert (grid[0][1], grid[0][2]) == (6, 0.85)
    best, shipped, gauss, bound = rows
    assert gauss[2] == 0.0                                  # the reference prices itself at 0 %
    assert best[2] < shipped[2] < 0                         # both beat the Gaussian; the true rule beats both
    assert bound[2] > best[2] - 0.05                        # histograms cannot do much better than the truth
    t = student_t_tables(scale_table, nu=6, scale=0.85)
    assert abs(tables_fit.relative(t, gaussian_tables(scale_table), halves[1], [0])[0] - best[2]) < 1e-9
