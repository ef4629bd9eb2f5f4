"""Cosmic-ray electron propagation: Green's function of the diffusion-loss equation, steady state.

Equation (Atoyan, Aharonian, Volk, PRD 52 (1995) 3265; seed 000 ref. 20):

    dn/dt = D(E) lap n + d/dE [b(E) n] + Q,   D(E) = D0 (E/GeV)^delta,   b(E) = b0 E^2,

in infinite space (the diffusion lengths of TeV electrons, ~1 kpc, are below the halo height L = 4 kpc
of the MED set; boundaries are neglected, as in ref. 20). b0 E^2 is the Thomson-regime loss by
synchrotron and inverse-Compton scattering, b0 = 4 sigma_T (U_B + U_rad)/(3 m_e^2)
(:func:`b0_thomson`; Klein-Nishina suppression of the starlight losses is neglected, as in the
seed's refs.). For a source that has been shining steadily (continuous injection) the density is

    n(r, E) = 1/b(E) int_E^inf dE0 Q(E0) (pi lambda^2)^(-3/2) exp(-r^2/lambda^2),
    lambda^2(E, E0) = 4 int_E^E0 D(E')/b(E') dE' = 4 D0 [E^(delta-1) - E0^(delta-1)] / (b0 (1 - delta) GeV^delta),

and the flux is Phi = c n / (4 pi). For an extended spherical source of emissivity q(r') the angular
average of the Gaussian over a shell of radius r' whose centre is at distance d is exact:

    <exp(-|d - r'|^2/lambda^2)>_shell = lambda^2/(4 d r') [exp(-(d - r')^2/lambda^2) - exp(-(d + r')^2/lambda^2)],

so the source integral is one-dimensional (:class:`SourceKernel`).

Parameter sets (:data:`DIFFUSION_SETS`): MIN, MED, MAX of Donato et al., PRD 69 (2004) 063501,
astro-ph/0306207 (K0 in kpc^2/Myr, delta); MED is the default.

Units: energies in GeV, lengths in GeV^-1, D in GeV^-1, b0 in GeV^-1 x (1/time) -> dimensionless
internal number; n in GeV^-1 GeV^3 (per energy per volume), fluxes per energy, area, time, sr.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import inputs
from .. import constants as C
from .. import units
from ..errors import ComputationError, InvalidInputError
from .halo import NFW
from ..validate import broadcasting, checked, fields

__all__ = ["Propagation", "DIFFUSION_SETS", "b0_thomson", "point_source_density", "SourceKernel"]

#: Donato et al. 2004 (astro-ph/0306207) propagation sets: (K0 [kpc^2/Myr], delta, L [kpc]).
DIFFUSION_SETS = {k: inputs.value(f"propagation.donato2004.{k}") for k in ("MIN", "MED", "MAX")}



@broadcasting('U_eV_per_cm3')
@checked(U_eV_per_cm3="pos")
def b0_thomson(U_eV_per_cm3: float) -> float:
    """b0 = 4 sigma_T U/(3 m_e^2) [internal units, b(E) = b0 E^2] for a total energy density U [eV/cm^3].

    U = U_B + U_rad (magnetic + radiation); 1 eV/cm^3 gives b0 = 1.02e-16 GeV^-1 s^-1.
    """
    U = U_eV_per_cm3 * units.eV / units.cm ** 3
    return 4 * C.sigma_Thomson * U / (3 * C.m_e ** 2)


@dataclass(frozen=True)
class Propagation:
    """Diffusion and loss parameters: D0 [internal, GeV^-1], delta, b0 [internal] (module doc).

    Build with :meth:`preset` (``"MED"`` default; ``U_eV_per_cm3`` = 1.0 gives b0 = 1.02e-16 GeV^-1 s^-1).
    """

    D0: float
    delta: float
    b0: float
    name: str = "custom"

    def __post_init__(self) -> None:
        fields(self, "Propagation.", D0="pos", delta="real", b0="pos")
        if not (self.D0 > 0 and math.isfinite(self.D0)):
            raise InvalidInputError(f"D0={self.D0!r} must be positive and finite")
        if not (0 <= self.delta < 1):
            raise InvalidInputError(f"delta={self.delta!r} must be in [0, 1) (the lambda integral needs delta < 1)")
        if not (self.b0 > 0 and math.isfinite(self.b0)):
            raise InvalidInputError(f"b0={self.b0!r} must be positive and finite")

    @classmethod
    @checked(name=tuple(DIFFUSION_SETS), U_eV_per_cm3="pos")
    def preset(cls, name: str = "MED", U_eV_per_cm3: float = 1.0) -> "Propagation":
        if name not in DIFFUSION_SETS:
            raise InvalidInputError(f"propagation set {name!r} is unknown; allowed: {', '.join(DIFFUSION_SETS)}")
        K0, delta, _ = DIFFUSION_SETS[name]
        return cls(K0 * units.kpc ** 2 / (1e6 * units.year), delta, b0_thomson(U_eV_per_cm3), name)

    @checked(E="posarray")
    def D(self, E):
        """D(E) [GeV^-1] at E [GeV]."""
        return self.D0 * (np.asarray(E, float) / units.GeV) ** self.delta

    @checked(E="posarray")
    def b(self, E):
        """Energy-loss rate b(E) = -dE/dt [GeV^2] at E [GeV]."""
        return self.b0 * np.asarray(E, float) ** 2

    @checked(E="posarray")
    def loss_time(self, E):
        """E / b(E) [GeV^-1]."""
        return 1.0 / (self.b0 * np.asarray(E, float))

    @checked(E="posarray", E0="posarray")
    def lambda2(self, E, E0):
        """lambda^2(E, E0) [GeV^-2] (module doc); zero for E0 <= E."""
        E = np.asarray(E, float) / units.GeV
        E0 = np.asarray(E0, float) / units.GeV
        a = self.delta - 1
        val = 4 * self.D0 / (self.b0 * units.GeV * (1 - self.delta)) * (E ** a - E0 ** a)
        return np.maximum(val, 0.0)


@checked(r="nonneg", E="posarray", E0="pos", rate="nonneg", prop=Propagation)
def point_source_density(r: float, E, E0: float, rate: float, prop: Propagation):
    """n(r, E) [GeV^2] of a steady point source injecting ``rate`` [GeV] (number per time) at energy E0.

    Q(E0') = rate delta(E0' - E0): n = rate/b(E) (pi lambda^2)^(-3/2) exp(-r^2/lambda^2) (module doc).
    """
    E = np.asarray(E, float)
    lam2 = prop.lambda2(E, E0)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        val = rate / prop.b(E) * (math.pi * lam2) ** -1.5 * np.exp(-r * r / lam2)
    return np.where((E < E0) & (lam2 > 0), val, 0.0)


class SourceKernel:
    """S(lambda) = int_0^{r_t} 4 pi r'^2 rho^2(r') <G>_shell(d, r', lambda) dr' for a halo at distance d.

    <G>_shell = (pi lambda^2)^(-3/2) lambda^2/(4 d r') [e^{-(d-r')^2/lambda^2} - e^{-(d+r')^2/lambda^2}]
    (module doc). Tabulated on a log grid of lambda and interpolated (linear in ln S vs ln lambda);
    for lambda >> d + r_t, S -> L (pi lambda^2)^(-3/2) with L = int 4 pi r^2 rho^2 (point-source limit).
    Units: S in GeV^8 (rho^2 [GeV^8] x volume [GeV^-3] x lambda^-3 [GeV^3]).
    """

    @checked(halo=NFW, distance="pos", n_lambda="int", n_nodes="int")
    def __init__(self, halo: NFW, distance: float, n_lambda: int = 720, n_nodes: int = 24):
        if not (distance > 0 and math.isfinite(distance)):
            raise InvalidInputError(f"distance={distance!r} must be positive and finite")
        if not math.isfinite(halo.r_t):
            raise InvalidInputError("SourceKernel needs a truncated halo (finite r_t)")
        self.halo, self.d = halo, float(distance)
        scale = min(halo.r_s, distance)
        lam_lo = 1e-3 * scale
        lam_hi = 1e3 * (distance + halo.r_t)
        self.ln_lam = np.linspace(math.log(lam_lo), math.log(lam_hi), n_lambda)
        S = np.array([self._S(math.exp(l), n_nodes) for l in self.ln_lam])
        if np.any(~np.isfinite(S)) or np.any(S < 0):
            raise ComputationError("source kernel S(lambda) is not finite and non-negative")
        self.ln_S = np.log(np.maximum(S, 1e-300))
        self.L = halo.luminosity()

    def _S(self, lam: float, n: int) -> float:
        h, d = self.halo, self.d
        r_t = h.r_t
        edges = {0.0, r_t, min(h.r_s, r_t)}
        for k in (0.0, 1.0, 3.0, 8.0):
            for sgn in (-1, 1):
                e = d + sgn * k * lam
                if 0 < e < r_t:
                    edges.add(e)
        # logarithmic panels towards the centre (rho^2 r^2 is flat there, but resolve r_s)
        r_in = min(h.r_s, r_t)
        for f in (1e-3, 1e-2, 1e-1):
            edges.add(f * r_in)
        edges = np.array(sorted(edges))
        xg, wg = np.polynomial.legendre.leggauss(n)
        a, b = edges[:-1, None], edges[1:, None]
        r = (a + (b - a) * (xg[None, :] + 1) / 2).ravel()
        w = ((b - a) * wg[None, :] / 2).ravel()
        lam2 = lam * lam
        arg = 4 * d * r / lam2
        # lambda^2/(4 d r) (1 - e^{-4dr/lambda^2}) e^{-(d-r)^2/lambda^2}, stable for small and large arg
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            shell = np.where(arg > 1e-8, -np.expm1(-arg) / arg, 1 - arg / 2) * np.exp(-(d - r) ** 2 / lam2)
        G = (math.pi * lam2) ** -1.5 * shell
        return float(np.sum(w * 4 * math.pi * r * r * h.density(r) ** 2 * G))

    def __call__(self, lam):
        """S(lambda) [GeV^8] for lambda [GeV^-1] (array), linear in ln S vs ln lambda inside the table.

        Outside it the exact limits are used: above, the point-source form L (pi lambda^2)^(-3/2); below
        (a Gaussian narrower than 1e-3 of min(r_s, d)), the local value rho(d)^2 (0 outside the halo).
        """
        lam = np.asarray(lam, float)
        out = np.zeros_like(lam)
        with np.errstate(divide="ignore"):
            ll = np.log(lam)
        lo, hi = self.ln_lam[0], self.ln_lam[-1]
        inside = (ll >= lo) & (ll <= hi)
        out[inside] = np.exp(np.interp(ll[inside], self.ln_lam, self.ln_S))
        above = ll > hi
        out[above] = self.L * (math.pi * lam[above] ** 2) ** -1.5
        below = ll < lo
        if np.any(below):
            # S(lambda) for lambda below the table: the Gaussian is narrower than 1e-3 of the smallest
            # scale; S ~ 4 pi d^2 rho(d)^2 (the local emissivity) if the observer is inside the halo,
            # or exponentially small outside it.
            local = float(self.halo.density(self.d)) ** 2 if self.d < self.halo.r_t else 0.0
            out[below] = local
        return out
