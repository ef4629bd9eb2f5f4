"""Z' -> hadrons for a vector with arbitrary quark couplings.

Three methods below ``settings.perturbative_hadron_threshold`` (2 GeV by default):

``"rratio"``
    Gamma_had = Gamma_A'(->mu mu) * R(m) * kappa, kappa = sum_q g_V,q^2 / (e^2 sum_q Q_q^2) over
    u, d, s: the e+e- R ratio rescaled by the flavour-charge sum. Exact in the perturbative
    regime; ignores that the isospin components (rho, omega, phi) are weighted differently.
``"seed004"``
    The literal prescription of seed 004 (App. A, text below eq. A.6):
    Gamma(Z' -> hadrons) = Gamma(Z' -> mu+ mu-) R(s = M_Z'^2). For B-L this overestimates the
    width by 1/kappa = 2 at high mass (sum N_c Q_q^2 = 2 for u,d,s vs sum N_c X_q^2 = 1), and it
    gives a rho peak that B-L does not have (B-L is isoscalar).
``"vmd"``
    darkcast vector-meson dominance per isospin component (Ilten, Soreq, Williams, Xue,
    arXiv:1801.04847, eq. 2.11): Gamma(X -> F) = Gamma_A'(->mu mu) sum_V c_V^2 R_mu^{F,V}(m), with
    c_rho = (g_u - g_d)/(e(Q_u - Q_d)), c_omega = (g_u + g_d)/(e(Q_u + Q_d)), c_phi = g_s/(e Q_s).
    Only the channels with tables are included: pi pi (rho), 3 pi (omega), K K (phi). Missing
    channels (4 pi, eta pi pi, K K pi, ...) make it an underestimate above ~1.1 GeV.

Above the threshold every method uses perturbative QCD: free quarks with the O(alpha_s)
correction (1 + alpha_s(m)/pi), heavy flavours opening at the meson-pair thresholds 2 m_D0,
2 m_B and 2 m_t (quark masses in the phase-space factors), alpha_s at one loop with n_f = 5
from alpha_s(m_Z) (adequate at the few-percent level relevant here).

All widths in GeV internal units; masses in GeV.
"""
from __future__ import annotations

import math

import numpy as np

from .. import constants as C
from .. import units
from ..data import load_table
from ..errors import InvalidInputError, OutOfDomainError
from ..settings import DEFAULT, HADRON_METHODS, Settings
from ..model.zprime import ZPrime, fermion_mass
from ..validate import broadcasting, checked
from .twobody import mumu_width_unit, two_body_width

__all__ = ["hadronic_width", "r_ratio", "vmd_components", "alpha_s_one_loop"]

_RFILES = {"rho": "darkcast_rf_pi+_pi-_rho0.csv", "omega": "darkcast_rf_pi+_pi-_pi0_omega.csv",
           "phi": "darkcast_rf_K_K_phi.csv"}


def _interp_table(name: str, m: float, threshold: float | None = None) -> float:
    tab = load_table("rratio", name)
    x, y = tab[:, 0] * units.GeV, tab[:, 1]
    if m > x[-1] * (1 + 1e-12):
        raise OutOfDomainError(f"m={m / units.GeV:.6g} GeV is above the table {name} (ends at {x[-1] / units.GeV:.4g} GeV)")
    if m < x[0]:
        if threshold is None or m <= threshold:
            return 0.0
        return float(y[0] * (m - threshold) / (x[0] - threshold))
    return float(np.interp(m, x, y))


@broadcasting('m')
@checked(m="pos")
def r_ratio(m: float) -> float:
    """Light-quark e+e- R ratio at sqrt(s) = m [GeV] (darkcast smooth curve, arXiv:1801.04847).

    Zero below 2 m_pi+; linear from zero between 2 m_pi+ and the first table row (0.2818 GeV).
    Raises OutOfDomainError above the table (28.2 GeV).
    """
    return _interp_table("darkcast_R_ratio_light_quarks_subsample.csv", m, threshold=2 * C.m_pi_charged)


@checked(m="pos")
def vmd_components(m: float) -> dict[str, float]:
    """darkcast R_mu^F per component at mass m [GeV]: {'rho': pi pi, 'omega': 3 pi, 'phi': K K}."""
    return {comp: _interp_table(fname, m) for comp, fname in _RFILES.items()}


@broadcasting('mu')
@checked(mu="pos")
def alpha_s_one_loop(mu: float) -> float:
    """alpha_s(mu) at one loop, n_f = 5, from alpha_s(m_Z) (PDG 2024). ``mu`` in GeV."""
    b0 = (33 - 2 * 5) / (12 * math.pi)
    val = C.alpha_s_mZ / (1 + C.alpha_s_mZ * b0 * math.log(mu**2 / C.m_Z**2))
    if not (0 < val < 1.5):
        raise OutOfDomainError(f"alpha_s at mu={mu / units.GeV:.4g} GeV is non-perturbative ({val:.3g})")
    return val


def _vector_quark_couplings(zp) -> dict[str, float]:
    out = {}
    for q in ("u", "d", "s"):
        gv, ga = zp.couplings(q, q2=zp.mass**2)
        if ga != 0.0:
            raise InvalidInputError(
                f"model {zp.charges.name!r} has an axial coupling to the {q} quark; the data-driven hadronic "
                "width below 2 GeV covers vector couplings only")
        out[q] = complex(gv)
    return out


def _perturbative(zp, m: float) -> float:
    thresholds = {"u": 0.0, "d": 0.0, "s": 0.0, "c": 2 * C.m_D0, "b": 2 * C.m_B_charged, "t": 2 * C.m_t}
    qcd = 1 + alpha_s_one_loop(m) / math.pi
    total = 0.0
    for q, thr in thresholds.items():
        if m <= thr:
            continue
        gv, ga = zp.couplings(q, q2=m * m)
        mq = fermion_mass(q)
        total += two_body_width(m, mq, mq, gv, ga, nc=3) * qcd
    return total


@checked(zp=ZPrime, settings=Settings, method=HADRON_METHODS)
def hadronic_width(zp, settings: Settings = DEFAULT, method: str | None = None) -> float:
    """Gamma(Z' -> hadrons) [GeV] by ``method`` (default ``settings.hadron_method``); see module doc."""
    method = method or settings.hadron_method
    if method not in ("rratio", "seed004", "vmd"):
        raise InvalidInputError(f"hadron method={method!r} is unknown; allowed: rratio, seed004, vmd")
    m = zp.mass
    if m >= settings.perturbative_hadron_threshold * units.GeV:
        return _perturbative(zp, m)
    g = _vector_quark_couplings(zp)
    if all(v == 0.0 for v in g.values()):
        return 0.0
    e = C.e
    if method == "vmd":
        comps = vmd_components(m)
        c2 = {"rho": abs((g["u"] - g["d"]) / e) ** 2,            # Q_u - Q_d = 1
              "omega": abs((g["u"] + g["d"]) / (e / 3)) ** 2,    # Q_u + Q_d = 1/3
              "phi": abs(g["s"] / (-e / 3)) ** 2}                 # Q_s = -1/3
        return mumu_width_unit(m) * sum(c2[k] * comps[k] for k in comps)
    R = r_ratio(m)
    if method == "seed004":
        gv_mu, ga_mu = zp.couplings("mu", q2=m * m)
        return two_body_width(m, C.m_mu, C.m_mu, gv_mu, ga_mu) * R
    kappa = sum(abs(v) ** 2 for v in g.values()) / (e**2 * (4 / 9 + 1 / 9 + 1 / 9))
    return mumu_width_unit(m) * R * kappa
