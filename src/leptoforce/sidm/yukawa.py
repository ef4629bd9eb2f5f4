"""Dark-matter self-scattering through a Yukawa potential in every regime.

:class:`Yukawa` holds the potential V(r) = -/+ alpha e^{-m_phi r}/r between two particles of mass
``m_chi`` and their statistics, and returns the transfer and viscosity cross sections at a
relative velocity v (units of c) by

- ``"born"``: first order in alpha, closed forms below; its error, measured against partial waves,
  is about b/(1 + (ab)^2) for a = v/(2 alpha) >~ 1 and grows like 1/a^2 below (at a = 0.2,
  ab = 170 it is 28%), so the estimate used is b/(1 + (ab)^2) max(1, 1/a^2);
- ``"classical"``: the fitted classical formulas of the SIDM literature (Khrapak et al., PRL 90
  (2003) 225002 and PRE 70 (2004) 056405 as used by Feng, Kaplinghat & Yu, PRL 104 (2010) 151301
  and Tulin, Kaplinghat & Yu, arXiv:1302.3898 eqs. 4-5), distinguishable particles only;
- ``"partial-waves"``: the Schrodinger equation (:mod:`.partial_waves`), exact in every regime;
- ``"auto"`` (default): Born where its estimated error is below 10 sidm_rtol,
  the classical fit where ab > 50 and a < 0.2 for distinguishable particles in an attractive
  potential, partial waves otherwise.

Dimensionless parameters (Tulin-Kaplinghat-Yu, generalised to reduced mass mu = m_chi/2):
a = v/(2 alpha), b = 2 alpha mu/m_phi, ab = k/m_phi with k = mu v, and the classical
beta = alpha m_phi/(mu v^2) = 1/(2 a^2 b).

Measured accuracy of the classical fits against our partial waves at ab = 30, a << 1 (tests):
attractive within 15% (e.g. -10% at beta = 1, which a direct integration of the classical
deflection function confirms); repulsive right only near beta = 1: +30% at beta = 0.1, +44% at
0.5, -41% at 10, where our partial waves agree with the classical deflection integral to 0.5%
(tests). Hence the auto choice never uses the repulsive fit.

Identical particles (``statistics="fermion"``: unpolarised spin-1/2, seed 001 eq. 24, the
Majorana N1; ``"boson"``: spin 0, alias ``"scalar"``): sigma_T is the identical-particle transfer cross section of
seed 001 eq. (25), 4 pi int_0^1 dc (1 - c) dsigma/dOmega, and sigma_V = 2 pi int (1 - c^2)
dsigma/dOmega over the full range, both with the symmetry factor 1/2 of eq. (24) inside
dsigma/dOmega.

Units: masses in GeV; velocities in units of c (``units.km / units.s`` converts); cross sections
in GeV^-2 (use :func:`per_mass_cm2_g` for cm^2/g).
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

from .. import units
from ..errors import InvalidInputError
from ..validate import broadcasting, positive as _positive
from ..settings import DEFAULT, Settings
from .partial_waves import cross_sections_from_phases, phase_shifts, spin_weights
from ..validate import checked
from ..model.statistics import SCATTERING, canonical_statistics, statistics_spec

__all__ = ["Yukawa", "CrossSections", "METHODS", "per_mass_cm2_g", "born_k2_sigma", "classical_sigma_T",
           "ApproximationWarning"]

METHODS = ("auto", "born", "classical", "partial-waves")
AB_CLASSICAL = 50.0     # ab above which the classical fit may replace partial waves
A_CLASSICAL = 0.2       # and a (= v/2alpha) below which


class ApproximationWarning(UserWarning):
    """A forced approximation is used outside its domain of validity."""


@dataclass(frozen=True)
class CrossSections:
    """sigma_T and sigma_V [GeV^-2] at one velocity, with the method and its parameters."""

    sigma_T: float
    sigma_V: float
    method: str
    a: float
    b: float
    l_max: int | None = None


@broadcasting('sigma', 'm_chi')
@checked(sigma="nonneg", m_chi="pos")
def per_mass_cm2_g(sigma: float, m_chi: float) -> float:
    """sigma/m from sigma [GeV^-2] and m_chi [GeV] to cm^2/g."""
    return sigma / m_chi / (units.cm**2 / units.g)


@checked(a="pos", b="pos", statistics=statistics_spec(SCATTERING))
def born_k2_sigma(a: float, b: float, statistics: str = "distinguishable") -> tuple[float, float]:
    """Born (k^2 sigma_T, k^2 sigma_V), dimensionless, for V = -/+ alpha e^{-m_phi r}/r.

    The Born amplitude is k f(theta) = (1/(2a))/(u - cos theta), u = 1 + 1/(2 (ab)^2). Distinguishable (Feng-Kaplinghat-Yu,
    arXiv:0911.0422; TKY eq. 3):

        k^2 sigma_T = (pi/(2a^2)) [ln(1 + R^2) - R^2/(1 + R^2)],  R = 2ab,
        k^2 sigma_V = (pi/(2a^2)) [2u L - 4],  L = ln((u+1)/(u-1)).

    Identical particles with spin weights (w_s, w_a) (seed 001 eqs. 24-25, integrals done by us):
    dsigma/dOmega = (1/2)[f1^2 + f2^2 + 2(w_s - w_a) f1 f2], f1,2 = f(+-c), giving

        k^2 sigma_T = (pi/(2a^2)) [I1 + I2 + 2(w_s - w_a) I3],
        I1 = ln(u/(u-1)) - 1/u,  I2 = 1/u - ln((u+1)/u),
        I3 = L/(2u) - (1/2) ln(u^2/(u^2-1)),
        k^2 sigma_V = (pi/(2a^2)) [(2u L - 4) + (w_s - w_a)(2 - (u^2-1) L/u)].

    The sign of the potential does not enter at this order.
    """
    ab = a * b
    pref = math.pi / 2 / a / a
    # ln((u+1)/(u-1)) = ln(1 + R^2) with R = 2ab, written to keep precision for ab << 1 and >> 1
    R2 = 4 * ab * ab
    if ab < 1e-3:
        # R^2 << 1: series of ln(1 + R^2) - R^2/(1 + R^2) and of 2uL - 4 (no 1/(ab)^2 is formed)
        sT_dist = pref * (R2 * R2 / 2 - 2 * R2 ** 3 / 3 + 3 * R2 ** 4 / 4)
        sV = pref * _sv_small(R2)
        if statistics == "distinguishable":
            return sT_dist, sV
        ws, wa = spin_weights(statistics)
        # s-wave limit: isotropic, k f = 1/(2a u) = a b^2/(1 + 2 (ab)^2) for both f(c) and f(-c)
        f2 = (a * b * b / (1 + 2 * ab * ab)) ** 2
        # dsigma/dOmega = (1/2)(2 + 2(ws - wa)) f^2; int_0^1 (1-c) = 1/2; int (1-c^2) over [-1,1] = 4/3
        d = 0.5 * (2 + 2 * (ws - wa)) * f2
        return 4 * math.pi * 0.5 * d, 2 * math.pi * (4.0 / 3.0) * d
    u = 1 + 1 / (2 * ab * ab)
    L = math.log1p(R2)
    sV = pref * (2 * u * L - 4)
    if statistics == "distinguishable":
        return pref * (L - R2 / (1 + R2)), sV
    ws, wa = spin_weights(statistics)
    I1 = math.log1p(1 / (u - 1)) - 1 / u
    I2 = 1 / u - math.log1p(1 / u)
    I3 = L / (2 * u) + 0.5 * math.log1p(-1 / (u * u))
    sT = pref * (I1 + I2 + 2 * (ws - wa) * I3)
    sV_id = pref * ((2 * u * L - 4) + (ws - wa) * (2 - (u * u - 1) * L / u))
    return sT, sV_id


def _sv_small(R2: float) -> float:
    # 2uL - 4 for R^2 << 1 (u = 1 + 2/R^2, L = ln(1 + R^2)): R^4/3 - R^6/3 + 3 R^8/10
    return R2 * R2 / 3 - R2**3 / 3 + 0.3 * R2**4


@broadcasting('beta', 'm_phi')
@checked(beta="pos", m_phi="pos", attractive="bool")
def classical_sigma_T(beta: float, m_phi: float, attractive: bool = True) -> float:
    """Classical-regime transfer cross section [GeV^-2] from the fitted formulas (distinguishable).

    beta = alpha m_phi/(mu v^2) (= 2 alpha m_phi/(m_chi v^2)); Tulin, Kaplinghat & Yu,
    arXiv:1302.3898 eqs. (4)-(5), after Khrapak et al. (2003) and Feng, Kaplinghat & Yu (2010):
    attractive sigma_T m_phi^2/pi = 4 beta^2 ln(1 + 1/beta) (beta < 0.1),
    8 beta^2/(1 + 1.5 beta^1.65) (0.1 <= beta <= 1e3), (ln beta + 1 - 1/(2 ln beta))^2 (beta > 1e3);
    repulsive 2 beta^2 ln(1 + beta^-2) (beta < 1), (ln 2beta - ln ln 2beta)^2 (beta >= 1).
    See the module docstring for their measured accuracy.
    """
    if attractive:
        if beta < 0.1:
            r = 4 * beta**2 * math.log1p(1 / beta)
        elif beta <= 1e3:
            r = 8 * beta**2 / (1 + 1.5 * beta**1.65)
        else:
            lb = math.log(beta)
            r = (lb + 1 - 1 / (2 * lb)) ** 2
    else:
        if beta < 1:
            r = 2 * beta**2 * math.log1p(beta**-2)
        else:
            l2 = math.log(2 * beta)
            r = (l2 - math.log(l2)) ** 2
    return math.pi * r / m_phi**2


@dataclass(frozen=True)
class Yukawa:
    """Two particles of mass ``m_chi`` scattering through V(r) = -/+ alpha e^{-m_phi r}/r.

    Parameters
    ----------
    m_chi : float
        Mass of each scattering particle [GeV] (reduced mass m_chi/2).
    m_phi : float
        Mediator mass [GeV].
    alpha : float
        Coupling strength (e.g. y^2/(4 pi), seed 001 eq. 22), 0 < alpha <= 4 pi.
    attractive : bool
        Sign of the potential.
    statistics : str
        ``"distinguishable"``, ``"fermion"`` (identical spin-1/2, seed 001 eq. 24) or ``"boson"``
        (identical spin-0; ``"scalar"`` is accepted, :mod:`leptoforce.model.statistics`).
    """

    m_chi: float
    m_phi: float
    alpha: float
    attractive: bool = True
    statistics: str = "distinguishable"

    def __post_init__(self) -> None:
        object.__setattr__(self, "m_chi", _positive("m_chi", self.m_chi))
        object.__setattr__(self, "m_phi", _positive("m_phi", self.m_phi))
        al = _positive("alpha", self.alpha)
        if al > 4 * math.pi:
            raise InvalidInputError(f"alpha={self.alpha!r} exceeds 4 pi (non-perturbative coupling)")
        object.__setattr__(self, "alpha", al)
        object.__setattr__(self, "statistics", canonical_statistics("statistics", self.statistics, SCATTERING))
        if not isinstance(self.attractive, bool):
            raise InvalidInputError(f"attractive={self.attractive!r} must be True or False")

    # -- regime parameters ------------------------------------------------------------------
    @property
    def mu(self) -> float:
        """Reduced mass [GeV]."""
        return self.m_chi / 2

    @property
    def b(self) -> float:
        """b = 2 alpha mu/m_phi = alpha m_chi/m_phi (dimensionless)."""
        return 2 * self.alpha * self.mu / self.m_phi

    @checked(v="pos")
    def regime(self, v: float) -> dict[str, float]:
        """a, b, ab = k/m_phi, beta and the Born error estimate at relative velocity v [c]."""
        v = self._velocity(v)
        a = v / (2 * self.alpha)
        b = self.b
        return {"a": a, "b": b, "ab": a * b, "beta": 1 / (2 * a * a * b),
                "born_error": b / (1 + (a * b) ** 2) * max(1.0, 1 / (a * a))}

    @staticmethod
    def _velocity(v) -> float:
        try:
            v = float(v)
        except (TypeError, ValueError):
            raise InvalidInputError(f"v={v!r} must be a number (relative velocity in units of c)") from None
        if not (0 < v < 1):
            raise InvalidInputError(f"v={v!r} must lie in (0, 1): a non-relativistic relative velocity in units of c "
                                    "(use units.km/units.s to convert from km/s)")
        return v

    @checked(v="pos", settings=Settings)
    def choose_method(self, v: float, settings: Settings = DEFAULT) -> str:
        """The method ``"auto"`` uses at velocity v (see the module docstring)."""
        r = self.regime(v)
        if r["born_error"] <= 10 * settings.sidm_rtol:
            return "born"
        if self.statistics == "distinguishable" and self.attractive and r["ab"] > AB_CLASSICAL and r["a"] < A_CLASSICAL:
            return "classical"
        return "partial-waves"

    # -- cross sections -------------------------------------------------------------------
    @checked(v="pos", method=METHODS, settings=Settings)
    def cross_sections(self, v: float, method: str = "auto", settings: Settings = DEFAULT) -> CrossSections:
        """sigma_T and sigma_V [GeV^-2] at relative velocity v [c] (see the module docstring)."""
        if method not in METHODS:
            raise InvalidInputError(f"method={method!r} is unknown; allowed: {', '.join(METHODS)}")
        r = self.regime(v)
        a, b = r["a"], r["b"]
        k = self.mu * float(v)
        chosen = self.choose_method(v, settings) if method == "auto" else method
        if method != "auto":
            self._warn_if_invalid(chosen, r, settings)
        if chosen == "born":
            sT, sV = born_k2_sigma(a, b, self.statistics)
            return CrossSections(sT / k**2, sV / k**2, "born", a, b)
        if chosen == "classical":
            sT = classical_sigma_T(r["beta"], self.m_phi, self.attractive)
            return CrossSections(sT, float("nan"), "classical", a, b)
        ps = phase_shifts(a, b, self.attractive, settings)
        sT, sV = cross_sections_from_phases(ps.delta, self.statistics)
        return CrossSections(sT / k**2, sV / k**2, "partial-waves", a, b, ps.l_max)

    def _warn_if_invalid(self, method: str, r: dict, settings: Settings) -> None:
        why = None
        if method == "born" and r["born_error"] > 10 * settings.sidm_rtol:
            why = f"Born approximation: estimated error b/(1+(ab)^2) max(1, 1/a^2) = {r['born_error']:.3g} is not small"
        elif method == "classical":
            if r["ab"] < AB_CLASSICAL or r["a"] > A_CLASSICAL:
                why = (f"classical fit at ab = k/m_phi = {r['ab']:.3g}, a = v/(2 alpha) = {r['a']:.3g}: "
                       f"needs ab > {AB_CLASSICAL:g} and a < {A_CLASSICAL:g}")
            elif not self.attractive:
                why = f"repulsive classical fit at beta = {r['beta']:.3g}: off by 30-40% except near beta = 1"
            elif self.statistics != "distinguishable":
                why = ("classical fits describe distinguishable particles; the identical-particle sigma_T of "
                       "seed 001 eq. 25 drops backward scattering")
        if why:
            warnings.warn(why + "; use method='partial-waves' or 'auto'", ApproximationWarning, stacklevel=4)

    @broadcasting('v')
    @checked(v="pos", method=METHODS, settings=Settings)
    def sigma_T(self, v: float, method: str = "auto", settings: Settings = DEFAULT) -> float:
        """Transfer cross section [GeV^-2] at relative velocity v [c]."""
        return self.cross_sections(v, method, settings).sigma_T

    @broadcasting('v')
    @checked(v="pos", method=METHODS, settings=Settings)
    def sigma_V(self, v: float, method: str = "auto", settings: Settings = DEFAULT) -> float:
        """Viscosity cross section [GeV^-2] at relative velocity v [c] (not available from the classical fit)."""
        cs = self.cross_sections(v, method, settings)
        if not math.isfinite(cs.sigma_V):
            raise InvalidInputError("sigma_V has no classical fit here: use method='partial-waves'")
        return cs.sigma_V

    @broadcasting('v')
    @checked(v="pos", method=METHODS, settings=Settings)
    def sigma_T_over_m(self, v: float, method: str = "auto", settings: Settings = DEFAULT) -> float:
        """sigma_T/m_chi in cm^2/g at relative velocity v [c]."""
        return per_mass_cm2_g(self.sigma_T(v, method, settings), self.m_chi)
