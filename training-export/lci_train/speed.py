"""Training-step speed of a configuration: eager/compiled x float32/bfloat16-mixed, same batch.

    python -m lci_train.speed --config default --threads 2 --steps 15

Prints steps/s per variant, interleaved twice (ABCDABCD) so a noisy machine hits every variant alike.
Real optimizer steps on a random batch: the numbers are throughput only, not training.
"""
from __future__ import annotations

import argparse
import sys
import time

import torch

from .models import build_model, get_config
from .models.hyperprior import rd_loss


def measure(config: str, threads: int, steps: int, batch: int, crop: int):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = build_model(get_config(config))
    opt = torch.optim.Adam(model.parameters(), 1e-4)
    x = torch.rand(batch, 3, crop, crop)
    t = torch.rand(batch) * (len(model.cfg.lambdas) - 1)
    compiled = torch.compile(model)

    def step(fwd, mixed):
        model.mixed_precision = mixed
        loss, _, _ = rd_loss(model, fwd(x, t), x)
        opt.zero_grad()
        loss.backward()
        opt.step()

    variants = [("eager fp32", model, False), ("eager mixed", model, True),
                ("compiled fp32", compiled, False), ("compiled mixed", compiled, True)]
    for _, fwd, mixed in variants:              # warm-up, including compilation of both variants
        for _ in range(2):
            step(fwd, mixed)
    results = {name: [] for name, _, _ in variants}
    for _ in range(2):
        for name, fwd, mixed in variants:
            t0 = time.perf_counter()
            for _ in range(steps):
                step(fwd, mixed)
            results[name].append(steps / (time.perf_counter() - t0))
    return results


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--config", default="default")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--steps", type=int, default=15)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--crop", type=int, default=128)
    a = ap.parse_args(argv)
    for name, rates in measure(a.config, a.threads, a.steps, a.batch, a.crop).items():
        print(f"{name:15s} " + "  ".join(f"{r:.2f}" for r in rates) + " steps/s")


if __name__ == "__main__":
    from .cli import run
    sys.exit(run(main))
