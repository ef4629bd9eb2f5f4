"""A computed bound for any charges from the XENONnT SR0 electron recoils: solar neutrinos scattering on electrons
through a Z' (SM-Z' interference per flavour), registered in :mod:`leptoforce.bound_registry`.

Data and response: XENON (E. Aprile et al.), Phys. Rev. Lett. 129 (2022) 161805, arXiv:2207.11330 -- the SR0
events in 29 one-keV bins (1-30 keV), the collaboration's efficiency and its best-fit background B0, which
contains the Standard-Model solar-neutrino recoils (:mod:`leptoforce.experiments.xenon1t`,
``detector="XENONnT"``; the energy resolution is XENON1T's, not published for XENONnT). Signal: the change of
the solar nu-e recoil rate, SM + Z' minus SM, for the charges and mass of the Z' (:mod:`leptoforce.astro.
solar_recoil`, which includes the one-loop kinetic mixing, so L_mu - L_tau is constrained through it).

Statistic: at fixed mass, chi^2(g) (Gaussian bins, as seed 003) relative to its minimum over g >= 0; g is
excluded where Delta chi^2 > 2.71 (90% CL for one parameter, the convention of the XENONnT paper). The same
statistic gives the ``--inputs current`` upper limit of ``reproduce xenon1t-leptonic`` (its Scenario 1), which
the tests check. Masses in GeV, couplings dimensionless.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..bound_registry import ComputedBound, register_bound
from ..model.zprime import ZPrime
from ..numerics import excluded_intervals
from ..settings import DEFAULT
from ..model.charges import charges_arg
from ..validate import checked

__all__ = ["xenonnt_delta_chi2", "xenonnt_bound", "XenonntBound", "DCHI2_90", "G_FLOOR", "G_CEILING"]

#: Delta chi^2 of a 90% CL upper limit on one parameter
DCHI2_90 = 2.71
#: search range of the coupling (the criterion must be negative at the floor)
G_FLOOR, G_CEILING = 1e-10, 1.0
_N_GRID = 61


@lru_cache(maxsize=1)
def _setup():
    from ..astro.solar_recoil import SolarNuRecoil
    from .xenon1t import Response, XenonLikelihood
    return SolarNuRecoil(), Response(detector="XENONnT"), XenonLikelihood(detector="XENONnT")


def _chi2(charges, mass: float, g) -> np.ndarray:
    """chi^2 of the SR0 bins for couplings ``g`` (an array: one vectorised spectrum, fold and chi^2)."""
    rec, resp, lik = _setup()
    g = np.atleast_1d(np.asarray(g, float))
    return np.atleast_1d(lik.chi2(resp.fold(rec.spectrum(charges, mass, g))))


def _search_grid() -> np.ndarray:
    """log10 g of the search grid, exactly as :func:`leptoforce.numerics.excluded_intervals` lays it out."""
    return np.linspace(math.log10(G_FLOOR), math.log10(G_CEILING), _N_GRID)


@checked(charges=charges_arg, mass="pos")
def xenonnt_delta_chi2(charges, mass: float):
    """c(log10 g) = chi^2(g) - chi^2_min - 2.71 at Z' ``mass`` [GeV] (> 0: excluded at 90% CL; module doc).

    chi^2_min is the minimum over g = 0 and the search grid; those chi^2 values are computed once, in one
    vectorised call, and reused when the root search visits the grid."""
    lg_grid = _search_grid()
    chi = _chi2(charges, mass, np.concatenate([[0.0], 10.0 ** lg_grid]))
    ref = float(np.min(chi))
    known = dict(zip(lg_grid.tolist(), chi[1:].tolist()))

    def crit(lg: float) -> float:
        v = known.get(lg)
        return (v if v is not None else float(_chi2(charges, mass, 10.0 ** lg)[0])) - ref - DCHI2_90
    return crit


@dataclass(frozen=True)
class XenonntBound:
    """The XENONnT nu-e bound at one mass: ``mass`` [GeV], ``g_max`` (lowest excluded coupling; inf: none below
    g = 1) and the ``excluded`` intervals of g ((g_lo, g_hi) pairs, g_hi = inf for an open interval)."""

    mass: float
    g_max: float
    excluded: tuple


@checked(charges=charges_arg, mass="pos")
def xenonnt_bound(charges, mass: float) -> XenonntBound:
    """The couplings excluded at 90% CL at Z' ``mass`` [GeV] (module doc), as :class:`XenonntBound`."""
    crit = xenonnt_delta_chi2(charges, mass)
    iv = tuple(excluded_intervals(crit, G_FLOOR, G_CEILING, _N_GRID, DEFAULT.bound_xtol, "XENONnT nu-e bound"))
    return XenonntBound(float(mass), iv[0][0] if iv else math.inf, iv)


def _applies(ch, mass) -> bool:
    """Charges with a neutrino and an electron coupling (the electron one may be the loop mixing), as Borexino."""
    if ch.nu_matrix is None and not any(ch.L) and not any(ch.e) and not any(ch.Q):
        return False                          # the minimal dark photon: no neutrino coupling
    zp = ZPrime(mass, 1.0, ch)
    return bool(np.any(np.diag(zp.neutrino_couplings()) != 0)) and zp.couplings("e", 0.0)[0] != 0


def _perturbative(intervals) -> tuple:
    return tuple((lo, hi) for lo, hi in intervals if lo <= 4 * math.pi)


register_bound(ComputedBound(
    "XENONnT nu-e (computed)", "XENONnT",
    "XENON, PRL 129 (2022) 161805 (SR0 electron recoils, B0, efficiency); solar nu-e recoils with the Z'",
    _applies, lambda ch, m: _perturbative(xenonnt_bound(ch, m).excluded),
    lambda ch, m: (lambda g, c=xenonnt_delta_chi2(ch, m): c(math.log10(g)))))
