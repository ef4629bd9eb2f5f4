"""Delta N_eff bounds on a light Z' that couples to neutrinos, registered in :mod:`leptoforce.bound_registry`.

For any charges whose Z' couples to at least one neutrino flavour, the Z' is taken to be in equilibrium
with the flavours it couples to when the neutrinos decouple, and N_eff follows from the three-bath
evolution of :func:`leptoforce.thermal.neff.neff_three_bath` (seed 001 eqs. 10-15, generalised to
``n`` coupled flavours): its decays and inverse decays heat the coupled neutrinos after decoupling,
and Z' <-> e+e- (tree-level electron charge or the kinetic mixing, the model's own width) moves heat
between that bath and the photons. The excess over the same treatment without the Z'
(:func:`~leptoforce.thermal.neff.neff_standard_instantaneous`, 3.03 at T_dec = 1.5 MeV, not 3.044) is
compared with the measured N_eff:

    N_eff(model) - N_eff^0(ours)  >  N_eff^obs + 1.96 sigma - N_eff^SM      (excluded),

N_eff^SM = 3.044 (Bennett et al. 2021). Two data sets: Planck 2018 (2.99 +- 0.17) and Planck + ACT DR6
(2.86 +- 0.13), both in the inputs library.

Validity (stated, approximations of this treatment):

* thermalisation: the Z' is in equilibrium with the neutrinos only if its decays outpace the expansion,
  Gamma(Z' -> nu nu) >= H(T = m_Z'/3); below that coupling the Z' is not populated and the bound does
  not apply (the excluded region starts at that coupling, an approximate edge);
* masses 0.3 - 50 MeV (``NEFF_MASS_RANGE``): below, the Z' stays relativistic into recombination (not
  treated); above, it is gone before the neutrinos decouple and N_eff is standard to < 1e-3;
* heat exchange with the photons: N_eff rises with Gamma(Z' -> e e) (the Z' keeps the coupled neutrinos in
  contact with the e+- plasma, which heats them, towards ~9 for a locked light Z'). The Radau solution is
  verified against a tighter tolerance up to Gamma = 1e6 H(T = m_Z') (``CAP_RATIO``); above, N_eff is taken
  at the cap, a lower estimate of the true value, so the exclusion there is conservative (tests).

Masses in GeV; couplings dimensionless.
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from .. import inputs
from .. import units
from ..bound_registry import ComputedBound, register_bound
from ..decays import zprime as zdec
from ..model.charges import charges_arg
from ..model.zprime import ZPrime
from ..validate import broadcasting, checked, in_range
from ..numerics import bracketed_root
from . import neff, thermo

__all__ = ["NEFF_DATA", "NEFF_SM", "NEFF_MASS_RANGE", "delta_neff", "thermalisation_g_min", "neff_excluded",
           "CAP_RATIO"]

#: N_eff of the Standard Model with non-instantaneous decoupling (Bennett et al., JCAP 04 (2021) 073).
NEFF_SM = inputs.value("cosmology.neff_sm")
#: Measured N_eff (value, 1 sigma) per data set.
NEFF_DATA = {"Planck 2018": (inputs.value("cosmology.neff_planck2018"), inputs.get("cosmology.neff_planck2018").err),
             "Planck+ACT DR6": (inputs.value("cosmology.neff_act_dr6"), inputs.get("cosmology.neff_act_dr6").err)}
#: Masses [GeV] where the three-bath treatment is used for a bound (module doc).
NEFF_MASS_RANGE = (0.3 * units.MeV, 50 * units.MeV)
#: Gamma(Z' -> e e)/H(T = m) up to which the three-bath solution is verified (module doc); the width is capped there.
CAP_RATIO = 1e6
_RTOL = 1e-8          # numerical: agrees with rtol 1e-10 to < 1e-3 in N_eff for 0.3-50 MeV and Gamma <= CAP_RATIO H
_N_GRID = 8           # numerical: coupling grid between the thermalisation edge and 4 pi (sign changes refined)
_XTOL = 3e-3          # numerical: log10 g of the refined edges (0.7% in g)


def _nu_diag(ch, m: float) -> np.ndarray:
    return np.abs(np.diag(ZPrime(m, 1.0, ch).neutrino_couplings()))


def _applies(ch, m: float) -> bool:
    return NEFF_MASS_RANGE[0] <= m <= NEFF_MASS_RANGE[1] and bool(np.any(_nu_diag(ch, m) > 0))


def _hubble(m: float) -> float:
    return float(thermo.hubble(m / 3))


def _unit_widths(ch, m: float) -> tuple[float, float]:
    """(Gamma(Z' -> nu nu), Gamma(Z' -> e e)) [GeV] at g = 1 (the loop mixing scales with g too)."""
    w = zdec.partial_widths(ZPrime(m, 1.0, ch))
    return w["nu nu"], w["e e"]


@broadcasting('m')
@checked(ch=charges_arg, m="pos")
def thermalisation_g_min(ch, m: float) -> float:
    """The coupling above which Gamma(Z' -> nu nu) >= H(T = m/3) (module doc): g = sqrt(H / Gamma_nu nu(g = 1))."""
    g_nu, _ = _unit_widths(ch, m)
    return math.sqrt(_hubble(m) / g_nu)


@lru_cache(maxsize=4096)
def _neff_at(m: float, gamma_ee: float, n_coupled: int) -> float:
    return neff.neff_three_bath(m, gamma_ee, rtol=_RTOL, n_coupled=n_coupled).neff


@broadcasting('g')
@checked(ch=charges_arg, m=lambda n, v: in_range(n, v, *NEFF_MASS_RANGE, unit="GeV", why="the three-bath bound's validity"),
         g="coupling")
def delta_neff(ch, m: float, g: float) -> float:
    """N_eff(model) - N_eff(no Z') of this treatment for the Z' of charges ``ch``, mass m [GeV], coupling g."""
    n = int(np.count_nonzero(_nu_diag(ch, m) > 0))
    _, gee1 = _unit_widths(ch, m)
    gee = min(g * g * gee1, CAP_RATIO * float(thermo.hubble(m)))
    # rounding the width to 6 digits makes the cache useful across a scan without changing N_eff (< 1e-6)
    gee = float(f"{gee:.6g}")
    return _neff_at(m, gee, n) - neff.neff_standard_instantaneous()


def _room(data: str) -> float:
    obs, err = NEFF_DATA[data]
    return obs + 1.96 * err - NEFF_SM


@checked(ch=charges_arg, m=lambda n, v: in_range(n, v, *NEFF_MASS_RANGE, unit="GeV", why="the three-bath bound's validity"),
         data=tuple(NEFF_DATA), _result="inf_ok")
def neff_excluded(ch, m: float, data: str = "Planck 2018") -> tuple[tuple[float, float], ...]:
    """Excluded coupling intervals of the Z' of charges ``ch`` at mass m [GeV] from the N_eff of ``data``."""
    room = _room(data)
    g0 = thermalisation_g_min(ch, m)
    top = 4 * math.pi
    if g0 >= top:
        return ()
    xs = np.linspace(math.log10(g0), math.log10(top), _N_GRID)

    def f(x):
        return delta_neff(ch, m, 10 ** x) - room
    vals = [f(x) for x in xs]
    out, start = [], (g0 if vals[0] > 0 else None)
    for i in range(1, len(xs)):
        if (vals[i] > 0) != (vals[i - 1] > 0):
            edge = 10 ** bracketed_root(f, xs[i - 1], xs[i], _XTOL, f"N_eff ({data}) bound")
            if vals[i] > 0:
                start = edge
            else:
                out.append((start, edge))
                start = None
    if start is not None:
        out.append((start, math.inf))
    return tuple(out)


def _criterion(data):
    def crit(ch, m):
        room = _room(data)
        g0 = thermalisation_g_min(ch, m)
        return lambda g: (delta_neff(ch, m, g) - room) if g >= g0 else -1.0
    return crit


for _data, _exp, _ref in (("Planck 2018", "Planck", "Planck 2018 VI, A&A 641 (2020) A6 (N_eff = 2.99 +- 0.17)"),
                          ("Planck+ACT DR6", "ACT", "ACT DR6 (Calabrese et al. 2025, arXiv:2503.14454: N_eff = 2.86 +- 0.13)")):
    register_bound(ComputedBound(f"Delta N_eff ({_data})", _exp, f"{_ref}; three-bath N_eff of seed 001 for any charges",
                                 _applies, lambda ch, m, d=_data: neff_excluded(ch, m, d), _criterion(_data),
                                 rel_tol=2e-2))
