"""Tiny images (centre crops, e.g. 64x64 and 42x42): mean bytes each codec needs for a given
PSNR, where fixed headers weigh most. Per image, log-bytes are interpolated between sweep
settings. At each target only the images that every codec reaches are averaged, so all
codecs in a row are compared on the same images."""
import math
import statistics

from .curves import bytes_at_psnr, per_image

TARGETS = (28.0, 32.0, 36.0, 40.0)


def tiny_table(records_by_codec, targets=TARGETS):
    """{codec: records} -> [{"target", "images", "bytes": {codec: mean bytes}}]."""
    images = {c: per_image(recs) for c, recs in records_by_codec.items()}
    names = sorted(set.intersection(*(set(v) for v in images.values()))) if images else []
    rows = []
    for t in targets:
        need = {c: {n: bytes_at_psnr(images[c][n], t) for n in names} for c in images}
        common = [n for n in names if all(math.isfinite(need[c][n]) for c in images)]
        rows.append({"target": t, "images": len(common), "of": len(names),
                     "bytes": {c: (statistics.fmean(need[c][n] for n in common) if common else math.nan)
                               for c in images}})
    return rows
