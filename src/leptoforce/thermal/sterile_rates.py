"""Thermal potentials and collision rates of an active neutrino (seed 002, secs. II-V).

Conventions (natural units, GeV; E, T, m in GeV; rates and potentials in GeV):

* A neutrino of flavour alpha has one helicity; so has the antineutrino. ``Gamma(E, T)`` is the
  interaction rate **per particle** of a nu_alpha of energy E in the plasma: the sum over partner
  species p (nu_alpha, nubar_alpha, the other flavours, the charged leptons with their two spin
  states) of g_p int d^3p'/(2pi)^3 f_p sigma_p v_Mol, with v_Mol = 1 - cos(angle).
  Seed eqs. 3.8 and 3.10 carry an extra factor 2 (their eq. 3.6) that counts nu and nubar; that
  factor belongs to the production of both nu4 helicities (see :mod:`.sterile`), not to the rate
  of one particle, which also damps the oscillations (eq. 2.5).
* With massless partners the angular and partner-momentum integrals collapse to one integral over
  s (Fermi-Dirac partners):

      Gamma_p(E, T) = g_p T / (16 pi^2 E^2) int_0^inf ds s sigma_p(s) ln(1 + exp(-s / (4 E T))).

  Written with xi = s/m_V^2 this is g_p T m_V^2 F_p(r)/(16 pi^2 E^2), r = 4 E T/m_V^2, with a
  dimensionless F_p(r) that is computed once per model and m_V and interpolated.
* The s-channel V pole of nu nubar scattering is split exactly as Breit-Wigner -> pi/(m gamma)
  delta(s - m^2) + finite part: the on-shell piece is the inverse decay nu nubar -> V,
  sigma = 48 pi^2 Gamma(V -> nu_alpha nubar_alpha)/m_V delta(s - m_V^2) = 2 pi q_alpha^2 g^2 delta(s - m_V^2),
  independent of the total width (the width in the peak cancels against the branching ratios);
  its rate is seed eq. 3.12, whose bracket ln(1 + e^w) - w = ln(1 + e^-w) is already the
  Fermi-Dirac result. The off-shell remainder uses the principal value (interference) and the
  Hadamard finite part (|s-channel|^2), evaluated with symmetric node pairs around the pole.
* Heavy charged leptons follow the seed's instantaneous decoupling as scattering partners
  (present for T >= m_l, absent below); as annihilation final states (nu nubar -> l+ l-) they
  carry their exact threshold factor beta (3 - beta^2)/2 instead of the seed's T >= 2 m_l switch.
  Quarks are left out, as in the seed (sec. V: unimportant below a few hundred MeV).
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from scipy import interpolate, special

from .. import constants as C
from ..errors import ComputationError, InvalidInputError, OutOfDomainError
from ..model.charges import FLAVOURS
from .._jit import njit
from ..model.zprime import ZPrime
from ..validate import checked
from ..numerics import readonly

__all__ = ["sigma_nunu", "sigma_nunubar", "sigma_nu_other", "sigma_annihilation", "sigma_nu_lepton",
           "potential_v", "potential_v_heavy", "potential_v_light", "potential_sm", "rate_sm",
           "onshell_rate", "rate_v_heavy", "rate_v_light", "Partners", "partners_for", "rate_v_offshell",
           "RateInterpolator"]

ZETA3 = float(special.zeta(3.0))
_LEPTON_MASS = {"e": "m_e", "mu": "m_mu", "tau": "m_tau"}


# ------------------------------------------------------------------------------------------------
# Cross sections (seed 002 eqs. 3.5 and 4.3), for unit couplings in units of 1/m_V^2, xi = s/m_V^2
# ------------------------------------------------------------------------------------------------
def _tt(xi):
    """t-channel-squared part of nu nubar -> nu nubar, m^2 sigma/c^4 (derived; small-xi series)."""
    xi = np.asarray(xi, float)
    A = 1 + xi
    big = (A * xi + xi - 2 * A * np.log1p(xi)) / (4 * math.pi * np.maximum(xi, 1e-300) ** 2)
    small = (xi / 3 - xi**2 / 6 + xi**3 / 10) / (4 * math.pi)
    return np.where(xi < 1e-3, small, big)


def _int_num(xi):
    """Numerator N of the s-t interference, m^2 sigma_int = N/(xi - 1) (derived; small-xi series)."""
    xi = np.asarray(xi, float)
    A = 1 + xi
    J = A * A * np.log1p(xi) - 2 * A * xi + xi * (xi + 2) / 2
    big = -2 * J / (4 * math.pi * np.maximum(xi, 1e-300) ** 2)
    small = -2 * (xi / 3 - xi**2 / 12) / (4 * math.pi)
    return np.where(xi < 1e-3, small, big)


def _ss_num(xi):
    """Numerator of one s-channel final state with a single-helicity neutrino coupling: xi/(12 pi)."""
    return np.asarray(xi, float) / (12 * math.pi)


def _vector_threshold(s, mass):
    """beta (3 - beta^2)/2: pair production of a vector-coupled fermion of ``mass`` at s (1 when massless)."""
    beta2 = np.clip(1 - 4 * mass**2 / np.maximum(s, 1e-300), 0.0, None)
    return np.sqrt(beta2) * (3 - beta2) / 2


def _nunu_hat(xi):
    xi = np.asarray(xi, float)
    return (xi / (1 + xi) + 2 / (xi + 2) * np.log1p(xi)) / (4 * math.pi)


def _nuother_hat(xi):
    xi = np.asarray(xi, float)
    return xi / (4 * math.pi * (1 + xi))


def _nulep_hat(xi):
    xi = np.asarray(xi, float)
    big = (-(xi + 1) * np.log1p(xi) + xi * (2 * xi * xi + 3 * xi + 2) / (2 * (xi + 1))) / \
        (4 * math.pi * np.maximum(xi, 1e-300) ** 2)
    small = (2 * xi / 3 - 7 * xi**2 / 12) / (4 * math.pi)
    return np.where(xi < 1e-3, small, big)


def _check_sm(s, m_V):
    s = np.asarray(s, float)
    if not (m_V > 0) or np.any(~np.isfinite(s)) or np.any(s < 0):
        raise InvalidInputError(f"need m_V > 0 (got {m_V!r}) and s >= 0 finite [GeV^2]")
    return s


@checked(s="nonnegarray", m_V="pos", lam="coupling")
def sigma_nunu(s, m_V, lam=1.0):
    """sigma(nu_a nu_a -> nu_a nu_a) [GeV^-2] for s [GeV^2], m_V [GeV] (seed 002 eq. 3.5, t and u channels,
    identical final neutrinos); lam is the nu_a coupling."""
    s = _check_sm(s, m_V)
    return lam**4 * _nunu_hat(s / m_V**2) / m_V**2


@checked(s="nonnegarray", m_V="pos", lam="coupling", width="pos")
def sigma_nunubar(s, m_V, lam=1.0, width=None):
    """sigma(nu_a nubar_a -> nu_a nubar_a) [GeV^-2], s- and t-channel V with interference (seed 002 eq. 3.5).

    Derived here from |M|^2 = 4 lam^4 u^2 [1/(s - m^2) + 1/(t - m^2)]^2 (the printed eq. 3.5 is garbled);
    its limits are eqs. 3.7 and 3.9. ``width`` [GeV] puts a Breit-Wigner in the s channel
    (default: none, the pole is left in).
    """
    s = _check_sm(s, m_V)
    xi = s / m_V**2
    d = xi - 1
    if width is None:
        if np.any(d == 0):
            raise ComputationError("sigma_nunubar: s = m_V^2 is on the s-channel pole; give width= for a Breit-Wigner")
        inv, inv2 = 1 / d, 1 / d**2
    else:
        g2 = (width / m_V) ** 2
        inv, inv2 = d / (d * d + g2), 1 / (d * d + g2)
    return lam**4 * (_tt(xi) + _int_num(xi) * inv + _ss_num(xi) * inv2) / m_V**2


@checked(s="nonnegarray", m_V="pos", coupling_product="real")
def sigma_nu_other(s, m_V, coupling_product=1.0):
    """sigma(nu_a nu_b -> nu_a nu_b) = sigma(nu_a nubar_b -> ...) [GeV^-2], b != a, t channel only:
    (q_a q_b g^2)^2 s/(4 pi m^2 (s + m^2)) (seed 002 eq. 4.3); ``coupling_product`` = q_a q_b g^2."""
    s = _check_sm(s, m_V)
    return coupling_product**2 * _nuother_hat(s / m_V**2) / m_V**2


@checked(s="nonnegarray", m_V="pos", coupling_product="real", final_mass="nonneg", final_dof="pos", width="pos")
def sigma_annihilation(s, m_V, coupling_product=1.0, final_mass=0.0, final_dof=1.0, width=None):
    """sigma(nu_a nubar_a -> f fbar) [GeV^-2] through an s-channel V (seed 002 eq. 4.3):
    final_dof x (q_a q_f g^2)^2 s/(12 pi (s - m^2)^2) x beta (3 - beta^2)/2 for a vector-coupled f of
    mass ``final_mass``; final_dof = 1 for a neutrino (one helicity), 2 for a charged lepton."""
    s = _check_sm(s, m_V)
    kin = _vector_threshold(s, final_mass)
    d = s - m_V**2
    den = d * d if width is None else d * d + (m_V * width) ** 2
    return final_dof * coupling_product**2 * s * kin / (12 * math.pi * den)


@checked(s="nonnegarray", m_V="pos", coupling_product="real")
def sigma_nu_lepton(s, m_V, coupling_product=1.0):
    """sigma(nu_a l -> nu_a l) [GeV^-2] for a vector-coupled massless charged lepton l, unpolarised
    (seed 002 eq. 4.3, last line; rederived from dsigma/dt = c^4 (s^2 + u^2)/(8 pi s^2 (t - m^2)^2))."""
    s = _check_sm(s, m_V)
    return coupling_product**2 * _nulep_hat(s / m_V**2) / m_V**2


# ------------------------------------------------------------------------------------------------
# Thermal potential of the V loop (seed 002 eq. 3.3) and its limits (eq. 3.4)
# ------------------------------------------------------------------------------------------------
def _gl(n):
    x, w = np.polynomial.legendre.leggauss(n)
    return x, w


@njit(cache=True, error_model="numpy")
def _potential_kernel(E, T, m2, xg, wg):  # pragma: no cover - compiled
    """Integral of eq. 3.3 for each (E, T): Gauss-Legendre in ln p on panels of unit width in ln p,
    with the log singularities of L1 and L2 as panel boundaries."""
    out = np.empty(E.size)
    for i in range(E.size):
        e, t = E[i], T[i]
        lo = 1e-7 * min(t, m2 / (4 * e), math.sqrt(m2))
        hi = 60.0 * t
        # panel boundaries: the ends and the singular points inside, sorted (a fixed-size buffer and an
        # insertion sort: a reflected list and its sort would multiply the compile time)
        pts = np.empty(5)
        pts[0] = math.log(lo)
        pts[1] = math.log(hi)
        npt = 2
        for c in range(3):
            q = m2 / (4 * e) if c == 0 else (e - m2 / (4 * e) if c == 1 else m2 / (4 * e) - e)
            if lo < q < hi:
                pts[npt] = math.log(q)
                npt += 1
        for j in range(1, npt):
            v = pts[j]
            jj = j - 1
            while jj >= 0 and pts[jj] > v:
                pts[jj + 1] = pts[jj]
                jj -= 1
            pts[jj + 1] = v
        total = 0.0
        for j in range(npt - 1):
            a, b = pts[j], pts[j + 1]
            k = max(1, int(math.ceil(b - a)))
            step = (b - a) / k
            for kk in range(k):
                pa = a + kk * step
                for n in range(xg.size):
                    lp = pa + 0.5 * step * (xg[n] + 1)
                    p = math.exp(lp)
                    om = math.sqrt(p * p + m2)
                    d1 = 4 * p * e - m2
                    l1 = math.log(abs((4 * p * e + m2) / d1)) if d1 != 0 else 0.0
                    n2 = (2 * p * e + 2 * e * om + m2) * (2 * p * e - 2 * e * om + m2)
                    d2 = (-2 * p * e + 2 * e * om + m2) * (-2 * p * e - 2 * e * om + m2)
                    l2 = math.log(abs(n2 / d2)) if (n2 != 0 and d2 != 0) else 0.0
                    x_b = om / t
                    nb = 1.0 / math.expm1(x_b) if x_b < 700 else 0.0
                    x_f = p / t
                    nf = 1.0 / (math.exp(x_f) + 1.0) if x_f < 700 else 0.0
                    integ = (4 * e * p * p / om - m2 * p / (2 * om) * l2) * nb + (4 * e * p - m2 / 2 * l1) * nf
                    total += 0.5 * step * wg[n] * p * integ
        out[i] = total
    return out


@checked(E="posarray", T="posarray", m_V="pos", lam="coupling", nodes="int")
def potential_v(E, T, m_V, lam=1.0, nodes: int = 24):
    """V_T,V(E, T) [GeV], the one-loop thermal potential of a neutrino of energy E [GeV] from a vector of
    mass m_V [GeV] and coupling lam, in a plasma of temperature T [GeV] (seed 002 eq. 3.3).

    Reconstructed from the garbled text as

        V = lam^2/(8 pi^2 E^2) int_0^inf dp { [4 E p^2/omega - m^2 p/(2 omega) L2] n_B(omega)
                                              + [4 E p - m^2/2 L1] n_F(p) },   omega = sqrt(p^2 + m^2),

    with the logarithms L1, L2 of eq. 3.3 taken in absolute value. The overall sign is fixed by the
    limits the seed prints (eq. 3.4): -7 pi^2 lam^2 E T^4/(45 m^4) for T << m_V and +lam^2 T^2/(8E) for
    T >> m_V (the latter is the standard thermal mass m^2 = g^2 T^2/4 of a chiral fermion). The
    integrable log singularities are panel boundaries of a Gauss-Legendre rule in ln p with
    ``nodes`` nodes per unit of ln p. Broadcasts over E and T.
    """
    E, T = np.broadcast_arrays(np.asarray(E, float), np.asarray(T, float))
    if np.any(~(E > 0)) or np.any(~(T > 0)) or not (m_V > 0):
        raise InvalidInputError("potential_v needs E > 0, T > 0 and m_V > 0 [GeV]")
    shape = E.shape
    E, T = E.ravel(), T.ravel()
    xg, wg = _gl(nodes)
    out = _potential_kernel(E, T, float(m_V) ** 2, xg, wg)
    return (lam**2 / (8 * math.pi**2 * E**2) * out).reshape(shape)


@checked(E="posarray", T="posarray", m_V="pos", lam="coupling")
def potential_v_heavy(E, T, m_V, lam=1.0):
    """Seed 002 eq. 3.4, T << m_V: -7 pi^2 lam^2 E T^4/(45 m_V^4) [GeV]."""
    return -7 * math.pi**2 * lam**2 * np.asarray(E) * np.asarray(T) ** 4 / (45 * m_V**4)


@checked(E="posarray", T="posarray", lam="coupling")
def potential_v_light(E, T, lam=1.0):
    """Seed 002 eq. 3.4, T >> m_V: +lam^2 T^2/(8 E) [GeV]."""
    return lam**2 * np.asarray(T) ** 2 / (8 * np.asarray(E))


# ------------------------------------------------------------------------------------------------
# Standard-Model potential and rate (seed 002 eqs. 2.6-2.7)
# ------------------------------------------------------------------------------------------------
@lru_cache(maxsize=16)
def _lepton_rho_table(flavour: str):
    """ln T grid and rho(l+ + l-)/T^4 of a thermal charged lepton (exact Fermi-Dirac), for interpolation."""
    from .thermo import energy_density
    m = getattr(C, _LEPTON_MASS[flavour])
    lnT = np.linspace(math.log(m / 60), math.log(max(1e3 * m, 10.0)), 400)
    vals = np.array([2 * energy_density(m, math.exp(t), 2.0) / math.exp(t) ** 4 for t in lnT])
    return readonly((lnT, vals, m))


def _lepton_rho(flavour: str, T):
    lnT, vals, m = _lepton_rho_table(flavour)
    T = np.asarray(T, float)
    r = np.interp(np.log(T), lnT, vals, left=0.0, right=vals[-1])   # below m/60 the density is < e^-60
    return r * T**4


@checked(E="posarray", T="posarray", flavour=FLAVOURS, form=("notzold-raffelt", "seed"))
def potential_sm(E, T, flavour: str = "mu", form: str = "notzold-raffelt"):
    """V_T,SM(E, T) [GeV] of a neutrino of flavour ``flavour`` without lepton asymmetry (seed 002 eq. 2.6).

    ``form="notzold-raffelt"`` (default): -(8 sqrt2 G_F E/3) [rho(nu nubar)/M_Z^2 + rho(l+ l-)/M_W^2] with
    rho(nu nubar) = 7 pi^2 T^4/120 (one helicity each, the normalisation that gives seed eq. 3.4 from the
    same loop) and the exact thermal energy density of the charged lepton of the same flavour.
    For a massless lepton this is -(7 sqrt2 pi^2/45) G_F E T^4 (1/M_Z^2 + 2/M_W^2) = -2.17 G_F E T^4 (...).
    ``form="seed"``: the printed -3.72 G_F E T^4 (2/M_W^2 + 1/M_Z^2), a factor 12/7 larger, for every flavour.
    """
    if flavour not in FLAVOURS:
        raise InvalidInputError(f"flavour={flavour!r} is unknown; allowed: {', '.join(FLAVOURS)}")
    E, T = np.asarray(E, float), np.asarray(T, float)
    if form == "seed":
        return -3.72 * C.G_F * E * T**4 * (2 / C.m_W**2 + 1 / C.m_Z**2)
    if form != "notzold-raffelt":
        raise InvalidInputError(f"form={form!r} is unknown; allowed: 'notzold-raffelt', 'seed'")
    rho_nu = 7 * math.pi**2 / 120 * T**4
    return -(8 * math.sqrt(2) * C.G_F * E / 3) * (rho_nu / C.m_Z**2 + _lepton_rho(flavour, T) / C.m_W**2)


@checked(E="posarray", T="posarray", flavour=FLAVOURS)
def rate_sm(E, T, flavour: str = "mu"):
    """Gamma_SM = y_a G_F^2 E T^4 [GeV], y_e = 1.27, y_mu,tau = 0.92 (seed 002 eq. 2.7, per particle)."""
    if flavour not in FLAVOURS:
        raise InvalidInputError(f"flavour={flavour!r} is unknown; allowed: {', '.join(FLAVOURS)}")
    y = 1.27 if flavour == "e" else 0.92
    return y * C.G_F**2 * np.asarray(E, float) * np.asarray(T, float) ** 4


# ------------------------------------------------------------------------------------------------
# V-mediated rates
# ------------------------------------------------------------------------------------------------
@checked(E="posarray", T="posarray", m_V="pos", coupling="coupling")
def onshell_rate(E, T, m_V, coupling=1.0):
    """Per-particle inverse-decay rate nu_a nubar_a -> V [GeV] (seed 002 eq. 3.12, Fermi-Dirac partners):
    coupling^2 m_V^2 T/(8 pi E^2) ln(1 + exp(-m_V^2/(4 E T))), coupling = q_a g."""
    E, T = np.asarray(E, float), np.asarray(T, float)
    return coupling**2 * m_V**2 * T / (8 * math.pi * E * E) * np.log1p(np.exp(-m_V**2 / (4 * E * T)))


@checked(E="posarray", T="posarray", m_V="pos", lam="coupling")
def rate_v_heavy(E, T, m_V, lam=1.0):
    """Per-particle off-shell rate for T << m_V, neutrinophilic V: 7 pi lam^4 E T^4/(108 m_V^4) [GeV]
    (seed 002 eq. 3.8 without the factor 2 of eq. 3.6)."""
    return 7 * math.pi * lam**4 * np.asarray(E) * np.asarray(T) ** 4 / (108 * m_V**4)


@checked(T="posarray", m_V="pos", lam="coupling")
def rate_v_light(T, m_V, lam=1.0):
    """Per-particle off-shell rate for T >> m_V, neutrinophilic V: 3 zeta(3) lam^4 T^3/(8 pi^3 m_V^2) [GeV]
    (seed 002 eq. 3.10 with its m_V^4 typo read as m_V^2, and without the factor 2 of eq. 3.6)."""
    return 3 * ZETA3 * lam**4 * np.asarray(T) ** 3 / (8 * math.pi**3 * m_V**2)


class Partners:
    """The scattering partners of nu_alpha in a model, with unit gauge coupling (g = 1).

    Attributes: ``q`` (the nu_alpha charge), ``others`` [(flavour, q_beta)] for the other neutrinos,
    ``leptons`` [(flavour, mass, vector coupling)] for the charged leptons.
    """

    def __init__(self, q: float, others, leptons):
        self.q, self.others, self.leptons = float(q), tuple(others), tuple(leptons)

    def key(self) -> dict:
        return {"q": self.q, "others": [list(o) for o in self.others], "leptons": [list(x) for x in self.leptons]}


@checked(zp=ZPrime, flavour=FLAVOURS)
def partners_for(zp, flavour: str) -> Partners:
    """Partners of nu_``flavour`` for the model of ``zp`` (a :class:`~leptoforce.model.ZPrime`), per unit g.

    Off-diagonal neutrino couplings and axial charged-lepton couplings are outside seed 002 and raise.
    """
    if flavour not in FLAVOURS:
        raise InvalidInputError(f"flavour={flavour!r} is unknown; allowed: {', '.join(FLAVOURS)}")
    G = zp.charges.neutrino_matrix()
    if np.any(np.abs(G - np.diag(np.diag(G))) > 0):
        raise InvalidInputError(f"model {zp.charges.name!r} has flavour-changing neutrino couplings; sterile "
                                "production here needs a diagonal neutrino coupling matrix (seed 002 sec. III H)")
    ia = FLAVOURS.index(flavour)
    q = G[ia, ia]
    if q == 0:
        raise InvalidInputError(f"nu_{flavour} has zero charge in model {zp.charges.name!r}: the vector does not "
                                "change its production; choose the flavour the sterile neutrino mixes with")
    others = [(f, G[i, i]) for i, f in enumerate(FLAVOURS) if i != ia and G[i, i] != 0]
    leptons = []
    for f in FLAVOURS:
        xl, xr = zp.charges.lepton_LR(f)
        if xl != xr:
            raise InvalidInputError(f"charged lepton {f} has chiral charges ({xl}, {xr}); the rates here assume "
                                    "vector couplings")
        if xl != 0:
            leptons.append((f, getattr(C, _LEPTON_MASS[f]), xl))
    return Partners(q, others, leptons)


def _F_table(partners: Partners, m_V: float, r: np.ndarray, nodes: int) -> dict[str, np.ndarray]:
    """F_p(r) = int dxi xi sigma_hat_p(xi) ln(1 + e^{-xi/r}) for every partner type, per unit g.

    Returns {'nubar': ..., 'nu': ..., 'other': ..., 'lepton:<f>': ...} (g_p and the number of
    species not included except for the neutrino flavours, which are summed in 'other').
    """
    q = partners.q
    xg, wg = _gl(nodes)
    out = {k: np.empty(r.size) for k in ["nubar", "nu", "other"] + [f"lepton:{f}" for f, *_ in partners.leptons]}
    qb2 = sum(qb * qb for _, qb in partners.others)

    def ss_weight(xi):
        """s-channel final states: nu_alpha (q^2), the other neutrinos (q_b^2), charged leptons (2 c^2 x threshold)."""
        w = q * q + qb2 + np.zeros_like(xi)
        for _, mass, c in partners.leptons:
            w = w + 2 * c * c * _vector_threshold(m_V**2 * xi, mass)
        return w

    def nubar_parts(xi):
        return (q**4 * _tt(xi), q**4 * _int_num(xi), q * q * ss_weight(xi) * _ss_num(xi))

    def panels(lo, hi):
        a, b = math.log(lo), math.log(hi)
        k = max(2, int(math.ceil(1.5 * (b - a))))
        e = np.linspace(a, b, k + 1)
        lx = (0.5 * (e[1:, None] - e[:-1, None]) * xg + 0.5 * (e[1:, None] + e[:-1, None])).ravel()
        w = (0.5 * (e[1:, None] - e[:-1, None]) * wg).ravel()
        x = np.exp(lx)
        return x, w * x

    for i, rr in enumerate(r):
        lo, hi = 1e-7 * min(1.0, rr), 60 * rr
        wfun = lambda xi: xi * np.log1p(np.exp(-xi / rr))   # noqa: E731
        # partners without a pole
        x, w = panels(lo, hi)
        W = w * wfun(x)
        out["nu"][i] = np.sum(W * q**4 * _nunu_hat(x))
        out["other"][i] = np.sum(W * q * q * qb2 * _nuother_hat(x)) * 2      # nu_b and nubar_b
        for f, mass, c in partners.leptons:
            out[f"lepton:{f}"][i] = np.sum(W * q * q * c * c * _nulep_hat(x))
        # nubar_alpha: t channel, PV interference and finite-part s channel
        if hi <= 0.5:
            tt, num_i, num_s = nubar_parts(x)
            out["nubar"][i] = np.sum(W * (tt + num_i / (x - 1) + num_s / (x - 1) ** 2))
            continue
        total = 0.0
        for a, b in ((lo, 0.5), (1.5, max(hi, 1.6))):
            x, w = panels(a, b)
            tt, num_i, num_s = nubar_parts(x)
            total += np.sum(w * wfun(x) * (tt + num_i / (x - 1) + num_s / (x - 1) ** 2))
        # window [0.5, 1.5]: symmetric pairs xi = 1 +- y, y in (0, 0.5]
        y = 0.25 * (xg + 1)
        wy = 0.25 * wg
        xp, xm = 1 + y, 1 - y
        tp, ip, sp = nubar_parts(xp)
        tm, im, sm = nubar_parts(xm)
        one = np.array([1.0])
        _, _, s1 = nubar_parts(one)
        hp, hm, h1 = wfun(xp) * sp, wfun(xm) * sm, (wfun(one) * s1)[0]
        total += np.sum(wy * (wfun(xp) * tp + wfun(xm) * tm))                       # t channel
        total += np.sum(wy * (wfun(xp) * ip - wfun(xm) * im) / y)                    # principal value
        total += np.sum(wy * (hp + hm - 2 * h1) / y**2) - 2 * h1 / 0.5               # Hadamard finite part
        out["nubar"][i] = total
    return out


def _partner_sum(F_of, partners: Partners, m_V: float, E, T):
    """sum_p g_p T m_V^2 F_p/(16 pi^2 E^2): neutrino partners always, each charged lepton (l- and l+, two spin
    states each) while T >= m_l (instantaneous decoupling). ``F_of(key)`` gives F_p at r = 4ET/m_V^2."""
    tot = F_of("nubar") + F_of("nu") + F_of("other")
    for f, mass, _ in partners.leptons:
        tot = tot + np.where(T >= mass, 4.0 * F_of(f"lepton:{f}"), 0.0)
    return T * m_V**2 * tot / (16 * math.pi**2 * E * E)


class RateInterpolator:
    """Off-shell per-particle rate of nu_alpha for one model and m_V at unit coupling, interpolated in r.

    ``rate(E, T)`` [GeV] = sum_p g_p T m_V^2 F_p(4ET/m_V^2)/(16 pi^2 E^2) with charged-lepton partners
    present for T >= m_l (instantaneous decoupling). Multiply by g^4 for coupling g. The tables span
    r in [r_min, r_max]; outside them ``rate`` raises (no extrapolation).
    """

    @checked(partners=Partners, m_V="pos", r_min="pos", r_max="pos", per_decade="int", nodes="int")
    def __init__(self, partners: Partners, m_V: float, r_min: float, r_max: float, per_decade: int = 16,
                 nodes: int = 10):
        if not (m_V > 0 and 0 < r_min < r_max):
            raise InvalidInputError(f"need m_V > 0 and 0 < r_min < r_max, got {m_V!r}, {r_min!r}, {r_max!r}")
        self.partners, self.m_V = partners, float(m_V)
        n = max(8, int(math.ceil(per_decade * math.log10(r_max / r_min))) + 1)
        self.lnr = np.linspace(math.log(r_min), math.log(r_max), n)
        r = np.exp(self.lnr)
        F = _F_table(partners, m_V, r, nodes)
        norm = r * r * r / (1 + r)                        # F ~ r^3 (heavy V), ~ r^2 (light V)
        self._splines = {k: interpolate.CubicSpline(self.lnr, v / norm) for k, v in F.items()}
        self.r_range = (r_min, r_max)

    def F_of(self, key: str, r):
        r = np.asarray(r, float)
        lo, hi = self.r_range
        if np.any(r < lo * (1 - 1e-12)) or np.any(r > hi * (1 + 1e-12)):
            raise OutOfDomainError(f"r = 4ET/m_V^2 outside the rate table [{lo:.3g}, {hi:.3g}]")
        return self._splines[key](np.log(r)) * r**3 / (1 + r)

    def rate(self, E, T):
        E, T = np.broadcast_arrays(np.asarray(E, float), np.asarray(T, float))
        r = 4 * E * T / self.m_V**2
        return _partner_sum(lambda key: self.F_of(key, r), self.partners, self.m_V, E, T)


@checked(zp_or_partners=(ZPrime, Partners), m_V="pos", E="posarray", T="posarray", flavour=FLAVOURS, nodes="int")
def rate_v_offshell(zp_or_partners, m_V: float, E, T, flavour: str = "mu", nodes: int = 16):
    """Per-particle off-shell V rate of nu_``flavour`` [GeV] at unit coupling, computed directly (no table).

    ``zp_or_partners``: a ZPrime (its charges are used) or a :class:`Partners`. Multiply by g^4.
    """
    partners = zp_or_partners if isinstance(zp_or_partners, Partners) else partners_for(zp_or_partners, flavour)
    E, T = np.broadcast_arrays(np.asarray(E, float), np.asarray(T, float))
    F = _F_table(partners, m_V, (4 * E * T / m_V**2).ravel(), nodes)
    return _partner_sum(lambda key: F[key].reshape(E.shape), partners, m_V, E, T)
