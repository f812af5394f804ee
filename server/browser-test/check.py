"""Browser test of `lci serve`: OpenSeadragon in headless Chromium deep-zooms an 8000 x 6000 LCI image.

1. Draws a synthetic 8000 x 6000 picture (smooth colour fields, discs, a line grid) and encodes it with `lci encode`
   (the default model pack, default tile size).
2. Starts `lci serve` on it and a static server for viewer.html + OpenSeadragon.
3. shoot.mjs opens the viewer at each zoom and screenshots it once every needed tile is drawn.
4. Checks each screenshot against the expected picture (the same view cut from the source and scaled), and
   that a screenshot does not match another zoom's view (the check can fail).
5. Checks the server log: every IIIF tile request at scale factor 2^k was answered from tier min(k, 2), and
   at least three scale factors were requested.

Run through ./run (it installs Chromium and the npm packages when missing).
"""
import argparse
import functools
import http.server
import math
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import numpy as np
from PIL import Image

HERE = Path(__file__).resolve().parent
WIDTH, HEIGHT = 8000, 6000
VIEW = (1024, 768)
MIN_PSNR = 20.0          # dB, screenshot vs expected view (LCI at q 0.75 + JPEG tiles + browser resampling)
MIN_MARGIN = 8.0         # dB, by which the right view must beat another zoom's view


def picture() -> np.ndarray:
    y, x = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float32)
    r = 128 + 90 * np.sin(x / 650 + 0.5) * np.cos(y / 900)
    g = 128 + 90 * np.sin(y / 520 + 1.0)
    b = 128 + 90 * np.cos((x + y) / 1100)
    img = np.stack([r, g, b], axis=-1)
    # Discs on a 500-pixel lattice, radius 60..200, each its own colour.
    rng = np.random.default_rng(7)
    for cy in range(250, HEIGHT, 500):
        for cx in range(250, WIDTH, 500):
            rad = rng.integers(60, 200)
            colour = rng.integers(0, 256, 3)
            y0, y1, x0, x1 = cy - rad, cy + rad, cx - rad, cx + rad
            yy, xx = np.mgrid[y0:y1, x0:x1]
            mask = (yy - cy) ** 2 + (xx - cx) ** 2 <= rad * rad
            img[y0:y1, x0:x1][mask] = colour
    for k in range(8):  # dark lines, 8 pixels wide, every 1000 pixels
        img[:, k::1000] = 20
        img[k::1000, :] = 20
    return np.clip(img, 0, 255).astype(np.uint8)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def expected_view(source: Image.Image, zoom: float) -> np.ndarray:
    w, h = WIDTH / zoom, HEIGHT / zoom
    box = (WIDTH / 2 - w / 2, HEIGHT / 2 - h / 2, WIDTH / 2 + w / 2, HEIGHT / 2 + h / 2)
    return np.asarray(source.resize(VIEW, Image.Resampling.BOX, box=box), dtype=np.float64)


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = np.mean((a - b) ** 2)
    return 10 * math.log10(255 ** 2 / max(mse, 1e-9))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lci-jar", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--zooms", default="1,4,8")
    a = ap.parse_args()
    work = Path(a.work)
    (work / "img").mkdir(parents=True, exist_ok=True)
    zooms = a.zooms.split(",")

    t0 = time.time()
    src = Image.fromarray(picture())
    png = work / "big.png"
    src.save(png, compress_level=1)
    lci = work / "img" / "big.lci"
    subprocess.run(["java", "-jar", a.lci_jar, "encode", str(png), "-o", str(lci), "--quiet"], check=True)
    print(f"encoded {WIDTH}x{HEIGHT}: {lci.stat().st_size} bytes in {time.time() - t0:.0f} s", flush=True)

    port = free_port()
    log_path = work / "serve.log"
    server = subprocess.Popen(["java", "-jar", a.lci_jar, "serve", str(work / "img"), "--port", str(port)],
                              stdout=open(log_path, "w"), stderr=subprocess.STDOUT)
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    static = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(HERE)))
    threading.Thread(target=static.serve_forever, daemon=True).start()
    failures = []
    try:
        info = f"http://127.0.0.1:{port}/iiif/3/big/info.json"
        for _ in range(120):
            try:
                urllib.request.urlopen(info, timeout=5).read()
                break
            except OSError:
                time.sleep(0.5)
        t1 = time.time()
        shot = subprocess.run(["node", str(HERE / "shoot.mjs"), f"http://127.0.0.1:{static.server_address[1]}/", info,
                               str(work), *zooms], cwd=HERE)
        print(f"screenshots in {time.time() - t1:.0f} s", flush=True)
        if shot.returncode != 0:
            time.sleep(1)
            bad = [line.rstrip() for line in open(log_path) if " 200 " not in line and line.startswith("GET")]
            print("the viewer failed; server answers other than 200:", *bad[:20], sep="\n  ")
            return 1
    finally:
        server.terminate()
        server.wait(30)
        static.shutdown()

    views = {z: expected_view(src, float(z)) for z in zooms}
    for z in zooms:
        shot = np.asarray(Image.open(work / f"zoom-{z}.png").convert("RGB"), dtype=np.float64)
        right = psnr(shot, views[z])
        others = [psnr(shot, views[o]) for o in zooms if o != z]
        best_other = max(others) if others else float("-inf")
        ok = right >= MIN_PSNR and right >= best_other + MIN_MARGIN
        print(f"zoom {z}: screenshot vs expected view {right:.1f} dB; vs the best other zoom's view {best_other:.1f} dB"
              f" -> {'ok' if ok else 'FAIL'}")
        if not ok:
            failures.append(f"zoom {z}")

    # Which tier answered each tile request, by scale factor.
    pattern = re.compile(r"GET /iiif/3/big/(full|\d+,\d+,(\d+),\d+)/(\d+),\d*/0/default\.jpg 200 .* tier=(\d+) tiles=(\d+)")
    by_scale = {}
    for line in open(log_path):
        m = pattern.search(line)
        if m:
            w = WIDTH if m[1] == "full" else int(m[2])  # OpenSeadragon asks for the whole image as 'full'
            out_w, tier, tiles = int(m[3]), int(m[4]), int(m[5])
            scale = 2 ** round(math.log2(w / out_w))
            by_scale.setdefault(scale, []).append((tier, tiles))
    print("scale factor | tile requests | tiers used | file tiles decoded per request (median)")
    for scale in sorted(by_scale):
        reqs = by_scale[scale]
        tiers = sorted({t for t, _ in reqs})
        want = min(int(math.log2(scale)), 2)
        tiles = sorted(n for _, n in reqs)[len(reqs) // 2]
        print(f"{scale:12d} | {len(reqs):13d} | {tiers} (want [{want}]) | {tiles}")
        if tiers != [want]:
            failures.append(f"scale factor {scale} answered from tiers {tiers}, want {want}")
    if len(by_scale) < 3:
        failures.append(f"only scale factors {sorted(by_scale)} requested; want at least 3")
    if failures:
        print("FAILED: " + "; ".join(failures))
        return 1
    print("browser test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
