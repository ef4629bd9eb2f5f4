"""N_eff from three thermal baths after neutrino decoupling (seed 001 eqs. 10-15, appendix B).

After neutrino decoupling at T_dec the plasma splits into three baths, each in internal
equilibrium with zero chemical potential:

    (gamma, e)            at T     : s_gamma(T) + 2 s_e(T)       (photons g=2; e-, e+ with g=2 each)
    (nu_e)                at T_nu  : 2 s_nu(T_nu)                 (nu, nu_bar, g=1 each)
    (nu_mu, nu_tau, Z')   at T'    : 2 s_nu(T') x 2 + s_Z'(T')    (Z' g=3)

with the exact entropy and energy integrals (B2), (B3) of :mod:`.thermo`. The nu_e bath is
free-streaming, T_nu a = const (eq. 13). Heat flows from the primed bath to (gamma, e) through
Z' <-> e e (eqs. 11, 12):

    (1/a^3) d(S_1 a^3)/dt =  Q/T,   (1/a^3) d(S_3 a^3)/dt = -Q/T',   Q = Gamma_{Z'->ee} [rho_Z'(T') - rho_Z'(T)],

with Gamma_{Z'->ee} = alpha eps^2 (m^2 + 2 m_e^2) sqrt(m^2 - 4 m_e^2)/(3 m^2) (eq. 14) and
H^2 = rho_tot/(3 M_Pl,red^2) (eq. 15). With eps = 0 each bath conserves its comoving entropy
(the analysis of Kamada & Yu, arXiv:1504.00711, that seed 001 follows). N_eff at T << m_e, m_Z'
follows from eq. (10):  N_eff = [(T_nu/T)^4 + 2 (T'/T)^4] (11/4)^{4/3}.

The seed's Q uses Gamma rho_Z', the energy-transfer rate of decays without time dilation (exact for
a non-relativistic Z'; the transfer happens at T ~ m_Z'/few). ``time_dilation=True`` uses the
exact Maxwell-Boltzmann rate Gamma m n_Z' instead.

Instantaneous decoupling at T_dec with exact e+- thermodynamics gives, for no new physics,
N_eff = 3 (g_s(gamma,e at T_dec)/(11/2))^{-4/3}: 3.000 for T_dec >> m_e, 3.018 for T_dec = 2 MeV,
3.032 for 1.5 MeV (e+- annihilation has begun before the neutrinos decouple). That, not 3.046, is
the "no new physics" value of this treatment.

Units: temperatures and masses in GeV internal units; times in GeV^-1.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from scipy import integrate, interpolate

from .. import inputs
from .. import constants as C
from .. import units
from ..errors import ComputationError, InvalidInputError
from ..model.zprime import ZPrime
from .._jit import warn_if_slow
from ..validate import broadcasting, checked, in_range
from . import thermo

__all__ = ["NeffResult", "neff_three_bath", "gamma_zp_ee", "neff_standard_instantaneous", "neff_zprime",
           "neff_mass_bound", "T_NU_DEC", "NEFF_METHODS"]

#: Neutrino decoupling temperature used by seed 001 ("T_nu-dec ~ 1.5 MeV", sec. II B).
T_NU_DEC = inputs.value("neutrino_decoupling.T")
_RHO_NU1 = 7 / 8 * math.pi**2 / 30      # rho/T^4 of one massless fermionic dof
_S_NU1 = 7 / 8 * 2 * math.pi**2 / 45    # s/T^3 of one massless fermionic dof


@lru_cache(maxsize=4)
def _species_table(statistics: str, g: float):
    """Cubic splines in ln x (x = m/T) of s/T^3 and rho/T^4 for one massive species (exact integrals)."""
    lx = np.linspace(math.log(1e-4), math.log(80.0), 400)
    s_vals, r_vals = [], []
    for x in np.exp(lx):
        s_vals.append(thermo.entropy_density_species(x, 1.0, g, statistics))
        r_vals.append(thermo.energy_density(x, 1.0, g, statistics))
    s_vals, r_vals = np.array(s_vals), np.array(r_vals)
    return (interpolate.CubicSpline(lx, np.log(s_vals)), interpolate.CubicSpline(lx, np.log(r_vals)), lx[0], lx[-1],
            s_vals[0], r_vals[0])


@lru_cache(maxsize=2)
def _kernel_tables(time_dilation: bool):
    """The spline coefficients of :func:`_species_table` for the compiled march (:mod:`._neff_kernel`): electrons
    (g = 4), the Z' (g = 3) and the heat-transfer density q/T^4 (rho_Z'/T^4, or x n_Z'/T^3 with time dilation)."""
    lx = np.linspace(math.log(1e-4), math.log(80.0), 400)
    es, er, _, _, e_s_lo, e_r_lo = _species_table("fermion", 4.0)
    zs, zr, _, _, z_s_lo, z_r_lo = _species_table("boson", 3.0)
    if time_dilation:
        x = np.exp(lx)
        qv = np.array([xi * thermo.number_density(xi, 1.0, 3.0, "boson") for xi in x])
        cq, q_lo = interpolate.CubicSpline(lx, np.log(qv)).c, float(qv[0])
    else:
        cq, q_lo = zr.c, z_r_lo
    tab_e = (np.ascontiguousarray(es.c), np.ascontiguousarray(er.c))
    tab_z = (np.ascontiguousarray(zs.c), np.ascontiguousarray(zr.c))
    lo_vals = np.array([e_s_lo, e_r_lo, z_s_lo, z_r_lo, q_lo])
    return tab_e, tab_z, np.ascontiguousarray(cq), float(lx[0]), float(lx[1] - lx[0]), len(lx), lo_vals


def _thermo_massive(m: float, T: float, statistics: str, g: float) -> tuple[float, float, float]:
    """(s, ds/dT, rho) of a species of mass m at temperature T (exact, tabulated in x = m/T)."""
    if m <= 0:
        raise InvalidInputError("use the massless formulas for m = 0")
    ls, lr, lo, hi, s_lo, r_lo = _species_table(statistics, g)
    x = m / T
    lxv = math.log(x)
    if lxv > hi:                            # Boltzmann-suppressed beyond x = 80: e^-80 ~ 1e-35, negligible
        return 0.0, 0.0, 0.0
    if lxv < lo:                            # ultra-relativistic
        return s_lo * T**3, 3 * s_lo * T**2, r_lo * T**4
    fs = math.exp(float(ls(lxv)))
    dlnfs = float(ls(lxv, 1))               # d ln(s/T^3)/d ln x
    fr = math.exp(float(lr(lxv)))
    s = fs * T**3
    ds_dT = s / T * (3 - dlnfs)             # d/dT at fixed m: d ln x/d ln T = -1
    return s, ds_dT, fr * T**4


@broadcasting('m_zp', 'eps')
@checked(m_zp="pos", eps="real")
def gamma_zp_ee(m_zp: float, eps: float) -> float:
    """Gamma(Z' -> e e) [GeV] through kinetic mixing eps (seed 001 eq. 14)."""
    if m_zp <= 2 * C.m_e:
        return 0.0
    return C.alpha * eps**2 * (m_zp**2 + 2 * C.m_e**2) * math.sqrt(m_zp**2 - 4 * C.m_e**2) / (3 * m_zp**2)


@broadcasting('T_dec')
@checked(T_dec="pos")
def neff_standard_instantaneous(T_dec: float = T_NU_DEC) -> float:
    """N_eff of three neutrinos decoupling instantaneously at T_dec (exact e+- entropy; eq. 10)."""
    s_e, _, _ = _thermo_massive(C.m_e, T_dec, "fermion", 4.0)
    gs = 2 + s_e / (2 * math.pi**2 / 45 * T_dec**3)
    return 3 * (gs / 5.5) ** (-4 / 3)


@dataclass
class NeffResult:
    """N_eff at the end and the temperature histories (seed 001 Fig. 4 left)."""

    neff: float
    t: np.ndarray = field(repr=False)          # cosmic time [GeV^-1] since T_dec
    T: np.ndarray = field(repr=False)          # (gamma, e) temperature [GeV]
    T_nu: np.ndarray = field(repr=False)       # nu_e temperature [GeV]
    T_prime: np.ndarray = field(repr=False)    # (nu_mu, nu_tau, Z') temperature [GeV]


#: Integrators of :func:`neff_three_bath`.
NEFF_METHODS = ("compiled", "radau")
_MAX_STEPS = 200_000


@checked(m_zp="pos", gamma_ee="nonneg", T_dec="pos", T_end="pos", time_dilation="bool", method=NEFF_METHODS,
         rtol=lambda n, v: in_range(n, v, 1e-12, 1e-3, why="integrator tolerances; N_eff needs at least 1e-3"))
def neff_three_bath(m_zp: float, gamma_ee: float = 0.0, T_dec: float = T_NU_DEC, T_end: float | None = None,
                    time_dilation: bool = False, rtol: float | None = None, n_coupled: int = 2,
                    method: str = "compiled") -> NeffResult:
    """Evolve the three baths of seed 001 (module doc) from T_dec to T_end and return N_eff.

    ``method="compiled"`` (default) integrates the same equations with an analytic Jacobian by the L-stable
    Rosenbrock pair of ode23s (Shampine & Reichelt 1997) in compiled code (:mod:`._neff_kernel`), 3-9 ms a
    point; ``"radau"`` is scipy's Radau IIA with a Python right-hand side (0.1-0.5 s), kept as the independent
    reference. ``rtol`` (default 1e-8) is the local relative tolerance of either; at 1e-8 the two agree to
    < 3e-5 in N_eff (tests).

    ``n_coupled`` neutrino flavours share the Z' bath (2 for L_mu - L_tau, seed 001); the other 3 - n_coupled
    free-stream at T_nu. N_eff = [(3 - n) (T_nu/T)^4 + n (T'/T)^4] (11/4)^{4/3}.

    Parameters
    ----------
    m_zp : float
        Z' mass [GeV] (in the nu_mu, nu_tau bath).
    gamma_ee : float
        Gamma(Z' -> e e) [GeV] (e.g. :func:`gamma_zp_ee` with the loop eps); 0 gives the
        entropy-conserving three-bath result.
    T_dec : float
        Neutrino decoupling temperature [GeV], where all three baths start equal (default 1.5 MeV).
    T_end : float
        Final photon temperature [GeV]; default min(m_e, m_Z')/200 (both species gone).
    """
    if n_coupled not in (1, 2, 3):
        raise InvalidInputError(f"n_coupled={n_coupled!r} must be 1, 2 or 3 (neutrino flavours in the Z' bath)")
    n_free = 3 - n_coupled
    T_end = min(C.m_e, m_zp) / 200 if T_end is None else T_end
    if not 0 < T_end < T_dec:
        raise InvalidInputError(f"T_end={T_end!r} must lie in (0, T_dec={T_dec!r})")
    s_gam = 2 * 2 * math.pi**2 / 45
    rho_gam = 2 * math.pi**2 / 30
    N_end = math.log(T_dec / T_end) + 2.0   # T falls a little slower than 1/a while e+- annihilate
    if method == "compiled":
        return _three_bath_compiled(m_zp, gamma_ee, T_dec, T_end, N_end, time_dilation, 1e-8 if rtol is None else rtol,
                                    n_coupled, s_gam, rho_gam)
    rtol = 1e-8 if rtol is None else rtol

    def bath1(T):
        se, dse, re = _thermo_massive(C.m_e, T, "fermion", 4.0)
        return s_gam * T**3 + se, 3 * s_gam * T**2 + dse, rho_gam * T**4 + re

    def bath3(Tp):
        sz, dsz, rz = _thermo_massive(m_zp, Tp, "boson", 3.0)
        return (2 * n_coupled * _S_NU1 * Tp**3 + sz, 6 * n_coupled * _S_NU1 * Tp**2 + dsz,
                2 * n_coupled * _RHO_NU1 * Tp**4 + rz)

    def rho_zp(T):
        if time_dilation:
            return m_zp * thermo.number_density(m_zp, T, 3.0, "boson") if m_zp / T < 80 else 0.0
        return _thermo_massive(m_zp, T, "boson", 3.0)[2]

    # independent variable N = ln a (a = 1 at T_dec); state (T, T', t)
    def rhs(N, y):
        T, Tp = y[0], y[1]
        Tnu = T_dec * math.exp(-N)
        s1, ds1, r1 = bath1(T)
        s3, ds3, r3 = bath3(Tp)
        rho = r1 + 2 * n_free * _RHO_NU1 * Tnu**4 + r3
        H = math.sqrt(rho / 3) / C.m_Pl_red
        Q = gamma_ee * (rho_zp(Tp) - rho_zp(T)) if gamma_ee > 0 else 0.0
        dT = (Q / (T * H) - 3 * s1) / ds1
        dTp = (-Q / (Tp * H) - 3 * s3) / ds3
        return [dT, dTp, 1.0 / H]

    stop = lambda N, y: y[0] - T_end        # noqa: E731
    stop.terminal = True
    sol = integrate.solve_ivp(rhs, (0.0, N_end), [T_dec, T_dec, 0.0], method="Radau", rtol=rtol,
                              atol=[1e-14 * T_dec, 1e-14 * T_dec, 1e-30], events=stop, dense_output=False)
    if not sol.success:
        raise ComputationError(f"three-bath evolution failed: {sol.message}")
    T, Tp, t = sol.y
    Tnu = T_dec * np.exp(-sol.t)
    if T[-1] > T_end * (1 + 1e-6):
        raise ComputationError(f"three-bath evolution stopped at T = {T[-1]:.3g} GeV before T_end = {T_end:.3g} GeV")
    neff = (n_free * (Tnu[-1] / T[-1]) ** 4 + n_coupled * (Tp[-1] / T[-1]) ** 4) * (11 / 4) ** (4 / 3)
    if not math.isfinite(neff):
        raise ComputationError("non-finite N_eff")
    return NeffResult(float(neff), t, T, Tnu, Tp)


def _three_bath_compiled(m_zp, gamma_ee, T_dec, T_end, N_end, time_dilation, rtol, n_coupled, s_gam, rho_gam):
    """:func:`neff_three_bath` by the compiled Rosenbrock march (arguments checked there)."""
    from ._neff_kernel import three_bath_march
    warn_if_slow("the three-bath N_eff evolution")
    tab_e, tab_z, tab_q, lx0, dlx, n, lo_vals = _kernel_tables(bool(time_dilation))
    n_free = 3 - n_coupled
    par = np.array([C.m_e, m_zp, gamma_ee, T_dec, n_free, n_coupled, s_gam, rho_gam, _S_NU1, _RHO_NU1, C.m_Pl_red])
    atol = np.array([1e-14 * T_dec, 1e-14 * T_dec, 1e-30])
    Ns, Ys, count, status, _ = three_bath_march(par, tab_e[0], tab_e[1], tab_z[0], tab_z[1], tab_q, lx0, dlx, n, lo_vals,
                                                T_end, N_end, rtol, atol, 1e-4, _MAX_STEPS)
    if status != 0:
        why = {1: f"T had not fallen to T_end = {T_end:.3g} GeV by ln a = {N_end:.3g}",
               2: f"more than {_MAX_STEPS} steps", 3: "the step size underflowed"}[int(status)]
        raise ComputationError(f"three-bath evolution failed (m_Z' = {m_zp:.4g} GeV, Gamma_ee = {gamma_ee:.3g} GeV): "
                               f"{why}")
    N, Y = Ns[:count], Ys[:count]
    T, Tp, t = Y[:, 0].copy(), Y[:, 1].copy(), Y[:, 2].copy()
    Tnu = T_dec * np.exp(-N)
    neff = (n_free * (Tnu[-1] / T[-1]) ** 4 + n_coupled * (Tp[-1] / T[-1]) ** 4) * (11 / 4) ** (4 / 3)
    if not (np.all(np.isfinite(Y)) and math.isfinite(neff)):
        raise ComputationError(f"three-bath evolution: non-finite temperatures (m_Z' = {m_zp:.4g} GeV)")
    return NeffResult(float(neff), t, T, Tnu, Tp)


def _check_lmu_ltau_like(zp) -> None:
    ch = zp.charges
    if ch.L[0] != 0 or ch.e[0] != 0 or any(ch.Q + ch.u + ch.d) or ch.L[1] == 0 or ch.L[2] == 0:
        raise InvalidInputError(
            f"the three-bath treatment needs a Z' that couples to nu_mu and nu_tau but not to e or quarks "
            f"(L_mu - L_tau); model {ch.name!r} does not")


@checked(zp=ZPrime, T_dec="pos", time_dilation="bool")
def neff_zprime(zp, T_dec: float = T_NU_DEC, time_dilation: bool = False) -> NeffResult:
    """Three-bath N_eff for an L_mu - L_tau-like Z' (seed 001): heat transfer from its total photon mixing.

    Gamma(Z' -> e e) is eq. (14) with eps = ``zp.epsilon_total`` (tree + one loop at q^2 = 0, eq. 3).
    """
    _check_lmu_ltau_like(zp)
    return neff_three_bath(zp.mass, gamma_zp_ee(zp.mass, zp.epsilon_total), T_dec, time_dilation=time_dilation)


@broadcasting('eps')
@checked(eps="real", neff_max="pos", T_dec="pos", m_lo="pos", m_hi="pos", time_dilation="bool")
def neff_mass_bound(eps: float, neff_max: float = 3.5, T_dec: float = T_NU_DEC, m_lo: float = 0.5 * units.MeV,
                    m_hi: float = 200 * units.MeV, time_dilation: bool = False) -> float:
    """Lowest m_Z' [GeV] with N_eff <= neff_max for a Z' in the (nu_mu, nu_tau) bath with photon mixing eps.

    N_eff falls monotonically with m_Z' above the heat-transfer peak; the root is found by
    bisection in ln m between ``m_lo`` and ``m_hi`` (ComputationError if it is not bracketed).
    """
    from scipy import optimize
    if not m_lo < m_hi:
        raise InvalidInputError(f"need m_lo < m_hi, got m_lo={m_lo!r}, m_hi={m_hi!r} (GeV)")

    def excess(lnm):
        m = math.exp(lnm)
        return neff_three_bath(m, gamma_zp_ee(m, eps), T_dec, time_dilation=time_dilation).neff - neff_max

    lo, hi = math.log(m_lo), math.log(m_hi)
    if excess(hi) > 0:
        raise ComputationError(f"N_eff > {neff_max} even at m_Z' = {m_hi:g} GeV")
    # scan down for the highest mass with an excess (the heat transfer makes N_eff non-monotonic at low m)
    grid = np.linspace(hi, lo, 25)
    vals = [excess(v) for v in grid]
    for k in range(1, len(grid)):
        if vals[k] > 0:
            return math.exp(optimize.brentq(excess, grid[k], grid[k - 1], xtol=1e-6))
    raise ComputationError(f"N_eff <= {neff_max} for every m_Z' in [{m_lo:g}, {m_hi:g}] GeV: no bound")
