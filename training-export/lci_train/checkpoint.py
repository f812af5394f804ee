"""Checkpoints: full (resumable, under runs/) and compact (fp16 weights, commit-friendly)."""
from __future__ import annotations

import os
from pathlib import Path

import torch

from .models import LCIModel, ModelConfig, build_model


def _atomic_save(obj, path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    torch.save(obj, tmp)
    os.replace(tmp, path)


def _half(sd: dict) -> dict:
    return {k: (v.half() if v.is_floating_point() else v) for k, v in sd.items()}


def save_full(path: Path, model: LCIModel, optimizers: dict, state: dict, ema: dict | None = None):
    obj = {"config": model.cfg.to_dict(), "model": model.state_dict(),
           "optimizers": {k: o.state_dict() for k, o in optimizers.items()}, "state": state}
    if ema is not None:
        obj["ema"] = ema
    _atomic_save(obj, path)


def save_compact(path: Path, model: LCIModel, state: dict, ema: dict | None = None, ema_only: bool = False):
    """fp16 weights (and their EMA): enough to resume on a fresh machine (Adam moments restart).

    ema_only keeps just the EMA, as the weights: half the size. A run resumed from it starts its raw weights at
    the EMA, which late in training (low LR) differs from them by little; the export uses the EMA anyway."""
    if ema_only and ema is not None:
        obj = {"config": model.cfg.to_dict(), "model": _half(ema), "state": state}
    else:
        obj = {"config": model.cfg.to_dict(), "model": _half(model.state_dict()), "state": state}
        if ema is not None:
            obj["ema"] = _half(ema)
    _atomic_save(obj, path)


def as_float(sd: dict) -> dict:
    """A state dict with its floating-point tensors in float32 (compact checkpoints keep fp16)."""
    return {k: v.float() if v.is_floating_point() else v for k, v in sd.items()}


def read_checkpoint(path: Path) -> dict:
    """The raw dict of a full or compact checkpoint (config, model, state, optional ema/optimizers), checked."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"checkpoint {path} not found")
    try:
        ck = torch.load(path, map_location="cpu", weights_only=False)
    except Exception as e:  # pickle/zip errors: not a checkpoint at all
        raise ValueError(f"{path} is not an LCI checkpoint ({type(e).__name__}: {e})") from None
    if not isinstance(ck, dict) or "config" not in ck or "model" not in ck:
        raise ValueError(f"{path} is not an LCI checkpoint (expected keys config, model)")
    return ck


def load_model(path: Path, use_ema: bool = True) -> tuple[LCIModel, dict]:
    """Loads a full or compact checkpoint into a float32 model in eval mode (its EMA weights if kept)."""
    ck = read_checkpoint(path)
    model = build_model(ModelConfig.from_dict(ck["config"]))
    weights = ck["ema"] if use_ema and "ema" in ck else ck["model"]
    model.load_state_dict(as_float(weights))
    model.eval()
    return model, ck.get("state", {})
