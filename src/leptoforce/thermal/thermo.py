"""Thermodynamics of the early Universe: g_*(T), H(T), s(T), and equilibrium n, rho, p, s.

Standard-Model g_*rho and g_*s come from the Saikawa-Shirai tabulation (arXiv:1803.01038),
interpolated monotonically (PCHIP in ln T) inside 2 keV - 1.43 TeV; outside the table the code
raises :class:`OutOfDomainError` (no extrapolation).

Equilibrium quantities of one species with mass m, internal degrees of freedom g and zero
chemical potential (seed 001 eqs. B1-B3; s = (rho + p)/T, which is eq. B2):

    n   = g T^3/(2 pi^2) int_0^inf u^2 f du,           f = 1/(e^E -+ 1), E = sqrt(u^2 + x^2), x = m/T
    rho = g T^4/(2 pi^2) int_0^inf u^2 E f du
    p   = g T^4/(6 pi^2) int_0^inf u^4/E f du

computed by adaptive quadrature ("exact"). Limits (tested): massless n = g zeta(3) T^3/pi^2 (x 3/4
for fermions), rho = g pi^2 T^4/30 (x 7/8), s = g 2 pi^2 T^3/45 (x 7/8) (seed 001 eq. B4);
Boltzmann n = g m^2 T K2(x)/(2 pi^2), rho = g m^2 T [m K1(x) + 3 T K2(x)]/(2 pi^2), p = n T.

Units: temperatures and masses in GeV internal units; n in GeV^3, rho and p in GeV^4, s in GeV^3,
H in GeV.
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from scipy import integrate, interpolate, special

from .. import constants as C
from .. import units
from ..data import load_table
from ..errors import ComputationError, InvalidInputError, OutOfDomainError
from ..numerics import readonly
from ..validate import broadcasting, checked
from ..model.statistics import THERMAL, canonical_statistics, statistics_spec

__all__ = ["gstar_rho", "gstar_s", "dlngs_dlnT", "hubble", "entropy_density", "radiation_density",
           "gstar_range", "gstar_all", "equilibrium", "number_density", "energy_density", "pressure", "entropy_density_species",
           "STATISTICS"]

#: Occupation statistics understood here (the shared vocabulary of :mod:`leptoforce.model.statistics`).
STATISTICS = THERMAL
_GSTAR_FILE = "saikawa_shirai_2018_gstar_subsample.csv"


@lru_cache(maxsize=1)
def _gstar_interpolants():
    tab = load_table("gstar", _GSTAR_FILE)
    lnT = np.log(tab[:, 0])
    keep = np.concatenate([[True], np.diff(lnT) > 0])  # strictly increasing abscissae
    lnT, grho, gs = lnT[keep], tab[keep, 1], tab[keep, 3]
    return (interpolate.PchipInterpolator(lnT, grho, extrapolate=False),
            interpolate.PchipInterpolator(lnT, gs, extrapolate=False), lnT[0], lnT[-1])


def gstar_range() -> tuple[float, float]:
    """(T_min, T_max) of the g_* table [GeV internal units]."""
    _, _, lo, hi = _gstar_interpolants()
    return math.exp(lo) * units.GeV, math.exp(hi) * units.GeV


def _lnT_checked(T, name: str = "T") -> np.ndarray:
    T = np.asarray(T, dtype=float) / units.GeV
    if np.any(~np.isfinite(T)) or np.any(T <= 0):
        raise InvalidInputError(f"{name} must be positive and finite, got {T}")
    _, _, lo, hi = _gstar_interpolants()
    lnT = np.log(T)
    if np.any(lnT < lo - 1e-12) or np.any(lnT > hi + 1e-12):
        raise OutOfDomainError(
            f"{name} = {T.min():.4g}..{T.max():.4g} GeV is outside the g_* table "
            f"({math.exp(lo):.4g} - {math.exp(hi):.4g} GeV, Saikawa & Shirai 2018); no extrapolation")
    return np.clip(lnT, lo, hi)


@checked(T="posarray")
def gstar_rho(T):
    """Energy-density degrees of freedom g_*rho(T) of the SM plasma (dimensionless); T in GeV."""
    f, _, _, _ = _gstar_interpolants()
    out = f(_lnT_checked(T))
    return float(out) if np.ndim(out) == 0 else out


@checked(T="posarray")
def gstar_s(T):
    """Entropy degrees of freedom g_*s(T) of the SM plasma (dimensionless); T in GeV."""
    _, f, _, _ = _gstar_interpolants()
    out = f(_lnT_checked(T))
    return float(out) if np.ndim(out) == 0 else out


@lru_cache(maxsize=1)
def _gs_derivative():
    return _gstar_interpolants()[1].derivative()


@checked(T="posarray")
def dlngs_dlnT(T):
    """d ln g_*s / d ln T (dimensionless), from the derivative of the monotone interpolant."""
    _, f, _, _ = _gstar_interpolants()
    lnT = _lnT_checked(T)
    out = _gs_derivative()(lnT) / f(lnT)
    return float(out) if np.ndim(out) == 0 else out


@checked(T="posarray")
def gstar_all(T) -> tuple:
    """(g_*rho, g_*s, d ln g_*s/d ln T) at T [GeV] (dimensionless; scalars or arrays), the table read once: the
    same numbers as :func:`gstar_rho`, :func:`gstar_s` and :func:`dlngs_dlnT` for the solvers that need all three."""
    fr, fs, _, _ = _gstar_interpolants()
    lnT = _lnT_checked(T)
    if np.ndim(lnT) == 0 or lnT.size < 64:
        gr, gs = fr(lnT), fs(lnT)
        d = _gs_derivative()(lnT) / gs
        if np.ndim(gr) == 0:
            return float(gr), float(gs), float(d)
        return gr, gs, d
    # large arrays (the batch freeze-out's (steps, points) grid): the same three piecewise cubics in one compiled
    # pass with one interval search per temperature
    from ._kernels import ppoly3_eval
    breaks, c_r, c_s, c_d = _gstar_ppolys()
    out = ppoly3_eval(breaks, c_r, c_s, c_d, np.ascontiguousarray(lnT.ravel()))
    gr, gs, dgs = (o.reshape(lnT.shape) for o in out)
    return gr, gs, dgs / gs


@lru_cache(maxsize=1)
def _gstar_ppolys():
    """(breakpoints, coefficients of g_*rho, g_*s and d g_*s/d ln T) of the monotone interpolants."""
    fr, fs, _, _ = _gstar_interpolants()
    d = _gs_derivative()
    if not (np.array_equal(fr.x, fs.x) and np.array_equal(fs.x, d.x)):
        raise ComputationError("g_* interpolants do not share their breakpoints")
    return readonly((np.ascontiguousarray(fr.x), np.ascontiguousarray(fr.c), np.ascontiguousarray(fs.c),
                     np.ascontiguousarray(d.c)))


@checked(T="posarray", g="pos")
def radiation_density(T, g=None):
    """rho = pi^2/30 g_*rho T^4 [GeV^4] (g_*rho from the table unless ``g`` is given)."""
    g = gstar_rho(T) if g is None else g
    return math.pi**2 / 30 * g * np.asarray(T) ** 4


@checked(T="posarray", g="pos")
def hubble(T, g=None):
    """H(T) = sqrt(rho/(3 M_Pl,red^2)) [GeV] in radiation domination (= 1.66 sqrt(g_*) T^2/M_Pl)."""
    return np.sqrt(radiation_density(T, g) / 3.0) / C.m_Pl_red


@checked(T="posarray", g="pos")
def entropy_density(T, g=None):
    """s = 2 pi^2/45 g_*s T^3 [GeV^3] (g_*s from the table unless ``g`` is given)."""
    g = gstar_s(T) if g is None else g
    return 2 * math.pi**2 / 45 * g * np.asarray(T) ** 3


# --- equilibrium distributions of one species -------------------------------------------------
def _check_stat(stat: str) -> None:
    canonical_statistics("statistics", stat, THERMAL)


def _occupation(E: float, stat: str) -> float:
    if stat == "boltzmann":
        return math.exp(-E)
    if stat == "fermion":
        return math.exp(-E) / (1 + math.exp(-E))
    return math.exp(-E) / -math.expm1(-E)


def _moment(x: float, stat: str, kind: str) -> float:
    """Dimensionless integral for kind in n, rho, p at x = m/T."""
    def f(u):
        E = math.sqrt(u * u + x * x)
        if E > 745:
            return 0.0
        occ = _occupation(E, stat)
        if kind == "n":
            return u * u * occ
        if kind == "rho":
            return u * u * E * occ
        return u**4 / E * occ if E > 0 else 0.0
    # the integrand is negligible beyond u ~ x + 50 (e^-50)
    upper = max(x, 1.0) + 60.0
    val, err = integrate.quad(f, 0.0, upper, epsabs=0.0, epsrel=1e-11, limit=200)
    if not math.isfinite(val) or (val > 0 and err > 1e-7 * val):
        raise ComputationError(f"equilibrium {kind} integral failed at m/T={x:g} ({stat}): {val} +- {err}")
    return val


def _validate(m, T, g):
    m, T, g = float(m), float(T), float(g)
    if not (math.isfinite(T) and T > 0):
        raise InvalidInputError(f"T={T!r} must be positive and finite")
    if not (math.isfinite(m) and m >= 0):
        raise InvalidInputError(f"m={m!r} must be >= 0 and finite")
    if not (g > 0):
        raise InvalidInputError(f"g={g!r} (internal degrees of freedom) must be > 0")
    return m, T, g


@broadcasting('m', 'T', 'g')
@checked(m="nonneg", T="pos", g="pos", statistics=statistics_spec(THERMAL))
def number_density(m, T, g, statistics="fermion") -> float:
    """Equilibrium number density n [GeV^3] (exact integral, zero chemical potential)."""
    m, T, g = _validate(m, T, g)
    _check_stat(statistics)
    return g * T**3 / (2 * math.pi**2) * _moment(m / T, statistics, "n")


@broadcasting('m', 'T', 'g')
@checked(m="nonneg", T="pos", g="pos", statistics=statistics_spec(THERMAL))
def energy_density(m, T, g, statistics="fermion") -> float:
    """Equilibrium energy density rho [GeV^4] (seed 001 eq. B3)."""
    m, T, g = _validate(m, T, g)
    _check_stat(statistics)
    return g * T**4 / (2 * math.pi**2) * _moment(m / T, statistics, "rho")


@broadcasting('m', 'T', 'g')
@checked(m="nonneg", T="pos", g="pos", statistics=statistics_spec(THERMAL))
def pressure(m, T, g, statistics="fermion") -> float:
    """Equilibrium pressure p [GeV^4]."""
    m, T, g = _validate(m, T, g)
    _check_stat(statistics)
    return g * T**4 / (6 * math.pi**2) * _moment(m / T, statistics, "p")


@broadcasting('m', 'T', 'g')
@checked(m="nonneg", T="pos", g="pos", statistics=statistics_spec(THERMAL))
def entropy_density_species(m, T, g, statistics="fermion") -> float:
    """Equilibrium entropy density s = (rho + p)/T [GeV^3] (seed 001 eq. B2)."""
    return (energy_density(m, T, g, statistics) + pressure(m, T, g, statistics)) / float(T)


@checked(m="nonneg", T="pos", g="pos", statistics=statistics_spec(THERMAL))
def equilibrium(m, T, g, statistics="fermion") -> dict[str, float]:
    """{'n', 'rho', 'p', 's'} of one species in equilibrium (units as the single functions)."""
    rho, p = energy_density(m, T, g, statistics), pressure(m, T, g, statistics)
    return {"n": number_density(m, T, g, statistics), "rho": rho, "p": p, "s": (rho + p) / float(T)}


@broadcasting('m', 'T', 'g')
@checked(m="nonneg", T="pos", g="pos")
def number_density_boltzmann(m, T, g) -> float:
    """Maxwell-Boltzmann n = g m^2 T K2(m/T)/(2 pi^2) [GeV^3] (closed form; seed 004 below eq. A.8)."""
    m, T, g = _validate(m, T, g)
    if m == 0:
        return g * T**3 / math.pi**2
    x = m / T
    return g * m * m * T * special.kve(2, x) * math.exp(-x) / (2 * math.pi**2)
