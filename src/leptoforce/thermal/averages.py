"""Thermal averages <sigma v>(T) from any cross section sigma(s), Gondolo-Gelmini single integral.

For two particles of equal mass m in Maxwell-Boltzmann equilibrium (Gondolo & Gelmini,
Nucl. Phys. B360 (1991) 145, eq. 3.8):

    <sigma v_Mol> = 1/(8 m^4 T K2(x)^2) int_{4m^2}^inf sigma(s) (s - 4m^2) sqrt(s) K1(sqrt(s)/T) ds,  x = m/T.

With s = 4m^2 (1 + eps) this is

    <sigma v> = 4x int_0^inf sigma(eps) eps sqrt(1+eps) K1(2x sqrt(1+eps)) / K2(x)^2 d eps,

evaluated with exponentially scaled Bessel functions (no overflow at large x) by adaptive
quadrature. Narrow s-channel resonances are *sampled*: the integration range is split at the
resonance position and at +-1, +-10, +-100 widths around it, so the quadrature cannot step over a
peak narrower than its first panel (the DAMPE model sits at m_Z' ~ 2 m_psi).

Units: sigma(s) takes s in GeV^2 and returns a cross section in GeV^-2; <sigma v> in GeV^-2
(multiply by units to read cm^3/s: ``sv / (units.cm**3 / units.s)``).
"""
from __future__ import annotations

import math
import warnings
from functools import lru_cache
from typing import Callable, Sequence

import numpy as np
from scipy import integrate, special

from ..errors import ComputationError, InvalidInputError
from ..validate import broadcasting, checked, in_range, instance, positive, sequence
from ..numerics import readonly

__all__ = ["sigma_v_thermal", "sigma_v_thermal_nodes", "node_tables", "Resonance"]


#: Relative tolerances accepted by the adaptive quadratures (below 1e-13 they cannot converge in double precision).
def _RTOL(name, value):
    return in_range(name, value, 1e-13, 0.1, why="an adaptive quadrature cannot converge below 1e-13")


def _resonances(name, value):
    return tuple(instance(name, r, Resonance) for r in sequence(name, value))


class Resonance(tuple):
    """(mass, width) of an s-channel resonance [GeV], used to place integration break points."""

    def __new__(cls, mass: float, width: float):
        return super().__new__(cls, (positive("mass", mass), positive("width", width)))


def _breakpoints(m: float, x: float, resonances: Sequence[Resonance], eps_max: float) -> list[float]:
    pts = set()
    for M, G in resonances:
        for k in (0.0, 1.0, 10.0, 100.0):
            for sgn in (-1.0, 1.0):
                s = M * M + sgn * k * M * G
                eps = s / (4 * m * m) - 1.0
                if 0.0 < eps < eps_max:
                    pts.add(eps)
    # the Boltzmann tail: most of the weight lies at eps <~ few / x
    for e in (1.0 / x, 5.0 / x, 25.0 / x):
        if 0.0 < e < eps_max:
            pts.add(e)
    return sorted(pts)


@checked(a="real", b="real", rtol=_RTOL)
def piecewise_quad(f, a: float, b: float, points=(), rtol: float = 1e-7) -> tuple[float, float]:
    """Adaptive quadrature of f on [a, b] split at ``points`` (those inside): (value, summed error estimate)."""
    edges = [a, *sorted(p for p in points if a < p < b), b]
    tot = err = 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", integrate.IntegrationWarning)
        for lo, hi in zip(edges[:-1], edges[1:]):
            v, e = integrate.quad(f, lo, hi, epsabs=0.0, epsrel=rtol, limit=200)
            tot += v
            err += e
    return tot, err


@broadcasting('m', 'T')
@checked(m="pos", T="pos", resonances=lambda n, v: _resonances(n, v), rtol=_RTOL)
def sigma_v_thermal(sigma: Callable[[float], float], m: float, T: float,
                    resonances: Sequence[Resonance] = (), rtol: float = 1e-6) -> float:
    """Gondolo-Gelmini <sigma v> [GeV^-2] at temperature T for a pair of mass m (see module doc).

    Parameters
    ----------
    sigma : callable
        sigma(s) [GeV^-2] for s [GeV^2] >= 4 m^2 (the total cross section of the pair).
    m, T : float
        Mass and temperature [GeV].
    resonances : sequence of Resonance
        s-channel resonances to sample (mass, width in GeV).
    rtol : float
        Relative tolerance of the quadrature.
    """
    if not (m > 0 and T > 0):
        raise InvalidInputError(f"sigma_v_thermal needs m > 0 and T > 0, got m={m!r}, T={T!r}")
    x = m / T
    # weight ~ exp(-2x (sqrt(1+eps) - 1)) ~ exp(-x eps): negligible beyond eps = (60/x)(1 + 60/(4x))
    eps_max = 60.0 / x * (1 + 15.0 / x) + 60.0 / x
    norm = 4 * x / special.kve(2, x) ** 2

    def f(eps):
        z = 2 * x * math.sqrt(1 + eps)
        w = special.kve(1, z) * math.exp(-(z - 2 * x))
        if w == 0.0:
            return 0.0
        return sigma(4 * m * m * (1 + eps)) * eps * math.sqrt(1 + eps) * w

    total, err = piecewise_quad(f, 0.0, eps_max, _breakpoints(m, x, resonances, eps_max), rtol)
    val = norm * total
    if not math.isfinite(val) or val < 0 or err > 100 * rtol * max(abs(total), 1e-300):
        raise ComputationError(f"<sigma v> integration failed at m={m:g}, T={T:g} (value {val}, error {err})")
    return val


@lru_cache(maxsize=16)
def _gauss_legendre(n: int):
    """Gauss-Legendre nodes and weights on [-1, 1] (cached; read-only arrays)."""
    xg, wg = np.polynomial.legendre.leggauss(n)
    xg.flags.writeable = False
    wg.flags.writeable = False
    return readonly((xg, wg))


def _k2e(x):
    """e^x K2(x) for real x > 0 from K2 = K0 + (2/x) K1 (no cancellation: both terms positive)."""
    return special.k0e(x) + 2.0 / x * special.k1e(x)


@checked(x="posarray", n="int")
def node_tables(x, n: int = 64):
    """The x-only parts of :func:`sigma_v_thermal_nodes`, once per distinct x of the array ``x`` (dimensionless):
    (eps [n, U], kernel [n, U], prefactor [U], index [x.shape] into the U distinct values) with
    <sigma v>(m, x) = prefactor[i] sum_k kernel[k, i] sigma(4 m^2 (1 + eps[k, i])), i = index of x.

    eps = s/(4 m^2) - 1 at the Gauss-Legendre nodes in u = ln(1 + x eps); the kernel holds the weight, the
    Jacobian, eps sqrt(1 + eps) and the scaled Bessel factor K1(2 x sqrt(1 + eps)) e^{2x}; the prefactor
    4 x/K2(x)^2 e^{-2x} (Gondolo & Gelmini, Nucl. Phys. B 360 (1991) 145, eq. 3.8, in these variables).
    Points of a batch usually share their x grid, so the Bessel functions are evaluated once for all of them.
    """
    x = np.asarray(x, float)
    xg, wg = _gauss_legendre(n)
    xu, inv = np.unique(x, return_inverse=True)
    inv = inv.reshape(x.shape)
    xg, wg = xg[:, None], wg[:, None]
    eps_max = 60.0 / xu * (1 + 15.0 / xu) + 60.0 / xu
    u1 = np.log1p(xu * eps_max)
    uu = 0.5 * u1 * (xg + 1)
    eps_u = np.expm1(uu) / xu
    z = 2 * xu * np.sqrt(1 + eps_u)
    # k1e = kve(1, .) and K2 = K0 + 2 K1/x: Cephes' real-argument Bessel functions, 4x faster than AMOS's kve
    kern_u = 0.5 * u1 * wg * (eps_u + 1 / xu) * eps_u * np.sqrt(1 + eps_u) * special.k1e(z) * np.exp(-(z - 2 * xu))
    pref_u = 4 * xu / _k2e(xu) ** 2
    return eps_u, kern_u, pref_u, inv


@checked(m="posarray", x="posarray", n="int")
def sigma_v_thermal_nodes(sigma: Callable, m, x, n: int = 64) -> np.ndarray:
    """Vectorised Gondolo-Gelmini <sigma v> [GeV^-2] on fixed Gauss-Legendre nodes, for arrays m, x.

    Same integral as :func:`sigma_v_thermal`, in the variable u = ln(1 + x eps) on [0, ln(1 + x eps_max)],
    evaluated for all broadcast (m, x) pairs at once. ``sigma(s, m)`` must accept arrays of shape
    (n, *broadcast(m, x).shape). For smooth sigma(s) it agrees with the adaptive average to ~1e-5;
    narrow resonances need :func:`sigma_v_thermal` (or many more nodes).
    """
    m = np.asarray(m, float)
    x = np.asarray(x, float)
    if np.any(m <= 0) or np.any(x <= 0):
        raise InvalidInputError("sigma_v_thermal_nodes needs m > 0 and x > 0")
    m_b, x_b = np.broadcast_arrays(m, x)
    eps_u, kern_u, pref_u, inv = node_tables(x_b, n)
    eps, kern = eps_u[:, inv], kern_u[:, inv]
    vals = np.asarray(sigma(4 * m_b * m_b * (1 + eps), m_b), float)
    out = pref_u[inv] * np.sum(kern * vals, axis=0)
    if np.any(~np.isfinite(out)) or np.any(out < 0):
        raise ComputationError("vectorised <sigma v> is not finite and non-negative")
    return out
