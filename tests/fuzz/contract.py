"""The contract every public function and command-line option keeps (issue 19), and the machinery to test it.

Contract: a call either returns a finite result (``+inf`` only in the cases marked ``inf_ok``, where the API
documents it: "no bound", the open end of an excluded interval, an untruncated halo, an empty profile cell) (numbers, arrays, dicts, tuples and dataclasses of
them) or raises one of the documented classes (:class:`InvalidInputError`, :class:`OutOfDomainError`,
:class:`ComputationError`); an invalid value of a parameter raises :class:`InvalidInputError` (or
OutOfDomainError for a table left by range) whose message names the parameter as the user wrote it;
nothing hangs (every call runs under a timeout).

A case is a public callable, keyword arguments for a cheap valid call, and the *role* of each
parameter, which fixes the bad values it is probed with:

=========== ====================================================================================
role        probed with (each must raise, naming the parameter)
=========== ====================================================================================
pos         NaN, +inf, -inf, -1, 0, True, "abc"            (positive finite quantities)
nonneg      NaN, +inf, -1, True, "abc"                     (>= 0; zero must work or raise)
real        NaN, +inf, True, "abc"                         (any finite number)
coupling    NaN, +inf, 50, True, "abc"                     (|g| <= 4 pi)
gpos        NaN, +inf, -0.1, 0, 50, True, "abc"            (0 < g <= 4 pi)
int         10.5, NaN, True, "abc", -1                      (positive integers)
count0      10.5, True, "abc", -1                           (integers >= 0)
tol         0, -1, NaN, 2, "abc"                            (tolerances in (0, 1))
prob        -0.1, 1.5, NaN, "abc"                           (numbers in [0, 1])
choice      "nope", 1.0                                     (a name from a fixed list)
obj         1.0, "abc"                                      (a model object or table)
bool        1.5, "yes"                                      (True/False)
posarray    [NaN], [-1.0], [], "abc"                        (arrays of positive numbers)
nonnegarray [NaN], [-1.0], [], "abc"                        (arrays of numbers >= 0)
realarray   [NaN], [], "abc"                                (arrays of finite numbers)
=========== ====================================================================================

Values that are valid for a role (e.g. -1 for ``real``) are also tried and must give a finite result or
a documented error.
"""
from __future__ import annotations

import dataclasses
import math
import signal
from contextlib import contextmanager

import numpy as np

from leptoforce.errors import ComputationError, InvalidInputError, LeptoforceError, OutOfDomainError

NAN, INF = float("nan"), float("inf")

BAD = {
    "pos": [NAN, INF, -INF, -1.0, 0.0, True, "abc"],
    "nonneg": [NAN, INF, -1.0, True, "abc"],
    "real": [NAN, INF, True, "abc"],
    "coupling": [NAN, INF, 50.0, True, "abc"],
    "gpos": [NAN, INF, -0.1, 0.0, 50.0, True, "abc"],
    "gnonneg": [NAN, INF, -0.1, 50.0, True, "abc"],
    "finite": [NAN, INF, True, "abc"],
    "int": [10.5, NAN, True, "abc", -1],
    "count0": [10.5, True, "abc", -1],
    "tol": [0.0, -1.0, NAN, 2.0, "abc"],
    "prob": [-0.1, 1.5, NAN, "abc"],
    "choice": ["nope", 1.0],
    "obj": [1.0, "abc"],
    "bool": [1.5, "yes"],
    "posarray": [[NAN], [-1.0], [], "abc"],
    "nonnegarray": [[NAN], [-1.0], [], "abc"],
    "realarray": [[NAN], [], "abc"],
}
#: values that are allowed for the role; the call must still keep the contract
ODD = {
    "nonneg": [0.0],
    "real": [-1.0, 0.0, 1e300],
    "coupling": [-0.1, 0.0],
    "count0": [0],
}

TIMEOUT_S = 60


class CaseTimeout(Exception):
    pass


@contextmanager
def time_limit(seconds: float):
    def handler(signum, frame):
        raise CaseTimeout(f"no answer within {seconds} s")
    old = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def finite_everywhere(value, path: str = "result", inf_ok: bool = False) -> list[str]:
    """Paths of the non-finite numbers inside ``value`` (empty when all are finite; +inf passes with ``inf_ok``)."""
    bad: list[str] = []
    if isinstance(value, (bool, np.bool_, str, bytes, type(None))):
        return bad
    if isinstance(value, (int, float, np.integer, np.floating)):
        v = float(value)
        return [] if (math.isfinite(v) or (inf_ok and v == math.inf)) else [f"{path}={value!r}"]
    if isinstance(value, complex):
        return [] if (math.isfinite(value.real) and math.isfinite(value.imag)) else [f"{path}={value!r}"]
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "fc" and not np.all(np.isfinite(value) | (inf_ok & (value == np.inf))):
            return [f"{path} (array with non-finite entries)"]
        return bad
    if isinstance(value, dict):
        for k, v in value.items():
            bad += finite_everywhere(v, f"{path}[{k!r}]", inf_ok)
        return bad
    if isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            bad += finite_everywhere(v, f"{path}[{i}]", inf_ok)
        return bad
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            bad += finite_everywhere(getattr(value, f.name), f"{path}.{f.name}", inf_ok)
        return bad
    return bad


@dataclasses.dataclass
class Case:
    """A public callable with a cheap valid call and the roles of its parameters."""

    name: str
    func: object
    kwargs: dict
    roles: dict
    aliases: dict = dataclasses.field(default_factory=dict)   # parameter -> other names a message may use
    base: bool = True                                         # run the unperturbed call too
    nan_ok: bool = False                                      # NaN in the result is documented (table gaps)
    inf_ok: bool = False                                      # +inf is documented ("no bound", open intervals)

    def __post_init__(self):
        pass

    def call(self, **override):
        kw = dict(self.kwargs)
        kw.update(override)
        return self.func(**kw)


DOCUMENTED = (InvalidInputError, OutOfDomainError, ComputationError)


def run_case(case: Case, override: dict | None = None, must_raise_for: str | None = None) -> str | None:
    """Run one call; return a description of the contract violation, or None when it is kept."""
    override = override or {}
    try:
        with time_limit(TIMEOUT_S):
            result = case.call(**override)
    except CaseTimeout as exc:
        return f"hang: {exc}"
    except DOCUMENTED as exc:
        if must_raise_for is not None:
            names = (must_raise_for, *case.aliases.get(must_raise_for, ()))
            if not any(n in str(exc) for n in names):
                return f"{type(exc).__name__} does not name {must_raise_for!r}: {exc}"
            if isinstance(exc, ComputationError):
                return f"bad input reported as ComputationError (should be InvalidInputError): {exc}"
        return None
    except LeptoforceError as exc:
        return f"undocumented LeptoforceError subclass {type(exc).__name__}: {exc}"
    except Exception as exc:  # noqa: BLE001 - the point of the harness
        return f"{type(exc).__name__} (not a documented class): {exc}"
    if must_raise_for is not None:
        return f"accepted {must_raise_for}={override[must_raise_for]!r} and returned {_short(result)}"
    bad = [] if case.nan_ok else finite_everywhere(result, inf_ok=case.inf_ok)
    if bad:
        return "non-finite result: " + ", ".join(bad[:3])
    return None


def _short(x) -> str:
    t = repr(x)
    return t if len(t) < 120 else t[:117] + "..."
