"""The classic codecs, each driven through its reference command-line tool.

Every codec reads the same normalised 8-bit RGB source and is swept over a fixed list of
settings chosen to span about 0.1-2 bpp on photographic images. Tools run single-threaded
(where they have a switch for it) so that timings compare one core with one core.
Bytes counted are the whole file the tool writes (headers and container included).
"""
from dataclasses import dataclass, field
import shutil

# Debian (bookworm) packages that provide the tools below.
DEBIAN_PACKAGES = {
    "cjpeg": "libjpeg-turbo-progs", "djpeg": "libjpeg-turbo-progs",
    "cwebp": "webp", "dwebp": "webp",
    "opj_compress": "libopenjp2-tools", "opj_decompress": "libopenjp2-tools",
    "avifenc": "libavif-bin", "avifdec": "libavif-bin",
    "cjxl": "libjxl-tools", "djxl": "libjxl-tools",
    "ffmpeg": "ffmpeg",
}

# RGB <-> YCbCr for HEVC: BT.601 matrix, full range, with swscale's accurate rounding.
_TO_YUV = "scale=out_color_matrix=bt601:out_range=full:flags=accurate_rnd+full_chroma_int"
_TO_RGB = "scale=in_color_matrix=bt601:in_range=full:flags=accurate_rnd+full_chroma_int"


@dataclass(frozen=True)
class CliCodec:
    """A codec run as two external commands; argv templates use {png} {ppm} {q} {coded} {out}."""
    name: str
    label: str
    ext: str
    settings: tuple            # sweep values, lowest quality first
    encode: tuple
    decode: tuple
    decoded_ext: str = "png"   # what the decoder writes
    tools: tuple = field(default=())
    note: str = ""

    def encode_argv(self, png, ppm, setting, coded):
        return [a.format(png=png, ppm=ppm, q=self.tool_value(setting), coded=coded) for a in self.encode]

    def decode_argv(self, coded, out):
        return [a.format(coded=coded, out=out) for a in self.decode]

    def tool_value(self, setting):
        # JPEG 2000 is swept by target bpp; opj_compress wants a compression ratio over 24-bit RGB.
        if self.name == "jpeg2000":
            return f"{24.0 / setting:.4f}"
        return f"{setting:g}"

    def missing_tools(self):
        return [t for t in self.tools if shutil.which(t) is None]


CLASSIC = [
    CliCodec("jpeg420", "JPEG 4:2:0 (libjpeg-turbo)", "jpg",
             (5, 10, 15, 20, 30, 40, 50, 60, 70, 80, 90),
             ("cjpeg", "-quality", "{q}", "-optimize", "-sample", "2x2", "-outfile", "{coded}", "{ppm}"),
             ("djpeg", "-outfile", "{out}", "{coded}"), "ppm", ("cjpeg", "djpeg"),
             "cjpeg -quality Q -optimize -sample 2x2 (baseline, optimised Huffman)"),
    CliCodec("jpeg444", "JPEG 4:4:4 (libjpeg-turbo)", "jpg",
             (5, 10, 15, 20, 30, 40, 50, 60, 70, 80, 90),
             ("cjpeg", "-quality", "{q}", "-optimize", "-sample", "1x1", "-outfile", "{coded}", "{ppm}"),
             ("djpeg", "-outfile", "{out}", "{coded}"), "ppm", ("cjpeg", "djpeg"),
             "cjpeg -quality Q -optimize -sample 1x1"),
    CliCodec("webp", "WebP", "webp",
             (0, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90),
             ("cwebp", "-quiet", "-m", "6", "-q", "{q}", "{png}", "-o", "{coded}"),
             ("dwebp", "-quiet", "{coded}", "-o", "{out}"), "png", ("cwebp", "dwebp"),
             "cwebp -m 6 -q Q (lossy WebP is always 4:2:0)"),
    CliCodec("jpeg2000", "JPEG 2000 (OpenJPEG)", "jp2",
             (0.08, 0.12, 0.18, 0.25, 0.35, 0.5, 0.7, 1.0, 1.4, 2.0, 2.6),
             ("opj_compress", "-i", "{ppm}", "-o", "{coded}", "-I", "-r", "{q}"),
             ("opj_decompress", "-quiet", "-i", "{coded}", "-o", "{out}"), "ppm",
             ("opj_compress", "opj_decompress"),
             "opj_compress -I (9/7 wavelet) -r 24/bpp, .jp2 file; setting = target bpp"),
    CliCodec("avif", "AVIF 4:4:4 (libaom)", "avif",
             (60, 56, 52, 48, 44, 40, 36, 32, 28, 24, 20, 16),
             ("avifenc", "-j", "1", "-s", "4", "-y", "444", "--min", "{q}", "--max", "{q}", "{png}", "{coded}"),
             ("avifdec", "-j", "1", "{coded}", "{out}"), "png", ("avifenc", "avifdec"),
             "avifenc -s 4 -y 444 --min Q --max Q (aom quantizer 0-63)"),
    CliCodec("jxl", "JPEG XL (libjxl)", "jxl",
             (25, 15, 10, 7, 5, 3.5, 2.5, 1.8, 1.3, 1.0, 0.7),
             ("cjxl", "--quiet", "--num_threads=0", "-e", "7", "-d", "{q}", "{png}", "{coded}"),
             ("djxl", "--quiet", "--num_threads=0", "{coded}", "{out}"), "png", ("cjxl", "djxl"),
             "cjxl -e 7 -d D (butteraugli distance)"),
    CliCodec("hevc", "HEVC intra 4:4:4 (x265)", "hevc",
             (48, 45, 42, 39, 36, 33, 30, 27, 24, 21),
             ("ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-i", "{png}", "-vf", _TO_YUV,
              "-pix_fmt", "yuv444p", "-c:v", "libx265", "-preset", "slower", "-tune", "psnr",
              "-x265-params", "qp={q}:info=0:pools=1:frame-threads=1:log-level=error",
              "-frames:v", "1", "-f", "hevc", "{coded}"),
             ("ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-threads", "1", "-f", "hevc",
              "-i", "{coded}", "-vf", _TO_RGB, "-pix_fmt", "rgb24", "-frames:v", "1", "{out}"),
             "png", ("ffmpeg",),
             "ffmpeg/libx265 -preset slower -tune psnr, QP; bytes = raw Annex-B stream "
             "(VPS/SPS/PPS + slice, x265 info SEI off, no container; BPG adds ~10 bytes)"),
]

BY_NAME = {c.name: c for c in CLASSIC}
