"""Real codec round trips on a small synthetic image (skipped where the tool is not installed)."""
import shutil

import numpy as np
import pytest
from PIL import Image

from rdbench import codecs, images, sweep
from rdbench.cli import main
from rdbench.javacodecs import BENCH_JAR, IMAGEIO_JPEG


@pytest.fixture
def source(tmp_path):
    y, x = np.mgrid[0:96, 0:128]
    rgb = np.stack([x * 2, y * 2, (x + y) % 256], axis=2).astype(np.uint8)
    return images.save_source(rgb, tmp_path / "src" / "grad.png")


def _need(*tools):
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (Debian: apt-get install "
                    f"{' '.join(sorted({codecs.DEBIAN_PACKAGES[t] for t in missing}))})")


@pytest.mark.parametrize("name", ["jpeg420", "webp", "jpeg2000", "avif", "jxl", "hevc"])
def test_cli_codec_round_trip(name, source, tmp_path):
    codec = codecs.BY_NAME[name]
    _need(*codec.tools)
    setting = codec.settings[len(codec.settings) // 2]
    rec = sweep.run_cli_point(codec, "t", setting, "grad", source, tmp_path / "scratch")
    assert rec["width"] == 128 and rec["height"] == 96
    coded = tmp_path / "scratch" / "t" / name / f"{setting:g}" / f"grad.{codec.ext}"
    assert rec["bytes"] == coded.stat().st_size > 0
    assert rec["bpp"] == pytest.approx(rec["bytes"] * 8 / (128 * 96))
    assert 25 < rec["psnr"] < 80
    assert rec["enc_ms"] > 0 and rec["dec_ms"] > 0


def test_imageio_jpeg_through_the_bench_jar(source, tmp_path):
    if not BENCH_JAR.exists():
        pytest.skip(f"{BENCH_JAR.name} not built (mvn -pl bench -am package)")
    recs = sweep.sweep(IMAGEIO_JPEG, {"grad": source}, (0.3, 0.9), "t", tmp_path)
    by_q = {r["setting"]: r for r in recs}
    assert by_q[0.9]["bytes"] > by_q[0.3]["bytes"] > 0
    assert by_q[0.9]["psnr"] > by_q[0.3]["psnr"] > 25


def test_cache_skips_done_points(source, tmp_path, monkeypatch):
    _need("cjpeg", "djpeg")
    codec = codecs.BY_NAME["jpeg420"]
    first = sweep.sweep(codec, {"grad": source}, (50,), "t", tmp_path)
    monkeypatch.setattr(sweep, "run_cli_point", lambda *a, **k: pytest.fail("cached point was rerun"))
    again = sweep.sweep(codec, {"grad": source}, (50,), "t", tmp_path)
    def fields(recs):
        return [(r["bytes"], r["psnr"], r["enc_ms"]) for r in recs]
    assert fields(again) == fields(first)


def test_quick_run_publishes_results(tmp_path):
    _need("cjpeg", "djpeg", "cwebp", "dwebp")
    folder = tmp_path / "imgs"
    rng = np.random.default_rng(3)
    for i in range(3):
        base = np.add.outer(np.arange(192), np.arange(256)) // 2
        rgb = np.clip(base[..., None] + rng.normal(0, 8, (192, 256, 3)) + 40 * i, 0, 255).astype(np.uint8)
        folder.mkdir(exist_ok=True)
        Image.fromarray(rgb).save(folder / f"img{i}.png")
    out = tmp_path / "out"
    assert main(["--images", str(folder), "--out", str(out), "--work", str(tmp_path / "work"), "--quick",
                 "--codecs", "jpeg420,webp", "--no-lci", "--no-install", "--skip-tiny"]) == 0
    summary = (out / "summary.md").read_text()
    assert "| WebP | " in summary and "LCI: not measured" in summary
    lines = (out / "points.csv").read_text().splitlines()
    # 2 images x 3 settings x 2 codecs at full size, plus half and quarter sizes for the tier table.
    assert len(lines) == 1 + 2 * 3 * 2 * 3
    assert (out / "rd_psnr.png").stat().st_size > 0


def test_lci_through_the_bench_jar_with_the_tiny_pack(tmp_path):
    from rdbench.javacodecs import REPO, lci_codec
    pack = REPO / "testdata" / "packs" / "tiny.lcipack"
    if not BENCH_JAR.exists() or not pack.exists():
        pytest.skip(f"needs {BENCH_JAR.name} (mvn -pl bench -am package) and {pack.name}")
    y, x = np.mgrid[0:128, 0:192]
    rgb = np.stack([x, y * 2, (x + y) % 256], axis=2).astype(np.uint8)
    src = images.save_source(rgb, tmp_path / "src" / "g.png")
    recs = sweep.sweep(lci_codec(pack, tiers=(0, 1, 2)), {"g": src}, (0.2, 0.8), "t", tmp_path)
    assert len(recs) == 2
    for r in recs:
        assert r["bytes"] > 0 and r["width"] == 192
        # The tiny pack is untrained: only check that every tier was decoded and scored.
        assert all(np.isfinite(r[k]) for k in ("psnr", "psnr_t1", "psnr_t2", "dec_ms_t1", "dec_ms_t2"))
        assert r["prefix_bytes_t2"] < r["prefix_bytes_t1"] < r["bytes"]
    assert recs[0]["info"].startswith("lci-tiny")
