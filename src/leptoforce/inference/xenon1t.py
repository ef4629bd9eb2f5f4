"""Fits of seed 003's two XENON1T scenarios: solar neutrinos through a Z' (Scenario 1) and CR-boosted DM (Scenario 2).

Every fit compares background (B0 by default) + signal to the SR1 data with the binned chi^2 of
:class:`leptoforce.experiments.xenon1t.XenonLikelihood`, after the detector response of
:class:`leptoforce.experiments.xenon1t.Response`.

* Scenario 1 (:func:`scan_scenario1`, :func:`fit_scenario1`): parameters (m_X, g) with g_e = g_nu = g for
  U(1)_{L_e - L_mu} (or L_e - L_tau); the signal is :class:`leptoforce.astro.solar_recoil.SolarNuRecoil`
  in mode 'excess' (pure + interference) or 'pure' (seed eq. 6).
* Scenario 2, constant cross section (:func:`fit_effective`): the rate is proportional to sigma^2, so for
  each m_DM the best sigma is the closed-form minimum of a quadratic.
* Scenario 2, vector mediator (:func:`scan_mediator`, :func:`fit_mediator`): the rate is proportional to
  g^8 (g = sqrt(g_e g_chi)), so one spectrum per (m_DM, m_X) serves every g: chi^2(g) = A - 2 B s + C s^2
  with s = g^8 (:meth:`XenonLikelihood.quadratic`), evaluated for a whole g axis at once.

Units: masses in GeV, cross sections in GeV^-2 (internal), rates in events/(t yr keV).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import optimize

from ..astro.crdm import BoostedDM
from ..errors import ComputationError, InvalidInputError
from ..experiments.xenon1t import Response, XenonLikelihood
from ..astro.solar_recoil import MODES, SolarNuRecoil
from ..model.charges import charges_arg
from ..validate import checked, integer, positive, sequence

__all__ = ["Scenario1Fit", "scan_scenario1", "fit_scenario1", "EffectiveFit", "fit_effective",
           "MediatorScan", "scan_mediator", "fit_mediator"]


def _range(name, value):
    """(low, high) with 0 < low < high."""
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__"):
        raise InvalidInputError(f"{name}={value!r} must be a pair (low, high)")
    lo, hi = sequence(name, list(value), length=2)
    lo, hi = positive(name, lo), positive(name, hi)
    if not lo < hi:
        raise InvalidInputError(f"{name}={value!r} must have low < high")
    return lo, hi


@dataclass(frozen=True)
class Scenario1Fit:
    """Best fit of Scenario 1: mass [GeV], coupling, chi^2, chi^2 of the background alone."""

    m_X: float
    g: float
    chi2: float
    chi2_bkg: float

    @property
    def delta_chi2(self) -> float:
        return self.chi2_bkg - self.chi2


@checked(recoil=SolarNuRecoil, response=Response, lik=XenonLikelihood, charges=charges_arg, m_X="posarray", g="couplingarray", mode=MODES, chunk="int")
def scan_scenario1(recoil: SolarNuRecoil, response: Response, lik: XenonLikelihood, charges, m_X, g,
                   mode: str = "excess", chunk: int = 2000) -> np.ndarray:
    """chi^2 on the outer grid m_X x g (arrays [GeV] and dimensionless), shape (len(m_X), len(g))."""
    m_X, g = np.atleast_1d(m_X), np.atleast_1d(g)
    M, G = np.meshgrid(m_X, g, indexing="ij")
    flat_m, flat_g = M.ravel(), G.ravel()
    out = np.empty(flat_m.size)
    for a in range(0, flat_m.size, chunk):
        s = recoil.spectrum(charges, flat_m[a:a + chunk], flat_g[a:a + chunk], mode=mode)
        out[a:a + chunk] = lik.chi2(response.fold(s))
    if not np.all(np.isfinite(out)):
        raise ComputationError("scan_scenario1: non-finite chi^2 (check the grid)")
    return out.reshape(M.shape)


@checked(recoil=SolarNuRecoil, response=Response, lik=XenonLikelihood, charges=charges_arg, mode=MODES, m_range=_range, g_range=_range, n=lambda n, v: integer(n, v, minimum=3))
def fit_scenario1(recoil: SolarNuRecoil, response: Response, lik: XenonLikelihood, charges="Le-Lmu",
                  mode: str = "excess", m_range=(1e-6, 1e-2), g_range=(1e-8, 1e-5), n: int = 41) -> Scenario1Fit:
    """Grid over (log m_X, log g) then Nelder-Mead from the grid minimum (ranges in GeV; module doc)."""
    ms = np.geomspace(*m_range, n)
    gs = np.geomspace(*g_range, n)
    chi = scan_scenario1(recoil, response, lik, charges, ms, gs, mode)
    i, j = np.unravel_index(np.argmin(chi), chi.shape)

    def f(p):
        return float(lik.chi2(response.fold(recoil.spectrum(charges, 10 ** p[0], 10 ** p[1], mode=mode))))
    r = optimize.minimize(f, [math.log10(ms[i]), math.log10(gs[j])], method="Nelder-Mead",
                          options={"xatol": 1e-4, "fatol": 1e-6})
    best = (r.x, r.fun) if r.fun <= chi[i, j] else ((math.log10(ms[i]), math.log10(gs[j])), chi[i, j])
    return Scenario1Fit(10 ** best[0][0], 10 ** best[0][1], float(best[1]), float(lik.chi2()))


@dataclass(frozen=True)
class EffectiveFit:
    """Scenario 2 (constant sigma): best m_DM [GeV], sigma [GeV^-2], chi^2; and the m_DM profile."""

    m_chi: float
    sigma: float
    chi2: float
    chi2_bkg: float
    m_grid: np.ndarray
    sigma_grid: np.ndarray
    chi2_grid: np.ndarray


def _effective_shape(boosted: BoostedDM, response: Response, m):
    return response.fold(boosted.recoil_spectrum(m, sigma=1.0))


@checked(boosted=BoostedDM, response=Response, lik=XenonLikelihood, m_range=_range, n=lambda n, v: integer(n, v, minimum=3))
def fit_effective(boosted: BoostedDM, response: Response, lik: XenonLikelihood,
                  m_range=(1e-8, 1e-1), n: int = 61) -> EffectiveFit:
    """Profile chi^2 over m_DM (sigma^2 fitted in closed form), refined by a bounded 1-D minimisation."""
    ms = np.geomspace(*m_range, n)
    shapes = np.array([_effective_shape(boosted, response, m) for m in ms])
    s, chi = lik.best_scale(shapes)
    k = int(np.argmin(chi))
    lo, hi = math.log10(ms[max(k - 1, 0)]), math.log10(ms[min(k + 1, n - 1)])

    def f(lm):
        return float(lik.best_scale(_effective_shape(boosted, response, 10 ** lm))[1])
    r = optimize.minimize_scalar(f, bounds=(lo, hi), method="bounded", options={"xatol": 1e-4})
    m_best = 10 ** r.x if r.fun <= chi[k] else ms[k]
    sb, cb = lik.best_scale(_effective_shape(boosted, response, m_best))
    return EffectiveFit(float(m_best), float(math.sqrt(sb)), float(cb), float(lik.chi2()), ms, np.sqrt(s), chi)


@dataclass(frozen=True)
class MediatorScan:
    """chi^2 cube over (m_DM, m_X, g) [GeV, GeV, dimensionless] and the per-(m_DM, m_X) profile in g."""

    m_chi: np.ndarray
    m_X: np.ndarray
    g: np.ndarray
    chi2: np.ndarray              # (n_m, n_X, n_g)
    g_best: np.ndarray            # (n_m, n_X)
    chi2_profile: np.ndarray      # (n_m, n_X)
    chi2_bkg: float

    @property
    def n_points(self) -> int:
        return self.chi2.size


def _mediator_shapes(boosted, response, m_chi, m_X):
    return np.array([[response.fold(boosted.recoil_spectrum(m, x, g=1.0)) for x in m_X] for m in m_chi])


@checked(boosted=BoostedDM, response=Response, lik=XenonLikelihood, m_chi="posarray", m_X="posarray", g="couplingarray")
def scan_mediator(boosted: BoostedDM, response: Response, lik: XenonLikelihood, m_chi, m_X, g) -> MediatorScan:
    """The full 3-parameter chi^2 grid of seed 003 Fig. 5 (module doc)."""
    m_chi, m_X, g = (np.atleast_1d(a) for a in (m_chi, m_X, g))
    for name, a in (("m_chi", m_chi), ("m_X", m_X), ("g", g)):
        if a.ndim != 1:
            raise InvalidInputError(f"{name} must be a 1-d array (one axis of the scan)")
    if np.any(g <= 0):
        raise InvalidInputError("g must be > 0")
    shapes = _mediator_shapes(boosted, response, m_chi, m_X)        # (n_m, n_X, bins)
    A, B, Cq = lik.quadratic(shapes)
    s = g ** 8
    cube = A - 2 * B[..., None] * s + Cq[..., None] * s * s
    sb, prof = lik.best_scale(shapes)
    return MediatorScan(m_chi, m_X, g, cube, sb ** 0.125, prof, float(lik.chi2()))


@checked(boosted=BoostedDM, response=Response, lik=XenonLikelihood, scan=MediatorScan)
def fit_mediator(boosted: BoostedDM, response: Response, lik: XenonLikelihood, scan: MediatorScan) -> tuple[float, float, float, float]:
    """(m_DM, m_X, g, chi^2) at the minimum: the scan's profile minimum refined by Nelder-Mead in (log m_DM, log m_X)."""
    i, j = np.unravel_index(np.argmin(scan.chi2_profile), scan.chi2_profile.shape)

    def prof(p):
        return lik.best_scale(response.fold(boosted.recoil_spectrum(10 ** p[0], 10 ** p[1], g=1.0)))
    r = optimize.minimize(lambda p: float(prof(p)[1]), [math.log10(scan.m_chi[i]), math.log10(scan.m_X[j])],
                          method="Nelder-Mead", options={"xatol": 1e-3, "fatol": 1e-5})
    x = r.x if r.fun <= scan.chi2_profile[i, j] else (math.log10(scan.m_chi[i]), math.log10(scan.m_X[j]))
    s, c = prof(x)
    return 10 ** x[0], 10 ** x[1], float(s) ** 0.125, float(c)
