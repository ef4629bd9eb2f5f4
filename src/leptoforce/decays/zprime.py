"""Z' partial widths, branching ratios and lifetime, as channel dicts.

Channels: ``"e e"``, ``"mu mu"``, ``"tau tau"``, ``"nu nu"`` (all neutrino flavours),
``"hadrons"``, one entry per dark-sector pair (``"psi psi"``, ``"N1 N1"``, ``"N1 N2"``...), and
``"total"``. Widths in GeV internal units (divide by ``units.MeV`` etc. to read them).

Formulae
--------
Two-body decay V -> f1 f2_bar with L = V_mu f1_bar gamma^mu (g_V - g_A gamma5) f2 (standard):

    Gamma = N_c m lambda^(1/2)(1, mu1, mu2) / (24 pi) *
            [ (g_V^2 + g_A^2)(2 - mu1 - mu2 - (mu1 - mu2)^2) + 6 (g_V^2 - g_A^2) sqrt(mu1 mu2) ],

mu_i = m_i^2/m^2. For m1 = m2 it is N_c m beta/(12 pi) [g_V^2 (1 + 2r) + g_A^2 beta^2]: seed 004
eq. (A.7) for g_V = g Q_f (and seed 000 eq. 5, first term, for massless leptons), the kinetic
mixing channel of seed 001 eq. (14) for g_V = eps e. An identical Majorana pair with
L = c N_bar gamma^mu gamma5 N has twice the Dirac formula (Feynman rule 2c, symmetry 1/2):
Gamma = c^2 m beta^3 / (6 pi) = g^2 X^2 m beta^3/(24 pi) for c = g X/2, seed 004 eq. (A.8).
Left-handed neutrinos, L = G_ab nu_bar_a gamma^mu P_L nu_b: Gamma = sum_ab |G_ab|^2 m/(24 pi)
(seed 000 eq. 5 with c_f = 1/2; seed 004 "3 g^2 M_Z'/(24 pi)" for B-L).
"""
from __future__ import annotations

import math


from .. import units
from ..errors import ComputationError, InvalidInputError
from ..model.charges import FLAVOURS
from ..model.zprime import ZPrime, fermion_mass
from ..settings import DEFAULT, HADRON_METHODS, Settings
from .hadrons import hadronic_width
from .twobody import two_body_width
from ..validate import checked

__all__ = ["two_body_width", "partial_widths", "total_width", "branching_ratios", "lifetime", "ctau",
           "neutrino_widths", "CHANNEL_ORDER"]

CHANNEL_ORDER = ("e e", "mu mu", "tau tau", "nu nu", "hadrons")


@checked(zp=ZPrime)
def neutrino_widths(zp: ZPrime) -> dict[str, float]:
    """Gamma(Z' -> nu_a nu_b_bar) [GeV] for each ordered flavour pair with a non-zero coupling."""
    G = zp.neutrino_couplings()
    out = {}
    for a, fa in enumerate(FLAVOURS):
        for b, fb in enumerate(FLAVOURS):
            if G[a, b] != 0.0:
                out[f"nu_{fa} nu_{fb}"] = G[a, b] ** 2 * zp.mass / (24 * math.pi)
    return out


def _dark_channels(zp: ZPrime) -> list[tuple[str, float, float, float, float, bool]]:
    chans = []
    for i, m_n in enumerate(zp.rhn_masses):
        x = zp.charges.nu_R[i]
        chans.append((f"N{i + 1} N{i + 1}", m_n, m_n, 0.0, zp.g * x / 2, True))
    for particle in zp.dark:
        chans.extend(particle.zprime_channels(zp.g))
    return chans


@checked(zp=ZPrime, settings=Settings, hadron_method=HADRON_METHODS)
def partial_widths(zp: ZPrime, settings: Settings = DEFAULT, hadron_method: str | None = None) -> dict[str, float]:
    """Channel dict of Z' partial widths [GeV], with ``"total"``.

    Sources: seed 004 eqs. (A.7)-(A.8) and the R-ratio prescription below (A.6); seed 000 eq. (5);
    seed 001 eq. (14) (kinetic-mixing e+e-); hadrons per :mod:`leptoforce.decays.hadrons`.
    """
    if not isinstance(zp, ZPrime):
        raise InvalidInputError(f"expected a ZPrime, got {type(zp).__name__}")
    out: dict[str, float] = {}
    for f in FLAVOURS:
        gv, ga = zp.couplings(f, q2=zp.mass**2)
        mf = fermion_mass(f)
        out[f"{f} {f}"] = two_body_width(zp.mass, mf, mf, gv, ga)
    out["nu nu"] = float(sum(neutrino_widths(zp).values()))
    out["hadrons"] = hadronic_width(zp, settings, hadron_method)
    for label, m1, m2, gv, ga, ident in _dark_channels(zp):
        if label in out:
            raise InvalidInputError(f"dark-sector channel {label!r} clashes with an existing channel name")
        out[label] = two_body_width(zp.mass, m1, m2, gv, ga, identical=ident)
    total = float(sum(out.values()))
    if not math.isfinite(total):
        raise ComputationError(f"non-finite Z' width for {zp!r}")
    out["total"] = total
    return out


@checked(zp=ZPrime, settings=Settings)
def total_width(zp: ZPrime, settings: Settings = DEFAULT) -> float:
    """Total Z' width [GeV]."""
    return partial_widths(zp, settings)["total"]


@checked(zp=ZPrime, settings=Settings)
def branching_ratios(zp: ZPrime, settings: Settings = DEFAULT, widths: dict | None = None) -> dict[str, float]:
    """Channel dict of branching ratios (they sum to 1; ``"total"`` is 1)."""
    w = widths if widths is not None else partial_widths(zp, settings)
    tot = w["total"]
    if tot <= 0:
        raise ComputationError(f"Z' of model {zp.charges.name!r} at m = {zp.mass / units.GeV:g} GeV has no open channel")
    return {k: v / tot for k, v in w.items()}


@checked(zp=ZPrime, channel=str, settings=Settings)
def branching_ratio(zp: ZPrime, channel: str, settings: Settings = DEFAULT) -> float:
    """Branching ratio of one ``channel`` (raises InvalidInputError for an unknown channel)."""
    br = branching_ratios(zp, settings)
    if channel not in br:
        raise InvalidInputError(f"channel={channel!r} is unknown for this Z'; known channels: {', '.join(br)}")
    return br[channel]


@checked(zp=ZPrime, settings=Settings)
def lifetime(zp: ZPrime, settings: Settings = DEFAULT) -> float:
    """Z' lifetime tau = 1/Gamma (internal units; divide by ``units.s``)."""
    tot = total_width(zp, settings)
    if tot <= 0:
        raise ComputationError("Z' width is zero: the Z' is stable for these parameters")
    return 1.0 / tot


@checked(zp=ZPrime, settings=Settings)
def ctau(zp: ZPrime, settings: Settings = DEFAULT) -> float:
    """Proper decay length c tau (internal units; divide by ``units.m``)."""
    return lifetime(zp, settings)
