"""Neutrino-electron elastic scattering: Standard Model plus a Z' of any U(1), with interference.

Effective Lagrangian (flavour alpha, neutrino left-handed):

    L = -(G_F/sqrt2) [nu_bar_a gamma^mu (1 - gamma5) nu_a] [e_bar gamma_mu (g_V - g_A gamma5) e]

with g_V = -1/2 + 2 s_W^2, g_A = -1/2 for nu_mu, nu_tau (Z exchange) and g_V + 1, g_A + 1 for nu_e
(the W exchange, Fierz-rearranged). The tree-level recoil spectrum ('t Hooft, Phys. Lett. 37B
(1971) 195; the standard form) is

    dsigma/dT = G_F^2 m_e/(2 pi) [ (g_V + g_A)^2 + (g_V - g_A)^2 (1 - T/E)^2 - (g_V^2 - g_A^2) m_e T/E^2 ]

for neutrinos; g_A -> -g_A for antineutrinos. Seed 001 eq. (A1) is this form for nu_e; eq. (A2)
(nu_mu, nu_tau) is garbled by the text extraction ("{(g_V +- g_A) + (g_V -+ g_A)}^2 x (1 - T/E)^2")
and is replaced here by the standard form above, as the issue asks.

A Z' with L = Z'_mu [G_aa nu_bar_a gamma^mu P_L nu_a + e_bar gamma^mu (g'_V - g'_A gamma5) e]
(couplings from :meth:`ZPrime.couplings` and :meth:`ZPrime.neutrino_couplings`, kinetic mixing
included) exchanged at q^2 = -2 m_e T adds to the effective couplings

    Delta g_{V,A} = G_aa g'_{V,A} / ( sqrt2 G_F (2 m_e T + m_Z'^2) ),

and the squared bracket above then contains the pure Z' term and the SM-Z' interference. For
L_mu - L_tau (g'_V = eps e from the loop mixing, g'_A = 0) this reproduces seed 001 eq. (A3)
term by term (tested). The interference is linear in G_aa, so it changes sign with the neutrino
charge: nu_mu and nu_tau interfere with opposite signs in L_mu - L_tau.

Units: energies E, T in GeV (internal units); cross sections in GeV^-2 (divide by ``units.cm**2``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import constants as C
from ..errors import ComputationError, InvalidInputError
from .. import inputs
from ..model.charges import FLAVOURS, charges_arg
from ..model.mixing import OSCILLATION, cos2theta12_matter, solar_flavour_fractions, solar_pee_msw
from ..model.zprime import ZPrime
from ..numerics import excluded_intervals
from ..settings import DEFAULT
from ..validate import broadcasting, checked

__all__ = ["sm_couplings", "effective_couplings", "dsigma_dT", "sigma_total", "sigma_total_sm_closed",
           "t_max", "solar_flavour_fractions", "solar_pee_msw", "cos2theta12_matter", "OSCILLATION",
           "borexino_rate_ratio", "borexino_bound", "BorexinoBound",
           "BOREXINO_E_NU", "BOREXINO_T_MIN", "BOREXINO_MAX_DEVIATION", "BOREXINO_P_EE"]

#: 7Be line energy (862 keV; ../shared/data/solar_nu/solar_lines.csv, Bahcall PRD 49 (1994) 3923).
BOREXINO_E_NU = inputs.value("borexino.E_nu")
#: Lower edge of the Borexino recoil window, T_min ~ 270 keV (seed 001 app. A, its refs. 43, 74).
BOREXINO_T_MIN = inputs.value("borexino.T_min")
#: Largest allowed relative deviation of the 7Be rate from the SM (seed 001 sec. II.A: 8%, ref. 43).
BOREXINO_MAX_DEVIATION = inputs.value("borexino.max_deviation")
#: Survival probability of 7Be neutrinos at 862 keV (Borexino, PRL 107 (2011) 141302).
BOREXINO_P_EE = inputs.value("borexino.P_ee")


@checked(flavour=FLAVOURS, sin2w="prob_open")
def sm_couplings(flavour: str, sin2w: float | None = None) -> tuple[float, float]:
    """SM effective (g_V, g_A) for nu_flavour - e scattering (module doc; seed 001 eqs. A1-A2).

    ``sin2w`` defaults to the MS-bar sin^2 theta_W at m_Z of constants.toml. Dimensionless.
    """
    return _sm_couplings(flavour, sin2w)


def _sm_couplings(flavour: str, sin2w: float | None) -> tuple[float, float]:
    s2 = C.sin2_theta_W if sin2w is None else sin2w
    gv, ga = -0.5 + 2 * s2, -0.5
    if flavour == "e":
        gv, ga = gv + 1.0, ga + 1.0
    return gv, ga


@checked(E_nu="posarray")
def t_max(E_nu):
    """Largest electron recoil energy T_max = 2 E^2/(m_e + 2E) [GeV] for neutrino energy E [GeV]."""
    return _t_max(E_nu)


def _t_max(E):
    return 2 * E * E / (C.m_e + 2 * E)


@checked(flavour=FLAVOURS, T="nonnegarray", zp=ZPrime, sin2w="prob_open")
def effective_couplings(flavour: str, T, zp: ZPrime | None = None, sin2w: float | None = None):
    """(g_V, g_A) at recoil energy T [GeV]: SM plus the Z' shift of the module doc (arrays in T)."""
    return _effective_couplings(flavour, np.asarray(T, dtype=float), zp, sin2w)


def _effective_couplings(flavour: str, T: np.ndarray, zp: ZPrime | None, sin2w: float | None):
    gv, ga = _sm_couplings(flavour, sin2w)
    gv = np.full_like(T, gv)
    ga = np.full_like(T, ga)
    if zp is not None:
        G = zp.neutrino_couplings()[FLAVOURS.index(flavour), FLAVOURS.index(flavour)]
        gve, gae = zp.couplings("e", 0.0)
        scale = G / (math.sqrt(2) * C.G_F * (2 * C.m_e * T + zp.mass ** 2))
        gv = gv + scale * float(np.real(gve))
        ga = ga + scale * float(gae)
    return gv, ga


@checked(E_nu="posarray", T="nonnegarray", flavour=FLAVOURS, zp=ZPrime, antineutrino="bool", sin2w="prob_open")
def dsigma_dT(E_nu, T, flavour: str = "e", zp: ZPrime | None = None, antineutrino: bool = False,
              sin2w: float | None = None):
    """Differential cross section dsigma/dT [GeV^-3] for nu_flavour e -> nu e at recoil T [GeV].

    Seed 001 eqs. (A1)-(A3) in the general form of the module doc. Zero above T_max(E).
    """
    return _dsigma_dT(np.asarray(E_nu, float), np.asarray(T, float), flavour, zp, antineutrino, sin2w)


def _dsigma_dT(E, T, flavour, zp, antineutrino, sin2w):
    gv, ga = _effective_couplings(flavour, T, zp, sin2w)
    if antineutrino:
        ga = -ga
    y = T / E
    val = C.G_F ** 2 * C.m_e / (2 * math.pi) * ((gv + ga) ** 2 + (gv - ga) ** 2 * (1 - y) ** 2
                                                - (gv ** 2 - ga ** 2) * C.m_e * T / E ** 2)
    return np.where(T <= _t_max(E), val, 0.0)


_GL_X, _GL_W = np.polynomial.legendre.leggauss(96)


@broadcasting('E_nu', 'T_min', 'T_max', 'sin2w')
@checked(E_nu="pos", flavour=FLAVOURS, zp=ZPrime, T_min="nonneg", T_max="pos", antineutrino="bool",
         sin2w="prob_open")
def sigma_total(E_nu: float, flavour: str = "e", zp: ZPrime | None = None, T_min: float = 0.0,
                T_max: float | None = None, antineutrino: bool = False, sin2w: float | None = None) -> float:
    """Cross section [GeV^-2] integrated over recoil T in [T_min, min(T_max, T_max(E))] [GeV].

    96-point Gauss-Legendre in ln(2 m_e T + m_Z'^2) when a Z' is present (the propagator is the only
    steep factor), in T otherwise; agrees with :func:`sigma_total_sm_closed` to 1e-12 for the SM.
    Zero when the window is empty (T_min above the kinematic end).
    """
    return _sigma_total(E_nu, flavour, zp, T_min, T_max, antineutrino, sin2w)


def _sigma_total(E, flavour, zp, lo, T_max, antineutrino, sin2w) -> float:
    hi = float(_t_max(E)) if T_max is None else min(float(T_max), float(_t_max(E)))
    if hi <= lo:
        return 0.0
    if zp is None:
        T = 0.5 * (hi - lo) * _GL_X + 0.5 * (hi + lo)
        return float(0.5 * (hi - lo) * np.sum(_GL_W * _dsigma_dT(E, T, flavour, None, antineutrino, sin2w)))
    # w = ln(1 + 2 m_e T/m^2) = ln(2 m_e T + m^2) - ln m^2, with log1p/expm1 so that a heavy Z'
    # (m^2 >> 2 m_e T, w -> 0) keeps full precision instead of losing T to round-off in e^u - m^2
    scale = zp.mass ** 2 / (2 * C.m_e)
    wa, wb = math.log1p(lo / scale), math.log1p(hi / scale)
    w = 0.5 * (wb - wa) * _GL_X + 0.5 * (wb + wa)
    T = np.clip(scale * np.expm1(w), lo, hi)
    jac = scale * np.exp(w)
    return float(0.5 * (wb - wa) * np.sum(_GL_W * jac * _dsigma_dT(E, T, flavour, zp, antineutrino, sin2w)))


@broadcasting('E_nu', 'sin2w')
@checked(E_nu="pos", flavour=FLAVOURS, antineutrino="bool", sin2w="prob_open")
def sigma_total_sm_closed(E_nu: float, flavour: str = "e", antineutrino: bool = False,
                          sin2w: float | None = None) -> float:
    """Closed-form SM total cross section [GeV^-2] over 0 < T < T_max (integral of the module-doc form).

    sigma = G_F^2 m_e/(2 pi) [ (g_V+g_A)^2 T_m + (g_V-g_A)^2 E/3 (1 - (1 - T_m/E)^3)
                               - (g_V^2 - g_A^2) m_e T_m^2/(2 E^2) ].
    """
    E = E_nu
    gv, ga = _sm_couplings(flavour, sin2w)
    if antineutrino:
        ga = -ga
    tm = float(_t_max(E))
    return C.G_F ** 2 * C.m_e / (2 * math.pi) * ((gv + ga) ** 2 * tm + (gv - ga) ** 2 * E / 3 * (1 - (1 - tm / E) ** 3)
                                                 - (gv * gv - ga * ga) * C.m_e * tm * tm / (2 * E * E))


@broadcasting('P_ee', 'E_nu', 'T_min')
@checked(zp=ZPrime, P_ee="prob", E_nu="pos", T_min="nonneg", flavour_split=("pmns", "equal"))
def borexino_rate_ratio(zp: ZPrime, P_ee: float = BOREXINO_P_EE, E_nu: float | None = None, T_min: float | None = None,
                        flavour_split: str = "pmns") -> float:
    """R_tot(SM + Z')/R_tot(SM) of the 7Be line in Borexino (seed 001 eqs. A4-A5).

    sigma_tot = sum_alpha P_e_alpha [sigma_SM(nu_alpha e) + sigma_Z'(nu_alpha e)] integrated over
    T_min < T < T_max, mono-energetic E_nu = 862 keV. ``flavour_split``: ``"pmns"`` (default,
    :func:`solar_flavour_fractions`) or ``"equal"`` (1 - P_ee split equally between mu and tau, the
    seed's sum read as an average). P_ee = 0.51 is Borexino's value at 862 keV (PRL 107 (2011) 141302).
    Dimensionless.
    """
    E = BOREXINO_E_NU if E_nu is None else E_nu
    tmin = BOREXINO_T_MIN if T_min is None else T_min
    frac = _borexino_fractions(P_ee, flavour_split)
    return _ratio(_borexino_rate(frac, zp, E, tmin), _borexino_rate(frac, None, E, tmin))


def _borexino_fractions(P_ee: float, flavour_split: str) -> dict[str, float]:
    if flavour_split == "pmns":
        return solar_flavour_fractions(P_ee)
    if flavour_split == "equal":
        if not 0 <= P_ee <= 1:
            raise InvalidInputError(f"P_ee={P_ee!r} must lie in [0, 1]")
        return {"e": P_ee, "mu": (1 - P_ee) / 2, "tau": (1 - P_ee) / 2}
    raise InvalidInputError(f"flavour_split={flavour_split!r} is unknown; allowed: 'pmns', 'equal'")


def _borexino_rate(frac: dict[str, float], zp: ZPrime | None, E: float, tmin: float) -> float:
    """Flavour-weighted cross section sum_alpha P_e_alpha sigma(nu_alpha e) over T_min < T < T_max [GeV^-2]."""
    return sum(p * _sigma_total(E, f, zp, tmin, None, False, None) for f, p in frac.items())


def _ratio(num: float, den: float) -> float:
    if not (den > 0 and math.isfinite(num)):
        raise ComputationError(f"Borexino rate ratio undefined (num={num!r}, den={den!r}); is T_min below T_max?")
    return num / den


@dataclass(frozen=True)
class BorexinoBound:
    """Result of :func:`borexino_bound`: ``g_max`` (smallest excluded coupling; inf if none below
    ``g_ceiling``) and ``excluded`` (list of (g_lo, g_hi) intervals with |R - 1| > max deviation)."""

    mass: float
    g_max: float
    excluded: tuple[tuple[float, float], ...]


@checked(charges=charges_arg, mass="pos", max_deviation="pos", P_ee="prob", g_floor="pos", g_ceiling="pos",
         n_grid="int")
def borexino_bound(charges, mass: float, max_deviation: float = BOREXINO_MAX_DEVIATION, P_ee: float = BOREXINO_P_EE,
                   g_floor: float = 1e-9, g_ceiling: float = 1.0, n_grid: int = 61, **zp_kwargs) -> BorexinoBound:
    """Couplings g excluded by |R_tot/R_SM - 1| > ``max_deviation`` (8%, seed 001) at Z' mass ``mass`` [GeV].

    Scans g on a log grid between ``g_floor`` and ``g_ceiling`` and refines each crossing with brentq,
    so destructive-interference windows (R dipping below 1 - 8% and coming back) are found too.
    ``zp_kwargs`` go to :class:`ZPrime` (``epsilon``, ``loop_mixing``).
    """
    if not (0 < g_floor < g_ceiling <= 4 * math.pi):
        raise InvalidInputError(f"need 0 < g_floor < g_ceiling <= 4 pi, got {g_floor!r}, {g_ceiling!r}")

    frac = _borexino_fractions(P_ee, "pmns")
    sm = _borexino_rate(frac, None, BOREXINO_E_NU, BOREXINO_T_MIN)     # the SM rate, once

    def excess(lg):
        zp = ZPrime(mass, 10 ** lg, charges, **zp_kwargs)
        return abs(_ratio(_borexino_rate(frac, zp, BOREXINO_E_NU, BOREXINO_T_MIN), sm) - 1) - max_deviation

    intervals = excluded_intervals(excess, g_floor, g_ceiling, n_grid, DEFAULT.bound_xtol, "Borexino 7Be bound")
    g_max = intervals[0][0] if intervals else math.inf
    return BorexinoBound(mass, g_max, tuple(intervals))
