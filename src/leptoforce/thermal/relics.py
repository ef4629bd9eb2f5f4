"""Relics of species that decouple while relativistic, and their Delta N_eff (seed 004 sec. 3.2).

Units: masses in GeV internal units; results dimensionless.
"""
from __future__ import annotations

import math

from scipy import special
from dataclasses import dataclass

from ..errors import InvalidInputError
from .freezeout import omega_h2_from_yield
from ..validate import broadcasting, checked, fields, instance, sequence
from ..model.statistics import QUANTUM, statistics_spec

__all__ = ["relativistic_yield", "relativistic_relic_omega_h2", "DecoupledSpecies", "delta_neff_decoupled",
           "G_STAR_NU_DEC"]

ZETA3 = float(special.zeta(3.0))
#: g_* at neutrino decoupling, T ~ 1 MeV (seed 004 below eq. 3.2).
G_STAR_NU_DEC = 2 + 7 / 8 * (4 + 6)     # photons; e+ e-; three neutrinos and antineutrinos


def _stat_factors(statistics: str) -> tuple[float, float]:
    """(number, energy) factors relative to a boson: (3/4, 7/8) for fermions, (1, 1) for bosons."""
    if statistics == "fermion":
        return 0.75, 0.875
    if statistics == "boson":
        return 1.0, 1.0
    raise InvalidInputError(f"statistics={statistics!r} must be 'fermion' or 'boson'")


@broadcasting('g', 'gstar_s_dec')
@checked(g="pos", gstar_s_dec="pos", statistics=statistics_spec(QUANTUM))
def relativistic_yield(g: float, gstar_s_dec: float, statistics: str = "fermion") -> float:
    """Y = n/s of a species that decoupled while relativistic (dimensionless):

    n = c_n g zeta(3) T^3/pi^2, s = 2 pi^2/45 g_*s T^3 (seed 004 below eq. 3.3, whose "2 pi/45" is a
    typo for 2 pi^2/45) -> Y = 45 c_n g zeta(3)/(2 pi^4 g_*s), c_n = 3/4 (fermion) or 1 (boson).
    """
    if not (g > 0 and gstar_s_dec > 0):
        raise InvalidInputError(f"need g > 0 and g_*s > 0, got g={g!r}, gstar_s_dec={gstar_s_dec!r}")
    cn, _ = _stat_factors(statistics)
    return 45 * cn * g * ZETA3 / (2 * math.pi**4 * gstar_s_dec)


@broadcasting('m', 'g', 'gstar_s_dec')
@checked(m="pos", g="pos", gstar_s_dec="pos", statistics=statistics_spec(QUANTUM))
def relativistic_relic_omega_h2(m: float, g: float = 2.0, gstar_s_dec: float = G_STAR_NU_DEC,
                                statistics: str = "fermion") -> float:
    """Omega h^2 of a relativistic decoupler of mass m [GeV], seed 004 eq. (3.3):

    Omega h^2 = s_0 m/(rho_c h^-2) n/s |_dec ~ 110 (m/10 keV)(10.75/g_*) for a Majorana fermion (g = 2).
    (The yield is counted once: a Majorana N1 is its own antiparticle.)
    """
    return omega_h2_from_yield(m, relativistic_yield(g, gstar_s_dec, statistics), self_conjugate=True)


@dataclass(frozen=True)
class DecoupledSpecies:
    """A species that decoupled from the SM bath at a temperature where the SM had ``gstar_s_dec``."""

    g: float
    statistics: str
    gstar_s_dec: float

    def __post_init__(self) -> None:
        fields(self, "DecoupledSpecies.", g="pos", statistics=statistics_spec(QUANTUM), gstar_s_dec="pos")
        _stat_factors(self.statistics)
        if not (self.g > 0 and self.gstar_s_dec > 0):
            raise InvalidInputError(f"DecoupledSpecies needs g > 0 and gstar_s_dec > 0, got {self}")


@broadcasting('gstar_nu_dec')
@checked(gstar_nu_dec="pos")
def delta_neff_decoupled(species, gstar_nu_dec: float = G_STAR_NU_DEC) -> float:
    """Delta N_eff of relativistic species decoupled before neutrino decoupling, seed 004 eq. (3.2):

    Delta N_eff = sum_i (c_rho,i g_i / (7/4)) [g_*(T_nu^dec)/g_*(T_i^dec)]^{4/3},

    i.e. 12/7 (...)^{4/3} for the Z' (g = 3, boson) and (...)^{4/3} for the Majorana N1 (g = 2).
    Valid while the species stay relativistic until T << m_e.
    """
    total = 0.0
    for sp in sequence("species", list(species) if isinstance(species, tuple) else species):
        instance("species", sp, DecoupledSpecies)
        _, crho = _stat_factors(sp.statistics)
        total += crho * sp.g / 1.75 * (gstar_nu_dec / sp.gstar_s_dec) ** (4 / 3)
    return total
