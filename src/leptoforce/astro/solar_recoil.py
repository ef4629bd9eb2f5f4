"""Electron recoils from solar neutrinos in a xenon detector, Standard Model plus a Z' (seed 003 Scenario 1).

Rate per tonne (seed 003 eq. 5, with the flavour sum made explicit):

    dR/dT = N_e(T) sum_alpha int_{E_min(T)} dE dPhi/dE P_e,alpha(E) dsigma_alpha/dT(E, T),
    E_min(T) = (T + sqrt(T^2 + 2 m_e T))/2                                    (seed 003 eq. 7)

with dsigma_alpha/dT the tree-level nu_alpha e cross section of :mod:`leptoforce.lab.nue` (SM couplings
shifted by the Z' exchange at q^2 = -2 m_e T). Because the Z' shift depends on T only, the E integral
is done once: with p = g_V + g_A, q = g_V - g_A (per flavour, functions of T),

    int dE Phi_alpha dsigma_alpha/dT = G_F^2 m_e/(2 pi) [p^2 I0 + q^2 (I0 - 2T I1 + T^2 I2) - p q m_e T I2],

where I_n = int_{E_min} dE Phi P_e,alpha E^-n are the flux tail moments of
:meth:`leptoforce.astro.solar.SolarNeutrinos.tail_moments`. Spectra for any (m_Z', g) then cost a few
array operations (:class:`SolarNuRecoil`).

``mode`` selects what is returned:

* ``"excess"`` (default): SM+Z' minus SM, i.e. pure Z' plus the SM-Z' interference per flavour; this is
  what adds to a background model (B0) that already contains the SM solar-neutrino rate;
* ``"pure"``: the pure Z' term only, seed 003 eq. 6 (the seed's expression: it equals the |Z'|^2 part of
  the general form for a vector electron coupling, tested);
* ``"total"``: SM + Z'; ``"sm"``: SM alone (the normalisation check).

For U(1)_{L_e - L_mu} the nu_e and nu_mu interferences have opposite signs (charges +1 and -1) and
nu_tau does not couple; for L_e - L_tau the roles of mu and tau swap, and the two models differ only
through the mu/tau split of the solar flux.

Units: T in keV on the grid of :data:`leptoforce.lab.targets.T_GRID_KEV`, masses in GeV,
rates in events/(t yr keV) (per tonne of xenon with the electron counting of
:func:`leptoforce.lab.targets.electrons_per_atom`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .. import constants as C
from .. import units
from ..errors import InvalidInputError
from ..lab.nue import sm_couplings
from ..lab.targets import ATOMS_PER_TONNE, T_GRID_KEV, electrons_per_atom
from ..model.charges import FLAVOURS, ChargeAssignment, preset
from ..model.charges import charges_arg
from ..model.zprime import ZPrime
from .solar import SolarNeutrinos
from ..validate import checked

__all__ = ["SolarNuRecoil", "MODES", "e_nu_min"]

MODES = ("excess", "pure", "total", "sm")


@checked(T="nonnegarray")
def e_nu_min(T):
    """Smallest neutrino energy [GeV] giving an electron recoil T [GeV] (seed 003 eq. 7)."""
    T = np.asarray(T, float)
    return 0.5 * (T + np.sqrt(T * T + 2 * C.m_e * T))


@dataclass
class SolarNuRecoil:
    """Precomputed solar-neutrino flux moments on the recoil grid; spectra for any Z' (module doc).

    ``counting`` is the electron counting of :func:`electrons_per_atom` ('seed26' or 'shells').
    """

    solar: SolarNeutrinos = field(default_factory=SolarNeutrinos)
    counting: str = "seed26"
    T_keV: np.ndarray = field(default_factory=lambda: T_GRID_KEV.copy())

    def __post_init__(self):
        T = np.asarray(self.T_keV, float) * units.keV
        if np.any(T <= 0):
            raise InvalidInputError("T_keV must be > 0")
        I = self.solar.tail_moments(e_nu_min(T))                   # (alpha, n, T)
        self._M0 = I[:, 0]
        self._M1 = I[:, 0] - 2 * T * I[:, 1] + T * T * I[:, 2]
        self._M2 = C.m_e * T * I[:, 2]
        self._T = T
        ne = electrons_per_atom(self.T_keV, self.counting) * ATOMS_PER_TONNE
        self._norm = C.G_F ** 2 * C.m_e / (2 * math.pi) * ne * units.year * units.keV
        self._sm = np.array([sm_couplings(f) for f in FLAVOURS])  # (alpha, 2)

    def _bracket(self, gv, ga):
        """sum_alpha [p^2 M0 + q^2 M1 - p q M2] for couplings gv, ga of shape (..., alpha, T)."""
        p, q = gv + ga, gv - ga
        return np.sum(p * p * self._M0 + q * q * self._M1 - p * q * self._M2, axis=-2)

    @checked(charges=charges_arg, mass="posarray")
    def unit_shifts(self, charges, mass) -> tuple[np.ndarray, np.ndarray]:
        """Per-flavour (Delta g_V, Delta g_A) at g = 1 on the T grid for Z' mass(es) ``mass`` [GeV].

        Shapes (..., 3, nT) for ``mass`` of shape (...). Includes the one-loop kinetic mixing in the
        electron vector coupling (:class:`ZPrime`, ``loop_mixing=True``); the shifts scale as g^2.
        """
        ch = preset(charges) if isinstance(charges, str) else charges
        if not isinstance(ch, ChargeAssignment):
            raise InvalidInputError(f"charges must be a preset name or a ChargeAssignment, got {charges!r}")
        m = np.asarray(mass, float)
        if np.any(~np.isfinite(m)) or np.any(m <= 0):
            raise InvalidInputError(f"mass={mass!r} must be finite and > 0 (GeV)")
        zp = ZPrime(float(m.flat[0]), 1.0, ch)
        G = np.diag(zp.neutrino_couplings())                           # (alpha,)
        gve, gae = zp.couplings("e", 0.0)
        prop = 1.0 / (math.sqrt(2) * C.G_F * (2 * C.m_e * self._T + m[..., None] ** 2))   # (..., nT)
        base = G[:, None] * prop[..., None, :]                        # (..., alpha, nT)
        return base * float(np.real(gve)), base * float(gae)

    @checked(charges=charges_arg, mass="posarray", g="couplingarray", mode=MODES)
    def spectrum(self, charges, mass, g, mode: str = "excess") -> np.ndarray:
        """dR/dT [events/(t yr keV)] on the T grid for Z' ``mass`` [GeV] and coupling ``g`` (broadcast; module doc)."""
        if mode not in MODES:
            raise InvalidInputError(f"mode={mode!r} is unknown; allowed: {', '.join(MODES)}")
        g = np.asarray(g, float)
        if np.any(~np.isfinite(g)) or np.any(g < 0):
            raise InvalidInputError(f"g={g!r} must be finite and >= 0")
        gv0 = self._sm[:, 0][:, None]
        ga0 = self._sm[:, 1][:, None]
        sm = self._bracket(gv0 + 0 * self._M0, ga0 + 0 * self._M0)
        if mode == "sm":
            return self._norm * sm
        dv, da = self.unit_shifts(charges, mass)
        g2 = (g ** 2)[..., None, None]
        dv, da = dv * g2, da * g2
        if mode == "pure":
            return self._norm * self._bracket(dv, da)
        tot = self._bracket(gv0 + dv, ga0 + da)
        return self._norm * (tot - sm if mode == "excess" else tot)
