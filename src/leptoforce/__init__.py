"""leptoforce: phenomenology of leptonic U(1) gauge forces and the dark matter they talk to.

Natural units throughout (GeV = hbar = c = k_B = 1): enter values with ``leptoforce.units``
(``10 * units.MeV``) and read results by dividing by a unit (``tau / units.s``).
"""
from .cache import configure_numba_cache
from . import constants, errors, settings, units
from .errors import ComputationError, InvalidInputError, LeptoforceError, OutOfDomainError

def _version() -> str:
    """The installed distribution's version (pyproject.toml is the one source); the source tree's if not installed."""
    from importlib import metadata
    try:
        return metadata.version("leptoforce")
    except metadata.PackageNotFoundError:         # running from a source checkout without an install
        import re
        from pathlib import Path
        text = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text()
        return re.search(r'^version = "([^"]+)"', text, re.M).group(1)


__version__ = _version()

configure_numba_cache()          # before any numba import: compiled kernels cached in the user cache folder

#: The model classes, imported on first use (PEP 562) so that ``import leptoforce`` stays light.
_LAZY = {name: "model" for name in ("ChargeAssignment", "DarkHiggs", "DiracFermion", "MajoranaRHN", "PseudoDiracPair",
                                      "SterileNeutrino", "ZPrime")}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'leptoforce' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))

__all__ = ["units", "constants", "errors", "settings", "ZPrime", "ChargeAssignment", "DiracFermion",
           "PseudoDiracPair", "MajoranaRHN", "SterileNeutrino", "DarkHiggs", "LeptoforceError",
           "InvalidInputError", "OutOfDomainError", "ComputationError", "__version__"]
