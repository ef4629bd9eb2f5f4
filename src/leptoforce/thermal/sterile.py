"""Sterile-neutrino dark matter from oscillations with secret neutrino interactions (seed 002).

The production equation (seed 002 eq. 2.8) per nu4 helicity, at fixed x = E/T and z = 1 MeV/T,

    d f_s(x, z)/d ln z = Gamma/(4 H) sin^2 2theta_eff f_nu(x),
    sin^2 2theta_eff = Delta^2 s^2 / (Delta^2 s^2 + Gamma^2/4 + (Delta c - V_T)^2)          (eq. 2.5)

with Delta = m4^2/(2E), s = sin 2theta, c = cos 2theta, Gamma the per-particle collision rate of the
active neutrino and V_T its thermal potential (:mod:`.sterile_rates`). There is no back-reaction
(f_s << f_nu), so the solution is a quadrature in ln z. Its integrand is a Lorentzian in
Delta c - V_T, which can cross zero (V_T,V > 0 above m_V: an MSW-like resonance): on each interval of
the ln z grid the integral is done exactly for a Lorentzian whose centre moves linearly, so a
resonance narrower than the grid is integrated, not stepped over.

Bookkeeping (``conventions="consistent"``, the default):

* nu and nubar both oscillate (into the two helicities of a Majorana nu4, or nu4 and nu4bar):
  n_nu4 = 2 int d^3p/(2pi)^3 f_s; Gamma is the per-particle rate in production and damping alike.
* Entropy: the number made at temperature T is divided by s(T) of that moment (Y is conserved
  afterwards), Y = 2 int d ln z (45/(4 pi^4 g_*s(T))) int dx x^2 df_s/d ln z. The literal reading of
  eq. 3.14 (f at fixed x evaluated at T_f and divided by s(T_f)) misses the dilution by
  g_*s(T_f)/g_*s(T_prod) and depends on the arbitrary T_f; it is returned as ``omega_h2_literal``.
* Omega h^2 = m4 s0 Y/(rho_c/h^2) (s0 and rho_c from :mod:`.freezeout`).

Three ``conventions``:

* ``"consistent"`` (default): the bookkeeping above. Physically right as far as we can tell.
* ``"paper"``: the normalisation the paper's numbers imply, with the entropy done right. Eq. 3.6 doubles
  the off-shell V rates ("both helicity states of the active neutrinos and antineutrinos"), in damping
  too, and the nu4 yield counts f once. The on-shell rate, though, is eq. 3.12 as printed, which is the
  *per-particle* inverse-decay rate: eq. 3.11 with the seed's gamma_V = lam^2 m/(12 pi) (twice the width
  into one helicity) halves the cross section and the 2 of eq. 3.6 restores it. The paper says so
  itself: "Gamma_V ~ Gamma_on-shell + Gamma_high-T" with eq. 3.10 doubled and eq. 3.12 not. So the
  paper counts the on-shell (inverse-decay) production of nubar -> nu4 nowhere: its on-shell dominated
  regimes (benchmarks B, C) come out a factor up to 2 below ``"consistent"``, the off-shell regime (A)
  equal. V_T,SM with the printed coefficient 3.72 (:func:`sterile_rates.potential_sm`, ``form="seed"``).
* ``"literal"``: ``"paper"`` with eq. 3.14 read literally (Y = n(T_f)/s(T_f) at fixed x).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from .. import units as u
from ..cache import cached_arrays
from ..errors import ComputationError, InvalidInputError
from ..model.charges import FLAVOURS, ChargeAssignment, charges_arg
from ..model.dark_sector import SterileNeutrino
from ..validate import checked, fields, instance, positive, real
from . import sterile_rates as R
from . import thermo
from .relics import G_STAR_NU_DEC

__all__ = ["ProductionGrid", "SterileProduction", "SterileResult", "dodelson_widrow"]

CONVENTIONS = ("consistent", "paper", "literal")
TABLE_VERSION = 1            # bump when the physics of the tables changes (invalidates the disk cache)


@dataclass(frozen=True)
class ProductionGrid:
    """Numerical grid of the production integral.

    n_x : Gauss-Legendre nodes in ln x on [x_min, x_max] (x = E/T).
    z_per_decade : ln z steps per decade of temperature.
    T_final : where the integration stops [GeV] (seed: 100 keV).
    T_start : where it starts [GeV]; None: max(20 GeV, 30 m_V), at most 1 TeV.
    potential_nodes : Gauss-Legendre nodes per unit of ln p in V_T,V (eq. 3.3).
    """

    n_x: int = 32
    x_min: float = 0.01
    x_max: float = 25.0
    z_per_decade: int = 120
    T_final: float = 100 * u.keV
    T_start: float | None = None
    potential_nodes: int = 24

    def __post_init__(self) -> None:
        fields(self, "ProductionGrid.", n_x="int", x_min="pos", x_max="pos", z_per_decade="int", T_final="pos",
               T_start="pos", potential_nodes="int")
        if int(self.n_x) != self.n_x or self.n_x < 4:
            raise InvalidInputError(f"n_x={self.n_x!r} must be an integer >= 4")
        if not (0 < self.x_min < 1 < self.x_max <= 60):
            raise InvalidInputError(f"need 0 < x_min < 1 < x_max <= 60, got x_min={self.x_min!r}, x_max={self.x_max!r}")
        if int(self.z_per_decade) != self.z_per_decade or self.z_per_decade < 10:
            raise InvalidInputError(f"z_per_decade={self.z_per_decade!r} must be an integer >= 10")
        lo, hi = thermo.gstar_range()
        if not (lo <= self.T_final < 1 * u.MeV):
            raise InvalidInputError(f"T_final={self.T_final!r} GeV must lie in [{lo:.3g} GeV, 1 MeV): production "
                                    "has to be complete (the seed uses 100 keV)")
        if self.T_start is not None and not (100 * self.T_final < self.T_start <= hi):
            raise InvalidInputError(f"T_start={self.T_start!r} GeV must lie in (100 T_final, {hi:.4g} GeV]")

    def refined(self) -> "ProductionGrid":
        """The grid with twice the nodes in x, z and p (the convergence check)."""
        from dataclasses import replace
        return replace(self, n_x=2 * self.n_x, z_per_decade=2 * self.z_per_decade,
                       potential_nodes=2 * self.potential_nodes)

    def start(self, m_V: float | None) -> float:
        if self.T_start is not None:
            return self.T_start
        return min(1000.0, max(20.0, 30 * (m_V or 0.0)))

    def x_nodes(self) -> tuple[np.ndarray, np.ndarray]:
        t, w = np.polynomial.legendre.leggauss(self.n_x)
        a, b = math.log(self.x_min), math.log(self.x_max)
        lx = 0.5 * (b - a) * t + 0.5 * (a + b)
        x = np.exp(lx)
        return x, 0.5 * (b - a) * w * x                 # weights for int dx

    def z_nodes(self, m_V: float | None) -> np.ndarray:
        z0, z1 = 1 * u.MeV / self.start(m_V), 1 * u.MeV / self.T_final
        n = int(math.ceil(self.z_per_decade * math.log10(z1 / z0))) + 1
        return np.geomspace(z0, z1, n)


@dataclass
class SterileResult:
    """Result of one production run. Units: GeV unless the name says otherwise.

    omega_h2 : relic density (the chosen conventions).
    omega_h2_literal : the same rates with eq. 3.14 read literally (no nubar factor, s(T_f)).
    Y : yield n_nu4/s (both helicities).
    mean_p_over_Tnu : <p/T_nu> of the relic nu4 (T_nu: active-neutrino temperature after decoupling).
    fraction_last_decade : d ln Y/d ln z at T_final (saturation check, must be < 1e-3).
    fraction_first_decade : share of Y made in the first decade of the grid (start check, < 1e-2).
    """

    omega_h2: float
    omega_h2_literal: float
    Y: float
    mean_p_over_Tnu: float
    fraction_last_decade: float
    fraction_first_decade: float
    x: np.ndarray = field(repr=False)
    f_final: np.ndarray = field(repr=False)            # f_s(x) per helicity at fixed x
    y_bins: np.ndarray = field(repr=False)              # p/T_nu bin edges
    dY_dy: np.ndarray = field(repr=False)               # distribution of the yield in p/T_nu
    conventions: str = "consistent"


class SterileProduction:
    """Production of a sterile neutrino mixing with nu_``flavour`` in a model with a vector V.

    Parameters
    ----------
    m_V : float or None
        Vector mass [GeV]; None for the Standard Model alone (Dodelson-Widrow).
    charges : ChargeAssignment or str
        The V charges (preset name such as "nuphilic-mumu", "Lmu-Ltau", "B-L").
    flavour : str
        The active flavour the sterile neutrino mixes with ('e', 'mu', 'tau').
    grid : ProductionGrid
    sm_potential : "notzold-raffelt" (default) or "seed" (see :func:`sterile_rates.potential_sm`).

    The rate and potential tables for unit coupling are built once (and cached on disk by their
    inputs); :meth:`solve` then costs milliseconds per coupling.
    """

    @checked(m_V=lambda n, v: None if v is None else positive(n, v), charges=charges_arg, flavour=FLAVOURS, grid=ProductionGrid,
             sm_potential=("notzold-raffelt", "seed"))
    def __init__(self, m_V: float | None, charges: ChargeAssignment | str = "nuphilic-mumu", flavour: str = "mu",
                 grid: ProductionGrid | None = None, sm_potential: str = "notzold-raffelt"):
        self.grid = grid or ProductionGrid()
        self.m_V = None if m_V is None else float(m_V)
        self.flavour = flavour
        self.charges = charges
        self.sm_potential = sm_potential
        g = self.grid
        x, wx = g.x_nodes()
        self.x = np.concatenate([x, [1.0]])               # x = 1 appended for the diagnostics (weight 0)
        self.wx = np.concatenate([wx, [0.0]])
        self.z = g.z_nodes(self.m_V)
        self.T = 1 * u.MeV / self.z
        E = self.x[:, None] * self.T[None, :]
        self.H = thermo.hubble(self.T)
        self.gs = thermo.gstar_s(self.T)
        self.V_sm = {form: R.potential_sm(E, self.T[None, :], flavour, form) for form in ("notzold-raffelt", "seed")}
        if sm_potential not in self.V_sm:
            raise InvalidInputError(f"sm_potential={sm_potential!r} is unknown; allowed: 'notzold-raffelt', 'seed'")
        self.G_sm = R.rate_sm(E, self.T[None, :], flavour)
        if self.m_V is None:
            self.V1 = self.G4 = self.G2 = np.zeros_like(E)
        else:
            tabs = self._tables(E)
            self.V1, self.G4, self.G2 = tabs["V1"], tabs["G4"], tabs["G2"]

    # -- tables ------------------------------------------------------------------------------
    def _tables(self, E: np.ndarray) -> dict[str, np.ndarray]:
        from ..model.zprime import ZPrime
        m = self.m_V
        zp = ZPrime(m, 1.0, self.charges, loop_mixing=False)
        partners = R.partners_for(zp, self.flavour)
        g = self.grid
        inputs = {"version": TABLE_VERSION, "m_V": repr(m), "partners": partners.key(), "flavour": self.flavour,
                  "grid": [g.n_x, g.x_min, g.x_max, g.z_per_decade, g.T_final, g.start(m), g.potential_nodes]}

        def compute():
            T = np.broadcast_to(self.T[None, :], E.shape)
            r = 4 * E * T / m**2
            # numerical: a 0.1 % margin so that the table's end points lie inside the interpolator's range
            interp = R.RateInterpolator(partners, m, r.min() * 0.999, r.max() * 1.001)
            G4 = interp.rate(E, T)
            G2 = R.onshell_rate(E, T, m, partners.q)
            V1 = R.potential_v(E, T, m, partners.q, nodes=g.potential_nodes)
            return {"V1": V1, "G4": G4, "G2": G2}
        return cached_arrays("sterile-tables", inputs, compute)

    # -- the production integral -----------------------------------------------------------------
    def _check(self, g: float, sterile: SterileNeutrino, conventions: str) -> None:
        instance("sterile", sterile, SterileNeutrino)
        g = real("g", g)
        if sterile.flavour != self.flavour:
            raise InvalidInputError(f"sterile.flavour={sterile.flavour!r} differs from the tables' flavour "
                                    f"{self.flavour!r}")
        if conventions not in CONVENTIONS:
            raise InvalidInputError(f"conventions={conventions!r} is unknown; allowed: {', '.join(CONVENTIONS)}")
        if not (math.isfinite(g) and 0 <= g <= 4 * math.pi):
            raise InvalidInputError(f"g={g!r} must lie in [0, 4 pi]")
        if self.m_V is None and g != 0:
            raise InvalidInputError("g must be 0 without a vector (m_V=None)")
        if sterile.m4 >= self.grid.T_final:
            raise InvalidInputError(f"m4={sterile.m4!r} GeV must be below T_final={self.grid.T_final!r} GeV "
                                    "(the production equation treats nu4 as relativistic)")

    def rates(self, g: float, sterile: SterileNeutrino, conventions: str = "consistent") -> dict[str, np.ndarray]:
        """Gamma, V_T, Delta on the (x, z) grid [GeV] and the integrand d f_s/d ln z (per helicity)."""
        self._check(g, sterile, conventions)
        paper_norm = conventions != "consistent"         # the paper's rate normalisation
        off = (2.0 if paper_norm else 1.0) * g**4 * self.G4
        Gam = self.G_sm + off + g * g * self.G2
        V = self.V_sm["seed" if paper_norm else self.sm_potential] + g * g * self.V1
        E = self.x[:, None] * self.T[None, :]
        Delta = sterile.m4**2 / (2 * E)
        s2 = sterile.sin2_2theta
        c2 = math.sqrt(1 - s2)
        fnu = 1 / (np.exp(self.x) + 1)
        K = Gam * Delta**2 * s2 * fnu[:, None] / (4 * self.H[None, :])
        c = Gam**2 / 4 + Delta**2 * s2
        D = Delta * c2 - V
        return {"Gamma": Gam, "V": V, "Delta": Delta, "K": K, "c": c, "D": D,
                "dfdlnz": K / (c + D * D), "sin2_2theta_eff": Delta**2 * s2 / (c + D * D)}

    def solve(self, g: float, sterile: SterileNeutrino, conventions: str = "consistent") -> SterileResult:
        """Relic density of ``sterile`` for coupling g (q_alpha g is the nu_alpha coupling; lambda for the
        neutrinophilic V). Raises ComputationError if the production is not complete at T_final or
        not negligible at the start of the grid."""
        r = self.rates(g, sterile, conventions)
        K, c, D = r["K"], r["c"], r["D"]
        h = np.diff(np.log(self.z))[None, :]
        Kb, cb = 0.5 * (K[:, 1:] + K[:, :-1]), 0.5 * (c[:, 1:] + c[:, :-1])
        D0, D1 = D[:, :-1], D[:, 1:]
        sq = np.sqrt(cb)
        dD = D1 - D0
        small = np.abs(dD) <= 1e-6 * (np.abs(D0) + np.abs(D1) + sq)
        with np.errstate(divide="ignore", invalid="ignore"):
            lor = Kb * h * (np.arctan(D1 / sq) - np.arctan(D0 / sq)) / (sq * np.where(small, 1.0, dD))
        mid = 0.5 * (D0 + D1)
        piece = np.where(small, Kb * h / (cb + mid * mid), lor)       # df_s per interval, per helicity
        if not np.all(np.isfinite(piece)):
            raise ComputationError("sterile production: non-finite integrand (check m4, sin2_2theta and g)")
        gs_mid = np.sqrt(self.gs[1:] * self.gs[:-1])
        xw = (self.x**2 * self.wx)[:, None]
        dY = 2 * 45 / (4 * math.pi**4) * xw * piece / gs_mid[None, :]
        if conventions != "consistent":                 # the paper counts f once (its 2 sits in Gamma)
            dY = dY / 2
        Y_lit = 45 / (4 * math.pi**4 * thermo.gstar_s(self.grid.T_final)) * np.sum(xw * piece)
        Y = float(np.sum(dY))
        if not (Y > 0):
            raise ComputationError(f"sterile production gave Y = {Y!r}")
        per_z = np.sum(dY, axis=0)
        lnz_mid = 0.5 * (np.log(self.z[1:]) + np.log(self.z[:-1]))
        tail = lnz_mid > np.log(self.z[-1]) - 0.1 * math.log(10)
        last = float(np.sum(per_z[tail]) / (0.1 * math.log(10)) / Y)       # (dY/d ln z)/Y at T_final
        first = float(np.sum(per_z[lnz_mid < np.log(self.z[0]) + math.log(10)]) / Y)
        if last > 1e-3:
            raise ComputationError(f"sterile production is not complete at T_final: d ln Y/d ln z = {last:.2g} "
                                   "there (> 1e-3); lower ProductionGrid.T_final")
        if first > 1e-2:
            raise ComputationError(f"sterile production starts before the grid: {first:.2%} of Y comes from the "
                                   "first decade; raise ProductionGrid.T_start")
        # momentum of the relic: p/T_nu = x (g_*s(T_nu dec)/g_*s(T))^(1/3), T_nu dec where g_*s = 10.75
        fac = np.minimum(1.0, (G_STAR_NU_DEC / gs_mid) ** (1 / 3))
        yv = self.x[:, None] * fac[None, :]
        mean_y = float(np.sum(dY * yv) / Y)
        bins = np.geomspace(self.grid.x_min, self.grid.x_max, 61)
        hist, _ = np.histogram(yv.ravel(), bins=bins, weights=dY.ravel())
        from .freezeout import rho_crit_over_h2, s0
        omega = sterile.m4 * s0() * Y / rho_crit_over_h2()
        omega_lit = sterile.m4 * s0() * Y_lit / rho_crit_over_h2()
        if conventions == "literal":                    # eq. 3.14 as printed
            omega, Y = omega_lit, float(Y_lit)
        return SterileResult(omega, omega_lit, Y, mean_y, last, first, self.x[:-1], np.sum(piece, axis=1)[:-1],
                             bins, hist / np.diff(bins), conventions)

    def diagnostics(self, g: float, sterile: SterileNeutrino, conventions: str = "consistent") -> dict[str, np.ndarray]:
        """Seed 002 Fig. 5 at x = 1: z, Gamma/H, theta_eff/theta and d f_s/d ln z (per helicity)."""
        r = self.rates(g, sterile, conventions)
        th = r["sin2_2theta_eff"][-1] / sterile.sin2_2theta
        return {"z": self.z, "T": self.T, "Gamma_over_H": r["Gamma"][-1] / self.H,
                "theta_eff_over_theta": np.sqrt(th), "dfdlnz": r["dfdlnz"][-1],
                "V_over_Delta": r["V"][-1] / r["Delta"][-1]}

    @checked(omega_target="pos", sterile=SterileNeutrino, g_lo="gpos", g_hi="gpos", conventions=CONVENTIONS)
    def coupling_for(self, omega_target: float, sterile: SterileNeutrino, g_lo: float, g_hi: float,
                     conventions: str = "consistent") -> float:
        """The coupling in [g_lo, g_hi] with Omega h^2 = ``omega_target`` (bisection in ln g; the bracket must
        contain one crossing, e.g. around a benchmark of one production regime)."""
        from scipy import optimize
        f = lambda lg: math.log(self.solve(math.exp(lg), sterile, conventions).omega_h2 / omega_target)  # noqa: E731
        a, b = math.log(g_lo), math.log(g_hi)
        fa, fb = f(a), f(b)
        if fa * fb > 0:
            raise ComputationError(f"Omega h^2 = {omega_target} is not crossed between g = {g_lo:g} and {g_hi:g} "
                                   f"(ln(Omega/target) = {fa:.3g}, {fb:.3g})")
        return math.exp(optimize.brentq(f, a, b, xtol=1e-6))


@lru_cache(maxsize=64)
def cached_production(m_V: float | None, charges: str, flavour: str, grid: ProductionGrid,
                      sm_potential: str = "notzold-raffelt") -> SterileProduction:
    """A :class:`SterileProduction` shared within one process (scans reuse the tables of one m_V)."""
    return SterileProduction(m_V, charges, flavour, grid, sm_potential)


@checked(sterile=SterileNeutrino, grid=ProductionGrid, sm_potential=("notzold-raffelt", "seed"))
def dodelson_widrow(sterile: SterileNeutrino, grid: ProductionGrid | None = None,
                    sm_potential: str = "notzold-raffelt") -> SterileResult:
    """Omega h^2 of ``sterile`` from active-sterile oscillations with Standard-Model interactions only
    (Dodelson & Widrow, hep-ph/9303287; seed 002 eqs. 2.5-2.8)."""
    return SterileProduction(None, "nuphilic-mumu", sterile.flavour, grid, sm_potential).solve(0.0, sterile)
