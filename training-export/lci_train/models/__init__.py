from .config import ModelConfig, CONFIGS, get_config
from .hyperprior import LCIModel

__all__ = ["ModelConfig", "CONFIGS", "get_config", "LCIModel"]
