"""Crop cache from real image files; broken and small files are reported, not fatal."""
import json

import numpy as np
import pytest
from PIL import Image

from lci_train.data import CropSampler, build_cache, open_cache, synthetic_images


def test_cache_from_image_files(tmp_path):
    src = tmp_path / "train"
    src.mkdir()
    imgs = synthetic_images(2, 300, seed=5)
    Image.fromarray(imgs[0]).save(src / "a.png")
    Image.fromarray(imgs[1]).save(src / "b.jpg", quality=95)
    Image.fromarray(imgs[1][:100, :100]).save(src / "small.png")
    (src / "broken.jpg").write_bytes(b"\xff\xd8\xff not a jpeg")
    (src / "notes.txt").write_text("ignored")
    out = build_cache(src, tmp_path / "cache" / "c.npy", crop=256, per_image=2, seed=1)
    crops = open_cache(out)
    assert crops.shape == (4, 256, 256, 3) and crops.dtype == np.uint8
    meta = json.loads(out.with_suffix(".json").read_text())
    assert meta["crops"] == 4 and len(meta["skipped"]) == 2
    assert any("broken.jpg" in s for s in meta["skipped"])
    assert any("small.png" in s and "smaller than 256" in s for s in meta["skipped"])
    x = CropSampler(crops, 128, 3, seed=0).next()
    assert x.shape == (3, 3, 128, 128) and 0 <= x.min() and x.max() <= 1


def test_cache_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="no \\*.jpg"):
        build_cache(tmp_path, tmp_path / "c.npy")
    np.save(tmp_path / "wrong.npy", np.zeros((2, 8, 8), np.float32))
    with pytest.raises(ValueError, match="expected uint8"):
        open_cache(tmp_path / "wrong.npy")
    with pytest.raises(ValueError, match="larger than the cached crops"):
        CropSampler(np.zeros((1, 64, 64, 3), np.uint8), 128, 2)
