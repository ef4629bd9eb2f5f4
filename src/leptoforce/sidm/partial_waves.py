"""Partial-wave scattering in a Yukawa potential: phase shifts from the radial Schrodinger equation.

Dimensionless variables (Tulin, Kaplinghat & Yu, arXiv:1302.3898, eqs. 6-8, generalised to any
reduced mass mu): with x = 2 alpha mu r, the radial equation for V(r) = -s alpha e^{-m_phi r}/r
(s = +1 attractive, -1 repulsive) becomes

    u'' + [a^2 - l(l+1)/x^2 + s e^{-x/b}/x] u = 0,   a = v/(2 alpha),   b = 2 alpha mu / m_phi,

v the relative velocity and k = mu v = 2 alpha mu a. Seed 001 eq. (23) defines the amplitude
f(theta) = (1/k) sum_l (2l+1) e^{i delta_l} sin(delta_l) P_l(cos theta) (its 2/(M1 v_rel) is 1/k
for mu = M1/2).

Method. With t = ln x and u = e^{t/2} w (Langer's substitution) the equation reads
w'' + g(t) w = 0, g = a^2 x^2 + s x e^{-x/b} - (l + 1/2)^2, which Numerov's method integrates on a
uniform t grid: the logarithmic grid resolves the Coulomb-like core and the centrifugal barrier
with the same number of points per e-fold. Each l starts where its irregular solution is
suppressed by e^{-50} relative to the regular one (or at x0 << min(1, b, 1/a) with the regular
series u = x^{l+1}(1 - s x/(2(l+1)))) and is integrated to x_max = L b, with L chosen so that the
potential beyond it shifts any phase by less than E1(L)/a < 1e-8 (L = 10-28). delta_l follows from matching u at two
points to the Riccati-Bessel functions, tan delta_l = (j_a - K j_b)/(n_a - K n_b), K = u_a/u_b.
The sum over l stops once 2 a b + 8 partial waves have been taken and the last block adds less than
rtol/100 of sum (2l+1) sin^2 delta_l (the total cross section, which converges more slowly than the
transfer one); the step is sidm_step / max sqrt|g| (settings). Both are checked by doubling
(tests).

Cross sections from the phase shifts (all returned as k^2 sigma, dimensionless):

- distinguishable particles: sigma_T = (4 pi/k^2) sum (l+1) sin^2(delta_{l+1} - delta_l) and
  sigma_V = (4 pi/k^2) sum (l+1)(l+2)/(2l+3) sin^2(delta_{l+2} - delta_l), with
  sigma_T = 2 pi int (1 - c) |f|^2 dc and sigma_V = 2 pi int (1 - c^2) |f|^2 dc;
- identical particles (seed 001 eq. 24, unpolarised spin-1/2; or spin-0): dsigma/dOmega =
  (1/2)[w_s |f(theta) + f(pi - theta)|^2 + w_a |f(theta) - f(pi - theta)|^2], (w_s, w_a) = (1/4, 3/4)
  for fermions and (1, 0) for scalars, and sigma_T = 4 pi int_0^1 dc (1 - c) dsigma/dOmega (eq. 25),
  sigma_V = 2 pi int_{-1}^1 dc (1 - c^2) dsigma/dOmega. f(theta) +- f(pi - theta) = 2 f_even/odd, so
  dsigma/dOmega = 2 (w_s |f_e|^2 + w_a |f_o|^2); the half-range integral is done by Gauss-Legendre
  quadrature with l_max + 2 nodes, exact for the polynomial integrand.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
from scipy import special

from .._jit import warn_if_slow
from ..errors import ComputationError, InvalidInputError
from ..settings import DEFAULT, Settings
from . import _kernels
from ..validate import array, checked
from ..model.statistics import SCATTERING, statistics_spec

__all__ = ["phase_shifts", "PhaseShifts", "cross_sections_from_phases", "STATISTICS", "spin_weights"]

#: Particle statistics understood by the cross-section functions.
STATISTICS = SCATTERING   # "distinguishable", "fermion", "boson" (alias "scalar"); model.statistics

_START_EFOLDS = 25.0      # irregular-solution suppression at the start: e^{-2*25}
_TAIL_PHASE = 1e8         # x_max = L b with E1(L)/a < 1/_TAIL_PHASE
_X0_REL = 1e-5            # x0 = 1e-5 min(1, b, 1/a)


@checked(statistics=statistics_spec(SCATTERING))
def spin_weights(statistics: str) -> tuple[float, float]:
    """(w_s, w_a): weights of the spatially symmetric/antisymmetric amplitudes (seed 001 eq. 24)."""
    if statistics == "fermion":
        return 0.25, 0.75
    if statistics == "boson":
        return 1.0, 0.0
    raise InvalidInputError(f"statistics={statistics!r} has no identical-particle weights; "
                            f"allowed: {', '.join(STATISTICS)}")


@dataclass(frozen=True)
class PhaseShifts:
    """Phase shifts delta_0..delta_lmax (radians, modulo pi) and how they were obtained."""

    delta: np.ndarray
    a: float
    b: float
    attractive: bool
    n_grid: int
    step: float
    l_wkb: int | None = None     #: first partial wave taken from the WKB phase (None: Numerov for all)

    @property
    def l_max(self) -> int:
        return self.delta.size - 1


def _check(a: float, b: float) -> None:
    for name, val in (("a", a), ("b", b)):
        if not (isinstance(val, (int, float, np.floating)) and math.isfinite(val) and val > 0):
            raise InvalidInputError(f"{name}={val!r} must be a positive finite number (a = v/(2 alpha), "
                                    "b = 2 alpha mu/m_phi)")


def _range_efolds(a: float) -> float:
    # the potential beyond x = L b shifts delta_l by at most E1(L)/a ~ e^-L/(a L): keep it below 1e-8
    q = math.log(_TAIL_PHASE / min(a, 1.0))
    return max(10.0, q - math.log(q))


def _grid(a: float, b: float, s: int, kappa_max: float, step: float):
    x_max = b * _range_efolds(a)
    x0 = _X0_REL * min(1.0, b, 1.0 / a)
    g_allowed = math.sqrt(a * a * x_max * x_max + b / math.e)
    g_forbidden = kappa_max + (math.sqrt(b / math.e) if s < 0 else 0.0)
    h = step / max(g_allowed, g_forbidden, 1.0)
    t0, t1 = math.log(x0), math.log(x_max)
    n = int(math.ceil((t1 - t0) / h)) + 1
    h = (t1 - t0) / (n - 1)
    return t0, h, n, x0


def _block(a: float, b: float, s: int, ells: np.ndarray, step: float):
    """Phase shifts for the integer array ``ells`` (one Numerov grid)."""
    kap = ells + 0.5
    t0, h, n, x0 = _grid(a, b, s, float(kap.max()), step)
    t = t0 + h * np.arange(n)
    x = np.exp(t)
    G0 = a * a * x * x + s * x * np.exp(-x / b)
    # matching points: ~0.5 rad apart in the free wave, or a factor e^0.5 in x
    x_max = x[-1]
    dt_match = min(0.5, 0.5 / (a * x_max))
    m = max(2, int(round(dt_match / h)))
    i_b = n - 1
    i_a = i_b - m
    # start of each l: x_c bounds the classical turning point from below (1/x >= e^{-x/b}/x)
    x_c = 2 * kap**2 / (1 + np.sqrt(1 + 4 * a * a * kap**2))
    x_s = np.maximum(x_c * np.exp(-_START_EFOLDS / kap), x0)
    starts = np.floor((np.log(x_s) - t0) / h).astype(np.int64)
    starts = np.clip(starts, 0, i_a - 2)
    c1 = np.where(starts == 0, -s / (2.0 * (ells + 1.0)), 0.0)
    za, zb = a * x[i_a], a * x[i_b]
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        ja = za * special.spherical_jn(ells, za)
        jb = zb * special.spherical_jn(ells, zb)
        na = za * special.spherical_yn(ells, za)
        nb = zb * special.spherical_yn(ells, zb)
        delta = np.zeros(ells.size)
        # the same integration without the potential gives Numerov's own phase error, which is
        # subtracted (it is common to both to first order)
        for sign, G in ((1.0, G0), (-1.0, a * a * x * x)):
            res = _kernels.numerov_block(G, h, t0, kap.astype(float), starts, c1 if sign > 0 else 0 * c1, i_a, i_b)
            K = res[:, 0] / res[:, 1] * np.exp(res[:, 2] + 0.5 * (t[i_a] - t[i_b]))
            delta += sign * np.arctan((ja - K * jb) / (na - K * nb))
        delta = (delta + 0.5 * np.pi) % np.pi - 0.5 * np.pi
    bad = ~np.isfinite(delta)
    if np.any(bad):
        # deep under the barrier at the matching point the free functions over/underflow; the
        # phase shift there is ~ (z/l)^(2l+1) and zero to double precision
        deep = bad & (ells > 2.0 * zb + 20)
        delta = np.where(deep, 0.0, delta)
        if np.any(bad & ~deep):
            raise ComputationError(f"partial waves: non-finite phase shift at a={a:g}, b={b:g} for "
                                   f"l = {ells[bad & ~deep][:5].tolist()}")
    return delta, n, h


_WKB_NODES = 256          # Gauss-Legendre nodes of the WKB phase integral (checked against half as many)
_WKB_OVERLAP = 8          # partial waves below l_wkb computed both ways to validate the switch


def _wkb_block(a: float, b: float, s: int, ells: np.ndarray) -> np.ndarray:
    """Semi-classical (WKB, Langer-corrected) phase shifts for the integer array ``ells`` (radians, mod pi).

    With kappa = l + 1/2 and p(x)^2 = a^2 + s e^{-x/b}/x - kappa^2/x^2 (the variables of the module doc), the phase
    relative to the free wave is delta = int_{x0}^{X} p dx - sqrt(a^2 X^2 - kappa^2) + kappa arccos(kappa/(a X)),
    x0 the outermost turning point and X beyond both kappa/a and the potential's range (the free part of the
    integral beyond X taken in closed form). The integral is Gauss-Legendre in t with x = x0 + (X - x0) t^2, which
    removes the square-root end point. Raises ComputationError where the quadrature is not converged or a second
    turning point (a barrier: WKB does not apply) lies beyond x0.
    """
    kap = ells.astype(float) + 0.5
    eff = _range_efolds(a)

    def g(x):
        return a * a * x * x + s * x * np.exp(-x / b) - kap * kap
    hi = kap / a + (b + 1.0 / (a * a) if s < 0 else 0.0)
    for _ in range(200):
        low = g(hi) <= 0
        if not low.any():
            break
        hi = np.where(low, 2 * hi, hi)
    lo = np.zeros_like(hi)
    for _ in range(100):                    # bisection to double precision on [0, hi] (g(0) < 0 < g(hi))
        mid = 0.5 * (lo + hi)
        pos = g(mid) > 0
        hi = np.where(pos, mid, hi)
        lo = np.where(pos, lo, mid)
    x0 = hi
    X = np.maximum(kap / a, x0) + b * eff
    span = (X - x0)[:, None]

    def integral(n):
        tg, wg = _gauss_legendre(n)
        t = 0.5 * (tg + 1.0)
        xx = x0[:, None] + span * t * t
        p2 = a * a + s * np.exp(-xx / b) / xx - (kap[:, None] / xx) ** 2
        if np.any(p2 < -1e-12 * a * a):
            bad = ells[np.any(p2 < -1e-12 * a * a, axis=1)]
            raise ComputationError(f"WKB phase shifts: a second turning point (a barrier) for l = {bad[:5].tolist()} "
                                   f"at a={a:g}, b={b:g}")
        return np.sum(0.5 * wg * np.sqrt(np.maximum(p2, 0.0)) * 2 * span * t, axis=1)
    full, half = integral(_WKB_NODES), integral(_WKB_NODES // 2)
    if np.max(np.abs(full - half)) > 1e-7:
        raise ComputationError(f"WKB phase integral not converged at a={a:g}, b={b:g} "
                               f"(change {np.max(np.abs(full - half)):.2g} rad with half the nodes)")
    delta = full - np.sqrt(a * a * X * X - kap * kap) + kap * np.arccos(kap / (a * X))
    return (delta + 0.5 * np.pi) % np.pi - 0.5 * np.pi


@lru_cache(maxsize=64)
def _gauss_legendre(n: int):
    """Gauss-Legendre nodes and weights on [-1, 1] (scipy's roots: O(n), not an n x n eigenproblem); read-only."""
    x, w = special.roots_legendre(n)
    x.flags.writeable = False
    w.flags.writeable = False
    return x, w


def _wkb_start(a: float, b: float, s: int, l_min: int, settings: Settings):
    """(l_low, Numerov phases of l < l_low, grid size, step, whether WKB takes over at l_low).

    The switch is tried when the sum needs more than ``settings.sidm_wkb_l`` partial waves; it is validated on the
    last partial waves below it, which must agree with Numerov to 0.1 sidm_rtol rad (else it moves up by the
    same number of waves). Where it never validates below l_min the Numerov phases computed so far are kept."""
    lc = settings.sidm_wkb_l
    parts, n_used, h_used, lo = [], 0, 0.0, 0
    while lc < l_min:
        d, n, h = _block(a, b, s, np.arange(lo, lc), settings.sidm_step)
        parts.append(d)
        n_used, h_used = max(n_used, n), h if lo == 0 else min(h_used, h)
        lo = lc
        try:
            dw = _wkb_block(a, b, s, np.arange(lc - _WKB_OVERLAP, lc))
        except ComputationError:
            break
        diff = np.abs((dw - d[-_WKB_OVERLAP:] + 0.5 * np.pi) % np.pi - 0.5 * np.pi)
        if np.max(diff) <= 0.1 * settings.sidm_rtol:
            return lc, np.concatenate(parts), n_used, h_used, True
        lc += settings.sidm_wkb_l
    return lo, (np.concatenate(parts) if parts else np.empty(0)), n_used, h_used, False


@checked(a="pos", b="pos", attractive="bool", settings=Settings)
def phase_shifts(a: float, b: float, attractive: bool = True, settings: Settings = DEFAULT,
                 l_max: int | None = None, step: float | None = None) -> PhaseShifts:
    """Yukawa phase shifts delta_l (radians, mod pi) in the variables of Tulin, Kaplinghat & Yu.

    Parameters
    ----------
    a : float
        v/(2 alpha), v the relative velocity (units of c), alpha = coupling^2/(4 pi).
    b : float
        2 alpha mu/m_phi (= alpha m_chi/m_phi for equal masses), mu the reduced mass.
    attractive : bool
        Sign of the potential V = -/+ alpha e^{-m_phi r}/r.
    l_max : int, optional
        Fix the number of partial waves instead of the adaptive choice.
    step : float, optional
        Numerov step coefficient (default ``settings.sidm_step``).

    Source: radial Schrodinger equation of seed 001 eq. (23) (its Ref. 55, Tulin-Kaplinghat-Yu
    arXiv:1302.3898); method described in the module docstring.

    Raises
    ------
    ComputationError
        If the sum has not converged by ``settings.sidm_l_cap`` partial waves.
    """
    _check(a, b)
    warn_if_slow("the partial-wave solver")
    s = 1 if attractive else -1
    step = settings.sidm_step if step is None else float(step)
    if l_max is not None:
        if int(l_max) != l_max or l_max < 0:
            raise InvalidInputError(f"l_max={l_max!r} must be a non-negative integer")
        ells = np.arange(int(l_max) + 1)
        d, n, h = _block(a, b, s, ells, step)
        return PhaseShifts(d, a, b, attractive, n, h)
    ab = a * b
    l_min = int(2 * ab) + 8
    block = max(16, l_min // 2)
    deltas: list[np.ndarray] = []
    lo = 0
    total = 0.0
    n_used, h_used = 0, 0.0
    # many partial waves (the semi-classical regime): Numerov below l_wkb, WKB above (validated where they meet)
    l_wkb = None
    if l_min > settings.sidm_wkb_l:
        lo, d, n_used, h_used, switched = _wkb_start(a, b, s, l_min, replace(settings, sidm_step=step))
        if lo:
            deltas.append(d)
            total = float(np.sum((2 * np.arange(lo) + 1) * np.sin(d) ** 2))
        l_wkb = lo if switched else None
    while True:
        hi = lo + (l_min if lo == 0 else block)
        if hi > settings.sidm_l_cap:
            raise ComputationError(
                f"partial waves: no convergence by l = {settings.sidm_l_cap} (settings.sidm_l_cap) at "
                f"a={a:g}, b={b:g}; this is the classical regime: use method='classical' or raise the cap")
        ells = np.arange(lo, hi)
        if l_wkb is not None:
            d = _wkb_block(a, b, s, ells)
        else:
            d, n, h = _block(a, b, s, ells, step)
            n_used, h_used = max(n_used, n), h if lo == 0 else min(h_used, h)
        deltas.append(d)
        added = float(np.sum((2 * ells + 1) * np.sin(d) ** 2))
        total += added
        lo = hi
        if lo >= l_min and added <= 0.01 * settings.sidm_rtol * total:
            break
        block = max(16, lo // 2)
    return PhaseShifts(np.concatenate(deltas), a, b, attractive, n_used, h_used, l_wkb)


@checked(delta=lambda n, v: array(n, v, ndim=1), statistics=statistics_spec(SCATTERING))
def cross_sections_from_phases(delta: np.ndarray, statistics: str = "distinguishable") -> tuple[float, float]:
    """(k^2 sigma_T, k^2 sigma_V), dimensionless, from phase shifts delta_0..delta_L.

    Distinguishable particles use the closed sums; identical particles the angular integrals of
    seed 001 eqs. (24)-(25) (module docstring). Multiply by 1/k^2 [GeV^-2] for the cross sections.
    """
    d = np.asarray(delta, float)
    if d.ndim != 1 or d.size < 1 or np.any(~np.isfinite(d)):
        raise InvalidInputError("delta must be a non-empty 1-d array of finite phase shifts")
    if statistics == "distinguishable":
        dp = np.concatenate([d, [0.0, 0.0]])
        ell = np.arange(d.size + 1, dtype=float)
        sT = 4 * math.pi * float(np.sum((ell + 1) * np.sin(dp[1:] - dp[:-1]) ** 2))
        ell2 = np.arange(d.size, dtype=float)
        sV = 4 * math.pi * float(np.sum((ell2 + 1) * (ell2 + 2) / (2 * ell2 + 3) * np.sin(dp[2:] - dp[:-2]) ** 2))
        return sT, sV
    ws, wa = spin_weights(statistics)
    ell = np.arange(d.size, dtype=float)
    coef = (2 * ell + 1) * np.exp(1j * d) * np.sin(d)
    n_nodes = d.size + 2
    c, wq = _gauss_legendre(n_nodes)
    # half range [0, 1] for sigma_T; the sigma_V integrand is even, so [0, 1] doubled
    c = 0.5 * (c + 1.0)
    wq = 0.5 * wq
    parts = _kernels.legendre_amplitudes(c, np.ascontiguousarray(coef.real), np.ascontiguousarray(coef.imag))
    fe2 = parts[0] ** 2 + parts[1] ** 2
    fo2 = parts[2] ** 2 + parts[3] ** 2
    dsig = 2.0 * (ws * fe2 + wa * fo2)        # k^2 dsigma/dOmega
    sT = 4 * math.pi * float(np.sum(wq * (1 - c) * dsig))
    sV = 4 * math.pi * float(np.sum(wq * (1 - c * c) * dsig))
    return sT, sV
