"""Model behaviour: quality interpolation, tiers, training step, clear errors."""
import math

import numpy as np
import pytest
import torch

from lci_train.checkpoint import load_model
from lci_train.data import open_cache, synthetic_images, CropSampler
from lci_train.models import LCIModel, build_model, get_config
from lci_train.models.hyperprior import rd_loss
from lci_train.train import parse_schedule, lr_at


def test_quality_interpolation_follows_manifest_rule():
    model = LCIModel(get_config("tiny"))
    with torch.no_grad():
        model.log_gains.normal_()
    gains = torch.exp(model.log_gains).detach().double().numpy()
    L = gains.shape[0]
    for q16 in [0, 1, 30000, 52428, 65535]:
        t = q16 / 65535 * (L - 1)
        i = min(math.floor(t), L - 2)
        f = t - i
        expect = gains[i] ** (1 - f) * gains[i + 1] ** f
        g, _, _ = model.quality_gains(torch.tensor([t], dtype=torch.float64))
        np.testing.assert_allclose(g[0].detach().numpy(), expect, rtol=1e-5)


def test_tiers_have_right_sizes_and_gain_scales_latents():
    torch.manual_seed(0)
    model = LCIModel(get_config("tiny")).eval()
    x = torch.from_numpy(synthetic_images(1, 128)).permute(0, 3, 1, 2).float() / 255
    with torch.no_grad():
        lo = model(x, torch.tensor([0.0]))
        hi = model(x, torch.tensor([5.0]))
    assert [tuple(t.shape[2:]) for t in lo["x_hats"]] == [(128, 128), (64, 64), (32, 32)]
    # gains start at sqrt(lambda / lambda_mid): the top anchor quantizes y ~7x finer
    g_lo, _, _ = model.quality_gains(torch.tensor([0.0]))
    g_hi, _, _ = model.quality_gains(torch.tensor([5.0]))
    ratio = (g_hi / g_lo)[0]
    assert torch.allclose(ratio, torch.full_like(ratio, math.sqrt(0.0932 / 0.0018)), rtol=1e-4)
    with torch.no_grad():
        y_lo, _ = model.encode(x, g_lo)
        y_hi, _ = model.encode(x, g_hi)
    torch.testing.assert_close(y_hi, y_lo * ratio.view(1, -1, 1, 1), rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("config", ["tiny", "tinycc"])        # format-1 and format-2 models
def test_training_step_reduces_loss_on_fixed_batch(config):
    torch.manual_seed(0)
    model = build_model(get_config(config))
    x = CropSampler(synthetic_images(8, 64), 64, 4).next()
    t = torch.full((4,), 2.0)
    opt = torch.optim.Adam(model.parameters(), 2e-3)
    losses = []
    for _ in range(15):
        loss, _, _ = rd_loss(model, model(x, t), x)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < 0.8 * losses[0]


def test_lr_schedule():
    s = parse_schedule("0:5e-4,100:2e-4")
    assert lr_at(s, 0) == 5e-4 and lr_at(s, 99) == 5e-4 and lr_at(s, 100) == 2e-4
    with pytest.raises(ValueError, match="start at step 0"):
        parse_schedule("10:1e-4")
    with pytest.raises(ValueError, match="bad --lr-schedule"):
        parse_schedule("abc")


def test_clear_errors(tmp_path):
    junk = tmp_path / "junk.pt"
    torch.save({"weights": 1}, junk)
    with pytest.raises(ValueError, match="not an LCI checkpoint"):
        load_model(junk)
    with pytest.raises(FileNotFoundError, match="not found"):
        load_model(tmp_path / "missing.pt")
    with pytest.raises(FileNotFoundError, match="crop cache"):
        open_cache(tmp_path / "missing.npy")
    with pytest.raises(ValueError, match="unknown model config"):
        get_config("huge")


def test_training_resumes_from_checkpoint(tmp_path):
    from lci_train.train import parse_args, train
    run = tmp_path / "run"
    train(parse_args(["--smoke", "--run", str(run), "--steps", "3"]))
    train(parse_args(["--smoke", "--run", str(run), "--steps", "5"]))
    model, state = load_model(run / "ckpt.pt")
    assert state["step"] == 5 and state["cpu_s"] > 0
    steps = [int(r.split(",")[0]) for r in (run / "log.csv").read_text().splitlines()[1:]]
    assert steps == sorted(steps) and steps[-1] == 5
    assert b"\r" not in (run / "log.csv").read_bytes()   # one line ending, before and after a resume


def test_cli_reports_bad_input_in_one_line(tmp_path, capsys):
    from lci_train.cli import run
    from lci_train.export import main as export_main
    (tmp_path / "junk.pt").write_text("# not a checkpoint")
    rc = run(export_main, ["--checkpoint", str(tmp_path / "junk.pt"), "--out", str(tmp_path / "x.lcipack")])
    assert rc == 2
    assert "is not an LCI checkpoint" in capsys.readouterr().err
    assert not (tmp_path / "x.lcipack").exists()


def test_mixed_precision_keeps_latents_float32_and_output_close():
    from lci_train.models import LCIModel, build_model, get_config
    torch.manual_seed(0)
    model = LCIModel(get_config("default")).eval()
    x = torch.rand(1, 3, 64, 64)
    t = torch.tensor([2.5])
    with torch.no_grad():
        ref = model(x, t)
        model.mixed_precision = True
        mixed = model(x, t)
        gain, _, _ = model.quality_gains(t)
        y, _ = model.encode(x, gain)
    assert y.dtype == torch.float32 and all(xh.dtype == torch.float32 for xh in mixed["x_hats"])
    for a, b in zip(ref["x_hats"], mixed["x_hats"]):
        assert (a - b).abs().max() < 0.05          # bfloat16 has 8 mantissa bits
    assert not torch.equal(ref["x_hats"][0], mixed["x_hats"][0])   # autocast really ran


def test_mixed_precision_training_saves_finite_weights(tmp_path):
    from lci_train.train import parse_args, train
    run = tmp_path / "run"
    train(parse_args(["--smoke", "--run", str(run), "--steps", "2", "--mixed"]))
    model, state = load_model(run / "ckpt.pt")
    assert state["step"] == 2 and all(torch.isfinite(p).all() for p in model.parameters())


def test_max_minutes_stops_with_a_checkpoint(tmp_path):
    from lci_train.train import parse_args, train
    run = tmp_path / "run"
    train(parse_args(["--smoke", "--run", str(run), "--steps", "1000", "--max-minutes", "0",
                      "--device", "cpu"]))
    model, state = load_model(run / "ckpt.pt")
    assert state["step"] == 0
