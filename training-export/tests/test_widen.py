"""Warm-starting a wider v2 model (lci_train.widen): the function is kept, the new channels can learn."""
import dataclasses
import math

import pytest
import torch

from lci_train.checkpoint import load_model, save_compact
from lci_train.cli import run
from lci_train.data import synthetic_images
from lci_train.models import CONFIGS, build_model, get_config
from lci_train.models.hyperprior import rd_loss
from lci_train.train import build_optimizers, parse_args, train
from lci_train.widen import check_widening, main as widen_main, widen_model

OLD = get_config("tinycc")      # M 16 in groups [2, 2, 4, 8], synthesis [[12, 8, 8], [8, 8], [8]]
SYNTH = dataclasses.replace(OLD, name="tinycc-s", synth_widths=[[16, 12, 10], [12, 8], [8]])
MORE_M = dataclasses.replace(OLD, name="tinycc-m", M=24, groups=[2, 2, 4, 16])
BOTH = dataclasses.replace(MORE_M, name="tinycc-w", synth_widths=SYNTH.synth_widths)
TOP = len(OLD.lambdas) - 1
# Tier 0 after widening M: each new latent enters the first deconv with weights 1e-3 x that layer's weight std
# and ~10 % of them are nonzero at the top anchor, so the output moves ~1e-5 (measured): bound it by a
# quarter of an 8-bit level, far below anything visible or measurable in PSNR at the model's ~40 dB.
TIER0_TOL = 0.25 / 255


def _images(n, size=64, seed=0):
    return torch.from_numpy(synthetic_images(n, size, seed=seed)).permute(0, 3, 1, 2).float() / 255


def _trained_like(seed=0):
    """tinycc with every weight perturbed: gains differ per channel and GDNs have cross terms, as after training."""
    torch.manual_seed(seed)
    model = build_model(OLD)
    with torch.no_grad():
        for p in model.parameters():
            p.add_(0.2 * torch.randn_like(p) * (p.abs().mean() + 1e-2))
    return model.eval()


def _inputs():
    torch.manual_seed(1)
    x = torch.cat([torch.rand(1, 3, 64, 64), _images(1, seed=7)])
    t = torch.tensor([float(torch.rand(()) * TOP), float(TOP)])      # a random quality and the top anchor
    return x, t


@torch.no_grad()
def _run(model, x, t):
    """Every tier's output and the latents' coding view (eval mode)."""
    gain, _, _ = model.quality_gains(t)
    y, z = model.encode(x, gain)
    z_hat, z_lik = model.entropy_bottleneck(z, False)
    y_hat, y_lik, mean, log_scale = model.code_latents(y, z_hat, False)
    return {**model(x, t), "z": z, "z_lik": z_lik, "y": y, "y_hat": y_hat, "y_lik": y_lik, "mean": mean,
            "log_scale": log_scale}


def test_widening_the_synthesis_keeps_outputs_and_rates():
    old = _trained_like()
    wide = widen_model(old, SYNTH, images=_images(4))
    x, t = _inputs()
    a, b = _run(old, x, t), _run(wide, x, t)
    for xa, xb in zip(a["x_hats"], b["x_hats"]):
        torch.testing.assert_close(xb, xa, rtol=1e-5, atol=1e-6)
    for k in ("y_lik", "z_lik", "y_hat"):
        assert torch.equal(a[k], b[k]), k
    # the stored GDN parameters give exactly the intended effective ones
    beta0, gamma0 = old.g_s[0][1].effective_params()
    beta, gamma = wide.g_s[0][1].effective_params()
    assert torch.equal(beta[:12], beta0) and torch.equal(gamma[:12, :12], gamma0)
    assert torch.all(beta[12:] == 1.0)
    torch.testing.assert_close(torch.diagonal(gamma)[12:], torch.full((4,), 0.1))
    assert not torch.any(gamma[12:, :12]) and not torch.any(gamma[:12, 12:])
    assert not torch.any(gamma[12:, 12:] - torch.diag(torch.diagonal(gamma[12:, 12:])))
    # new channels: bias 0, fresh weights in; zero weights out (deconv weights are [in, out, kH, kW])
    assert not torch.any(wide.g_s[0][0].bias[12:]) and torch.any(wide.g_s[0][0].weight[:, 12:])
    assert not torch.any(wide.g_s[0][2].weight[12:]) and not torch.any(wide.g_s[1][2].weight[8:])


def test_more_latents_keep_the_small_tiers_and_the_old_latents():
    old = _trained_like()
    calib = _images(4)
    wide = widen_model(old, MORE_M, images=calib)
    x, t = _inputs()
    a, b = _run(old, x, t), _run(wide, x, t)
    for k in ("z", "z_lik"):
        assert torch.equal(a[k], b[k]), k
    for k in ("y", "y_hat", "y_lik", "mean", "log_scale"):
        assert torch.equal(a[k], b[k][:, :16]), k
    for k in (1, 2):
        torch.testing.assert_close(b["x_hats"][k], a["x_hats"][k], rtol=1e-5, atol=1e-6)
    assert float((b["x_hats"][0] - a["x_hats"][0]).abs().max()) < TIER0_TOL
    # the new latents start at mean 0 and the minimum scale, with the old channels' mean gain
    assert not torch.any(b["mean"][:, 16:])
    torch.testing.assert_close(wide.scale_from_log(b["log_scale"][:, 16:]),
                               torch.full_like(b["log_scale"][:, 16:], OLD.scale_min))
    for name in ("log_gains", "log_inverse_gains"):
        g0, g1 = getattr(old, name), getattr(wide, name)
        assert torch.equal(g1[:, :16], g0)
        torch.testing.assert_close(g1[:, 16:], g0.mean(1, keepdim=True).expand(-1, 8))
    # calibration: ~10 % of the new latents round to nonzero at the top anchor on the calibration images
    with torch.no_grad():
        y, _ = wide.encode(calib, wide.quality_gains(torch.full((4,), float(TOP)))[0])
    assert 0.08 < float((y[:, 16:].round() != 0).float().mean()) < 0.12


def test_new_latents_get_gradients_and_move_in_one_step():
    wide = widen_model(_trained_like(), MORE_M, images=_images(4)).train()
    opts = build_optimizers(wide, 1e-3, 1e-2)
    a, s = "g_a.6.weight", "g_s.0.0.weight"
    before = {n: wide.state_dict()[n][16:].clone() for n in (a, s)}
    torch.manual_seed(2)
    x = _images(4, seed=3)
    out = wide(x, torch.full((4,), float(TOP)))
    loss, _, _ = rd_loss(wide, out, x)
    loss.backward()
    params = dict(wide.named_parameters())
    per_channel = lambda n: params[n].grad[16:].flatten(1).abs().sum(1)
    assert torch.all(per_channel(a) > 0)        # every new analysis row: the rate and, through STE, distortion
    # the synthesis reads a new latent channel once it rounds to nonzero somewhere (mean 0: y_hat = round(y))
    used = (out["y"][:, 16:].detach().round() != 0).flatten(2).any(2).any(0)
    assert used.any() and torch.equal(per_channel(s) > 0, used)
    opts["main"].step()
    for n in (a, s):
        assert not torch.equal(params[n].detach()[16:], before[n]), n


def test_cli_round_trip_with_ema_and_training_resumes(tmp_path, monkeypatch):
    monkeypatch.setitem(CONFIGS, BOTH.name, BOTH)
    model = _trained_like()
    ema = {k: v + 0.01 * torch.randn_like(v) for k, v in model.state_dict().items()}
    narrow, wide_ck = tmp_path / "narrow.pt", tmp_path / "wide.pt"
    save_compact(narrow, model, {"step": 7, "wall_s": 30.0, "cpu_s": 50.0}, ema)   # as train --compact does
    assert widen_main(["--checkpoint", str(narrow), "--config", BOTH.name, "--out", str(wide_ck),
                       "--seed", "3"]) is None
    ck = torch.load(wide_ck, weights_only=False)
    assert ck["state"]["step"] == 7 and ck["state"]["cpu_s"] == 50.0
    assert ck["state"]["widen_history"][0]["from"] == "tinycc" and ck["state"]["widen_history"][0]["to"] == BOTH.name
    assert all(v.dtype == torch.float16 for v in ck["ema"].values())
    # the EMA got the same new channels as the weights, and keeps its own old ones
    assert torch.equal(ck["ema"]["g_a.6.weight"][16:], ck["model"]["g_a.6.weight"][16:])
    assert not torch.equal(ck["ema"]["g_a.6.weight"][:16], ck["model"]["g_a.6.weight"][:16])
    x, t = _inputs()
    for use_ema in (True, False):
        (a_model, _), (b_model, _) = load_model(narrow, use_ema), load_model(wide_ck, use_ema)
        a, b = _run(a_model, x, t), _run(b_model, x, t)
        for k in (1, 2):
            torch.testing.assert_close(b["x_hats"][k], a["x_hats"][k], rtol=1e-5, atol=1e-6)
        assert float((b["x_hats"][0] - a["x_hats"][0]).abs().max()) < TIER0_TOL
        assert torch.equal(a["y_lik"], b["y_lik"][:, :16])
    # what --init-from does on a fresh machine: one more training step, counters continued
    run_dir = tmp_path / "run"
    train(parse_args(["--smoke", "--config", "tinycc", "--run", str(run_dir), "--steps", "8", "--ema", "0.5",
                      "--init-from", str(wide_ck)]))
    resumed = torch.load(run_dir / "ckpt.pt", weights_only=False)
    assert resumed["config"]["name"] == BOTH.name and resumed["state"]["step"] == 8
    assert resumed["state"]["cpu_s"] >= 50.0 and resumed["model"]["log_gains"].shape == (6, 24)


def test_refuses_other_changes_and_narrowing(tmp_path, monkeypatch, capsys):
    with pytest.raises(ValueError, match=r"differs .* in N \(8 -> 16\)"):
        check_widening(OLD, dataclasses.replace(BOTH, N=16))
    with pytest.raises(ValueError, match=r"narrows the last group \(16 -> 8"):
        check_widening(MORE_M, OLD)
    with pytest.raises(ValueError, match="narrows the tier-0 synthesis"):
        check_widening(SYNTH, OLD)
    with pytest.raises(ValueError, match="only the last channel group may grow"):
        check_widening(OLD, dataclasses.replace(OLD, M=20, groups=[2, 2, 8, 8]))
    with pytest.raises(ValueError, match="nothing to widen"):
        check_widening(OLD, OLD)
    with pytest.raises(ValueError, match="v2"):
        check_widening(get_config("tiny"), OLD)
    # the real configs: v2m192 grows into v2m256w (both kinds) and v2m256 (M only)
    check_widening(get_config("v2m192"), get_config("v2m256w"))
    check_widening(get_config("v2m192"), get_config("v2m256"))
    # from the command line: one clear line, exit status 2, nothing written
    monkeypatch.setitem(CONFIGS, "tinycc-n16", dataclasses.replace(BOTH, name="tinycc-n16", N=16))
    ckpt = tmp_path / "narrow.pt"
    save_compact(ckpt, build_model(OLD), {"step": 0, "wall_s": 0.0, "cpu_s": 0.0})
    out = tmp_path / "out.pt"
    assert run(widen_main, ["--checkpoint", str(ckpt), "--config", "tinycc-n16", "--out", str(out)]) == 2
    assert "in N (8 -> 16)" in capsys.readouterr().err and not out.exists()
