"""Model v2 (channel-conditional groups): the tier-prefix property, shapes, EMA checkpoints, resume."""
import numpy as np
import torch

from lci_train.checkpoint import load_model
from lci_train.data import synthetic_images
from lci_train.models import LCIModelCC, build_model, get_config
from lci_train.train import parse_args, train


def _image(size=128):
    return torch.from_numpy(synthetic_images(1, size)).permute(0, 3, 1, 2).float() / 255


def test_build_model_picks_the_architecture():
    assert isinstance(build_model(get_config("tinycc")), LCIModelCC)
    assert not isinstance(build_model(get_config("tiny")), LCIModelCC)
    for name in ("v2m192", "v2m256"):
        cfg = get_config(name)
        assert cfg.M >= 192 and cfg.arch == "cc"
        # tier 2 reads groups 0-1, tier 1 groups 0-2: their segments form a byte prefix of each tile
        assert cfg.tier_groups == [5, 3, 2]


def test_shapes_per_tier():
    torch.manual_seed(0)
    model = build_model(get_config("tinycc")).eval()
    with torch.no_grad():
        out = model(_image(128), torch.tensor([2.0]))
    assert [tuple(t.shape[2:]) for t in out["x_hats"]] == [(128, 128), (64, 64), (32, 32)]
    assert out["y_lik"].shape == (1, 16, 8, 8)
    assert out["z_lik"].shape == (1, 8, 2, 2)


def test_group_parameters_depend_only_on_earlier_groups():
    """Changing the latents of group g and later must not change the parameters of group g."""
    torch.manual_seed(0)
    model = build_model(get_config("tinycc")).eval()
    with torch.no_grad():
        for p in model.parameters():               # a random, non-degenerate net
            p.normal_(0, 0.3)
        y = torch.randn(1, 16, 8, 8) * 4
        z_hat = torch.round(torch.randn(1, 8, 2, 2) * 3)
        _, _, mean, log_scale = model.code_latents(y, z_hat, training=False)
        starts = np.cumsum([0] + model.cfg.groups)
        for g in range(1, len(model.cfg.groups)):
            y2 = y.clone()
            y2[:, starts[g]:] += torch.randn_like(y2[:, starts[g]:]) * 10
            _, _, mean2, log_scale2 = model.code_latents(y2, z_hat, training=False)
            upto = starts[g + 1]
            torch.testing.assert_close(mean2[:, :upto], mean[:, :upto])
            torch.testing.assert_close(log_scale2[:, :upto], log_scale[:, :upto])
            # ... while the next group's parameters do see group g
            if g + 1 < len(model.cfg.groups):
                assert not torch.allclose(mean2[:, upto:], mean[:, upto:])


def test_ema_checkpoint_and_resume_from_compact(tmp_path):
    run = tmp_path / "run"
    compact = tmp_path / "latest.pt"
    train(parse_args(["--smoke", "--config", "tinycc", "--run", str(run), "--steps", "6",
                      "--ema", "0.5", "--compact", str(compact)]))
    ck = torch.load(compact, weights_only=False)
    assert ck["state"]["step"] == 6 and "ema" in ck
    assert all(v.dtype == torch.float16 for v in ck["ema"].values() if v.is_floating_point())
    ema_model, _ = load_model(compact)
    raw_model, _ = load_model(compact, use_ema=False)
    w = "g_a.0.weight"
    assert not torch.equal(ema_model.state_dict()[w], raw_model.state_dict()[w])
    torch.testing.assert_close(ema_model.state_dict()[w], ck["ema"][w].float())
    # a fresh machine: an empty run folder, the committed compact checkpoint
    run2 = tmp_path / "run2"
    train(parse_args(["--smoke", "--config", "tinycc", "--run", str(run2), "--steps", "9",
                      "--ema", "0.5", "--init-from", str(compact)]))
    resumed = torch.load(run2 / "ckpt.pt", weights_only=False)
    assert resumed["state"]["step"] == 9
    assert resumed["config"]["arch"] == "cc"


def test_export_gate_refuses_a_costly_integer_path_and_writes_nothing(tmp_path):
    """The export's integer-path gate measures the integer path against the float model on crops that are
    not Kodak; over its limit the export stops before anything is written."""
    import pytest
    from lci_train.export import calibration_images, export_pack, integer_path_gate
    torch.manual_seed(0)
    model = build_model(get_config("tinycc")).eval()
    calib = calibration_images(None, 4)
    refused = tmp_path / "refused.lcipack"
    with pytest.raises(SystemExit, match="integer entropy-parameter path costs"):
        export_pack(model, refused, "t", "0", 0, calib, integer_path_gate(None, -1000.0, count=2))
    assert not refused.exists()
    accepted = tmp_path / "accepted.lcipack"
    export_pack(model, accepted, "t", "0", 0, calib, integer_path_gate(None, 1e9, count=2))
    assert accepted.stat().st_size > 0


def test_ema_only_compact_checkpoint_holds_the_ema_as_weights_and_resumes(tmp_path):
    run, full, slim = tmp_path / "run", tmp_path / "full.pt", tmp_path / "slim.pt"
    train(parse_args(["--smoke", "--config", "tinycc", "--run", str(run), "--steps", "6",
                      "--ema", "0.5", "--compact", str(full)]))
    train(parse_args(["--smoke", "--config", "tinycc", "--run", str(run), "--steps", "6",
                      "--ema", "0.5", "--compact", str(slim), "--compact-ema-only"]))   # resumed at 6: saves again
    a, b = torch.load(full, weights_only=False), torch.load(slim, weights_only=False)
    assert "ema" not in b and b["state"]["step"] == 6
    assert b["model"].keys() == a["ema"].keys()
    assert all(torch.equal(b["model"][k], a["ema"][k]) for k in a["ema"])
    assert slim.stat().st_size < 0.6 * full.stat().st_size
    run2 = tmp_path / "run2"
    train(parse_args(["--smoke", "--config", "tinycc", "--run", str(run2), "--steps", "8",
                      "--ema", "0.5", "--init-from", str(slim)]))
    assert torch.load(run2 / "ckpt.pt", weights_only=False)["state"]["step"] == 8


def test_a_checkpoint_of_another_config_is_refused_and_ema_only_needs_an_ema(tmp_path):
    import pytest
    run = tmp_path / "run"
    train(parse_args(["--smoke", "--config", "tinycc", "--run", str(run), "--steps", "2"]))
    import numpy as np
    np.save(tmp_path / "crops.npy", np.zeros((2, 64, 64, 3), np.uint8))
    with pytest.raises(ValueError, match="holds a tinycc model but --config is v2m192"):
        train(parse_args(["--config", "v2m192", "--cache", str(tmp_path / "crops.npy"), "--run", str(run)]))
    with pytest.raises(SystemExit):
        parse_args(["--compact", str(tmp_path / "c.pt"), "--compact-ema-only"])       # no --ema
