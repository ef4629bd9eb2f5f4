"""Importing this module registers every analysis."""
from . import sidm_lmu_ltau  # noqa: F401
from . import bl_numsm  # noqa: F401
from . import sterile_secret  # noqa: F401
from . import dampe_emu  # noqa: F401
from . import xenon1t_leptonic  # noqa: F401
