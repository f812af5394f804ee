"""Named model configurations (the 'zoo'): channel counts, groups, tiers and quality anchors."""
from __future__ import annotations

import dataclasses
import math
from typing import List, Optional


def log_spaced(lo: float, hi: float, n: int) -> List[float]:
    if n == 1:
        return [lo]
    return [float(lo * (hi / lo) ** (i / (n - 1))) for i in range(n)]


@dataclasses.dataclass
class ModelConfig:
    name: str
    N: int                      # analysis/synthesis width
    M: int                      # latent channels (sum of groups)
    Nz: int                     # hyper-latent channels
    groups: List[int]           # channel groups of y, in bitstream order
    tier_groups: List[int]      # tier k decodes from the first tier_groups[k] groups
    tier_width: List[int]       # synthesis width per tier (tier 0 = full size)
    hyper_width: int            # hidden width of hyper-synthesis (Java runs it scalar: keep small)
    lambdas: List[float]        # quality anchors, MSE on 8-bit scale (x255^2), low to high
    tier_weights: List[float] = dataclasses.field(default_factory=lambda: [1.0, 0.5, 0.25])
    scale_min: float = 0.11
    scale_max: float = 256.0
    scale_count: int = 64
    # Model v2 ("cc": channel-conditional entropy model, issue 11). Old checkpoints lack these fields.
    arch: str = "hyperprior"        # "hyperprior" (pack v1) or "cc"
    synth_widths: Optional[List[List[int]]] = None   # per tier, hidden widths of a tapered synthesis
    ctx_width: int = 0              # hidden width of each group's entropy-parameter head ("cc")

    def __post_init__(self):
        if sum(self.groups) != self.M:
            raise ValueError(f"groups {self.groups} must sum to M={self.M}")
        if len(self.tier_groups) != len(self.tier_width):
            raise ValueError("tier_groups and tier_width must have one entry per tier")
        for k, g in enumerate(self.tier_groups):
            if not 1 <= g <= len(self.groups):
                raise ValueError(f"tier {k} uses {g} groups, have {len(self.groups)}")
        if self.arch not in ("hyperprior", "cc"):
            raise ValueError(f"unknown arch '{self.arch}'")
        if self.synth_widths is not None:
            for k, w in enumerate(self.synth_widths):
                if len(w) != 3 - k:
                    raise ValueError(f"tier {k} synthesis needs {3 - k} hidden widths, got {w}")
        if sorted(self.tier_groups, reverse=True) != list(self.tier_groups):
            raise ValueError("a lower tier may not use more groups than a higher one")

    @property
    def tiers(self) -> int:
        return len(self.tier_groups)

    def tier_channels(self, k: int) -> int:
        return sum(self.groups[: self.tier_groups[k]])

    def scale_table(self) -> List[float]:
        return log_spaced(self.scale_min, self.scale_max, self.scale_count)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @staticmethod
    def from_dict(d: dict) -> "ModelConfig":
        return ModelConfig(**d)


# Six anchors log-spaced over lambda 0.0018..0.0932 (about 0.1..1.5 bpp on Kodak for a trained hyperprior).
SIX_LAMBDAS = log_spaced(0.0018, 0.0932, 6)
# The default model gained 3 anchors below and 2 above at the same spacing (ratio ~2.2) at step 23218
# (lci_train.anchors): undertrained, it spent 0.30 bpp at lambda 0.0018 and saturated near 1.06 bpp at
# 0.0932, short of the 0.1..1.5 bpp range the codec must cover.
_RATIO = (0.0932 / 0.0018) ** (1 / 5)
WIDE_LAMBDAS = log_spaced(0.0018 / _RATIO ** 3, 0.0932 * _RATIO ** 2, 11)

CONFIGS = {
    "default": ModelConfig(
        name="default", N=64, M=96, Nz=64, groups=[32, 32, 32],
        tier_groups=[3, 2, 1], tier_width=[64, 64, 48], hyper_width=64,
        lambdas=WIDE_LAMBDAS),
    # Model v2 candidates (issue 11): M >= 192 latents in uneven groups aligned with the tiers
    # (tier 2 = groups 0-1, tier 1 = groups 0-2, tier 0 = all), a tapered synthesis, and per-group
    # entropy-parameter heads conditioned on the hyper features and on the groups decoded before.
    "v2m192": ModelConfig(
        name="v2m192", N=128, M=192, Nz=128, groups=[16, 16, 32, 64, 64],
        tier_groups=[5, 3, 2], tier_width=[160, 96, 64], hyper_width=128,
        synth_widths=[[160, 96, 48], [96, 64], [64]], ctx_width=64, arch="cc",
        lambdas=WIDE_LAMBDAS),
    "v2m256": ModelConfig(
        name="v2m256", N=128, M=256, Nz=128, groups=[16, 16, 32, 64, 128],
        tier_groups=[5, 3, 2], tier_width=[160, 96, 64], hyper_width=128,
        synth_widths=[[160, 96, 48], [96, 64], [64]], ctx_width=64, arch="cc",
        lambdas=WIDE_LAMBDAS),
    # v2m192 grown in place (lci_train.widen): 64 more latents in the last group (tier 0 only) and a wider
    # tier-0 synthesis, warm-started from a v2m192 checkpoint. tier_width is unused by "cc" models.
    "v2m256w": ModelConfig(
        name="v2m256w", N=128, M=256, Nz=128, groups=[16, 16, 32, 64, 128],
        tier_groups=[5, 3, 2], tier_width=[160, 96, 64], hyper_width=128,
        synth_widths=[[192, 128, 64], [96, 64], [64]], ctx_width=64, arch="cc",
        lambdas=WIDE_LAMBDAS),
    "tinycc": ModelConfig(
        name="tinycc", N=8, M=16, Nz=8, groups=[2, 2, 4, 8],
        tier_groups=[4, 3, 2], tier_width=[12, 8, 8], hyper_width=8,
        synth_widths=[[12, 8, 8], [8, 8], [8]], ctx_width=8, arch="cc",
        lambdas=SIX_LAMBDAS),
    # Same structure (3 tiers, nested groups), tiny channel counts: fast tests and a small test pack.
    "tiny": ModelConfig(
        name="tiny", N=8, M=12, Nz=8, groups=[4, 4, 4],
        tier_groups=[3, 2, 1], tier_width=[8, 8, 8], hyper_width=8,
        lambdas=SIX_LAMBDAS),
}


def get_config(name: str) -> ModelConfig:
    if name not in CONFIGS:
        raise ValueError(f"unknown model config '{name}', expected one of {sorted(CONFIGS)}")
    return dataclasses.replace(CONFIGS[name])


def geometric_interp(a: float, b: float, f: float) -> float:
    return math.exp((1 - f) * math.log(a) + f * math.log(b))
