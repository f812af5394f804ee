"""Gaussian conditional model for the latents y given the hyperprior's mean and scale."""
import torch
from torch import nn

_SQRT1_2 = 2.0 ** -0.5


def _std_cdf(x: torch.Tensor) -> torch.Tensor:
    return 0.5 * torch.erfc(-_SQRT1_2 * x)


class GaussianConditional(nn.Module):
    def __init__(self, scale_min: float = 0.11, likelihood_min: float = 1e-9):
        super().__init__()
        self.scale_min = scale_min
        self.likelihood_min = likelihood_min

    def likelihood(self, y: torch.Tensor, mean: torch.Tensor, scale: torch.Tensor) -> torch.Tensor:
        scale = scale.clamp_min(self.scale_min)
        v = (y - mean).abs()
        lik = _std_cdf((0.5 - v) / scale) - _std_cdf((-0.5 - v) / scale)
        return lik.clamp_min(self.likelihood_min)

    def forward(self, y, mean, scale, training: bool, choose=None):
        """Returns (y_hat for the synthesis, likelihoods for the rate).

        choose(residual, scale) -> symbols, when given, replaces rounding to the nearest outside training: an
        encoder's choice of symbol (any symbol decodes; lci_train.rounding measures the runtime's rule)."""
        if choose is not None and not training:
            y_round = choose(y - mean, scale) + mean
            return y_round, self.likelihood(y_round, mean, scale)
        y_round = torch.round(y - mean) + mean
        if training:
            y_hat = y + (y_round - y).detach()          # straight-through: decoder sees real rounding
            y_noisy = y + torch.empty_like(y).uniform_(-0.5, 0.5)
            return y_hat, self.likelihood(y_noisy, mean, scale)
        return y_round, self.likelihood(y_round, mean, scale)
