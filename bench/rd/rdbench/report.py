"""Results on disk: every point as CSV, mean curves as CSV, RD plots, and a Markdown summary."""
import csv
import math
from pathlib import Path

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from . import bdrate, metrics  # noqa: E402

POINT_FIELDS = ["dataset", "codec", "setting", "image", "width", "height", "bytes", "bpp", "psnr",
                "ms_ssim", "enc_ms", "dec_ms", "enc_cpu_ms", "dec_cpu_ms",
                "psnr_t1", "psnr_t2", "dec_ms_t1", "dec_ms_t2", "prefix_bytes_t1", "prefix_bytes_t2"]
CURVE_FIELDS = ["dataset", "codec", "setting", "n", "bpp", "bytes", "psnr", "ms_ssim", "enc_ms", "dec_ms"]
# LCI BD-rate bars (PSNR-RGB, Kodak; issue 11): what the model must reach, and the goal beyond it.
GOALS = [("webp", -25.0, "Must"), ("avif", 10.0, "Must"), ("avif", -10.0, "Goal beyond")]


def _fmt(v, nd=3):
    if isinstance(v, float):
        return "" if math.isnan(v) else f"{v:.{nd}f}"
    return "" if v is None else str(v)


def write_points(path, records):
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=POINT_FIELDS, extrasaction="ignore")
        w.writeheader()
        for r in sorted(records, key=lambda r: (r["dataset"], r["codec"], r["setting"], r["image"])):
            w.writerow({k: _fmt(r.get(k), 4) for k in POINT_FIELDS})


def write_curves(path, curves_by_dataset):
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=CURVE_FIELDS)
        w.writeheader()
        for ds, curves in curves_by_dataset.items():
            for codec, curve in curves.items():
                for p in curve:
                    w.writerow({"dataset": ds, "codec": codec, **{k: _fmt(p[k], 4) for k in CURVE_FIELDS[2:]}})


def bd_table(curves, anchor):
    """BD-rate (PSNR and MS-SSIM dB) of every codec against anchor, with the PSNR interval."""
    rows = {}
    if anchor not in curves or len(curves[anchor]) < 2:
        return rows
    a = curves[anchor]
    for codec, c in curves.items():
        if codec == anchor or len(c) < 2:
            continue
        rows[codec] = {
            "psnr": bdrate.bd_rate([p["bpp"] for p in a], [p["psnr"] for p in a],
                                   [p["bpp"] for p in c], [p["psnr"] for p in c]),
            "interval": bdrate.overlap([p["psnr"] for p in a], [p["psnr"] for p in c]),
            "msssim": _bd_msssim(a, c),
        }
    return rows


def _bd_msssim(a, c):
    da = [metrics.ms_ssim_db(p["ms_ssim"]) for p in a]
    dc = [metrics.ms_ssim_db(p["ms_ssim"]) for p in c]
    if any(math.isnan(x) for x in da + dc):
        return math.nan
    return bdrate.bd_rate([p["bpp"] for p in a], da, [p["bpp"] for p in c], dc)


def plot(path, curves, labels, key, ylabel, title, max_bpp=2.2):
    fig, ax = plt.subplots(figsize=(8, 5.5), dpi=120)
    for codec, curve in curves.items():
        pts = [p for p in curve if p["bpp"] <= max_bpp * 1.15]
        ys = [metrics.ms_ssim_db(p["ms_ssim"]) if key == "ms_ssim_db" else p[key] for p in pts]
        style = dict(linewidth=2.4, marker="o", color="black") if codec == "lci" else dict(marker=".")
        ax.plot([p["bpp"] for p in pts], ys, label=labels.get(codec, codec), **style)
    ax.set_xlim(0, max_bpp)
    ax.set_xlabel("bits per pixel (file bytes x 8 / pixels)")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.grid(True, alpha=0.3)
    ax.legend(loc="lower right", fontsize=9)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def _interval(row):
    if not row:
        return ""
    lo, hi = row["interval"]
    return f"{lo:.1f}-{hi:.1f} dB" if hi > lo else "no overlap"


def _pct(v):
    return "n/a" if v is None or math.isnan(v) else f"{v:+.1f} %"


def summary_md(ctx):
    """ctx: dict with name, command, date, machine, versions, n_images, size, curves, labels, notes,
    lci_info, lci_error, skipped, tiers, tiny, quick."""
    L = []
    curves, labels = ctx["curves"], ctx["labels"]
    L.append(f"# Rate-distortion benchmark: {ctx['name']}")
    L.append("")
    L.append(f"{ctx['n_images']} images ({ctx['size']}), measured {ctx['date']} on {ctx['machine']} "
             f"(1-min load average at the end: {ctx.get('load', '?')}; times are wall-clock per image and "
             "noisy on a shared machine).")
    L.append(f"Command: `{ctx['command']}`" + (" (**quick mode**: 2 images, 3 settings)" if ctx["quick"] else ""))
    L.append("")
    if "lci" in curves:
        L.append(f"LCI: {ctx['lci_info'] or 'default pack'}. **Provisional**: the model is far from "
                 "trained (see training-export/README.md); these LCI numbers are a snapshot, not final.")
    else:
        L.append(f"LCI: not measured ({ctx['lci_error'] or 'disabled'}).")
    for s in ctx["skipped"]:
        L.append(f"- skipped: {s}")
    L.append("")
    L.append("![PSNR vs bpp](rd_psnr.png)")
    L.append("")
    L.append("## BD-rate (Bjontegaard, PSNR-RGB; negative = fewer bytes for the same PSNR)")
    L.append("")
    jpeg = bd_table(curves, "jpeg420")
    L.append("| codec | vs JPEG 4:2:0 (PSNR) | vs JPEG 4:2:0 (MS-SSIM dB) | LCI vs this codec (PSNR) "
             "| PSNR interval of that fit | LCI vs this (MS-SSIM dB) |")
    L.append("|---|---|---|---|---|---|")
    for codec in curves:
        if codec == "lci":
            continue
        j = jpeg.get(codec)
        # "LCI vs X" is the BD-rate of LCI with X as anchor.
        lx = bd_table({codec: curves[codec], "lci": curves["lci"]}, codec).get("lci") if "lci" in curves else None
        first = _pct(j["psnr"]) if j else ("anchor" if codec == "jpeg420" else "n/a")
        L.append(f"| {labels.get(codec, codec)} | {first} "
                 f"| {_pct(j['msssim']) if j else ''} | {_pct(lx['psnr']) if lx else 'n/a'} "
                 f"| {_interval(lx)} | {_pct(lx['msssim']) if lx else 'n/a'} |")
    if "lci" in curves:
        L.append("")
        for codec, goal, kind in GOALS:
            lx = bd_table({codec: curves[codec], "lci": curves["lci"]}, codec).get("lci") if codec in curves else None
            if lx:
                met = "no PSNR overlap" if math.isnan(lx["psnr"]) else ("met" if lx["psnr"] <= goal else "not met")
                L.append(f"- {kind}: LCI vs {labels.get(codec, codec)} <= {goal:+.0f} %: "
                         f"measured {_pct(lx['psnr'])} ({met}).")
    L += _speed_md(ctx.get("records_full", []), labels)
    L.append("")
    L.append("## Mean curves (mean bpp/PSNR/MS-SSIM over the images; median times)")
    L.append("")
    L.append("| codec | setting | bpp | PSNR dB | MS-SSIM | enc ms | dec ms |")
    L.append("|---|---|---|---|---|---|---|")
    for codec, curve in curves.items():
        for p in curve:
            L.append(f"| {labels.get(codec, codec)} | {p['setting']:g} | {p['bpp']:.3f} | {p['psnr']:.2f} "
                     f"| {p['ms_ssim']:.4f} | {p['enc_ms']:.0f} | {p['dec_ms']:.0f} |")
    L += _tiers_md(ctx.get("tiers"), labels)
    L += _tiny_md(ctx.get("tiny"), labels)
    L.append("")
    L.append("## Codecs and tools")
    L.append("")
    for codec in curves:
        L.append(f"- **{labels.get(codec, codec)}**: {ctx['notes'].get(codec, '')}")
    L.append("")
    for tool, v in ctx["versions"].items():
        L.append(f"- `{tool}`: {v}")
    L.append("")
    L.append("Method: see bench/README.md (metrics, BD-rate fit and interval, timing).")
    return "\n".join(L) + "\n"


def _speed_md(records, labels):
    """Median encode/decode wall time per codec over every image and setting of the full-size set."""
    if not records:
        return []
    import statistics
    from collections import defaultdict
    by = defaultdict(list)
    for r in records:
        by[r["codec"]].append(r)
    L = ["", "## Speed (median ms per image over all settings; wall-clock, see bench/README.md)", "",
         "| codec | encode ms | decode ms | decode 1/2 ms | decode 1/4 ms |", "|---|---|---|---|---|"]
    for codec, rs in by.items():
        t1 = [r["dec_ms_t1"] for r in rs if "dec_ms_t1" in r]
        t2 = [r["dec_ms_t2"] for r in rs if "dec_ms_t2" in r]
        L.append(f"| {labels.get(codec, codec)} | {statistics.median(r['enc_ms'] for r in rs):.0f} "
                 f"| {statistics.median(r['dec_ms'] for r in rs):.0f} "
                 f"| {'%.0f' % statistics.median(t1) if t1 else ''} | {'%.0f' % statistics.median(t2) if t2 else ''} |")
    return L


def _tiers_md(rows, labels):
    if not rows:
        return []
    L = ["", "## Resolution tiers (CDN case): one LCI file vs a file per resolution",
         "", "Full + 1/2 + 1/4 size. LCI: one file, tiers 0/1/2 decoded from it; each scored against the "
         "source area-downscaled. Classic: the bytes of three separate files, each at the PSNR LCI reached "
         "at that resolution. Totals over the images matched at all three sizes.", "",
         "| LCI q | PSNR full / half / quarter | codec | images | LCI bytes | classic bytes (3 files) "
         "| LCI / classic |",
         "|---|---|---|---|---|---|---|"]
    for row in rows:
        for codec, c in row["classic"].items():
            ratio = c["lci_bytes"] / c["classic_bytes"] if c["classic_bytes"] else math.nan
            L.append(f"| {row['setting']:g} | {' / '.join('%.2f' % p for p in row['psnr'])} "
                     f"| {labels.get(codec, codec)} | {c['matched']}/{row['images']} | {c['lci_bytes']:.0f} "
                     f"| {c['classic_bytes']:.0f} | {_fmt(ratio, 2)} |")
    L += ["", "Serving one small size: bytes of the LCI file's prefix that tier k needs (the file is tier-major) "
          "against the single classic file at that size and PSNR, totals over the same images.", "",
          "| LCI q | codec | 1/2: LCI prefix | 1/2: classic | 1/4: LCI prefix | 1/4: classic |",
          "|---|---|---|---|---|---|"]
    for row in rows:
        for codec, c in row["classic"].items():
            L.append(f"| {row['setting']:g} | {labels.get(codec, codec)} | {_fmt(c['lci_prefix'][1], 0)} "
                     f"| {c['classic_single'][1]:.0f} | {_fmt(c['lci_prefix'][2], 0)} | {c['classic_single'][2]:.0f} |")
    return L


def _tiny_md(tables, labels):
    if not tables:
        return []
    L = ["", "## Tiny images: bytes at matched PSNR", "",
         "Centre crops of every image; per image, ln(bytes) interpolated between sweep settings. First table: "
         "the PSNR JPEG 4:2:0 reaches on each image at a given quality is the target for every codec. Second: "
         "the PSNR LCI reaches on each image is the target. Means over the images every codec in the row matches."]
    for name, t in tables.items():
        rows = t["anchored"]
        codecs = list(rows[0]["bytes"]) if rows else []
        names = " | ".join(labels.get(c, c) for c in codecs)
        L += ["", f"**{name}**: mean bytes at the PSNR of JPEG 4:2:0 quality Q", "",
              f"| JPEG Q | mean PSNR | images | {names} |", "|---|---|---|" + "---|" * len(codecs)]
        for row in rows:
            L.append(f"| {row['setting']:g} | {row['psnr']:.2f} | {row['images']}/{row['of']} | "
                     + " | ".join(_fmt(row["bytes"][c], 0) for c in codecs) + " |")
        if t["lci"]:
            L += ["", f"**{name}**: mean bytes at LCI's PSNR", "",
                  f"| LCI q | LCI PSNR | images | LCI | {names} |", "|---|---|---|---|" + "---|" * len(codecs)]
            for row in t["lci"]:
                L.append(f"| {row['setting']:g} | {row['psnr']:.2f} | {row['images']}/{row['of']} "
                         f"| {_fmt(row['lci_bytes'], 0)} | "
                         + " | ".join(_fmt(row["bytes"][c], 0) for c in codecs) + " |")
    return L


def write_all(out, records, curves_by_dataset, ctx):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    write_points(out / "points.csv", records)
    write_curves(out / "curves.csv", curves_by_dataset)
    full = curves_by_dataset["full"]
    plot(out / "rd_psnr.png", full, ctx["labels"], "psnr", "PSNR-RGB (dB)", f"{ctx['name']}: PSNR vs rate")
    plot(out / "rd_msssim.png", full, ctx["labels"], "ms_ssim_db", "MS-SSIM RGB, -10 log10(1 - v) (dB)",
         f"{ctx['name']}: MS-SSIM vs rate")
    (out / "summary.md").write_text(_relative_paths(summary_md(ctx)))


def _relative_paths(text):
    """Results are committed: name files relative to the repository (or its parent), never by
    this machine's absolute paths."""
    repo = Path(__file__).resolve().parents[3]
    return text.replace(str(repo) + "/", "").replace(str(repo.parent) + "/", "")
