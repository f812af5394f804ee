"""What the machine has: tool versions for the results' provenance, missing tools, installing them."""
import os
import platform
import shutil
import subprocess

from .codecs import DEBIAN_PACKAGES

_VERSION_ARGS = {
    "cjpeg": ["cjpeg", "-version"], "cwebp": ["cwebp", "-version"],
    "opj_compress": ["opj_compress", "-h"], "avifenc": ["avifenc", "--version"],
    "cjxl": ["cjxl", "--version"], "ffmpeg": ["ffmpeg", "-hide_banner", "-version"],
    "java": ["java", "-version"],
}


def version(tool):
    if shutil.which(tool) is None:
        return "missing"
    try:
        p = subprocess.run(_VERSION_ARGS[tool], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"unknown ({e})"
    lines = [ln.strip() for ln in p.stdout.splitlines() if ln.strip()]
    for ln in lines:
        if "version" in ln.lower() or " library v" in ln or ln.lower().startswith(("cjxl", "libjpeg")):
            return ln[:160]
    return lines[0][:160] if lines else "unknown"


def versions():
    return {t: version(t) for t in _VERSION_ARGS}


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for ln in f:
                if ln.startswith("model name"):
                    cpu = ln.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} logical CPUs, {platform.system()} {platform.release()}"


def install(tools, log=print):
    """apt-get install the Debian packages for the missing tools; returns the ones still missing."""
    packages = sorted({DEBIAN_PACKAGES[t] for t in tools if t in DEBIAN_PACKAGES})
    if packages and shutil.which("apt-get") and os.geteuid() == 0:
        log(f"installing {' '.join(packages)} with apt-get")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update"], check=False, env=env, stdout=subprocess.DEVNULL)
        subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", *packages],
                       check=False, env=env, stdout=subprocess.DEVNULL)
    return [t for t in tools if shutil.which(t) is None]
