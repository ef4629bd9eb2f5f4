"""Decays of the right-handed (sterile) neutrino N1 of seed 004.

Units: masses and widths in GeV internal units; lifetimes in internal units (divide by ``units.s``).
"""
from __future__ import annotations

import math

from .. import constants as C
from ..errors import InvalidInputError
from ..model.dark_sector import MajoranaRHN
from ..validate import broadcasting, checked

__all__ = ["width_3nu", "lifetime_3nu", "lifetime_condition", "sum_y2_at_universe_age"]


@checked(n1=MajoranaRHN)
def width_3nu(n1: MajoranaRHN) -> float:
    """Gamma(N1 -> 3 nu) = G_F^2 M^5 sin^2(theta_1) / (96 pi^3) [GeV], seed 004 eq. (2.7)."""
    return C.G_F**2 * n1.mass**5 * n1.theta2 / (96 * math.pi**3)


@checked(n1=MajoranaRHN)
def lifetime_3nu(n1: MajoranaRHN) -> float:
    """1/Gamma(N1 -> 3 nu) (internal units); InvalidInputError for theta2 = 0 (stable)."""
    w = width_3nu(n1)
    if w <= 0:
        raise InvalidInputError("theta2=0: N1 does not decay through mixing (lifetime infinite)")
    return 1.0 / w


@broadcasting('mass')
@checked(mass="pos")
def sum_y2_at_universe_age(mass: float) -> float:
    """sum_a |y_a1|^2 for which tau(N1 -> 3 nu) equals the age of the Universe (dimensionless).

    From eq. (2.7) with theta^2 = sum |y|^2 v_H^2/M^2 (seed 004, below eq. 2.8; v_H = 246 GeV):
    sum|y|^2 = 96 pi^3 / (G_F^2 M^3 v_H^2 t_U). For M = 1 keV this is the 5.5e-16 of eq. (2.8).
    """
    return 96 * math.pi**3 / (C.G_F**2 * mass**3 * C.v_H**2 * C.age_universe)


@broadcasting('mass', 'sum_y2')
@checked(mass="pos", sum_y2="nonneg")
def lifetime_condition(mass: float, sum_y2: float) -> float:
    """Left-hand side of seed 004 eq. (2.8), computed (not with the printed 5.5e-16):

    (sum_a |y_a1|^2) / sum_y2_at_universe_age(M) = t_U / tau(N1); N1 outlives the Universe iff < 1.
    ``mass`` in GeV internal units; ``sum_y2`` dimensionless.
    """
    if sum_y2 < 0:
        raise InvalidInputError(f"sum_y2={sum_y2!r} must be >= 0")
    return sum_y2 / sum_y2_at_universe_age(mass)
