"""The evaluation writes per-anchor results for every tier, through the model and the exported pack."""
import csv

from PIL import Image

from lci_train.data import synthetic_images
from lci_train.evaluate import evaluate


def test_evaluate_on_image_folder(smoke, tmp_path):
    folder = tmp_path / "imgs"
    folder.mkdir()
    for i, img in enumerate(synthetic_images(2, 96, seed=9)):
        Image.fromarray(img[:, :80]).save(folder / f"im{i}.png")      # 96x80: padded to 128x128
    summary = evaluate(smoke["run"] / "ckpt.pt", folder, tmp_path / "out" / "res", pack=smoke["pack"])
    assert [s["anchor"] for s in summary] == list(range(6))
    for s in summary:
        assert s["bpp_est"] > 0 and s["pack_bpp"] > 0
        assert all(5 < s[f"psnr_t{k}"] < 99 for k in range(3))
        assert abs(s["pack_psnr_t0"] - s["psnr_t0"]) < 0.5      # ONNX path ~ PyTorch path
        assert 5 < s["psnr_t0_unquantized"] < 99
    assert summary[-1]["psnr_t0_unquantized"] > summary[-1]["psnr_t0"] - 0.5   # rounding only loses
    md = (tmp_path / "out" / "res.md").read_text()
    assert "estimated" in md and "bmshj2018-hyperprior" in md and "t0 unquantized" in md
    with open(tmp_path / "out" / "res.csv") as f:
        assert len(list(csv.DictReader(f))) == 2 * 6
    assert (tmp_path / "out" / "res.png").stat().st_size > 0
