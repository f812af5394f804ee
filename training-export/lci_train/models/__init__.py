from .config import ModelConfig, CONFIGS, get_config
from .hyperprior import LCIModel
from .cc import LCIModelCC, build_model

__all__ = ["ModelConfig", "CONFIGS", "get_config", "LCIModel", "LCIModelCC", "build_model"]
