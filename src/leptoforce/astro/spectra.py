"""Injection spectra of e+- and photons from dark-matter annihilation into lepton pairs.

Per annihilation into f f_bar at centre-of-mass energy sqrt(s) = 2 m (s-wave, at rest), each fermion
starts with energy m. Spectra are written in x = E/m and normalised per fermion of the pair.

Final-state radiation (FSR) on the fermion itself, leading-logarithmic and exponentiated: the
fragmentation of a fermion f into itself with energy fraction x is the Kuraev-Fadin electron structure
function (E. A. Kuraev, V. S. Fadin, Sov. J. Nucl. Phys. 41 (1985) 466, eq. 28 at first order in the
hard part),

    D_f(x) = (beta/2)(1 + 3 beta/8)(1 - x)^(beta/2 - 1) - (beta/4)(1 + x),   beta = (2 alpha/pi)(ln(s/m_f^2) - 1),

which conserves the fermion number (int_0^1 D = 1) and resums the soft photons that make the first-order
(1 + x^2)/(1 - x) distribution negative near x = 1. For electrons at sqrt(s) ~ 3 TeV, beta = 0.14: 11%
of the electrons lose more than 10% of their energy, so the "line" at m gets a tail towards lower
energies. ``fsr=False`` gives the bare line delta(1 - x).

Muons decay as mu -> e nu nu. The electron spectrum of an ultra-relativistic muon averaged over its
helicity (a vector Z' gives mu+ and mu- of opposite helicities with equal weights, so each muon is
unpolarised on average) is the boosted Michel spectrum f(z) = 5/3 - 3 z^2 + 4 z^3/3, z = E_e/E_mu
(e.g. Kelner, Aharonian, Bugayov, PRD 74 (2006) 034018, the e-spectrum of muon decay at high energy),
convolved with the muon's own FSR D_mu(y).

FSR photons (Section IV of seed 000): per fermion, dN_gamma/dx = (alpha/pi) [1 + (1 - x)^2]/x
[ln(s (1 - x)/m_f^2) - 1] for x = E_gamma/m < 1 - m_f^2/s (Birkedal, Matchev, Perelstein, Yu,
hep-ph/0507194, eq. 6), with the photons from muon decay left out (radiative muon decay is 1.4%).

All energies in GeV internal units; spectra dimensionless (per unit x).
"""
from __future__ import annotations

import math

import numpy as np

from .. import constants as C
from ..errors import InvalidInputError
from ..validate import broadcasting, checked

__all__ = ["fsr_beta", "structure_function", "structure_function_cdf", "michel_unpolarised",
           "muon_electron_spectrum", "fsr_photon_spectrum", "CRE_CHANNELS", "lepton_mass"]

#: Channels whose e+- spectrum is implemented (neutrino channels give no e+-).
CRE_CHANNELS = ("e e", "mu mu")


@checked(channel=("e e", "mu mu", "tau tau"))
def lepton_mass(channel: str) -> float:
    """Mass [GeV] of the charged lepton of channel 'e e', 'mu mu' or 'tau tau'."""
    masses = {"e e": C.m_e, "mu mu": C.m_mu, "tau tau": C.m_tau}
    if channel not in masses:
        raise InvalidInputError(f"channel={channel!r}; allowed: {', '.join(masses)}")
    return masses[channel]


@broadcasting('m_dm', 'm_f')
@checked(m_dm="pos", m_f="pos")
def fsr_beta(m_dm: float, m_f: float) -> float:
    """beta = (2 alpha/pi)(ln(s/m_f^2) - 1) with s = 4 m_dm^2 (Kuraev-Fadin; module doc). Masses in GeV."""
    if not (m_dm > m_f > 0):
        raise InvalidInputError(f"fsr_beta needs m_dm > m_f > 0, got m_dm={m_dm!r}, m_f={m_f!r}")
    return 2 * C.alpha / math.pi * (math.log(4 * m_dm ** 2 / m_f ** 2) - 1)


@checked(x="nonnegarray", beta="pos")
def structure_function(x, beta: float):
    """D(x) of the module doc (dimensionless, per unit x) for 0 <= x < 1."""
    x = np.asarray(x, float)
    return beta / 2 * (1 + 3 * beta / 8) * (1 - x) ** (beta / 2 - 1) - beta / 4 * (1 + x)


@checked(x="nonnegarray", beta="pos")
def structure_function_cdf(x, beta: float):
    """int_x^1 D(x') dx' (the fraction of fermions above x); equals 1 at x = 0."""
    x = np.asarray(x, float)
    return (1 + 3 * beta / 8) * (1 - x) ** (beta / 2) - beta / 4 * ((1 - x) + (1 - x * x) / 2)


@checked(z="realarray")
def michel_unpolarised(z):
    """Electron energy spectrum dN/dz of an unpolarised ultra-relativistic muon decay, z = E_e/E_mu in [0, 1]."""
    z = np.asarray(z, float)
    return np.where((z >= 0) & (z <= 1), 5 / 3 - 3 * z ** 2 + 4 / 3 * z ** 3, 0.0)


@checked(x="nonnegarray", m_dm="pos", fsr="bool", n="int")
def muon_electron_spectrum(x, m_dm: float, fsr: bool = True, n: int = 64):
    """e+- spectrum dN/dx per muon from a muon of energy m_dm (x = E_e/m_dm), muon FSR convolved.

    g(x) = int_x^1 dy D_mu(y) f(x/y)/y, the singular part of D_mu integrated in u = (1 - y)^(beta/2).
    Without FSR, g(x) = f(x). Integrates to 1 over x in [0, 1].
    """
    x = np.atleast_1d(np.asarray(x, float))
    if not fsr:
        return michel_unpolarised(x)
    beta = fsr_beta(m_dm, C.m_mu)
    tg, wg = np.polynomial.legendre.leggauss(n)
    t, w = (tg + 1) / 2, wg / 2
    out = np.zeros_like(x)
    ok = (x > 0) & (x < 1)
    xs = x[ok][:, None]
    # singular part: (1 + 3b/8) int_0^{u_max} f(x/y)/y du,  y = 1 - u^(2/beta)
    u_max = (1 - xs) ** (beta / 2)
    u = u_max * t[None, :]
    y = 1 - u ** (2 / beta)
    sing = (1 + 3 * beta / 8) * np.sum(w * u_max * michel_unpolarised(xs / y) / y, axis=1)
    # regular part: -(beta/4) int_x^1 (1 + y) f(x/y)/y dy
    y2 = xs + (1 - xs) * t[None, :]
    reg = -beta / 4 * np.sum(w * (1 - xs) * (1 + y2) * michel_unpolarised(xs / y2) / y2, axis=1)
    out[ok] = sing + reg
    return out


@checked(x="nonnegarray", m_dm="pos", m_f="pos")
def fsr_photon_spectrum(x, m_dm: float, m_f: float):
    """dN_gamma/dx per fermion, x = E_gamma/m_dm (Birkedal et al., hep-ph/0507194, eq. 6; module doc)."""
    x = np.asarray(x, float)
    s = 4 * m_dm ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        val = C.alpha / math.pi * (1 + (1 - x) ** 2) / x * (np.log(s * (1 - x) / m_f ** 2) - 1)
    return np.where((x > 0) & (x < 1 - m_f ** 2 / s) & (val > 0), val, 0.0)
