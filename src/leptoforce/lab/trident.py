"""Neutrino trident production nu_mu N -> nu_mu N mu+ mu- and the CCFR bound (heavy Z').

For a Z' much heavier than the momentum transfer, the cross section relative to the SM is (Altmannshofer,
Gori, Pospelov, Yavin, PRL 113 (2014) 091801, arXiv:1406.2332; written here with Wilson coefficients of
-(4 G_F/sqrt2)(nu_bar_L gamma nu_L)(mu_bar gamma (C_V - C_A gamma5) mu))

    sigma/sigma_SM = (|C_V|^2 + |C_A|^2) / (C_V,SM^2 + C_A,SM^2),
    C_V,SM = 1/2 + 2 s_W^2,  C_A,SM = 1/2,
    Delta C_V = G_mumu g'_V(mu) / (2 sqrt2 G_F m_Z'^2),  Delta C_A = G_mumu g'_A(mu) / (2 sqrt2 G_F m_Z'^2),

which for L_mu - L_tau (G = g'_V = g) is [(1 + 4 s_W^2 + v^2 g^2/m_Z'^2)^2 + 1]/[(1 + 4 s_W^2)^2 + 1] with
v = 246 GeV (the 2 v^2 of the paper, whose v is 174 GeV). CCFR measured sigma/sigma_SM = 0.82 +- 0.28
(Mishra et al., PRL 66 (1991) 3117); we exclude ratios above 0.82 + 1.96 x 0.28 (95% CL, Gaussian).

The heavy-Z' form only holds for m_Z' well above the typical momentum transfer (GeV); the light-Z' CCFR
curve needs the full 2 -> 4 phase-space calculation with the nuclear form factor, which is not done
here: :func:`ccfr_g_max` refuses masses below ``CCFR_MIN_MASS`` and the limits registry lists the
light-mass part as missing.

Units: masses in GeV internal units.
"""
from __future__ import annotations

import math

from .. import inputs
from .. import constants as C
from .. import units
from ..errors import InvalidInputError
from ..model.charges import charges_arg
from ..model.zprime import ZPrime
from ..numerics import lowest_excluded
from ..settings import DEFAULT
from ..validate import broadcasting, checked

__all__ = ["trident_ratio", "ccfr_g_max", "trident_g_max", "CCFR_RATIO", "CCFR_RATIO_ERR", "CCFR_MIN_MASS", "TRIDENT_DATA"]

CCFR_RATIO = inputs.value("ccfr.ratio")
CCFR_RATIO_ERR = inputs.get("ccfr.ratio").err
#: Measured sigma/sigma_SM of nu_mu trident production: (value, 1 sigma) per experiment (inputs library).
TRIDENT_DATA = {"CCFR": (CCFR_RATIO, CCFR_RATIO_ERR),
                "CHARM-II": (inputs.value("charm2.trident_ratio"), inputs.get("charm2.trident_ratio").err)}
#: Lowest Z' mass where the contact form is used (the momentum transfer in CCFR reaches a few GeV).
CCFR_MIN_MASS = 5.0 * units.GeV


@broadcasting('sin2w')
@checked(zp=ZPrime, sin2w="prob_open")
def trident_ratio(zp: ZPrime, sin2w: float | None = None) -> float:
    """sigma(nu_mu N -> nu_mu N mu mu)/sigma_SM in the contact limit (module doc). Dimensionless."""
    s2 = C.sin2_theta_W if sin2w is None else float(sin2w)
    cv_sm, ca_sm = 0.5 + 2 * s2, 0.5
    G = zp.neutrino_couplings()[1, 1]
    gv, ga = zp.couplings("mu", 0.0)
    k = G / (2 * math.sqrt(2) * C.G_F * zp.mass ** 2)
    return (abs(cv_sm + k * gv) ** 2 + abs(ca_sm + k * ga) ** 2) / (cv_sm ** 2 + ca_sm ** 2)


@broadcasting('mass', 'z')
@checked(_result="inf_ok", charges=charges_arg, mass="pos", experiment=tuple(TRIDENT_DATA), z="pos")
def trident_g_max(charges, mass: float, experiment: str = "CCFR", z: float = 1.96, **zp_kwargs) -> float:
    """Largest coupling with trident_ratio <= R + z sigma_R of ``experiment`` (:data:`TRIDENT_DATA`; module doc) at
    ``mass`` [GeV] >= 5 GeV. CHARM-II (E_nu ~ 24 GeV) has smaller momentum transfers than CCFR (~160 GeV), so the
    contact form is conservative there at the same mass; the same lower mass is used for both."""
    if not (mass >= CCFR_MIN_MASS):
        raise InvalidInputError(f"mass={mass!r} GeV is below {CCFR_MIN_MASS / units.GeV:g} GeV: the contact form of the trident "
                                "rate is not valid there (light-Z' treatment not implemented)")
    ratio, err = TRIDENT_DATA[experiment]
    limit = ratio + z * err

    def f(lg):
        return trident_ratio(ZPrime(mass, 10 ** lg, charges, **zp_kwargs)) - limit
    return lowest_excluded(f, 1e-8, 4 * math.pi, DEFAULT.bound_xtol, f"{experiment} trident bound")


@broadcasting('mass', 'z')
@checked(_result="inf_ok", charges=charges_arg, mass="pos", z="pos")
def ccfr_g_max(charges, mass: float, z: float = 1.96, **zp_kwargs) -> float:
    """Largest coupling with trident_ratio <= 0.82 + z x 0.28 (CCFR, module doc) at ``mass`` [GeV] >= 5 GeV."""
    return trident_g_max(charges, mass, "CCFR", z, **zp_kwargs)
