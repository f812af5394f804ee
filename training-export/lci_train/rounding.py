"""The encoder's choice of latent symbols, measured: nearest rounding against the runtime's rate-distortion rule.

    python -m lci_train.rounding --checkpoint checkpoints/latest.pt --train ../../shared/data/train --count 8
    python -m lci_train.rounding --checkpoint checkpoints/latest.pt --images ../../shared/data/kodak --limit 8

Any symbol decodes, so the encoder may code `s1 = s0 - sign(s0)` (one step towards the mean) instead of
`s0 = round(y - mu)` where that saves more bits than it adds error: it does when
`w_c * ((r - s1)^2 - (r - s0)^2) < price * (bits(s1) - bits(s0))`, `w_c` = the channel's inverse gain squared
over its mean (the synthesis reads y_hat * inverse_gain). The runtime's `RateDistortionRounding` is this rule
(its price, `BIT_PRICE` = 0.02, was picked with this tool) with three differences: bits there come from the
integer table of the latent's scale index and escaped values are priced at the escape symbol, means are the
integer path's; here bits come from the model's likelihoods at the exact scale (estimated bpp, as
lci_train.evaluate) and nothing is escaped. Prints, per price, the mean bpp / tier-0 PSNR per anchor and the BD-rate against nearest
rounding (bench/rd's Bjontegaard fit). `--train` picks `--count` JPEG photos of the training folder (sorted, shuffled
with seed 7, at least 768x512 or 512x768), cropped to that size as bench/rd's photo set is (rdbench.photoset).
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from .checkpoint import load_model
from .evaluate import bench_module, load_rgb, pad64, psnr8
from .models.hyperprior import rate_bits


def towards_mean(inverse_gain: torch.Tensor, price: float, gaussian):
    """choose(r, scale, first_channel) for LCIModelCC.forward: the rule above at this price (0 = nearest)."""
    w = inverse_gain.reshape(-1) ** 2
    w = w / w.mean()

    def bits(sym, scale):
        return -torch.log2(gaussian.likelihood(sym, torch.zeros_like(sym), scale))

    def choose(r, scale, first):
        s0 = torch.round(r)
        if price == 0:
            return s0
        s1 = s0 - torch.sign(s0)
        wc = w[first:first + r.shape[1]].view(1, -1, 1, 1)
        extra_error = wc * ((r - s1) ** 2 - (r - s0) ** 2)
        saved_bits = bits(s0, scale) - bits(s1, scale)
        return torch.where(extra_error < price * saved_bits, s1, s0)

    return choose


def training_photos(folder: Path, count: int) -> list[torch.Tensor]:
    """The first `count` JPEG photos (sorted, shuffled with seed 7) that reach 768x512, cropped as the photo set is."""
    to_evaluation_size = bench_module("photoset").to_evaluation_size
    files = sorted(p for p in Path(folder).iterdir() if p.suffix.lower() == ".jpg")
    random.Random(7).shuffle(files)
    out = []
    for p in files:
        try:
            im = to_evaluation_size(Image.open(p))
        except ValueError:                  # smaller than 768x512: skipped
            continue
        out.append(torch.from_numpy(np.array(im)).permute(2, 0, 1)[None].float() / 255)
        if len(out) == count:
            break
    return out


@torch.no_grad()
def curve(model, images, anchors, price):
    rates, psnrs = [], []
    for a in anchors:
        t = torch.tensor([float(a)])
        _, inverse_gain, _ = model.quality_gains(t)
        choose = towards_mean(inverse_gain, price, model.gaussian_conditional)
        b = p = 0.0
        for x in images:
            h, w = x.shape[2:]
            out = model(pad64(x), t, choose=choose)
            b += (rate_bits(out["y_lik"]).item() + rate_bits(out["z_lik"]).item()) / (h * w)
            p += psnr8(out["x_hats"][0][:, :, :h, :w], x)
        rates.append(b / len(images))
        psnrs.append(p / len(images))
    return rates, psnrs


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", type=Path, required=True)
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--images", type=Path, help="a folder of PNG images (e.g. Kodak, for evaluation)")
    src.add_argument("--train", type=Path, help="the training folder: tune on --count of its photos")
    ap.add_argument("--count", type=int, default=8)
    ap.add_argument("--limit", type=int, default=None, help="first N images of --images")
    ap.add_argument("--prices", default="0.01,0.02,0.03")
    ap.add_argument("--anchors", default="0,2,4,6,8,10")
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    model, state = load_model(a.checkpoint)
    if not hasattr(model, "code_latents"):
        raise SystemExit("rounding: needs a channel-conditional (v2) checkpoint")
    if a.train:
        images = training_photos(a.train, a.count)
    else:
        files = sorted(p for p in a.images.iterdir() if p.suffix.lower() == ".png")[: a.limit]
        images = [load_rgb(p) for p in files]
    if not images:
        raise SystemExit(f"rounding: no images in {a.train or a.images}")
    anchors = [int(v) for v in a.anchors.split(",")]
    bd = bench_module("bdrate").bd_rate
    print(f"step {state.get('step')}, {len(images)} images, anchors {anchors} (estimated bpp / tier-0 PSNR)")
    base = None
    for price in [0.0] + [float(v) for v in a.prices.split(",")]:
        t0 = time.time()
        rates, psnrs = curve(model, images, anchors, price)
        base = base or (rates, psnrs)
        d = 0.0 if price == 0 else bd(base[0], base[1], rates, psnrs)
        label = "nearest" if price == 0 else f"price {price:g}"
        print(f"{label}: BD-rate {d:+.2f} %  " + " ".join(f"{r:.3f}/{p:.2f}" for r, p in zip(rates, psnrs))
              + f"  ({time.time() - t0:.0f} s)", flush=True)
    return 0


if __name__ == "__main__":
    from .cli import run
    sys.exit(run(main))
