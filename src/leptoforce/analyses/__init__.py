"""Published analyses, one module per seed, run by ``leptoforce reproduce NAME``."""
from .base import RESOLUTIONS, Context, Item, register, registry, run_analysis

__all__ = ["Item", "Context", "register", "registry", "run_analysis", "RESOLUTIONS"]
