"""White-dwarf cooling by plasmon decay through an off-shell Z' (seed 001 sec. II.A, its refs. 44-45).

In the SM the plasmon decays to nu nu_bar through the electron loop with the operator
(C_V G_F/sqrt2) [nu_bar gamma^mu (1 - gamma5) nu][e_bar gamma_mu e], C_V ~ 0.964. A Z' coupling to
nu_alpha (G_aa nu_bar gamma P_L nu) and to the electron vector current (g'_V, which for L_mu - L_tau is the
kinetic mixing -eps e Q_e) gives, for m_Z' well above the plasma frequency (tens of keV in a white dwarf),
G_Z' [nu_bar gamma^mu (1 - gamma5) nu][e_bar gamma_mu e] with G_Z' = G_aa g'_V/(2 m_Z'^2); seed 001 writes
G_Z' = -e g' eps_AZ'/(2 m_Z'^2). The seed's criterion is |G_Z'| <~ C_V G_F for each flavour, which for
L_mu - L_tau gives (g'/7.7e-4)^2 (10 MeV/m_Z')^2 <~ 1.

Units: masses in GeV internal units, G_Z' in GeV^-2.
"""
from __future__ import annotations

import math

from .. import inputs
from .. import constants as C
from .. import units
from ..errors import InvalidInputError
from ..model.charges import FLAVOURS
from ..model.charges import charges_arg
from ..model.zprime import ZPrime
from ..numerics import lowest_excluded
from ..settings import DEFAULT
from ..validate import broadcasting, checked

__all__ = ["C_V_PLASMON", "g_zprime_plasmon", "white_dwarf_g_max", "WD_MIN_MASS"]

#: Effective SM plasmon-decay coupling C_V quoted by seed 001 (its ref. 45).
C_V_PLASMON = inputs.value("white_dwarf.C_V")
#: Below this Z' mass the contact (heavy-mediator) treatment is not valid (plasma frequency ~ 10-30 keV;
#: we keep a factor ~30 margin).
WD_MIN_MASS = 1.0 * units.MeV


@checked(zp=ZPrime)
def g_zprime_plasmon(zp: ZPrime) -> dict[str, float]:
    """G_Z' [GeV^-2] per neutrino flavour (module doc): G_aa g'_V(e) / (2 m_Z'^2), kinetic mixing included."""
    gve, _ = zp.couplings("e", 0.0)
    G = zp.neutrino_couplings()
    return {f: float(G[i, i] * float(gve) / (2 * zp.mass ** 2)) for i, f in enumerate(FLAVOURS)}


@broadcasting('mass')
@checked(_result="inf_ok", charges=charges_arg, mass="pos", c_v="pos")
def white_dwarf_g_max(charges, mass: float, c_v: float = C_V_PLASMON, **zp_kwargs) -> float:
    """Largest gauge coupling with max_alpha |G_Z'| <= c_v G_F at Z' mass ``mass`` [GeV] (seed 001 criterion).

    Every coupling of the Z' (including the one-loop kinetic mixing) is proportional to g when the
    tree-level ``epsilon`` is zero, so G_Z' ~ g^2 and the bound follows from one evaluation. With a
    tree-level epsilon the dependence is not a pure power and a root is found. Returns inf if the
    model gives no G_Z' (no electron or no neutrino coupling).
    """
    if not (mass >= WD_MIN_MASS):
        raise InvalidInputError(f"mass={mass!r} GeV is below {WD_MIN_MASS / units.MeV:g} MeV, where the contact "
                                "treatment of plasmon decay is not valid (m_Z' must exceed the plasma frequency)")
    target = c_v * C.G_F
    if zp_kwargs.get("epsilon", 0.0) == 0.0:
        zp = ZPrime(mass, 1.0, charges, **zp_kwargs)
        G1 = max(abs(v) for v in g_zprime_plasmon(zp).values())
        return math.inf if G1 == 0 else math.sqrt(target / G1)

    def f(lg):
        zp = ZPrime(mass, 10 ** lg, charges, **zp_kwargs)
        return max(abs(v) for v in g_zprime_plasmon(zp).values()) - target
    return lowest_excluded(f, 1e-12, 10.0, DEFAULT.bound_xtol, "white-dwarf bound")
