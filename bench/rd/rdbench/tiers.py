"""The CDN case: one LCI file serves full, 1/2 and 1/4 size (tiers 0-2), against storing a
separate JPEG or WebP file per resolution.

For each image and LCI setting, tier k is scored against the source area-downscaled by 2^k.
The classic codec then gets, per resolution, the bytes it needs for the same PSNR on that
downscaled source (log-bytes interpolated between its sweep settings), and the three files are
added up. Images where any resolution falls outside the classic sweep's PSNR range are left out.
Serving a single small size is compared too: the byte prefix of the LCI file that tier k needs
against the one classic file at that size.
"""
import math
from collections import defaultdict

from .curves import bytes_at_psnr, per_image

FACTORS = {0: "full", 1: "half", 2: "quarter"}


def tier_table(lci_records, classic_by_dataset):
    """classic_by_dataset: {codec: {dataset: [records]}}; returns rows per LCI setting."""
    lci_by_setting = defaultdict(list)
    for r in lci_records:
        if "psnr_t2" in r:
            lci_by_setting[r["setting"]].append(r)
    per_codec_images = {c: {ds: per_image(recs) for ds, recs in by_ds.items()}
                        for c, by_ds in classic_by_dataset.items()}
    rows = []
    for setting in sorted(lci_by_setting):
        recs = lci_by_setting[setting]
        row = {"setting": setting, "images": len(recs),
               "psnr": [sum(_tier_psnr(r, k) for r in recs) / len(recs) for k in FACTORS],
               "classic": {}}
        for codec, images in per_codec_images.items():
            c = {"matched": 0, "lci_bytes": 0.0, "classic_bytes": 0.0,
                 # serving one size: LCI's byte prefix for tier k vs the classic file at that size
                 "lci_prefix": {1: 0.0, 2: 0.0}, "classic_single": {1: 0.0, 2: 0.0}}
            for r in recs:
                need = [bytes_at_psnr(images[FACTORS[k]].get(r["image"], []), _tier_psnr(r, k))
                        for k in FACTORS]
                if all(math.isfinite(b) for b in need):
                    c["matched"] += 1
                    c["lci_bytes"] += r["bytes"]
                    c["classic_bytes"] += sum(need)
                    for k in (1, 2):
                        c["lci_prefix"][k] += r.get(f"prefix_bytes_t{k}", math.nan)
                        c["classic_single"][k] += need[k]
            row["classic"][codec] = c
        rows.append(row)
    return rows


def _tier_psnr(r, k):
    return r["psnr"] if k == 0 else r[f"psnr_t{k}"]
