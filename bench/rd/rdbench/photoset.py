"""A second evaluation set beside Kodak: photographs shipped in Debian wallpaper packages.

    python -m rdbench.photoset --out DIR [--work DIR]     (or bench/rd/photos --out DIR)

Kodak is small and old (film scans from 1991); a gain measured only there may not generalise. These
photos come from other photographers, cameras and years (2005-2021), under free licences, and Debian
keeps every version of a package, so anyone can rebuild the same set: `debian_photos.csv` names each
file's package, version, path, SHA-256, author and licence. Nothing here is used for training.

Each photo (1.3-20 Mpx JPEG) is centre-cropped to 3:2 (2:3 when portrait) and downscaled with Lanczos to
768x512 (512x768), Kodak's size. Downscaling by 2-8x also removes the JPEG artefacts of the originals,
which would otherwise reward codecs that reproduce 8x8 blocking.
"""
import argparse
import csv
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from PIL import Image, ImageOps

MANIFEST = Path(__file__).resolve().parents[1] / "debian_photos.csv"
LONG_SIDE, SHORT_SIDE = 768, 512


def read_manifest(path=MANIFEST):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def to_evaluation_size(im):
    """Centre crop to 3:2 (or 2:3) and Lanczos downscale to 768x512 (or 512x768); 8-bit RGB out."""
    im = ImageOps.exif_transpose(im).convert("RGB")
    w, h = im.size
    tw, th = (LONG_SIDE, SHORT_SIDE) if w >= h else (SHORT_SIDE, LONG_SIDE)
    if w < tw or h < th:
        raise ValueError(f"{w}x{h} is smaller than {tw}x{th}")
    # Largest centred box of the target's aspect ratio (integer arithmetic: no float rounding drift).
    if w * th > h * tw:
        cw, ch = h * tw // th, h
    else:
        cw, ch = w, w * th // tw
    left, top = (w - cw) // 2, (h - ch) // 2
    return im.resize((tw, th), Image.Resampling.LANCZOS, box=(left, top, left + cw, top + ch))


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _fetch_package(package, version, work):
    """Download a package's .deb (no install, no root) and unpack it; returns the unpacked root.

    Asks for the version the manifest names; where the configured archive no longer has it, takes the current
    one (the SHA-256 check then says whether its photos are still the same; older versions stay downloadable
    from snapshot.debian.org)."""
    root = work / "unpacked" / package
    if root.is_dir():
        return root
    debs = work / "debs"
    debs.mkdir(parents=True, exist_ok=True)
    found = list(debs.glob(f"{package}_*.deb"))
    if not found:
        for spec in (f"{package}={version}", package):
            done = subprocess.run(["apt-get", "download", spec], cwd=debs, capture_output=True, text=True)
            if done.returncode == 0:
                break
        else:
            raise RuntimeError(f"apt-get download {package} failed (run 'apt-get update' first?): "
                               f"{done.stderr.strip()}")
        found = list(debs.glob(f"{package}_*.deb"))
        if not found:
            raise RuntimeError(f"apt-get download {package} wrote no {package}_*.deb in {debs}")
    found.sort(key=lambda p: p.stat().st_mtime)   # the newest download, should several versions lie there
    tmp = root.with_name(root.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["dpkg-deb", "-x", str(found[-1]), str(tmp)], check=True)
    tmp.rename(root)
    return root


def build(out, work):
    out, work = Path(out), Path(work)
    out.mkdir(parents=True, exist_ok=True)
    entries = read_manifest()
    changed = []
    for entry in entries:
        target = out / f"{entry['name']}.png"
        if target.exists():
            continue
        source = _fetch_package(entry["package"], entry["version"], work) / entry["path"]
        if not source.is_file():
            raise FileNotFoundError(f"{entry['package']} has no {entry['path']}")
        if sha256(source) != entry["sha256"]:
            # Another package version: the photo may differ, so the set would not be the published one.
            changed.append(f"{entry['package']}:{entry['path']}")
            continue
        with Image.open(source) as im:
            partial = target.with_name(target.name + ".partial")     # not *.png: never listed as an image
            to_evaluation_size(im).save(partial, format="PNG")
            os.replace(partial, target)          # an interrupted run leaves no truncated PNG that looks done
    if changed:
        raise RuntimeError("these files differ from debian_photos.csv (another package version?); "
                           "left out: " + ", ".join(changed))
    _write_credits(out, entries)
    return sorted(out.glob("*.png"))


def _write_credits(out, entries):
    lines = ["# Photographs from Debian wallpaper packages", "",
             "Downscaled copies made by `bench/rd/photos` (bench/rd/rdbench/photoset.py) for evaluation only.", "",
             "| file | author | licence | package | original |", "|---|---|---|---|---|"]
    lines += [f"| {e['name']}.png | {e['author']} | {e['licence']} | {e['package']} | {e['path']} |"
              for e in entries]
    (out / "CREDITS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv=None):
    ap = argparse.ArgumentParser(prog="bench/rd/photos", description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="folder for the 768x512 PNGs (made if missing)")
    ap.add_argument("--work", default=str(Path(__file__).resolve().parents[1] / "work" / "debian-packages"),
                    help="download and unpack folder (default bench/rd/work/debian-packages, git-ignored)")
    args = ap.parse_args(argv)
    try:
        pngs = build(args.out, args.work)
    except (RuntimeError, FileNotFoundError, ValueError, subprocess.CalledProcessError) as e:
        print(f"bench/rd/photos: {e}", file=sys.stderr)
        return 1
    print(f"{len(pngs)} photos in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
