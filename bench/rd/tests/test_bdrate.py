import math

import numpy as np
import pytest

from rdbench.bdrate import bd_rate, overlap

PSNR = [28.0, 31.0, 34.0, 37.0, 40.0]
RATES = [0.15, 0.32, 0.61, 1.1, 1.9]


@pytest.mark.parametrize("factor", [0.5, 0.8, 1.0, 1.25, 2.0])
def test_scaled_rates_give_exactly_that_percentage(factor):
    test_rates = [r * factor for r in RATES]
    assert bd_rate(RATES, PSNR, test_rates, PSNR) == pytest.approx((factor - 1) * 100, abs=1e-9)


def test_scaling_holds_with_different_psnr_sampling():
    # A smooth log-rate curve sampled at other PSNRs: the cubic fits agree, so the
    # difference is still the constant factor (up to fit error of an exact cubic: none).
    f = lambda p: np.exp(0.002 * (p - 30) ** 3 - 0.01 * (p - 30) ** 2 + 0.2 * p - 7)  # noqa: E731
    pa = np.array([27.0, 30.0, 33.5, 36.0, 39.0])
    pt = np.array([28.5, 31.0, 35.0, 38.0, 41.0])
    assert bd_rate(f(pa), pa, 0.7 * f(pt), pt) == pytest.approx(-30.0, abs=1e-6)


def test_sign_fewer_bits_is_negative():
    assert bd_rate(RATES, PSNR, [r * 0.9 for r in RATES], PSNR) < 0


def test_no_overlap_is_nan():
    assert math.isnan(bd_rate(RATES, PSNR, RATES, [p + 20 for p in PSNR]))


def test_overlap_interval():
    assert overlap(PSNR, [p + 2 for p in PSNR]) == (30.0, 40.0)


def test_three_points_fall_back_to_quadratic():
    assert bd_rate(RATES[:3], PSNR[:3], [r * 1.5 for r in RATES[:3]], PSNR[:3]) == pytest.approx(50.0)


def test_too_few_points_raise():
    with pytest.raises(ValueError, match="at least 2"):
        bd_rate([1.0], [30.0], RATES, PSNR)
