"""Capture of halo dark matter by the electrons of a neutron star, and the kinetic heating it causes (seed 003 Sec. V).

Neutron star: M = 1.52 M_sun, R = 11.6 km (the reference star of seed 003 eq. 11), electron fraction
Y_e = 0.05 of the nucleons (seed 003, its ref. 49: Bell, Busoni & Robles, JCAP 06 (2019) 054), so
N_e = Y_e M/m_n, and electron Fermi momentum p_F = 200 MeV (same reference). Escape velocity
v_esc = sqrt(2 G M/R) (0.62 c for this star).

Capture rate on electrons (seed 003 eq. 12, from McDermott, Yu & Zurek, PRD 85 (2012) 023519):

    C_c = sqrt(6/pi) (rho/m) (v_esc^2/vbar^2) (vbar xi) N_e sigma,

with sigma the DM-electron cross section for DM arriving with kinetic energy K = m (gamma - 1),
gamma = (1 - v_esc^2)^-1/2, on an electron at rest (eq. 8 integrated over the recoil up to eq. 9's
maximum), and the Pauli-blocking factor xi = min(1, dp/p_F) with dp = gamma m v_esc, the DM momentum
at the surface (the seed: "dp ~ O(keV) for m_DM ~ O(keV)"). vbar is the DM velocity dispersion (default
sqrt(3/2) v_c = 280 km/s for the circular velocity v_c of the constants; the seed does not give it).

Geometric limit (seed 003 eq. 11): 5.6e25 s^-1 (rho/(GeV/cm^3)) (GeV/m) (R/11.6 km) (M/1.52 M_sun), as printed
(:func:`geometric_rate_eq11`). Its physical origin (every DM particle whose focused trajectory crosses
the star is captured) is C_geom = sqrt(6/pi) pi R^2 (rho/m) v_esc^2/vbar (:func:`geometric_rate`), the
eq. 12 form with N_e xi sigma -> pi R^2; the two are compared in the tests. The captured rate is
min(C_c, C_geom).

Heating: in equilibrium the deposited kinetic power m (gamma - 1) C equals the surface luminosity
4 pi R^2 sigma_SB T^4; the temperature seen from far away is T sqrt(1 - v_esc^2) (:func:`heating_temperature`).
Units: internal GeV (rates in GeV, i.e. divide by 1/units.s for s^-1; temperatures via units.K).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import inputs
from .. import constants as C
from .. import units
from ..errors import InvalidInputError
from .crdm import t_max_target
from ..validate import broadcasting, checked, fields

__all__ = ["NeutronStar", "capture_rate_electrons", "geometric_rate", "geometric_rate_eq11",
           "sigma_dm_electron", "heating_temperature", "pauli_factor"]

_SIGMA_SB = math.pi ** 2 / 60                # Stefan-Boltzmann constant in natural units (hbar = c = k = 1)


@dataclass(frozen=True)
class NeutronStar:
    """A neutron star (module doc): mass [GeV], radius [GeV^-1], electron fraction, electron Fermi momentum [GeV]."""

    mass: float = inputs.value("neutron_star.mass") * C.M_sun
    radius: float = inputs.value("neutron_star.radius")
    Y_e: float = inputs.value("neutron_star.Y_e")
    p_F: float = inputs.value("neutron_star.p_F")

    def __post_init__(self):
        fields(self, "NeutronStar.", mass="pos", radius="pos", Y_e="prob", p_F="pos")
        for k in ("mass", "radius", "p_F"):
            v = getattr(self, k)
            if not (math.isfinite(v) and v > 0):
                raise InvalidInputError(f"NeutronStar.{k}={v!r} must be finite and > 0")
        if not 0 < self.Y_e <= 1:
            raise InvalidInputError(f"NeutronStar.Y_e={self.Y_e!r} must lie in (0, 1]")
        if 2 * C.G_N * self.mass / self.radius >= 1:
            raise InvalidInputError("NeutronStar: radius inside the Schwarzschild radius")

    @property
    def v_esc(self) -> float:
        """sqrt(2 G M/R) (units of c)."""
        return math.sqrt(2 * C.G_N * self.mass / self.radius)

    @property
    def n_electrons(self) -> float:
        """N_e = Y_e M/m_n."""
        return self.Y_e * self.mass / C.m_n


def _vbar_default() -> float:
    return math.sqrt(1.5) * C.v_circ_sun


@broadcasting('m_chi', 'm_X', 'g', 'K')
@checked(m_chi="pos", m_X="pos", g="gpos", K="pos", n="int")
def sigma_dm_electron(m_chi: float, m_X: float, g: float, K: float, n: int = 400) -> float:
    """Total DM-electron cross section [GeV^-2] for DM of kinetic energy K [GeV] on an electron at rest.

    Seed 003 eq. 8 integrated over 0 < K_e < K_e^max(K) (eq. 9); g = sqrt(g_e g_chi); Gauss-Legendre in
    ln(2 m_e K_e + m_X^2) (written as ln(1 + 2 m_e K_e/m_X^2) to keep precision for a heavy mediator).
    """
    kmax = float(t_max_target(K, m_chi, C.m_e))
    me = C.m_e
    # w = ln(1 + 2 m_e K_e/m_X^2), with log1p/expm1: exact for a heavy mediator (m_X^2 >> 2 m_e K_e)
    scale = m_X ** 2 / (2 * me)
    x, wgt = np.polynomial.legendre.leggauss(n)
    wb = math.log1p(kmax / scale)
    u = 0.5 * wb * (x + 1)
    Ke = scale * np.expm1(u)
    jac = scale * np.exp(u)
    num = 2 * me * (m_chi + K) ** 2 - Ke * ((me + m_chi) ** 2 + 2 * me * K) + me * Ke * Ke
    ds = g ** 4 / (4 * math.pi) * num / ((2 * m_chi * K + K * K) * (2 * me * Ke + m_X ** 2) ** 2)
    return float(0.5 * wb * np.sum(wgt * jac * ds))


@broadcasting('m_chi')
@checked(m_chi="pos", star=NeutronStar)
def pauli_factor(m_chi: float, star: NeutronStar = NeutronStar()) -> float:
    """xi = min(1, gamma m v_esc/p_F) (module doc). Dimensionless."""
    v = star.v_esc
    return min(1.0, m_chi * v / math.sqrt(1 - v * v) / star.p_F)


@broadcasting('m_chi', 'm_X', 'g', 'rho', 'vbar')
@checked(m_chi="pos", m_X="pos", g="gpos", rho="pos", vbar="pos", star=NeutronStar)
def capture_rate_electrons(m_chi: float, m_X: float, g: float, rho: float | None = None,
                           vbar: float | None = None, star: NeutronStar = NeutronStar()) -> float:
    """Seed 003 eq. 12 capture rate [internal GeV; times units.s gives s^-1] (module doc)."""
    rho = C.rho_DM_local if rho is None else rho
    vbar = _vbar_default() if vbar is None else vbar
    v = star.v_esc
    K = m_chi * (1 / math.sqrt(1 - v * v) - 1)
    sig = sigma_dm_electron(m_chi, m_X, g, K)
    return (math.sqrt(6 / math.pi) * rho / m_chi * v * v / vbar ** 2 * vbar * pauli_factor(m_chi, star)
            * star.n_electrons * sig)


@broadcasting('m_chi', 'rho', 'vbar')
@checked(m_chi="pos", rho="pos", vbar="pos", star=NeutronStar)
def geometric_rate(m_chi: float, rho: float | None = None, vbar: float | None = None,
                   star: NeutronStar = NeutronStar()) -> float:
    """C_geom = sqrt(6/pi) pi R^2 (rho/m) v_esc^2/vbar [internal GeV] (module doc)."""
    rho = C.rho_DM_local if rho is None else rho
    vbar = _vbar_default() if vbar is None else vbar
    return math.sqrt(6 / math.pi) * math.pi * star.radius ** 2 * rho / m_chi * star.v_esc ** 2 / vbar


@broadcasting('m_chi', 'rho')
@checked(m_chi="pos", rho="pos", star=NeutronStar)
def geometric_rate_eq11(m_chi: float, rho: float | None = None, star: NeutronStar = NeutronStar()) -> float:
    """Seed 003 eq. 11 as printed [internal GeV]."""
    rho = C.rho_DM_local if rho is None else rho
    return (5.6e25 / units.s * (rho / (units.GeV / units.cm ** 3)) * (units.GeV / m_chi)
            * (star.radius / (11.6 * units.km)) * (star.mass / (1.52 * C.M_sun)))


@checked(rate="nonneg", m_chi="pos", star=NeutronStar)
def heating_temperature(rate: float, m_chi: float, star: NeutronStar = NeutronStar()) -> tuple[float, float]:
    """(T_surface, T_at_infinity) [internal GeV; divide by units.K] from kinetic heating at capture rate ``rate``."""
    v = star.v_esc
    power = rate * m_chi * (1 / math.sqrt(1 - v * v) - 1)
    T = (power / (4 * math.pi * star.radius ** 2 * _SIGMA_SB)) ** 0.25
    return T, T * math.sqrt(1 - v * v)
