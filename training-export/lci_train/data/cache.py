"""Pre-decoded crop cache: decode every training photo once, store uint8 crops in a memmap.

Augmentation baked into the cache: each photo is downscaled by a random factor in
[max(0.5, crop/short_side), 1.0] with an antialiasing (Lanczos) filter -- this averages away most
JPEG blocking of the source files -- then `per_image` random crops of `crop` x `crop` are taken.
Training adds random sub-crops and flips on top (batches.py).

    python -m lci_train.data.cache --train /path/to/train --out cache/train_256.npy
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import numpy as np
from PIL import Image

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")


def list_images(folder: Path):
    files = sorted(p for p in Path(folder).iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    if not files:
        raise FileNotFoundError(f"no *.jpg / *.png images in {folder}")
    return files


def build_cache(train_dir: Path, out: Path, crop: int = 256, per_image: int = 4, seed: int = 0):
    files = list_images(train_dir)
    rng = np.random.default_rng(seed)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".partial.npy")
    arr = np.lib.format.open_memmap(tmp, mode="w+", dtype=np.uint8,
                                    shape=(len(files) * per_image, crop, crop, 3))
    n = 0
    skipped = []
    for i, path in enumerate(files):
        try:
            with Image.open(path) as im:
                im = im.convert("RGB")
                im.load()
        except Exception as e:  # a broken file is reported and skipped, never fatal
            skipped.append(f"{path.name}: {e}")
            continue
        w, h = im.size
        if min(w, h) < crop:
            skipped.append(f"{path.name}: {w}x{h} smaller than {crop}")
            continue
        for _ in range(per_image):
            arr[n] = random_crop(im, crop, rng)
            n += 1
        if i % 100 == 0:
            print(f"cache: {i}/{len(files)} images, {n} crops", flush=True)
    arr.flush()
    del arr
    full = np.load(tmp, mmap_mode="r")[:n]
    np.save(out, full)
    os.remove(tmp)
    meta = {"source": "train folder (see data SOURCES.md)", "images": len(files), "crops": n,
            "crop": crop, "per_image": per_image, "seed": seed, "skipped": skipped,
            "augmentation": "Lanczos downscale by U[max(0.5, crop/short), 1], random crop"}
    out.with_suffix(".json").write_text(json.dumps(meta, indent=1))
    print(f"cache: wrote {n} crops to {out} ({len(skipped)} skipped)")
    return out


def random_crop(im: Image.Image, crop: int, rng) -> np.ndarray:
    """One crop of an RGB photo at least `crop` on its short side: Lanczos downscale by U[max(0.5, crop/short), 1],
    then a random position (uint8 [crop, crop, 3])."""
    w, h = im.size
    s = rng.uniform(max(0.5, crop / min(w, h)), 1.0)
    sw, sh = max(crop, round(w * s)), max(crop, round(h * s))
    small = im.resize((sw, sh), Image.LANCZOS, reducing_gap=3.0) if s < 0.999 else im
    x0 = int(rng.integers(0, sw - crop + 1))
    y0 = int(rng.integers(0, sh - crop + 1))
    return np.asarray(small.crop((x0, y0, x0 + crop, y0 + crop)), dtype=np.uint8)


def open_cache(path: Path) -> np.ndarray:
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"crop cache {path} not found; build it with python -m lci_train.data.cache")
    arr = np.load(path, mmap_mode="r")
    if arr.ndim != 4 or arr.shape[3] != 3 or arr.dtype != np.uint8:
        raise ValueError(f"crop cache {path}: expected uint8 [N,H,W,3], found {arr.dtype} {arr.shape}")
    return arr


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", required=True, type=Path, help="folder of training photos")
    ap.add_argument("--out", default=Path("cache/train_256.npy"), type=Path)
    ap.add_argument("--crop", type=int, default=256)
    ap.add_argument("--per-image", type=int, default=4)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args(argv)
    build_cache(a.train, a.out, a.crop, a.per_image, a.seed)


if __name__ == "__main__":
    from ..cli import run
    sys.exit(run(main))
