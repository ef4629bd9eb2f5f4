"""The validated edge: one set of checks for every public function and command-line option.

Every helper takes the *public* name of the parameter first and returns the value in the form the
caller needs (a float, an int, a float array); a bad value raises
:class:`~leptoforce.errors.InvalidInputError` whose message names the parameter, repeats the value
and says what is allowed::

    >>> positive("m_psi", -1.0)
    Traceback (most recent call last):
    ...
    leptoforce.errors.InvalidInputError: m_psi=-1.0 must be a positive finite number

Public functions validate once, at the edge; inner kernels (underscored names) trust their inputs
and stay fast. Numerical trouble in a *result* is reported with :func:`finite_result`, which raises
:class:`~leptoforce.errors.ComputationError` instead of returning NaN or infinity.

Units: the helpers are unit-agnostic (values are in internal units, GeV = 1); ``unit`` arguments
only decorate messages.
"""
from __future__ import annotations

import difflib
import functools
import inspect
import math
import numbers
from typing import Callable, Iterable

import numpy as np

from .errors import ComputationError, InvalidInputError

__all__ = ["real", "positive", "nonnegative", "in_range", "integer", "boolean", "choice", "coupling",
           "probability", "array", "finite_result", "suggest", "unknown_keys", "sequence", "instance", "checked", "fields", "callable_arg",
           "broadcasting", "ROLES"]

_PERTURBATIVE = 4 * math.pi


def _is_bool(value) -> bool:
    return isinstance(value, (bool, np.bool_))


def _as_float(name: str, value) -> float:
    if _is_bool(value):
        raise InvalidInputError(f"{name}={value!r} is a boolean; it must be a number")
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
        return float(value)
    raise InvalidInputError(f"{name}={value!r} must be a real number (got {type(value).__name__})")


def _unit(unit: str) -> str:
    return f" {unit}" if unit else ""


def real(name: str, value, *, allow_inf: bool = False) -> float:
    """``value`` as a float; NaN (and infinity unless ``allow_inf``) refused."""
    v = _as_float(name, value)
    if math.isnan(v) or (math.isinf(v) and not allow_inf):
        raise InvalidInputError(f"{name}={value!r} must be a finite number")
    return v


def positive(name: str, value, *, allow_inf: bool = False, unit: str = "") -> float:
    """``value`` > 0 as a float (finite unless ``allow_inf``)."""
    v = real(name, value, allow_inf=allow_inf)
    if not v > 0:
        raise InvalidInputError(f"{name}={value!r}{_unit(unit)} must be a positive "
                                f"{'number' if allow_inf else 'finite number'}")
    return v


def nonnegative(name: str, value, *, allow_inf: bool = False, unit: str = "") -> float:
    """``value`` >= 0 as a float."""
    v = real(name, value, allow_inf=allow_inf)
    if not v >= 0:
        raise InvalidInputError(f"{name}={value!r}{_unit(unit)} must be a finite number >= 0")
    return v


def in_range(name: str, value, lo: float, hi: float, *, lo_open: bool = False, hi_open: bool = False,
             unit: str = "", why: str = "") -> float:
    """``value`` inside [lo, hi] (a bracket side open when ``lo_open``/``hi_open``); infinite ends allowed."""
    v = real(name, value, allow_inf=math.isinf(lo) or math.isinf(hi))
    ok_lo = v > lo if lo_open else v >= lo
    ok_hi = v < hi if hi_open else v <= hi
    if not (ok_lo and ok_hi):
        left, right = "(" if lo_open else "[", ")" if hi_open else "]"
        reason = f" ({why})" if why else ""
        raise InvalidInputError(f"{name}={value!r}{_unit(unit)} must lie in {left}{lo:g}, {hi:g}{right}{reason}")
    return v


def integer(name: str, value, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """``value`` as an int: a whole number (10.0 is fine, 10.5, True and '10' are not) within the bounds."""
    if _is_bool(value) or not isinstance(value, (numbers.Integral, numbers.Real)):
        raise InvalidInputError(f"{name}={value!r} must be an integer")
    if isinstance(value, numbers.Integral):
        iv = int(value)
    else:
        fv = float(value)
        if not (math.isfinite(fv) and fv == int(fv)):
            raise InvalidInputError(f"{name}={value!r} must be a whole number")
        iv = int(fv)
    if minimum is not None and iv < minimum:
        raise InvalidInputError(f"{name}={value!r} must be an integer >= {minimum}")
    if maximum is not None and iv > maximum:
        raise InvalidInputError(f"{name}={value!r} must be an integer <= {maximum}")
    return iv


def boolean(name: str, value) -> bool:
    """``value`` as a bool (True/False or numpy booleans only)."""
    if not _is_bool(value):
        raise InvalidInputError(f"{name}={value!r} must be True or False")
    return bool(value)


def suggest(word: str, options: Iterable[str]) -> str:
    """' (did you mean X?)' for the option closest to ``word``, or '' when none is close."""
    close = difflib.get_close_matches(str(word), [str(o) for o in options], n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def choice(name: str, value, allowed: Iterable[str]) -> str:
    """``value`` if it is one of ``allowed`` (strings), else an error listing them and the closest one."""
    allowed = tuple(allowed)
    if not isinstance(value, str) or value not in allowed:
        raise InvalidInputError(f"{name}={value!r} is unknown{suggest(value, allowed) if isinstance(value, str) else ''}; "
                                f"allowed: {', '.join(map(str, allowed))}")
    return value


def unknown_keys(where: str, keys: Iterable[str], allowed: Iterable[str]) -> None:
    """Refuse keys of a mapping (a config section, keyword arguments) that are not ``allowed``."""
    allowed = tuple(allowed)
    bad = [k for k in keys if k not in allowed]
    if bad:
        k = bad[0]
        raise InvalidInputError(f"{where}: unknown key {k!r}{suggest(k, allowed)}; allowed: {', '.join(allowed)}")


def coupling(name: str, value, *, signed: bool = True, allow_zero: bool = True) -> float:
    """A finite coupling with |value| <= 4 pi (perturbativity); ``signed=False`` also needs value >= 0."""
    v = real(name, value)
    if not signed and v < 0:
        raise InvalidInputError(f"{name}={value!r} must be >= 0")
    if not allow_zero and v == 0:
        raise InvalidInputError(f"{name}={value!r} must be non-zero")
    if abs(v) > _PERTURBATIVE:
        raise InvalidInputError(f"{name}={value!r} exceeds the perturbative bound |{name}| <= 4 pi = {_PERTURBATIVE:.4f}")
    return v


def probability(name: str, value) -> float:
    """A number in [0, 1]."""
    return in_range(name, value, 0.0, 1.0)


def sequence(name: str, value, *, length: int | None = None) -> tuple:
    """``value`` as a tuple: a list or tuple (not a string, which would be split into characters)."""
    if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
        raise InvalidInputError(f"{name}={value!r} must be a list" + (f" of {length} entries" if length else ""))
    if length is not None and len(value) != length:
        raise InvalidInputError(f"{name}={value!r} must have {length} entries, got {len(value)}")
    return tuple(value)


def array(name: str, value, *, positive: bool = False, nonnegative: bool = False, ndim: int | None = None,
          allow_empty: bool = False, unit: str = "") -> np.ndarray:
    """``value`` as a finite float array (a scalar gives a 0-d array), with sign and shape checks."""
    if _is_bool(value):
        raise InvalidInputError(f"{name}={value!r} is a boolean; it must be a number or an array of numbers")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise InvalidInputError(f"{name}={value!r} must be a number or an array of numbers") from None
    if ndim is not None and arr.ndim != ndim:
        raise InvalidInputError(f"{name} must be a {ndim}-d array, got shape {arr.shape}")
    if arr.size == 0 and not allow_empty:
        raise InvalidInputError(f"{name} is empty")
    if not np.all(np.isfinite(arr)):
        raise InvalidInputError(f"{name}={_short(value)} must be finite (it holds NaN or infinity)")
    if positive and np.any(arr <= 0):
        raise InvalidInputError(f"{name}={_short(value)}{_unit(unit)} must be positive")
    if nonnegative and np.any(arr < 0):
        raise InvalidInputError(f"{name}={_short(value)}{_unit(unit)} must be >= 0")
    return arr


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def finite_result(what: str, value, context: str = ""):
    """Return ``value`` (a number or array) if every entry is finite, else raise ComputationError."""
    arr = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(arr)):
        where = f" ({context})" if context else ""
        raise ComputationError(f"{what} is not finite{where}: {_short(value)}")
    return value


def callable_arg(name: str, value):
    """``value`` if it can be called (a function of the user's), else a named error."""
    if not callable(value):
        raise InvalidInputError(f"{name} must be a function, got {type(value).__name__} {_short(value)}")
    return value


def instance(name: str, value, cls, what: str | None = None):
    """``value`` if it is an instance of ``cls`` (a class or tuple of classes), else a named error."""
    if not isinstance(value, cls):
        names = what or (" or ".join(c.__name__ for c in cls) if isinstance(cls, tuple) else cls.__name__)
        raise InvalidInputError(f"{name} must be a {names}, got {type(value).__name__} {_short(value)}")
    return value


def _scalar_or_array(check_array: Callable) -> Callable:
    """A role for parameters that take a number or an array: a scalar stays a float."""
    def role(name, value):
        arr = check_array(name, value)
        scalar = arr.ndim == 0 and not isinstance(value, np.ndarray)
        return float(arr) if scalar else arr
    return role


#: The roles understood by :func:`checked` (the same vocabulary as the fuzz harness of the tests).
ROLES: dict[str, Callable] = {
    "real": real,
    "real_or_inf": lambda n, v: real(n, v, allow_inf=True),
    "pos": positive,
    "pos_or_inf": lambda n, v: positive(n, v, allow_inf=True),
    "nonneg": nonnegative,
    "coupling": coupling,
    "gpos": lambda n, v: coupling(n, v, signed=False, allow_zero=False),
    "gnonneg": lambda n, v: coupling(n, v, signed=False),
    "int": lambda n, v: integer(n, v, minimum=1),
    "count0": lambda n, v: integer(n, v, minimum=0),
    "tol": lambda n, v: in_range(n, v, 0.0, 1.0, lo_open=True, hi_open=True),
    "prob": probability,
    "prob_open": lambda n, v: in_range(n, v, 0.0, 1.0, lo_open=True, hi_open=True),
    "bool": boolean,
    "posarray": _scalar_or_array(lambda n, v: array(n, v, positive=True)),
    "nonnegarray": _scalar_or_array(lambda n, v: array(n, v, nonnegative=True)),
    "realarray": _scalar_or_array(lambda n, v: array(n, v)),
    "couplingarray": _scalar_or_array(lambda n, v: _coupling_array(n, v)),
    "complex": lambda n, v: _finite_complex(n, v),
}


def fields(obj, prefix: str = "", **specs) -> None:
    """Validate (and convert in place) fields of a dataclass instance in ``__post_init__``; frozen ones too.

    ``specs`` as for :func:`checked`; a field holding ``None`` is skipped. Messages name the field,
    prefixed by ``prefix`` (e.g. ``"NeutronStar."``).
    """
    for name, spec in specs.items():
        value = getattr(obj, name)
        if value is None:
            continue
        object.__setattr__(obj, name, _role(spec)(prefix + name, value))


def _finite_complex(name, value):
    if isinstance(value, (complex, np.complexfloating)):
        if not (math.isfinite(value.real) and math.isfinite(value.imag)):
            raise InvalidInputError(f"{name}={value!r} must be finite")
        return complex(value)
    return real(name, value)


def _coupling_array(name, value):
    arr = array(name, value, nonnegative=True)
    if np.any(arr > _PERTURBATIVE):
        raise InvalidInputError(f"{name}={_short(value)} exceeds the perturbative bound 4 pi = {_PERTURBATIVE:.4f}")
    return arr


def _role(spec) -> Callable:
    if callable(spec) and not isinstance(spec, type):
        return spec
    if isinstance(spec, str):
        if spec not in ROLES:
            raise KeyError(f"unknown validation role {spec!r}")
        return ROLES[spec]
    if isinstance(spec, type) or (isinstance(spec, tuple) and spec and all(isinstance(c, type) for c in spec)):
        return lambda n, v: instance(n, v, spec)
    if isinstance(spec, (tuple, list, frozenset, set)):
        allowed = tuple(spec)
        return lambda n, v: choice(n, v, allowed)
    raise KeyError(f"unusable validation spec {spec!r}")


def _nonfinite(value, inf_ok: bool) -> bool:
    """True if a float, float array or tuple of them holds NaN (or an infinity unless ``inf_ok``)."""
    if isinstance(value, (float, np.floating)):
        return not (math.isfinite(value) or (inf_ok and value == math.inf))
    if isinstance(value, np.ndarray) and value.dtype.kind == "f":
        ok = np.isfinite(value)
        if inf_ok:
            ok |= value == np.inf
        return not bool(np.all(ok))
    if isinstance(value, tuple) and value and all(isinstance(v, (float, np.floating, np.ndarray)) for v in value):
        return any(_nonfinite(v, inf_ok) for v in value)
    return False


def checked(_result: str | None = "finite", **specs):
    """Decorator: validate the named parameters of a public function before it runs.

    Each keyword maps a parameter to a role of :data:`ROLES` (``"pos"``, ``"int"``...), a class (an
    isinstance check), a tuple of allowed strings, or a function ``(name, value) -> value``. The
    validated (converted) values are passed on; a parameter left at a default of ``None`` is not
    checked. Messages name the parameter as the signature spells it. Cost: one argument binding per
    call (a few microseconds), so hot inner kernels stay undecorated.

    ``_result``: ``"finite"`` (default) turns a float result (or float array, or tuple of them) that
    holds NaN or an infinity into a :class:`ComputationError` (an overflow or an invalid operation is
    reported, never returned); ``"inf_ok"`` lets +inf through where the function documents it ("no
    bound", an open interval end); ``None`` skips the check (documented NaN markers).
    """
    if _result not in ("finite", "inf_ok", None):
        raise KeyError(f"_result={_result!r}")
    def deco(func):
        sig = inspect.signature(func)
        unknown = set(specs) - set(sig.parameters)
        if unknown:
            raise KeyError(f"{func.__qualname__}: checked() names unknown parameters {sorted(unknown)}")
        roles = {k: _role(v) for k, v in specs.items()}
        defaults = {k: p.default for k, p in sig.parameters.items()}

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            try:
                bound = sig.bind(*args, **kwargs)
            except TypeError as exc:
                raise InvalidInputError(f"{func.__name__}(): {exc}") from None
            arguments = bound.arguments
            for name, role in roles.items():
                if name in arguments:
                    value = arguments[name]
                    if value is None and defaults.get(name) is None:
                        continue
                    arguments[name] = role(name, value)
            try:
                out = func(*bound.args, **bound.kwargs)
            except OverflowError as exc:
                raise ComputationError(f"{func.__name__}(): numerical overflow ({exc}); the inputs are too "
                                       "extreme for double precision") from None
            if _result is not None and _nonfinite(out, _result == "inf_ok"):
                raise ComputationError(f"{func.__name__}() gave a non-finite result {_short(out)}: an overflow or an "
                                       "invalid operation at these inputs")
            return out
        wrapper.__checked__ = dict(specs)
        return wrapper
    return deco


def broadcasting(*names: str):
    """Decorator: let a function written for numbers take numpy arrays for the continuous parameters ``names``.

    leptoforce's one rule for arrays: the *functions* take them (model objects stay single points). When any named
    argument is an array (or a list), all named arguments are broadcast together as numpy ufuncs do and the
    function is evaluated element by element; the result has the broadcast shape (a tuple of such arrays for a
    function returning a tuple). With numbers only the function is called as written. Put it above
    :func:`checked`, so that every element is validated and an error names the parameter and the bad value.
    """
    def deco(func):
        sig = inspect.signature(func)
        missing = [n for n in names if n not in sig.parameters]
        if missing:
            raise TypeError(f"broadcasting: {func.__qualname__} has no parameter {missing}")

        seq = (np.ndarray, list, tuple)

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            if not any(isinstance(a, seq) for a in args) and not any(isinstance(a, seq) for a in kwargs.values()):
                return func(*args, **kwargs)          # numbers only: no binding, no cost
            bound = sig.bind(*args, **kwargs)
            present = [n for n in names if n in bound.arguments and bound.arguments[n] is not None]
            if not any(isinstance(bound.arguments[n], (np.ndarray, list, tuple)) and np.ndim(bound.arguments[n]) > 0
                       for n in present):
                return func(*args, **kwargs)
            arrays = []
            for n in present:
                v = bound.arguments[n]
                try:
                    arrays.append(np.asarray(v, float))
                except (TypeError, ValueError):
                    raise InvalidInputError(f"{n}={_short(v)} must be a number or an array of numbers") from None
            try:
                arrays = np.broadcast_arrays(*arrays)
            except ValueError:
                shapes = ", ".join(f"{n}: {np.shape(bound.arguments[n])}" for n in present)
                raise InvalidInputError(f"the array arguments do not broadcast together ({shapes})") from None
            shape = arrays[0].shape
            if not arrays[0].size:
                raise InvalidInputError(f"{present[0]}: an empty array")
            results = []
            for idx in np.ndindex(shape):
                for n, arr in zip(present, arrays):
                    bound.arguments[n] = float(arr[idx])
                results.append(func(*bound.args, **bound.kwargs))
            first = results[0]
            if isinstance(first, tuple):
                return tuple(np.array([r[k] for r in results], float).reshape(shape) for k in range(len(first)))
            return np.array(results, float).reshape(shape)
        wrapper.broadcasting = tuple(names)
        return wrapper
    return deco
