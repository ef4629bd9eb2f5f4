"""Right-handed-neutrino dark matter N1 talking to the bath through a Z' (seed 004, the U nu MSM).

Processes (seed 004 appendix A): (a) N1 N1 <-> f f_bar, (b) Z' Z' <-> f f_bar, (c) N1 N1 <-> Z' Z'.
N1 is a Majorana fermion of U(1) charge X (-1 for B-L) with L = (g X/2) Z'_mu N1_bar gamma^mu gamma5 N1
(Feynman rule g X gamma^mu gamma5); SM fermions couple vectorially with g Q_f, left-handed
neutrinos chirally. Works for any :class:`~leptoforce.model.ZPrime` whose charges give N1 a charge.

(a) is an s-channel Z' process. Its rate is computed from the Z' partial widths at the running
mass sqrt(s) (:func:`leptoforce.thermal.freezein.resonant_density`), which makes the N1
normalisation consistent with the width (A.8) by construction and takes the real Z' width
(hadrons via the R ratio, thresholds). Against this, the printed (A.4) is a factor 2 low for a
Majorana pair (shown in the tests), and the paper's eq. (3.5) counts neutrinos with two helicities
(sum_f N_c Q_f^2 = 8 instead of 6.5).

(b), (c) are t/u-channel processes. The printed (A.5) and (A.6) are garbled; we reconstructed both
and verified them against an explicit Dirac-trace evaluation of the amplitudes (tests):

(A.5)  sum|M_b|^2 = 8 g^4 Q^4 { t u/(t-m^2)^2 [1 - m^2 (3t+u)/(t u) - (M^4 + 4 M^2 m^2 + m^4)/(t u)] + (t<->u) }
                  + 16 g^4 Q^4 s^2/((t-m^2)(u-m^2)) [(2 M^2 + m^2)/s - 2 (M^2 + 2 m^2) m^2/s^2]

       (the printed minus sign belongs to the second term of the last bracket; m = M_f, M = M_Z'; it
       reduces to Brown & Mikaelian's f f_bar -> Z Z for m = 0 and to Peskin & Schroeder eq. 5.105
       for M = 0).

(A.6)  sum|M_c|^2 = 8 g^4 { t u/(t-m^2)^2 [1 - m^2 (19t+u)/(t u) - (M^4 - 12 M^2 m^2 + 17 m^4)/(t u)] + (t<->u) }
                  + 16 g^4 s^2/((t-m^2)(u-m^2)) [(2 M^2 - 3 m^2)/s + 2 (6 m^2 - M^2) m^2/s^2]

       (m = M_N1). The printed version has "19t - u" and an overall normalisation 8 times smaller;
       as in the paper only the -g_{mu nu} part of the Z' polarisation sums is kept (the longitudinal
       part grows with s and is cancelled only together with the scalar S, which the paper drops;
       seed 004 below eq. A.6).

Neutrino final states count half of the massless (A.5) per flavour (one helicity, seed 004 below
A.6). Quarks enter (b) only above the perturbative threshold sqrt(s) > 2 GeV (Settings), since
below it there are no free quarks; (a) uses the R ratio there.

Units: masses, T in GeV internal units, cross sections in GeV^-2, rates in GeV.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import special

from .. import constants as C
from ..decays.zprime import partial_widths
from ..errors import ComputationError, InvalidInputError
from ..model.charges import FLAVOURS
from ..model.zprime import ZPrime, fermion_mass
from ..settings import DEFAULT, Settings
from . import thermo
from .averages import sigma_v_thermal_nodes
from .freezein import FREEZEIN_X_MAX, freezein_yield, resonant_density
from ..validate import broadcasting, checked, fields
from ..numerics import readonly

__all__ = ["amp2_a_paper", "amp2_b", "amp2_c", "sigma_b", "sigma_c", "n_eq_boltzmann",
           "RHNSystem", "omega_eq37", "omega_eq313", "f_tau", "vs_eq41"]



# ---------------------------------------------------------------------------------------------
# squared amplitudes (summed over all spins), per unit coupling: multiply by g^4 (Q^4)
# ---------------------------------------------------------------------------------------------
@checked(s="posarray", t="realarray", m_n="nonneg", m_f="nonneg")
def amp2_a_paper(s, t, m_n: float, m_f: float):
    """Printed seed 004 eq. (A.4) per unit g^4 Q_f^2 N_C, without the propagator: s^2 x bracket x 4.

    The bracket is read as (t^2 + u^2)/s^2 - 4 m_f^2 (t + u)/s^2 + 2 (-M^4 - 2 M^2 m_f^2 + 3 m_f^4)/s^2 + ...
    only its massless limit (t^2 + u^2)/s^2 is used (tests: the normalisation check).
    """
    u = 2 * m_n**2 + 2 * m_f**2 - s - t
    return 4 * (t * t + u * u)


@checked(s="posarray", t="realarray", M="pos", m="nonneg")
def amp2_b(s, t, M: float, m: float):
    """Reconstructed seed 004 eq. (A.5) per unit g^4 Q^4 (module doc): Z'(M) Z' -> f(m) f_bar."""
    u = 2 * m * m + 2 * M * M - s - t

    def half(t, u):
        return 8 * (t * u - m * m * (3 * t + u) - (M**4 + 4 * M * M * m * m + m**4)) / (t - m * m) ** 2

    br = (2 * M * M + m * m) / s - 2 * (M * M + 2 * m * m) * m * m / s**2
    return half(t, u) + half(u, t) + 16 * s * s / ((t - m * m) * (u - m * m)) * br


@checked(s="posarray", t="realarray", M="pos", m="nonneg")
def amp2_c(s, t, M: float, m: float):
    """Reconstructed seed 004 eq. (A.6) per unit g^4 X^4 (module doc): N1(m) N1 -> Z'(M) Z'."""
    u = 2 * m * m + 2 * M * M - s - t

    def half(t, u):
        return 8 * (t * u - m * m * (19 * t + u) - (M**4 - 12 * M * M * m * m + 17 * m**4)) / (t - m * m) ** 2

    br = (2 * M * M - 3 * m * m) / s + 2 * (6 * m * m - M * M) * m * m / s**2
    return half(t, u) + half(u, t) + 16 * s * s / ((t - m * m) * (u - m * m)) * br


def _t_integrated(s, m: float, M: float, p: float, q: float, R: float, B):
    """Closed-form int dt of the (A.5)/(A.6) structure over the physical t range, array s [GeV^2].

    sum|M|^2 = 8 [h(t,u) + h(u,t)] + 16 s^2 B/((t-m^2)(u-m^2)), h = (t u - m^2 (p t + q u) - R)/(t-m^2)^2,
    u = 2 m^2 + 2 M^2 - s - t (fermion m exchanged, two vectors of mass M). With y = t - m^2,
    S = s - 2 M^2: h = -1 - b1/y + c0/y^2, b1 = S + m^2 (p - q), c0 = m^4 (1-p-q) + m^2 S (q-1) - R, and
    the range ends are y = -a_lo, -a_hi with a_lo a stable form of m^2 - t_max. h(u,t) integrates to
    the same as h(t,u) (the range is t<->u symmetric), the cross term to 32 s^2 B ln(a_hi/a_lo)/S.
    """
    s = np.asarray(s, float)
    E2 = s / 4
    pv = np.sqrt(np.maximum(E2 - M * M, 0.0))       # vector momentum
    pn = np.sqrt(np.maximum(E2 - m * m, 0.0))       # fermion momentum
    pp = pv * pn
    e2_minus = (E2 * (M * M + m * m) - M * M * m * m) / (E2 + pp)   # E^2 - p_i p_f, stable
    a_lo = (2 * m * m * pv * pv + M * M * e2_minus) / (E2 + pp)
    a_hi = 2 * E2 - M * M + 2 * pp
    L = np.log(a_hi / a_lo)
    S = s - 2 * M * M
    b1 = S + m * m * (p - q)
    c0 = m**4 * (1 - p - q) + m * m * S * (q - 1) - R
    half = 4 * pp - b1 * L - 4 * c0 * pp / (a_lo * a_hi)
    # the formulas above run from t_max to t_min; the physical integral is the reverse
    return -(16 * half - 32 * s * s * B(s) * L / S)


def _t_integral_b(s, M: float, m: float):
    """int dt sum|M_b|^2 per unit g^4 Q^4 (reconstructed A.5)."""
    return _t_integrated(s, m, M, 3.0, 1.0, M**4 + 4 * M * M * m * m + m**4,
                         lambda s_: (2 * M * M + m * m) / s_ - 2 * (M * M + 2 * m * m) * m * m / s_**2)


def _t_integral_c(s, M: float, m: float):
    """int dt sum|M_c|^2 per unit g^4 X^4 (reconstructed A.6)."""
    return _t_integrated(s, m, M, 19.0, 1.0, M**4 - 12 * M * M * m * m + 17 * m**4,
                         lambda s_: (2 * M * M - 3 * m * m) / s_ + 2 * (6 * m * m - M * M) * m * m / s_**2)


@checked(zp=ZPrime, s="nonnegarray", settings=Settings)
def sigma_b(zp: ZPrime, s, settings: Settings = DEFAULT):
    """sigma(Z' Z' -> SM f f_bar) [GeV^-2], averaged over the 3 x 3 Z' polarisations, array s [GeV^2]."""
    s = np.atleast_1d(np.asarray(s, float))
    M = zp.mass
    out = np.zeros_like(s)
    ok = s > 4 * M * M
    if not ok.any():
        return out
    ss = s[ok]
    lam = ss * (ss - 4 * M * M)
    tot = np.zeros_like(ss)
    ch = zp.charges
    for f in FLAVOURS:
        q = ch.e[FLAVOURS.index(f)]
        if q != 0:
            m = fermion_mass(f)
            open_ = ss > 4 * m * m
            if open_.any():
                tot[open_] += q**4 * _t_integral_b(ss[open_], M, m)
        qn = ch.L[FLAVOURS.index(f)]
        if qn != 0:   # one neutrino helicity: half of the massless (A.5)
            tot += 0.5 * qn**4 * _t_integral_b(ss, M, 0.0)
    thr = settings.perturbative_hadron_threshold
    if (ch.Q != ch.u or ch.Q != ch.d) and any(ch.Q + ch.u + ch.d):
        raise InvalidInputError(f"sigma_b needs vector-like quark charges (Q = u = d), model {ch.name!r} has chiral ones")
    # u, d, s current masses << 2 GeV are set to zero above the perturbative threshold
    for x, mq in ((ch.u[0], 0.0), (ch.d[0], 0.0), (ch.d[1], 0.0), (ch.u[1], C.m_c), (ch.d[2], C.m_b), (ch.u[2], C.m_t)):
        if x == 0:
            continue
        open_ = (ss > 4 * mq * mq) & (np.sqrt(ss) > thr)
        if open_.any():
            tot[open_] += 3 * x**4 * _t_integral_b(ss[open_], M, mq)
    out[ok] = zp.g**4 * tot / (9 * 16 * math.pi * lam)
    return out


@checked(zp=ZPrime, s="nonnegarray", index="count0")
def sigma_c(zp: ZPrime, s, index: int = 0):
    """sigma(N_i N_i -> Z' Z') [GeV^-2], spin-averaged (1/4), identical final state (1/2); array s [GeV^2]."""
    s = np.atleast_1d(np.asarray(s, float))
    m = zp.rhn_masses[index]
    X = zp.charges.nu_R[index]
    M = zp.mass
    out = np.zeros_like(s)
    ok = s > 4 * max(M, m) ** 2
    if ok.any():
        ss = s[ok]
        lam = ss * (ss - 4 * m * m)
        I = _t_integral_c(ss, M, m)
        out[ok] = 0.5 * zp.g**4 * X**4 * I / (4 * 16 * math.pi * lam)
    return out


@checked(m="nonneg", T="pos", g="pos")
def n_eq_boltzmann(m: float, T: float, g: float):
    """Maxwell-Boltzmann n_eq = g m^2 T K2(m/T)/(2 pi^2) [GeV^3] (seed 004 below A.8; massless limit g T^3/pi^2)."""
    if m == 0:
        return g * T**3 / math.pi**2
    return g * m * m * T * special.kn(2, m / T) / (2 * math.pi**2)


# ---------------------------------------------------------------------------------------------
# running Z' widths, tabulated per unit g^2
# ---------------------------------------------------------------------------------------------
#: sqrt(s) window of the R-ratio resonances (rho, omega, phi ...), sampled in chunks of 5 MeV (8 nodes each) [GeV].
_HADRON_WINDOW = ((0.25, 2.3, 0.005),)


@lru_cache(maxsize=16)
def _sm_width_table(charges, settings: Settings):
    """ln E grid and Gamma_SM(E)/(g^2 E) for a Z' of mass E with these charges (eps = 0, no N's)."""
    E = np.unique(np.concatenate([np.geomspace(1e-7, 1e5, 1201), np.linspace(0.25, 2.3, 2501)]))
    zp1 = ZPrime(mass=1.0, g=1.0, charges=charges, loop_mixing=False)
    h = np.array([partial_widths(zp1.with_(mass=float(e)), settings)["total"] / e for e in E])
    return readonly((np.log(E), h))


@dataclass(frozen=True)
class RHNSystem:
    """N1 + Z' system of seed 004: rates, thermal status and relic abundance for a Z' with an N1.

    ``zp`` must carry ``rhn_masses[index]`` (the DM N_i) and no kinetic mixing (the paper's
    epsilon = 0; the widths are tabulated per unit g^2). Heavier N's are left out of ``rhn_masses``.
    """

    zp: ZPrime
    index: int = 0
    settings: Settings = DEFAULT

    def __post_init__(self):
        fields(self, "RHNSystem.", zp=ZPrime, index="count0", settings=Settings)
        if len(self.zp.rhn_masses) <= self.index:
            raise InvalidInputError(f"zp.rhn_masses has no entry {self.index} (the DM N mass)")
        if self.zp.charges.nu_R[self.index] == 0:
            raise InvalidInputError("the DM right-handed neutrino has zero U(1) charge: no Z' portal")
        if self.zp.epsilon != 0.0 or (self.zp.loop_mixing and self.zp.epsilon_total != 0.0):
            raise InvalidInputError("RHNSystem needs epsilon = 0 and no loop mixing (seed 004 takes epsilon = 0)")

    # -- masses and widths ---------------------------------------------------------------------
    @property
    def m_n(self) -> float:
        return self.zp.rhn_masses[self.index]

    @property
    def charge(self) -> float:
        return self.zp.charges.nu_R[self.index]

    @checked(E="posarray")
    def width_sm(self, E):
        """Gamma(Z' -> SM) [GeV] of a Z' of mass E [GeV] (running width; R ratio for hadrons)."""
        lnE, h = _sm_width_table(self.zp.charges, self.settings)
        le = np.log(E)
        if np.any(le < lnE[0]) or np.any(le > lnE[-1]):
            raise ComputationError(f"running width requested at E = {E} GeV, outside the tabulated 1e-7 - 1e5 GeV")
        return self.zp.g**2 * E * np.interp(le, lnE, h)

    @checked(E="posarray", index="count0")
    def width_nn(self, E, index: int | None = None):
        """Gamma(Z' -> N_i N_i) [GeV] at mass E [GeV], scalar or array (seed 004 eq. A.8)."""
        i = self.index if index is None else index
        m = self.zp.rhn_masses[i]
        E = np.asarray(E, float)
        beta2 = np.clip(1 - 4 * m * m / (E * E), 0.0, None)
        out = self.zp.g**2 * self.zp.charges.nu_R[i] ** 2 * E * beta2**1.5 / (24 * math.pi)
        return float(out) if out.ndim == 0 else out

    @property
    def width_total(self) -> float:
        """Total Z' width [GeV] (SM + all N's in ``zp.rhn_masses``)."""
        E = self.zp.mass
        return float(self.width_sm(E)) + sum(self.width_nn(E, i) for i in range(len(self.zp.rhn_masses)))

    # -- reaction densities and rates -----------------------------------------------------------
    @checked(T="posarray", method=("nodes", "quad"))
    def gamma_a(self, T, method: str = "nodes"):
        """Reaction density of f f_bar <-> N1 N1 [GeV^4] at T [GeV], scalar or array (exact Breit-Wigner; freeze-in
        source term)."""
        m = self.m_n
        return resonant_density(T, self.zp.mass, self.width_total, self.width_sm, self.width_nn, 4 * m * m,
                                method=method, fine_windows=_HADRON_WINDOW)

    @checked(s="nonnegarray")
    def sigma_a(self, s):
        """sigma(N1 N1 -> SM) [GeV^-2], spin-averaged, from the running widths (array s [GeV^2]).

        Detailed balance with :meth:`gamma_a` (n_eq^2 <sigma v>/2 = gamma for identical initial N1):
        sigma = 24 pi s G_NN(sqrt s) G_SM(sqrt s)/((s - 4 M_N1^2) ((s - M^2)^2 + M^2 Gamma^2)).
        """
        s = np.asarray(s, float)
        m, M, G = self.m_n, self.zp.mass, self.width_total
        E = np.sqrt(s)
        with np.errstate(divide="ignore", invalid="ignore"):
            out = 24 * math.pi * s * self.width_nn(E) * self.width_sm(E) / ((s - 4 * m * m) * ((s - M * M) ** 2 + (M * G) ** 2))
        return np.where(s > 4 * m * m, out, 0.0)

    @broadcasting('T')
    @checked(T="pos")
    def rate_a(self, T: float) -> float:
        """r_a = <sigma v>(N1 N1 -> f f_bar) n_eq^N1 = 2 gamma_a / n_eq^N1 [GeV] (seed 004 app. A)."""
        gam = self.gamma_a(T)
        if gam == 0.0:      # both gamma_a and n_eq underflow (T << M_N1): the rate is exponentially small
            return 0.0
        return 2 * gam / n_eq_boltzmann(self.m_n, T, 2.0)

    @broadcasting('T')
    @checked(T="pos")
    def rate_b(self, T: float) -> float:
        """r_b = <sigma v>(Z' Z' -> f f_bar) n_eq^Z' [GeV], with g_Z' = 3."""
        M = self.zp.mass
        sv = float(sigma_v_thermal_nodes(lambda s, _m: sigma_b(self.zp, s, self.settings), M, M / T))
        return sv * n_eq_boltzmann(M, T, 3.0)

    @broadcasting('T')
    @checked(T="pos")
    def rate_c(self, T: float) -> float:
        """r_c = <sigma v>(N1 N1 -> Z' Z') n_eq^N1 [GeV]."""
        m = self.m_n
        sv = float(sigma_v_thermal_nodes(lambda s, _m: sigma_c(self.zp, s, self.index), m, m / T))
        return sv * n_eq_boltzmann(m, T, 2.0)

    @broadcasting('T')
    @checked(T="pos")
    def rate_zp_decay(self, T: float) -> float:
        """Z' decays and inverse decays per Z' in equilibrium: Gamma_SM K1/K2 [GeV] (not in seed 004's list)."""
        M = self.zp.mass
        x = M / T
        return float(self.width_sm(M)) * special.k1e(x) / special.kve(2, x)

    # -- thermal history ------------------------------------------------------------------------
    @checked(T_max="pos", T_min="pos", n="int")
    def thermal_history(self, T_max: float | None = None, T_min: float | None = None, n: int = 48,
                        include_decays: bool = False) -> dict:
        """N1 thermalization and decoupling (seed 004 sec. 3.1, Fig. 1a logic).

        N1 is thermal when r_a > H at some T, or when the Z' is thermal (r_b > H, or inverse decays
        if ``include_decays``) and r_c > H at the same T. The decoupling temperature is the lowest T
        at which the thermalizing rate still exceeds H (``n`` log-spaced temperatures, the crossing
        interpolated in ln T; r_c is evaluated only where the Z' is thermal). Returns a dict with ``thermal`` (bool),
        ``T_dec`` [GeV] (NaN if never thermal), ``x_dec`` = M_N1/T_dec and ``regime`` in
        {"non-thermal", "relativistic", "non-relativistic"} (relativistic when M_N1/T_dec < 1).
        """
        lo, hi = thermo.gstar_range()
        T_hi = hi if T_max is None else T_max
        T_lo = max(lo, 1e-3 * min(self.m_n, self.zp.mass)) if T_min is None else T_min
        Ts = np.geomspace(T_hi, T_lo, n)
        H = thermo.hubble(Ts)
        ra = np.array([self.rate_a(T) for T in Ts]) / H
        zth = np.array([self.rate_b(T) for T in Ts]) / H
        if include_decays:
            zth = np.maximum(zth, np.array([self.rate_zp_decay(T) for T in Ts]) / H)
        # r_c matters only where the Z' is thermal (the N1 -> Z' -> bath chain)
        rc = np.zeros_like(ra)
        need = zth > 1
        if need.any():
            rc[need] = np.array([self.rate_c(T) for T in Ts[need]]) / H[need]
        thermal_pts = (ra > 1) | ((zth > 1) & (rc > 1))
        if not thermal_pts.any():
            return {"thermal": False, "T_dec": float("nan"), "x_dec": float("nan"), "regime": "non-thermal",
                    "T": Ts, "ra_over_H": ra, "rb_over_H": zth, "rc_over_H": rc}
        i = int(np.nonzero(thermal_pts)[0][-1])
        if i + 1 < Ts.size:   # interpolate the crossing in ln T using the dominant ratio
            r_i = max(ra[i], min(zth[i], rc[i]))
            r_j = max(ra[i + 1], min(zth[i + 1], rc[i + 1]))
            fr = math.log(r_i) / (math.log(r_i) - math.log(max(r_j, 1e-300)))
            T_dec = math.exp(math.log(Ts[i]) + fr * (math.log(Ts[i + 1]) - math.log(Ts[i])))
        else:
            T_dec = float(Ts[i])
        x_dec = self.m_n / T_dec
        return {"thermal": True, "T_dec": T_dec, "x_dec": x_dec,
                "regime": "relativistic" if x_dec < 1 else "non-relativistic",
                "T": Ts, "ra_over_H": ra, "rb_over_H": zth, "rc_over_H": rc}

    # -- freeze-in ------------------------------------------------------------------------------
    @checked(T_R="pos", gstar="pos", method=("nodes", "quad"))
    def freezein_yield(self, T_R: float | None = None, gstar: float | None = None, method: str = "nodes") -> float:
        """Freeze-in yield of N1 from f f_bar -> Z'(*) -> N1 N1 (process a), n(T_R) = 0 (seed 004 eq. 3.4).

        With the exact running-width Breit-Wigner, the table g_*(T) and d ln g_*s/d ln T unless a
        constant ``gstar`` is given. The reheating temperature T_R defaults to 1000 x the production
        scale (max(M_Z', 2 M_N1)) or the g_* table's upper end if lower: the production above it is
        < 1e-3 of the total (it falls as T^-3 on the resonance, as T^-1 off it).
        """
        lo, hi = thermo.gstar_range()
        scale = max(self.zp.mass, 2 * self.m_n)
        T_R = min(hi, 1000 * scale) if T_R is None else T_R
        T_min = max(lo, scale / FREEZEIN_X_MAX)
        if T_min >= T_R:
            raise InvalidInputError(f"T_R={T_R:g} GeV is below the production temperature ~{T_min:g} GeV")
        return freezein_yield(self.gamma_a, T_min, T_R, gstar=gstar, n_per_reaction=2.0,
                              scale_points=[scale / k for k in (1, 3, 10, 30)], rtol=1e-4, method=method,
                              dlnT=0.4, vectorized=method == "nodes")

    @checked(T_R="pos", gstar="pos", method=("nodes", "quad"))
    def freezein_omega_h2(self, T_R: float | None = None, gstar: float | None = None, method: str = "nodes") -> float:
        """Omega_N1 h^2 from :meth:`freezein_yield` (s_0 and rho_c from :mod:`.freezeout`)."""
        from .freezeout import omega_h2_from_yield
        return omega_h2_from_yield(self.m_n, self.freezein_yield(T_R, gstar, method), self_conjugate=True)


# ---------------------------------------------------------------------------------------------
# the paper's analytic estimates
# ---------------------------------------------------------------------------------------------
@broadcasting('tau')
@checked(tau="prob_open")
def f_tau(tau: float) -> float:
    """f(tau) = tau (1 - tau^2)^{3/2}, tau = 2 M_N1/M_Z' (seed 004 below eq. 3.7); maximum 0.325 at tau = 1/2.

    The text's "maximal value 0.19 at tau = 2/5" is the maximum 0.186 of tau^2 (1 - tau^2)^{3/2}, at tau^2 = 2/5.
    """
    if not 0 < tau < 1:
        raise InvalidInputError(f"tau={tau!r} must satisfy 0 < tau < 1 (M_Z' > 2 M_N1)")
    return tau * (1 - tau * tau) ** 1.5


@broadcasting('g', 'tau', 'gstar', 'c_f', 'f_norm')
@checked(g="gpos", tau="prob_open", gstar="pos", c_f="pos", f_norm="pos")
def omega_eq37(g: float, tau: float, gstar: float = 100.0, c_f: float = 7.0, f_norm: float = 0.19) -> float:
    """Seed 004 eq. (3.7): Omega h^2 = 0.12 (100/g_*)^{3/2} (g/5.1e-12)^2 (7/C_f) f(tau)/f_norm."""
    return 0.12 * (100 / gstar) ** 1.5 * (g / 5.1e-12) ** 2 * (7 / c_f) * f_tau(tau) / f_norm


@broadcasting('g', 'gstar')
@checked(g="gpos", gstar="pos")
def omega_eq313(g: float, gstar: float = 100.0) -> float:
    """Seed 004 eq. (3.13): Omega h^2 = 0.12 (100/g_*)^{3/2} (g/4.5e-6)^4 (off-resonance freeze-in)."""
    return 0.12 * (100 / gstar) ** 1.5 * (g / 4.5e-6) ** 4


@broadcasting('m_zp', 'omega_h2', 'gstar')
@checked(m_zp="pos", omega_h2="pos", gstar="pos")
def vs_eq41(m_zp: float, omega_h2: float = 0.12, gstar: float = 100.0) -> float:
    """Seed 004 eq. (4.1): B-L breaking scale v_S = 7.9e4 M_Z' (0.12/Omega)^{1/4} (100/g_*)^{3/8} [GeV]."""
    return 7.9e4 * m_zp * (0.12 / omega_h2) ** 0.25 * (100 / gstar) ** 0.375
