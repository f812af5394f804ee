"""Generalized divisive normalization (Balle et al. 2016), and its inverse for synthesis.

y_i = x_i / sqrt(beta_i + sum_j gamma_ij x_j^2). Only conv/mul/sqrt/div: exports to plain ONNX.
beta and gamma are kept non-negative by a squared reparametrization with a small floor.
"""
import torch
from torch import nn
import torch.nn.functional as F

_PEDESTAL = 2.0 ** -36


class _LowerBound(torch.autograd.Function):
    """max(x, bound) that still passes gradients that push x back up (avoids dead parameters)."""

    @staticmethod
    def forward(ctx, x, bound):
        ctx.save_for_backward(x)
        ctx.bound = bound
        return x.clamp_min(bound)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        keep = (x >= ctx.bound) | (grad < 0)
        return grad * keep, None


def lower_bound(x: torch.Tensor, bound: float) -> torch.Tensor:
    if torch.jit.is_tracing() or torch.onnx.is_in_onnx_export():
        return x.clamp_min(bound)
    return _LowerBound.apply(x, bound)


class GDN(nn.Module):
    def __init__(self, channels: int, inverse: bool = False, beta_min: float = 1e-6,
                 gamma_init: float = 0.1):
        super().__init__()
        self.inverse = inverse
        self._beta_floor = (beta_min + _PEDESTAL) ** 0.5
        self._gamma_floor = _PEDESTAL ** 0.5
        self.beta = nn.Parameter(torch.sqrt(torch.ones(channels) + _PEDESTAL))
        self.gamma = nn.Parameter(torch.sqrt(gamma_init * torch.eye(channels) + _PEDESTAL))

    def effective_params(self):
        beta = lower_bound(self.beta, self._beta_floor) ** 2 - _PEDESTAL
        gamma = lower_bound(self.gamma, self._gamma_floor) ** 2 - _PEDESTAL
        return beta, gamma

    def forward(self, x):
        beta, gamma = self.effective_params()
        c = gamma.shape[0]
        norm = torch.sqrt(F.conv2d(x * x, gamma.view(c, c, 1, 1), beta))
        return x * norm if self.inverse else x / norm


class FrozenGDN(nn.Module):
    """A GDN with its effective beta/gamma stored as constants (export: no reparametrization ops)."""

    def __init__(self, gdn: GDN):
        super().__init__()
        self.inverse = gdn.inverse
        beta, gamma = gdn.effective_params()
        c = gamma.shape[0]
        self.register_buffer("beta", beta.detach().clone())
        self.register_buffer("gamma", gamma.detach().clone().view(c, c, 1, 1))

    def forward(self, x):
        norm = torch.sqrt(F.conv2d(x * x, self.gamma, self.beta))
        return x * norm if self.inverse else x / norm


def freeze_gdn(module: nn.Module) -> nn.Module:
    """Replaces every GDN in `module` (in place) by a FrozenGDN; returns the module."""
    for name, child in module.named_children():
        if isinstance(child, GDN):
            setattr(module, name, FrozenGDN(child))
        else:
            freeze_gdn(child)
    return module
