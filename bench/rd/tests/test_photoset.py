"""The second evaluation set: its manifest and the crop + downscale every photo goes through."""
import re

import numpy as np
import pytest
from PIL import Image

from rdbench import photoset


def test_manifest_names_every_photo_once_with_digest_author_and_licence():
    entries = photoset.read_manifest()
    assert len(entries) >= 24
    names = [e["name"] for e in entries]
    assert len(set(names)) == len(names)
    assert len({e["sha256"] for e in entries}) == len(entries)
    for e in entries:
        assert re.fullmatch(r"[a-z0-9_]+", e["name"]), e
        assert re.fullmatch(r"[0-9a-f]{64}", e["sha256"]), e
        assert e["author"].strip() and e["licence"].strip() and e["package"].strip() and e["version"].strip(), e
        assert e["path"].startswith("usr/share/") and e["path"].lower().endswith(".jpg"), e


def _quadrants(w, h):
    """Four flat colours, one per quadrant: where the crop lands shows in the output's corners."""
    a = np.zeros((h, w, 3), np.uint8)
    a[: h // 2, : w // 2] = (255, 0, 0)
    a[: h // 2, w // 2:] = (0, 255, 0)
    a[h // 2:, : w // 2] = (0, 0, 255)
    a[h // 2:, w // 2:] = (255, 255, 255)
    return Image.fromarray(a)


@pytest.mark.parametrize("size, expected", [((3000, 1500), (768, 512)), ((1536, 1536), (768, 512)),
                                            ((1000, 2000), (512, 768)), ((768, 512), (768, 512))])
def test_output_has_kodak_size_and_orientation_and_the_crop_is_centred(size, expected):
    out = photoset.to_evaluation_size(_quadrants(*size))
    assert out.size == expected and out.mode == "RGB"
    a = np.asarray(out).astype(int)
    w, h = expected
    # A centred crop keeps the quadrant boundary in the middle: each corner keeps its colour.
    assert tuple(a[2, 2]) == (255, 0, 0) and tuple(a[2, w - 3]) == (0, 255, 0)
    assert tuple(a[h - 3, 2]) == (0, 0, 255) and tuple(a[h - 3, w - 3]) == (255, 255, 255)
    # The vertical boundary stays at the centre (Lanczos rings up to 3 output pixels from an edge).
    assert np.abs(a[2, w // 2 - 5] - (255, 0, 0)).max() <= 2
    assert np.abs(a[2, w // 2 + 4] - (0, 255, 0)).max() <= 2
    # ... and so does the horizontal one (a crop from the top would move it down).
    assert np.abs(a[h // 2 - 5, 2] - (255, 0, 0)).max() <= 2
    assert np.abs(a[h // 2 + 4, 2] - (0, 0, 255)).max() <= 2


def test_downscale_filters_rather_than_picks_pixels():
    # A one-pixel checkerboard must become flat grey (an antialiasing filter), not stay a checkerboard.
    yy, xx = np.mgrid[0:1024, 0:1536]
    board = Image.fromarray((((yy + xx) % 2) * 255).astype(np.uint8)).convert("RGB")
    a = np.asarray(photoset.to_evaluation_size(board)).astype(int)
    assert abs(a[100:400, 100:600].mean() - 127.5) < 2 and a[100:400, 100:600].std() < 3


def test_exif_orientation_is_applied_before_cropping(tmp_path):
    im = _quadrants(1536, 1024)
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise to display
    path = tmp_path / "rotated.jpg"
    im.save(path, exif=exif, quality=95)
    with Image.open(path) as reopened:
        assert photoset.to_evaluation_size(reopened).size == (512, 768)


def test_too_small_a_photo_is_refused():
    with pytest.raises(ValueError, match="smaller than 768x512"):
        photoset.to_evaluation_size(Image.new("RGB", (700, 600)))


def test_a_changed_photo_is_named_and_left_out(tmp_path, monkeypatch):
    entry = photoset.read_manifest()[0]
    root = tmp_path / "work" / "unpacked" / entry["package"]
    (root / entry["path"]).parent.mkdir(parents=True)
    _quadrants(1536, 1024).save(root / entry["path"], quality=90)  # not the photo the digest names
    monkeypatch.setattr(photoset, "read_manifest", lambda: [entry])
    with pytest.raises(RuntimeError, match=re.escape(entry["path"])):
        photoset.build(tmp_path / "out", tmp_path / "work")
    assert not list((tmp_path / "out").iterdir())


def test_a_built_photo_is_written_whole_and_named_by_the_manifest(tmp_path, monkeypatch):
    entry = dict(photoset.read_manifest()[0])
    root = tmp_path / "work" / "unpacked" / entry["package"]
    (root / entry["path"]).parent.mkdir(parents=True)
    _quadrants(1536, 1024).save(root / entry["path"], quality=90)
    entry["sha256"] = photoset.sha256(root / entry["path"])      # this stand-in is the photo the manifest names
    monkeypatch.setattr(photoset, "read_manifest", lambda: [entry])
    pngs = photoset.build(tmp_path / "out", tmp_path / "work")
    assert [p.name for p in pngs] == [entry["name"] + ".png"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["CREDITS.md", entry["name"] + ".png"]
    with Image.open(pngs[0]) as im:
        assert im.format == "PNG" and im.size == (768, 512)
    assert entry["author"] in (tmp_path / "out" / "CREDITS.md").read_text(encoding="utf-8")
