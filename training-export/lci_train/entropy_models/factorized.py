"""Factorized entropy model for the hyper-latents z (Balle et al. 2018, appendix 6.1).

Each channel has its own learned, non-parametric cumulative density c(x) built from small
monotone dense layers. Training view: likelihoods of z + uniform noise. Coding view: per-channel
medians (symbols are z - median, rounded) and pmfs on an integer grid that tables.py quantizes.
The 3 quantiles (tail, median, tail) are learned by the auxiliary loss.
"""
import math

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F

from .tables import quantize_pmf


class EntropyBottleneck(nn.Module):
    def __init__(self, channels: int, filters=(3, 3, 3, 3), init_scale: float = 10.0,
                 tail_mass: float = 1e-9):
        super().__init__()
        self.channels = channels
        self.tail_mass = tail_mass
        dims = (1,) + tuple(filters) + (1,)
        scale = init_scale ** (1.0 / (len(filters) + 1))
        self.matrices = nn.ParameterList()
        self.biases = nn.ParameterList()
        self.factors = nn.ParameterList()
        for i in range(len(filters) + 1):
            init = math.log(math.expm1(1.0 / scale / dims[i + 1]))
            self.matrices.append(nn.Parameter(torch.full((channels, dims[i + 1], dims[i]), init)))
            self.biases.append(nn.Parameter(torch.rand(channels, dims[i + 1], 1) - 0.5))
            if i < len(filters):
                self.factors.append(nn.Parameter(torch.zeros(channels, dims[i + 1], 1)))
        t = math.log(2.0 / tail_mass - 1.0)
        self.quantiles = nn.Parameter(torch.tensor([-init_scale, 0.0, init_scale]).repeat(channels, 1, 1))
        self.register_buffer("_quantile_targets", torch.tensor([-t, 0.0, t]), persistent=False)

    def _logits_cumulative(self, x: torch.Tensor, stop_gradient: bool) -> torch.Tensor:
        # x: [C, 1, K] -> logits of the cumulative, same shape
        for i in range(len(self.matrices)):
            m = self.matrices[i].detach() if stop_gradient else self.matrices[i]
            b = self.biases[i].detach() if stop_gradient else self.biases[i]
            x = torch.matmul(F.softplus(m), x) + b
            if i < len(self.factors):
                f = self.factors[i].detach() if stop_gradient else self.factors[i]
                x = x + torch.tanh(f) * torch.tanh(x)
        return x

    def medians(self) -> torch.Tensor:
        return self.quantiles[:, 0, 1].detach()

    def aux_loss(self) -> torch.Tensor:
        logits = self._logits_cumulative(self.quantiles, stop_gradient=True)
        return (logits - self._quantile_targets).abs().sum()

    def likelihood(self, z: torch.Tensor) -> torch.Tensor:
        """p(z) of values z [B, C, H, W] integrated over [z-0.5, z+0.5]."""
        b, c, h, w = z.shape
        v = z.permute(1, 0, 2, 3).reshape(c, 1, -1)
        lower = self._logits_cumulative(v - 0.5, stop_gradient=False)
        upper = self._logits_cumulative(v + 0.5, stop_gradient=False)
        # evaluate on the side of the median where the sigmoid is far from saturation
        sign = -torch.sign(lower + upper).detach()
        lik = (torch.sigmoid(sign * upper) - torch.sigmoid(sign * lower)).abs()
        lik = lik.clamp_min(1e-9)
        return lik.reshape(c, b, h, w).permute(1, 0, 2, 3)

    def forward(self, z: torch.Tensor, training: bool):
        """Returns (z_hat for the hyper-synthesis, likelihoods for the rate)."""
        med = self.medians().view(1, -1, 1, 1)
        z_round = torch.round(z - med) + med
        if training:
            z_hat = z + (z_round - z).detach()          # straight-through, as decoded
            z_noisy = z + torch.empty_like(z).uniform_(-0.5, 0.5)
            return z_hat, self.likelihood(z_noisy)
        return z_round, self.likelihood(z_round)

    @torch.no_grad()
    def tables(self, precision: int):
        """Per-channel integer CDFs over symbols s = rint(z - median) (see TABLES.md)."""
        q = self.quantiles.detach().double()[:, 0, :]
        med = q[:, 1]
        out = []
        for c in range(self.channels):
            lo = int(math.floor(float(q[c, 0] - med[c])))
            hi = int(math.ceil(float(q[c, 2] - med[c])))
            lo, hi = min(lo, 0), max(hi, 0)
            sym = torch.arange(lo, hi + 1, dtype=torch.float64)
            v = (sym + med[c]).view(1, 1, -1)
            lower = self._logits_cumulative_f64(v - 0.5, c)
            upper = self._logits_cumulative_f64(v + 0.5, c)
            sign = -torch.sign(lower + upper)
            pmf = (torch.sigmoid(sign * upper) - torch.sigmoid(sign * lower)).abs().view(-1)
            cdf = quantize_pmf(pmf.numpy(), precision)
            out.append({"offset": lo, "cdf": cdf.tolist()})
        return out

    def _logits_cumulative_f64(self, x: torch.Tensor, c: int) -> torch.Tensor:
        for i in range(len(self.matrices)):
            x = torch.matmul(F.softplus(self.matrices[i][c:c + 1].double()), x) + self.biases[i][c:c + 1].double()
            if i < len(self.factors):
                x = x + torch.tanh(self.factors[i][c:c + 1].double()) * torch.tanh(x)
        return x
