"""Does the model code its training crops better than new crops of the same photos? (memorisation check)

    python -m lci_train.memorisation --checkpoint CK --cache cache/train_256.npy --train ../../shared/data/train

Takes `--count` crops of the cache (seed 123) and, for each, a fresh crop of the same photo made the way the cache
makes them (another random scale and position, seed 99), and prints the RD loss, bpp and tier-0 PSNR of both sets
per quality anchor (real rounding, EMA weights). Cache crop i comes from photo i // per_image of the sorted folder.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from .checkpoint import load_model
from .data.cache import list_images, open_cache, random_crop
from .models.hyperprior import rd_loss


@torch.no_grad()
def measure(model, crops: np.ndarray, anchor: float, batch: int = 8):
    loss = bpp = psnr = 0.0
    x_all = torch.from_numpy(crops).permute(0, 3, 1, 2).float() / 255
    for i in range(0, len(x_all), batch):
        x = x_all[i:i + batch]
        out = model(x, torch.full((x.shape[0],), anchor))
        l, b, p = rd_loss(model, out, x)
        loss, bpp, psnr = loss + l.item() * len(x), bpp + b.item() * len(x), psnr + p[0].item() * len(x)
    n = len(x_all)
    return loss / n, bpp / n, psnr / n


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", type=Path, required=True)
    ap.add_argument("--cache", type=Path, default=Path("cache/train_256.npy"))
    ap.add_argument("--train", type=Path, required=True, help="the photo folder the cache was built from")
    ap.add_argument("--count", type=int, default=48)
    ap.add_argument("--anchors", default="0,3,6,10")
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    model, _ = load_model(a.checkpoint)
    cache = open_cache(a.cache)
    meta = json.loads(a.cache.with_suffix(".json").read_text())
    if meta["skipped"]:
        raise SystemExit(f"{a.cache} skipped photos when it was built: its crops no longer map to photos by index")
    per_image = meta["per_image"]
    files = list_images(a.train)
    pick = np.random.default_rng(123).choice(len(cache), a.count, replace=False)
    seen = np.stack([cache[i] for i in pick])
    rng = np.random.default_rng(99)
    fresh = []
    for i in pick:                                   # another scale and position of the same photo
        with Image.open(files[int(i) // per_image]) as im:
            fresh.append(random_crop(im.convert("RGB"), cache.shape[1], rng))
    fresh = np.stack(fresh)
    for anchor in (float(v) for v in a.anchors.split(",")):
        ls, bs, ps = measure(model, seen, anchor)
        lf, bf, pf = measure(model, fresh, anchor)
        print(f"anchor {anchor:g}: cache crops loss {ls:.3f} bpp {bs:.4f} {ps:.2f} dB | fresh crops loss {lf:.3f} "
              f"bpp {bf:.4f} {pf:.2f} dB | loss {100 * (lf / ls - 1):+.1f} %", flush=True)
    return 0


if __name__ == "__main__":
    from .cli import run
    sys.exit(run(main))
