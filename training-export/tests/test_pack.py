"""The exported pack has the structure and digests of docs/ARCHITECTURE.md."""
import hashlib
import io
import json
import tarfile

import numpy as np
import pytest

from lci_train.export import read_pack, verify_pack, write_tar

from conftest import ROOT


def test_smoke_training_logged_and_checkpointed(smoke):
    assert smoke["state"]["step"] == 8
    assert (smoke["run"] / "ckpt.pt").is_file()
    log = (smoke["run"] / "log.csv").read_text().splitlines()
    assert log[0].startswith("step,") and len(log) >= 2


def test_manifest_structure_and_digests(smoke):
    manifest = verify_pack(smoke["pack"])
    members = read_pack(smoke["pack"])
    assert hashlib.sha256(members["manifest.json"]).hexdigest() == smoke["digest"]
    assert manifest["format"] == "lci-model-pack" and manifest["format_version"] == 1
    assert sum(manifest["groups"]) == manifest["M"]
    tiers = manifest["tiers"]
    assert [t["tier"] for t in tiers] == [0, 1, 2]
    assert [t["groups"] for t in tiers] == [3, 2, 1]           # nested: tier k is a prefix
    expected = {"manifest.json", "encoder.onnx", "hyper_synthesis.onnx", "tensors.bin",
                "entropy.json"} | {t["graph"] for t in tiers}
    assert set(members) == expected
    assert set(manifest["files"]) == expected - {"manifest.json"}
    L = manifest["quality"]["anchors"]
    t = manifest["tensors"]
    assert t["gains"]["shape"] == [L, manifest["M"]] == t["inverse_gains"]["shape"]
    assert t["z_medians"]["shape"] == [manifest["Nz"]]
    end = max(v["offset"] + 4 * int(np.prod(v["shape"])) for v in t.values())
    assert end == len(members["tensors.bin"])


def test_tampered_member_is_refused(smoke, tmp_path):
    members = read_pack(smoke["pack"])
    members["tensors.bin"] = members["tensors.bin"][:-4] + b"\0\0\0\0"
    bad = tmp_path / "bad.lcipack"
    write_tar(members, bad)
    with pytest.raises(ValueError, match="tensors.bin SHA-256 mismatch"):
        verify_pack(bad)
    del members["entropy.json"]
    write_tar(members, bad)
    with pytest.raises(ValueError, match="entropy.json .* missing"):
        verify_pack(bad)


def test_tar_is_plain_ustar_and_deterministic(smoke, tmp_path):
    members = read_pack(smoke["pack"])
    a, b = tmp_path / "a.lcipack", tmp_path / "b.lcipack"
    write_tar(members, a)
    write_tar(members, b)
    assert a.read_bytes() == b.read_bytes()
    with tarfile.open(a) as tar:
        names = [m.name for m in tar.getmembers()]
        assert names[0] == "manifest.json"
        assert all(m.isfile() and m.mtime == 0 for m in tar.getmembers())


def test_committed_tiny_pack_verifies():
    pack = ROOT.parent / "testdata" / "packs" / "tiny.lcipack"
    manifest = verify_pack(pack)
    assert manifest["name"] == "lci-tiny"
    assert [t["groups"] for t in manifest["tiers"]] == [3, 2, 1]
    assert pack.stat().st_size < 2 * 1024 * 1024


def test_pack_codec_roundtrip_gives_every_tier(smoke):
    """Encode/decode through the exported graphs and the float32 reference path."""
    from lci_train.data import synthetic_images
    from lci_train.reference import PackCodec
    img = synthetic_images(1, 80, seed=3)[0][:, :72]            # not a multiple of 64: padded
    codec = PackCodec(smoke["pack"])
    bits_lo, outs = codec.roundtrip(img, 0.0)
    bits_hi, _ = codec.roundtrip(img, 1.0)
    assert [o.shape for o in outs] == [(80, 72, 3), (40, 36, 3), (20, 18, 3)]
    assert 0 < bits_lo and 0 < bits_hi


def test_committed_vectors_match_reference_path():
    """tiny_vectors.json (for the Java deterministic path) is reproduced by reference.py."""
    from lci_train.reference import hyper_synthesis_f32, load_tensors, scale_indexes, z_symbols
    packs = ROOT.parent / "testdata" / "packs"
    vec = json.loads((packs / "tiny_vectors.json").read_text())
    members = read_pack(packs / "tiny.lcipack")
    assert hashlib.sha256(members["manifest.json"]).hexdigest() == vec["pack_digest"]
    manifest = json.loads(members["manifest.json"])
    tensors = load_tensors(manifest, members["tensors.bin"])
    z = np.array(vec["z_bits"], dtype="<i4").view("<f4").reshape(vec["z_shape"])
    sym, z_hat = z_symbols(z, tensors["z_medians"])
    assert sym.ravel().tolist() == vec["z_symbols"]
    params = hyper_synthesis_f32(z_hat, manifest, tensors)
    assert params.astype("<f4").view("<i4").ravel().tolist() == vec["params_bits"]   # bit-exact
    idx = scale_indexes(params[manifest["M"]:], tensors["scale_table"])
    assert idx.ravel().tolist() == vec["scale_indexes"]
