"""Rate-distortion evaluation on Kodak (or any folder of images), per quality anchor and tier.

    cd training-export
    ../.venv/bin/python -m lci_train.evaluate --checkpoint checkpoints/latest.pt \
        --kodak ../../shared/data/kodak --out results/kodak_default

bpp is ESTIMATED from the model's likelihoods (no entropy coder runs here), over the real pixel
count. Images are padded to multiples of 64 by edge replication, as the runtime does. PSNR is on
8-bit RGB: tier 0 against the original, tiers 1 and 2 against the area-downscaled original.
"""
from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from .checkpoint import load_model
from .models.hyperprior import rate_bits

# CompressAI bmshj2018-hyperprior (MSE) on Kodak, the published reference points.
REFERENCE = {"name": "CompressAI bmshj2018-hyperprior",
             "bpp": [0.131, 0.320, 0.478, 0.669, 0.939, 1.259],
             "psnr": [27.58, 30.97, 32.84, 34.53, 36.74, 38.58]}


def load_rgb(path: Path) -> torch.Tensor:
    with Image.open(path) as im:
        a = np.asarray(im.convert("RGB"), dtype=np.uint8)
    return torch.from_numpy(a.copy()).permute(2, 0, 1).unsqueeze(0).float() / 255.0


def pad64(x: torch.Tensor) -> torch.Tensor:
    h, w = x.shape[2:]
    ph, pw = (-h) % 64, (-w) % 64
    return F.pad(x, (0, pw, 0, ph), mode="replicate") if ph or pw else x


def psnr8(a: torch.Tensor, b: torch.Tensor) -> float:
    qa = torch.round(a.clamp(0, 1) * 255)
    qb = torch.round(b.clamp(0, 1) * 255)
    mse = ((qa - qb) ** 2).mean().item()
    return 99.0 if mse == 0 else 10 * np.log10(255.0 ** 2 / mse)


def area_down(x: torch.Tensor, f: int) -> torch.Tensor:
    h, w = x.shape[2] // f * f, x.shape[3] // f * f
    return F.avg_pool2d(x[:, :, :h, :w], f) if f > 1 else x


@torch.no_grad()
def evaluate_image(model, x: torch.Tensor, t: float):
    h, w = x.shape[2:]
    out = model(pad64(x), torch.tensor([t]))
    bits = rate_bits(out["y_lik"]).item() + rate_bits(out["z_lik"]).item()
    row = {"bpp_est": bits / (h * w)}
    for k, xh in enumerate(out["x_hats"]):
        tgt = area_down(x, 2 ** k)
        row[f"psnr_t{k}"] = psnr8(xh[:, :, :tgt.shape[2], :tgt.shape[3]], tgt)
    # Tier 0 from the same latents NOT rounded: the ceiling of the transforms at this quality.
    # When the coded PSNR nears it, more bits cannot help; only better transforms can.
    xh = model.synthesize(out["y"] * out["inverse_gain"].view(1, -1, 1, 1), 0)
    row["psnr_t0_unquantized"] = psnr8(xh[:, :, :h, :w], x)
    return row


def reference_psnr_at(bpp: float) -> float:
    """CompressAI reference PSNR at this bpp (linear in log-bpp between its points)."""
    return float(np.interp(np.log(bpp), np.log(REFERENCE["bpp"]), REFERENCE["psnr"],
                           left=np.nan, right=np.nan))


def evaluate(checkpoint: Path, folder: Path, out: Path, limit: int | None = None,
             pack: Path | None = None, anchors=None):
    model, state = load_model(checkpoint)
    codec = None
    if pack:
        from .reference import PackCodec
        codec = PackCodec(pack)
    files = sorted(p for p in Path(folder).iterdir() if p.suffix.lower() in (".png", ".jpg", ".jpeg"))
    if not files:
        raise FileNotFoundError(f"no images in {folder}")
    files = files[:limit] if limit else files
    L = len(model.cfg.lambdas)
    anchors = list(range(L)) if anchors is None else [a for a in anchors if 0 <= a < L]
    rows = []
    t0 = time.time()
    for path in files:
        x = load_rgb(path)
        for a in anchors:
            r = evaluate_image(model, x, float(a))
            if codec is not None:      # the exported pack: ONNX graphs + float32 path + integer tables
                rgb = np.asarray(Image.open(path).convert("RGB"))
                bits, outs = codec.roundtrip(rgb, a / (L - 1))
                r["pack_bpp"] = bits / (rgb.shape[0] * rgb.shape[1])
                mse = np.mean((outs[0].astype(np.float64) - rgb) ** 2)
                r["pack_psnr_t0"] = 99.0 if mse == 0 else 10 * np.log10(255.0 ** 2 / mse)
            rows.append({"image": path.name, "anchor": a, "lambda": model.cfg.lambdas[a], **r})
        print(f"{path.name}: " + " ".join(f"{r['bpp_est']:.3f}/{r['psnr_t0']:.2f}"
                                          for r in rows[-len(anchors):]), flush=True)
    tiers = model.cfg.tiers
    summary = []
    for a in anchors:
        sel = [r for r in rows if r["anchor"] == a]
        s = {"anchor": a, "lambda": model.cfg.lambdas[a],
             "bpp_est": float(np.mean([r["bpp_est"] for r in sel]))}
        for k in range(tiers):
            s[f"psnr_t{k}"] = float(np.mean([r[f"psnr_t{k}"] for r in sel]))
        s["psnr_t0_unquantized"] = float(np.mean([r["psnr_t0_unquantized"] for r in sel]))
        for key in ("pack_bpp", "pack_psnr_t0"):
            if key in sel[0]:
                s[key] = float(np.mean([r[key] for r in sel]))
        s["ref_psnr"] = reference_psnr_at(s["bpp_est"])
        summary.append(s)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out.with_suffix(".csv"), "w", newline="") as f:
        wr = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        wr.writeheader()
        wr.writerows(rows)
    write_markdown(out.with_suffix(".md"), summary, checkpoint, state, len(files), folder,
                   time.time() - t0)
    plot_rd(out.with_suffix(".png"), summary)
    return summary


def write_markdown(path: Path, summary, checkpoint, state, n, folder, secs):
    cpu_h = state.get("cpu_s", 0) / 3600
    lines = [f"# Rate-distortion on {Path(folder).name} ({n} images)", "",
             f"Checkpoint `{Path(checkpoint).name}` at training step {state.get('step')} "
             f"({cpu_h:.2f} CPU hours). bpp is **estimated** from the model likelihoods, not "
             "coded bytes. PSNR on 8-bit RGB; tier 1/2 against the area-downscaled original.", "",
             "| anchor | lambda | est. bpp | PSNR t0 | PSNR t1 (1/2) | PSNR t2 (1/4) | "
             "bmshj2018-hyperprior at same bpp | delta t0 | t0 unquantized |",
             "|---|---|---|---|---|---|---|---|---|"]
    for s in summary:
        ref = s["ref_psnr"]
        ref_s = "n/a" if np.isnan(ref) else f"{ref:.2f}"
        d = "n/a" if np.isnan(ref) else f"{s['psnr_t0'] - ref:+.2f}"
        lines.append(f"| {s['anchor']} | {s['lambda']:.4g} | {s['bpp_est']:.3f} | {s['psnr_t0']:.2f} | "
                     f"{s.get('psnr_t1', float('nan')):.2f} | {s.get('psnr_t2', float('nan')):.2f} | "
                     f"{ref_s} | {d} | {s['psnr_t0_unquantized']:.2f} |")
    lines += ["", "Reference: " + REFERENCE["name"] + ", " + ", ".join(
        f"{p} dB @ {b} bpp" for b, p in zip(REFERENCE["bpp"], REFERENCE["psnr"])) +
        " (interpolated linearly in log-bpp).",
        "", "*t0 unquantized*: tier 0 decoded from latents that are not rounded (same gains), the ceiling "
        "of the analysis/synthesis transforms at that quality. Where the coded PSNR is close to it, more "
        "bits cannot buy quality; only better-trained or larger transforms can."]
    if "pack_bpp" in summary[0]:
        lines += ["", "Through the exported pack (ONNX Runtime graphs, float32 reference entropy-parameter "
                  "path, integer tables incl. escapes; quality q = anchor/(L-1); rANS stream overhead "
                  "not counted):", "", "| anchor | table bpp | PSNR t0 |", "|---|---|---|"]
        lines += [f"| {s['anchor']} | {s['pack_bpp']:.3f} | {s['pack_psnr_t0']:.2f} |" for s in summary]
    lines += ["", f"Evaluation took {secs:.0f} s."]
    path.write_text("\n".join(lines) + "\n")


def plot_rd(path: Path, summary):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(REFERENCE["bpp"], REFERENCE["psnr"], "k--", label=REFERENCE["name"])
    bpp = [s["bpp_est"] for s in summary]
    for k in range(3):
        key = f"psnr_t{k}"
        if key in summary[0]:
            ax.plot(bpp, [s[key] for s in summary], "o-", label=f"LCI tier {k} (est. bpp of all groups)")
    ax.set_xlabel("bpp (estimated)")
    ax.set_ylabel("PSNR RGB (dB)")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", type=Path, required=True)
    ap.add_argument("--kodak", type=Path, required=True, help="folder of evaluation images")
    ap.add_argument("--out", type=Path, default=Path("results/kodak"),
                    help="output prefix: .md, .csv and .png are written")
    ap.add_argument("--pack", type=Path, default=None,
                    help="also code through this exported pack (table bits, ONNX pixels)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N images")
    ap.add_argument("--anchors", default=None, help="comma-separated anchor subset, e.g. 0,2,4,6,8,10")
    ap.add_argument("--bd-against", type=Path, default=None,
                    help="bench/rd curves.csv: print estimated BD-rates against its codecs (full size)")
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    anchors = [int(v) for v in a.anchors.split(",")] if a.anchors else None
    summary = evaluate(a.checkpoint, a.kodak, a.out, a.limit, a.pack, anchors)
    for s in summary:
        print(s)
    if a.bd_against:
        for codec, bd in bd_rates_against(summary, a.bd_against).items():
            print(f"BD-rate (estimated bpp, PSNR-RGB) vs {codec}: {bd:+.1f} %")
    return 0


def bench_module(name: str):
    """bench/rd's module rdbench/NAME, loaded from the repository (bdrate: the one BD-rate method everywhere;
    photoset: the evaluation crop)."""
    import importlib.util
    path = Path(__file__).resolve().parents[2] / "bench" / "rd" / "rdbench" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"rdbench_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def bd_rates_against(summary, curves_csv: Path) -> dict:
    """BD-rate of the estimated curve against every codec of a bench/rd curves.csv (dataset 'full').

    Uses the bench's own Bjontegaard implementation, so pilots and the bench agree on the method."""
    bdrate = bench_module("bdrate")
    curves = {}
    with open(curves_csv, newline="") as f:
        for r in csv.DictReader(f):
            if r["dataset"] == "full" and r["codec"] != "lci":
                curves.setdefault(r["codec"], ([], []))
                curves[r["codec"]][0].append(float(r["bpp"]))
                curves[r["codec"]][1].append(float(r["psnr"]))
    rates = [s["bpp_est"] for s in summary]
    psnrs = [s["psnr_t0"] for s in summary]
    return {c: bdrate.bd_rate(r, d, rates, psnrs) for c, (r, d) in sorted(curves.items())}


if __name__ == "__main__":
    from .cli import run
    sys.exit(run(main))
