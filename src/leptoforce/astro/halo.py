"""Dark-matter halos: truncated NFW profiles, subhalo construction, J-factors.

A nearby subhalo (seed 000, Sec. III: "a Navarro-Frenk-White profile [17], with a truncation at the
tidal radius r_t [18]; for the determination of the density profile of the subhalo, we refer to
Ref. [19]") is built from its mass and galactocentric position with three documented choices, each
selectable in :class:`SubhaloConventions`, because the seed leaves them to its references:

``concentration`` (c_200 of the progenitor; M_200 relative to 200 rho_crit, h from constants):
    ``"moline2017"`` (default): subhalo c_200(m, x_sub) of Moline et al., MNRAS 466 (2017) 4974,
    arXiv:1603.04057, eq. 6 (fit to Via Lactea II / ELVIS subhalos):
    c_200 = c0 [1 + sum_{i=1}^{3} (a_i log10(m/(1e8 Msun/h)))^i] [1 + b log10(x_sub)],
    c0 = 19.9, a = (-0.195, 0.089, 0.089), b = -0.54, x_sub = R/R_200 of the host.
    ``"sanchez-conde-prada2014"``: field halos, c_200 = sum_i c_i [ln(M_200 h/Msun)]^i of Sanchez-Conde
    & Prada, MNRAS 442 (2014) 2271, arXiv:1312.1729, eq. 1.
    ``"bullock2001"``: c = 9 (M/M_*)^-0.13, M_* = 1.5e13 Msun/h (Bullock et al., MNRAS 321 (2001) 559,
    astro-ph/9908159), used as a c_200.
``tidal`` (the truncation radius):
    ``"jacobi"`` (default): r_t = R [m(<r_t) / ((2 - dln M/dln R) M_host(<R))]^(1/3) (Tormen, Diaferio &
    Syer 1998; Springel et al. 2008, arXiv:0809.0898), with a flat rotation curve for the host
    (M_host = v_c^2 R / G, dln M/dln R = 1), solved self-consistently for the bound mass m(<r_t).
    ``"none"``: no stripping, r_t = r_200.
``mass`` (what M_sub means):
    ``"M200"`` (default): the mass before stripping (M_200 of the progenitor); the bound mass is smaller.
    ``"bound"``: the mass inside r_t after stripping (the progenitor M_200 is solved for).

Units: lengths in internal units (GeV^-1; use ``units.kpc``), masses in GeV, densities in GeV^4.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import optimize

from .. import inputs
from .. import constants as C
from ..errors import ComputationError, InvalidInputError
from ..validate import broadcasting, checked, fields

__all__ = ["NFW", "SubhaloConventions", "subhalo", "rho_crit", "concentration", "milky_way_nfw",
           "j_factor_cone", "CONCENTRATIONS", "TIDAL", "MASS_DEFINITIONS"]

CONCENTRATIONS = ("moline2017", "sanchez-conde-prada2014", "bullock2001")
TIDAL = ("jacobi", "none")
MASS_DEFINITIONS = ("M200", "bound")

# Moline et al. 2017, eq. 6 (VL-II fit); Sanchez-Conde & Prada 2014, eq. 1; Bullock et al. 2001.
_MOLINE = {k: inputs.value(f"halo.moline2017.{k}") for k in ("c0", "a", "b")}
_SCP14 = inputs.value("halo.sanchez_conde_prada2014.c")
_BULLOCK = {k: inputs.value(f"halo.bullock2001.{k}") for k in ("c_norm", "slope", "M_star_h")}


def rho_crit() -> float:
    """Critical density today [GeV^4]: 3 H0^2 M_Pl,red^2 with h of Planck 2018 (constants)."""
    from ..thermal.freezeout import rho_crit_over_h2
    return rho_crit_over_h2() * C.h_Hubble ** 2


def _mu(c):
    return np.log1p(c) - c / (1.0 + c)


@dataclass(frozen=True)
class NFW:
    """NFW profile rho_s / [(r/r_s)(1 + r/r_s)^2], truncated (rho = 0) beyond r_t (NFW 1997, astro-ph/9611107).

    rho_s [GeV^4], r_s and r_t [GeV^-1] (internal units; ``units.kpc`` etc.).
    """

    rho_s: float
    r_s: float
    r_t: float = math.inf

    def __post_init__(self) -> None:
        fields(self, "NFW.", rho_s="pos", r_s="pos", r_t="pos_or_inf")
        for name in ("rho_s", "r_s", "r_t"):
            v = getattr(self, name)
            if not (v > 0) or (name != "r_t" and not math.isfinite(v)):
                raise InvalidInputError(f"NFW {name}={v!r} must be positive (finite for rho_s, r_s)")

    @checked(r="nonnegarray")
    def density(self, r):
        """rho(r) [GeV^4] at radius r [GeV^-1] (zero beyond r_t)."""
        r = np.asarray(r, float)
        x = r / self.r_s
        with np.errstate(divide="ignore"):
            rho = self.rho_s / (x * (1 + x) ** 2)
        return np.where(r <= self.r_t, rho, 0.0)

    @checked(r="nonnegarray")
    def mass(self, r):
        """Mass inside r [GeV]: 4 pi rho_s r_s^3 mu(min(r, r_t)/r_s)."""
        r = np.minimum(np.asarray(r, float), self.r_t)
        return 4 * math.pi * self.rho_s * self.r_s ** 3 * _mu(r / self.r_s)

    @property
    def bound_mass(self) -> float:
        """Mass inside the truncation radius [GeV] (infinite for an untruncated profile)."""
        return float(self.mass(self.r_t)) if math.isfinite(self.r_t) else math.inf

    @broadcasting('r')
    @checked(r="pos_or_inf")
    def luminosity(self, r=None) -> float:
        """Annihilation volume integral int_0^min(r, r_t) 4 pi r^2 rho^2 dr [GeV^5] (closed form).

        = (4 pi/3) rho_s^2 r_s^3 [1 - (1 + c)^-3], c = min(r, r_t)/r_s.
        """
        rr = self.r_t if r is None else min(float(r), self.r_t)
        c = rr / self.r_s
        return 4 * math.pi / 3 * self.rho_s ** 2 * self.r_s ** 3 * (1 - (1 + c) ** -3) if math.isfinite(c) \
            else 4 * math.pi / 3 * self.rho_s ** 2 * self.r_s ** 3


@dataclass(frozen=True)
class SubhaloConventions:
    """The subhalo choices that seed 000 leaves to its refs. 17-19 (see module doc)."""

    concentration: str = "moline2017"
    tidal: str = "jacobi"
    mass: str = "M200"

    def __post_init__(self) -> None:
        for name, allowed in (("concentration", CONCENTRATIONS), ("tidal", TIDAL), ("mass", MASS_DEFINITIONS)):
            if getattr(self, name) not in allowed:
                raise InvalidInputError(f"SubhaloConventions {name}={getattr(self, name)!r}; allowed: {', '.join(allowed)}")


def _r200(M200: float) -> float:
    return (3 * M200 / (4 * math.pi * 200 * rho_crit())) ** (1 / 3)


@broadcasting('M200', 'R_gc')
@checked(M200="pos", model=CONCENTRATIONS, R_gc="pos")
def concentration(M200: float, model: str = "moline2017", R_gc: float | None = None) -> float:
    """c_200 of a halo of mass M200 [GeV] (module doc); R_gc [GeV^-1] is the galactocentric distance (moline2017)."""
    if not (M200 > 0 and math.isfinite(M200)):
        raise InvalidInputError(f"M200={M200!r} must be positive and finite (GeV internal units)")
    m_h = M200 / C.M_sun * C.h_Hubble                      # in Msun/h
    if model == "moline2017":
        R = C.R_sun_GC if R_gc is None else R_gc
        x_sub = R / _r200(C.M200_MW)
        t = math.log10(m_h / 1e8)
        poly = 1 + sum((a * t) ** (i + 1) for i, a in enumerate(_MOLINE["a"]))
        c = _MOLINE["c0"] * poly * (1 + _MOLINE["b"] * math.log10(x_sub))
    elif model == "sanchez-conde-prada2014":
        ln_m = math.log(m_h)
        c = sum(ci * ln_m ** i for i, ci in enumerate(_SCP14))
    elif model == "bullock2001":
        c = _BULLOCK["c_norm"] * (m_h / _BULLOCK["M_star_h"]) ** _BULLOCK["slope"]
    else:
        raise InvalidInputError(f"concentration model {model!r} is unknown; allowed: {', '.join(CONCENTRATIONS)}")
    if not (c > 1):
        raise ComputationError(f"concentration {model} gives c_200 = {c:.3g} <= 1 at M200 = {M200 / C.M_sun:.3g} Msun")
    return c


def _progenitor(M200: float, conv: SubhaloConventions, R_gc: float) -> NFW:
    c = concentration(M200, conv.concentration, R_gc)
    r200 = _r200(M200)
    r_s = r200 / c
    rho_s = M200 / (4 * math.pi * r_s ** 3 * _mu(c))
    if conv.tidal == "none":
        return NFW(rho_s, r_s, r200)
    M_host = C.v_circ_sun ** 2 * R_gc / C.G_N              # flat rotation curve: M(<R) = v_c^2 R / G
    full = NFW(rho_s, r_s)

    def f(ln_rt):
        rt = math.exp(ln_rt)
        return ln_rt - math.log(R_gc) - math.log(float(full.mass(rt)) / M_host) / 3
    lo, hi = math.log(r_s * 1e-4), math.log(R_gc)
    if f(lo) * f(hi) > 0:
        raise ComputationError("Jacobi tidal radius not bracketed (subhalo heavier than the host inside R?)")
    r_t = math.exp(optimize.brentq(f, lo, hi, xtol=1e-12))
    return NFW(rho_s, r_s, min(r_t, r200))


@checked(M_sub="pos", conventions=SubhaloConventions, R_gc="pos")
def subhalo(M_sub: float, conventions: SubhaloConventions = SubhaloConventions(), R_gc: float | None = None) -> NFW:
    """The truncated NFW profile of a subhalo of mass M_sub [GeV] at galactocentric distance R_gc [GeV^-1].

    R_gc defaults to the Sun's distance (the seed's subhalo is 0.1 kpc from Earth). See the module doc
    for the conventions and their sources.
    """
    if not (M_sub > 0 and math.isfinite(M_sub)):
        raise InvalidInputError(f"M_sub={M_sub!r} must be positive and finite (GeV internal units; use constants.M_sun)")
    R = C.R_sun_GC if R_gc is None else float(R_gc)
    if conventions.mass == "M200":
        return _progenitor(M_sub, conventions, R)

    def g(ln_m):
        return math.log(_progenitor(math.exp(ln_m), conventions, R).bound_mass) - math.log(M_sub)
    lo, hi = math.log(M_sub), math.log(M_sub) + 12
    if g(hi) < 0:
        raise ComputationError(f"no progenitor up to {math.exp(hi) / C.M_sun:.3g} Msun keeps a bound mass of "
                               f"{M_sub / C.M_sun:.3g} Msun")
    return _progenitor(math.exp(optimize.brentq(g, lo, hi, xtol=1e-10)), conventions, R)


def milky_way_nfw() -> NFW:
    """Milky Way NFW: r_s = 20 kpc, rho(R_sun) = 0.4 GeV/cm^3 (PPPC 4 DM ID, arXiv:1012.4515; constants)."""
    x = C.R_sun_GC / C.r_s_MW_NFW
    return NFW(C.rho_DM_local * x * (1 + x) ** 2, C.r_s_MW_NFW)


@broadcasting('distance', 'theta')
@checked(halo=NFW, distance="pos", theta="pos", n_psi="int", n_l="int")
def j_factor_cone(halo: NFW, distance: float, theta: float, n_psi: int = 96, n_l: int = 96) -> float:
    """J = int_{cone of half-angle theta} dOmega int dl rho^2 [GeV^7 internal: (GeV^4)^2 x GeV^-1; per sr summed].

    The cone is centred on the halo centre at ``distance`` [GeV^-1] from the observer; theta in radians
    (up to pi: the whole sky). Convert with ``units.GeV**2 / units.cm**5`` for GeV^2 cm^-5. Quadrature: Gauss-Legendre in ln(psi) from 1e-8 rad and, along each line of
    sight, in panels split at the closest approach to the centre and at the truncation radius.
    """
    if not (distance > 0 and 0 < theta <= math.pi):
        raise InvalidInputError(f"j_factor_cone needs distance > 0 and 0 < theta <= pi, got {distance!r}, {theta!r}")
    r_max = halo.r_t if math.isfinite(halo.r_t) else 100 * halo.r_s + 10 * distance
    xg, wg = np.polynomial.legendre.leggauss(n_psi)
    psi_lo = 1e-8
    lp = math.log(psi_lo) + (math.log(theta) - math.log(psi_lo)) * (xg + 1) / 2
    psi = np.exp(lp)
    wpsi = wg * (math.log(theta) - math.log(psi_lo)) / 2 * psi          # d psi
    xl, wl = np.polynomial.legendre.leggauss(n_l)
    total = 0.0
    for p, wp in zip(psi, wpsi):
        b = distance * math.sin(p)                       # impact parameter
        if b >= r_max:
            continue
        l0 = distance * math.cos(p)
        half = math.sqrt(r_max ** 2 - b ** 2)
        lo, hi = max(0.0, l0 - half), l0 + half
        edges = sorted({lo, hi, *[e for e in (l0,) if lo < e < hi]})
        line = 0.0
        for a, c in zip(edges[:-1], edges[1:]):
            # geometric clustering towards the closest approach (the integrand peaks there)
            near_a = abs(a - l0) < abs(c - l0)
            t = (xl + 1) / 2
            u = t ** 3 if near_a else 1 - (1 - t) ** 3
            du = 3 * t ** 2 if near_a else 3 * (1 - t) ** 2
            ll = a + (c - a) * u
            r = np.sqrt(b ** 2 + (ll - l0) ** 2)
            line += float(np.sum(wl / 2 * du * (c - a) * halo.density(np.maximum(r, 1e-300)) ** 2))
        total += wp * 2 * math.pi * math.sin(p) * line
    if not math.isfinite(total):
        raise ComputationError("J-factor integral is not finite")
    return total
