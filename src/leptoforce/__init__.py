"""leptoforce: phenomenology of leptonic U(1) gauge forces and the dark matter they talk to.

Natural units throughout (GeV = hbar = c = k_B = 1): enter values with ``leptoforce.units``
(``10 * units.MeV``) and read results by dividing by a unit (``tau / units.s``).
"""
from . import constants, errors, settings, units
from .errors import ComputationError, InvalidInputError, LeptoforceError, OutOfDomainError
from .model import ChargeAssignment, DarkHiggs, DiracFermion, MajoranaRHN, PseudoDiracPair, SterileNeutrino, ZPrime

__version__ = "0.1.0"

__all__ = ["units", "constants", "errors", "settings", "ZPrime", "ChargeAssignment", "DiracFermion",
           "PseudoDiracPair", "MajoranaRHN", "SterileNeutrino", "DarkHiggs", "LeptoforceError",
           "InvalidInputError", "OutOfDomainError", "ComputationError", "__version__"]
