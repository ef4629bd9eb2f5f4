"""Registry of the bounds leptoforce computes from physics, one entry per bound, by name.

A computed bound is a function of the charges and the mass of a Z' (the physics lives in
:mod:`leptoforce.lab` or :mod:`leptoforce.thermal`, which register their entries here); the
combination layer (:mod:`leptoforce.experiments.bounds`) asks this registry which bounds apply to
a model and evaluates them. Each entry carries:

``name``, ``experiment``, ``reference``
    how the bound is listed and cited;
``applies(charges, mass)``
    whether the physics covers this model and mass (validity ranges included);
``excluded(charges, mass)``
    the excluded intervals of the gauge coupling g, a tuple of (g_lo, g_hi) with g_hi possibly inf;
``criterion(charges, mass)``
    a function c(g) that is positive where g is excluded and negative where it is allowed, written
    independently of the root finder; the tests use it to check that every finite interval edge is
    a bracketed root, never the edge of a search bracket;
``settings_aware``
    ``excluded`` and ``criterion`` take the :class:`~leptoforce.settings.Settings` as a third argument
    (the g-2 bound reads its data set there), and ``year(settings)`` gives the year of the data it uses;
``rel_tol``
    the relative precision of the interval edges (1e-4 for the roots found to 1e-8 in log10 g; larger
    for a bound whose criterion is itself an ODE solution, e.g. N_eff).

Units: masses in GeV (internal units); couplings dimensionless.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from .errors import InvalidInputError

__all__ = ["ComputedBound", "register_bound", "computed_bounds", "STATUSES"]

STATUSES = ("existing", "projection")

_REGISTRY: dict[str, "ComputedBound"] = {}


@dataclass(frozen=True)
class ComputedBound:
    """One computed bound (module doc). ``status`` is 'existing' or 'projection'."""

    name: str
    experiment: str
    reference: str
    applies: Callable[[Any, float], bool]
    excluded: Callable[[Any, float], tuple]
    criterion: Callable[[Any, float], Callable[[float], float]]
    status: str = "existing"
    rel_tol: float = 1e-4
    settings_aware: bool = False
    year: Callable[[Any], int] | None = None

    def evaluate(self, charges, mass: float, settings=None) -> tuple:
        """The excluded intervals (``settings`` passed on when the bound reads them)."""
        return self.excluded(charges, mass, settings) if self.settings_aware else self.excluded(charges, mass)

    def criterion_for(self, charges, mass: float, settings=None):
        return self.criterion(charges, mass, settings) if self.settings_aware else self.criterion(charges, mass)

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise InvalidInputError(f"bound {self.name!r}: status={self.status!r}; allowed: {', '.join(STATUSES)}")


def register_bound(bound: ComputedBound) -> ComputedBound:
    """Add ``bound`` to the registry (a name may be registered once)."""
    if bound.name in _REGISTRY:
        raise InvalidInputError(f"computed bound {bound.name!r} registered twice")
    _REGISTRY[bound.name] = bound
    return bound


def computed_bounds() -> dict[str, ComputedBound]:
    """Every registered computed bound, in registration order (the modules that register them are
    imported by :mod:`leptoforce.experiments.bounds`)."""
    return dict(_REGISTRY)
