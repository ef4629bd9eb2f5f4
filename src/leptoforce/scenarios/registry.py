"""The registry of observables and observable families (imports no physics).

An :class:`Observable` is a named quantity with a unit, a description, a citation and a function of
model objects. A :class:`Family` is what a scan evaluates for one ``model.kind``: the parameters it
accepts (with their physical dimension, so that a config writing ``max = "1s"`` for a mass is
refused), its string options, the observables it knows, and an evaluation function, either per point
or batched over a chunk of points.

The built-in families live in the sibling modules of this package (:mod:`.zprime`, :mod:`.rhn`,
:mod:`.pseudo_dirac`, :mod:`.sterile`, :mod:`.dampe_emu`) and are imported when first asked for; user families
come from plugin modules named in a scan's ``compute.plugins`` (code that runs in every worker: only
name modules you trust) and register themselves with :func:`register_family`.

Layering: this module sits above the physics engines and below :mod:`leptoforce.scan`, the command
line and the analyses, which all look observables up here; the scan engine knows families only
through :func:`family`.
"""
from __future__ import annotations

import functools
import importlib
import inspect
from dataclasses import dataclass, field
from typing import Callable

from ..errors import InvalidInputError
from ..validate import suggest

__all__ = ["Observable", "Family", "register_observable", "observable", "observables", "register_family", "family",
           "families", "families_registered", "merged", "BUILTIN_FAMILIES", "describe_family"]

#: Built-in family name -> module that registers it (imported on first use).
BUILTIN_FAMILIES = {"zprime": "zprime", "rhn": "rhn", "sidm-pseudo-dirac": "pseudo_dirac",
                    "sterile-secret": "sterile", "dampe-emu": "dampe_emu"}

_OBSERVABLES: dict[str, "Observable"] = {}
_FAMILIES: dict[str, "Family"] = {}


@dataclass(frozen=True)
class Observable:
    """A named observable: ``func(*objects, **options) -> float`` of the model objects in ``takes``.

    ``unit``: the unit its value is reported in ("s", "GeV", "" for dimensionless); ``citation``:
    where its formula comes from (seed file and equation, or paper and arXiv number).
    """

    name: str
    unit: str
    description: str
    citation: str
    takes: tuple[str, ...]
    func: Callable = field(repr=False)


def register_observable(obs: Observable) -> Observable:
    """Add ``obs`` to the registry (each name once)."""
    if obs.name in _OBSERVABLES:
        raise InvalidInputError(f"observable {obs.name!r} registered twice")
    _OBSERVABLES[obs.name] = obs
    return obs


def observable(name: str) -> Observable:
    """The registered observable ``name``."""
    _load_builtin_families()
    if name not in _OBSERVABLES:
        raise InvalidInputError(f"observable {name!r} is unknown{suggest(name, _OBSERVABLES)}; known: "
                                f"{', '.join(sorted(_OBSERVABLES))}")
    return _OBSERVABLES[name]


def observables() -> dict[str, Observable]:
    """Every registered observable, by name."""
    _load_builtin_families()
    return dict(_OBSERVABLES)


@dataclass
class Family:
    """An observable family (module doc).

    ``parameters``: name -> dimension (one of :data:`leptoforce.units.DIMENSIONS`, or None for "any") of
    every key the family reads as a scanned parameter or a fixed model entry; ``options``: name ->
    allowed type (``str``, ``int``, ``bool``) of the other model entries; ``known``: the observable
    names it evaluates, or a function ``name -> bool`` for parametrised names (``br:e e``);
    ``evaluate``: ``(point, model, observables) -> dict`` (per point) or, with ``batched``,
    ``(points, model, observables) -> (dict of arrays, list of status strings)``. A family registered
    without ``parameters`` (a plugin that declares nothing) accepts any key and any unit.
    """

    name: str
    evaluate: Callable = field(repr=False)
    batched: bool = False
    parameters: dict | None = None
    options: dict = field(default_factory=dict)
    known: object = None
    description: str = ""

    def knows(self, name: str) -> bool:
        if self.known is None:
            return True
        return self.known(name) if callable(self.known) else name in self.known

    def check_observables(self, names) -> None:
        """Refuse an observable name the family does not evaluate (before any work)."""
        for n in names:
            if not self.knows(n):
                listing = (", ".join(self.known) if isinstance(self.known, (tuple, list, set, frozenset))
                           else "see the family's documentation")
                hint = suggest(n, self.known) if isinstance(self.known, (tuple, list, set, frozenset)) else ""
                raise InvalidInputError(f"observable {n!r} is unknown for kind {self.name!r}{hint}; known: {listing}")

    def __call__(self, *args):
        return self.evaluate(*args)


def register_family(name: str, batched: bool = False, parameters: dict | None = None, options: dict | None = None,
                    known=None, description: str = ""):
    """Decorator registering an evaluation function as the observable family ``name`` (see :class:`Family`)."""
    def deco(func):
        if name in _FAMILIES and getattr(_FAMILIES[name].evaluate, "__wrapped__", None) is not func:
            raise InvalidInputError(f"observable family {name!r} registered twice")

        sig = inspect.signature(func)

        @functools.wraps(func)
        def evaluate(*args, **kwargs):
            try:
                point, model, observables = sig.bind(*args, **kwargs).args
            except (TypeError, ValueError) as exc:
                raise InvalidInputError(f"family {name!r}: {exc}") from None
            what = "points" if batched else "point"
            if not isinstance(point, dict):
                raise InvalidInputError(f"{what} must be a dict of parameter values, got {type(point).__name__}")
            if not isinstance(model, dict):
                raise InvalidInputError(f"model must be a dict of model entries, got {type(model).__name__}")
            if isinstance(observables, str) or not all(isinstance(o, str) for o in observables):
                raise InvalidInputError(f"observables must be a list of observable names, got {observables!r}")
            return func(point, model, tuple(observables))
        evaluate.batched = batched
        fam = Family(name, evaluate, batched, parameters, dict(options or {}), known,
                     description or (func.__doc__ or ""))
        _FAMILIES[name] = fam
        return evaluate
    return deco


def family(name: str) -> Family:
    """The family ``name``: registered already, or a built-in one imported now."""
    if name not in _FAMILIES and name in BUILTIN_FAMILIES:
        importlib.import_module(f"{__package__}.{BUILTIN_FAMILIES[name]}")
    if name not in _FAMILIES:
        known = sorted(set(_FAMILIES) | set(BUILTIN_FAMILIES))
        raise InvalidInputError(f"model.kind={name!r} is unknown{suggest(str(name), known)}; known kinds: "
                                f"{', '.join(known)} (or a family registered by a plugin)")
    return _FAMILIES[name]


def families_registered() -> tuple[str, ...]:
    """Names of the families registered so far (without importing the built-in modules)."""
    return tuple(_FAMILIES)


def families() -> dict[str, Family]:
    """Every family (the built-in ones imported)."""
    _load_builtin_families()
    return dict(_FAMILIES)


def merged(point: dict, model: dict, required: tuple[str, ...], family_name: str) -> dict:
    """The point's parameters over the model entries, with each ``required`` key present (or a named error)."""
    vals = {**model, **point}
    for key in required:
        if key not in vals:
            raise InvalidInputError(f"{family_name} scan needs {key!r} as a parameter or model entry")
    return vals


def describe_family(family_name: str, table: dict) -> None:
    """Register the observables of a family as :class:`Observable` entries named ``FAMILY:NAME``.

    ``table``: observable name -> (unit, description, citation). The entry's function evaluates one point
    through the family, ``func(point, model={}) -> float``, so that a family's observables are listed,
    documented and callable like any other (the family itself is their batched form).
    """
    def make(obs):
        def func(point: dict, model: dict | None = None) -> float:
            fam = family(family_name)
            if fam.batched:
                vals, _ = fam({k: [v] for k, v in point.items()}, dict(model or {}), (obs,))
                return float(vals[obs][0])
            return float(fam(point, dict(model or {}), (obs,))[obs])
        func.__name__ = f"{family_name}:{obs}"
        return func

    for obs, (unit, description, citation) in table.items():
        register_observable(Observable(f"{family_name}:{obs}", unit, description, citation, ("point", "model"), make(obs)))


def _load_builtin_families() -> None:
    for name in BUILTIN_FAMILIES:
        family(name)
