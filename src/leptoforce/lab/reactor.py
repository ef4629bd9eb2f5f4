"""Reactor anti-nu_e - electron scattering: the TEXONO cross-section measurement as a Z' bound.

TEXONO (Deniz et al., PRD 81 (2010) 072001, arXiv:0911.1597) measured the anti-nu_e e -> anti-nu_e e
cross section at the Kuo-Sheng reactor with a CsI(Tl) array, for electron recoils 3 MeV < T < 8 MeV:

    xi = sigma_exp/sigma_SM = 1.08 +- 0.21 (stat) +- 0.16 (sys).

A Z' that couples to nu_e and to the electron changes the recoil spectrum (:func:`leptoforce.lab.nue.dsigma_dT`
with ``antineutrino=True``: SM, interference and pure Z' terms, any charges, kinetic mixing included).
The prediction is the flux-weighted ratio

    xi(g, m) = int dE phi(E) int_{3 MeV}^{min(8 MeV, T_max(E))} dT dsigma/dT(SM + Z')  /  (the same, SM),

with phi the reactor spectrum per fission of Mueller et al. 2011 (packaged table ``reactor/
mueller2011_spectra.csv``, valid 2-8 MeV). A recoil T > 3 MeV needs E > 3.26 MeV, so only the fitted
range enters; the spectrum above 8 MeV (not covered by the fit) is left out of numerator and
denominator alike. The absolute flux cancels in xi, and so does most of the spectral shape: a pure
235U, 238U or 239Pu fuel moves g_max by at most 1.5% (tested), so the default mid-cycle mix
:data:`FISSION_FRACTIONS` is illustrative, not a Kuo-Sheng value.

A coupling is excluded at 90% CL (Delta chi^2 = 2.71 for one parameter, chi^2 = ((xi - 1.08)/0.264)^2,
stat and sys errors in quadrature, minimum 0) when |xi(g) - 1.08| > 1.645 x 0.264. This is a
rate-only recast of the published ratio, not the collaboration's spectral fit; Bilmis et al.
(PRD 92 (2015) 033009, arXiv:1502.07763) did the spectral version for dark photons and B - L.

Units: energies in GeV (internal); spectra per fission per GeV.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import stats

from .. import inputs
from .. import constants as C
from .. import units
from ..data import load_table
from ..errors import ComputationError, InvalidInputError, OutOfDomainError
from ..model.charges import charges_arg
from ..model.zprime import ZPrime
from ..numerics import excluded_intervals, readonly
from ..settings import DEFAULT
from . import nue
from ..validate import checked

__all__ = ["ISOTOPES", "FISSION_FRACTIONS", "TEXONO", "TEXONO_ROOM", "reactor_spectrum", "texono_ratio", "texono_bound",
           "TexonoBound"]

#: (Z, A) of the isotopes in the Mueller et al. 2011 table.
ISOTOPES = {"U235": (92, 235), "U238": (92, 238), "Pu239": (94, 239), "Pu241": (94, 241)}
#: Illustrative mid-cycle fission fractions of a light-water reactor (the bound does not depend on them
#: at the per-cent level; see the module doc).
FISSION_FRACTIONS = dict(zip(("U235", "U238", "Pu239", "Pu241"), inputs.value("reactor.fission_fractions")))
#: TEXONO CsI(Tl) measurement (Deniz et al., PRD 81 (2010) 072001): recoil window [GeV], xi and its
#: stat and sys errors.
TEXONO = {"T_min": inputs.value("texono.T_min"), "T_max": inputs.value("texono.T_max"),
          "xi": inputs.value("texono.xi"), "stat": inputs.get("texono.xi").error("stat"),
          "sys": inputs.get("texono.xi").error("sys")}

_CL90_ONE_SIDED = math.sqrt(stats.chi2.ppf(0.90, 1))      # Delta chi^2 = 2.706 for 90% CL, one parameter
#: Largest allowed |xi - 1.08| at 90% CL (stat and sys in quadrature).
TEXONO_ROOM = _CL90_ONE_SIDED * math.hypot(TEXONO["stat"], TEXONO["sys"])


@lru_cache(maxsize=1)
def _coefficients() -> dict[str, tuple[np.ndarray, float, float]]:
    tab = load_table("reactor", "mueller2011_spectra.csv")
    out = {}
    for name, (Z, A) in ISOTOPES.items():
        row = tab[(tab[:, 0] == Z) & (tab[:, 1] == A)][0]
        out[name] = (row[2:8], row[8] * units.MeV, row[9] * units.MeV)
    return readonly(out)


def _check_fractions(fractions: dict[str, float]) -> dict[str, float]:
    unknown = set(fractions) - set(ISOTOPES)
    if unknown:
        raise InvalidInputError(f"fractions has unknown isotopes {sorted(unknown)}; allowed: {', '.join(ISOTOPES)}")
    if any(not (math.isfinite(f) and f >= 0) for f in fractions.values()) or sum(fractions.values()) <= 0:
        raise InvalidInputError(f"fractions={fractions!r} must be finite, >= 0 and not all zero")
    return dict(fractions)


@checked(E_nu="posarray", fractions=dict)
def reactor_spectrum(E_nu, fractions: dict[str, float] | None = None) -> np.ndarray:
    """Reactor anti-nu_e spectrum sum_i f_i S_i(E) [anti-nu_e per fission per GeV] at E_nu [GeV].

    S_i: Mueller et al., PRC 83 (2011) 054615, Table VI. Raises OutOfDomainError outside 2-8 MeV
    (the fit's range). ``fractions``: fission fractions by isotope name (default :data:`FISSION_FRACTIONS`).
    """
    E = np.asarray(E_nu, dtype=float)
    fr = _check_fractions(FISSION_FRACTIONS if fractions is None else fractions)
    coef = _coefficients()
    lo, hi = coef["U235"][1], coef["U235"][2]
    if not np.all(np.isfinite(E)) or np.any(E < lo * (1 - 1e-12)) or np.any(E > hi * (1 + 1e-12)):
        raise OutOfDomainError(f"E_nu={E_nu!r} GeV lies outside the Mueller et al. 2011 fit range "
                               f"[{lo:g}, {hi:g}] GeV")
    x = E / units.MeV
    total = np.zeros_like(x)
    for name, f in fr.items():
        a = coef[name][0]
        total = total + f * np.exp(np.polyval(a[::-1], x))
    return total / units.MeV


_GL_X, _GL_W = np.polynomial.legendre.leggauss(48)


def _e_nodes() -> tuple[np.ndarray, np.ndarray]:
    """Gauss-Legendre nodes in E from the threshold of T = T_min to the fit's upper end."""
    t = TEXONO["T_min"]
    e_lo = 0.5 * (t + math.sqrt(t * t + 2 * C.m_e * t))        # T_max(E) = T_min
    e_hi = _coefficients()["U235"][2]
    E = 0.5 * (e_hi - e_lo) * _GL_X + 0.5 * (e_hi + e_lo)
    return E, 0.5 * (e_hi - e_lo) * _GL_W


def _rate(zp: ZPrime | None, fractions: dict[str, float] | None) -> float:
    """Flux-weighted cross section in the TEXONO window [GeV^-2 per fission]."""
    E, w = _e_nodes()
    phi = reactor_spectrum(E, fractions)
    sig = np.array([nue._sigma_total(e, "e", zp, TEXONO["T_min"], TEXONO["T_max"], True, None)
                    for e in E])
    return float(np.sum(w * phi * sig))


@checked(zp=ZPrime, fractions=dict)
def texono_ratio(zp: ZPrime, fractions: dict[str, float] | None = None) -> float:
    """Predicted xi = sigma(SM + Z')/sigma(SM) for TEXONO (module doc; Deniz et al. 2010). Dimensionless."""
    if not isinstance(zp, ZPrime):
        raise InvalidInputError(f"zp must be a ZPrime, got {type(zp).__name__}")
    return _rate(zp, fractions) / _rate(None, fractions)


@dataclass(frozen=True)
class TexonoBound:
    """Result of :func:`texono_bound`: ``g_max`` (smallest excluded coupling, inf if none below the
    ceiling) and the excluded intervals."""

    mass: float
    g_max: float
    excluded: tuple[tuple[float, float], ...]


@checked(charges=charges_arg, mass="pos", fractions=dict, g_floor="pos", g_ceiling="pos")
def texono_bound(charges, mass: float, fractions: dict[str, float] | None = None, g_floor: float = 1e-9,
                 g_ceiling: float = 1.0, **zp_kwargs) -> TexonoBound:
    """Couplings excluded at 90% CL by the TEXONO ratio at Z' mass ``mass`` [GeV] (module doc).

    ``charges``: a preset name or ChargeAssignment (the Z' needs a nu_e and an electron coupling);
    ``zp_kwargs`` go to :class:`ZPrime`. Every Z' coupling (loop mixing included) is linear in g, so
    xi(g) = 1 + A g^2 + B g^4; its roots of |xi - 1.08| = 1.645 x 0.264 locate the interval ends, which
    are then solved on the direct evaluation. With a fixed kinetic mixing (``epsilon`` in ``zp_kwargs``)
    the polynomial does not hold and g is scanned instead.
    """
    if not (mass > 0 and math.isfinite(mass)):
        raise InvalidInputError(f"mass={mass!r} must be finite and > 0 (GeV internal units)")
    if not (0 < g_floor < g_ceiling <= 4 * math.pi):
        raise InvalidInputError(f"need 0 < g_floor < g_ceiling <= 4 pi, got {g_floor!r}, {g_ceiling!r}")
    sm = _rate(None, fractions)
    room = TEXONO_ROOM

    def xi(g):
        return _rate(ZPrime(mass, g, charges, **zp_kwargs), fractions) / sm

    def excess(lg):
        return abs(xi(10 ** lg) - TEXONO["xi"]) - room

    if "epsilon" in zp_kwargs:
        intervals = excluded_intervals(excess, g_floor, g_ceiling, 41, DEFAULT.bound_xtol, "TEXONO bound")
    else:
        intervals = _polynomial_intervals(xi, excess, room, g_floor, g_ceiling)
    return TexonoBound(mass, intervals[0][0] if intervals else math.inf, intervals)


def _polynomial_intervals(xi, excess, room: float, g_floor: float, g_ceiling: float):
    """Excluded g intervals for xi = 1 + A y + B y^2 (y = g^2). A and B come from xi at two couplings
    where the Z' is resolved; the roots of the quadratic are then polished by brentq on the direct
    evaluation (the g^4 term can be too small to fit where A is measured). If a root cannot be
    bracketed, g is scanned instead (:func:`leptoforce.numerics.excluded_intervals`)."""
    from scipy import optimize
    if excess(math.log10(g_floor)) > 0:
        raise ComputationError(f"TEXONO bound: the criterion is positive already at the search floor g = {g_floor:g}, "
                               "where the Z' is invisible: no bracketed bound")
    g1 = 1e-4
    d1 = xi(g1) - 1
    while abs(d1) <= 1e-3 and 6 * g1 <= 4 * math.pi:   # raise g1 until the Z' changes xi by ~1e-3 or more
        g1 *= 3
        d1 = xi(g1) - 1
    y1, y2 = g1 * g1, 4 * g1 * g1
    d2 = xi(2 * g1) - 1
    B = (d2 - 4 * d1) / (y2 * y2 - 4 * y1 * y1)
    A = (d1 - B * y1 * y1) / y1
    roots = []
    for c in (TEXONO["xi"] + room - 1, TEXONO["xi"] - room - 1):
        for y in np.roots([B, A, -c]) if B != 0 else ([c / A] if A != 0 else []):
            if not (np.isreal(y) and np.real(y) > 0):
                continue
            lg = 0.5 * math.log10(float(np.real(y)))
            top = math.log10(g_ceiling)
            if lg > top + 0.5:                  # beyond the search range: no bound below the ceiling from it
                continue
            for w in (0.05, 0.2, 0.5):
                a, b = lg - w, min(lg + w, top)
                if a < b and excess(a) * excess(b) < 0:
                    lg = optimize.brentq(excess, a, b, xtol=DEFAULT.bound_xtol)
                    break
            else:
                return excluded_intervals(excess, g_floor, g_ceiling, 41, DEFAULT.bound_xtol, "TEXONO bound")
            if g_floor < 10 ** lg < g_ceiling:
                roots.append(10 ** lg)
    edges = [g_floor] + sorted(roots) + [g_ceiling]
    intervals = []
    for lo, hi in zip(edges[:-1], edges[1:]):
        if excess(0.5 * (math.log10(lo) + math.log10(hi))) > 0:
            if intervals and intervals[-1][1] == lo:
                intervals[-1] = (intervals[-1][0], hi)
            else:
                intervals.append((lo, hi))
    if intervals and intervals[0][0] == g_floor:
        raise ComputationError("TEXONO bound: an excluded interval reaches down to the search floor: no bracketed bound")
    return tuple((lo, math.inf if hi == g_ceiling else hi) for lo, hi in intervals)
