"""Measured and published inputs as versioned data, read through named input sets.

Every number the physics takes from an experiment or a publication -- a measured ratio, a limit, a fit
coefficient, a paper's own inputs and the results it prints -- lives in a TOML file of
``data/inputs/`` with its unit, its source (authors, journal, arXiv, the table or page it was read from)
and its year; code asks for it by name::

    from leptoforce import inputs
    inputs.value("texono.xi")                         # 1.08 (the library's default set)
    inputs.get("ccfr.ratio").err                      # 0.28
    seed = inputs.input_set("paper-seed001")
    seed.value("g2.dataset")                          # "seed001-davier2011"

A set is one file, ``data/inputs/NAME.toml``; ``library`` holds the inputs of the library's defaults,
``paper-seedNNN`` the inputs and printed results of each published analysis (``extends = "library"``:
a name it does not define is looked up in the library set). A later set (``current``) will hold
today's inputs. An entry is a table with ``value`` (a number, a list of numbers or a string), ``unit``
(any expression :func:`leptoforce.units.parse_quantity` reads, or "" for dimensionless), ``source``,
``year`` and optional uncertainties (``err``, ``stat``, ``sys``, ``err_lo``, ``err_hi``) and ``note``.
Tables nest: ``[texono.xi]`` is the entry ``texono.xi``.

Units: :meth:`Input.internal` and :func:`value` return internal natural units (GeV = 1).
"""
from __future__ import annotations

import hashlib
import math
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from types import MappingProxyType

from . import units
from .errors import InvalidInputError
from .validate import suggest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["Input", "InputSet", "input_set", "sets", "get", "value", "DEFAULT_SET", "LEAF_KEYS"]

#: The set the library's defaults read.
DEFAULT_SET = "library"
#: The keys an entry may have.
LEAF_KEYS = ("value", "unit", "source", "year", "err", "stat", "sys", "err_lo", "err_hi", "note", "cl")
_ERROR_KEYS = ("err", "stat", "sys", "err_lo", "err_hi")
_PACKAGE = "leptoforce.data.inputs"


@dataclass(frozen=True)
class Input:
    """One input: its value in ``unit`` (a number, a tuple of numbers or a string), uncertainties, source, year."""

    name: str
    value: object
    unit: str
    source: str
    year: int
    errors: dict = field(default_factory=dict)
    note: str = ""
    cl: str = ""
    set: str = ""

    def _scale(self) -> float:
        return 1.0 if not self.unit else units.parse_quantity(f"1 {self.unit}", name=self.name)

    @property
    def internal(self):
        """The value in internal units (a float, a tuple of floats, or the string as it is)."""
        if isinstance(self.value, str):
            return self.value
        k = self._scale()
        if isinstance(self.value, tuple):
            return tuple(v * k for v in self.value)
        return self.value * k

    def error(self, kind: str = "err") -> float:
        """An uncertainty in internal units (``err``, ``stat``, ``sys``, ``err_lo``, ``err_hi``; ``"total"`` adds
        stat and sys in quadrature)."""
        if kind == "total":
            if "err" in self.errors:
                return self.errors["err"] * self._scale()
            return math.hypot(self.error("stat"), self.error("sys"))
        if kind not in self.errors:
            raise InvalidInputError(f"input {self.name!r} has no uncertainty {kind!r}; it has "
                                    f"{', '.join(self.errors) or 'none'}")
        return self.errors[kind] * self._scale()

    @property
    def err(self) -> float:
        return self.error("err")


def _leaf(set_name: str, name: str, raw: dict) -> Input:
    for k in raw:
        if k not in LEAF_KEYS:
            raise InvalidInputError(f"inputs {set_name}.toml [{name}]: unknown key {k!r}{suggest(k, LEAF_KEYS)}")
    for k in ("value", "source", "year"):
        if k not in raw:
            raise InvalidInputError(f"inputs {set_name}.toml [{name}]: missing {k!r} (every input names its source "
                                    "and year)")
    v = raw["value"]
    if isinstance(v, list):
        v = tuple(float(x) for x in v)
    elif isinstance(v, bool) or not isinstance(v, (int, float, str)):
        raise InvalidInputError(f"inputs {set_name}.toml [{name}]: value {v!r} must be a number, a list or a string")
    elif not isinstance(v, str):
        v = float(v)
    errors = MappingProxyType({k: float(raw[k]) for k in _ERROR_KEYS if k in raw})
    return Input(name, v, str(raw.get("unit", "")), str(raw["source"]), int(raw["year"]), errors,
                 str(raw.get("note", "")), str(raw.get("cl", "")), set_name)


def _flatten(set_name: str, table: dict, prefix: str = "") -> dict[str, Input]:
    out: dict[str, Input] = {}
    for key, val in table.items():
        name = f"{prefix}{key}"
        if not isinstance(val, dict):
            continue
        if "value" in val:
            out[name] = _leaf(set_name, name, val)
        else:
            out.update(_flatten(set_name, val, name + "."))
    return out


@dataclass(frozen=True)
class InputSet:
    """A named set of inputs (module doc); ``extends`` names the set consulted for names it lacks."""

    name: str
    description: str
    entries: dict = field(repr=False)
    extends: str | None = None
    version: str = ""
    year: int | None = None

    def get(self, name: str) -> Input:
        """The entry ``name`` of this set (or of the set it extends)."""
        if name in self.entries:
            return self.entries[name]
        if self.extends is not None:
            parent = input_set(self.extends)
            if name in parent.names():
                return parent.get(name)
        raise InvalidInputError(f"input {name!r} is not in set {self.name!r}{suggest(name, self.names())}")

    def value(self, name: str):
        """The value of ``name`` in internal units."""
        return self.get(name).internal

    def names(self) -> tuple[str, ...]:
        """Every input name of the set (its own and those it extends)."""
        own = tuple(self.entries)
        if self.extends is None:
            return own
        return own + tuple(n for n in input_set(self.extends).names() if n not in self.entries)

    def records(self) -> dict[str, dict]:
        """Every entry as a plain dict (for reports): value, unit, source, year, uncertainties."""
        out = {}
        for n in self.names():
            e = self.get(n)
            out[n] = {"value": list(e.value) if isinstance(e.value, tuple) else e.value, "unit": e.unit,
                      "source": e.source, "year": e.year, **e.errors, **({"set": e.set} if e.set != self.name else {})}
        return out


def sets() -> tuple[str, ...]:
    """The names of the packaged input sets."""
    root = resources.files(_PACKAGE)
    return tuple(sorted(p.name[:-5] for p in root.iterdir() if p.name.endswith(".toml")))


@lru_cache(maxsize=None)
def input_set(name: str = DEFAULT_SET) -> InputSet:
    """The packaged input set ``name`` (``library``, ``paper-seed000`` ... ; :func:`sets` lists them)."""
    known = sets()
    if not isinstance(name, str) or name not in known:
        raise InvalidInputError(f"input set {name!r} is unknown{suggest(str(name), known)}; known sets: "
                                f"{', '.join(known)}")
    data = resources.files(_PACKAGE).joinpath(f"{name}.toml").read_bytes()
    try:
        raw = tomllib.loads(data.decode())
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInputError(f"inputs {name}.toml is not valid TOML: {exc}") from None
    meta = raw.pop("set", {})
    extends = meta.get("extends")
    if extends is not None and extends not in known:
        raise InvalidInputError(f"inputs {name}.toml extends the unknown set {extends!r}")
    year = meta.get("year")
    if year is not None and not (isinstance(year, int) and 1900 < year <= 2100):
        raise InvalidInputError(f"inputs {name}.toml: [set] year={year!r} must be a year")
    return InputSet(name, str(meta.get("description", "")), MappingProxyType(_flatten(name, raw)), extends,
                    hashlib.sha256(data).hexdigest()[:12], year)


def get(name: str, set: str = DEFAULT_SET) -> Input:  # noqa: A002 - "set" is the natural name here
    """The entry ``name`` of input set ``set``."""
    return input_set(set).get(name)


def value(name: str, set: str = DEFAULT_SET):  # noqa: A002
    """The value of ``name`` (internal units) in input set ``set``."""
    return input_set(set).value(name)
