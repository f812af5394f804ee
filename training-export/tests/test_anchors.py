"""Widening the quality range of a trained checkpoint (lci_train.anchors)."""
import math

import pytest
import torch

from lci_train.anchors import extend_anchors, main as anchors_main
from lci_train.checkpoint import load_model


def _smoke_checkpoint(run):
    from lci_train.train import parse_args, train
    return train(parse_args(["--smoke", "--run", str(run), "--steps", "3"]))


def test_new_anchors_extrapolate_and_old_ones_keep_their_gains(tmp_path):
    ck = torch.load(_smoke_checkpoint(tmp_path / "run"), map_location="cpu", weights_only=False)
    out = extend_anchors(ck, below=2, above=1)
    old, new = ck["config"]["lambdas"], out["config"]["lambdas"]
    assert len(new) == len(old) + 3 and new[2:-1] == old
    ratio = old[1] / old[0]
    assert all(math.isclose(b / a, ratio, rel_tol=1e-9) for a, b in zip(new, new[1:]))
    for name in ("log_gains", "log_inverse_gains"):
        g0, g1 = ck["model"][name], out["model"][name]
        assert torch.equal(g1[2:-1], g0)
        torch.testing.assert_close(g1[1], 2 * g0[0] - g0[1])
        torch.testing.assert_close(g1[0], 3 * g0[0] - 2 * g0[1])
        torch.testing.assert_close(g1[-1], 2 * g0[-1] - g0[-2])
    moments = [s for s in out["optimizers"]["main"]["state"].values() if s["exp_avg"].shape[0] == len(new)]
    assert len(moments) == 2 and all(float(s["exp_avg"][0].abs().sum()) == 0 for s in moments)


def test_training_resumes_on_widened_checkpoint(tmp_path):
    from lci_train.train import parse_args, train
    run = tmp_path / "run"
    ckpt = _smoke_checkpoint(run)
    assert anchors_main(["--checkpoint", str(ckpt), "--below", "1", "--above", "1"]) is None
    assert (run / "ckpt.pt.before-anchors").is_file()
    train(parse_args(["--smoke", "--run", str(run), "--steps", "5"]))
    model, state = load_model(run / "ckpt.pt")
    assert state["step"] == 5 and len(model.cfg.lambdas) == 8
    assert state["anchor_history"][0] == {"step": 3, "below": 1, "above": 1, "anchors": 8}
    assert model.log_gains.shape == (8, model.cfg.M)


def test_rejects_nothing_to_add(tmp_path):
    ck = torch.load(_smoke_checkpoint(tmp_path / "run"), map_location="cpu", weights_only=False)
    with pytest.raises(ValueError, match="at least one anchor"):
        extend_anchors(ck, 0, 0)
