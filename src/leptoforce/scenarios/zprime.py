"""Z' observables, defined once: the ``zprime`` scan family and ``leptoforce zprime --json`` both use them.

Widths and branching ratios: :mod:`leptoforce.decays.zprime` (seed 004 eqs. A.7-A.8, seed 000 eq. 5,
seed 001 eq. 14); kinetic mixing: :class:`leptoforce.model.ZPrime` (seed 001 eq. 3); lepton g-2:
:mod:`leptoforce.lab.g2` (seed 001 eq. 8; Leveille 1978). Units as the observable names say.
"""
from __future__ import annotations

from .. import units
from ..decays.zprime import branching_ratios, partial_widths
from ..errors import InvalidInputError
from ..lab.g2 import delta_a
from ..model.zprime import ZPrime
from ..settings import DEFAULT, Settings
from .registry import Observable, register_family, register_observable

__all__ = ["ZPRIME_OBSERVABLES", "zprime_observables", "zprime_report"]


def _widths(zp, settings, cache):
    if "widths" not in cache:
        cache["widths"] = partial_widths(zp, settings)
    return cache["widths"]


def _total(zp, settings, cache):
    tot = _widths(zp, settings, cache)["total"]
    if not tot > 0:
        from ..errors import ComputationError
        raise ComputationError(f"the Z' of {zp.charges.name!r} at m = {zp.mass / units.GeV:g} GeV has no open channel")
    return tot


_DEFS = (
    ("total_width_GeV", "GeV", "total Z' width", "decays.zprime (seed 004 eqs. A.7-A.8, seed 000 eq. 5)",
     lambda zp, s, c: _widths(zp, s, c)["total"] / units.GeV),
    ("lifetime_s", "s", "Z' lifetime 1/Gamma", "decays.zprime", lambda zp, s, c: (1 / _total(zp, s, c)) / units.s),
    ("ctau_m", "m", "Z' proper decay length", "decays.zprime", lambda zp, s, c: (1 / _total(zp, s, c)) / units.m),
    ("epsilon_AZp", "", "total photon-Z' kinetic mixing at q^2 = 0 (tree + one loop)", "seed 001 eq. 3",
     lambda zp, s, c: zp.epsilon_total),
    ("delta_a_e", "", "one-loop Z' contribution to a_e", "seed 001 eq. 8; Leveille, NPB 137 (1978) 63",
     lambda zp, s, c: delta_a(zp, "e", s)),
    ("delta_a_mu", "", "one-loop Z' contribution to a_mu", "seed 001 eq. 8; Leveille, NPB 137 (1978) 63",
     lambda zp, s, c: delta_a(zp, "mu", s)),
    ("delta_a_tau", "", "one-loop Z' contribution to a_tau", "seed 001 eq. 8; Leveille, NPB 137 (1978) 63",
     lambda zp, s, c: delta_a(zp, "tau", s)),
)
_FUNCS = {}
for _name, _unit, _desc, _cite, _f in _DEFS:
    register_observable(Observable(_name, _unit, _desc, _cite, ("zprime",), _f))
    _FUNCS[_name] = _f
#: The scalar Z' observables; ``br:<channel>`` gives the branching ratio into a channel of the width dict.
ZPRIME_OBSERVABLES = tuple(_FUNCS)


def _known(name: str) -> bool:
    return name in _FUNCS or name.startswith("br:")


def zprime_observables(zp: ZPrime, names, settings: Settings = DEFAULT) -> dict[str, float]:
    """Values of the Z' observables ``names`` (module doc; ``br:<channel>`` for a branching ratio)."""
    from ..validate import instance, sequence
    instance("zp", zp, ZPrime)
    names = sequence("names", list(names) if isinstance(names, tuple) else names)
    cache: dict = {}
    out: dict[str, float] = {}
    for name in names:
        if name in _FUNCS:
            out[name] = _FUNCS[name](zp, settings, cache)
        elif name.startswith("br:"):
            ch = name[3:]
            br = branching_ratios(zp, settings, widths=_widths(zp, settings, cache))
            if ch not in br:
                raise InvalidInputError(f"observable {name!r}: channel {ch!r} unknown; known: {', '.join(br)}")
            out[name] = br[ch]
        else:
            raise InvalidInputError(f"observable {name!r} is unknown for kind 'zprime'; known: "
                                    f"{', '.join(ZPRIME_OBSERVABLES)}, br:<channel>")
    return out


def zprime_report(zp: ZPrime, settings: Settings = DEFAULT) -> dict:
    """The stable ``leptoforce zprime --json`` contract (keys documented in the README)."""
    widths = partial_widths(zp, settings)
    total = widths["total"]
    br = branching_ratios(zp, settings, widths) if total > 0 else {k: None for k in widths}
    life = 1 / total if total > 0 else float("inf")
    vals = zprime_observables(zp, ("epsilon_AZp", "delta_a_mu", "delta_a_e"), settings)
    return {"model": zp.charges.name, "mass_GeV": zp.mass / units.GeV, "g": zp.g,
            "partial_widths_GeV": {k: v / units.GeV for k, v in widths.items()}, "branching_ratios": br,
            "total_width_GeV": total / units.GeV, "lifetime_s": life / units.s, "ctau_m": life / units.m, **vals}


@register_family("zprime", parameters={"mass": "energy", "g": "dimensionless", "epsilon": "dimensionless"},
                 options={"charges": str, "loop_mixing": bool}, known=_known)
def zprime_family(point: dict, model: dict, observables: tuple[str, ...]) -> dict[str, float]:
    """Z' widths, lifetime, mixing and g-2 at one point: keys ``mass`` [GeV], ``g``, ``epsilon`` (parameters or
    model entries) and model ``charges`` (preset name, default Lmu-Ltau), ``loop_mixing``."""
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
    return zprime_observables(ZPrime(**args), observables)
