"""bench/rd entry point: sweep every codec over a folder of images and publish the results.

    python -m rdbench --images DIR --out DIR [--quick] [--codecs a,b] [--no-lci] [--lci-pack F]
"""
import argparse
import datetime
import shlex
import sys
from pathlib import Path

from . import codecs, curves as curves_mod, images, report, sweep, tools
from .javacodecs import IMAGEIO_JPEG, LCI_NOTE, lci_codec
from .tiers import tier_table
from .tiny import anchored_table, lci_matched_table

TIER_CODECS = ("jpeg420", "jpeg444", "webp")
# LCI's coarse tiers reach high PSNR on the downscaled sources: sweep the classic codecs further up there.
TIER_EXTRA_SETTINGS = {"jpeg420": (95, 98), "jpeg444": (95, 98), "webp": (95, 100)}
TINY_CODECS = ("jpeg420", "webp", "avif")
TINY_SIZES = (64, 42)


def quick_settings(settings):
    """Low, middle and high end of a sweep."""
    n = len(settings)
    return tuple(settings[i] for i in sorted({1, n // 2, n - 2}))


def _sizes(paths):
    sizes = sorted({"%dx%d" % images.load_rgb(p).shape[1::-1] for p in paths})
    return ", ".join(sizes[:4]) + (", ..." if len(sizes) > 4 else "")


def _load():
    try:
        with open("/proc/loadavg") as f:
            return f.read().split()[0]
    except OSError:
        return "?"


def parse(argv):
    ap = argparse.ArgumentParser(prog="bench/rd/run", description=__doc__.splitlines()[0])
    ap.add_argument("--images", required=True, help="folder of images (PNG etc.)")
    ap.add_argument("--out", required=True, help="results folder: points.csv, curves.csv, summary.md, plots")
    ap.add_argument("--work", help="cache and scratch (default bench/rd/work/<images folder name>)")
    ap.add_argument("--quick", action="store_true", help="2 images, 3 settings per codec")
    ap.add_argument("--limit", type=int, help="only the first N images")
    ap.add_argument("--codecs", help="comma list of classic codecs (default all): "
                    + ",".join([c.name for c in codecs.CLASSIC] + [IMAGEIO_JPEG.name]))
    ap.add_argument("--no-lci", action="store_true", help="classic codecs only")
    ap.add_argument("--lci-pack", help="model pack file (default: the runtime jar's default pack)")
    ap.add_argument("--no-install", action="store_true", help="do not apt-get install missing tools")
    ap.add_argument("--skip-tiers", action="store_true", help="no resolution-tier (CDN) comparison")
    ap.add_argument("--skip-tiny", action="store_true", help="no 64x64 / 42x42 crop comparison")
    return ap.parse_args(argv)


def _usable_classic(wanted, install, log):
    """The wanted classic codecs whose tools are present (installing them if allowed), and notes
    on those left out."""
    classic = [codecs.BY_NAME[n] for n in wanted if n in codecs.BY_NAME]
    missing = sorted({t for c in classic for t in c.missing_tools()})
    if missing and install:
        missing = tools.install(missing, log)
    if not missing:
        return classic, []
    pk = sorted({codecs.DEBIAN_PACKAGES[t] for t in missing})
    notes = [f"tools missing: {', '.join(missing)} (Debian: apt-get install {' '.join(pk)})"]
    log("WARNING " + notes[0])
    notes += [f"{c.name}: needs {', '.join(c.missing_tools())}" for c in classic if c.missing_tools()]
    return [c for c in classic if not c.missing_tools()], notes


class Run:
    """One benchmark run: sweeps per dataset (full, half, quarter, crops), kept for the report."""

    def __init__(self, args, log):
        self.args, self.log = args, log
        self.src_dir = Path(args.images)
        here = Path(__file__).resolve().parents[1]
        self.work = Path(args.work) if args.work else \
            here / "work" / (self.src_dir.resolve().name + ("-quick" if args.quick else ""))
        self.limit = 2 if args.quick else args.limit
        self.records, self.datasets = [], {}

    def sources(self, name, transform=None):
        return images.prepare(self.src_dir, self.work / "src" / name, self.limit, transform)

    def sweep(self, codec, ds_name, sources, extra=()):
        self.log(f"[{ds_name}] {codec.name}")
        settings = quick_settings(codec.settings) if self.args.quick else codec.settings + tuple(extra)
        recs = sweep.sweep(codec, sources, settings, ds_name, self.work, self.log)
        self.records.extend(recs)
        self.datasets.setdefault(ds_name, {})[codec.name] = recs
        return recs

    def lci(self, ds_name, sources, tiers):
        """LCI is optional here: on failure, say why and go on with the classic codecs."""
        try:
            recs = self.sweep(lci_codec(self.args.lci_pack, tiers=tiers), ds_name, sources)
            return recs, next((r["info"] for r in recs if r.get("info")), "default pack"), ""
        except Exception as e:  # noqa: BLE001 - any failure of the LCI side is reported, not fatal
            msg = str(e).strip().splitlines()
            error = f"{type(e).__name__}: {msg[-1] if msg else ''}"
            self.log("LCI not measured: " + error)
            return None, "", error

    def tiers(self, full, classic_names, lci_recs):
        sets = {"half": self.sources("half", lambda rgb: images.area_downscale(rgb, 2)),
                "quarter": self.sources("quarter", lambda rgb: images.area_downscale(rgb, 4))}
        classic = {}
        for name in (n for n in TIER_CODECS if n in classic_names):
            classic[name] = {"full": self.datasets["full"][name]}
            for ds, srcs in sets.items():
                classic[name][ds] = self.sweep(codecs.BY_NAME[name], ds, srcs, TIER_EXTRA_SETTINGS.get(name, ()))
        return tier_table(lci_recs, classic) if lci_recs else None

    def tiny(self, first, classic_names, with_lci):
        tables, notes = {}, []
        for size in (s for s in TINY_SIZES if s <= min(first.shape[:2])):
            ds = f"crop{size}"
            srcs = self.sources(ds, lambda rgb, s=size: images.centre_crop(rgb, s))
            by = {n: self.sweep(codecs.BY_NAME[n], ds, srcs) for n in TINY_CODECS if n in classic_names}
            table = {"anchored": anchored_table(by), "lci": None}
            if with_lci:
                recs, _, error = self.lci(ds, srcs, (0,))
                if recs:
                    table["lci"] = lci_matched_table(recs, by)
                else:
                    notes.append(f"LCI on {ds}: {error}")
            tables[f"{size}x{size} centre crops"] = table
        return tables, notes


def main(argv=None):
    argv = list(argv if argv is not None else sys.argv[1:])
    args = parse(argv)
    log = lambda m: print(m, flush=True)  # noqa: E731
    wanted = args.codecs.split(",") if args.codecs else [c.name for c in codecs.CLASSIC] + [IMAGEIO_JPEG.name]
    unknown = set(wanted) - set(codecs.BY_NAME) - {IMAGEIO_JPEG.name}
    if unknown:
        raise SystemExit(f"unknown codecs {sorted(unknown)}")
    classic, skipped = _usable_classic(wanted, not args.no_install, log)
    runners = classic + ([IMAGEIO_JPEG] if IMAGEIO_JPEG.name in wanted else [])
    names = {c.name for c in classic}

    run = Run(args, log)
    full = run.sources("full")
    first = images.load_rgb(next(iter(full.values())))
    log(f"{len(full)} images from {run.src_dir}; work folder {run.work}")
    for c in runners:
        run.sweep(c, "full", full)
    lci_recs, lci_info, lci_error = (None, "", "disabled (--no-lci)") if args.no_lci else \
        run.lci("full", full, (0,) if args.skip_tiers else (0, 1, 2))
    tiers_rows = None if args.skip_tiers else run.tiers(full, names, lci_recs)
    tiny, notes = ({}, []) if args.skip_tiny else run.tiny(first, names, lci_recs is not None)

    curves_by_dataset = {ds: {c: curves_mod.mean_curve(recs, len(full)) for c, recs in by_codec.items()}
                         for ds, by_codec in run.datasets.items()}
    labels = {c.name: c.label for c in runners}
    labels["lci"] = "LCI (provisional)"
    notes_by_codec = {c.name: c.note for c in runners}
    notes_by_codec["lci"] = LCI_NOTE
    ctx = {
        "name": run.src_dir.resolve().name, "quick": args.quick,
        "command": "bench/rd/run " + " ".join(shlex.quote(a) for a in argv),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": tools.machine(), "versions": tools.versions(),
        "n_images": len(full), "size": _sizes(full.values()), "load": _load(),
        "curves": curves_by_dataset["full"], "labels": labels, "notes": notes_by_codec,
        "lci_info": lci_info, "lci_error": lci_error, "skipped": skipped + notes,
        "tiers": tiers_rows, "tiny": tiny, "records_full": [r for r in run.records if r["dataset"] == "full"],
    }
    report.write_all(args.out, run.records, curves_by_dataset, ctx)
    log(f"wrote {args.out}/summary.md, points.csv, curves.csv, rd_psnr.png, rd_msssim.png")
    return 0
