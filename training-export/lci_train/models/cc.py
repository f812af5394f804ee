"""Model v2: channel-conditional entropy model in uneven groups, tapered synthesis (issue 11).

  x -> g_a -> y * gain -> h_a -> z -> [factorized] -> z_hat -> h_s -> F (hyper features at 1/16)
  for each group g in bitstream order:
      (mean_g, log_scale_g) = head_g(F, y_hat of groups < g)       # parallel within a group
      y_hat_g = round(y_g - mean_g) + mean_g
  tier k: g_s[k](y_hat[:, :C_k] * inverse_gain[:C_k])

The groups are aligned with the tiers (tier 2 reads groups 0-1, tier 1 groups 0-2, tier 0 all), and a
head only sees earlier groups, so a tier needs only a byte prefix of each tile. The entropy-parameter
path (h_s and the heads) is conv + ReLU only, so that it can be run in exact integer arithmetic.
Heads predict the log of the scale: the scale-table index is then a linear function of the output.
"""
from __future__ import annotations

import math

import torch
from torch import nn

from ..layers import GDN, deconv
from .config import ModelConfig
from .hyperprior import LCIModel


class TaperedSynthesis(nn.Sequential):
    """y_hat [B,C,h,w] -> RGB, one stride-2 deconv + inverse GDN per octave with shrinking widths."""

    def __init__(self, cin: int, widths):
        layers, c = [], cin
        for w in widths:
            layers += [deconv(c, w), GDN(w, inverse=True)]
            c = w
        layers.append(deconv(c, 3))
        super().__init__(*layers)


class HyperFeatures(nn.Sequential):
    """z_hat [B,Nz,h/4,w/4] -> F [B,n,h,w], ReLU features shared by every group's head."""

    def __init__(self, nz: int, n: int):
        super().__init__(
            nn.ConvTranspose2d(nz, n, 4, stride=2, padding=1), nn.ReLU(),
            nn.ConvTranspose2d(n, n, 4, stride=2, padding=1), nn.ReLU())


class GroupHead(nn.Module):
    """(F, y_hat of earlier groups) -> (mean, log scale) of one group.

    hidden = relu(conv1x1(F) + conv3x3(y_prev)); hidden = relu(conv1x1(hidden)); out = conv1x1(hidden).
    """

    def __init__(self, features: int, prev: int, width: int, channels: int):
        super().__init__()
        self.from_features = nn.Conv2d(features, width, 1)
        self.from_prev = nn.Conv2d(prev, width, 3, padding=1, bias=False) if prev else None
        self.hidden = nn.Conv2d(width, width, 1)
        self.out = nn.Conv2d(width, 2 * channels, 1)
        self.channels = channels

    def forward(self, f, y_prev, observe=None, key: str = ""):
        """observe(name, tensor), when given, sees the two hidden activations (`key`.h1, `key`.h2)."""
        h = self.from_features(f)
        if self.from_prev is not None:
            h = h + self.from_prev(y_prev)
        h1 = torch.relu(h)
        h2 = torch.relu(self.hidden(h1))
        if observe is not None:
            observe(key + ".h1", h1)
            observe(key + ".h2", h2)
        p = self.out(h2)
        return p[:, : self.channels], p[:, self.channels:]


class LCIModelCC(LCIModel):
    """Same quality, tier and training interface as LCIModel (v1); different transforms and prior."""

    def __init__(self, cfg: ModelConfig):
        super().__init__(cfg)
        self._log_smin = math.log(cfg.scale_min)
        self._log_smax = math.log(cfg.scale_max)

    def _build_entropy_parameters(self, cfg: ModelConfig):
        self.h_s = HyperFeatures(cfg.Nz, cfg.hyper_width)
        heads, prev = [], 0
        for c in cfg.groups:
            heads.append(GroupHead(cfg.hyper_width, prev, cfg.ctx_width, c))
            prev += c
        self.heads = nn.ModuleList(heads)

    def _synthesis(self, cfg: ModelConfig, k: int) -> nn.Module:
        return TaperedSynthesis(cfg.tier_channels(k), cfg.synth_widths[k])

    def scale_from_log(self, log_scale):
        return torch.exp(log_scale.clamp(self._log_smin, self._log_smax))

    def code_latents(self, y, z_hat, training: bool, observe=None, choose=None):
        """Group by group: parameters, rounding, likelihoods. Returns (y_hat, y_lik, means, log_scales).

        observe(name, tensor), when given, sees every ReLU activation of the entropy-parameter path by the names
        the integer conversion uses (h_s.i, heads.g.h1, heads.g.h2): its activation calibration.
        choose(residual, scale, first_channel), when given, chooses the symbols of each group (evaluation only)."""
        if observe is None:
            f = self.h_s(z_hat)
        else:
            f, i = z_hat, 0
            for layer in self.h_s:
                f = layer(f)
                if isinstance(layer, nn.ReLU):
                    observe(f"h_s.{i}", f)
                    i += 1
        y_hats, liks, means, log_scales = [], [], [], []
        start = 0
        for g, (head, c) in enumerate(zip(self.heads, self.cfg.groups)):
            prev = torch.cat(y_hats, 1) if y_hats else None
            mean, log_scale = head(f, prev, observe, f"heads.{g}")
            y_g = y[:, start:start + c]
            pick = None if choose is None else (lambda r, s, first=start: choose(r, s, first))
            y_hat_g, lik_g = self.gaussian_conditional(y_g, mean, self.scale_from_log(log_scale), training, pick)
            y_hats.append(y_hat_g)
            liks.append(lik_g)
            means.append(mean)
            log_scales.append(log_scale)
            start += c
        return torch.cat(y_hats, 1), torch.cat(liks, 1), torch.cat(means, 1), torch.cat(log_scales, 1)

    def forward(self, x, t, choose=None):
        gain, inv_gain, lam = self.quality_gains(t)
        y, z = self.encode(x, gain)
        z_hat, z_lik = self.entropy_bottleneck(z, self.training)
        y_hat, y_lik, _, _ = self.code_latents(y, z_hat, self.training, choose=choose)
        y_in = y_hat * inv_gain.view(*inv_gain.shape, 1, 1)
        x_hats = [self.synthesize(y_in, k) for k in range(self.cfg.tiers)]
        return {"x_hats": x_hats, "y_lik": y_lik, "z_lik": z_lik, "lambda": lam, "y": y, "inverse_gain": inv_gain}


def build_model(cfg: ModelConfig) -> LCIModel:
    return LCIModelCC(cfg) if cfg.arch == "cc" else LCIModel(cfg)
