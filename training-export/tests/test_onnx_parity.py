"""ONNX Runtime reproduces PyTorch for every graph in the pack, at any size multiple of 64."""
import json

import numpy as np
import onnxruntime as ort
import pytest
import torch

from lci_train.export import read_pack
from lci_train.reference import hyper_synthesis_f32, load_tensors, scale_indexes

# float32 graphs, different kernels in the two runtimes: agreement to ~1e-5 of the value range.
TOL = 1e-4


def session(members, name):
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    return ort.InferenceSession(members[name], so, providers=["CPUExecutionProvider"])


@pytest.mark.parametrize("h,w", [(64, 64), (128, 192)])
def test_encoder_parity(smoke, h, w):
    model, members = smoke["model"], read_pack(smoke["pack"])
    x = torch.rand(1, 3, h, w, generator=torch.Generator().manual_seed(h + w))
    gain = torch.exp(model.log_gains[2]).detach()
    y, z = session(members, "encoder.onnx").run(None, {"x": x.numpy(), "gain": gain.numpy()})
    with torch.no_grad():
        ty, tz = model.encode(x, gain)
    assert y.shape == (1, model.cfg.M, h // 16, w // 16)
    assert z.shape == (1, model.cfg.Nz, h // 64, w // 64)
    np.testing.assert_allclose(y, ty.numpy(), atol=TOL, rtol=TOL)
    np.testing.assert_allclose(z, tz.numpy(), atol=TOL, rtol=TOL)


@pytest.mark.parametrize("k", [0, 1, 2])
def test_synthesis_parity_per_tier(smoke, k):
    model, members = smoke["model"], read_pack(smoke["pack"])
    manifest = json.loads(members["manifest.json"])
    tier = manifest["tiers"][k]
    c = sum(manifest["groups"][: tier["groups"]])
    y = torch.randn(1, c, 4, 6, generator=torch.Generator().manual_seed(k)) * 3
    (xh,) = session(members, tier["graph"]).run(None, {"y_hat": y.numpy()})
    assert xh.shape == (1, 3, 64 >> k, 96 >> k)                # 16/2^k pixels per latent
    with torch.no_grad():
        ref = model.g_s[k](y).numpy()
    np.testing.assert_allclose(xh, ref, atol=TOL, rtol=TOL)


def test_hyper_synthesis_reference_matches_torch_and_onnx(smoke):
    model, members = smoke["model"], read_pack(smoke["pack"])
    manifest = json.loads(members["manifest.json"])
    tensors = load_tensors(manifest, members["tensors.bin"])
    z = np.random.default_rng(1).normal(0, 3, (manifest["Nz"], 2, 3)).astype(np.float32)
    ref = hyper_synthesis_f32(z, manifest, tensors)
    with torch.no_grad():
        t = model.h_s(torch.from_numpy(z)[None])[0].numpy()
    (o,) = session(members, "hyper_synthesis.onnx").run(None, {"z_hat": z[None]})
    assert ref.shape == (2 * manifest["M"], 8, 12)
    np.testing.assert_allclose(ref, t, atol=1e-5, rtol=1e-5)
    np.testing.assert_allclose(ref, o[0], atol=1e-5, rtol=1e-5)
    idx = scale_indexes(ref[manifest["M"]:], tensors["scale_table"])
    assert idx.min() >= 0 and idx.max() <= len(tensors["scale_table"]) - 1
