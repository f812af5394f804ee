"""Tiny images (centre crops, e.g. 64x64 and 42x42), where fixed headers weigh most.

Two views, both with per-image bytes interpolated in ln(bytes) vs PSNR between sweep settings:
- JPEG-anchored: per image, the PSNR JPEG reaches at quality 30/50/70/90 is the target for every
  classic codec, averaged over the images all of them match;
- LCI-matched: per LCI setting, the bytes each classic codec needs for the PSNR LCI reached on
  that image, averaged over the images every classic codec can match.
"""
from collections import defaultdict
import math
import statistics

from .curves import bytes_at_psnr, per_image

ANCHOR = "jpeg420"
ANCHOR_SETTINGS = (30, 50, 70, 90)


def anchored_table(records_by_codec, anchor=ANCHOR, settings=ANCHOR_SETTINGS):
    """Per anchor setting (e.g. JPEG quality 50): on each image, the PSNR the anchor reached sets the
    target; rows give mean bytes of every codec at that PSNR over the images all codecs match.
    Targets follow each image's content, so every image can take part."""
    images = {c: per_image(recs) for c, recs in records_by_codec.items()}
    rows = []
    for setting in settings:
        refs = [r for r in records_by_codec.get(anchor, []) if r["setting"] == setting]
        need = [(r, {c: bytes_at_psnr(images[c].get(r["image"], []), r["psnr"]) for c in images})
                for r in refs]
        matched = [b for _, b in need if all(math.isfinite(v) for v in b.values())]
        rows.append({"setting": setting, "images": len(matched), "of": len(refs),
                     "psnr": statistics.fmean(r["psnr"] for r in refs) if refs else math.nan,
                     "bytes": {c: (statistics.fmean(b[c] for b in matched) if matched else math.nan)
                               for c in images}})
    return rows


def lci_matched_table(lci_records, records_by_codec):
    """Per LCI setting: mean PSNR and bytes of LCI, and mean bytes of each classic codec at LCI's
    per-image PSNR, over the images that every classic codec matches."""
    images = {c: per_image(recs) for c, recs in records_by_codec.items()}
    by_setting = defaultdict(list)
    for r in lci_records:
        by_setting[r["setting"]].append(r)
    rows = []
    for setting in sorted(by_setting):
        recs = by_setting[setting]
        need = [(r, {c: bytes_at_psnr(images[c].get(r["image"], []), r["psnr"]) for c in images}) for r in recs]
        matched = [(r, b) for r, b in need if all(math.isfinite(v) for v in b.values())]
        rows.append({
            "setting": setting, "images": len(matched), "of": len(recs),
            "psnr": statistics.fmean(r["psnr"] for r in recs),
            "lci_bytes": statistics.fmean(r["bytes"] for r, _ in matched) if matched else math.nan,
            "bytes": {c: (statistics.fmean(b[c] for _, b in matched) if matched else math.nan) for c in images},
        })
    return rows
