import math

import numpy as np
import pytest

from rdbench import images
from rdbench.curves import bytes_at_psnr, mean_curve
from rdbench.tiers import tier_table
from rdbench.tiny import tiny_table


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
    lci = [_pt(34, 5000, "a", 0.5, psnr_t1=36, psnr_t2=38)]
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


def test_tiny_table_averages_only_common_images():
    a = [_pt(30, 100, "x"), _pt(40, 400, "x"), _pt(30, 200, "y"), _pt(34, 300, "y")]
    b = [_pt(30, 150, "x"), _pt(40, 600, "x"), _pt(30, 250, "y"), _pt(40, 900, "y")]
    rows = tiny_table({"a": a, "b": b}, targets=(30.0, 35.0))
    assert rows[0]["images"] == 2 and rows[0]["bytes"]["a"] == pytest.approx(150)
    assert rows[1]["images"] == 1 and rows[1]["bytes"]["a"] == pytest.approx(200)  # only x reaches 35 dB in a


def test_area_downscale_is_box_mean():
    rgb = np.zeros((4, 6, 3), np.uint8)
    rgb[0, 0] = 40  # one pixel of a 2x2 box
    small = images.area_downscale(rgb, 2)
    assert small.shape == (2, 3, 3) and small[0, 0, 0] == 10 and small[1, 2, 0] == 0


def test_centre_crop():
    rgb = np.arange(10 * 8 * 3, dtype=np.uint8).reshape(10, 8, 3)
    assert np.array_equal(images.centre_crop(rgb, 4), rgb[3:7, 2:6])
