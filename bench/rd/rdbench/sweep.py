"""Run codecs over images and settings, measure each point, and cache it.

One JSON file per (dataset, codec, setting, image) under <work>/cache, so a rerun skips
work already done. A cached point is reused only if the source pixels and the codec's
command line are unchanged.
"""
import hashlib
import itertools
import json
import resource
import subprocess
import time
from pathlib import Path

from . import metrics
from .images import load_rgb


def _digest(*parts):
    h = hashlib.sha256()
    for p in parts:
        h.update(repr(p).encode())
        h.update(b"\0")
    return h.hexdigest()[:16]


def file_digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def codec_key(codec):
    """Changes whenever what the codec runs changes, so stale cache entries are redone."""
    parts = [codec.name, getattr(codec, "encode", None), getattr(codec, "decode", None),
             getattr(codec, "version", None)]
    if getattr(codec, "tiers", None):
        parts.append(codec.tiers)
    return _digest(*parts)


def _children_cpu_s():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed_run(argv):
    """Run a command; returns (wall ms, child CPU ms). Raises with the tool's stderr on failure."""
    cpu0, t0 = _children_cpu_s(), time.perf_counter()
    proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = (time.perf_counter() - t0) * 1000.0
    cpu = (_children_cpu_s() - cpu0) * 1000.0
    if proc.returncode != 0:
        raise RuntimeError(f"{argv[0]} exited {proc.returncode}: {' '.join(map(str, argv))}\n"
                           f"{proc.stderr.strip()[-2000:]}")
    return wall, cpu


def measure(reference_png, decoded_path, coded_bytes):
    """Rate and distortion of one decoded image against its reference."""
    ref = load_rgb(reference_png)
    dec = load_rgb(decoded_path)
    h, w = ref.shape[:2]
    if dec.shape != ref.shape:
        raise ValueError(f"{decoded_path}: decoded {dec.shape[1]}x{dec.shape[0]}, expected {w}x{h}")
    return {"width": w, "height": h, "bytes": coded_bytes, "bpp": coded_bytes * 8.0 / (w * h),
            "psnr": metrics.psnr(ref, dec), "ms_ssim": metrics.ms_ssim(ref, dec)}


class Cache:
    def __init__(self, root):
        self.root = Path(root)

    def path(self, dataset, codec, setting, image):
        return self.root / dataset / codec / f"{setting:g}" / f"{image}.json"

    def get(self, dataset, codec, setting, image, key):
        p = self.path(dataset, codec, setting, image)
        if not p.exists():
            return None
        rec = json.loads(p.read_text())
        return rec if rec.get("key") == key else None

    def put(self, rec):
        p = self.path(rec["dataset"], rec["codec"], rec["setting"], rec["image"])
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(json.dumps(rec, sort_keys=True, allow_nan=True))


def run_cli_point(codec, dataset, setting, image, src_png, scratch, keep_decoded=False):
    """Encode + decode one image with a command-line codec and measure it."""
    scratch = Path(scratch) / dataset / codec.name / f"{setting:g}"
    scratch.mkdir(parents=True, exist_ok=True)
    coded = scratch / f"{image}.{codec.ext}"
    decoded = scratch / f"{image}.dec.{codec.decoded_ext}"
    enc_ms, enc_cpu = timed_run(codec.encode_argv(src_png, Path(src_png).with_suffix(".ppm"), setting, coded))
    dec_ms, dec_cpu = timed_run(codec.decode_argv(coded, decoded))
    rec = measure(src_png, decoded, coded.stat().st_size)
    rec.update(enc_ms=enc_ms, dec_ms=dec_ms, enc_cpu_ms=enc_cpu, dec_cpu_ms=dec_cpu)
    if not keep_decoded:
        decoded.unlink()
    return rec


def sweep(codec, sources, settings, dataset, work, log=print):
    """All points of one codec on one dataset; returns a list of records (cached or fresh)."""
    cache = Cache(Path(work) / "cache")
    key_codec = codec_key(codec)
    out, todo = [], []
    for setting in settings:
        for image, src in sources.items():
            key = _digest(key_codec, file_digest(src))
            rec = cache.get(dataset, codec.name, setting, image, key)
            if rec is None:
                todo.append((setting, image, src, key))
            else:
                out.append(rec)
    if todo:
        log(f"  {dataset}/{codec.name}: {len(todo)} points to run, {len(out)} cached")
    for rec in _run_batch(codec, dataset, todo, Path(work) / "scratch"):
        cache.put(rec)  # at once, so an interrupted sweep keeps what it measured
        out.append(rec)
    return out


def _run_batch(codec, dataset, todo, scratch):
    """Yields measured records in todo order (settings outer, images inner)."""
    if hasattr(codec, "run_points"):
        # JVM codecs: one process per setting, fewer start-ups than one per point, and each
        # finished setting is cached before the next starts.
        for _, group in itertools.groupby(todo, key=lambda t: t[0]):
            group = list(group)
            results = codec.run_points(dataset, [(s, i, src) for s, i, src, _ in group], scratch)
            yield from (_label(r, dataset, codec, t) for t, r in zip(group, results))
    else:
        for t in todo:
            setting, image, src, _ = t
            yield _label(run_cli_point(codec, dataset, setting, image, src, scratch), dataset, codec, t)


def _label(rec, dataset, codec, todo_item):
    setting, image, _, key = todo_item
    rec.update(dataset=dataset, codec=codec.name, setting=setting, image=image, key=key)
    return rec
