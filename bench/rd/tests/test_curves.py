import math

import numpy as np
import pytest

from rdbench import images
from rdbench.curves import bytes_at_psnr, mean_curve
from rdbench.tiers import tier_table


def _pt(psnr, nbytes, image="a", setting=0, **kw):
    return {"psnr": psnr, "bytes": nbytes, "image": image, "setting": setting, "bpp": nbytes / 100,
            "ms_ssim": 0.9, "enc_ms": 1.0, "dec_ms": 1.0, **kw}


def test_bytes_at_psnr_interpolates_log_bytes():
    pts = [_pt(30, 1000), _pt(40, 4000)]
    assert bytes_at_psnr(pts, 35) == pytest.approx(2000)  # geometric midpoint
    assert bytes_at_psnr(pts, 30) == pytest.approx(1000)


def test_bytes_at_psnr_outside_range_is_nan():
    pts = [_pt(30, 1000), _pt(40, 4000)]
    assert math.isnan(bytes_at_psnr(pts, 29.9))
    assert math.isnan(bytes_at_psnr(pts, 41))


def test_bytes_at_psnr_ignores_dominated_points():
    # The 36 dB point at 5000 bytes is beaten by 38 dB at 3000: PSNR is sorted and made increasing.
    pts = [_pt(30, 1000), _pt(38, 3000), _pt(36, 5000), _pt(40, 4000)]
    assert bytes_at_psnr(pts, 34) == pytest.approx(math.exp(np.interp(34, [30, 38], np.log([1000, 3000]))))


def test_mean_curve_drops_incomplete_settings():
    recs = [_pt(30, 100, "a", 1), _pt(32, 300, "b", 1), _pt(35, 500, "a", 2)]
    curve = mean_curve(recs, 2)
    assert len(curve) == 1 and curve[0]["psnr"] == 31 and curve[0]["bytes"] == 200


def test_tier_table_adds_three_files_at_lci_psnr():
    lci = [_pt(34, 5000, "a", 0.5, psnr_t1=36, psnr_t2=38, prefix_bytes_t1=3000, prefix_bytes_t2=1200)]
    jpeg = {"full": [_pt(30, 2000), _pt(40, 8000)],
            "half": [_pt(30, 500), _pt(40, 2000)],
            "quarter": [_pt(30, 100), _pt(40, 400)]}
    row = tier_table(lci, {"jpeg420": jpeg})[0]
    want = sum(math.exp(np.interp(p, [30, 40], np.log(b))) for p, b in
               ((34, [2000, 8000]), (36, [500, 2000]), (38, [100, 400])))
    c = row["classic"]["jpeg420"]
    assert c["matched"] == 1 and c["lci_bytes"] == 5000
    assert c["classic_bytes"] == pytest.approx(want)
    assert row["psnr"] == [34, 36, 38]
    assert c["lci_prefix"] == {1: 3000, 2: 1200}
    assert c["classic_single"][2] == pytest.approx(math.exp(np.interp(38, [30, 40], np.log([100, 400]))))


def test_anchored_table_targets_the_anchor_psnr_per_image():
    from rdbench.tiny import anchored_table
    jpeg = [_pt(30, 100, "x", 50), _pt(34, 300, "y", 50)]
    webp = [_pt(28, 40, "x"), _pt(32, 160, "x"), _pt(30, 50, "y"), _pt(33, 100, "y")]  # y: 34 dB unreached
    row = anchored_table({"jpeg420": jpeg, "webp": webp}, settings=(50,))[0]
    assert row["images"] == 1 and row["of"] == 2 and row["psnr"] == 32
    assert row["bytes"]["jpeg420"] == pytest.approx(100) and row["bytes"]["webp"] == pytest.approx(80)


def test_area_downscale_is_box_mean():
    rgb = np.zeros((4, 6, 3), np.uint8)
    rgb[0, 0] = 40  # one pixel of a 2x2 box
    small = images.area_downscale(rgb, 2)
    assert small.shape == (2, 3, 3) and small[0, 0, 0] == 10 and small[1, 2, 0] == 0


def test_centre_crop():
    rgb = np.arange(10 * 8 * 3, dtype=np.uint8).reshape(10, 8, 3)
    assert np.array_equal(images.centre_crop(rgb, 4), rgb[3:7, 2:6])


def test_lci_matched_table_uses_lci_psnr_per_image():
    from rdbench.tiny import lci_matched_table
    lci = [_pt(35, 300, "x", 0.5), _pt(45, 300, "y", 0.5)]  # y is beyond the classic sweep
    jpeg = [_pt(30, 100, "x"), _pt(40, 400, "x"), _pt(30, 100, "y"), _pt(40, 400, "y")]
    row = lci_matched_table(lci, {"jpeg420": jpeg})[0]
    assert row["images"] == 1 and row["of"] == 2 and row["psnr"] == 40
    assert row["lci_bytes"] == 300 and row["bytes"]["jpeg420"] == pytest.approx(200)
