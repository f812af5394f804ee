"""Mean-scale hyperprior with gain vectors (variable rate) and nested channel groups (tiers).

  x -> g_a -> y * gain -> h_a -> z -> [factorized] -> z_hat -> h_s -> (mean, scale) of y
  y_hat = round(y - mean) + mean;  tier k: g_s[k](y_hat[:, :C_k] * inverse_gain[:C_k])

No serial context model: every latent's parameters come from z_hat alone, so decoding is parallel.
h_s uses only conv / conv-transpose + relu, which the Java runtime reproduces bit-exactly.
"""
from __future__ import annotations

import math

import torch
from torch import nn
import torch.nn.functional as F

from ..entropy_models import EntropyBottleneck, GaussianConditional
from ..layers import GDN, conv, deconv
from .config import ModelConfig


class Analysis(nn.Sequential):
    """x [B,3,H,W] -> y [B,M,H/16,W/16]."""

    def __init__(self, n: int, m: int):
        super().__init__(conv(3, n), GDN(n), conv(n, n), GDN(n), conv(n, n), GDN(n), conv(n, m))


class Synthesis(nn.Sequential):
    """y_hat [B,C,h,w] -> RGB upsampled 2^ups times (one stride-2 deconv per octave)."""

    def __init__(self, cin: int, n: int, ups: int):
        layers = []
        c = cin
        for _ in range(ups - 1):
            layers += [deconv(c, n), GDN(n, inverse=True)]
            c = n
        layers.append(deconv(c, 3))
        super().__init__(*layers)


class HyperAnalysis(nn.Sequential):
    """y [B,M,h,w] -> z [B,Nz,h/4,w/4]."""

    def __init__(self, m: int, n: int, nz: int):
        super().__init__(nn.Conv2d(m, n, 3, padding=1), nn.ReLU(), conv(n, n), nn.ReLU(), conv(n, nz))


class HyperSynthesis(nn.Sequential):
    """z_hat [B,Nz,h/4,w/4] -> [B,2M,h,w] (means, then raw scales). Java reproduces it exactly."""

    def __init__(self, nz: int, n: int, m: int):
        super().__init__(
            nn.ConvTranspose2d(nz, n, 4, stride=2, padding=1), nn.ReLU(),
            nn.ConvTranspose2d(n, n, 4, stride=2, padding=1), nn.ReLU(),
            nn.Conv2d(n, 2 * m, 3, padding=1))

    def layer_specs(self):
        """(module, activation) pairs in order, for the manifest."""
        mods = list(self)
        out = []
        for i, mod in enumerate(mods):
            if isinstance(mod, (nn.Conv2d, nn.ConvTranspose2d)):
                nxt = mods[i + 1] if i + 1 < len(mods) else None
                out.append((i, mod, "relu" if isinstance(nxt, nn.ReLU) else "none"))
        return out


class LCIModel(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.cfg = cfg
        L = len(cfg.lambdas)
        self.g_a = Analysis(cfg.N, cfg.M)
        self.h_a = HyperAnalysis(cfg.M, cfg.hyper_width, cfg.Nz)
        # Subclasses change these two (the registration order, hence Adam's state order, stays the same).
        self._build_entropy_parameters(cfg)
        self.g_s = nn.ModuleList(self._synthesis(cfg, k) for k in range(cfg.tiers))
        for g in self.g_s:                       # start near mid-grey instead of black
            nn.init.constant_(g[-1].bias, 0.45)
        self.entropy_bottleneck = EntropyBottleneck(cfg.Nz)
        self.gaussian_conditional = GaussianConditional(cfg.scale_min)
        # Gains: quantization step ~ 1/gain and MSE ~ step^2, so start from gain ~ sqrt(lambda).
        lam = torch.tensor(cfg.lambdas, dtype=torch.float64)
        init = 0.5 * torch.log(lam / lam[len(cfg.lambdas) // 2])
        self.log_gains = nn.Parameter(init.float().view(L, 1).repeat(1, cfg.M))
        self.log_inverse_gains = nn.Parameter(-init.float().view(L, 1).repeat(1, cfg.M))
        # Training only: run the inner layers of analysis and synthesis in bfloat16 autocast (oneDNN/AMX
        # on CPU). The first and last layer of each, the latents, the hyperprior and all likelihoods stay
        # float32, so quantization and rates are computed as at export and the RGB output keeps its
        # precision (a bf16 RGB output cost ~0.7 dB on smooth high-quality content).
        self.mixed_precision = False

    def _build_entropy_parameters(self, cfg: ModelConfig):
        self.h_s = HyperSynthesis(cfg.Nz, cfg.hyper_width, cfg.M)

    def _synthesis(self, cfg: ModelConfig, k: int) -> nn.Module:
        return Synthesis(cfg.tier_channels(k), cfg.tier_width[k], 4 - k)

    def _bf16(self):
        device = self.log_gains.device.type
        return torch.autocast(device, dtype=torch.bfloat16, enabled=self.mixed_precision)

    # ----- quality -----
    def quality_gains(self, t: torch.Tensor):
        """t [B] in [0, L-1] -> (gain [B,M], inverse gain [B,M], lambda [B]); the manifest's rule."""
        L = len(self.cfg.lambdas)
        i = torch.clamp(torch.floor(t), max=L - 2).long()
        f = (t - i.to(t.dtype)).unsqueeze(1)
        lg = self.log_gains[i] * (1 - f) + self.log_gains[i + 1] * f
        lig = self.log_inverse_gains[i] * (1 - f) + self.log_inverse_gains[i + 1] * f
        loglam = torch.log(torch.tensor(self.cfg.lambdas, dtype=t.dtype, device=t.device))
        lam = torch.exp(loglam[i] * (1 - f[:, 0]) + loglam[i + 1] * f[:, 0])
        return torch.exp(lg), torch.exp(lig), lam

    def gains(self):
        return torch.exp(self.log_gains), torch.exp(self.log_inverse_gains)

    # ----- the pieces the export wraps -----
    def _run_mixed(self, net: nn.Sequential, h, first_in_fp32: bool):
        """Runs `net` with its inner layers under bf16 autocast (when enabled) and its last layer, and
        optionally its first, in float32: 8-bit input levels and the latents/RGB output need the precision."""
        layers = list(net)
        if first_in_fp32:
            h, layers = layers[0](h), layers[1:]
        with self._bf16():
            for layer in layers[:-1]:
                h = layer(h)
        return layers[-1](h.float())

    def encode(self, x, gain):
        y = self._run_mixed(self.g_a, x, first_in_fp32=True)
        y = y * gain.view(gain.shape[0] if gain.dim() == 2 else 1, -1, 1, 1)
        return y, self.h_a(y)

    def entropy_parameters(self, z_hat):
        p = self.h_s(z_hat)
        return p[:, : self.cfg.M], p[:, self.cfg.M:]

    def synthesize(self, y_hat_ungained, k: int):
        return self._run_mixed(self.g_s[k], y_hat_ungained[:, : self.cfg.tier_channels(k)], first_in_fp32=False)

    # ----- training / evaluation view -----
    def forward(self, x, t):
        gain, inv_gain, lam = self.quality_gains(t)
        y, z = self.encode(x, gain)
        z_hat, z_lik = self.entropy_bottleneck(z, self.training)
        mean, scale = self.entropy_parameters(z_hat)
        y_hat, y_lik = self.gaussian_conditional(y, mean, scale, self.training)
        y_in = y_hat * inv_gain.view(*inv_gain.shape, 1, 1)
        x_hats = [self.synthesize(y_in, k) for k in range(self.cfg.tiers)]
        return {"x_hats": x_hats, "y_lik": y_lik, "z_lik": z_lik, "lambda": lam, "y": y, "inverse_gain": inv_gain}


def rate_bits(lik: torch.Tensor) -> torch.Tensor:
    """Bits per sample, [B]."""
    return -torch.log2(lik).flatten(1).sum(1)


def tier_targets(x: torch.Tensor, tiers: int):
    """Area-downscaled originals: tier k is compared against x averaged over 2^k x 2^k blocks."""
    return [x if k == 0 else F.avg_pool2d(x, 2 ** k) for k in range(tiers)]


def rd_loss(model: LCIModel, out: dict, x: torch.Tensor):
    """Rate + lambda * 255^2 * (weighted multi-scale MSE), averaged over the batch."""
    b, _, h, w = x.shape
    pixels = h * w
    bits_y = rate_bits(out["y_lik"])
    bits_z = rate_bits(out["z_lik"])
    bpp = (bits_y + bits_z) / pixels
    targets = tier_targets(x, model.cfg.tiers)
    mses = [((xh - tg) ** 2).flatten(1).mean(1) for xh, tg in zip(out["x_hats"], targets)]
    dist = sum(wk * m for wk, m in zip(model.cfg.tier_weights, mses))
    loss = (bpp + out["lambda"] * 255.0 ** 2 * dist).mean()
    psnr = [(-10 * torch.log10(m.detach().clamp_min(1e-10))).mean() for m in mses]
    return loss, bpp.mean().detach(), psnr
