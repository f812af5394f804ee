"""Export a trained model as an LCI model pack (docs/ARCHITECTURE.md, "Model pack").

    cd training-export
    ../.venv/bin/python -m lci_train.export --checkpoint checkpoints/latest.pt \
        --out ../model-default/src/main/resources/org/lci/runtime/packs/default.lcipack \
        --name lci-v2 --version 2026.12.1
    ../.venv/bin/python -m lci_train.export --smoke-pack ../testdata/packs/tiny.lcipack

--smoke-pack trains the tiny smoke model (deterministic seed, synthetic images) and exports it.
"""
from __future__ import annotations

import argparse
import copy
import hashlib
import io
import json
import sys
import tarfile
import tempfile
import warnings
from pathlib import Path

import numpy as np
import torch
from torch import nn

from .entropy_models import TABLE_PRECISION, y_tables
from .layers.gdn import freeze_gdn
from .models import LCIModel

OPSET = 17
ARCHITECTURE = "mean-scale-hyperprior-gain-nested"


class _Encoder(nn.Module):
    def __init__(self, model: LCIModel):
        super().__init__()
        self.g_a, self.h_a = model.g_a, model.h_a

    def forward(self, x, gain):
        y = self.g_a(x) * gain.view(1, -1, 1, 1)
        return y, self.h_a(y)


def _onnx_bytes(module: nn.Module, args: tuple, inputs, outputs, dynamic) -> bytes:
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(module, args, buf, input_names=inputs, output_names=outputs,
                          dynamic_axes=dynamic, opset_version=OPSET, do_constant_folding=True,
                          dynamo=False)
    return buf.getvalue()


def onnx_graphs(model: LCIModel) -> dict:
    """name -> ONNX bytes for the encoder, each synthesis tier and (format 1) the hyper-synthesis reference."""
    cfg = model.cfg
    model = freeze_gdn(copy.deepcopy(model)).eval()
    out = {}
    x = torch.rand(1, 3, 128, 192)
    gain = torch.exp(model.log_gains[0]).detach()
    out["encoder.onnx"] = _onnx_bytes(
        _Encoder(model), (x, gain), ["x", "gain"], ["y", "z"],
        {"x": {2: "H", 3: "W"}, "y": {2: "h", 3: "w"}, "z": {2: "hz", 3: "wz"}})
    for k in range(cfg.tiers):
        y = torch.randn(1, cfg.tier_channels(k), 8, 12)
        out[f"synthesis_t{k}.onnx"] = _onnx_bytes(
            model.g_s[k], (y,), ["y_hat"], ["x_hat"],
            {"y_hat": {2: "h", 3: "w"}, "x_hat": {2: "H", 3: "W"}})
    if cfg.arch != "cc":                         # format 2's path is integer: no float reference graph
        z = torch.randn(1, cfg.Nz, 2, 3)
        out["hyper_synthesis.onnx"] = _onnx_bytes(
            model.h_s, (z,), ["z_hat"], ["params"], {"z_hat": {2: "hz", 3: "wz"}, "params": {2: "h", 3: "w"}})
    return out


def hyper_synthesis_layers(model: LCIModel):
    """Manifest entries + tensors of the deterministic hyper-synthesis."""
    layers, tensors = [], {}
    for i, mod, act in model.h_s.layer_specs():
        is_t = isinstance(mod, nn.ConvTranspose2d)
        w, b = f"hs.{i}.weight", f"hs.{i}.bias"
        layers.append({"type": "conv_transpose2d" if is_t else "conv2d",
                       "in": mod.in_channels, "out": mod.out_channels, "kernel": mod.kernel_size[0],
                       "stride": mod.stride[0], "padding": mod.padding[0],
                       "output_padding": mod.output_padding[0] if is_t else 0,
                       "activation": act, "weight": w, "bias": b})
        tensors[w] = mod.weight.detach()
        tensors[b] = mod.bias.detach()
    return layers, tensors


_DTYPES = {"int8": "<i1", "int32": "<i4"}


def pack_tensors(named: dict):
    """Little-endian, concatenated in insertion order; byte offsets for the manifest.

    Torch tensors are float32; (dtype, numpy array) pairs with dtype int8 or int32 are stored as such
    (their values are checked to fit) and carry "dtype" in the index."""
    index, chunks, offset = {}, [], 0
    for name, t in named.items():
        if offset % 4:                           # every tensor starts 4-byte aligned
            chunks.append(b"\0" * (4 - offset % 4))
            offset += 4 - offset % 4
        if isinstance(t, tuple):
            dtype, v = t
            v = np.asarray(v)
            a = np.ascontiguousarray(v, dtype=_DTYPES[dtype])
            if not np.array_equal(a.astype(np.int64), v.astype(np.int64)):
                raise ValueError(f"tensor {name} does not fit {dtype}")
            index[name] = {"shape": list(a.shape), "offset": offset, "dtype": dtype}
        else:
            a = np.ascontiguousarray(t.detach().cpu().numpy(), dtype="<f4")
            index[name] = {"shape": list(a.shape), "offset": offset}
        chunks.append(a.tobytes())
        offset += a.nbytes
    return b"".join(chunks), index


def entropy_tables(model: LCIModel) -> dict:
    return {"precision": TABLE_PRECISION,
            "z_tables": model.entropy_bottleneck.tables(TABLE_PRECISION),
            "y_tables": y_tables(model.cfg.arch, model.cfg.scale_table(), TABLE_PRECISION)}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@torch.no_grad()
def build_members(model: LCIModel, name: str, version: str, step: int | None = None,
                  calibration=None, check=None) -> dict:
    """All pack members as bytes, manifest.json first. `check(model, integer_path)` (format 2 only) runs
    before anything is written and may refuse the export by raising."""
    cfg = model.cfg
    model.eval()
    if cfg.arch == "cc":
        return build_members_cc(model, name, version, step, calibration, check)
    gains, inv = model.gains()
    hs_layers, hs_tensors = hyper_synthesis_layers(model)
    tensors = {"gains": gains, "inverse_gains": inv,
               "z_medians": model.entropy_bottleneck.medians(),
               "scale_table": torch.tensor(cfg.scale_table(), dtype=torch.float32), **hs_tensors}
    return _members(model, name, version, step, 1, ARCHITECTURE, "hyper_synthesis", hs_layers, tensors)


def _members(model, name, version, step, format_version, architecture, path_key, path, tensors) -> dict:
    """The members both pack formats share (graphs, tensors, tables) and the manifest naming them;
    `path_key`/`path` is the format's deterministic path (format 1 hyper_synthesis, format 2 entropy_path)."""
    cfg = model.cfg
    tensors_bin, tensor_index = pack_tensors(tensors)
    members = onnx_graphs(model)
    members["tensors.bin"] = tensors_bin
    members["entropy.json"] = json.dumps(entropy_tables(model), separators=(",", ":")).encode()
    manifest = {
        "format": "lci-model-pack", "format_version": format_version,
        "name": name, "version": version, "architecture": architecture,
        "M": cfg.M, "Nz": cfg.Nz, "groups": list(cfg.groups),
        "tiers": [{"tier": k, "scale_log2": k, "groups": cfg.tier_groups[k],
                   "graph": f"synthesis_t{k}.onnx"} for k in range(cfg.tiers)],
        "quality": {"anchors": len(cfg.lambdas), "lambdas": [round(v, 6) for v in cfg.lambdas],
                    "default": 0.75},
        path_key: path,
        "tensors": tensor_index,
        "training": {"config": cfg.name, "step": step, "opset": OPSET},
        "files": {n: sha256(b) for n, b in sorted(members.items())},
    }
    return {"manifest.json": json.dumps(manifest, indent=1).encode() + b"\n", **members}


ARCHITECTURE_CC = "channel-conditional-int8"


@torch.no_grad()
def build_members_cc(model, name: str, version: str, step, calibration, check=None) -> dict:
    """Pack format 2: the entropy-parameter path as exact integer layers (lci_train.intpath, SPEC.md)."""
    from . import intpath
    cfg = model.cfg
    if calibration is None:
        raise ValueError("a channel-conditional pack needs calibration images (training data)")
    scales = intpath.calibrate(model, calibration, range(len(cfg.lambdas)))
    ipath = intpath.IntegerPath(model, model.entropy_bottleneck.medians().numpy(), scales)
    if check is not None:
        check(model, ipath)
    gains, inv = model.gains()
    tensors = {"gains": gains, "inverse_gains": inv,
               "z_medians": model.entropy_bottleneck.medians(),
               "z_medians_16": ("int32", ipath.med16),
               "scale_table": torch.tensor(cfg.scale_table(), dtype=torch.float32)}

    def layer(key, conv, kinds_in):
        parts = []
        for j, (w, kind, m) in enumerate(zip(conv.weights, conv.kinds, conv.mults)):
            wname, mname = f"{key}.w{j}", f"{key}.m{j}"
            tensors[wname] = ("int8", w)
            tensors[mname] = ("int32", m)
            cin = w.shape[0] if kind == "convT" else w.shape[1]
            parts.append({"input": kinds_in[j], "type": "conv_transpose2d" if kind == "convT" else "conv2d",
                          "in": int(cin), "kernel": int(w.shape[-1]), "weight": wname, "mult": mname})
        tensors[f"{key}.bias"] = ("int32", conv.bias)
        return {"parts": parts, "out": int(len(conv.bias)), "bias": f"{key}.bias",
                "shift": int(conv.shift), "min": int(conv.lo), "max": int(conv.hi)}

    hyper = [layer(f"hs.{i}", c, ["z" if i == 0 else "previous"]) for i, c in enumerate(ipath.hyper)]
    heads = []
    for g, (first, hidden, mean, scale) in enumerate(ipath.heads):
        heads.append({"group": g,
                      "first": layer(f"head{g}.first", first, ["features", "context"]),
                      "hidden": layer(f"head{g}.hidden", hidden, ["previous"]),
                      "mean": layer(f"head{g}.mean", mean, ["previous"]),
                      "scale": layer(f"head{g}.scale", scale, ["previous"])})
    path = {"mean_bits": intpath.MEAN_BITS, "context_shift": intpath.CTX_SHIFT,
            "context_limit": intpath.CTX_LIMIT, "z_scale": intpath.Z_SCALE,
            "z_limit": intpath.Z_LIMIT,
            "scale_count": cfg.scale_count, "features": cfg.hyper_width,
            "hyper": hyper, "heads": heads}
    return _members(model, name, version, step, 2, ARCHITECTURE_CC, "entropy_path", path, tensors)


def write_tar(members: dict, out: Path):
    """Deterministic POSIX (ustar) tar: fixed order, zero mtimes and owners."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    with tarfile.open(tmp, "w", format=tarfile.USTAR_FORMAT) as tar:
        for n, data in members.items():
            info = tarfile.TarInfo(n)
            info.size, info.mtime, info.mode = len(data), 0, 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            tar.addfile(info, io.BytesIO(data))
    tmp.replace(out)


def export_pack(model: LCIModel, out: Path, name: str, version: str, step=None, calibration=None,
                check=None) -> str:
    """Writes the pack; returns its digest (SHA-256 of manifest.json)."""
    members = build_members(model, name, version, step, calibration, check)
    write_tar(members, Path(out))
    digest = sha256(members["manifest.json"])
    print(f"pack {out}: {Path(out).stat().st_size} bytes, digest {digest}")
    return digest


def read_pack(path: Path) -> dict:
    """name -> bytes of every member (no verification; see verify_pack)."""
    with tarfile.open(path, "r:") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}


def verify_pack(path: Path) -> dict:
    """Checks every member's SHA-256 against the manifest; returns the parsed manifest."""
    members = read_pack(path)
    if "manifest.json" not in members:
        raise ValueError(f"{path}: no manifest.json")
    manifest = json.loads(members["manifest.json"])
    for n, digest in manifest["files"].items():
        if n not in members:
            raise ValueError(f"{path}: member {n} listed in manifest is missing")
        if sha256(members[n]) != digest:
            raise ValueError(f"{path}: member {n} SHA-256 mismatch")
    return manifest


def calibration_images(cache: Path | None, count: int = 32, seed: int = 0):
    """Activation calibration for integer layers: training crops (never Kodak), else synthetic images."""
    from .data import open_cache, synthetic_images
    if cache is not None and Path(cache).exists():
        crops = open_cache(Path(cache))
        pick = np.random.default_rng(seed).choice(len(crops), min(count, len(crops)), replace=False)
        arrays = [np.array(crops[i]) for i in sorted(pick)]
    else:
        arrays = list(synthetic_images(count, 64, seed=seed))
    return [torch.from_numpy(a).permute(2, 0, 1).unsqueeze(0).float() / 255 for a in arrays]


def integer_path_gate(cache: Path | None, max_cost_percent: float, count: int = 4):
    """A check for export_pack: the integer entropy-parameter path may cost at most `max_cost_percent` more
    estimated bits than the float model, at the lowest, middle and highest quality, on `count` training crops
    drawn with another seed than the calibration crops (never Kodak). Added after 8-bit activations had cost +30 %
    at low rate unnoticed (training-export/README.md, "The exact integer path, measured")."""
    from . import intpath

    def check(model, ipath):
        crops = calibration_images(cache, count, seed=1)
        last = len(model.cfg.lambdas) - 1
        for anchor in sorted({0, last // 2, last}):
            cost = intpath.mean_comparison(model, ipath, crops, float(anchor))["cost"]
            print(f"integer path, anchor {anchor}: {cost:+.2f} % estimated bits over the float model", flush=True)
            if cost > max_cost_percent:
                raise SystemExit(f"export refused: the integer entropy-parameter path costs {cost:+.2f} % at anchor "
                                 f"{anchor} (limit {max_cost_percent} %, --max-integer-cost); nothing written")
    return check


def smoke_pack(out: Path, seed: int = 0, steps: int = 300, config: str = "tiny") -> str:
    from .train import parse_args, train
    from .checkpoint import load_model
    with tempfile.TemporaryDirectory() as tmp:
        ck = train(parse_args(["--smoke", "--config", config, "--run", tmp, "--seed", str(seed),
                               "--steps", str(steps)]))
        model, state = load_model(ck)
    calib = calibration_images(None, 16, seed) if model.cfg.arch == "cc" else None
    return export_pack(model, out, "lci-" + config, "0.0.0", state.get("step"), calib)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", type=Path, help="full or compact checkpoint")
    ap.add_argument("--out", type=Path, help="output .lcipack")
    ap.add_argument("--name", default="lci-v2")
    ap.add_argument("--version", default="2026.12.1")
    ap.add_argument("--smoke-pack", type=Path, help="train the tiny smoke model and export it here")
    ap.add_argument("--smoke-config", default="tiny", choices=["tiny", "tinycc"],
                    help="tiny (format 1, testdata/packs/tiny.lcipack) or tinycc (format 2, tinycc.lcipack)")
    ap.add_argument("--smoke-steps", type=int, default=300,
                    help="training steps of the smoke model (300 for testdata/packs/tiny.lcipack)")
    ap.add_argument("--calibration-cache", type=Path, default=Path("cache/train_256.npy"),
                    help="training crop cache for the integer layers' activation ranges (v2 packs)")
    ap.add_argument("--max-integer-cost", type=float, default=2.0,
                    help="refuse a v2 export whose integer path costs more than this %% of estimated bits")
    a = ap.parse_args(argv)
    torch.set_num_threads(2)
    if a.smoke_pack:
        if a.smoke_steps < 1:
            ap.error("--smoke-steps must be at least 1")
        smoke_pack(a.smoke_pack, steps=a.smoke_steps, config=a.smoke_config)
        return 0
    if not a.checkpoint or not a.out:
        ap.error("need --checkpoint and --out (or --smoke-pack PATH)")
    from .checkpoint import load_model
    model, state = load_model(a.checkpoint)
    calib = calibration_images(a.calibration_cache) if model.cfg.arch == "cc" else None
    gate = integer_path_gate(a.calibration_cache, a.max_integer_cost) if model.cfg.arch == "cc" else None
    export_pack(model, a.out, a.name, a.version, state.get("step"), calib, gate)
    return 0


if __name__ == "__main__":
    from .cli import run
    sys.exit(run(main))
