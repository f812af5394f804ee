"""Codecs that run inside the JVM (org.lci.bench.rd.RdBatch in the bench jar): the JDK's
ImageIO JPEG writer and LCI through its public runtime API.

All points of a sweep go to one JVM; RdBatch times the in-memory encode/decode calls after one
untimed warm-up job (JIT, model loading).
"""
from dataclasses import dataclass
import subprocess
from pathlib import Path

from . import metrics
from .images import area_downscale, load_rgb
from .sweep import measure

REPO = Path(__file__).resolve().parents[3]
BENCH_JAR = REPO / "bench" / "target" / "lci-bench.jar"
MAIN = "org.lci.bench.rd.RdBatch"
DEFAULT_PACK = "org/lci/runtime/packs/default.lcipack"


def build_jar(log=print):
    """Build the bench jar (and the modules it needs) unless it is already there."""
    if BENCH_JAR.exists():
        return BENCH_JAR
    log("building bench jar: mvn -q -B -ntp -pl bench -am -DskipTests package")
    subprocess.run(["mvn", "-q", "-B", "-ntp", "-pl", "bench", "-am", "-DskipTests", "package"], cwd=REPO, check=True)
    return BENCH_JAR


@dataclass(frozen=True)
class JavaCodec:
    name: str
    label: str
    ext: str
    settings: tuple
    note: str = ""
    pack: str = None        # LCI: model pack file, else the runtime jar's default pack
    version: str = "1"      # changes invalidate cached points (LCI: the model pack digest)
    tiers: tuple = (0,)     # LCI: also decode tiers 1, 2 and score them against area-downscaled sources

    def run_jobs(self, jobs, scratch, tag="batch"):
        """jobs: (source png, setting, coded path, decoded prefix, tiers); returns per-job
        {"bytes", "enc_ms", "dec": {tier: (dec_ms, decoded path, prefix bytes)}} and the INFO lines."""
        build_jar()
        scratch = Path(scratch)
        scratch.mkdir(parents=True, exist_ok=True)
        jobs_file = scratch / f"{self.name}-{tag}.jobs.tsv"
        jobs_file.write_text("".join(
            f"{src}\t{q!r}\t{coded}\t{prefix}\t{','.join(map(str, tiers))}\n"
            for src, q, coded, prefix, tiers in jobs))
        argv = ["java", "-cp", str(BENCH_JAR), MAIN, "--codec", self.name, "--jobs", str(jobs_file)]
        if self.pack:
            argv += ["--pack", str(self.pack)]
        proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"RdBatch --codec {self.name} exited {proc.returncode}:\n{proc.stderr[-3000:]}")
        results = [{"dec": {}} for _ in jobs]
        info = []
        for line in proc.stdout.splitlines():
            f = line.split("\t")
            if f[0] == "INFO":
                info.append("\t".join(f[1:]))
            elif f[0] == "RESULT":
                j, nbytes, enc_ms, tier, dec_ms = int(f[1]), int(f[2]), float(f[3]), int(f[4]), float(f[5])
                r = results[j]
                r.update(bytes=nbytes, enc_ms=enc_ms)
                r["dec"][tier] = (dec_ms, Path(f"{jobs[j][3]}.t{tier}.png"), int(f[6]))
        missing = [j for j, r in enumerate(results) if "bytes" not in r]
        if missing:
            raise RuntimeError(f"RdBatch printed no result for jobs {missing[:5]}...")
        return results, info

    def run_points(self, dataset, points, scratch):
        """Encode + decode (setting, image, source) points in one JVM, measured like the CLI codecs."""
        base = Path(scratch) / dataset / self.name
        jobs = [(src, s, base / f"{s:g}" / f"{img}.{self.ext}", base / f"{s:g}" / f"{img}.dec",
                 list(self.tiers)) for s, img, src in points]
        results, info = self.run_jobs(jobs, base, tag=dataset)
        out = []
        for (src, _, _, _, _), r in zip(jobs, results):
            dec_ms, decoded, _ = r["dec"][0]
            rec = measure(src, decoded, r["bytes"])
            rec.update(enc_ms=r["enc_ms"], dec_ms=dec_ms, info="; ".join(info))
            decoded.unlink()
            for tier in self.tiers[1:]:
                ms, path, prefix = r["dec"][tier]
                rec[f"psnr_t{tier}"] = tier_psnr(src, path, tier)
                rec[f"dec_ms_t{tier}"] = ms
                rec[f"prefix_bytes_t{tier}"] = prefix
                path.unlink()
            out.append(rec)
        return out


def tier_psnr(src, decoded, tier):
    """PSNR of a tier-k decode against the source area-downscaled by 2^k. A tier image may be a
    pixel larger (ceil) where the size is not a multiple of 2^k; that partial edge is cropped."""
    ref = area_downscale(load_rgb(src), 2 ** tier)
    dec = load_rgb(decoded)
    if dec.shape[0] < ref.shape[0] or dec.shape[1] < ref.shape[1]:
        raise ValueError(f"{decoded}: tier {tier} is {dec.shape[1]}x{dec.shape[0]}, "
                         f"expected at least {ref.shape[1]}x{ref.shape[0]}")
    return metrics.psnr(ref, dec[:ref.shape[0], :ref.shape[1]])


IMAGEIO_JPEG = JavaCodec("jpeg-imageio", "JPEG 4:2:0 (JDK ImageIO)", "jpg",
                         (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9),
                         "javax.imageio JPEG writer, default settings, setCompressionQuality(Q)")

LCI_NOTE = ("org.lci.runtime.LciCodec via RdBatch, EncodeOptions.quality(q), CPU (ONNX Runtime default "
            "threads), default tiling; one file serves tiers 0-2")
RECORD_VERSION = "/r2"  # bump when RdBatch starts reporting new fields, to redo cached LCI points
LCI_SETTINGS = (0.0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1.0)


def lci_codec(pack=None, tiers=(0,)):
    """LCI with the given pack file, or the default pack inside the bench jar."""
    return JavaCodec("lci", "LCI", "lci", LCI_SETTINGS, LCI_NOTE,
                     pack=pack, version=pack_digest(pack) + RECORD_VERSION, tiers=tuple(tiers))


def pack_digest(pack=None):
    """SHA-256 of the pack's manifest.json (the pack digest), so a new model invalidates the cache."""
    import hashlib
    import io
    import tarfile
    import zipfile
    if pack:
        data = Path(pack).read_bytes()
    else:
        build_jar()
        with zipfile.ZipFile(BENCH_JAR) as jar:
            try:
                data = jar.read(DEFAULT_PACK)
            except KeyError:
                raise FileNotFoundError(f"{BENCH_JAR} has no {DEFAULT_PACK}: "
                                        "lci-model-default is not in the bench jar") from None
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        return hashlib.sha256(tar.extractfile("manifest.json").read()).hexdigest()
