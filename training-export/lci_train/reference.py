"""Python reference of the deterministic entropy-parameter path (docs/ARCHITECTURE.md).

float32 numpy in the normative order: for every output element acc = bias[oc], then for ic, ky, kx
ascending acc = acc + w * x, skipping taps outside the input (numpy does not fuse multiply-add).
The Java runtime is the reference; this mirrors it to test packs and to write test vectors:

    ../.venv/bin/python -m lci_train.reference ../testdata/packs/tiny.lcipack \
        ../testdata/packs/tiny_vectors.json
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from .export import verify_pack, read_pack


def load_tensors(manifest: dict, blob: bytes) -> dict:
    out = {}
    for name, t in manifest["tensors"].items():
        n = int(np.prod(t["shape"])) if t["shape"] else 1
        out[name] = np.frombuffer(blob, dtype="<f4", count=n, offset=t["offset"]).reshape(t["shape"])
    return out


def _tap_range(out_size: int, in_size: int, stride: int, pad: int, k: int, transposed: bool):
    """Output positions o (as a slice) and input positions i that tap k connects."""
    if not transposed:                       # i = o*s - p + k
        o = np.arange(out_size)
        i = o * stride - pad + k
    else:                                    # o = i*s - p + k
        i = np.arange(in_size)
        o = i * stride - pad + k
    ok = (i >= 0) & (i < in_size) & (o >= 0) & (o < out_size)
    return o[ok], i[ok]


def layer_f32(x: np.ndarray, spec: dict, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """One conv2d / conv_transpose2d layer on CHW float32, normative accumulation order."""
    transposed = spec["type"] == "conv_transpose2d"
    cin, h, wd = x.shape
    k, s, p, op = spec["kernel"], spec["stride"], spec["padding"], spec.get("output_padding", 0)
    if transposed:
        oh, ow = (h - 1) * s - 2 * p + k + op, (wd - 1) * s - 2 * p + k + op
    else:
        oh, ow = (h + 2 * p - k) // s + 1, (wd + 2 * p - k) // s + 1
    cout = spec["out"]
    acc = np.empty((cout, oh, ow), dtype=np.float32)
    acc[:] = b.astype(np.float32)[:, None, None]
    for ic in range(cin):
        for ky in range(k):
            oy, iy = _tap_range(oh, h, s, p, ky, transposed)
            if oy.size == 0:
                continue
            for kx in range(k):
                ox, ix = _tap_range(ow, wd, s, p, kx, transposed)
                if ox.size == 0:
                    continue
                wv = (w[ic, :, ky, kx] if transposed else w[:, ic, ky, kx]).astype(np.float32)
                xv = x[ic][np.ix_(iy, ix)]
                prod = wv[:, None, None] * xv[None]            # float32 multiply, rounded
                acc[:, oy[:, None], ox[None, :]] = acc[:, oy[:, None], ox[None, :]] + prod
    if spec["activation"] == "relu":
        acc = np.maximum(acc, np.float32(0))
    elif spec["activation"] != "none":
        raise ValueError(f"unknown activation {spec['activation']}")
    return acc


def hyper_synthesis_f32(z_hat: np.ndarray, manifest: dict, tensors: dict) -> np.ndarray:
    x = z_hat.astype(np.float32)
    for spec in manifest["hyper_synthesis"]:
        x = layer_f32(x, spec, tensors[spec["weight"]], tensors[spec["bias"]])
    return x


def scale_indexes(scales: np.ndarray, scale_table: np.ndarray) -> np.ndarray:
    """idx = count of j in [0, S-1) with s > scale_table[j] (float32 compare)."""
    st = scale_table.astype(np.float32)[:-1]
    return (scales.astype(np.float32)[..., None] > st).sum(-1).astype(np.int32)


def z_symbols(z: np.ndarray, medians: np.ndarray):
    """(symbols, z_hat) per the rule s = rint(z - median), z_hat = s + median (float32)."""
    m = medians.astype(np.float32)[:, None, None]
    s = np.rint(z.astype(np.float32) - m)
    return s.astype(np.int32), (s.astype(np.float32) + m).astype(np.float32)


def interpolate_gains(table: np.ndarray, q16: int) -> np.ndarray:
    """The manifest's quality rule (float64, then float32)."""
    L = table.shape[0]
    t = q16 / 65535 * (L - 1)
    i = min(int(np.floor(t)), L - 2)
    f = t - i
    g = table[i].astype(np.float64) ** (1 - f) * table[i + 1].astype(np.float64) ** f
    return g.astype(np.float32)


def symbol_bits(symbols: np.ndarray, table: dict) -> np.ndarray:
    """Bits the rANS coder spends on each of these symbols with this table: its step, or for a value out of
    the table's range the escape step, the 5-bit length and the raw bits (SPEC.md 9)."""
    cdf = np.asarray(table["cdf"], dtype=np.int64)
    n = cdf.size - 2
    d = np.asarray(symbols, dtype=np.int64) - table["offset"]
    freq = np.diff(cdf)
    inr = (d >= 0) & (d < n)
    bits = np.empty(d.shape, dtype=np.float64)
    bits[inr] = 16 - np.log2(freq[d[inr]])
    out = d[~inr]
    if out.size:
        u = np.where(out < 0, -2 * out - 1, 2 * (out - n))
        length = np.floor(np.log2(np.maximum(u, 1))).astype(np.int64) + (u > 0)
        bits[~inr] = 16 - np.log2(freq[n]) + 5 + np.maximum(length - 1, 0)
    return bits


def table_bits(symbols: np.ndarray, table: dict) -> float:
    """Bits the rANS coder spends on these symbols with this table (escape per SPEC.md)."""
    return float(symbol_bits(np.ravel(symbols), table).sum())


class PackCodec:
    """Encode/decode through an exported pack exactly as the runtime does, minus the rANS bytes:
    ONNX Runtime for the encoder and synthesis, this module's float32 path for entropy parameters.
    """

    def __init__(self, pack: Path):
        import onnxruntime as ort
        self.manifest = verify_pack(pack)
        members = read_pack(pack)
        self.tensors = load_tensors(self.manifest, members["tensors.bin"])
        self.tables = json.loads(members["entropy.json"])
        so = ort.SessionOptions()
        so.intra_op_num_threads = 2
        mk = lambda n: ort.InferenceSession(members[n], so, providers=["CPUExecutionProvider"])
        self.encoder = mk("encoder.onnx")
        self.synthesis = [mk(t["graph"]) for t in self.manifest["tiers"]]

    def roundtrip(self, rgb: np.ndarray, quality: float):
        """uint8 HxWx3 -> (bits, [uint8 output per tier, cropped to the tier's size])."""
        h, w, _ = rgb.shape
        ph, pw = (-h) % 64, (-w) % 64
        x = np.pad(rgb, ((0, ph), (0, pw), (0, 0)), mode="edge").astype(np.float32) / 255
        q16 = int(round(quality * 65535))
        gain = interpolate_gains(self.tensors["gains"], q16)
        inv = interpolate_gains(self.tensors["inverse_gains"], q16)
        y, z = self.encoder.run(None, {"x": x.transpose(2, 0, 1)[None].copy(), "gain": gain})
        y, z = y[0], z[0]
        zs, z_hat = z_symbols(z, self.tensors["z_medians"])
        params = hyper_synthesis_f32(z_hat, self.manifest, self.tensors)
        M = self.manifest["M"]
        mu, scale = params[:M], params[M:]
        idx = scale_indexes(scale, self.tensors["scale_table"])
        ys = np.rint(y - mu).astype(np.int32)
        y_hat = (ys.astype(np.float32) + mu).astype(np.float32)
        bits = sum(table_bits(zs[c], self.tables["z_tables"][c]) for c in range(zs.shape[0]))
        for j in np.unique(idx):
            bits += table_bits(ys[idx == j], self.tables["y_tables"][j])
        outs = []
        for k, (tier, sess) in enumerate(zip(self.manifest["tiers"], self.synthesis)):
            c = sum(self.manifest["groups"][: tier["groups"]])
            yin = (y_hat[:c] * inv[:c, None, None]).astype(np.float32)[None]
            (xh,) = sess.run(None, {"y_hat": yin})
            hk, wk = -(-h // 2 ** k), -(-w // 2 ** k)
            img = np.clip(np.rint(xh[0].transpose(1, 2, 0) * 255), 0, 255).astype(np.uint8)
            outs.append(img[:hk, :wk])
        return bits, outs


def write_vectors(pack: Path, out: Path, h: int = 2, w: int = 3, seed: int = 0):
    """Test vectors for the Java deterministic path: z, z symbols, hyper-synthesis bits, indexes."""
    manifest = verify_pack(pack)
    members = read_pack(pack)
    tensors = load_tensors(manifest, members["tensors.bin"])
    rng = np.random.default_rng(seed)
    z = (rng.standard_normal((manifest["Nz"], h, w)) * 3).astype(np.float32)
    sym, z_hat = z_symbols(z, tensors["z_medians"])
    params = hyper_synthesis_f32(z_hat, manifest, tensors)
    M = manifest["M"]
    idx = scale_indexes(params[M:], tensors["scale_table"])
    bits = lambda a: a.astype("<f4").view("<i4").ravel().tolist()
    vec = {"pack_digest": __import__("hashlib").sha256(members["manifest.json"]).hexdigest(),
           "note": "float32 values as int32 bit patterns (Float.intBitsToFloat), CHW order",
           "z_shape": list(z.shape), "z_bits": bits(z), "z_symbols": sym.ravel().tolist(),
           "params_shape": list(params.shape), "params_bits": bits(params),
           "scale_indexes": idx.ravel().tolist()}
    out.write_text(json.dumps(vec, separators=(",", ":")) + "\n")
    print(f"wrote {out}: z {z.shape} -> params {params.shape}")


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print(__doc__)
        return 2
    write_vectors(Path(argv[0]), Path(argv[1]))
    return 0


if __name__ == "__main__":
    from .cli import run
    sys.exit(run(main))
