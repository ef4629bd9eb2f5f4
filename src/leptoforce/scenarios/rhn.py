"""Scan family ``rhn``: the right-handed-neutrino dark matter N1 of seed 004 with a Z' portal.

Physics in :mod:`leptoforce.thermal.rhn` (seed 004 app. A, sec. 3); this module only maps scan points to it.
"""
from __future__ import annotations

from ..errors import InvalidInputError
from ..model.zprime import ZPrime
from ..thermal import thermo
from ..thermal.relics import relativistic_relic_omega_h2
from ..thermal.rhn import RHNSystem
from .registry import describe_family, merged, register_family

__all__ = ["RHN_OBSERVABLES", "rhn_family"]

RHN_OBSERVABLES = ("thermal", "regime", "T_dec_GeV", "x_dec", "omega_freezein", "omega_relativistic",
                   "zp_width_GeV")
_REGIME_CODE = {"non-thermal": 0.0, "relativistic": 1.0, "non-relativistic": 2.0}
describe_family("rhn", {
    "thermal": ("", "1 if N1 thermalises through the Z' (Gamma > H at some T), else 0", "seed 004 Sec. 3 (RHNSystem.thermal_history)"),
    "regime": ("", "0 non-thermal, 1 relativistic, 2 non-relativistic at decoupling", "seed 004 Sec. 3"),
    "T_dec_GeV": ("GeV", "decoupling temperature of N1 (NaN if never thermal)", "seed 004 Sec. 3"),
    "x_dec": ("", "m_N1 / T_dec", "seed 004 Sec. 3"),
    "omega_freezein": ("", "Omega h^2 of N1 from freeze-in through the Z' (table g_*)", "seed 004 eq. 3.4 (thermal.freezein)"),
    "omega_relativistic": ("", "Omega h^2 of a relativistic relic with g_*s at T_dec", "seed 004 eq. 3.3"),
    "zp_width_GeV": ("GeV", "total Z' width", "seed 004 app. A (decays.zprime)"),
})


@register_family("rhn", parameters={"mass": "energy", "g": "dimensionless", "m_N1": "energy",
                                  "m_N1_over_mZp": "dimensionless"},
                 options={"charges": str}, known=RHN_OBSERVABLES)
def rhn_family(point: dict, model: dict, observables: tuple[str, ...]) -> dict[str, float]:
    """N1 dark matter with a Z' portal (seed 004): thermal status, decoupling, freeze-in abundance.

    Keys (parameters or model entries): ``mass`` (M_Z' [GeV]), ``g``, and either ``m_N1`` [GeV] or
    ``m_N1_over_mZp``; model ``charges`` (default "B-L"). Observables: ``thermal`` (1/0), ``regime``
    (0 non-thermal, 1 relativistic, 2 non-relativistic at decoupling), ``T_dec_GeV``, ``x_dec``,
    ``omega_freezein`` (Omega h^2 of N1 N1 production through the Z', table g_*),
    ``omega_relativistic`` (eq. 3.3 with g_*s at T_dec), ``zp_width_GeV``. ``T_dec_GeV``, ``x_dec`` and
    ``omega_relativistic`` are NaN for a point that never thermalises (they do not exist there).
    """
    vals = merged(point, model, ("mass", "g"), "rhn")
    if "m_N1" in vals:
        m_n = float(vals["m_N1"])
    elif "m_N1_over_mZp" in vals:
        m_n = float(vals["m_N1_over_mZp"]) * float(vals["mass"])
    else:
        raise InvalidInputError("rhn scan needs m_N1 or m_N1_over_mZp")
    zp = ZPrime(mass=float(vals["mass"]), g=float(vals["g"]), charges=vals.get("charges", "B-L"),
                rhn_masses=(m_n,), loop_mixing=False)
    sysm = RHNSystem(zp)
    out: dict[str, float] = {}
    hist = None
    for name in observables:
        if name in ("thermal", "regime", "T_dec_GeV", "x_dec", "omega_relativistic"):
            hist = hist or sysm.thermal_history()
        if name == "thermal":
            out[name] = 1.0 if hist["thermal"] else 0.0
        elif name == "regime":
            out[name] = _REGIME_CODE[hist["regime"]]
        elif name == "T_dec_GeV":
            out[name] = hist["T_dec"]
        elif name == "x_dec":
            out[name] = hist["x_dec"]
        elif name == "omega_relativistic":
            out[name] = (relativistic_relic_omega_h2(m_n, 2.0, thermo.gstar_s(hist["T_dec"]))
                         if hist["thermal"] else float("nan"))
        elif name == "omega_freezein":
            out[name] = sysm.freezein_omega_h2()
        elif name == "zp_width_GeV":
            out[name] = sysm.width_total
        else:
            raise InvalidInputError(f"observable {name!r} is unknown for kind 'rhn'; known: {', '.join(RHN_OBSERVABLES)}")
    return out
