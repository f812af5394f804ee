"""pytest for the independent decoder: it must accept every vector and notice any change."""
import json
import os
import shutil

import pytest

import spec_check

TESTDATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "testdata")


def test_crc32c_check_value():
    assert spec_check.crc32c(b"123456789") == 0xE3069283


def test_every_vector_matches_the_spec():
    counts = spec_check.check_all(TESTDATA)
    assert counts["entropy"] >= 6 and counts["valid"] >= 8 and counts["malformed"] >= 20


@pytest.mark.parametrize("name", sorted(n for n in os.listdir(os.path.join(TESTDATA, "container/malformed"))
                                        if n.endswith(".json")))
def test_malformed_vector_fails_at_its_stage(name):
    spec_check.check_malformed(os.path.join(TESTDATA, "container/malformed", name),
                               os.path.join(TESTDATA, "container/valid"))


def test_a_changed_expected_value_is_noticed(tmp_path):
    src = os.path.join(TESTDATA, "entropy")
    shutil.copy(os.path.join(src, "e03-per-symbol-tables.bin"), tmp_path)
    v = json.load(open(os.path.join(src, "e03-per-symbol-tables.json")))
    v["values"][500] += 1
    path = tmp_path / "e03-per-symbol-tables.json"
    path.write_text(json.dumps(v))
    with pytest.raises(AssertionError):
        spec_check.check_entropy(str(path))


def test_a_damaged_stream_is_refused():
    data = bytearray(open(os.path.join(TESTDATA, "entropy", "e01-single-table.bin"), "rb").read())
    v = json.load(open(os.path.join(TESTDATA, "entropy", "e01-single-table.json")))
    data[9] ^= 0x20
    tables = [spec_check.Table(t["cdf"], t["offset"]) for t in v["tables"]]
    with pytest.raises(spec_check.FormatError):
        d = spec_check.RansDecoder(bytes(data))
        got = [d.decode(tables[k]) for k in v["table_index"]]
        d.finish()
        assert got == v["values"]  # pragma: no cover - a damaged stream never decodes cleanly here


def test_truncated_file_keeps_its_coarse_tier():
    data = open(os.path.join(TESTDATA, "container/valid/v07-prefix-coarse-tier.lci"), "rb").read()
    c = spec_check.read_container(data)
    assert not c["complete"]
    assert [k for k in range(3) if spec_check.tier_complete(c, data, k)] == [2]


DECODE = os.path.join(TESTDATA, "decode")


@pytest.mark.skipif(not os.path.exists(os.path.join(DECODE, "pack.lcipack")),
                    reason="model decode vectors (testdata/decode, from the runtime) not present")
def test_model_coded_files_parse_and_their_z_segments_decode():
    files = sorted(n for n in os.listdir(DECODE) if n.endswith(".lci"))
    assert files
    for name in files:
        assert spec_check.check_model_z_segments(os.path.join(DECODE, name), os.path.join(DECODE, "pack.lcipack")) >= 1


DECODE_CC = os.path.join(TESTDATA, "decode-cc")


def test_format2_latents_decode_from_the_spec_alone():
    """SPEC 8.1 (integer entropy-parameter path) is enough to decode the latents of files coded with a
    format-2 pack bit for bit as the Java runtime does (digests recorded by DecodeConformanceTest)."""
    v = json.load(open(os.path.join(DECODE_CC, "vectors.json")))
    pack = spec_check.IntegerPack(os.path.join(DECODE_CC, "pack.lcipack"))
    for vec in v["vectors"]:
        assert spec_check.check_model_latents_v2(os.path.join(DECODE_CC, vec["file"]), pack,
                                                 vec["symbolDigests"], vec["latentDigests"]) == 3


def test_format2_check_notices_a_wrong_digest():
    v = json.load(open(os.path.join(DECODE_CC, "vectors.json")))
    pack = spec_check.IntegerPack(os.path.join(DECODE_CC, "pack.lcipack"))
    vec = v["vectors"][0]
    wrong = list(vec["latentDigests"])
    wrong[0] = "0" * 64
    with pytest.raises(AssertionError):
        spec_check.check_model_latents_v2(os.path.join(DECODE_CC, vec["file"]), pack, vec["symbolDigests"], wrong)
