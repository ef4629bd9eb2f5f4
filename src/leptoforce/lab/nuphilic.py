"""Laboratory bounds on a neutrinophilic vector V (seed 002 sec. 3, eqs. 3.19-3.23).

Interaction (seed 002 eq. 3.2): L = sum_ab lambda_ab nu_bar_a gamma^mu nu_b V_mu with left-handed
neutrinos, i.e. our :meth:`ZPrime.neutrino_couplings` G_ab (``charges="nuphilic-mumu"`` etc.).
It descends from the dimension-6 operator of eq. (3.1), which also gives h nu nu V (written
lambda (h/v) nu_bar gamma nu V in the seed), so the Higgs and W rates grow as 1/m_V^2 (longitudinal V),
while Z -> nu nu V does not (the Z couples to the conserved neutrino current).

Reconstructions (the seed's equations are garbled by text extraction):

* eq. (3.19): Gamma(h -> nu nu V) = |lambda|^2 G_F m_h^5 / (3072 sqrt2 pi^3 m_V^2) F_h(h_V),
  F_h = 1 + 12 h^2 (6 + (3 + 4h) ln h) - 64 h^3 - 9 h^4, h = m_V^2/m_h^2. The printed "G_F^2" cannot
  be right (dimensions); F_h(1) = F_h'(1) = F_h''(1) = 0 as phase space requires. Tested against a
  numerical Dalitz integration of |M|^2 = c^2 [s_12 + (s_1V - m_V^2)(s_2V - m_V^2)/m_V^2] for the
  vertex c h nu_bar gamma^mu P_L nu V_mu with c = lambda/v (the seed's normalisation).
* eq. (3.20): Gamma(W -> l nu V) = |lambda|^2 G_F m_W^5 / (512 sqrt2 pi^3 m_V^2) F_W(w),
  F_W = 1 - 8w + 8w^3 - w^4 - 12 w^2 ln w, w = m_V^2/m_W^2 (m_l = 0). The prefactor is checked against
  the longitudinal (Goldstone-equivalence) amplitude integrated here by hand: (1/3)(g^2/2)(lambda/m_V)^2
  x 3/8 m_W^6/(256 pi^3 m_W^3) = |lambda|^2 G_F m_W^5/(512 sqrt2 pi^3 m_V^2).
* eq. (3.21): Gamma(Z -> nu nu V) = |lambda|^2 G_F m_Z^3/(48 sqrt2 pi^3) int_0^{(1 - sqrt y)^2} g_Z(y, w) dw,
  g_Z = ((1 + y)^2 + w^2)/(1 + y - w) ln[(1 + y - w + L)/(1 + y - w - L)] - 2L,
  L = sqrt(w^2 - 2w(1 + y) + (1 - y)^2), y = m_V^2/m_Z^2.
* eq. (3.22): Gamma(M -> l nu V) = |lambda V_qq'|^2 G_F^2 f_M^2 m_M^5/(64 pi^3 m_V^2)
  int_{v}^{(1 - sqrt l)^2} f(l, v, w) dw, f = sqrt(l^2 - 2l(w + 1) + (1 - w)^2)
  [-l^2 + l(2w + 1) + w(1 - w)] (w - v)^2 (2v + w)/w^3, l = m_l^2/m_M^2, v = m_V^2/m_M^2;
  its m_l -> 0, m_V -> 0 limit is eq. (3.23), |lambda V|^2 G_F^2 f^2 m^5/(768 pi^3 m_V^2) (tested).

Bounds (each returns the largest allowed coupling lambda for one flavour entry; widths scale as lambda^2):
Higgs invisible BR < 24% (LHC) and 2.5% (HL-LHC) with Gamma_h(SM) from constants (seed 002 sec. 3.B), and today's
ATLAS combination BR < 10.7% (Phys. Lett. B 842 (2023) 137963, arXiv:2301.10731);
W: new width below the 42 MeV uncertainty of Gamma_W (sec. 3.C); Z: new width below twice the
uncertainty of the measured invisible width (the seed does not state its criterion; this is ours);
K+ -> mu nu nu nu_bar < 2.4e-6 and pi+ -> mu nu nu nu_bar < 5e-6 (sec. 3.E); today's K+ limit is NA62's 1.0e-6
(Phys. Lett. B 816 (2021) 136259, arXiv:2101.12304), applied the same way (the SM-like muon spectrum of the limit
is assumed for K+ -> mu+ nu V, V -> nu nubar, as the seed does with E949's).

Masses in GeV internal units; widths in GeV; couplings dimensionless.
"""
from __future__ import annotations

import math

from scipy import integrate

from .. import inputs
from .. import constants as C
from ..errors import ComputationError, InvalidInputError
from ..validate import broadcasting, checked

__all__ = ["higgs_width", "w_width", "z_width", "meson_width", "F_higgs", "F_w",
           "higgs_invisible_lambda_max", "w_width_lambda_max", "z_invisible_lambda_max", "meson_lambda_max",
           "MESONS", "HIGGS_INV_BR_LIMITS", "MESON_BR_LIMITS", "K_BR_LIMIT_NA62"]

#: Higgs invisible branching-ratio limits: seed 002's (its refs. 51 and 52) and today's ATLAS combination.
HIGGS_INV_BR_LIMITS = {"LHC": inputs.value("higgs_invisible.br_lhc"), "HL-LHC": inputs.value("higgs_invisible.br_hllhc"),
                       "ATLAS 2023": inputs.value("higgs_invisible.br_atlas2023")}
#: Upper limits on BR(M+ -> mu+ nu nu nu_bar) used by seed 002 (PDG, its ref. 51).
MESON_BR_LIMITS = {"K": inputs.value("meson.br_K_mununu"), "pi": inputs.value("meson.br_pi_mununu")}
#: Today's BR(K+ -> mu+ nu nu nu_bar) limit (NA62 2021).
K_BR_LIMIT_NA62 = inputs.value("meson.br_K_mununu_na62")
#: Meson data: mass, decay constant, CKM element, lifetime (constants.toml).
MESONS = {"K": (C.m_K_charged, C.f_K, C.V_us, C.tau_K_charged),
          "pi": (C.m_pi_charged, C.f_pi, C.V_ud, C.tau_pi_charged)}


def _check_mass(m_V: float) -> float:
    m = float(m_V)
    if not (m > 0 and math.isfinite(m)):
        raise InvalidInputError(f"m_V={m_V!r} must be finite and > 0 (GeV internal units)")
    return m


@broadcasting('h')
@checked(h="nonneg")
def F_higgs(h: float) -> float:
    """Phase-space function of eq. (3.19) (reconstructed), h = m_V^2/m_h^2 in (0, 1); F(0) = 1, F(1) = 0."""
    if h <= 0:
        return 1.0
    if h >= 1:
        return 0.0
    return 1 + 12 * h * h * (6 + (3 + 4 * h) * math.log(h)) - 64 * h ** 3 - 9 * h ** 4


@broadcasting('w')
@checked(w="nonneg")
def F_w(w: float) -> float:
    """Phase-space function of eq. (3.20) (reconstructed), w = m_V^2/m_W^2; F(0) = 1, F(1) = 0."""
    if w <= 0:
        return 1.0
    if w >= 1:
        return 0.0
    return 1 - 8 * w + 8 * w ** 3 - w ** 4 - 12 * w * w * math.log(w)


@broadcasting('m_V', 'lam')
@checked(m_V="pos", lam="coupling")
def higgs_width(m_V: float, lam: float = 1.0) -> float:
    """Gamma(h -> nu nu_bar V) [GeV] for coupling ``lam`` (seed 002 eq. 3.19, reconstructed; module doc)."""
    m = _check_mass(m_V)
    return abs(lam) ** 2 * C.G_F * C.m_h ** 5 / (3072 * math.sqrt(2) * math.pi ** 3 * m * m) * F_higgs((m / C.m_h) ** 2)


@broadcasting('m_V', 'lam')
@checked(m_V="pos", lam="coupling")
def w_width(m_V: float, lam: float = 1.0) -> float:
    """Gamma(W -> l nu_bar V) [GeV], lepton mass neglected (seed 002 eq. 3.20, reconstructed; module doc)."""
    m = _check_mass(m_V)
    return abs(lam) ** 2 * C.G_F * C.m_W ** 5 / (512 * math.sqrt(2) * math.pi ** 3 * m * m) * F_w((m / C.m_W) ** 2)


def _g_z(y: float, w: float) -> float:
    r = math.sqrt(y)
    L = math.sqrt(max(((1 - r) ** 2 - w) * ((1 + r) ** 2 - w), 0.0))
    a = 1 + y - w
    if L == 0.0:
        return 0.0
    # g = ((1+y)^2 + w^2)/a ln((a+L)/(a-L)) - 2L = 2L [2w(1+y)/a^2 + ((1+y)^2 + w^2)/a^2 phi(L/a)],
    # phi(z) = atanh(z)/z - 1 >= 0 (atanh(L/a) = ln((a+L)/(2 sqrt y)) since a^2 - L^2 = 4y): a sum of positive terms, free of the cancellation near threshold
    z = L / a
    phi = z * z * (1 / 3 + z * z * (1 / 5 + z * z * (1 / 7 + z * z / 9))) if z < 0.05 else math.log((a + L) / (2 * r)) / z - 1
    return 2 * L * (2 * w * (1 + y) + ((1 + y) ** 2 + w * w) * phi) / (a * a)


@broadcasting('m_V', 'lam')
@checked(m_V="pos", lam="coupling")
def z_width(m_V: float, lam: float = 1.0) -> float:
    """Gamma(Z -> nu nu_bar V) [GeV] by numerical integration of seed 002 eq. (3.21) (reconstructed)."""
    m = _check_mass(m_V)
    y = (m / C.m_Z) ** 2
    if y >= 1:
        return 0.0
    wmax = (1 - math.sqrt(y)) ** 2
    # two pieces: w in [0, w1] in u = ln(1 + w/y) (the integrand varies on the scale w ~ y, which is
    # tiny for a light V), and w in [w1, wmax] in t with w = wmax - t^2 (threshold behaviour
    # g ~ (wmax - w)^(3/2) made smooth)
    w1 = 0.5 * wmax
    umax = math.log1p(w1 / y)
    v1, e1 = integrate.quad(lambda u: y * math.exp(u) * _g_z(y, y * math.expm1(u)), 0.0, umax,
                            limit=400, epsrel=1e-10)
    v2, e2 = integrate.quad(lambda t: 2 * t * _g_z(y, wmax - t * t), 0.0, math.sqrt(wmax - w1),
                            limit=400, epsrel=1e-10)
    val, err = v1 + v2, e1 + e2
    if not (math.isfinite(val) and err <= 1e-6 * abs(val)):
        raise ComputationError(f"Z -> nu nu V integral did not converge at m_V = {m!r} GeV (value {val}, error {err})")
    return abs(lam) ** 2 * C.G_F * C.m_Z ** 3 / (48 * math.sqrt(2) * math.pi ** 3) * val


@broadcasting('m_V', 'lam')
@checked(meson=("K", "pi"), m_V="pos", lam="coupling", lepton_mass="nonneg")
def meson_width(meson: str, m_V: float, lam: float = 1.0, lepton_mass: float | None = None) -> float:
    """Gamma(M+ -> l+ nu V) [GeV] for M = 'K' or 'pi' (seed 002 eq. 3.22, reconstructed; default lepton mu)."""
    if meson not in MESONS:
        raise InvalidInputError(f"meson={meson!r} is unknown; allowed: {', '.join(MESONS)}")
    m = _check_mass(m_V)
    mM, fM, V, _ = MESONS[meson]
    ml = C.m_mu if lepton_mass is None else float(lepton_mass)
    if m + ml >= mM:
        return 0.0
    l, v = (ml / mM) ** 2, (m / mM) ** 2

    def f(w):
        root = math.sqrt(max(l * l - 2 * l * (w + 1) + (1 - w) ** 2, 0.0))
        return root * (-l * l + l * (2 * w + 1) + w * (1 - w)) * (w - v) ** 2 * (2 * v + w) / w ** 3

    val, _ = integrate.quad(f, v, (1 - math.sqrt(l)) ** 2, limit=200, epsrel=1e-10)
    return abs(lam * V) ** 2 * C.G_F ** 2 * fM ** 2 * mM ** 5 / (64 * math.pi ** 3 * m * m) * val


@broadcasting('m_V')
@checked(_result="inf_ok", m_V="pos", which=tuple(HIGGS_INV_BR_LIMITS))
def higgs_invisible_lambda_max(m_V: float, which: str = "LHC") -> float:
    """Largest |lambda| with BR(h -> nu nu V) below the LHC (24%) or HL-LHC (2.5%) limit of seed 002 sec. 3.B, or
    today's ATLAS 2023 combination (10.7%, arXiv:2301.10731); ``m_V`` in GeV.

    BR = Gamma_new/(Gamma_SM + Gamma_new) < B  <=>  Gamma_new < B/(1 - B) Gamma_SM. Returns inf above m_h.
    """
    if which not in HIGGS_INV_BR_LIMITS:
        raise InvalidInputError(f"which={which!r} is unknown; allowed: {', '.join(HIGGS_INV_BR_LIMITS)}")
    B = HIGGS_INV_BR_LIMITS[which]
    g1 = higgs_width(m_V, 1.0)
    return math.inf if g1 <= 0 else math.sqrt(B / (1 - B) * C.Gamma_h_SM / g1)


@broadcasting('m_V')
@checked(_result="inf_ok", m_V="pos")
def w_width_lambda_max(m_V: float) -> float:
    """Largest |lambda| with Gamma(W -> mu nu V) below the uncertainty of Gamma_W (42 MeV; seed 002 sec. 3.C)."""
    g1 = w_width(m_V, 1.0)
    return math.inf if g1 <= 0 else math.sqrt(C.Gamma_W_err / g1)


@broadcasting('m_V')
@checked(_result="inf_ok", m_V="pos", n_sigma="pos")
def z_invisible_lambda_max(m_V: float, n_sigma: float = 2.0) -> float:
    """Largest |lambda| with Gamma(Z -> nu nu V) below n_sigma x the uncertainty of Gamma(Z -> inv)."""
    g1 = z_width(m_V, 1.0)
    return math.inf if g1 <= 0 else math.sqrt(n_sigma * C.Gamma_Z_inv_err / g1)


@broadcasting('m_V')
@checked(_result="inf_ok", meson=("K", "pi"), m_V="pos", br_limit="prob")
def meson_lambda_max(meson: str, m_V: float, br_limit: float | None = None) -> float:
    """Largest |lambda_mumu| allowed by BR(M+ -> mu+ nu nu nu_bar) < ``br_limit`` (default: seed 002 sec. 3.E's,
    :data:`MESON_BR_LIMITS`; today's K+ limit is :data:`K_BR_LIMIT_NA62`); ``m_V`` in GeV; inf when closed."""
    if meson not in MESON_BR_LIMITS:
        raise InvalidInputError(f"meson={meson!r} is unknown; allowed: {', '.join(MESON_BR_LIMITS)}")
    br = MESON_BR_LIMITS[meson] if br_limit is None else br_limit
    if not br > 0:
        raise InvalidInputError(f"br_limit={br_limit!r} must be a branching-ratio limit in (0, 1]")
    g1 = meson_width(meson, m_V, 1.0)
    if g1 <= 0:
        return math.inf
    gamma_tot = 1.0 / MESONS[meson][3]
    return math.sqrt(br * gamma_tot / g1)
