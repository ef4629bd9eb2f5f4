"""Root finding for coupling bounds, with the guarantees the bounds need.

A bound on a coupling g is the place where an exclusion criterion ``excess(log10 g)`` changes sign
(negative: allowed, positive: excluded). Two failure modes used to reach users as numbers:

* the criterion is already positive at the search floor. A Z' of coupling ``g_floor`` (1e-9 or
  less) is invisible in every rate, so this means the Standard-Model limit of the prediction is not
  recovered (round-off, a table left behind); returning ``g_floor`` would report the edge of the
  search bracket as a bound. :func:`excluded_intervals` and :func:`lowest_excluded` raise
  :class:`~leptoforce.errors.ComputationError` instead.
* the criterion is still negative at the ceiling: the bound is "none" (``math.inf``), never the
  ceiling.

Both work in the variable ``x = log10 g`` with the tolerance ``xtol`` (``Settings.bound_xtol``).
"""
from __future__ import annotations

import math
from typing import Callable

import numpy as np
from scipy import optimize

from .errors import ComputationError, InvalidInputError
from .validate import callable_arg, checked, in_range, integer

__all__ = ["bracketed_root", "lowest_excluded", "excluded_intervals", "readonly"]


def readonly(obj):
    """``obj`` made safe to share from a cache: numpy arrays flagged read-only, dicts wrapped in a read-only
    mapping and lists turned into tuples (recursively); the arrays inside a dataclass instance are flagged
    in place. A caller that wants to edit takes a copy (``arr.copy()``, ``dict(mapping)``)."""
    import dataclasses
    from types import MappingProxyType

    if isinstance(obj, np.ndarray):
        obj.setflags(write=False)
        return obj
    if isinstance(obj, dict):
        return MappingProxyType({k: readonly(v) for k, v in obj.items()})
    if isinstance(obj, (list, tuple)) and not hasattr(obj, "_fields"):
        return tuple(readonly(v) for v in obj)
    if isinstance(obj, tuple):                      # a namedtuple: its fields in place
        for v in obj:
            readonly(v)
        return obj
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            v = getattr(obj, f.name)
            if isinstance(v, np.ndarray):
                v.setflags(write=False)
        return obj
    return obj


def _XTOL(name, value):
    return in_range(name, value, 1e-14, 1e-2, why="log10 of the coupling; below 1e-14 Brent's method cannot converge")


def _check_bracket(g_floor: float, g_ceiling: float) -> None:
    if not g_floor < g_ceiling:
        raise InvalidInputError(f"need g_floor < g_ceiling, got g_floor={g_floor!r}, g_ceiling={g_ceiling!r}")


def _value(excess: Callable[[float], float], x: float, what: str) -> float:
    v = float(excess(x))
    if not math.isfinite(v):
        raise ComputationError(f"{what}: the exclusion criterion is not finite at g = {10 ** x:.4g} ({v!r})")
    return v


@checked(f=callable_arg, a="real", b="real", xtol=_XTOL, what=str)
def bracketed_root(f: Callable[[float], float], a: float, b: float, xtol: float, what: str) -> float:
    """The root of ``f`` in [a, b] by Brent's method; ComputationError if ``f`` does not change sign."""
    fa, fb = float(f(a)), float(f(b))
    if not (math.isfinite(fa) and math.isfinite(fb)):
        raise ComputationError(f"{what}: the function is not finite at the bracket ends ({fa!r}, {fb!r})")
    if fa == 0.0:
        return a
    if fb == 0.0:
        return b
    if (fa > 0) == (fb > 0):
        raise ComputationError(f"{what}: no sign change between {a:g} and {b:g} (values {fa:.3g}, {fb:.3g})")
    return float(optimize.brentq(f, a, b, xtol=xtol))


@checked(_result="inf_ok", excess=callable_arg, g_floor="pos", g_ceiling="pos", xtol=_XTOL, what=str)
def lowest_excluded(excess: Callable[[float], float], g_floor: float, g_ceiling: float, xtol: float,
                    what: str = "bound") -> float:
    """The smallest g in (g_floor, g_ceiling] where a criterion that grows with g turns positive.

    ``excess`` takes log10 g. Returns ``math.inf`` when the criterion stays <= 0 up to ``g_ceiling``
    (nothing excluded there) and raises ComputationError when it is positive at ``g_floor`` (module doc).
    """
    _check_bracket(g_floor, g_ceiling)
    lo, hi = math.log10(g_floor), math.log10(g_ceiling)
    f_hi = _value(excess, hi, what)
    if f_hi <= 0:
        return math.inf
    if _value(excess, lo, what) > 0:
        raise ComputationError(f"{what}: the exclusion criterion is positive already at the search floor "
                               f"g = {g_floor:g}, where the Z' is invisible: no bracketed bound")
    return 10 ** bracketed_root(excess, lo, hi, xtol, what)


@checked(excess=callable_arg, g_floor="pos", g_ceiling="pos", n_grid=lambda n, v: integer(n, v, minimum=3), xtol=_XTOL,
         what=str)
def excluded_intervals(excess: Callable[[float], float], g_floor: float, g_ceiling: float, n_grid: int,
                       xtol: float, what: str = "bound") -> tuple[tuple[float, float], ...]:
    """The coupling intervals where ``excess(log10 g) > 0``.

    A log grid of ``n_grid`` points between ``g_floor`` and ``g_ceiling``, each sign change refined
    with Brent's method (so windows that open and close again, as with destructive interference,
    are found). The last interval is open (upper end ``inf``) when the criterion is still positive at
    ``g_ceiling``. Raises ComputationError when the criterion is positive at ``g_floor`` (module doc)
    or not finite on the grid.
    """
    _check_bracket(g_floor, g_ceiling)
    grid = np.linspace(math.log10(g_floor), math.log10(g_ceiling), int(n_grid))
    vals = np.array([_value(excess, x, what) for x in grid])
    if vals[0] > 0:
        raise ComputationError(f"{what}: the exclusion criterion is positive already at the search floor "
                               f"g = {g_floor:g}, where the Z' is invisible: no bracketed bound")
    intervals, start = [], None
    for k in range(1, grid.size):
        if (vals[k - 1] > 0) != (vals[k] > 0):
            x = float(optimize.brentq(excess, grid[k - 1], grid[k], xtol=xtol))
            if vals[k] > 0:
                start = x
            else:
                intervals.append((10 ** start, 10 ** x))
                start = None
    if start is not None:
        intervals.append((10 ** start, math.inf))
    return tuple(intervals)
