"""Two-body decay width of a vector into a fermion pair (shared by :mod:`.zprime` and :mod:`.hadrons`).

For L = V_mu f1_bar gamma^mu (g_V - g_A gamma5) f2 (standard):

    Gamma = N_c m lambda^(1/2)(1, mu1, mu2) / (24 pi) *
            [ (g_V^2 + g_A^2)(2 - mu1 - mu2 - (mu1 - mu2)^2) + 6 (g_V^2 - g_A^2) sqrt(mu1 mu2) ],

mu_i = m_i^2/m^2 (module doc of :mod:`.zprime` for the special cases and their seed equations), and the
unit-coupling dimuon width of a dark photon, the normalisation of the data-driven hadronic widths.
Masses and widths in GeV (internal units).
"""
from __future__ import annotations

import math

from .. import constants as C
from ..validate import broadcasting, checked

__all__ = ["two_body_width", "mumu_width_unit"]


@broadcasting('m', 'm1', 'm2')
@checked(m="pos", m1="nonneg", m2="nonneg", gv="complex", ga="complex", nc="int", identical="bool")
def two_body_width(m: float, m1: float, m2: float, gv: float, ga: float, nc: int = 1,
                   identical: bool = False) -> float:
    """Width [GeV] of a vector of mass m [GeV] into fermions of masses m1, m2 [GeV] (module doc formula).

    Couplings may be complex (kinetic mixing above a loop threshold): |g_V|^2 enters.
    Zero at and below threshold m <= m1 + m2. ``identical`` marks an identical Majorana pair
    (the result is then doubled, see module doc).
    """
    if m <= m1 + m2:
        return 0.0
    gv2, ga2 = abs(gv) ** 2, abs(ga) ** 2
    mu1, mu2 = (m1 / m) ** 2, (m2 / m) ** 2
    lam = (1 - mu1 - mu2) ** 2 - 4 * mu1 * mu2
    if lam <= 0:
        return 0.0
    bracket = (gv2 + ga2) * (2 - mu1 - mu2 - (mu1 - mu2) ** 2) + 6 * (gv2 - ga2) * math.sqrt(mu1 * mu2)
    width = nc * m * math.sqrt(lam) * bracket / (24 * math.pi)
    return 2 * width if identical else width


@broadcasting('m')
@checked(m="pos")
def mumu_width_unit(m: float) -> float:
    """Gamma(A' -> mu mu) [GeV] of a vector of mass m [GeV] with vector coupling e: alpha m (1 + 2 r) beta / 3."""
    return two_body_width(m, C.m_mu, C.m_mu, C.e, 0.0)
