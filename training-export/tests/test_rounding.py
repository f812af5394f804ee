"""The encoder-side rounding rule (lci_train.rounding), the same rule as the runtime's RateDistortionRounding."""
import torch

from lci_train.data import synthetic_images
from lci_train.entropy_models.gaussian import GaussianConditional
from lci_train.evaluate import psnr8
from lci_train.models import build_model, get_config
from lci_train.models.hyperprior import rate_bits
from lci_train.rounding import curve, towards_mean, training_photos


def _image(size=128):
    return torch.from_numpy(synthetic_images(1, size)).permute(0, 3, 1, 2).float() / 255


def test_rule_steps_towards_the_mean_only_where_bits_outweigh_error():
    gc = GaussianConditional()
    choose = towards_mean(torch.ones(1, 2), 0.02, gc)
    r = torch.tensor([0.51, -0.51, 0.55, 1.49, 0.2, -2.7]).view(1, 1, 1, 6).repeat(1, 2, 1, 1)
    s = choose(r, torch.full_like(r, 0.3), 0)
    # scale 0.3: 0 costs 0.14 bits, ±1 4.39; 0.51 → 0 (0.02 more error); 0.55 keeps 1 (0.1 more error)
    assert s[0, 0, 0].tolist() == [0.0, 0.0, 1.0, 1.0, 0.0, -3.0]
    assert torch.equal(towards_mean(torch.ones(1, 2), 0.0, gc)(r, torch.full_like(r, 0.3), 0), torch.round(r))


def test_channels_that_weigh_more_keep_their_rounding():
    gc = GaussianConditional()
    choose = towards_mean(torch.tensor([[1.0, 3.0]]), 0.02, gc)     # weights 0.2 and 1.8
    r = torch.full((1, 2, 1, 1), 0.52)
    s = choose(r, torch.full_like(r, 0.5), 0)
    assert s.view(-1).tolist() == [0.0, 1.0]
    assert choose(r[:, 1:], torch.full_like(r[:, 1:], 0.5), 1).item() == 1.0   # first channel offsets the weights


def test_price_zero_is_the_model_and_a_price_saves_bits():
    torch.manual_seed(0)
    model = build_model(get_config("tinycc")).eval()
    with torch.no_grad():
        model.log_gains += 4.0          # an untrained analysis gives |y| < 0.3: scale it so symbols are nonzero
    x = _image()
    with torch.no_grad():
        out = model(x, torch.tensor([2.0]))
    rates0, psnrs0 = curve(model, [x], [2], 0.0)
    assert abs(rates0[0] - (rate_bits(out["y_lik"]) + rate_bits(out["z_lik"])).item() / x.shape[2] / x.shape[3]) < 1e-6 * rates0[0]
    assert abs(psnrs0[0] - psnr8(out["x_hats"][0], x)) < 1e-6
    rates, psnrs = curve(model, [x], [2], 0.05)
    assert rates[0] < 0.99 * rates0[0]


def test_training_photos_are_cropped_inside_the_photo(tmp_path):
    from PIL import Image
    grey = (128, 128, 128)
    Image.new("RGB", (1000, 700), grey).save(tmp_path / "a.jpg")     # landscape: scaled to cover 768x512
    Image.new("RGB", (683, 512), grey).save(tmp_path / "b.jpg")      # too narrow for 768x512: skipped
    Image.new("RGB", (600, 900), grey).save(tmp_path / "c.jpg")      # portrait: 512x768
    Image.new("RGB", (2000, 2000), grey).save(tmp_path / "d.png")    # not a JPEG: not picked
    photos = training_photos(tmp_path, 8)
    assert sorted(tuple(p.shape[2:]) for p in photos) == [(512, 768), (768, 512)]
    for p in photos:                      # no border of black padding anywhere
        assert p.min().item() > 0.45 and p.max().item() < 0.56
