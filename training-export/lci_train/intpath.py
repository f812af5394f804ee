"""Integer entropy-parameter path of model v2 (issue 11): the float heads turned into exact integer nets.

Everything that decides the entropy decoding -- hyper features, per-group means and scale indexes --
is computed with integers only, so any implementation (Java, C, a GPU) that follows the rules below gets
the same symbols, whatever its thread count or summation order (integer sums are associative).

Rules (the reference for SPEC.md):
* Tensors are int32. Weights are int8 (|w| <= 127). A layer has one or two input parts; each part's
  accumulator is an int32 sum of w * x (part 0 also holds the int32 bias), and the converter guarantees that
  no accumulator can leave the int32 range for inputs in their clamped ranges (`IntConv.check_range`).
* Requantization of output channel o: `(sum_p acc_p * mult_p[o] + 2^(shift-1)) >> shift` in 64-bit
  arithmetic with an arithmetic (flooring) shift, then a clamp; one shift per layer.
* Input of the hyper-synthesis: `zq = clamp(16 * s + med16[c], -2^12, 2^12 - 1)`, s the z symbol of channel c.
* Hidden activations: ReLU folded into the clamp to [0, ACT_MAX] (12-bit: [0, 4095]).
* Group head outputs: `mu = clamp(requant(a), -2^20, 2^20)` in units of 2^-6, and
  `idx = clamp(requant(a), 0, scale_count - 1)` (the Gaussian table index; its bias absorbs log s_min).
* y_hat of a decoded latent is `64 * sym + mu` (units of 2^-6); the heads of later groups read
  `clamp((y_hat + 8) >> 4, -2048, 2047)` (units of 1/4).
* Convolutions: zero padding; ConvTranspose2d(k=4, s=2, p=1) and Conv2d(k, s=1, p=k//2) as in PyTorch.

The float model is the training view; the integer one is what is coded. `IntegerPath.params` is the
reference implementation (float64 convolutions on integer values below 2^53 are exact).
"""
from __future__ import annotations

import dataclasses
import math
from typing import List, Optional

import numpy as np
import torch
import torch.nn.functional as F

MEAN_BITS = 6            # means and y_hat in units of 2^-6
CTX_SHIFT = 4            # y_hat >> 4: the context input in units of 1/4
CTX_LIMIT = 2048
Z_SCALE = 16             # z input in units of 1/16
Z_LIMIT = 1 << 12
# Hidden activations are 12-bit. With 8 bits (uint8, used until 2026-12-02) the step was ~1 while at low rate
# the group heads' activations have a median of 0.33 (the calibrated peaks are ~250-320): real files of the
# step-63,935 model were 18 % larger than the estimate at 0.08 bpp. 12 bits lose ~0; 14 is the int32 ceiling
# of the widest layer (128 x 4 taps x 127 x 16383 ~ 1.07e9 < 2^31, checked by IntConv.check_range).
ACT_MAX = 4095
MEAN_LIMIT = 1 << 20


@dataclasses.dataclass
class IntConv:
    """One integer layer: one or two input parts, each convolved into its own int32 accumulator with its own
    int8 weights and per-channel multiplier; the products are summed in 64 bits and shifted once:
    out = clamp((sum_p acc_p * mult_p[o] + 2^(shift-1)) >> shift), the bias inside part 0's accumulator.
    (One shared accumulator would quantize the weights of the part with the smaller input scale to a few
    levels: that cost up to 6 % of the rate at low qualities.)"""
    weights: List[np.ndarray]       # int8 values (stored as int64), one per input part, torch layout
    kinds: List[str]                # "conv" or "convT" per part
    bias: np.ndarray                # int64 [out], added to part 0's accumulator
    mults: List[np.ndarray]         # int64 [out] per part, < 2^31
    lo: int
    hi: int
    in_limits: List[int] = dataclasses.field(default_factory=list)   # max |x| of each input part
    shift: int = 30

    def check_range(self):
        """No accumulator can leave int32 for inputs within their limits."""
        for j, (w, kind, lim) in enumerate(zip(self.weights, self.kinds, self.in_limits)):
            a = np.abs(w).astype(np.float64)
            if kind == "convT":
                # output parity (py, px) sees only the taps ky = 1 - py (mod 2), kx = 1 - px (mod 2)
                per = [a[:, :, (1 - py) % 2::2, (1 - px) % 2::2].sum(axis=(0, 2, 3))
                       for py in (0, 1) for px in (0, 1)]
                bound = np.max(per, axis=0) * lim
            else:
                bound = a.sum(axis=(1, 2, 3)) * lim
            if j == 0:
                bound = bound + np.abs(self.bias)
            if np.any(bound >= 2 ** 31):
                raise ValueError(f"integer layer may overflow int32: bound {bound.max():.3g}")
        if len(self.weights) > 2:
            raise ValueError("an integer layer has at most two parts")

    def accumulate(self, inputs):
        accs = []
        for j, (w, kind, x) in enumerate(zip(self.weights, self.kinds, inputs)):
            xt = torch.from_numpy(x.astype(np.float64))
            wt = torch.from_numpy(w.astype(np.float64))
            if kind == "convT":
                a = F.conv_transpose2d(xt, wt, stride=2, padding=1)
            else:
                a = F.conv2d(xt, wt, padding=w.shape[-1] // 2)
            a = a.numpy()
            assert np.all(np.abs(a) < 2 ** 53)
            a = np.rint(a).astype(np.int64)
            accs.append(a + self.bias.reshape(1, -1, 1, 1) if j == 0 else a)
        return accs

    def requant(self, accs):
        total = sum(a * m.reshape(1, -1, 1, 1) for a, m in zip(accs, self.mults))
        return np.clip((total + (1 << (self.shift - 1))) >> self.shift, self.lo, self.hi)

    def __call__(self, *inputs):
        return self.requant(self.accumulate(inputs))


def _fold(parts, bias):
    """Quantizes each part's weights to int8 with its own per-output-channel scale.

    parts: [(float weight [o,i,k,k] or convT [i,o,k,k], input scale, kind)]. Returns
    (int weights, accumulator scale per part [out], int bias in part 0's accumulator units)."""
    out_axis = lambda kind: 1 if kind == "convT" else 0
    n_out = bias.shape[0]
    ints, scales = [], []
    for w, s_in, kind in parts:
        a = np.abs(w) * s_in
        ax = out_axis(kind)
        red = tuple(d for d in range(a.ndim) if d != ax)
        peak = a.max(axis=red)
        s_acc = np.where(peak > 0, peak / 127.0, 1.0)
        shape = [1] * w.ndim
        shape[ax] = n_out
        ints.append(np.clip(np.rint(w * s_in / s_acc.reshape(shape)), -127, 127).astype(np.int64))
        scales.append(s_acc)
    b = np.rint(bias / scales[0]).astype(np.int64)
    return ints, scales, b


def _multipliers(reals):
    """Per part, mult with real ~ mult / 2^shift per channel, one shift for the layer: the largest that keeps
    every multiplier below 2^30 (30 bits of precision; shift 1..62)."""
    reals = [np.asarray(r, dtype=np.float64) for r in reals]
    peak = max(float(np.max(np.abs(r))) for r in reals)
    shift = int(np.clip(np.floor(30 - np.log2(max(peak, 1e-300))), 1, 62))
    mults = [np.rint(r * 2.0 ** shift).astype(np.int64) for r in reals]
    if any(np.any(np.abs(m) >= 2 ** 31) for m in mults):
        raise ValueError("requantization multiplier does not fit 31 bits")
    return mults, shift


def pack_tensor(manifest: dict, tensors_bin: bytes, name: str) -> np.ndarray:
    """Tensor `name` of a pack's tensors.bin: int64 for its int8/int32 tensors, float64 for float32 ones."""
    ref = manifest["tensors"][name]
    dt = {"int8": "<i1", "int32": "<i4"}.get(ref.get("dtype"), "<f4")
    n = int(np.prod(ref["shape"])) if ref["shape"] else 1
    a = np.frombuffer(tensors_bin, dtype=dt, count=n, offset=ref["offset"])
    return a.reshape(ref["shape"]).astype(np.int64 if dt != "<f4" else np.float64)


class IntegerPath:
    """Integer version of a trained LCIModelCC's h_s and heads; `calibrate` sets activation ranges."""

    def __init__(self, model, medians: np.ndarray, act_scales: dict):
        cfg = model.cfg
        self.cfg = cfg
        self.med16 = np.rint(np.asarray(medians, dtype=np.float64) * Z_SCALE).astype(np.int64)
        log_smin, log_smax = math.log(cfg.scale_min), math.log(cfg.scale_max)
        step = (log_smax - log_smin) / (cfg.scale_count - 1)
        hs = [m for m in model.h_s if isinstance(m, torch.nn.ConvTranspose2d)]
        s_in = 1.0 / Z_SCALE
        self.hyper = []
        for i, layer in enumerate(hs):
            s_out = act_scales[f"h_s.{i}"]
            w = layer.weight.detach().double().numpy()
            ints, sc, b = _fold([(w, s_in, "convT")], layer.bias.detach().double().numpy())
            ms, sh = _multipliers([x / s_out for x in sc])
            self.hyper.append(IntConv(ints, ["convT"], b, ms, 0, ACT_MAX, [Z_LIMIT if i == 0 else ACT_MAX], sh))
            s_in = s_out
        s_feat = s_in
        self.heads = []
        for g, head in enumerate(model.heads):
            s_h = act_scales[f"heads.{g}.h1"]
            parts = [(head.from_features.weight.detach().double().numpy(), s_feat, "conv")]
            if head.from_prev is not None:
                parts.append((head.from_prev.weight.detach().double().numpy(), 1.0 / 4, "conv"))
            ints, sc, b = _fold(parts, head.from_features.bias.detach().double().numpy())
            ms, sh = _multipliers([x / s_h for x in sc])
            first = IntConv(ints, ["conv"] * len(ints), b, ms, 0, ACT_MAX, [ACT_MAX, CTX_LIMIT][: len(ints)], sh)
            s_h2 = act_scales[f"heads.{g}.h2"]
            ints, sc, b = _fold([(head.hidden.weight.detach().double().numpy(), s_h, "conv")],
                                head.hidden.bias.detach().double().numpy())
            ms, sh = _multipliers([sc[0] / s_h2])
            hidden = IntConv(ints, ["conv"], b, ms, 0, ACT_MAX, [ACT_MAX], sh)
            c = head.channels
            w = head.out.weight.detach().double().numpy()
            bias = head.out.bias.detach().double().numpy()
            ints, sc, b = _fold([(w[:c], s_h2, "conv")], bias[:c])
            ms, sh = _multipliers([sc[0] * 2 ** MEAN_BITS])
            mean = IntConv(ints, ["conv"], b, ms, -MEAN_LIMIT, MEAN_LIMIT, [ACT_MAX], sh)
            ints, sc, b = _fold([(w[c:], s_h2, "conv")], bias[c:])
            s_acc = sc[0]
            # idx = round((log_scale - log_smin) / step) with log_scale = acc * s_acc: the bias absorbs
            # -log_smin / s_acc, the multiplier is s_acc / step.
            b = b + np.rint(-log_smin / s_acc).astype(np.int64)
            ms, sh = _multipliers([s_acc / step])
            scale = IntConv(ints, ["conv"], b, ms, 0, cfg.scale_count - 1, [ACT_MAX], sh)
            self.heads.append((first, hidden, mean, scale))
        for layer in self.layers():
            layer.check_range()

    def layers(self):
        yield from self.hyper
        for head in self.heads:
            yield from head

    @classmethod
    def from_pack(cls, manifest: dict, tensors_bin: bytes, cfg):
        """The same path read back from a format-2 pack (what every decoder sees)."""
        def tensor(name):
            return pack_tensor(manifest, tensors_bin, name)

        def layer(d):
            kinds = ["convT" if p["type"] == "conv_transpose2d" else "conv" for p in d["parts"]]
            return IntConv([tensor(p["weight"]) for p in d["parts"]], kinds, tensor(d["bias"]),
                           [tensor(p["mult"]) for p in d["parts"]], d["min"], d["max"], shift=d["shift"])

        self = cls.__new__(cls)
        self.cfg = cfg
        self.med16 = tensor("z_medians_16")
        ep = manifest["entropy_path"]
        self.hyper = [layer(d) for d in ep["hyper"]]
        self.heads = [(layer(h["first"]), layer(h["hidden"]), layer(h["mean"]), layer(h["scale"]))
                      for h in ep["heads"]]
        return self

    def features(self, z_symbols: np.ndarray) -> np.ndarray:
        """z symbols [1,Nz,h/4,w/4] -> uint8-range hyper features [1,n,h,w]."""
        x = np.clip(Z_SCALE * z_symbols.astype(np.int64) + self.med16.reshape(1, -1, 1, 1),
                    -Z_LIMIT, Z_LIMIT - 1)
        for layer in self.hyper:
            x = layer(x)
        return x

    def group_params(self, g: int, feat: np.ndarray, y_hat_prev: Optional[np.ndarray]):
        """(mu in units of 2^-6, scale index) of group g from the features and earlier groups' y_hat."""
        first, hidden, mean, scale = self.heads[g]
        inputs = [feat]
        if y_hat_prev is not None:
            inputs.append(context_input(y_hat_prev))
        h = hidden(first(*inputs))
        return mean(h), scale(h)

    def code(self, y: np.ndarray, z_symbols: np.ndarray):
        """Encoder view: y [1,M,h,w] (gained, float) -> (symbols, y_hat units 2^-6, scale indexes)."""
        feat = self.features(z_symbols)
        syms, yhats, idxs = [], [], []
        start = 0
        for g, c in enumerate(self.cfg.groups):
            prev = np.concatenate(yhats, 1) if yhats else None
            mu, idx = self.group_params(g, feat, prev)
            s = np.rint(y[:, start:start + c] - mu / 2 ** MEAN_BITS).astype(np.int64)
            syms.append(s)
            yhats.append(s * 2 ** MEAN_BITS + mu)
            idxs.append(idx)
            start += c
        return np.concatenate(syms, 1), np.concatenate(yhats, 1), np.concatenate(idxs, 1)


def context_input(y_hat_units: np.ndarray) -> np.ndarray:
    return np.clip((y_hat_units + (1 << (CTX_SHIFT - 1))) >> CTX_SHIFT, -CTX_LIMIT, CTX_LIMIT - 1)


@torch.no_grad()
def calibrate(model, images, anchors, quantile: float = 1.0) -> dict:
    """Activation scales (the value of one integer step) from float activations on calibration images.

    images: float tensors [1,3,H,W] in [0,1] (training crops, never Kodak); scale = peak / ACT_MAX where the
    peak is the largest activation (quantile 1) or that quantile of the positive activations (larger values
    saturate at ACT_MAX, finer steps for the rest)."""
    peaks = {}

    def note(key, t):
        if quantile >= 1.0:
            v = float(t.max())
        else:
            pos = t[t > 0].flatten().float()
            if pos.numel() > 2 ** 24:
                pos = pos[torch.randperm(pos.numel())[: 2 ** 24]]
            v = float(torch.quantile(pos, quantile)) if pos.numel() else 0.0
        peaks[key] = max(peaks.get(key, 0.0), v)

    for x in images:
        for a in anchors:
            gain, _, _ = model.quality_gains(torch.tensor([float(a)]))
            y, z = model.encode(x, gain)
            z_hat, _ = model.entropy_bottleneck(z, False)
            model.code_latents(y, z_hat, False, observe=note)
    return {k: max(v, 1e-6) / ACT_MAX for k, v in peaks.items()}


def _gauss_bits(sym: np.ndarray, sigma: np.ndarray) -> float:
    from scipy.special import ndtr
    p = ndtr((sym + 0.5) / sigma) - ndtr((sym - 0.5) / sigma)
    return float(-np.log2(np.maximum(p, 1e-9)).sum())


@torch.no_grad()
def compare(model, ipath: IntegerPath, x: torch.Tensor, anchor: float):
    """Estimated bits and tier-0 PSNR of the float path and of the integer path on one image."""
    from .evaluate import pad64, psnr8
    from .models.hyperprior import rate_bits
    h, w = x.shape[2:]
    xp = pad64(x)
    out = model(xp, torch.tensor([anchor]))
    float_bits = rate_bits(out["y_lik"]).item()
    z_bits = rate_bits(out["z_lik"]).item()
    gain, inv_gain, _ = model.quality_gains(torch.tensor([anchor]))
    y, z = model.encode(xp, gain)
    med = model.entropy_bottleneck.medians().view(1, -1, 1, 1)
    z_sym = torch.round(z - med).numpy().astype(np.int64)
    syms, yhat_units, idx = ipath.code(y.double().numpy(), z_sym)
    table = np.asarray(model.cfg.scale_table())
    int_bits = _gauss_bits(syms, table[idx])
    y_hat = torch.from_numpy(yhat_units / 2 ** MEAN_BITS).float()
    xh = model.synthesize(y_hat * inv_gain.view(1, -1, 1, 1), 0)
    return {"float_bpp": (float_bits + z_bits) / (h * w), "int_bpp": (int_bits + z_bits) / (h * w),
            "float_psnr": psnr8(out["x_hats"][0][:, :, :h, :w], x), "int_psnr": psnr8(xh[:, :, :h, :w], x)}


def mean_comparison(model, ipath: IntegerPath, images, anchor: float) -> dict:
    """`compare` averaged over images, plus `cost`: the integer path's extra estimated bits in % of the float
    model's (what `main` prints and the export's gate checks)."""
    rows = [compare(model, ipath, x, anchor) for x in images]
    m = {k: float(np.mean([r[k] for r in rows])) for k in rows[0]}
    m["cost"] = 100 * (m["int_bpp"] / m["float_bpp"] - 1)
    return m


def pack_integer_path(members: dict) -> IntegerPath:
    """The integer path of a format-2 pack, from its members (lci_train.export.read_pack) alone."""
    import json
    from .models import ModelConfig
    manifest = json.loads(members["manifest.json"])
    cfg = ModelConfig(name="pack", N=1, M=manifest["M"], Nz=manifest["Nz"], groups=manifest["groups"],
                      tier_groups=[t["groups"] for t in manifest["tiers"]],
                      tier_width=[1] * len(manifest["tiers"]), hyper_width=1, lambdas=[1.0])
    return IntegerPath.from_pack(manifest, members["tensors.bin"], cfg)


def write_vectors(pack_path, out_path, h: int = 8, w: int = 12, seed: int = 0):
    """Test vectors of a format-2 pack's integer path, computed from the pack alone: z symbols, y symbols
    (arbitrary, with a few large values that hit the clamps) and, per group, the means (units of 2^-6)
    and table indexes every decoder must derive."""
    import hashlib
    import json
    from pathlib import Path
    from .export import read_pack
    members = read_pack(Path(pack_path))
    manifest = json.loads(members["manifest.json"])
    rng = np.random.default_rng(seed)
    groups = manifest["groups"]
    ipath = pack_integer_path(members)
    z = np.rint(rng.normal(0, 3, (1, manifest["Nz"], h // 4, w // 4))).astype(np.int64)
    z.flat[0] = 5000                                   # beyond the z clamp
    ys = np.rint(rng.normal(0, 4, (1, manifest["M"], h, w))).astype(np.int64)
    ys.flat[1] = 100000                                # beyond the context clamp
    ys.flat[2] = -100000
    feat = ipath.features(z)
    out = {"pack_digest": hashlib.sha256(members["manifest.json"]).hexdigest(),
           "note": "lci_train.intpath.write_vectors: integer entropy-parameter path of this pack",
           "h": h, "w": w, "z_symbols": z.ravel().tolist(), "y_symbols": ys.ravel().tolist(),
           "features_sum": int(feat.sum()), "groups": []}
    start = 0
    yhats = []
    for g, c in enumerate(groups):
        prev = np.concatenate(yhats, 1) if yhats else None
        mu, idx = ipath.group_params(g, feat, prev)
        out["groups"].append({"mu_units": mu.ravel().tolist(), "scale_index": idx.ravel().tolist()})
        yhats.append(ys[:, start:start + c] * 2 ** MEAN_BITS + mu)
        start += c
    Path(out_path).write_text(json.dumps(out, separators=(",", ":")) + "\n")
    print(f"wrote {out_path}")


def main(argv=None):
    import argparse
    import sys as _sys
    argv = list(_sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["vectors"]:
        if len(argv) != 3:
            raise SystemExit("usage: python -m lci_train.intpath vectors PACK OUT.json")
        write_vectors(argv[1], argv[2])
        return 0
    from pathlib import Path
    from .checkpoint import load_model
    from .export import calibration_images
    from .evaluate import load_rgb
    ap = argparse.ArgumentParser(description="Rate cost of the integer entropy-parameter path")
    ap.add_argument("--checkpoint", type=Path, required=True)
    ap.add_argument("--kodak", type=Path, required=True)
    ap.add_argument("--cache", type=Path, default=Path("cache/train_256.npy"), help="calibration crops")
    ap.add_argument("--calibration", type=int, default=16, help="calibration crops (training data)")
    ap.add_argument("--limit", type=int, default=4)
    ap.add_argument("--anchors", default="0,5,10")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--quantile", type=float, default=1.0, help="activation calibration quantile (1 = max)")
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    model, state = load_model(a.checkpoint)
    anchors = [float(v) for v in a.anchors.split(",")]
    calib = calibration_images(a.cache, a.calibration)     # the crops an export calibrates with
    scales = calibrate(model, calib, anchors, a.quantile)
    ipath = IntegerPath(model, model.entropy_bottleneck.medians().numpy(), scales)
    files = sorted(p for p in a.kodak.iterdir() if p.suffix == ".png")[: a.limit]
    images = [load_rgb(f) for f in files]
    for anchor in anchors:
        m = mean_comparison(model, ipath, images, anchor)
        print(f"anchor {anchor:g}: float {m['float_bpp']:.4f} bpp {m['float_psnr']:.2f} dB | integer "
              f"{m['int_bpp']:.4f} bpp {m['int_psnr']:.2f} dB | rate {m['cost']:+.2f} %", flush=True)
    return 0


if __name__ == "__main__":
    import sys
    from .cli import run
    sys.exit(run(main))
