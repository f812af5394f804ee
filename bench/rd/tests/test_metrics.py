import math

import numpy as np
import pytest

from rdbench import metrics


def _noise(h=256, w=256, seed=1):
    return np.random.default_rng(seed).integers(0, 256, size=(h, w, 3), dtype=np.uint8)


def test_psnr_of_offset_by_one_is_48_13_db():
    a = np.full((8, 8, 3), 100, np.uint8)
    assert metrics.psnr(a, a + 1) == pytest.approx(10 * math.log10(255 ** 2), abs=1e-12)


def test_psnr_counts_all_three_channels():
    a = np.zeros((4, 4, 3), np.uint8)
    b = a.copy()
    b[..., 0] = 3  # error 3 in R only: MSE = 9 / 3
    assert metrics.psnr(a, b) == pytest.approx(10 * math.log10(255 ** 2 / 3.0))


def test_psnr_identical_is_inf():
    a = _noise(16, 16)
    assert metrics.psnr(a, a) == math.inf


def test_shape_mismatch_is_reported():
    with pytest.raises(ValueError, match="shape mismatch"):
        metrics.psnr(np.zeros((4, 4, 3), np.uint8), np.zeros((4, 5, 3), np.uint8))


def test_ms_ssim_identical_is_one():
    a = _noise()
    assert metrics.ms_ssim(a, a) == pytest.approx(1.0, abs=1e-12)


def test_ms_ssim_of_flat_images_is_coarsest_luminance_term():
    # Flat images: every contrast-structure term is exactly 1, so MS-SSIM reduces to the
    # luminance term at the coarsest scale raised to its weight.
    a = np.full((176, 176, 3), 100, np.uint8)
    b = np.full((176, 176, 3), 120, np.uint8)
    c1 = (0.01 * 255) ** 2
    lum = (2 * 100 * 120 + c1) / (100 ** 2 + 120 ** 2 + c1)
    assert metrics.ms_ssim(a, b) == pytest.approx(lum ** 0.1333, rel=1e-9)


def test_ms_ssim_drops_with_noise_and_is_symmetric():
    a = np.asarray(np.add.outer(np.arange(256), np.arange(256)) // 2, dtype=np.uint8)
    a = np.repeat(a[..., None], 3, axis=2)
    rng = np.random.default_rng(0)
    light = np.clip(a + rng.normal(0, 3, a.shape), 0, 255).astype(np.uint8)
    heavy = np.clip(a + rng.normal(0, 30, a.shape), 0, 255).astype(np.uint8)
    assert 1 > metrics.ms_ssim(a, light) > metrics.ms_ssim(a, heavy) > 0
    assert metrics.ms_ssim(a, heavy) == pytest.approx(metrics.ms_ssim(heavy, a), rel=1e-12)


def test_ms_ssim_too_small_is_nan():
    a = _noise(64, 64)
    assert math.isnan(metrics.ms_ssim(a, a))


def test_ms_ssim_db():
    assert metrics.ms_ssim_db(0.99) == pytest.approx(20.0)
