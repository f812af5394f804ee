"""Crop cache from real image files; broken and small files are reported, not fatal."""
import json

import numpy as np
import pytest
import torch
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


def test_sampler_draws_from_every_cache_in_proportion_to_its_crops():
    # Two caches told apart by value: 30 dark crops of 64 px and 10 bright crops of 96 px.
    dark = np.full((30, 64, 64, 3), 10, np.uint8)
    bright = np.full((10, 96, 96, 3), 200, np.uint8)
    sampler = CropSampler([dark, bright], 64, 8, seed=3)
    means = torch.cat([sampler.next() for _ in range(100)]).mean(dim=(1, 2, 3))
    from_bright = (means > 0.5).float().mean().item()
    assert torch.all((means - 10 / 255).abs().lt(1e-6) | (means - 200 / 255).abs().lt(1e-6))
    assert 0.18 < from_bright < 0.32          # 10 of 40 crops: 0.25 expected over 800 draws
    with pytest.raises(ValueError, match="larger than the cached crops"):
        CropSampler([bright, dark], 96, 2)


def test_one_cache_in_a_list_samples_as_the_cache_alone():
    crops = synthetic_images(6, 64, seed=1)
    a = CropSampler(crops, 48, 4, seed=5)
    b = CropSampler([crops], 48, 4, seed=5)
    for _ in range(3):
        assert torch.equal(a.next(), b.next())
