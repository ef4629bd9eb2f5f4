"""One-loop Z' contribution to lepton anomalous magnetic moments, and measured discrepancies.

For L = Z'_mu l_bar gamma^mu (g_V - g_A gamma5) l (Leveille, Nucl. Phys. B137 (1978) 63;
Jegerlehner & Nyffeler, Phys. Rept. 477 (2009) 1, arXiv:0902.3360, eqs. 256-257):

    Delta a_V = (g_V^2 / 8 pi^2) int_0^1 dx 2 m^2 x^2 (1-x) / (x^2 m^2 + (1-x) M^2)      (seed 001 eq. 8)
    Delta a_A = (g_A^2 / 8 pi^2)(m^2/M^2) int_0^1 dx [2x(1-x)(x-4) - 4 lambda^2 x^3] / ((1-x) + lambda^2 x^2)

with lambda = m/M. Heavy-Z' limits: Delta a_V -> g_V^2 m^2/(12 pi^2 M^2), Delta a_A ->
-5 g_A^2 m^2/(12 pi^2 M^2). The axial piece includes the longitudinal (Goldstone) part that
grows as m^2/M^2 for a light Z'. In the limit M << m the vector piece tends to g_V^2/(8 pi^2)
(= 31.7e-10 for g' = 5e-4; seed 001 prints "32e-10").

All masses in GeV internal units; results dimensionless.
"""
from __future__ import annotations

import math
import sys
from functools import lru_cache
from importlib import resources

from scipy import integrate

from ..errors import ComputationError, InvalidInputError
from ..model.charges import FLAVOURS
from ..model.charges import charges_arg
from ..model.zprime import ZPrime, fermion_mass, unit_coupling_zprime
from ..settings import DEFAULT, G2_DATASETS, Settings
from ..validate import broadcasting, checked
from ..numerics import readonly

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["delta_a", "delta_a_vector", "delta_a_axial", "vector_loop_integral", "vector_loop_closed_form",
           "measured", "datasets", "g2_g_max", "g_max_from_unit_delta_a", "g2_favoured_band"]


@broadcasting('r')
@checked(r="nonneg", settings=Settings)
def vector_loop_integral(r: float, settings: Settings = DEFAULT) -> float:
    """I_V(r) = int_0^1 2 x^2 (1-x) / (x^2 + (1-x) r) dx with r = M^2/m^2, by adaptive quadrature.

    I_V -> 1 for r -> 0 and -> 2/(3 r) for r -> infinity. Dimensionless.
    """
    if r < 0 or not math.isfinite(r):
        raise InvalidInputError(f"r={r!r} must be a finite number >= 0")
    if r == 0:
        return 1.0
    if r < 1e-6:
        # numerical: the integrand peaks in a layer of width sqrt(r) at x = 0 that quadrature cannot resolve; the
        # closed form has no cancellation there (1 - 2r + 2r ln(1/r) - pi sqrt(r) + ...)
        return vector_loop_closed_form(r)
    val, _ = integrate.quad(lambda x: 2 * x * x * (1 - x) / (x * x + (1 - x) * r), 0.0, 1.0,
                            epsabs=settings.quad_atol, epsrel=settings.quad_rtol, limit=settings.quad_limit)
    return val


@broadcasting('r')
@checked(r="nonneg")
def vector_loop_closed_form(r: float) -> float:
    """Closed form of :func:`vector_loop_integral` (derived here by partial fractions).

    With D(x) = x^2 - r x + r:  2x^2(1-x)/D = -2x + 2(1-r) + [A (2x - r) + B]/D,
    A = 2r - r^2, B = -2r + 4r^2 - r^3, so that
        I_V = 1 - 2r + A ln(1/r) + B J(r),  J = int_0^1 dx / D(x)
    with J = [atan((1 - r/2)/c) + atan(r/(2c))]/c, c = sqrt(r - r^2/4) for r < 4; J = 1/2 at r = 4;
    J = [ln|(x - r/2 - d)/(x - r/2 + d)|]_0^1 / (2d), d = sqrt(r^2/4 - r), for r > 4.
    For r > 4 the terms cancel to many digits (the result ~ 2/(3r) while A, B ~ r^3), so that
    branch is evaluated in decimal arithmetic with 40 + 4 log10(r) digits (it needs only ln and sqrt).
    """
    if r <= 0:
        return 1.0
    if r > 4:
        return _closed_form_decimal(r)
    A = 2 * r - r * r
    B = -2 * r + 4 * r * r - r**3
    if abs(r - 4) < 1e-12:
        J = 0.5
    else:
        c = math.sqrt(r - r * r / 4)
        J = (math.atan((1 - r / 2) / c) + math.atan((r / 2) / c)) / c
    return 1 - 2 * r + A * math.log(1 / r) + B * J


def _closed_form_decimal(r: float) -> float:
    from decimal import Decimal, localcontext
    with localcontext() as ctx:
        ctx.prec = 40 + 4 * int(math.log10(max(r, 10.0)))   # A, B ~ r^3 cancel to ~ 2/(3r)
        R = Decimal(r)
        A = 2 * R - R * R
        B = -2 * R + 4 * R * R - R**3
        d = (R * R / 4 - R).sqrt()

        def prim(x):
            return (abs((x - R / 2 - d) / (x - R / 2 + d))).ln() / (2 * d)
        J = prim(Decimal(1)) - prim(Decimal(0))
        return float(1 - 2 * R + A * (1 / R).ln() + B * J)


def _axial_integral(lam2: float, settings: Settings) -> float:
    def f(x):
        return (2 * x * (1 - x) * (x - 4) - 4 * lam2 * x**3) / ((1 - x) + lam2 * x * x)
    val, _ = integrate.quad(f, 0.0, 1.0, epsabs=settings.quad_atol, epsrel=settings.quad_rtol,
                            limit=settings.quad_limit)
    return val


@broadcasting('m_lepton', 'm_zprime', 'g_v')
@checked(m_lepton="pos", m_zprime="pos", g_v="coupling", settings=Settings)
def delta_a_vector(m_lepton: float, m_zprime: float, g_v: float, settings: Settings = DEFAULT) -> float:
    """Vector Z' contribution Delta a_l (seed 001 eq. 8), masses in GeV, exact at every mass."""
    r = (m_zprime / m_lepton) ** 2
    # far above the lepton mass the integrand is a narrow spike at x ~ 1 that adaptive quadrature
    # resolves only with round-off warnings; the closed form (60-digit arithmetic there) is exact
    loop = vector_loop_closed_form(r) if r > 1e4 else vector_loop_integral(r, settings)
    return g_v**2 / (8 * math.pi**2) * loop


@broadcasting('m_lepton', 'm_zprime', 'g_a')
@checked(m_lepton="pos", m_zprime="pos", g_a="coupling", settings=Settings)
def delta_a_axial(m_lepton: float, m_zprime: float, g_a: float, settings: Settings = DEFAULT) -> float:
    """Axial Z' contribution Delta a_l (Jegerlehner-Nyffeler eq. 257 form), masses in GeV."""
    lam2 = (m_lepton / m_zprime) ** 2
    return g_a**2 / (8 * math.pi**2) * lam2 * _axial_integral(lam2, settings)


@checked(zp=ZPrime, lepton=FLAVOURS, settings=Settings)
def delta_a(zp: ZPrime, lepton: str = "mu", settings: Settings = DEFAULT) -> float:
    """Total one-loop Z' contribution to a_l for ``lepton`` in 'e', 'mu', 'tau' (dimensionless).

    Uses the Z' vector and axial couplings including kinetic mixing (see ``ZPrime.couplings``).
    """
    if lepton not in FLAVOURS:
        raise InvalidInputError(f"lepton={lepton!r} is unknown; allowed: {', '.join(FLAVOURS)}")
    gv, ga = zp.couplings(lepton)
    ml = fermion_mass(lepton)
    val = 0.0
    if gv:
        val += delta_a_vector(ml, zp.mass, gv, settings)
    if ga:
        val += delta_a_axial(ml, zp.mass, ga, settings)
    if not math.isfinite(val):
        raise ComputationError(f"Delta a_{lepton} is not finite for {zp!r}")
    return val


@lru_cache(maxsize=None)
def datasets() -> dict[str, dict]:
    """All versioned Delta a_l datasets (see data/g2/discrepancies.toml)."""
    text = resources.files("leptoforce.data.g2").joinpath("discrepancies.toml").read_text()
    return readonly(tomllib.loads(text))


@checked(lepton=str, dataset=G2_DATASETS, settings=Settings)
def measured(lepton: str = "mu", dataset: str | None = None, settings: Settings = DEFAULT) -> tuple[float, float]:
    """(central, 1 sigma) of Delta a_l = a_exp - a_SM for ``lepton`` from ``dataset``.

    Datasets: ``seed001-davier2011`` (26.1 +- 8.0)e-10 and ``seed001-hagiwara2011``
    (28.7 +- 8.0)e-10, the two values of seed 001 sec. II.A, and ``wp2025``, the current
    situation (final FNAL E989 average vs the 2025 Theory-Initiative White Paper: no
    significant muon discrepancy). Electron values exist only in ``wp2025``.
    """
    dataset = dataset or settings.g2_dataset
    if dataset not in G2_DATASETS:
        raise InvalidInputError(f"dataset={dataset!r} is unknown; allowed: {', '.join(G2_DATASETS)}")
    entry = datasets()[dataset]
    if lepton not in entry:
        have = [k for k in FLAVOURS if k in entry]
        raise InvalidInputError(f"dataset {dataset!r} has no value for lepton={lepton!r}; it has {have}")
    c, s = entry[lepton]
    return float(c), float(s)


def _delta_a_per_g2(charges, mass: float, lepton: str, settings: Settings, **zp_kwargs) -> float:
    """Delta a_l at g = 1 for a Z' whose couplings all scale with g (no tree-level epsilon)."""
    return delta_a(unit_coupling_zprime(mass, charges, "a g-2 bound in g", **zp_kwargs), lepton, settings)


@broadcasting('mass', 'n_sigma')
@checked(_result="inf_ok", charges=charges_arg, mass="pos", lepton=FLAVOURS, dataset=G2_DATASETS, n_sigma="pos", settings=Settings)
def g2_g_max(charges, mass: float, lepton: str = "mu", dataset: str | None = None, n_sigma: float = 2.0,
             settings: Settings = DEFAULT, measurement: tuple[float, float] | None = None, **zp_kwargs) -> float:
    """Largest g with Delta a_l(Z') <= Delta a_exp + n_sigma x sigma (exclusion by g-2; cf. darkcast AMM limits).

    Delta a_l is proportional to g^2 for fixed charges (the loop kinetic mixing is proportional to g too).
    Returns inf when the Z' contribution is not positive (a negative contribution is bounded from the
    other side, which this one-sided criterion does not treat). Raises ComputationError if the
    dataset leaves no room (Delta a_exp + n sigma <= 0). ``measurement`` = (central, sigma) overrides
    the dataset (e.g. the Rb-alpha electron value ``datasets()["wp2025"]["e_alt"]``). ``mass`` in GeV.
    """
    c, s = measurement if measurement is not None else measured(lepton, dataset, settings)
    room = c + n_sigma * s
    if room <= 0:
        raise ComputationError(f"dataset {dataset or settings.g2_dataset!r} gives Delta a_{lepton} + {n_sigma} sigma = "
                               f"{room:.3g} <= 0: every positive contribution is excluded; choose another dataset")
    return g_max_from_unit_delta_a(_delta_a_per_g2(charges, mass, lepton, settings, **zp_kwargs), room)


@broadcasting('delta_a_unit', 'room')
@checked(_result="inf_ok", delta_a_unit="real", room="pos")
def g_max_from_unit_delta_a(delta_a_unit: float, room: float) -> float:
    """Largest g with g^2 x ``delta_a_unit`` <= ``room`` (= Delta a_exp + n sigma > 0); inf when the
    contribution at g = 1 is not positive. Serves :func:`g2_g_max` and couplings outside a charge
    assignment (e.g. an electron-only vector, ``delta_a_vector(m_e, m, 1.0)``). Dimensionless."""
    if not room > 0:
        raise InvalidInputError(f"room={room!r} must be > 0")
    return math.inf if delta_a_unit <= 0 else math.sqrt(room / delta_a_unit)


@broadcasting('mass', 'n_sigma')
@checked(charges=charges_arg, mass="pos", lepton=FLAVOURS, dataset=G2_DATASETS, n_sigma="pos", settings=Settings)
def g2_favoured_band(charges, mass: float, lepton: str = "mu", dataset: str | None = None, n_sigma: float = 1.0,
                     settings: Settings = DEFAULT, **zp_kwargs) -> tuple[float, float]:
    """(g_lo, g_hi) where Delta a_l(Z') lies within Delta a_exp +- n_sigma x sigma (seed 001 Fig. 1 left bands).

    g_lo is 0 when the lower edge is <= 0. Raises ComputationError when the band is empty.
    """
    c, s = measured(lepton, dataset, settings)
    lo, hi = c - n_sigma * s, c + n_sigma * s
    da1 = _delta_a_per_g2(charges, mass, lepton, settings, **zp_kwargs)
    if da1 <= 0 or hi <= 0:
        raise ComputationError(f"no coupling gives Delta a_{lepton} within {n_sigma} sigma of {c:.3g} "
                               f"(Z' contribution per g^2: {da1:.3g})")
    return (math.sqrt(lo / da1) if lo > 0 else 0.0), math.sqrt(hi / da1)
