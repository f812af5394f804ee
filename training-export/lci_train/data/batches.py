"""Training batches: random sub-crops and flips from the crop cache, or synthetic images."""
from __future__ import annotations

import numpy as np
import torch


class CropSampler:
    """Random crops of `size` with random flips, drawn uniformly over every crop of one or more caches."""

    def __init__(self, crops, size: int, batch: int, seed: int = 0):
        self.parts = list(crops) if isinstance(crops, (list, tuple)) else [crops]
        for c in self.parts:
            if c.shape[1] < size or c.shape[2] < size:
                raise ValueError(f"crop size {size} larger than the cached crops {c.shape[1:3]}")
        # Cumulative counts: a global index picks the cache and the crop in it.
        self.ends = np.cumsum([len(c) for c in self.parts])
        self.size, self.batch = size, batch
        self.rng = np.random.default_rng(seed)

    def next(self) -> torch.Tensor:
        s = self.size
        out = np.empty((self.batch, s, s, 3), dtype=np.uint8)
        for b in range(self.batch):
            i = int(self.rng.integers(self.ends[-1]))
            part = int(np.searchsorted(self.ends, i, side="right"))
            crops = self.parts[part]
            i -= int(self.ends[part - 1]) if part else 0
            _, h, w, _ = crops.shape
            y, x = int(self.rng.integers(h - s + 1)), int(self.rng.integers(w - s + 1))
            c = crops[i, y:y + s, x:x + s]
            if self.rng.random() < 0.5:
                c = c[:, ::-1]
            if self.rng.random() < 0.5:
                c = c[::-1]
            out[b] = c
        return torch.from_numpy(out).permute(0, 3, 1, 2).float().div_(255.0)


def synthetic_images(count: int, size: int, seed: int = 0) -> np.ndarray:
    """Deterministic smooth images with edges (gradients + discs + stripes), uint8 [N,S,S,3].

    Used by the smoke mode and the tests, which must not depend on the training photos.
    """
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32) / size
    out = np.empty((count, size, size, 3), dtype=np.uint8)
    for n in range(count):
        img = np.zeros((size, size, 3), np.float32)
        for c in range(3):
            a, b, d = rng.uniform(-1, 1, 3)
            img[..., c] = 0.5 + 0.3 * (a * xx + b * yy) + 0.1 * d
        for _ in range(4):
            cx, cy, r = rng.uniform(0, 1), rng.uniform(0, 1), rng.uniform(0.05, 0.3)
            mask = (xx - cx) ** 2 + (yy - cy) ** 2 < r * r
            img[mask] = rng.uniform(0, 1, 3)
        f, ph = rng.uniform(5, 30), rng.uniform(0, 6.3)
        img += 0.05 * np.sin(f * (xx + yy) + ph)[..., None]
        out[n] = np.clip(img * 255 + 0.5, 0, 255).astype(np.uint8)
    return out
