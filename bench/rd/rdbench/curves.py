"""From per-image points to per-codec curves, and rates at matched PSNR."""
from collections import defaultdict
import math
import statistics

import numpy as np


def by_codec(records):
    out = defaultdict(list)
    for r in records:
        out[r["codec"]].append(r)
    return out


def mean_curve(records, n_images):
    """Per setting: mean bpp / PSNR / MS-SSIM over the images and median times.

    Settings not measured on every image are dropped, so each point averages the same set.
    Sorted by bpp.
    """
    groups = defaultdict(list)
    for r in records:
        groups[r["setting"]].append(r)
    curve = []
    for setting, rs in groups.items():
        if len(rs) != n_images:
            continue
        curve.append({
            "setting": setting, "n": len(rs),
            "bpp": statistics.fmean(r["bpp"] for r in rs),
            "bytes": statistics.fmean(r["bytes"] for r in rs),
            "psnr": statistics.fmean(r["psnr"] for r in rs),
            "ms_ssim": statistics.fmean(r["ms_ssim"] for r in rs),
            "enc_ms": statistics.median(r["enc_ms"] for r in rs),
            "dec_ms": statistics.median(r["dec_ms"] for r in rs),
        })
    return sorted(curve, key=lambda p: p["bpp"])


def bytes_at_psnr(points, target):
    """Bytes needed for a target PSNR on one image: log(bytes) interpolated linearly in PSNR
    between the two nearest measured settings. NaN outside the measured PSNR range."""
    # Walk the points by increasing bytes and keep only those that raise the PSNR: a setting
    # that costs more bytes for a lower PSNR than another is never the one to pick.
    best = []
    for b, p in sorted((p["bytes"], p["psnr"]) for p in points if math.isfinite(p["psnr"])):
        if not best or p > best[-1][1]:
            best.append((b, p))
    if not best or not (best[0][1] <= target <= best[-1][1]):
        return math.nan
    ps = np.array([p for _, p in best])
    lb = np.log([b for b, _ in best])
    return float(math.exp(np.interp(target, ps, lb)))


def per_image(records):
    out = defaultdict(list)
    for r in records:
        out[r["image"]].append(r)
    return out
