"""Source images: normalised copies every codec reads, plus downscaled and cropped variants."""
from pathlib import Path

import numpy as np
from PIL import Image

SUFFIXES = {".png", ".ppm", ".bmp", ".tif", ".tiff", ".jpg", ".jpeg", ".webp"}


def list_images(folder, limit=None):
    paths = sorted(p for p in Path(folder).iterdir() if p.suffix.lower() in SUFFIXES)
    if not paths:
        raise FileNotFoundError(f"no images ({', '.join(sorted(SUFFIXES))}) in {folder}")
    return paths[:limit] if limit else paths


def load_rgb(path):
    """8-bit RGB array (H, W, 3); alpha and palettes are flattened away."""
    with Image.open(path) as im:
        return np.asarray(im.convert("RGB"), dtype=np.uint8)


def save_source(rgb, png_path):
    """Write the PNG every codec reads, and a PPM beside it for tools without PNG input."""
    png_path = Path(png_path)
    png_path.parent.mkdir(parents=True, exist_ok=True)
    im = Image.fromarray(rgb, "RGB")
    im.save(png_path)
    im.save(png_path.with_suffix(".ppm"))
    return png_path


def area_downscale(rgb, factor):
    """Box-filter (area) downscale by an integer factor; edges that do not fill a box are cropped."""
    h, w = rgb.shape[0] // factor * factor, rgb.shape[1] // factor * factor
    x = rgb[:h, :w].astype(np.float64)
    x = x.reshape(h // factor, factor, w // factor, factor, 3).mean(axis=(1, 3))
    return np.clip(np.rint(x), 0, 255).astype(np.uint8)


def centre_crop(rgb, size):
    h, w = rgb.shape[:2]
    if size > min(h, w):
        raise ValueError(f"crop {size} larger than image {w}x{h}")
    top, left = (h - size) // 2, (w - size) // 2
    return rgb[top:top + size, left:left + size].copy()


def prepare(folder, dest, limit=None, transform=None):
    """Normalise every image of folder into dest/<stem>.png (+ .ppm); returns {stem: png path}.

    transform maps an RGB array to another (a downscale or crop); existing files are reused.
    """
    out = {}
    for p in list_images(folder, limit):
        target = Path(dest) / f"{p.stem}.png"
        if not (target.exists() and target.with_suffix(".ppm").exists()):
            rgb = load_rgb(p)
            save_source(transform(rgb) if transform else rgb, target)
        out[p.stem] = target
    return out
