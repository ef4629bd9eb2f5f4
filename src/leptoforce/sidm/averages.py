"""Maxwell-Boltzmann velocity averages of the self-interaction cross sections.

Each particle's velocity is Maxwellian with one-dimensional dispersion sigma_0, so the relative
velocity is Maxwellian with dispersion sqrt2 sigma_0:

    f(v) dv = 4 pi v^2 (4 pi sigma_0^2)^{-3/2} exp(-v^2/(4 sigma_0^2)) dv,   <v> = 4 sigma_0/sqrt(pi),

the convention of Kaplinghat, Tulin & Yu, PRL 116 (2016) 041302 (arXiv:1508.03339), whose
<sigma v>/m versus <v> seed 001 Fig. 3 plots. With y = v/(2 sigma_0) the averages are

    <sigma v> = (4/sqrt(pi)) 2 sigma_0 int y^3 e^{-y^2} sigma(v) dy,
    <sigma>   = (4/sqrt(pi)) int y^2 e^{-y^2} sigma(v) dy,

computed by Gauss-Legendre quadrature in ln y over y in [1e-3, 6.5] (the tails outside hold
less than 1e-8 of the weight for sigma no more singular than 1/v^2); the node count doubles from
32 until two successive rules agree to ``rtol`` (default 10 sidm_rtol), so narrow resonances are
resolved or reported.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import units
from ..errors import ComputationError, InvalidInputError
from ..settings import DEFAULT, Settings
from .yukawa import METHODS, Yukawa, per_mass_cm2_g
from ..validate import broadcasting, checked

__all__ = ["maxwell_average", "mean_velocity_from_dispersion", "VelocityAverage"]

_Y_LO, _Y_HI = 1e-3, 6.5
_N_MAX = 512


@broadcasting('sigma_0')
@checked(sigma_0="pos")
def mean_velocity_from_dispersion(sigma_0: float) -> float:
    """<v> = 4 sigma_0/sqrt(pi): mean relative speed for a 1D dispersion sigma_0 (same units)."""
    return 4 * sigma_0 / math.sqrt(math.pi)


@dataclass(frozen=True)
class VelocityAverage:
    """<sigma v>/m [cm^2/g km/s] and <sigma>/m [cm^2/g] at mean relative speed v_mean [c]."""

    v_mean: float
    sigma_v_over_m: float
    sigma_over_m: float
    n_nodes: int

    @property
    def v_mean_km_s(self) -> float:
        return self.v_mean / (units.km / units.s)


def _rule(n: int):
    x, w = np.polynomial.legendre.leggauss(n)
    lo, hi = math.log(_Y_LO), math.log(_Y_HI)
    ly = lo + (x + 1) * (hi - lo) / 2
    return np.exp(ly), w * (hi - lo) / 2


@checked(yukawa=Yukawa, v_mean="pos", dispersion="pos", quantity=("sigma_T", "sigma_V"), method=METHODS, settings=Settings, rtol="tol")
def maxwell_average(yukawa, v_mean: float | None = None, dispersion: float | None = None,
                    quantity: str = "sigma_T", method: str = "auto", settings: Settings = DEFAULT,
                    rtol: float | None = None) -> VelocityAverage:
    """Maxwell-Boltzmann averages of sigma_T (or sigma_V) for a :class:`~.yukawa.Yukawa` potential.

    Give either the mean relative speed ``v_mean`` or the 1D dispersion ``dispersion`` (units of
    c; multiply km/s values by ``units.km/units.s``). Returns <sigma v>/m in cm^2/g km/s and
    <sigma>/m in cm^2/g (m = yukawa.m_chi). Source: module docstring (KTY 2016 convention).

    Raises
    ------
    ComputationError
        If the quadrature has not converged to ``rtol`` with 512 nodes.
    """
    if (v_mean is None) == (dispersion is None):
        raise InvalidInputError("give exactly one of v_mean (mean relative speed) or dispersion (1D, per particle)")
    if quantity not in ("sigma_T", "sigma_V"):
        raise InvalidInputError(f"quantity={quantity!r} is unknown; allowed: sigma_T, sigma_V")
    s0 = dispersion if dispersion is not None else float(v_mean) * math.sqrt(math.pi) / 4
    if not s0 < 0.05:
        given = "dispersion" if dispersion is not None else "v_mean"
        raise InvalidInputError(f"{given}={dispersion if dispersion is not None else v_mean!r} (units of c) is "
                                "relativistic: the 1D dispersion must lie below 0.05 c")
    rtol = 10 * settings.sidm_rtol if rtol is None else float(rtol)

    def sigma(v: float) -> float:
        cs = yukawa.cross_sections(v, method, settings)
        return cs.sigma_T if quantity == "sigma_T" else cs.sigma_V

    def estimate(n):
        y, w = _rule(n)
        sig = np.array([sigma(2 * s0 * yi) for yi in y])
        if np.any(~np.isfinite(sig)):
            raise ComputationError("non-finite cross section inside the velocity average")
        # d ln y measure: y dy -> y^4 and y^3
        norm = 4 / math.sqrt(math.pi)
        sv = norm * 2 * s0 * float(np.sum(w * y**4 * np.exp(-y * y) * sig))
        s = norm * float(np.sum(w * y**3 * np.exp(-y * y) * sig))
        return sv, s

    n = 32
    prev = estimate(n)
    while True:
        n *= 2
        cur = estimate(n)
        if abs(cur[0] - prev[0]) <= rtol * abs(cur[0]) and abs(cur[1] - prev[1]) <= rtol * abs(cur[1]):
            break
        if n >= _N_MAX:
            raise ComputationError(f"Maxwell average not converged to rtol={rtol:g} with {n} nodes "
                                   f"(last two: {prev[0]:.6g}, {cur[0]:.6g}): a narrow resonance?")
        prev = cur
    m = yukawa.m_chi
    return VelocityAverage(mean_velocity_from_dispersion(s0), per_mass_cm2_g(cur[0], m) / (units.km / units.s),
                           per_mass_cm2_g(cur[1], m), n)
