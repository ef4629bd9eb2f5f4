"""Published analyses, one module per seed, run by ``leptoforce reproduce NAME``.

The package lists its analyses here (each module registers itself with :func:`register` on import):
``bl-numsm`` (seed 004), ``dampe-emu`` (000), ``sidm-lmu-ltau`` (001), ``sterile-secret`` (002),
``xenon1t-leptonic`` (003). A new analysis is a module with a ``@register(...)`` function, imported below.
"""
from .base import RESOLUTIONS, Context, Item, register, registry, run_analysis
from . import bl_numsm, dampe_emu, sidm_lmu_ltau, sterile_secret, xenon1t_leptonic  # noqa: F401,E402  (register)

__all__ = ["Item", "Context", "register", "registry", "run_analysis", "RESOLUTIONS"]
