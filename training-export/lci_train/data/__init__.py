from .cache import build_cache, open_cache
from .batches import CropSampler, synthetic_images

__all__ = ["build_cache", "open_cache", "CropSampler", "synthetic_images"]
