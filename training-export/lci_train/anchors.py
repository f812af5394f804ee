"""Widen a checkpoint's quality range by adding anchors at either end (a one-off migration).

    python -m lci_train.anchors --checkpoint runs/default/ckpt.pt --below 3 --above 2

The anchors stay log-spaced in lambda with the existing ratio. A new anchor's gain and inverse-gain
vectors start as the per-channel linear extrapolation (in log space) of the two nearest anchors, the
same curve the runtime would follow if it extrapolated, so training starts from the untrained
extrapolation and only has to refine it. The Adam moments of the new rows start at zero; everything else
(weights, optimizer state, step, log) carries over, and the old anchors keep their gains.
The original file is kept next to it as NAME.before-anchors.
"""
from __future__ import annotations

import argparse
import math
import shutil
import sys
from pathlib import Path

import torch

from .checkpoint import read_checkpoint
from .models import LCIModel, ModelConfig

GAIN_PARAMS = ("log_gains", "log_inverse_gains")


def _spacing(lambdas) -> float:
    ratios = [b / a for a, b in zip(lambdas, lambdas[1:])]
    if not ratios or max(ratios) / min(ratios) > 1.001:
        raise ValueError(f"anchors must be log-spaced to extend them, found lambdas {lambdas}")
    return ratios[0]


def _extrapolate(rows: torch.Tensor, below: int, above: int) -> torch.Tensor:
    lo = [rows[0] + k * (rows[0] - rows[1]) for k in range(below, 0, -1)]
    hi = [rows[-1] + k * (rows[-1] - rows[-2]) for k in range(1, above + 1)]
    return torch.cat([torch.stack(lo)] * bool(lo) + [rows] + [torch.stack(hi)] * bool(hi))


def _pad_rows(t: torch.Tensor, below: int, above: int) -> torch.Tensor:
    z = lambda n: torch.zeros((n, *t.shape[1:]), dtype=t.dtype)
    return torch.cat([z(below), t, z(above)])


def extend_anchors(ck: dict, below: int, above: int) -> dict:
    """Returns a new checkpoint dict with `below` anchors added under the lowest and `above` over the highest."""
    if below < 0 or above < 0 or below + above == 0:
        raise ValueError("add at least one anchor (--below and --above are counts >= 0)")
    cfg = ModelConfig.from_dict(ck["config"])
    if len(cfg.lambdas) < 2:
        raise ValueError("need at least two anchors to extrapolate from")
    r = _spacing(cfg.lambdas)
    lambdas = ([cfg.lambdas[0] / r ** k for k in range(below, 0, -1)] + list(cfg.lambdas)
               + [cfg.lambdas[-1] * r ** k for k in range(1, above + 1)])
    new_cfg = ModelConfig.from_dict({**cfg.to_dict(), "lambdas": lambdas})
    out = dict(ck)
    out["config"] = new_cfg.to_dict()
    out["model"] = dict(ck["model"])
    for name in GAIN_PARAMS:
        w = ck["model"][name]
        out["model"][name] = _extrapolate(w.float(), below, above).to(w.dtype)
    if "optimizers" in ck:                      # full checkpoint: grow the Adam moments of the gain rows
        names = [n for n, _ in LCIModel(cfg).named_parameters() if not n.endswith("quantiles")]
        main = ck["optimizers"]["main"]
        state = dict(main["state"])
        for name in GAIN_PARAMS:
            idx = names.index(name)
            if idx in state:
                s = dict(state[idx])
                for k in ("exp_avg", "exp_avg_sq"):
                    s[k] = _pad_rows(s[k], below, above)
                state[idx] = s
        out["optimizers"] = {**ck["optimizers"], "main": {**main, "state": state}}
    st = dict(ck.get("state", {}))
    st["anchor_history"] = st.get("anchor_history", []) + [
        {"step": st.get("step", 0), "below": below, "above": above, "anchors": len(lambdas)}]
    out["state"] = st
    LCIModel(new_cfg).load_state_dict(                      # shapes must fit the widened config
        {k: v.float() if v.is_floating_point() else v for k, v in out["model"].items()})
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", type=Path, required=True, help="full or compact checkpoint, rewritten in place")
    ap.add_argument("--below", type=int, default=0, help="anchors to add under the lowest lambda")
    ap.add_argument("--above", type=int, default=0, help="anchors to add over the highest lambda")
    a = ap.parse_args(argv)
    ck = read_checkpoint(a.checkpoint)
    out = extend_anchors(ck, a.below, a.above)
    backup = a.checkpoint.with_name(a.checkpoint.name + ".before-anchors")
    shutil.copy2(a.checkpoint, backup)
    tmp = a.checkpoint.with_name(a.checkpoint.name + ".tmp")
    torch.save(out, tmp)
    tmp.replace(a.checkpoint)
    lam = out["config"]["lambdas"]
    print(f"{a.checkpoint}: {len(ck['config']['lambdas'])} -> {len(lam)} anchors, lambda "
          f"{lam[0]:.6g} .. {lam[-1]:.6g} (original kept as {backup.name})")


if __name__ == "__main__":
    from .cli import run
    sys.exit(run(main))
