"""Warm-start a wider v2 ("cc") model from a trained checkpoint of a narrower one.

    python -m lci_train.widen --checkpoint checkpoints/latest.pt --config v2m256w --out /tmp/wide.pt \
        [--cache cache/train_256.npy] [--seed 0]
    python -m lci_train.train --config v2m256w --init-from /tmp/wide.pt --run runs/v2w ...

The new config may differ from the checkpoint's only by growing, each optional:

* synthesis hidden widths (any tier): a deconv's new output channels get PyTorch's default init and bias 0,
  the inverse GDN after it GDN's own init for them (beta 1, gamma 0.1 on the diagonal, no cross terms: the old
  channels' normalisation is unchanged) and the next deconv reads them with zero weights. Output identical.
* the last channel group (M grows; new channels appended to y, seen only by the tiers that read every
  group): gains start at the mean of the old columns, the hyper-analysis reads them with zero weights (z
  unchanged), the last head predicts mean 0 and scale_min for them. They must not start at exactly zero, or
  nothing ever learns them (y rounds to 0 and zero synthesis weights stop both gradients): the new analysis
  rows are random with a std calibrated so that a fraction `nonzero` (default 10 %) of the new latents rounds
  to a nonzero value at the top quality anchor (fewer below), and the synthesis reads them with weights of
  1e-3 x the std of that layer's old weights. Almost identical: the affected tiers move by far less than
  an 8-bit level, but each nonzero new latent costs ~18 bits at scale_min until training adapts (the CLI
  prints the fraction per anchor).

The output is a compact checkpoint (fp16 weights and EMA, as train.py --compact writes), which
`train --init-from` accepts; the EMA is widened with the very same new entries as the weights. The training
state (step, wall_s, cpu_s, ...) is kept, so the log and the LR schedule continue; Adam restarts, as from any
compact checkpoint. state["widen_history"] records the widening.
"""
from __future__ import annotations

import argparse
import dataclasses
import math
import sys
from pathlib import Path

import torch
import torch.nn.functional as F

from .checkpoint import as_float, read_checkpoint, save_compact
from .data import CropSampler, open_cache, synthetic_images
from .models import LCIModel, ModelConfig, build_model, get_config

GROWABLE = ("name", "M", "groups", "synth_widths")
SYNTH_NEW_SCALE = 1e-3        # new latents' synthesis weights, relative to the layer's old weights' std
NONZERO = 0.1                 # fraction of the new latents that rounds to nonzero at init, top anchor
GAINS = ("log_gains", "log_inverse_gains")


def check_widening(old: ModelConfig, new: ModelConfig):
    """Raises ValueError unless `new` is `old` with a larger last group and/or wider synthesis layers."""
    if old.arch != "cc" or new.arch != "cc":
        raise ValueError(f"widening needs v2 ('cc') models, the checkpoint is '{old.arch}' and "
                         f"config {new.name} is '{new.arch}'")
    for f in dataclasses.fields(ModelConfig):
        a, b = getattr(old, f.name), getattr(new, f.name)
        if f.name not in GROWABLE and a != b:
            raise ValueError(f"config {new.name} differs from the checkpoint's config {old.name} in {f.name} "
                             f"({a} -> {b}); only M, groups and synth_widths may change")
    if len(new.groups) != len(old.groups) or new.groups[:-1] != old.groups[:-1]:
        raise ValueError(f"only the last channel group may grow: groups {old.groups} -> {new.groups}")
    if new.groups[-1] < old.groups[-1]:
        raise ValueError(f"config {new.name} narrows the last group ({old.groups[-1]} -> {new.groups[-1]} "
                         "channels): refusing to narrow")
    for k, (wo, wn) in enumerate(zip(old.synth_widths, new.synth_widths)):
        if any(b < a for a, b in zip(wo, wn)):
            raise ValueError(f"config {new.name} narrows the tier-{k} synthesis ({wo} -> {wn}): refusing to narrow")
    if new.M == old.M and new.synth_widths == old.synth_widths:
        raise ValueError(f"config {new.name} has the checkpoint's widths: nothing to widen")


def _synth_channels(cfg: ModelConfig, k: int):
    """Channels between the layers of tier k's synthesis: input, hidden widths, RGB."""
    return [cfg.tier_channels(k), *cfg.synth_widths[k], 3]


@torch.no_grad()
def _analysis_std(sd: dict, old: ModelConfig, u: torch.Tensor, images: torch.Tensor, nonzero: float):
    """Scale s such that the new latents s * conv(h, u) * gain round to nonzero for a fraction `nonzero` of
    them (over the calibration images, positions and new channels) at the anchor where most do (the top one:
    gains grow with quality), fewer at the others: that bounds the rate they cost at init at every anchor.
    Also returns the fraction per anchor."""
    model = build_model(old)
    model.load_state_dict(sd)
    model.eval()
    *body, last = model.g_a
    h = images
    for layer in body:                          # the features the last analysis conv reads
        h = layer(h)
    r = F.conv2d(h, u, stride=last.stride, padding=last.padding).abs().flatten()
    gains = torch.exp(sd["log_gains"].mean(1))  # the new columns' gain at each anchor
    s = 0.5 / (float(gains.max()) * float(torch.quantile(r, 1 - nonzero)))
    return s, [float((r * (s * g) >= 0.5).float().mean()) for g in gains]


def _template(sd: dict, old: ModelConfig, new: ModelConfig, seed: int, images, nonzero: float):
    """A state dict of the new shapes whose entries outside the old ones are the new channels' init.
    Drawn once, from the raw weights, so that the weights and their EMA start with the same new channels."""
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        fresh = build_model(new)                 # default inits, GDN's own init for new GDN channels
    t = {k: v.detach().clone() for k, v in fresh.state_dict().items()}
    gen = torch.Generator().manual_seed(seed)
    info = {}
    m0, m1 = old.M, new.M
    if m1 > m0:
        a = f"g_a.{len(fresh.g_a) - 1}"
        u = torch.randn((m1 - m0, *t[a + ".weight"].shape[1:]), generator=gen)
        s, frac = _analysis_std(sd, old, u, images, nonzero)
        info.update(analysis_std=s, nonzero_per_anchor=frac)
        t[a + ".weight"][m0:] = s * u
        t[a + ".bias"][m0:] = 0                  # symmetric around the predicted mean 0
        t["h_a.0.weight"][:, m0:] = 0            # z does not see the new latents (yet)
        head = f"heads.{len(new.groups) - 1}.out"
        c1 = new.groups[-1]
        t[head + ".weight"].zero_()              # new rows: mean 0 and log scale = log(scale_min) everywhere
        t[head + ".bias"][:c1] = 0
        t[head + ".bias"][c1:] = math.log(new.scale_min)
    for k in range(new.tiers):
        ch_old, ch_new = _synth_channels(old, k), _synth_channels(new, k)
        for j in range(len(ch_old) - 1):
            w, b = t[f"g_s.{k}.{2 * j}.weight"], t[f"g_s.{k}.{2 * j}.bias"]   # ConvTranspose2d: [in, out, kH, kW]
            b.zero_()                            # new output channels start at bias 0
            if ch_new[j] == ch_old[j]:
                continue
            if j == 0:                           # new latents: small random, so both their gradients live
                std = SYNTH_NEW_SCALE * float(sd[f"g_s.{k}.0.weight"].std())
                w[ch_old[0]:] = std * torch.randn(w[ch_old[0]:].shape, generator=gen)
            else:                                # a widened hidden layer's new channels are not read (yet)
                w[ch_old[j]:] = 0
    return t, info


def _embed(sd: dict, old: ModelConfig, new: ModelConfig, template: dict) -> dict:
    """The template with the old entries of `sd` written over it at their places."""
    if set(sd) != set(template):
        raise ValueError("the checkpoint's weights do not match its config (different parameter names)")
    head = f"heads.{len(new.groups) - 1}.out."
    c0, c1 = old.groups[-1], new.groups[-1]
    out = {}
    for k, tmpl in template.items():
        v, o = tmpl.clone(), sd[k]
        if k.startswith(head):                   # [means; log scales]: each half grows at its end
            v[torch.cat([torch.arange(c0), c1 + torch.arange(c0)])] = o
        else:                                    # new channels are appended on every axis
            v[tuple(slice(0, n) for n in o.shape)] = o
        out[k] = v
    for k in GAINS:                              # new latents: the mean over the old ones at each anchor
        out[k][:, old.M:] = sd[k].mean(1, keepdim=True)
    return out


def widen_state_dicts(sds: list, old: ModelConfig, new: ModelConfig, seed: int = 0, images=None,
                      nonzero: float = NONZERO):
    """Widens the raw weights sds[0] and any further state dicts (their EMA) alike. Returns (dicts, info)."""
    check_widening(old, new)
    sds = [as_float(sd) for sd in sds]
    if images is None:
        images = torch.from_numpy(synthetic_images(8, 128, seed=seed)).permute(0, 3, 1, 2).float() / 255
    template, info = _template(sds[0], old, new, seed, images, nonzero)
    return [_embed(sd, old, new, template) for sd in sds], info


def widen_model(model: LCIModel, new: ModelConfig, **kw) -> LCIModel:
    """A new model of config `new` that computes (almost) what `model` does; in eval mode."""
    (sd,), _ = widen_state_dicts([model.state_dict()], model.cfg, new, **kw)
    wide = build_model(new)
    wide.load_state_dict(sd)
    return wide.eval()


def widen_checkpoint(ck: dict, new: ModelConfig, **kw):
    """(model, state, ema or None, info) of the widened checkpoint, for save_compact."""
    old = ModelConfig.from_dict(ck["config"])
    has_ema = "ema" in ck
    sds, info = widen_state_dicts([ck["model"], ck["ema"]] if has_ema else [ck["model"]], old, new, **kw)
    model = build_model(new)
    model.load_state_dict(sds[0])               # also checks every shape against the new config
    state = dict(ck.get("state") or {"step": 0, "wall_s": 0.0, "cpu_s": 0.0})
    entry = {"step": state.get("step", 0), "from": old.name, "to": new.name, "M": [old.M, new.M],
             "synth_widths": [old.synth_widths, new.synth_widths], "seed": kw.get("seed", 0)}
    if "analysis_std" in info:
        entry["analysis_std"] = info["analysis_std"]
    state["widen_history"] = state.get("widen_history", []) + [entry]
    return model, state, sds[1] if has_ema else None, info


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", type=Path, required=True, help="full or compact checkpoint of the narrow model")
    ap.add_argument("--config", required=True, help="the wider model's config name (models/config.py)")
    ap.add_argument("--out", type=Path, required=True, help="compact checkpoint to write (for train --init-from)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--cache", default=None,
                    help="crop cache(s), comma-separated, to calibrate the new latents on (default: synthetic images)")
    ap.add_argument("--nonzero", type=float, default=NONZERO,
                    help="fraction of the new latents that rounds to nonzero at init at the top anchor (fewer below)")
    a = ap.parse_args(argv)
    if not 0 < a.nonzero < 1:
        raise ValueError(f"--nonzero must be in (0, 1), got {a.nonzero}")
    if a.out.resolve() == a.checkpoint.resolve():
        raise ValueError("--out must not overwrite --checkpoint")
    ck = read_checkpoint(a.checkpoint)
    new = get_config(a.config)
    images = None
    if a.cache:
        crops = [open_cache(Path(c)) for c in a.cache.split(",")]
        images = CropSampler(crops, 128, 16, seed=a.seed).next()
    model, state, ema, info = widen_checkpoint(ck, new, seed=a.seed, images=images, nonzero=a.nonzero)
    save_compact(a.out, model, state, ema)
    old = ck["config"]
    print(f"{a.checkpoint} ({old['name']}, M {old['M']}, synthesis {old['synth_widths']}) -> {a.out} "
          f"({new.name}, M {new.M}, synthesis {new.synth_widths}) at step {state.get('step', 0)}"
          f"{', EMA widened' if ema is not None else ''}")
    if "analysis_std" in info:
        frac = info["nonzero_per_anchor"]
        print(f"new latents: analysis std {info['analysis_std']:.3g}; nonzero at anchor 0 / mid / top: "
              f"{frac[0]:.1%} / {frac[len(frac) // 2]:.1%} / {frac[-1]:.1%} "
              f"(each ~18 bits at scale_min until training adapts)")


if __name__ == "__main__":
    from .cli import run
    sys.exit(run(main))
