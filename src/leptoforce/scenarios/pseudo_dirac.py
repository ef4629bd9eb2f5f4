"""The pseudo-Dirac dark matter of seed 001 (Kamada, Kaneta, Yanagi, Yu, arXiv:1805.00651, sec. III).

A vector-like pair N, N_bar with U(1)_{Lmu-Ltau} charge Q_N and Yukawa couplings y_N = y_Nbar = y
to the dark Higgs Phi (Q_Phi = -1, v_Phi = m_Z'/g') splits into Majorana states (eq. 19)

    M1 = m_N - y v_Phi/sqrt2,   M2 = m_N + y v_Phi/sqrt2,   Delta M = sqrt2 y v_Phi,

with the Yukawa interaction -(y/(2 sqrt2)) phi (-N1 N1 + N2 N2). The N1 self-scattering is the
attractive Yukawa potential of eq. (22), V = -y^2/(4 pi r) e^{-m_phi r}, taken as printed (alpha =
y^2/(4 pi)); N1 is Majorana, so the identical-fermion cross sections of eqs. (24)-(25) apply.
[Note: the Feynman rule of the Majorana coupling in eq. (19), y/sqrt2, would give alpha = y^2/(8 pi);
we follow eq. (22), since y is fixed by the relic abundance with the paper's own eq. (20) and the
two are used together.]

The coupling y is fixed by the relic abundance of N1 with N1/N2 coannihilation (eqs. 20-21):

    <sigma v>_11 = <sigma v>_22 = 9 y^4/(64 pi m_N^2) x^-1,
    <sigma v>_12 = y^4/(64 pi m_N^2) - 9 y^4/(256 pi m_N^2) x^-1,   x = M1/T,

either as the paper does, <sigma v>_eff(x_f = 20) = 3e-26 cm^3/s with r_1 = 1/(1 + e^{-Delta x}),
Delta = Delta M/m_N (``relic="xf20"``), or by solving the Boltzmann equation with the thermal
engine (``relic="boltzmann"``: Griest-Seckel weights with (1 + Delta)^{3/2}, g_eff(x) from the
Bessel functions, Omega h^2 = Planck's 0.120).

Units: masses in GeV; y dimensionless.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import optimize, special

from .. import inputs
from .. import constants as C
from .. import units
from ..errors import ComputationError, InvalidInputError
from ..model import PseudoDiracPair
from ..validate import broadcasting, checked, fields
from ..sidm import maxwell_average
from ..sidm.yukawa import Yukawa
from ..thermal.freezeout import coannihilation_sigma_v, relic_abundance
from .registry import describe_family, register_family

__all__ = ["PseudoDiracSIDM", "SIGMA_V_CANONICAL", "X_F_PAPER", "RELIC_METHODS", "SIDM_OBSERVABLES"]

#: <sigma v>_can of seed 001 below eq. (21).
SIGMA_V_CANONICAL = inputs.value("relic.sigma_v_canonical", "paper-seed001")
#: The freeze-out point at which seed 001 equates <sigma v>_eff to the canonical value.
X_F_PAPER = inputs.value("relic.x_f", "paper-seed001")
RELIC_METHODS = ("xf20", "boltzmann")


def _sigma_v_matrix(y: float, m_N: float, x: float) -> tuple[float, float]:
    """(<sigma v>_11 = <sigma v>_22, <sigma v>_12) [GeV^-2] of seed 001 eq. (20)."""
    base = y**4 / (64 * math.pi * m_N**2)
    return 9 * base / x, base - 9 * base / (4 * x)


@dataclass(frozen=True)
class PseudoDiracSIDM:
    """Seed 001's SIDM point: Z' (m_zprime [GeV], g), dark Higgs mass m_phi [GeV], DM mass M1 [GeV], Yukawa y.

    Use :meth:`relic` to fix y by the relic abundance.
    """

    m_zprime: float
    g: float
    m_phi: float
    M1: float
    y: float

    def __post_init__(self) -> None:
        fields(self, "", m_zprime="pos", g="gpos", m_phi="pos", M1="pos", y="gpos")

    # -- spectrum (eq. 19) ---------------------------------------------------------------------
    @property
    def v_Phi(self) -> float:
        """v_Phi = m_Z'/(g |Q_Phi|), Q_Phi = -1 [GeV]."""
        return self.m_zprime / self.g

    @property
    def delta_M(self) -> float:
        """M2 - M1 = sqrt2 y v_Phi [GeV] (seed 001 sec. III.A)."""
        return math.sqrt(2) * self.y * self.v_Phi

    @property
    def m_N(self) -> float:
        """Dirac mass m_N = M1 + y v_Phi/sqrt2 [GeV]."""
        return self.M1 + self.y * self.v_Phi / math.sqrt(2)

    @property
    def M2(self) -> float:
        return self.M1 + self.delta_M

    @property
    def alpha(self) -> float:
        """Yukawa strength y^2/(4 pi) of eq. (22)."""
        return self.y**2 / (4 * math.pi)

    @property
    def bbn_ok(self) -> bool:
        """The paper's conservative cosmological condition m_phi > m_Z' (phi decays before BBN)."""
        return self.m_phi > self.m_zprime

    def pair(self) -> PseudoDiracPair:
        """The same point as a :class:`~leptoforce.model.PseudoDiracPair` (eqs. 16-18)."""
        return PseudoDiracPair.pseudo_dirac(self.m_N, self.y, self.m_zprime, self.g)

    def yukawa(self) -> Yukawa:
        """The N1 N1 potential of eq. (22): attractive, identical Majorana fermions."""
        return Yukawa(self.M1, self.m_phi, self.alpha, attractive=True, statistics="fermion")

    # -- relic abundance (eqs. 20-21) ----------------------------------------------------------
    @broadcasting('x')
    @checked(x="pos")
    def sigma_v_eff_paper(self, x: float) -> float:
        """<sigma v>_eff of eq. (21) with the paper's r_i (no (1+Delta)^{3/2}) [GeV^-2]."""
        s11, s12 = _sigma_v_matrix(self.y, self.m_N, x)
        e = math.exp(-self.delta_M / self.m_N * x)
        r1, r2 = 1 / (1 + e), e / (1 + e)
        return s11 * (r1 * r1 + r2 * r2) + 2 * s12 * r1 * r2

    def omega_h2(self) -> float:
        """N1 relic abundance from the Boltzmann equation (thermal engine, Griest-Seckel coannihilation)."""
        m1, m2 = self.M1, self.M2

        def matrix(x):
            s11, s12 = _sigma_v_matrix(self.y, self.m_N, x)
            return [[s11, s12], [s12, s11]]

        sv = coannihilation_sigma_v([m1, m2], [2.0, 2.0], matrix)

        def g_eff(x):
            r = m2 / m1
            return 2.0 + 2.0 * r * r * special.kve(2, x * r) / special.kve(2, x) * np.exp(-x * (r - 1))

        return relic_abundance(m1, sv, g=g_eff, self_conjugate=True).omega_h2

    @classmethod
    @checked(m_zprime="pos", g="gpos", m_phi="pos", M1="pos", method=RELIC_METHODS)
    def relic(cls, m_zprime: float, g: float, m_phi: float, M1: float, method: str = "xf20") -> "PseudoDiracSIDM":
        """The point with y fixed by the N1 relic abundance (``method`` "xf20" as seed 001, or "boltzmann")."""
        if method not in RELIC_METHODS:
            raise InvalidInputError(f"relic method={method!r} is unknown; allowed: {', '.join(RELIC_METHODS)}")
        def f_paper(ly):
            return math.log(cls(m_zprime, g, m_phi, M1, math.exp(ly)).sigma_v_eff_paper(X_F_PAPER) / SIGMA_V_CANONICAL)

        def f_boltzmann(ly):
            return math.log(C.Omega_c_h2 / cls(m_zprime, g, m_phi, M1, math.exp(ly)).omega_h2())

        lo, hi = math.log(1e-4), math.log(4 * math.pi)
        if not (f_paper(lo) < 0 < f_paper(hi)):
            raise ComputationError(
                f"no Yukawa coupling 1e-4 < y < 4 pi gives <sigma v>_eff = 3e-26 cm^3/s at M1={M1:g} GeV, "
                f"m_Z'={m_zprime:g} GeV, g'={g:g}")
        f = f_paper
        if method == "boltzmann":
            # bracket around the paper's estimate: Omega ~ 1/y^4, so a factor 2 in y is a factor 16
            y0 = optimize.brentq(f_paper, lo, hi, xtol=1e-8)
            lo, hi = y0 - math.log(2), min(y0 + math.log(2), hi)
            if not (f_boltzmann(lo) < 0 < f_boltzmann(hi)):
                raise ComputationError(f"Boltzmann relic y not within a factor 2 of the x_f = 20 estimate "
                                       f"exp({y0:.4g}) at M1={M1:g} GeV")
            f = f_boltzmann
        ly = optimize.brentq(f, lo, hi, xtol=1e-10)
        return cls(m_zprime, g, m_phi, M1, math.exp(ly))


SIDM_OBSERVABLES = ("y", "alpha", "delta_M_GeV", "bbn_ok", "sigmaT_over_m:<v in km/s>", "avg_sigmaT_over_m:<v_mean in km/s>")
describe_family("sidm-pseudo-dirac", {
    "y": ("", "Yukawa coupling of phi to N1 fixed by the relic density", "seed 001 eqs. 20-21"),
    "alpha": ("", "y^2 / (4 pi)", "seed 001 eq. 22"),
    "delta_M_GeV": ("GeV", "N2 - N1 mass splitting sqrt2 y v_Phi", "seed 001 Sec. III.A"),
    "bbn_ok": ("", "1 if m_phi > m_Z' (phi lives shorter than 1 s, before BBN), else 0", "seed 001 Sec. IV and app. C"),
    "sigmaT_over_m": ("cm^2/g", "sigma_T / M1 at relative velocity V km/s (name sigmaT_over_m:V)",
                      "seed 001 eqs. 23-25 (leptoforce.sidm)"),
    "avg_sigmaT_over_m": ("cm^2/g", "Maxwell average <sigma_T> / M1 at mean relative speed V km/s "
                          "(name avg_sigmaT_over_m:V)", "seed 001 Sec. IV"),
})


def _known(name: str) -> bool:
    head, _, v = name.partition(":")
    if head in ("sigmaT_over_m", "avg_sigmaT_over_m"):
        try:
            return float(v) > 0
        except ValueError:
            return False
    return name in ("y", "alpha", "delta_M_GeV", "bbn_ok")


@register_family("sidm-pseudo-dirac", parameters={"m_zprime": "energy", "g": "dimensionless", "m_phi": "energy",
                                                  "M1": "energy"},
                 options={"relic": str, "method": str}, known=_known)
def sidm_family(point: dict, model: dict, observables: tuple[str, ...]) -> dict[str, float]:
    """Seed 001's pseudo-Dirac SIDM (:class:`PseudoDiracSIDM`) with relic-fixed y.

    Keys (parameters or model entries): ``m_zprime``, ``g``, ``m_phi``, ``M1`` (masses in GeV);
    model ``relic`` ("xf20" as the paper, or "boltzmann") and ``method`` (cross-section method,
    default "auto"). Observables: ``y``, ``alpha``, ``delta_M_GeV``, ``bbn_ok`` (1 if m_phi > m_Z'),
    ``sigmaT_over_m:V`` (sigma_T/M1 in cm^2/g at relative velocity V km/s) and
    ``avg_sigmaT_over_m:V`` (Maxwell average <sigma_T>/M1 at mean relative speed V km/s).
    """
    from .registry import merged
    vals = merged(point, model, ("m_zprime", "g", "m_phi", "M1"), "sidm-pseudo-dirac")
    p = PseudoDiracSIDM.relic(float(vals["m_zprime"]), float(vals["g"]), float(vals["m_phi"]), float(vals["M1"]),
                              method=vals.get("relic", "xf20"))
    yk = p.yukawa()
    method = vals.get("method", "auto")
    kms = units.km / units.s
    out: dict[str, float] = {}
    for name in observables:
        if name == "y":
            out[name] = p.y
        elif name == "alpha":
            out[name] = p.alpha
        elif name == "delta_M_GeV":
            out[name] = p.delta_M
        elif name == "bbn_ok":
            out[name] = 1.0 if p.bbn_ok else 0.0
        elif name.startswith(("sigmaT_over_m:", "avg_sigmaT_over_m:")):
            head, _, v = name.partition(":")
            try:
                v_kms = float(v)
            except ValueError:
                raise InvalidInputError(f"observable {name!r}: the velocity after ':' must be a number in km/s") from None
            if head == "sigmaT_over_m":
                out[name] = yk.sigma_T_over_m(v_kms * kms, method)
            else:
                out[name] = maxwell_average(yk, v_mean=v_kms * kms, method=method).sigma_over_m
        else:
            raise InvalidInputError(f"observable {name!r} is unknown for sidm-pseudo-dirac; known: "
                                    f"{', '.join(SIDM_OBSERVABLES)}")
    return out
