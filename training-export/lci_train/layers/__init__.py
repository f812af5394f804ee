from .gdn import GDN
from .conv import conv, deconv

__all__ = ["GDN", "conv", "deconv"]
