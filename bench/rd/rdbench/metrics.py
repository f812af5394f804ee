"""Distortion metrics on 8-bit RGB arrays (H, W, 3), uint8.

PSNR: over all three RGB channels at once (one MSE over every sample), peak 255.
MS-SSIM: Wang, Simoncelli & Bovik (2003), 5 scales, weights
(0.0448, 0.2856, 0.3001, 0.2363, 0.1333), 11x11 Gaussian window with sigma 1.5,
K1 = 0.01, K2 = 0.03, 'valid' filtering, 2x2 average pooling between scales.
Computed on each RGB channel separately and averaged over the three channels
(as CompressAI's evaluation does with an RGB tensor).
"""
import math

import numpy as np
from scipy.ndimage import correlate1d

MS_SSIM_WEIGHTS = np.array([0.0448, 0.2856, 0.3001, 0.2363, 0.1333])
_WIN = 11
_SIGMA = 1.5
_C1 = (0.01 * 255) ** 2
_C2 = (0.03 * 255) ** 2
# Smallest side that survives 4 halvings and still fits one 11x11 window.
MS_SSIM_MIN_SIDE = _WIN * 2 ** (len(MS_SSIM_WEIGHTS) - 1)


def _check_pair(a, b):
    if a.shape != b.shape:
        raise ValueError(f"shape mismatch: reference {a.shape}, decoded {b.shape}")
    if a.ndim != 3 or a.shape[2] != 3:
        raise ValueError(f"expected (H, W, 3) RGB, found {a.shape}")


def mse(a, b):
    _check_pair(a, b)
    d = a.astype(np.float64) - b.astype(np.float64)
    return float(np.mean(d * d))


def psnr(a, b):
    """PSNR in dB over all RGB samples; inf for identical images."""
    m = mse(a, b)
    return math.inf if m == 0 else 10.0 * math.log10(255.0 ** 2 / m)


def _gauss_1d():
    x = np.arange(_WIN, dtype=np.float64) - (_WIN - 1) / 2
    g = np.exp(-(x * x) / (2 * _SIGMA * _SIGMA))
    return g / g.sum()


def _filter_valid(img, g):
    # Separable Gaussian, then keep only positions where the window lies inside the image.
    out = correlate1d(correlate1d(img, g, axis=0, mode="constant"), g, axis=1, mode="constant")
    h = _WIN // 2
    return out[h:img.shape[0] - h, h:img.shape[1] - h]


def _ssim_terms(x, y, g):
    """Mean of the contrast-structure map and of the full SSIM map, one channel."""
    mx, my = _filter_valid(x, g), _filter_valid(y, g)
    sxx = _filter_valid(x * x, g) - mx * mx
    syy = _filter_valid(y * y, g) - my * my
    sxy = _filter_valid(x * y, g) - mx * my
    cs = (2 * sxy + _C2) / (sxx + syy + _C2)
    lum = (2 * mx * my + _C1) / (mx * mx + my * my + _C1)
    return float(np.mean(cs)), float(np.mean(lum * cs))


def _pool2(img):
    h, w = img.shape[0] // 2 * 2, img.shape[1] // 2 * 2
    img = img[:h, :w]
    return 0.25 * (img[0::2, 0::2] + img[1::2, 0::2] + img[0::2, 1::2] + img[1::2, 1::2])


def ms_ssim_channel(x, y):
    g = _gauss_1d()
    x, y = x.astype(np.float64), y.astype(np.float64)
    cs_values = []
    ssim_last = 0.0
    for level in range(len(MS_SSIM_WEIGHTS)):
        cs, ssim_val = _ssim_terms(x, y, g)
        if level < len(MS_SSIM_WEIGHTS) - 1:
            cs_values.append(max(cs, 0.0))  # negative cs would make the power undefined
            x, y = _pool2(x), _pool2(y)
        else:
            ssim_last = max(ssim_val, 0.0)
    vals = np.array(cs_values + [ssim_last])
    return float(np.prod(vals ** MS_SSIM_WEIGHTS))


def ms_ssim(a, b):
    """MS-SSIM averaged over R, G, B; NaN when the image is too small for 5 scales."""
    _check_pair(a, b)
    if min(a.shape[0], a.shape[1]) < MS_SSIM_MIN_SIDE:
        return math.nan
    return float(np.mean([ms_ssim_channel(a[..., c], b[..., c]) for c in range(3)]))


def ms_ssim_db(v):
    """MS-SSIM as -10 log10(1 - v), the usual way to plot it."""
    if math.isnan(v):
        return math.nan
    return math.inf if v >= 1 else -10.0 * math.log10(1.0 - v)
