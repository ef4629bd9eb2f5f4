"""Every bound leptoforce knows for one model at one mass: computed, tabulated, recast and missing.

:func:`bounds_at` returns a list of :class:`~leptoforce.experiments.limits.BoundResult` and
:func:`envelope_g_max` the strongest existing one. The computed bounds come from
:mod:`leptoforce.bound_registry` (registered by :mod:`leptoforce.lab.bounds`, which lists them with
their validity); then every tabulated curve of the limits registry, directly or recast
(:mod:`leptoforce.experiments.limits`), and the curves we know exist but have no table for
("missing"). A computed bound that cannot be evaluated at this mass (its root is not bracketed, a
table is left) is listed with kind ``"outside"`` and the reason, never with a number.

Masses in GeV internal units.
"""
from __future__ import annotations

import math
from dataclasses import replace

from .. import units
from ..bound_registry import computed_bounds
from ..errors import ComputationError, InvalidInputError, OutOfDomainError
from ..lab import bounds as _lab_bounds  # noqa: F401  (registers the laboratory bounds)
from ..thermal import bounds as _thermal_bounds  # noqa: F401  (registers the N_eff bounds)
from . import xenonnt_bound as _xenonnt_bound  # noqa: F401  (registers the XENONnT nu-e bound)
from ..model.charges import ChargeAssignment, as_charges
from ..validate import checked, instance, integer, sequence
from ..settings import DEFAULT, Settings
from .limits import DARK_PHOTON, BoundResult, recast_bound, registry

__all__ = ["bounds_at", "envelope_g_max", "bounds_table", "computed_record"]


def _charges(model, name: str = "model") -> ChargeAssignment:
    if isinstance(model, ChargeAssignment):
        return model
    if model == DARK_PHOTON.name:
        return DARK_PHOTON
    return as_charges(model, name)


@checked(name=str)
def computed_record(name: str):
    """The registry record of the computed bound ``name`` (its label, category, publication and year)."""
    for lim in registry().values():
        if lim.kind == "computed" and lim.computed == name:
            return lim
    raise InvalidInputError(f"computed bound {name!r} has no record in data/limits/registry.toml")


def _year_arg(name, value):
    return None if value is None else integer(name, value, minimum=1900)


@checked(model=lambda n, v: _charges(v, n), mass="pos", include_missing="bool", until=_year_arg,
         projections="bool", settings=Settings)
def bounds_at(model, mass: float, include_missing: bool = True, until: int | None = None,
              projections: bool = True, settings: Settings = DEFAULT) -> list[BoundResult]:
    """All bounds on the coupling of ``model`` (preset name or ChargeAssignment) at ``mass`` [GeV].

    ``until``: only existing limits published up to that year (a paper's reproduction draws the limits of its time;
    a computed bound that reads a data set from ``settings`` counts that data set's year, e.g. the g-2 data);
    projected reaches are kept unless ``projections=False``.
    """
    ch = model
    out: list[BoundResult] = []

    def keep(rec, year=None) -> bool:
        y = rec.year if year is None else year
        if rec.status == "projection":
            return projections          # a projection is a reach, not a result: ``until`` does not date it
        return until is None or y <= until

    for b in computed_bounds().values():
        rec = computed_record(b.name)
        year = b.year(settings) if b.year is not None else rec.year
        if not keep(rec, year) or not b.applies(ch, mass):
            continue
        base = dict(name=b.name, experiment=b.experiment, reference=b.reference, label=rec.label or b.name,
                    category=rec.category, status=rec.status, year=year)
        try:
            excluded = b.evaluate(ch, mass, settings)
        except (ComputationError, OutOfDomainError) as exc:
            out.append(BoundResult(kind="outside", note=f"not computed at this mass: {exc}", **base))
            continue
        out.append(BoundResult(kind="computed", g_excluded=tuple(excluded),
                               note="[projection]" if b.status == "projection" else "", **base))
    for lim in registry().values():
        if lim.kind == "computed" or not keep(lim):
            continue
        if lim.kind == "missing":
            if include_missing:
                out.append(BoundResult(name=lim.name, experiment=lim.experiment, kind="missing",
                                       reference=lim.reference, note=f"no table available: {lim.reason}",
                                       label=lim.label, category=lim.category, status=lim.status, year=lim.year))
            continue
        res = recast_bound(lim, ch, mass)
        if res.status == "projection" and res.kind in ("tabulated", "recast"):
            res = replace(res, note=(res.note + " [projection]").strip())
        if res.kind in ("tabulated", "recast") or include_missing:
            out.append(res)
    return out


def envelope_g_max(results: list[BoundResult]) -> float:
    """Smallest excluded coupling among existing (non-projection) bounds; inf if none excludes anything."""
    results = [instance("results", r, BoundResult) for r in sequence("results", results)]
    vals = [r.g_max for r in results if r.kind in ("computed", "tabulated", "recast") and r.status != "projection"]
    return min(vals, default=math.inf)


def bounds_table(model, mass: float) -> dict:
    """The JSON form of the ``leptoforce bounds`` command (keys: model, mass_GeV, bounds, envelope_g_max)."""
    res = bounds_at(model, mass)

    def num(x):
        return None if not math.isfinite(x) else float(x)
    return {
        "model": _charges(model).name,
        "mass_GeV": mass / units.GeV,
        "bounds": [{"name": r.name, "experiment": r.experiment, "kind": r.kind, "g_max": num(r.g_max),
                    "g_excluded_intervals": [[num(a) if a > 0 else 0.0, num(b)] for a, b in r.g_excluded],
                    "reference": r.reference, "note": r.note} for r in res],
        "envelope_g_max": num(envelope_g_max(res)),
    }
