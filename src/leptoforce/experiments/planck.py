"""Planck CMB bound on s-wave annihilation: f_eff of an annihilation channel and p_ann.

p_ann = f_eff <sigma v>/m_DM is bounded by Planck (seed 000 uses Planck 2015 XIII, TT,TE,EE+lowP:
p_ann < 4.1e-28 cm^3 s^-1 GeV^-1 at 95% CL; Planck 2018 gives 3.2e-28; both in constants). The bound is
quoted for self-conjugate DM, whose energy injection rate is rho^2 <sigma v>/m. A Dirac pair with
n_psi = n_psibar = rho/2 injects rho^2 <sigma v>/(2 m), so its effective p_ann carries a factor 1/2
(:func:`p_ann`).

f_eff of a channel (Slatyer, PRD 93 (2016) 023527, arXiv:1506.03811, eq. 2) is the energy-weighted
average of the per-particle efficiencies f_eff^{e}(E), f_eff^{gamma}(E) (packaged table ``data/cmb``)
over the channel's e+- (and photon) spectra; neutrinos deposit nothing. Here: e+e- deposits each
lepton's energy m at f^e(m) (the FSR photons, ~5% of the energy, have f^gamma ~ f^e at TeV and are
folded into the electrons); mu+mu- gives its electrons the muon-decay spectrum (about 35% of the
energy) at f^e(x m). The table spans 5 keV - 5.8 TeV per particle; outside it OutOfDomainError.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy import integrate

from .. import constants as C
from ..astro.spectra import muon_electron_spectrum
from ..data import load_table
from ..errors import InvalidInputError, OutOfDomainError
from ..validate import array, checked
from ..numerics import readonly

__all__ = ["f_eff_electron", "f_eff_channel", "f_eff", "p_ann", "P_ANN_LIMITS"]

#: 95% CL upper limits on p_ann [internal units]: the seed's Planck 2015 and the current Planck 2018.
P_ANN_LIMITS = {"planck2015": C.p_ann_planck2015, "planck2018": C.p_ann_planck2018}


@lru_cache(maxsize=None)
def _table():
    t = load_table("cmb", "slatyer2016_feff_ee.csv")
    return readonly((np.log(t[:, 0]), t[:, 1]))


@checked(E="posarray")
def f_eff_electron(E):
    """f_eff^{e}(E) of an e+- of kinetic energy E [GeV] (Slatyer 2016 Fig. 3), linear in ln E."""
    lnE, f = _table()
    le = np.log(E)
    if np.any(le < lnE[0] - 1e-9) or np.any(le > lnE[-1] + 1e-9):
        raise OutOfDomainError(f"f_eff table covers {np.exp(lnE[0]):.3g}-{np.exp(lnE[-1]):.3g} GeV; asked "
                               f"{float(np.min(E)):.3g}-{float(np.max(E)):.3g} GeV")
    return np.interp(le, lnE, f)


@checked(channel=("e e", "mu mu", "nu nu"), m="posarray")
def f_eff_channel(channel: str, m) -> np.ndarray:
    """f_eff of DM of mass m [GeV] annihilating into ``channel`` ('e e', 'mu mu', 'nu nu')."""
    m = np.atleast_1d(m)
    if channel == "e e":
        return f_eff_electron(m)
    if channel == "nu nu":
        return np.zeros_like(m)
    if channel == "mu mu":
        # electrons below the table's 5 keV carry a negligible energy fraction (x < 1e-9)
        x = np.linspace(1e-6, 1.0, 400)
        out = np.empty_like(m)
        for i, mi in enumerate(m):
            g = muon_electron_spectrum(x, mi, fsr=True)
            out[i] = integrate.trapezoid(x * g * f_eff_electron(np.maximum(x * mi, np.exp(_table()[0][0]))), x)
        return out
    raise InvalidInputError(f"f_eff of channel {channel!r} is not implemented; allowed: 'e e', 'mu mu', 'nu nu'")


@checked(m="posarray", branching=dict)
def f_eff(m, branching: dict) -> np.ndarray:
    """Branching-weighted f_eff at mass m [GeV]; channels of ``branching`` as in :func:`f_eff_channel`."""
    if not branching:
        raise InvalidInputError("branching is empty: give the annihilation branching ratios by channel")
    return sum(array(f"branching[{ch!r}]", b, nonnegative=True) * f_eff_channel(ch, m) for ch, b in branching.items())


@checked(sigma_v="nonnegarray", m="posarray", f="nonnegarray", dirac="bool")
def p_ann(sigma_v, m, f, dirac: bool = True):
    """Effective p_ann [internal: GeV^-2 / GeV] = f <sigma v>/m, halved for a Dirac pair (module doc)."""
    if np.any(np.asarray(f) > 1):
        raise InvalidInputError(f"f={f!r} is an efficiency fraction and must lie in [0, 1]")
    return np.asarray(f) * np.asarray(sigma_v) / np.asarray(m) * (0.5 if dirac else 1.0)
