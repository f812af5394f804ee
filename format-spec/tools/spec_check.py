#!/usr/bin/env python3
"""A second, independent LCI decoder written from format-spec/SPEC.md alone (Python stdlib only).

It decodes the conformance vectors in testdata/ and compares them with their JSON descriptions:
  python3 format-spec/tools/spec_check.py [testdata-dir]
Exit status 0 when every vector matches. It shares no code with the Java library.
"""
import json
import os
import sys
import zlib

SIGNATURE = bytes([0x8B, 0x4C, 0x43, 0x49, 0x0D, 0x0A, 0x1A, 0x0A])


class FormatError(Exception):
    """Any violation of SPEC.md; `stage` says where decoding stopped."""

    def __init__(self, msg, stage="open"):
        super().__init__(msg)
        self.stage = stage


# --- SPEC 1: CRC-32C, reflected polynomial 0x82F63B78 --------------------------------------
def _crc_table():
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


_CRC = _crc_table()


def crc32c(data, crc=0):
    crc ^= 0xFFFFFFFF
    for b in data:
        crc = _CRC[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


class Cursor:
    def __init__(self, data, pos=0, end=None):
        self.data, self.pos = data, pos
        self.end = len(data) if end is None else end

    def take(self, n, what):
        if self.end - self.pos < n:
            raise FormatError(f"{what}: truncated")
        b = self.data[self.pos:self.pos + n]
        self.pos += n
        return b

    def u8(self, what):
        return self.take(1, what)[0]

    def u16(self, what):
        return int.from_bytes(self.take(2, what), "big")

    def u32(self, what):
        return int.from_bytes(self.take(4, what), "big")

    def varint(self, what):
        value = 0
        for i in range(5):
            b = self.u8(what)
            value |= (b & 0x7F) << (7 * i)
            if not b & 0x80:
                if b == 0 and i > 0:
                    raise FormatError(f"{what}: varint not minimal")
                if value > 2**31 - 1:
                    raise FormatError(f"{what}: varint too large")
                return value
        raise FormatError(f"{what}: varint longer than 5 bytes")


# --- SPEC 9: LCI-rANS ----------------------------------------------------------------------
class Table:
    def __init__(self, cdf, offset):
        if len(cdf) < 3 or cdf[0] != 0 or cdf[-1] != 65536 or any(b <= a for a, b in zip(cdf, cdf[1:])):
            raise FormatError("invalid CDF table")
        self.cdf, self.offset, self.n = cdf, offset, len(cdf) - 2


class RansDecoder:
    def __init__(self, data):
        if len(data) < 8:
            raise FormatError("rANS stream shorter than 8 bytes", "decode")
        self.data = data
        self.x = [int.from_bytes(data[0:4], "little"), int.from_bytes(data[4:8], "little")]
        if min(self.x) < 65536:
            raise FormatError("rANS initial state below 65536", "decode")
        self.pos = 8
        self.count = 0

    def _step(self, i, find):
        x = self.x[i]
        slot = x & 0xFFFF
        sym, start, freq = find(slot)
        x = freq * (x >> 16) + slot - start
        if x < 65536:
            if self.pos + 2 > len(self.data):
                raise FormatError("rANS stream ended early", "decode")
            x = (x << 16) | int.from_bytes(self.data[self.pos:self.pos + 2], "little")
            self.pos += 2
        self.x[i] = x
        return sym

    def _raw(self, i, bits):
        def find(slot):
            r = slot >> (16 - bits)
            return r, r << (16 - bits), 1 << (16 - bits)
        return self._step(i, find)

    def decode(self, table):
        i = self.count & 1
        cdf = table.cdf

        def find(slot):
            lo, hi = 0, len(cdf) - 1  # find s with cdf[s] <= slot < cdf[s+1]
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if cdf[mid] <= slot:
                    lo = mid
                else:
                    hi = mid
            return lo, cdf[lo], cdf[lo + 1] - cdf[lo]
        s = self._step(i, find)
        if s < table.n:
            value = table.offset + s
        else:
            length = self._raw(i, 5)
            u = 0
            if length > 0:
                u = 1 << (length - 1)
                shift, remaining = 0, length - 1
                while remaining > 0:
                    b = min(16, remaining)
                    u |= self._raw(i, b) << shift
                    shift += b
                    remaining -= b
            d = -((u + 1) // 2) if u & 1 else table.n + u // 2
            value = table.offset + d
            if not -2**31 <= value < 2**31:
                raise FormatError("escaped value outside 32 bits", "decode")
        self.count += 1
        return value

    def finish(self):
        if self.pos != len(self.data) or self.x != [65536, 65536]:
            raise FormatError("rANS stream did not terminate cleanly", "decode")


# --- SPEC 3-7: container -------------------------------------------------------------------
LAYOUTS = {0: "RGB", 1: "GRAY", 2: "RGBA"}


def parse_header(data):
    c = Cursor(data, 8)
    version = c.u8("version")
    if version != 1:
        raise FormatError(f"unsupported version {version}")
    # Locate the CRC from the layout alone, check it, then interpret fields (SPEC 4).
    probe = Cursor(data, 9)
    flags = probe.u8("flags")
    for what in ("width", "height"):
        for _ in range(5):
            if not probe.u8(what) & 0x80:
                break
        else:
            raise FormatError(f"{what}: varint longer than 5 bytes")
    probe.take(10, "q16 and digest")
    probe.take(probe.u8("tier count"), "tiers")
    if flags & 4:
        for what in ("tile size", "overlap"):
            for _ in range(5):
                if not probe.u8(what) & 0x80:
                    break
    body_end = probe.pos
    if crc32c(data[8:body_end]) != probe.u32("header CRC"):
        raise FormatError("header CRC-32C mismatch")
    flags = c.u8("flags")
    if flags & 3 == 3 or flags & 0xF8:
        raise FormatError("bad flags")
    h = {"layout": LAYOUTS[flags & 3]}
    h["width"], h["height"] = c.varint("width"), c.varint("height")
    if not (1 <= h["width"] <= 2**30 and 1 <= h["height"] <= 2**30):
        raise FormatError("bad image size")
    if h["width"] > 2**18 or h["height"] > 2**18 or h["width"] * h["height"] > 2**28:
        raise FormatError("image size exceeds limits")
    h["q16"] = c.u16("q16")
    h["pack_digest_prefix"] = c.take(8, "digest").hex()
    n = c.u8("tier count")
    if not 1 <= n <= 16:
        raise FormatError("bad tier count")
    tiers = []
    for k in range(n):
        b = c.u8("tier")
        tiers.append([b >> 4, (b & 15) + 1])
        if k == 0 and tiers[0][0] != 0:
            raise FormatError("tier 0 not full size")
        if k > 0 and (tiers[k][0] <= tiers[k - 1][0] or tiers[k][1] > tiers[k - 1][1]):
            raise FormatError("tiers out of order")
    h["tiers"] = tiers
    h["explicit_tile_grid"] = bool(flags & 4)
    if flags & 4:
        t64, o16 = c.varint("tile size"), c.varint("overlap")
        # SPEC 4 tile limits: T <= 4096, 2*O <= T
        if t64 < 1 or 64 * t64 > 4096 or 2 * 16 * o16 > 64 * t64:
            raise FormatError("bad tile grid")
        h["tile_size"], h["overlap"] = 64 * t64, 16 * o16
    else:
        h["tile_size"], h["overlap"] = 64 * -(-max(h["width"], h["height"]) // 64), 0
        if h["tile_size"] > 4096:
            raise FormatError("one implied tile over 4096 pixels: a tile grid is required")
    c.u32("CRC")
    h["header_bytes"] = c.pos - 8
    return h, c.pos


def read_container(data):
    """Returns a dict describing the file; raises FormatError (stage 'open') for refused files."""
    if data[:8] != SIGNATURE:
        raise FormatError("bad signature")
    h, pos = parse_header(data)
    cols = -(-h["width"] // h["tile_size"])
    rows = -(-h["height"] // h["tile_size"])
    tiles = cols * rows
    per = 1 + h["tiers"][0][1]
    ends = sorted({1 + g for _, g in h["tiers"]})
    out = {"header": h, "tiles": tiles, "layer_ends": ends, "chunks": [], "complete": False,
           "segments": None, "alpha": None, "layer_start": [None] * len(ends)}
    phase, layer, seen = "leading", 0, set()
    while True:
        if len(data) - pos < 8:
            if phase == "leading":
                raise FormatError("truncated before the tile index")
            break
        length = int.from_bytes(data[pos:pos + 4], "big")
        ctype = data[pos + 4:pos + 8]
        if not all(65 <= b <= 90 or 97 <= b <= 122 for b in ctype):
            raise FormatError("chunk type not four letters")
        ctype = ctype.decode("ascii")
        if length > 2**31 - 1:
            raise FormatError("chunk too long")
        end = pos + 12 + length
        present = end <= len(data)
        if phase == "layers":
            if ctype != "LDAT" or length != out["layer_length"][layer]:
                raise FormatError("expected LDAT with the indexed length")
            out["layer_start"][layer] = pos + 8
            if not present:
                break
            layer += 1
            if layer == len(ends):
                phase = "trailing"
            pos = end
            continue
        critical = ctype[0].isupper()
        if not present and (phase == "leading" or ctype == "TIDX"):
            raise FormatError("truncated before the tile index")
        if not present:
            break
        body = data[pos + 8:pos + 8 + length]
        stored = int.from_bytes(data[end - 4:end], "big")
        known = ctype in ("TIDX", "ALPH", "LEND", "iCCP", "eXIf", "xMPx")
        if critical and not known:
            raise FormatError(f"unknown critical chunk {ctype}")
        if not known:
            pos = end  # unknown ancillary: skipped unread
            continue
        if crc32c(ctype.encode() + body) != stored:
            raise FormatError(f"chunk {ctype} CRC-32C mismatch")
        if ctype in seen and ctype != "LEND":
            raise FormatError(f"duplicate {ctype}")
        seen.add(ctype)
        if ctype == "TIDX":
            if phase != "leading":
                raise FormatError("TIDX out of place")
            if tiles * per * 5 > length:
                raise FormatError("TIDX too short for the tile grid")
            c = Cursor(body)
            segs = [[(c.varint("length"), c.u32("crc")) for _ in range(per)] for _ in range(tiles)]
            if c.pos != len(body):
                raise FormatError("TIDX has trailing bytes")
            out["segments"] = segs
            out["layer_length"] = []
            start = 0
            for e in ends:
                out["layer_length"].append(sum(segs[t][s][0] for t in range(tiles) for s in range(start, e)))
                start = e
            phase = "layers"
        elif ctype == "ALPH":
            if h["layout"] != "RGBA":
                raise FormatError("ALPH without alpha layout")
            out["alpha"] = body
        elif ctype == "LEND":
            if phase != "trailing" or length != 0:
                raise FormatError("LEND out of place")
            if end != len(data):
                raise FormatError("bytes after LEND")
            if h["layout"] == "RGBA" and out["alpha"] is None:
                raise FormatError("RGBA without ALPH")
            out["complete"] = True
            break
        else:
            out["chunks"].append(ctype)
        pos = end
    # Segment offsets (SPEC 6): layer by layer, tile-major, without padding.
    out["offsets"] = [[None] * per for _ in range(tiles)]
    start = 0
    for j, e in enumerate(ends):
        p = out["layer_start"][j]
        for t in range(tiles):
            for s in range(start, e):
                if p is not None:
                    out["offsets"][t][s] = p
                    p += out["segments"][t][s][0]
        start = e
    return out


def available(c, data, t, s):
    off = c["offsets"][t][s]
    return off is not None and off + c["segments"][t][s][0] <= len(data)


def read_segment(c, data, t, s):
    off, (length, crc) = c["offsets"][t][s], c["segments"][t][s]
    seg = data[off:off + length]
    if crc32c(seg) != crc:
        raise FormatError(f"tile {t} segment {s} CRC-32C mismatch", "segment")
    return seg


def decode_alpha(body, w, h):
    try:
        d = zlib.decompressobj()
        raw = d.decompress(body, h * (w + 1) + 1)
    except zlib.error as e:
        raise FormatError(f"ALPH zlib: {e}", "alpha")
    if len(raw) != h * (w + 1) or not d.eof or d.unused_data or d.unconsumed_tail:
        raise FormatError("ALPH size mismatch", "alpha")
    out = bytearray(w * h)
    for y in range(h):
        f = raw[y * (w + 1)]
        if f > 4:
            raise FormatError(f"ALPH row {y}: filter {f}", "alpha")
        for x in range(w):
            a = out[y * w + x - 1] if x else 0
            b = out[(y - 1) * w + x] if y else 0
            cc = out[(y - 1) * w + x - 1] if x and y else 0
            if f == 0:
                p = 0
            elif f == 1:
                p = a
            elif f == 2:
                p = b
            elif f == 3:
                p = (a + b) // 2
            else:
                q = a + b - cc
                pa, pb, pc = abs(q - a), abs(q - b), abs(q - cc)
                p = a if pa <= pb and pa <= pc else (b if pb <= pc else cc)
            out[y * w + x] = (raw[y * (w + 1) + 1 + x] + p) & 0xFF
    return bytes(out)


# --- conformance checks ----------------------------------------------------------------------
def check_entropy(path):
    v = json.load(open(path))
    data = open(os.path.join(os.path.dirname(path), v["stream"]), "rb").read()
    assert len(data) == v["stream_length"], "stream length"
    tables = [Table(t["cdf"], t["offset"]) for t in v["tables"]]
    d = RansDecoder(data)
    got = [d.decode(tables[k]) for k in v["table_index"]]
    d.finish()
    assert got == v["values"], f"{v['name']}: values differ"


def tier_complete(c, data, k):
    need = 1 + c["header"]["tiers"][k][1]
    return all(available(c, data, t, s) for t in range(c["tiles"]) for s in range(need))


def check_valid(path):
    v = json.load(open(path))
    data = open(os.path.join(os.path.dirname(path), v["file"]), "rb").read()
    c = read_container(data)
    for key, want in v["header"].items():
        assert c["header"][key] == want, f"{v['name']}: header {key}: {c['header'][key]} != {want}"
    assert c["tiles"] == v["tiles"] and c["layer_ends"] == v["layer_ends"], v["name"]
    assert c["complete"] == v["complete"], f"{v['name']}: complete"
    assert c["chunks"] == v["chunks"], f"{v['name']}: chunks {c['chunks']}"
    tiers = [k for k in range(len(c["header"]["tiers"])) if tier_complete(c, data, k)]
    assert tiers == v["complete_tiers"], f"{v['name']}: complete tiers {tiers}"
    if v["alpha_crc32c"] is not None:
        alpha = decode_alpha(c["alpha"], c["header"]["width"], c["header"]["height"])
        assert crc32c(alpha) == v["alpha_crc32c"], f"{v['name']}: alpha"
    tables = [Table(t["cdf"], t["offset"]) for t in v["tables"]]
    for s in v["segments"]:
        t, k = s["tile"], s["segment"]
        assert c["segments"][t][k][0] == s["length"], f"{v['name']}: length of {t}/{k}"
        assert available(c, data, t, k) == s["available"], f"{v['name']}: availability of {t}/{k}"
        if s["available"]:
            assert c["offsets"][t][k] == s["offset"], f"{v['name']}: offset of {t}/{k}"
            d = RansDecoder(read_segment(c, data, t, k))
            got = [d.decode(tables[i]) for i in s["table_index"]]
            d.finish()
            assert got == s["values"], f"{v['name']}: values of {t}/{k}"


def check_malformed(path, valid_dir):
    v = json.load(open(path))
    data = open(os.path.join(os.path.dirname(path), v["file"]), "rb").read()
    base = json.load(open(os.path.join(valid_dir, v["derived_from"] + ".json")))
    tables = [Table(t["cdf"], t["offset"]) for t in base["tables"]]
    try:
        c = read_container(data)
        if c["alpha"] is not None:
            decode_alpha(c["alpha"], c["header"]["width"], c["header"]["height"])
        for s in base["segments"]:
            seg = read_segment(c, data, s["tile"], s["segment"])
            d = RansDecoder(seg)
            for i in s["table_index"]:
                d.decode(tables[i])
            d.finish()
    except FormatError as e:
        assert e.stage == v["stage"], f"{v['name']}: failed at {e.stage} ({e}), expected {v['stage']}"
        return
    raise AssertionError(f"{v['name']}: decoded although malformed")


def check_model_z_segments(lci_path, pack_path):
    """Decodes every tile's z segment of a model-coded file (SPEC 8: Nz channels of
    (paddedH/64) x (paddedW/64) symbols, table z_tables[c]) and checks clean termination.
    Needs only the pack's manifest.json and entropy.json, no network. Returns the tile count."""
    import tarfile
    with tarfile.open(pack_path) as tf:
        manifest = json.load(tf.extractfile("manifest.json"))
        tables = [Table(t["cdf"], t["offset"]) for t in json.load(tf.extractfile("entropy.json"))["z_tables"]]
    data = open(lci_path, "rb").read()
    c = read_container(data)
    h = c["header"]
    T, O, W, H = h["tile_size"], h["overlap"], h["width"], h["height"]
    cols = -(-W // T)
    for t in range(c["tiles"]):
        row, col = divmod(t, cols)
        x0, x1 = max(0, col * T - O), min(W, (col + 1) * T + O)
        y0, y1 = max(0, row * T - O), min(H, (row + 1) * T + O)
        padded_w, padded_h = -(-(x1 - x0) // 64) * 64, -(-(y1 - y0) // 64) * 64
        d = RansDecoder(read_segment(c, data, t, 0))
        for ch in range(manifest["Nz"]):
            for _ in range((padded_h // 64) * (padded_w // 64)):
                d.decode(tables[ch])
        d.finish()
    return c["tiles"]


# --- SPEC 8.1: latent parameters of a format-2 model pack (integer) ------------------------
class IntegerPack:
    """The format-2 pack members SPEC 8.1 names: entropy_path, its int8/int32 tensors, the tables."""

    def __init__(self, pack_path):
        import struct
        import tarfile
        with tarfile.open(pack_path) as tf:
            self.manifest = json.load(tf.extractfile("manifest.json"))
            entropy = json.load(tf.extractfile("entropy.json"))
            blob = tf.extractfile("tensors.bin").read()
        if self.manifest.get("format_version") != 2:
            raise FormatError("not a format-2 pack")
        self.z_tables = [Table(t["cdf"], t["offset"]) for t in entropy["z_tables"]]
        self.y_tables = [Table(t["cdf"], t["offset"]) for t in entropy["y_tables"]]
        self.ep = self.manifest["entropy_path"]
        self.groups = self.manifest["groups"]

        def tensor(name):
            ref = self.manifest["tensors"][name]
            n = 1
            for d in ref["shape"]:
                n *= d
            fmt = {"int8": "b", "int32": "i"}[ref["dtype"]]
            size = struct.calcsize("<" + fmt)
            return list(struct.unpack_from("<%d%s" % (n, fmt), blob, ref["offset"])) if n else []
        self.tensor = tensor
        self.med16 = tensor("z_medians_16")


def _layer(pack, spec, inputs, h, w, shift):
    """One integer layer (SPEC 8.1) on CHW lists `inputs` (one per part) of an h x w grid."""
    out = spec["out"]
    bias = pack.tensor(spec["bias"])
    transpose = spec["parts"][0]["type"] == "conv_transpose2d"
    oh, ow = (2 * h, 2 * w) if transpose else (h, w)
    total = [[1 << (spec.get("shift", shift) - 1)] * (oh * ow) for _ in range(out)]
    for j, (part, x) in enumerate(zip(spec["parts"], inputs)):
        cin, k, wt = part["in"], part["kernel"], pack.tensor(part["weight"])
        mult = pack.tensor(part["mult"])
        acc = [[bias[o] if j == 0 else 0] * (oh * ow) for o in range(out)]
        for o in range(out):
            a = acc[o]
            for i in range(cin):
                plane = x[i]
                for ky in range(k):
                    for kx in range(k):
                        if transpose:
                            wv = wt[((i * out + o) * k + ky) * k + kx]
                        else:
                            wv = wt[((o * cin + i) * k + ky) * k + kx]
                        if wv == 0:
                            continue
                        for Y in range(oh):
                            if transpose:
                                if (Y + 1 - ky) % 2:
                                    continue
                                iy = (Y + 1 - ky) // 2
                            else:
                                iy = Y + ky - k // 2
                            if not 0 <= iy < h:
                                continue
                            for X in range(ow):
                                if transpose:
                                    if (X + 1 - kx) % 2:
                                        continue
                                    ix = (X + 1 - kx) // 2
                                else:
                                    ix = X + kx - k // 2
                                if 0 <= ix < w:
                                    a[Y * ow + X] += wv * plane[iy * w + ix]
        for o in range(out):
            total[o] = [t + v * mult[o] for t, v in zip(total[o], acc[o])]
    lo, hi = spec["min"], spec["max"]
    sh = spec.get("shift", shift)
    return [[min(hi, max(lo, v >> sh)) for v in total[o]] for o in range(out)]


def decode_tile_v2(pack, c, data, t, groups, h, w):
    """z symbols, then y symbols and y_hat (float32 bits) of the first `groups` groups of tile t."""
    import struct
    ep = pack.ep
    zh, zw = h // 4, w // 4
    d = RansDecoder(read_segment(c, data, t, 0))
    z = [[d.decode(pack.z_tables[ch]) for _ in range(zh * zw)] for ch in range(len(pack.med16))]
    d.finish()
    x = [[min(ep["z_limit"] - 1, max(-ep["z_limit"], ep["z_scale"] * s + pack.med16[ch])) for s in z[ch]]
         for ch in range(len(z))]
    gh, gw = zh, zw
    for spec in ep["hyper"]:
        x = _layer(pack, spec, [x], gh, gw, ep.get("shift"))
        gh, gw = 2 * gh, 2 * gw
    feats = x
    syms, coded = [], []                      # per channel: symbols, coded values (units of 2^-mean_bits)
    latents = []
    half = 1 << (ep["context_shift"] - 1)
    lim = ep["context_limit"]
    for g in range(groups):
        head = ep["heads"][g]
        inputs = [feats]
        if g > 0:
            inputs.append([[min(lim - 1, max(-lim, (v + half) >> ep["context_shift"])) for v in ch] for ch in coded])
        h1 = _layer(pack, head["first"], inputs, h, w, ep.get("shift"))
        h2 = _layer(pack, head["hidden"], [h1], h, w, ep.get("shift"))
        mu = _layer(pack, head["mean"], [h2], h, w, ep.get("shift"))
        idx = _layer(pack, head["scale"], [h2], h, w, ep.get("shift"))
        seg = RansDecoder(read_segment(c, data, t, 1 + g))
        for ch in range(pack.groups[g]):
            s = [seg.decode(pack.y_tables[i]) for i in idx[ch]]
            syms.append(s)
            coded.append([(v << ep["mean_bits"]) + m for v, m in zip(s, mu[ch])])
            latents.append([struct.unpack("<I", struct.pack("<f", v + m / (1 << ep["mean_bits"])))[0]
                            for v, m in zip(s, mu[ch])])
        seg.finish()
    return [v for ch in z for v in ch], [v for ch in syms for v in ch], [v for ch in latents for v in ch]


def check_model_latents_v2(lci_path, pack, symbol_digests, latent_digests):
    """Decodes every tier of a file coded with a format-2 pack from SPEC.md alone and compares the SHA-256 of
    its symbols (z then y, int32 LE, tile by tile) and of its y_hat float32 bits with the recorded digests."""
    import hashlib
    import struct
    data = open(lci_path, "rb").read()
    c = read_container(data)
    hd = c["header"]
    T, O, W, H = hd["tile_size"], hd["overlap"], hd["width"], hd["height"]
    cols = -(-W // T)
    for k, (_, groups) in enumerate(hd["tiers"]):
        sym_md, lat_md = hashlib.sha256(), hashlib.sha256()
        for t in range(c["tiles"]):
            row, col = divmod(t, cols)
            x0, x1 = max(0, col * T - O), min(W, (col + 1) * T + O)
            y0, y1 = max(0, row * T - O), min(H, (row + 1) * T + O)
            h, w = -(-(y1 - y0) // 64) * 4, -(-(x1 - x0) // 64) * 4
            z, ys, lat = decode_tile_v2(pack, c, data, t, groups, h, w)
            sym_md.update(struct.pack("<%di" % (len(z) + len(ys)), *(z + ys)))
            lat_md.update(struct.pack("<%dI" % len(lat), *lat))
        assert sym_md.hexdigest() == symbol_digests[k], f"{lci_path} tier {k}: symbols differ"
        assert lat_md.hexdigest() == latent_digests[k], f"{lci_path} tier {k}: latents differ"
    return len(hd["tiers"])


def check_all(testdata):
    counts = {}
    for kind, sub, fn in (("entropy", "entropy", check_entropy), ("valid", "container/valid", check_valid)):
        d = os.path.join(testdata, sub)
        for name in sorted(os.listdir(d)):
            if name.endswith(".json"):
                fn(os.path.join(d, name))
                counts[kind] = counts.get(kind, 0) + 1
    d = os.path.join(testdata, "container/malformed")
    for name in sorted(os.listdir(d)):
        if name.endswith(".json"):
            check_malformed(os.path.join(d, name), os.path.join(testdata, "container/valid"))
            counts["malformed"] = counts.get("malformed", 0) + 1
    return counts


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "testdata")
    print("spec_check: all vectors match:", check_all(root))
