"""Laboratory observables: lepton g-2 (more to come: nu-e scattering, stellar cooling)."""
from . import g2

__all__ = ["g2"]
