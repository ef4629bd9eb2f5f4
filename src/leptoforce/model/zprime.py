"""The Z' of a U(1)_X: mass, gauge coupling, charges, kinetic mixing, couplings to fermions.

Convention for the interaction with a fermion f (Dirac, 4-component):

    L = Z'_mu  f_bar gamma^mu (g_V - g_A gamma^5) f,
    g_V = g (X_L + X_R)/2 - eps e Q_f,   g_A = g (X_L - X_R)/2,

with eps the total photon-Z' kinetic mixing (tree-level ``epsilon`` plus, when finite and
``loop_mixing`` is on, the one-loop value of :func:`loop_kinetic_mixing` at q^2 = 0), written as
in seed 001 eq. (4), L = -eps e Z'_mu J_em^mu. Left-handed neutrinos couple through
nu_bar_a gamma^mu P_L nu_b, i.e. g_V = g_A = g X_ab / 2.
"""
from __future__ import annotations

import cmath
import math
from dataclasses import dataclass, field

import numpy as np

from .. import constants as C
from ..errors import ComputationError, InvalidInputError
from ..settings import DEFAULT, Settings
from ..validate import boolean, choice, instance, real, unknown_keys
from ..validate import positive as _validate_positive
from .charges import FLAVOURS, ChargeAssignment, as_charges

__all__ = ["ZPrime", "loop_kinetic_mixing", "loop_zzp_mixing", "unit_coupling_zprime", "FERMIONS", "QUARKS"]

QUARKS = ("u", "d", "s", "c", "b", "t")
FERMIONS = FLAVOURS + QUARKS
_ELECTRIC = {"e": -1.0, "mu": -1.0, "tau": -1.0, "u": 2 / 3, "c": 2 / 3, "t": 2 / 3,
             "d": -1 / 3, "s": -1 / 3, "b": -1 / 3}
_COLOUR = {f: (3 if f in QUARKS else 1) for f in FERMIONS}
_T3 = {"e": -0.5, "mu": -0.5, "tau": -0.5, "u": 0.5, "c": 0.5, "t": 0.5, "d": -0.5, "s": -0.5, "b": -0.5}


def fermion_mass(f: str) -> float:
    """Mass of SM fermion ``f`` in GeV (internal units); quark masses as in constants.toml."""
    table = {"e": C.m_e, "mu": C.m_mu, "tau": C.m_tau, "c": C.m_c, "b": C.m_b, "t": C.m_t,
             "u": 0.0, "d": 0.0, "s": 0.0}
    if f not in table:
        raise InvalidInputError(f"fermion={f!r} is unknown; allowed: {', '.join(FERMIONS)}")
    return table[f]


@dataclass(frozen=True)
class ZPrime:
    """An immutable, validated U(1)_X gauge boson.

    Parameters
    ----------
    mass : float
        Z' mass [GeV internal units; write ``10 * units.MeV``]. Must be > 0.
    g : float
        Gauge coupling, 0 < g <= 4 pi.
    charges : ChargeAssignment or str
        Charges (a :class:`ChargeAssignment` or a preset name such as ``"Lmu-Ltau"``).
    epsilon : float
        Tree-level photon-Z' kinetic mixing (dimensionless), |epsilon| < 1.
    loop_mixing : bool
        Add the calculable one-loop photon-Z' mixing at q^2 = 0 (seed 001 eq. 3 for
        L_mu - L_tau). Ignored (zero) when the loop is UV-sensitive, i.e. when
        sum_f N_c Q_f X_f != 0 (e.g. B-L): then the mixing is a free parameter, ``epsilon``.
    rhn_masses : tuple of float
        Masses [GeV] of the right-handed neutrinos of ``charges.nu_R`` (Majorana), in order;
        shorter than ``nu_R`` means the rest are too heavy for Z' decays.
    dark : tuple
        Vector-like dark-sector fermions the Z' couples to (:class:`DiracFermion`,
        :class:`PseudoDiracPair`), used by the decay module.
    """

    mass: float
    g: float
    charges: ChargeAssignment | str
    epsilon: float = 0.0
    loop_mixing: bool = True
    rhn_masses: tuple[float, ...] = ()
    dark: tuple = field(default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "mass", _validate_positive("mass", self.mass))
        g = _validate_positive("g", self.g)
        if g > 4 * math.pi:
            raise InvalidInputError(f"g={g!r} exceeds the perturbative bound 4 pi = {4 * math.pi:.4f}")
        object.__setattr__(self, "g", g)
        object.__setattr__(self, "charges", as_charges(self.charges, "charges"))
        eps = real("epsilon", self.epsilon)
        if not abs(eps) < 1:
            raise InvalidInputError(f"epsilon={self.epsilon!r} must be a finite number with |epsilon| < 1")
        object.__setattr__(self, "epsilon", eps)
        object.__setattr__(self, "loop_mixing", boolean("loop_mixing", self.loop_mixing))
        if isinstance(self.rhn_masses, (str, bytes)) or not isinstance(self.rhn_masses, (tuple, list)):
            raise InvalidInputError(f"rhn_masses={self.rhn_masses!r} must be a tuple of masses [GeV]")
        if not isinstance(self.dark, (tuple, list)):
            raise InvalidInputError(f"dark={self.dark!r} must be a tuple of dark-sector particles")
        masses = tuple(_validate_positive("rhn_masses", m) for m in self.rhn_masses)
        if len(masses) > len(self.charges.nu_R):
            raise InvalidInputError(
                f"rhn_masses has {len(masses)} entries but model {self.charges.name!r} has "
                f"{len(self.charges.nu_R)} right-handed neutrinos")
        object.__setattr__(self, "rhn_masses", masses)
        object.__setattr__(self, "dark", tuple(self.dark))
        names = [p.name for p in self.dark]
        if len(set(names)) != len(names):
            raise InvalidInputError(f"dark-sector particle names must be unique, got {names}")

    # -- kinetic mixing ------------------------------------------------------------------
    @property
    def epsilon_total(self) -> float:
        """Total photon-Z' kinetic mixing at q^2 = 0: tree-level plus (when finite) one loop."""
        return self.epsilon_at(0.0).real

    def epsilon_at(self, q2: float) -> complex:
        """Total photon-Z' mixing at momentum transfer q^2 [GeV^2]: tree level plus the finite loop.

        On-shell decays use q^2 = m_Z'^2: for m_Z' far above the lepton masses in the loop the
        mixing falls off (e.g. L_e - L_mu at TeV masses), and it is complex above thresholds.
        """
        q2 = real("q2", q2)
        eps = complex(self.epsilon)
        if self.loop_mixing and loop_mixing_is_finite(self.charges):
            eps += loop_kinetic_mixing(self, q2)
        return eps

    # -- couplings -----------------------------------------------------------------------
    def couplings(self, f: str, q2: float = 0.0) -> tuple[complex | float, float]:
        """(g_V, g_A) of SM fermion ``f`` ('e', 'mu', 'tau', 'u', 'd', 's', 'c', 'b', 't').

        Convention: L = Z'_mu f_bar gamma^mu (g_V - g_A gamma5) f, dimensionless. The kinetic
        mixing enters g_V at momentum transfer ``q2`` [GeV^2] (0: static limit, real; decays use
        q2 = m_Z'^2, where g_V is complex above a loop threshold).
        """
        choice("f", f, FERMIONS)
        if f in FLAVOURS:
            xl, xr = self.charges.lepton_LR(f)
        else:
            xl, xr = self.charges.quark_LR(f)
        eps = self.epsilon_at(q2)
        if q2 == 0.0:
            eps = eps.real
        elif eps.imag == 0.0:
            eps = eps.real
        gv = self.g * (xl + xr) / 2 - eps * C.e * _ELECTRIC[f]
        ga = self.g * (xl - xr) / 2
        return gv, ga

    def neutrino_couplings(self) -> np.ndarray:
        """3x3 matrix G_ab of L = G_ab Z'_mu nu_bar_a gamma^mu P_L nu_b (dimensionless)."""
        return self.g * self.charges.neutrino_matrix()

    def with_(self, **changes) -> "ZPrime":
        """A copy with ``changes`` applied (validated again)."""
        from dataclasses import fields, replace
        unknown_keys("ZPrime.with_", changes, [f.name for f in fields(self)])
        return replace(self, **changes)


def unit_coupling_zprime(mass: float, charges, purpose: str, **kwargs) -> ZPrime:
    """The Z' of ``charges`` at g = 1, for results that scale as a power of g.

    Every coupling (including the one-loop kinetic mixing) is proportional to g only without a
    tree-level ``epsilon``; a non-zero one raises InvalidInputError naming ``purpose``.
    """
    if kwargs.get("epsilon", 0.0) != 0.0:
        raise InvalidInputError(f"{purpose} assumes every coupling scales with g: tree-level epsilon must be 0")
    return ZPrime(mass, 1.0, charges, **kwargs)


def loop_mixing_is_finite(charges: ChargeAssignment) -> bool:
    """True if the one-loop photon-Z' mixing is UV finite: sum_f N_c Q_f X_V,f = 0."""
    total = 0.0
    for f in FERMIONS:
        xl, xr = charges.lepton_LR(f) if f in FLAVOURS else charges.quark_LR(f)
        total += _COLOUR[f] * _ELECTRIC[f] * (xl + xr) / 2
    return abs(total) < 1e-12


def vacuum_pol_F(z: complex | float) -> complex:
    """F(z) = int_0^1 6 x(1-x) ln[1 - x(1-x)(z + i0)] dx in closed form (dimensionless), z = q^2/m^2.

    F(z) = -5/3 - 4/z + (1 + 2/z) beta ln[(beta + 1)/(beta - 1)], beta = sqrt(1 - 4/z),
    on the branch z + i0 (Im F = -pi beta (1 + 2/z) above threshold z > 4); the series
    -z/5 - 3z^2/140 - z^3/315 is used for |z| < 1e-3. Checked against quadrature in the tests.
    """
    z = float(z)
    if abs(z) < 1e-3:
        return complex(-z / 5 - 3 * z * z / 140 - z**3 / 315)
    zc = complex(z, 1e-30 * max(1.0, abs(z)))
    beta = cmath.sqrt(1 - 4 / zc)
    # ln[(beta+1)/(beta-1)] = 2 ln(1+beta) - ln(-4/z): beta - 1 = -(4/z)/(1+beta) cancels for |z| >> 1
    log_term = 2 * cmath.log(1 + beta) - cmath.log(-4 / zc)
    val = -5 / 3 - 4 / zc + (1 + 2 / zc) * beta * log_term
    return complex(val.real, 0.0) if z <= 4 else val


def _vacuum_pol_log(m2: float, q2: float) -> complex:
    """int_0^1 dx 6 x(1-x) ln[(m^2 - x(1-x) q^2 - i0)/GeV^2] (equals ln m^2 at q^2 = 0)."""
    from .. import units
    if m2 == 0.0:
        if q2 == 0.0:
            raise InvalidInputError("massless fermion loop at q^2 = 0 is infrared divergent")
        return cmath.log(complex(-q2 / units.GeV**2, -1e-300)) - 5 / 3
    return math.log(m2 / units.GeV**2) + vacuum_pol_F(q2 / m2)


def _vacuum_pol_log_quad(m2: float, q2: float, settings: Settings = DEFAULT) -> complex:
    """Quadrature form of :func:`_vacuum_pol_log` (reference for the tests)."""
    from .. import units

    def re(x):
        return 6 * x * (1 - x) * math.log(abs(m2 - x * (1 - x) * q2) / units.GeV**2)

    def im(x):
        return 6 * x * (1 - x) * (-math.pi if m2 - x * (1 - x) * q2 < 0 else 0.0)

    opts = dict(epsabs=settings.quad_atol, epsrel=settings.quad_rtol, limit=settings.quad_limit)
    pts = None
    if q2 > 4 * m2 > 0:
        r = math.sqrt(1 - 4 * m2 / q2)
        pts = [(1 - r) / 2, (1 + r) / 2]
    from scipy import integrate
    return complex(integrate.quad(re, 0.0, 1.0, points=pts, **opts)[0],
                   integrate.quad(im, 0.0, 1.0, points=pts, **opts)[0])


def loop_kinetic_mixing(zp: ZPrime, q2: float = 0.0, settings: Settings = DEFAULT) -> complex:
    """One-loop photon-Z' kinetic mixing eps_AZ'(q^2) from SM fermion loops.

    eps(q^2) = -(e g / 12 pi^2) sum_f N_c Q_f X_V,f int_0^1 6x(1-x) ln[m_f^2 - x(1-x) q^2] dx,

    which at q^2 = 0 for L_mu - L_tau is seed 001 eq. (3): -(e g'/12 pi^2) ln(m_tau^2/m_mu^2)
    (= -7.2e-6 for g' = 5e-4). Above a threshold q^2 > 4 m_f^2 the result is complex.
    Only defined when the sum of N_c Q_f X_V,f vanishes (otherwise the mixing depends on the
    UV and is a free parameter: use ``ZPrime.epsilon``).

    Parameters: ``q2`` in GeV^2 (internal units). Returns a dimensionless complex number.
    """
    instance("zp", zp, ZPrime)
    q2 = real("q2", q2)
    if not loop_mixing_is_finite(zp.charges):
        raise InvalidInputError(
            f"the one-loop kinetic mixing of model {zp.charges.name!r} is UV divergent "
            "(sum_f N_c Q_f X_f != 0); set the renormalised mixing as ZPrime.epsilon instead")
    total = 0j
    for f in FERMIONS:
        xl, xr = zp.charges.lepton_LR(f) if f in FLAVOURS else zp.charges.quark_LR(f)
        xv = (xl + xr) / 2
        if xv == 0.0:
            continue
        total += _COLOUR[f] * _ELECTRIC[f] * xv * _vacuum_pol_log(fermion_mass(f) ** 2, float(q2))
    eps = -C.e * zp.g / (12 * math.pi**2) * total
    if not (math.isfinite(eps.real) and math.isfinite(eps.imag)):
        raise ComputationError(f"loop kinetic mixing is not finite at q2={q2!r}")
    return eps


def loop_zzp_mixing(zp: ZPrime, settings: Settings = DEFAULT) -> float:
    """One-loop Z-Z' mixing eps_ZZ' at q^2 = 0 (seed 001 eq. 5, generalised).

    eps_ZZ' = -(e g / (12 pi^2 s_W c_W)) sum_f N_c v_f X_V,f ln m_f^2,  v_f = T3_f/2 - Q_f s_W^2,

    which for L_mu - L_tau is (-1/4 + s_W^2) e g'/(12 pi^2 s_W c_W) ln(m_tau^2/m_mu^2).
    Neutrino loops are massless and cancel between flavours of opposite charge. Dimensionless.
    """
    instance("zp", zp, ZPrime)
    total = 0.0
    vsum = 0.0
    for f in FERMIONS:
        xl, xr = zp.charges.lepton_LR(f) if f in FLAVOURS else zp.charges.quark_LR(f)
        xv = (xl + xr) / 2
        if xv == 0.0:
            continue
        vf = _T3[f] / 2 - _ELECTRIC[f] * C.sin2_theta_W
        vsum += _COLOUR[f] * vf * xv
        total += _COLOUR[f] * vf * xv * _vacuum_pol_log(fermion_mass(f) ** 2, 0.0).real
    if abs(vsum) > 1e-12:
        raise InvalidInputError(
            f"the one-loop Z-Z' mixing of model {zp.charges.name!r} is UV divergent; it is a free parameter")
    return -C.e * zp.g / (12 * math.pi**2 * C.sin_theta_W * C.cos_theta_W) * total
