"""Neutrino mixing: the PMNS matrix, the flavour composition of solar neutrinos, and the MSW mixing in matter.

Oscillation parameters (:data:`OSCILLATION`): PDG 2022, normal ordering (``data/inputs/library.toml``,
entries ``oscillation.*``). Energies in GeV, electron densities in internal units (GeV^3); results
dimensionless.
"""
from __future__ import annotations

import math

import numpy as np

from .. import constants as C
from .. import inputs
from .. import units
from ..errors import InvalidInputError
from ..validate import checked

__all__ = ["OSCILLATION", "pmns_abs2", "solar_flavour_fractions", "solar_pee_msw", "cos2theta12_matter"]

#: Oscillation parameters (PDG 2022, Review of Particle Physics, PTEP 2022 083C01, "Neutrino mixing" summary
#: table; normal ordering): sin^2 theta_12, sin^2 theta_13, sin^2 theta_23, delta_CP/pi, Delta m^2_21 [eV^2].
OSCILLATION = {"s12sq": inputs.value("oscillation.s12sq"), "s13sq": inputs.value("oscillation.s13sq"),
               "s23sq": inputs.value("oscillation.s23sq"), "delta_over_pi": inputs.value("oscillation.delta_over_pi"),
               "dm21sq_eV2": inputs.get("oscillation.dm21sq").value}


def pmns_abs2() -> np.ndarray:
    """|U_alpha i|^2 of the PMNS matrix (rows e, mu, tau; columns 1, 2, 3) for :data:`OSCILLATION`. Dimensionless."""
    o = OSCILLATION
    s12, s13, s23 = math.sqrt(o["s12sq"]), math.sqrt(o["s13sq"]), math.sqrt(o["s23sq"])
    c12, c13, c23 = math.sqrt(1 - o["s12sq"]), math.sqrt(1 - o["s13sq"]), math.sqrt(1 - o["s23sq"])
    d = o["delta_over_pi"] * math.pi
    ep = complex(math.cos(d), math.sin(d))
    U = np.array([
        [c12 * c13, s12 * c13, s13 * ep.conjugate()],
        [-s12 * c23 - c12 * s23 * s13 * ep, c12 * c23 - s12 * s23 * s13 * ep, s23 * c13],
        [s12 * s23 - c12 * c23 * s13 * ep, -c12 * s23 - s12 * c23 * s13 * ep, c23 * c13]])
    return np.abs(U) ** 2


@checked(P_ee="prob")
def solar_flavour_fractions(P_ee: float) -> dict[str, float]:
    """Flavour composition {e, mu, tau} of solar neutrinos at Earth given the survival probability P_ee.

    The Sun delivers an incoherent mixture of mass eigenstates (adiabatic MSW, decoherence over
    the Sun-Earth distance) with weights w_3 = |U_e3|^2 and w_1 + w_2 = 1 - |U_e3|^2; w_1 is fixed by
    P_ee = sum_i w_i |U_ei|^2, then P_e_alpha = sum_i w_i |U_alpha i|^2 with the PMNS matrix of
    :data:`OSCILLATION`. Seed 001 (eq. A5) splits 1 - P_ee equally between mu and tau ("sum over
    alpha"); this gives the physical split (about 0.52/0.48 at P_ee = 0.51), which matters for
    L_mu - L_tau where the two interfere with opposite signs. Dimensionless.
    """
    A = pmns_abs2()
    w3 = A[0, 2]
    lo, hi = A[0, 1] * (1 - w3) + w3 * A[0, 2], A[0, 0] * (1 - w3) + w3 * A[0, 2]
    if not (min(lo, hi) <= P_ee <= max(lo, hi)):
        raise InvalidInputError(f"P_ee={P_ee!r} is outside the range {min(lo, hi):.3f}-{max(lo, hi):.3f} "
                                "reachable by an incoherent mass-eigenstate mixture with these mixing angles")
    w1 = (P_ee - w3 * A[0, 2] - (1 - w3) * A[0, 1]) / (A[0, 0] - A[0, 1])
    w = np.array([w1, 1 - w3 - w1, w3])
    p = A @ w
    return {"e": float(p[0]), "mu": float(p[1]), "tau": float(p[2])}


@checked(E_nu="posarray", n_e="pos")
def solar_pee_msw(E_nu, n_e: float) -> np.ndarray:
    """Adiabatic MSW-LMA survival probability of a solar nu_e of energy E [GeV] produced at electron density n_e.

    P_ee = c13^4 (1/2 + 1/2 cos 2theta_12 cos 2theta_12^m) + s13^4, with
    cos 2theta_12^m = (cos 2theta_12 - beta)/sqrt((cos 2theta_12 - beta)^2 + sin^2 2theta_12),
    beta = 2 sqrt2 G_F c13^2 n_e E / Delta m^2_21 (e.g. Maltoni & Smirnov, Eur. Phys. J. A 52 (2016) 87,
    arXiv:1507.05287). ``n_e`` in internal units (e.g. ``90 * N_A / units.cm**3`` is typical of the 7Be
    production zone; the value is the caller's choice and should be averaged over the source).
    """
    o = OSCILLATION
    c2m = cos2theta12_matter(E_nu, n_e)
    return (1 - o["s13sq"]) ** 2 * (0.5 + 0.5 * (1 - 2 * o["s12sq"]) * c2m) + o["s13sq"] ** 2


@checked(E_nu="posarray", n_e="pos")
def cos2theta12_matter(E_nu, n_e: float) -> np.ndarray:
    """cos 2theta_12^m at production for a nu_e of energy E [GeV] at electron density n_e (internal units).

    cos 2theta_12^m = (cos 2theta_12 - beta)/sqrt((cos 2theta_12 - beta)^2 + sin^2 2theta_12),
    beta = 2 sqrt2 G_F c13^2 n_e E/Delta m^2_21 (Maltoni & Smirnov, arXiv:1507.05287). Dimensionless.
    """
    E = E_nu
    o = OSCILLATION
    c2 = 1 - 2 * o["s12sq"]
    s2 = math.sqrt(1 - c2 * c2)
    beta = 2 * math.sqrt(2) * C.G_F * (1 - o["s13sq"]) * n_e * E / (o["dm21sq_eV2"] * units.eV ** 2)
    return (c2 - beta) / np.sqrt((c2 - beta) ** 2 + s2 * s2)
