"""Bjontegaard delta rate (VCEG-M33).

For each curve, log(rate) is fitted as a cubic polynomial of PSNR (least squares,
numpy.polyfit; degree drops to n-1 when a curve has fewer than 4 points). Both fits
are integrated over the overlapping PSNR interval [max(min1, min2), min(max1, max2)];
the mean log-rate difference d over that interval gives BD-rate = (exp(d) - 1) * 100 %.
Negative means the test curve needs fewer bits than the anchor for the same PSNR.
"""
import math

import numpy as np


def _fit(rates, dists):
    rates = np.asarray(rates, dtype=np.float64)
    dists = np.asarray(dists, dtype=np.float64)
    ok = np.isfinite(rates) & np.isfinite(dists) & (rates > 0)
    rates, dists = rates[ok], dists[ok]
    if len(rates) < 2:
        raise ValueError(f"need at least 2 finite points per curve, found {len(rates)}")
    deg = min(3, len(rates) - 1)
    return np.polyfit(dists, np.log(rates), deg), dists.min(), dists.max()


def bd_rate(anchor_rates, anchor_dists, test_rates, test_dists):
    """BD-rate of test against anchor in percent; NaN when the PSNR ranges do not overlap."""
    pa, lo_a, hi_a = _fit(anchor_rates, anchor_dists)
    pt, lo_t, hi_t = _fit(test_rates, test_dists)
    lo, hi = max(lo_a, lo_t), min(hi_a, hi_t)
    if not hi > lo:
        return math.nan
    ia, it = np.polyint(pa), np.polyint(pt)
    mean_diff = ((np.polyval(it, hi) - np.polyval(it, lo))
                 - (np.polyval(ia, hi) - np.polyval(ia, lo))) / (hi - lo)
    return (math.exp(mean_diff) - 1.0) * 100.0


def overlap(anchor_dists, test_dists):
    """The PSNR interval BD-rate integrates over, as (low, high)."""
    return (max(np.nanmin(anchor_dists), np.nanmin(test_dists)),
            min(np.nanmax(anchor_dists), np.nanmax(test_dists)))
