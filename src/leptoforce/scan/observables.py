"""Observable families that a scan evaluates, by ``model.kind``.

A family is a function ``evaluate(point: dict[str, float], model: dict, observables: tuple[str])
-> dict[str, float]`` registered with :func:`register_family`. Later modules (relic abundance,
SIDM, limits...) register their own families; user code can do the same from a plugin module
named in ``compute.plugins``.

Family ``"zprime"`` (this module): point/model keys ``mass`` [GeV], ``g``, ``epsilon``,
``charges`` (preset name); observables ``total_width_GeV``, ``lifetime_s``, ``ctau_m``,
``epsilon_AZp``, ``delta_a_e``, ``delta_a_mu``, ``delta_a_tau`` and ``br:<channel>``.
"""
from __future__ import annotations

from typing import Callable

from ..errors import InvalidInputError

__all__ = ["register_family", "family", "FAMILIES"]

FAMILIES: dict[str, Callable] = {}


def register_family(name: str):
    """Decorator registering an observable family under ``name``."""
    def deco(func):
        FAMILIES[name] = func
        return func
    return deco


def family(name: str) -> Callable:
    if name not in FAMILIES:
        raise InvalidInputError(f"model.kind={name!r} is unknown; known kinds: {', '.join(sorted(FAMILIES))}")
    return FAMILIES[name]


ZPRIME_OBSERVABLES = ("total_width_GeV", "lifetime_s", "ctau_m", "epsilon_AZp", "delta_a_e", "delta_a_mu",
                      "delta_a_tau")


@register_family("zprime")
def zprime_family(point: dict, model: dict, observables: tuple[str, ...]) -> dict[str, float]:
    """Z' widths, lifetime and g-2 at one point (see module docstring for the names)."""
    from .. import units
    from ..decays.zprime import branching_ratios, partial_widths
    from ..lab.g2 import delta_a
    from ..model.zprime import ZPrime

    args = {"charges": model.get("charges", "Lmu-Ltau"), "epsilon": model.get("epsilon", 0.0),
            "loop_mixing": model.get("loop_mixing", True)}
    for key in ("mass", "g", "epsilon"):
        if key in point:
            args[key] = point[key]
        elif key in model:
            args[key] = model[key]
    missing = [k for k in ("mass", "g") if k not in args]
    if missing:
        raise InvalidInputError(f"zprime scan needs {missing} as parameters or model entries")
    zp = ZPrime(**args)
    out: dict[str, float] = {}
    widths = None
    for name in observables:
        if name.startswith("br:") or name in ("total_width_GeV", "lifetime_s", "ctau_m"):
            widths = widths or partial_widths(zp)
        if name == "total_width_GeV":
            out[name] = widths["total"] / units.GeV
        elif name == "lifetime_s":
            out[name] = (1 / widths["total"]) / units.s
        elif name == "ctau_m":
            out[name] = (1 / widths["total"]) / units.m
        elif name == "epsilon_AZp":
            out[name] = zp.epsilon_total
        elif name.startswith("delta_a_"):
            lep = name[len("delta_a_"):]
            out[name] = delta_a(zp, lep)
        elif name.startswith("br:"):
            ch = name[3:]
            br = branching_ratios(zp, widths=widths)
            if ch not in br:
                raise InvalidInputError(f"observable {name!r}: channel {ch!r} unknown; known: {', '.join(br)}")
            out[name] = br[ch]
        else:
            raise InvalidInputError(
                f"observable {name!r} is unknown for kind 'zprime'; known: {', '.join(ZPRIME_OBSERVABLES)}, br:<channel>")
    return out
