"""The integer entropy-parameter path (format-2 packs): export round trip, clamps, overflow guard, vectors."""
import json

import numpy as np
import pytest
import torch

from lci_train import intpath
from lci_train.export import calibration_images, export_pack, read_pack, verify_pack
from lci_train.models import ModelConfig, build_model, get_config


@pytest.fixture(scope="module")
def cc_pack(tmp_path_factory):
    torch.manual_seed(0)
    model = build_model(get_config("tinycc")).eval()
    calib = calibration_images(None, 8)
    out = tmp_path_factory.mktemp("cc") / "cc.lcipack"
    export_pack(model, out, "lci-test", "0.0.0", 0, calib)
    return model, out, calib


def test_pack_holds_the_same_integer_path(cc_pack):
    model, pack, calib = cc_pack
    manifest = verify_pack(pack)
    assert manifest["format_version"] == 2 and manifest["architecture"] == "channel-conditional-int8"
    members = read_pack(pack)
    scales = intpath.calibrate(model, calib, range(len(model.cfg.lambdas)))
    direct = intpath.IntegerPath(model, model.entropy_bottleneck.medians().numpy(), scales)
    packed = intpath.IntegerPath.from_pack(manifest, members["tensors.bin"], model.cfg)
    rng = np.random.default_rng(1)
    z = np.rint(rng.normal(0, 3, (1, model.cfg.Nz, 2, 3))).astype(np.int64)
    y = rng.normal(0, 5, (1, model.cfg.M, 8, 12))
    a = direct.code(y, z)
    b = packed.code(y, z)
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)
    syms, yhat, idx = a
    assert idx.min() >= 0 and idx.max() < model.cfg.scale_count
    # y_hat is the symbol plus an integer mean in units of 2^-6, and rounding left |y - y_hat| <= 1/2
    assert np.all(np.abs(y - yhat / 64.0) <= 0.5 + 1e-9)


def test_format2_pack_has_student_t_y_tables(cc_pack):
    from lci_train.entropy_models import student_t_tables
    model, pack, _ = cc_pack
    ent = json.loads(read_pack(pack)["entropy.json"])
    assert ent["y_tables"] == student_t_tables(model.cfg.scale_table())


def test_weights_are_int8_and_layers_cannot_overflow(cc_pack):
    model, pack, _ = cc_pack
    manifest = json.loads(read_pack(pack)["manifest.json"])
    for name, ref in manifest["tensors"].items():
        assert ref["offset"] % 4 == 0, name
        if name.endswith((".w0", ".w1")):
            assert ref["dtype"] == "int8"
        if name.endswith((".m0", ".m1", ".bias")):
            assert ref["dtype"] == "int32"
    big = intpath.IntConv([np.full((1, 2000, 3, 3), 127)], ["conv"], np.zeros(1, np.int64),
                          [np.ones(1, np.int64)], 0, 255, [intpath.CTX_LIMIT])
    with pytest.raises(ValueError, match="overflow"):
        big.check_range()


def test_context_input_rounds_and_clamps():
    v = np.array([-10 ** 7, -24, -8, -7, 0, 7, 8, 24, 10 ** 7])
    np.testing.assert_array_equal(intpath.context_input(v), [-2048, -1, 0, 0, 0, 0, 1, 2, 2047])


def test_committed_vectors_match_the_committed_pack(tmp_path):
    from pathlib import Path
    root = Path(__file__).resolve().parents[2] / "testdata" / "packs"
    out = tmp_path / "v.json"
    intpath.write_vectors(root / "tinycc.lcipack", out)
    assert json.loads(out.read_text()) == json.loads((root / "tinycc_vectors.json").read_text())
