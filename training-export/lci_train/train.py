"""Train the LCI model (CPU friendly, resumable).

Real run (background):
    cd training-export
    nohup nice -n 5 ../.venv/bin/python -m lci_train.train --config default \
        --cache cache/train_256.npy --run runs/default > runs/default.out 2>&1 &
Re-running the same command resumes from runs/default/ckpt.pt.

Smoke run (tests, tiny model on synthetic images, then a tiny pack):
    python -m lci_train.train --smoke --run /tmp/smoke --export-pack ../testdata/packs/tiny.lcipack
"""
from __future__ import annotations

import argparse
import csv
import math
import signal
import sys
import time
from pathlib import Path

import numpy as np
import torch

from .checkpoint import as_float, read_checkpoint, save_compact, save_full
from .data import CropSampler, open_cache, synthetic_images
from .models import LCIModel, ModelConfig, build_model, get_config
from .models.hyperprior import rd_loss

LOG_FIELDS = ["step", "wall_s", "cpu_s", "lr", "loss", "bpp", "psnr_t0", "psnr_t1", "psnr_t2", "aux"]


def sample_quality(batch: int, anchors: int, rng: torch.Generator) -> torch.Tensor:
    """Quality positions t in [0, L-1]: a third exactly on an anchor, the rest interpolated."""
    t = torch.rand(batch, generator=rng) * (anchors - 1)
    exact = torch.rand(batch, generator=rng) < 1 / 3
    return torch.where(exact, torch.round(t), t)


def parse_schedule(text: str):
    """'0:5e-4,3000:2e-4' -> [(0, 5e-4), (3000, 2e-4)], piecewise-constant LR by step."""
    try:
        pts = sorted((int(a), float(b)) for a, b in (p.split(":") for p in text.split(",")))
    except ValueError:
        raise ValueError(f"bad --lr-schedule '{text}', expected STEP:LR[,STEP:LR...]") from None
    if not pts or pts[0][0] != 0:
        raise ValueError(f"--lr-schedule '{text}' must start at step 0")
    return pts


def lr_at(schedule, step: int) -> float:
    return [lr for s, lr in schedule if s <= step][-1]


def build_optimizers(model: LCIModel, lr: float, aux_lr: float):
    aux = [p for n, p in model.named_parameters() if n.endswith("quantiles")]
    main = [p for n, p in model.named_parameters() if not n.endswith("quantiles")]
    return {"main": torch.optim.Adam(main, lr=lr), "aux": torch.optim.Adam(aux, lr=aux_lr)}


def train(args) -> Path:
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    run = Path(args.run)
    run.mkdir(parents=True, exist_ok=True)
    ckpt_path = run / "ckpt.pt"

    if args.smoke:                               # a tiny configuration: "tiny" (v1) unless "tiny..." is named
        cfg = get_config(args.config if args.config.startswith("tiny") else "tiny")
        crops = synthetic_images(32, 64, seed=args.seed)
    else:
        cfg = get_config(args.config)
        crops = [open_cache(Path(c)) for c in args.cache.split(",")]
    device = torch.device(args.device)
    model = build_model(cfg).to(device)
    opts = build_optimizers(model, args.lr, args.aux_lr)
    state = {"step": 0, "wall_s": 0.0, "cpu_s": 0.0}
    ema = None
    resume = ckpt_path.exists() and not args.fresh
    source = ckpt_path if resume else Path(args.init_from) if args.init_from else None
    if source is not None:
        # The full checkpoint of --run, or on a fresh machine the committed compact one (fp16): weights, EMA and
        # step counters come back from either; Adam's moments only from the full one (not committed, to keep
        # the file small).
        ck = read_checkpoint(source)
        if not args.smoke and ck["config"]["name"] != cfg.name:
            # The checkpoint's config wins; since lci_train.widen, a silent swap would train another model.
            raise ValueError(f"{source} holds a {ck['config']['name']} model but --config is {cfg.name}: "
                             f"pass --config {ck['config']['name']}")
        model = build_model(ModelConfig.from_dict(ck["config"]))
        model.load_state_dict(as_float(ck["model"]))
        if "ema" in ck:
            ema = {k: v.to(device) for k, v in as_float(ck["ema"]).items()}
        model.to(device)                         # before the optimizers: their state follows the params
        opts = build_optimizers(model, args.lr, args.aux_lr)
        if "optimizers" in ck:
            for k, o in opts.items():
                o.load_state_dict(ck["optimizers"][k])
            for g in opts["aux"].param_groups:   # the command line decides, also on resume
                g["lr"] = args.aux_lr
        state = dict(ck["state"])
        print(f"{'resumed' if resume else 'initialised'} from {source} at step {state['step']}", flush=True)
    schedule = parse_schedule(args.lr_schedule) if args.lr_schedule else [(0, args.lr)]
    cfg = model.cfg
    model.train()
    model.mixed_precision = args.mixed
    forward = torch.compile(model) if args.compile else model   # same parameters, fused kernels
    if args.ema and ema is None:
        ema = {k: v.detach().clone() for k, v in model.state_dict().items()}
    ema_float = [k for k, v in model.state_dict().items() if v.is_floating_point()] if ema else []

    def update_ema():
        # Exponential moving average of the weights, exported instead of the raw weights.
        sd = model.state_dict()
        torch._foreach_lerp_([ema[k] for k in ema_float], [sd[k].detach() for k in ema_float], 1.0 - args.ema)

    sampler = CropSampler(crops, args.crop, args.batch, seed=args.seed + state["step"])
    qrng = torch.Generator().manual_seed(args.seed + 1 + state["step"])
    log_path = Path(args.log) if args.log else run / "log.csv"
    new_log = not log_path.exists() or state["step"] == 0
    log_path.parent.mkdir(parents=True, exist_ok=True)
    if not new_log:                              # drop rows logged after the checkpoint we resume
        rows = log_path.read_text().splitlines()
        keep = [r for r in rows[1:] if r and int(r.split(",")[0]) <= state["step"]]
        log_path.write_text("\n".join(rows[:1] + keep) + "\n")
    log_file = open(log_path, "w" if new_log else "a", newline="")
    log = csv.writer(log_file, lineterminator="\n")   # one line ending for the whole log (csv defaults to CRLF)
    if new_log:
        log.writerow(LOG_FIELDS)

    acc = np.zeros(6)
    acc_n = 0
    last_ckpt = time.time()
    t_wall, t_cpu = time.time(), time.process_time()
    base_wall, base_cpu = state["wall_s"], state["cpu_s"]

    def snapshot():
        state["wall_s"] = base_wall + time.time() - t_wall
        state["cpu_s"] = base_cpu + time.process_time() - t_cpu
        save_full(ckpt_path, model, opts, state, ema)
        if args.compact:
            save_compact(Path(args.compact), model, state, ema, ema_only=args.compact_ema_only)

    stop = []                                   # SIGTERM/SIGINT: checkpoint, then exit cleanly
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.append(True))

    deadline = time.time() + args.max_minutes * 60 if args.max_minutes is not None else float("inf")
    while state["step"] < args.steps and not stop and time.time() < deadline:
        lr = lr_at(schedule, state["step"])       # the command line decides the LR, also on resume
        for g in opts["main"].param_groups:
            g["lr"] = lr
        x = sampler.next().to(device, non_blocking=True)
        t = sample_quality(x.shape[0], len(cfg.lambdas), qrng).to(device)
        out = forward(x, t)
        loss, bpp, psnr = rd_loss(model, out, x)
        aux = model.entropy_bottleneck.aux_loss()
        if not torch.isfinite(loss):
            print(f"step {state['step']}: non-finite loss, batch skipped", flush=True)
            opts["main"].zero_grad(set_to_none=True)
            continue
        opts["main"].zero_grad(set_to_none=True)
        opts["aux"].zero_grad(set_to_none=True)
        loss.backward()
        aux.backward()
        torch.nn.utils.clip_grad_norm_([p for g in opts["main"].param_groups for p in g["params"]], 1.0)
        opts["main"].step()
        opts["aux"].step()
        if ema is not None:
            update_ema()
        state["step"] += 1
        acc += np.array([loss.item(), bpp.item(), *(p.item() for p in psnr), aux.item()])
        acc_n += 1
        if state["step"] % args.log_every == 0 or state["step"] == args.steps:
            m = acc / acc_n
            wall = base_wall + time.time() - t_wall
            cpu = base_cpu + time.process_time() - t_cpu
            log.writerow([state["step"], f"{wall:.0f}", f"{cpu:.0f}", lr, *(f"{v:.5g}" for v in m)])
            log_file.flush()
            print(f"step {state['step']} loss {m[0]:.4g} bpp {m[1]:.4f} psnr t0/t1/t2 "
                  f"{m[2]:.2f}/{m[3]:.2f}/{m[4]:.2f} aux {m[5]:.3g}", flush=True)
            acc[:] = 0
            acc_n = 0
        if time.time() - last_ckpt > args.ckpt_minutes * 60:
            snapshot()
            last_ckpt = time.time()
    snapshot()
    log_file.close()
    if stop:
        print(f"stopped at step {state['step']}, checkpoint saved", flush=True)
        return ckpt_path
    if args.export_pack:
        from .export import export_pack
        model.eval()
        model.mixed_precision = False
        export_pack(model, Path(args.export_pack), name="lci-tiny" if args.smoke else "lci-" + cfg.name,
                    version=args.pack_version, step=state["step"])
    return ckpt_path


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--config", default="default", help="model configuration (models/config.py)")
    ap.add_argument("--cache", default="cache/train_256.npy", help="crop cache(s) (lci_train.data.cache), comma-separated: crops are drawn uniformly over all")
    ap.add_argument("--run", default="runs/default", help="run folder: ckpt.pt, log.csv")
    ap.add_argument("--log", default=None, help="CSV log path (default RUN/log.csv)")
    ap.add_argument("--compact", default=None, help="also keep an fp16 compact checkpoint here")
    ap.add_argument("--compact-ema-only", action="store_true",
                    help="keep only the EMA weights in --compact (half the size; a resume starts from the EMA)")
    ap.add_argument("--steps", type=int, default=10 ** 9)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--crop", type=int, default=128)
    ap.add_argument("--lr", type=float, default=2e-4)
    ap.add_argument("--lr-schedule", default=None, help="piecewise LR, e.g. 0:5e-4,4000:2e-4")
    ap.add_argument("--aux-lr", type=float, default=1e-2,
                    help="Adam LR of the bottleneck quantiles (high: training runs are short)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--log-every", type=int, default=50)
    ap.add_argument("--ckpt-minutes", type=float, default=5.0)
    ap.add_argument("--device", default="cpu", help="torch device, e.g. cuda (checkpoints stay portable)")
    ap.add_argument("--max-minutes", type=float, default=None,
                    help="stop (with a checkpoint) after this much wall time, e.g. within a GPU lease")
    ap.add_argument("--mixed", action="store_true",
                    help="bfloat16 autocast for the analysis body and synthesis (latents and rates stay float32)")
    ap.add_argument("--compile", action="store_true",
                    help="torch.compile the model (about a minute to start, then much faster on CPU)")
    ap.add_argument("--ema", type=float, default=0.0,
                    help="keep an exponential moving average of the weights with this decay (e.g. 0.999)")
    ap.add_argument("--init-from", default=None,
                    help="compact checkpoint to start from when --run has no checkpoint (a fresh machine)")
    ap.add_argument("--fresh", action="store_true", help="ignore an existing checkpoint in --run")
    ap.add_argument("--smoke", action="store_true",
                    help="tiny model, synthetic 64px images, a few steps (tests, tiny pack)")
    ap.add_argument("--export-pack", default=None, help="export a model pack here when done")
    ap.add_argument("--pack-version", default="0.0.0")
    a = ap.parse_args(argv)
    if a.compact_ema_only and not (a.compact and a.ema):
        ap.error("--compact-ema-only needs --compact and --ema (it keeps the EMA in the compact checkpoint)")
    if a.smoke:
        a.steps = 300 if a.steps == 10 ** 9 else a.steps
        a.batch, a.crop, a.threads = 4, 64, min(a.threads, 2)
        a.log_every = min(a.log_every, 50)
        a.lr, a.lr_schedule = 2e-3, None
    return a


def main(argv=None):
    train(parse_args(argv))


if __name__ == "__main__":
    from .cli import run
    sys.exit(run(main))
