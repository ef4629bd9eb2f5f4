"""Scan configuration: parameters with ranges and priors, the model, the observables, the sampler.

A scan is a TOML file or the same structure built in Python::

    [model]
    kind = "zprime"            # which observable family evaluates a point
    charges = "Lmu-Ltau"       # fixed inputs of that family (parsed like the CLI: "10MeV" works)
    epsilon = 0.0

    [parameters.mass]
    min = "1MeV"
    max = "1GeV"
    prior = "log"              # or "linear"
    n = 60                     # grid points (grid sampler)

    [parameters.g]
    min = 1e-5
    max = 1e-2
    prior = "log"
    n = 50

    [compute]
    observables = ["delta_a_mu", "lifetime_s", "br:e e"]
    plugins = []               # modules imported in every worker before evaluation (to register families):
                               # this is code that runs -- only name modules you trust

    [sampler]
    kind = "grid"              # or "random" (then n = number of points, seed = RNG seed >= 0)
    seed = 20260101

    [run]
    chunk_size = 500

    [report]
    sort_by = "delta_a_mu"     # optional: the final table of best points (a parameter or an observable)
    descending = true
    n_best = 5

Validation happens here, before any work: unknown sections and unknown keys inside a section are
refused with the nearest valid key suggested; a built-in family's model and parameter keys are checked
against what it reads, and quantities against their dimension (``max = "1s"`` is not a mass); numbers
that must be whole (``n``, ``seed``, ``chunk_size``) are checked as such; a list may not be given as a
string; ``report.sort_by`` must name a parameter or an observable; and the size of the scan is checked
against the disk of the output folder (by :func:`~leptoforce.scan.run_scan`) and one chunk against memory:
no point set is ever materialised (workers generate their points from the config and the chunk index;
random points come from a counter-based stream, :func:`uniform_block`).
"""
from __future__ import annotations

import copy
import functools
import hashlib
import json
import math
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import InvalidInputError
from ..units import parse_quantity
from ..validate import boolean, integer, sequence, unknown_keys

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["Parameter", "ScanConfig", "load_config", "SECTIONS", "MAX_POINTS", "uniform_block", "RANDOM_STREAM"]

#: Allowed keys per section (``model`` and ``parameters`` depend on the family).
SECTIONS = {
    "model": None,
    "parameters": None,
    "compute": ("observables", "plugins"),
    "sampler": ("kind", "n", "seed"),
    "run": ("chunk_size",),
    "report": ("sort_by", "descending", "n_best"),
}
_PARAMETER_KEYS = ("min", "max", "prior", "n")
#: Model entries of a plugin family that are names, not quantities.
_NAME_KEYS = ("kind", "charges", "relic", "method", "flavour", "conventions", "sm_potential")
#: Largest number of points of one scan (int64 indices, and a bound that catches typos like n = 1e9 per axis).
MAX_POINTS = 10 ** 12
#: Bytes per stored value (float64) used by the memory check.
_BYTES = 8
#: copies of one chunk's columns alive in a worker at once (points, observables, the Arrow table)
_CHUNK_COPIES = 4


def _available_memory() -> int:
    """Physical memory of this machine in bytes (the memory check's scale)."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # pragma: no cover - exotic platforms
        return 8 * 1024 ** 3


@dataclass(frozen=True)
class Parameter:
    """A scanned parameter: range [low, high] in internal units, prior 'log' or 'linear', grid size n."""

    name: str
    low: float
    high: float
    prior: str = "log"
    n: int | None = None

    def __post_init__(self) -> None:
        where = f"parameters.{self.name}"
        if self.prior not in ("log", "linear"):
            raise InvalidInputError(f"{where}.prior={self.prior!r} must be 'log' or 'linear'")
        if not (math.isfinite(self.low) and math.isfinite(self.high) and self.low < self.high):
            raise InvalidInputError(f"{where}: need finite min < max, got min={self.low!r}, max={self.high!r}")
        if self.prior == "log" and self.low <= 0:
            raise InvalidInputError(f"{where}: a log prior needs min > 0, got {self.low!r}")
        if self.n is not None:
            object.__setattr__(self, "n", integer(f"{where}.n", self.n, minimum=1))

    def grid(self) -> np.ndarray:
        """The grid values (read-only; built once per process and reused by every chunk)."""
        if self.n is None:
            raise InvalidInputError(f"parameter {self.name!r}: the grid sampler needs n (number of grid points)")
        return _grid_values(float(self.low), float(self.high), self.prior, int(self.n))

    def from_unit(self, x: np.ndarray) -> np.ndarray:
        """Map uniform draws x in [0, 1) to the prior."""
        if self.prior == "log":
            return np.exp(np.log(self.low) + x * (np.log(self.high) - np.log(self.low)))
        return self.low + x * (self.high - self.low)


@functools.lru_cache(maxsize=64)
def _grid_values(low: float, high: float, prior: str, n: int) -> np.ndarray:
    g = np.geomspace(low, high, n) if prior == "log" else np.linspace(low, high, n)
    g.flags.writeable = False
    return g


#: Name of the random stream of the random sampler (part of the config hash, so that a folder written with
#: another stream is never resumed with this one).
RANDOM_STREAM = "philox4x64/point-index"


def uniform_block(seed: int, n_params: int, start: int, stop: int) -> np.ndarray:
    """Uniform draws in [0, 1) of points ``start <= i < stop``, shape ``(stop - start, n_params)``.

    Counter-based: draw ``(i, j)`` is the ``(i * n_params + j)``-th double of the Philox4x64 stream keyed by
    ``SeedSequence(seed)`` (Salmon et al., SC'11, "Parallel random numbers: as easy as 1, 2, 3"), reached by
    advancing the counter, so any block costs O(its size) and the points depend on the seed and their
    index only -- not on the chunk size, the number of workers or the order in which chunks run.
    """
    k0 = int(start) * int(n_params)
    n = (int(stop) - int(start)) * int(n_params)
    bit = np.random.Philox(np.random.SeedSequence(int(seed)))
    bit.advance(k0 // 4)                      # one Philox counter step yields four 64-bit outputs
    skip = k0 % 4
    return np.random.Generator(bit).random(skip + n)[skip:].reshape(int(stop) - int(start), int(n_params))


@dataclass(frozen=True)
class ScanConfig:
    """A validated scan configuration (see module docstring for the TOML form)."""

    parameters: tuple[Parameter, ...]
    observables: tuple[str, ...]
    model: dict = field(default_factory=dict)
    sampler: str = "grid"
    n_samples: int | None = None
    seed: int = 0
    chunk_size: int = 500
    plugins: tuple[str, ...] = ()
    report: dict = field(default_factory=dict)
    raw: dict = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if not self.parameters:
            raise InvalidInputError("a scan needs at least one parameter ([parameters.NAME] with min and max)")
        names = [p.name for p in self.parameters]
        if len(set(names)) != len(names):
            raise InvalidInputError(f"parameter names must be unique, got {names}")
        if not self.observables:
            raise InvalidInputError("compute.observables is empty: name at least one observable")
        for o in self.observables:
            if not isinstance(o, str) or not o:
                raise InvalidInputError(f"compute.observables: {o!r} is not an observable name")
        if self.sampler not in ("grid", "random"):
            raise InvalidInputError(f"sampler.kind={self.sampler!r} is unknown; allowed: grid, random")
        if self.sampler == "random":
            if self.n_samples is None:
                raise InvalidInputError("the random sampler needs sampler.n >= 1 (number of points)")
            object.__setattr__(self, "n_samples", integer("sampler.n", self.n_samples, minimum=1))
        elif self.n_samples is not None:
            raise InvalidInputError("sampler.n is the number of random points; a grid takes n per parameter")
        object.__setattr__(self, "seed", integer("sampler.seed", self.seed, minimum=0))
        object.__setattr__(self, "chunk_size", integer("run.chunk_size", self.chunk_size, minimum=1))
        if self.sampler == "grid":
            for p in self.parameters:
                if p.n is None:
                    raise InvalidInputError(f"parameters.{p.name}.n is required by the grid sampler (grid points)")
        self._check_report()
        self._check_size()

    def _check_report(self) -> None:
        rep = self.report
        if "sort_by" in rep:
            columns = [p.name for p in self.parameters] + list(self.observables)
            if rep["sort_by"] not in columns:
                from ..validate import suggest
                raise InvalidInputError(f"report.sort_by={rep['sort_by']!r} is not a parameter or an observable of this "
                                        f"scan{suggest(str(rep['sort_by']), columns)}; columns: {', '.join(columns)}")
        if "descending" in rep:
            boolean("report.descending", rep["descending"])
        if "n_best" in rep:
            integer("report.n_best", rep["n_best"], minimum=1)

    def _check_size(self) -> None:
        n = self.n_points
        if n > MAX_POINTS:
            raise InvalidInputError(f"the scan has {n:.3g} points, more than the {MAX_POINTS:.0e} one scan may hold; "
                                    "use a coarser grid or a random scan")
        # workers generate their own points and the readers stream (leptoforce.scan.results), so memory bounds
        # one chunk, not the scan; the disk a scan needs is checked against the output folder by run_scan
        need = min(self.chunk_size, n) * self.n_columns * _BYTES * _CHUNK_COPIES
        mem = _available_memory()
        if need > mem // 4:
            raise InvalidInputError(f"run.chunk_size={self.chunk_size}: one chunk of {self.n_columns} columns needs "
                                    f"{need / 1e9:.3g} GB in a worker, more than a quarter of this machine's "
                                    f"{mem / 1e9:.3g} GB: use a smaller chunk_size")
        if self.chunk_size > 10 ** 7:
            raise InvalidInputError(f"run.chunk_size={self.chunk_size} is too large (at most 1e7 points per chunk)")

    @property
    def n_columns(self) -> int:
        """Stored columns: index, parameters, observables, status."""
        return len(self.parameters) + len(self.observables) + 2

    def storage_bytes(self) -> int:
        """A conservative estimate of the disk the stored results take (uncompressed doubles)."""
        return int(self.n_points) * self.n_columns * _BYTES

    # -- points ----------------------------------------------------------------------------
    @property
    def n_points(self) -> int:
        if self.sampler == "grid":
            return int(np.prod([int(p.n) for p in self.parameters], dtype=object))
        return int(self.n_samples)

    def points(self) -> dict[str, np.ndarray]:
        """All points of the scan, deterministic given the config (and its seed)."""
        return self.chunk_points(0, self.n_points)

    def chunk_points(self, start: int, stop: int) -> dict[str, np.ndarray]:
        """The points with indices start <= i < stop, without building the others (grid: index arithmetic)."""
        if self.sampler == "grid":
            shape = tuple(int(p.n) for p in self.parameters)
            idx = np.unravel_index(np.arange(start, stop, dtype=np.int64), shape)
            return {p.name: p.grid()[i] for p, i in zip(self.parameters, idx)}
        draws = uniform_block(self.seed, len(self.parameters), start, stop)
        return {p.name: p.from_unit(draws[:, i]) for i, p in enumerate(self.parameters)}

    @property
    def n_chunks(self) -> int:
        return -(-int(self.n_points) // int(self.chunk_size))

    def chunk_range(self, i: int) -> tuple[int, int]:
        """(start, stop) point indices of chunk ``i`` (without building the list of all chunks)."""
        a = int(i) * int(self.chunk_size)
        return a, min(a + int(self.chunk_size), int(self.n_points))

    def chunks(self) -> list[tuple[int, int]]:
        """(start, stop) index ranges of all the chunks (a list: for small scans; the engine uses
        :meth:`chunk_range`)."""
        n = self.n_points
        return [(a, min(a + self.chunk_size, n)) for a in range(0, n, self.chunk_size)]

    # -- identity --------------------------------------------------------------------------
    def canonical(self) -> dict:
        """A JSON-able dict that fixes every point and observable (used for the resume hash)."""
        return {"parameters": [[p.name, p.low, p.high, p.prior, p.n] for p in self.parameters],
                "observables": list(self.observables), "model": self.model, "sampler": self.sampler,
                "n_samples": self.n_samples, "seed": self.seed, "chunk_size": self.chunk_size,
                "plugins": list(self.plugins), **({"stream": RANDOM_STREAM} if self.sampler == "random" else {})}

    def hash(self) -> str:
        text = json.dumps(self.canonical(), sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    @classmethod
    def from_canonical(cls, d: dict) -> "ScanConfig":
        """Rebuild a configuration from :meth:`canonical` (what a worker receives)."""
        return cls(parameters=tuple(Parameter(*p) for p in d["parameters"]), observables=tuple(d["observables"]),
                   model=dict(d["model"]), sampler=d["sampler"], n_samples=d["n_samples"], seed=d["seed"],
                   chunk_size=d["chunk_size"], plugins=tuple(d["plugins"]))

    @classmethod
    def from_dict(cls, raw: dict) -> "ScanConfig":
        """Validate and build a configuration from its TOML structure (module doc)."""
        if not isinstance(raw, dict):
            raise InvalidInputError(f"a scan configuration must be a table of sections, got {type(raw).__name__}")
        raw = copy.deepcopy(raw)
        for k in raw:
            if k not in SECTIONS:
                from ..validate import suggest
                raise InvalidInputError(f"unknown scan-config section {k!r}{suggest(k, SECTIONS)}; allowed: "
                                        f"{', '.join(SECTIONS)}")
        for sec in SECTIONS:
            if sec in raw and not isinstance(raw[sec], dict):
                raise InvalidInputError(f"[{sec}] must be a table (section), got {raw[sec]!r}")
        for sec, keys in SECTIONS.items():
            if keys is not None and sec in raw:
                unknown_keys(f"[{sec}]", raw[sec], keys)
        model_raw = dict(raw.get("model") or {})
        kind = model_raw.get("kind", "zprime")
        if not isinstance(kind, str):
            raise InvalidInputError(f"model.kind={kind!r} must be the name of an observable family")
        compute_raw = raw.get("compute") or {}
        schema, options = _family_schema(kind, bool(compute_raw.get("plugins")))
        params = []
        for name, spec in (raw.get("parameters") or {}).items():
            where = f"parameters.{name}"
            if not isinstance(spec, dict) or "min" not in spec or "max" not in spec:
                raise InvalidInputError(f"{where} needs min and max")
            unknown_keys(f"[{where}]", spec, _PARAMETER_KEYS)
            if schema is not None and name not in schema:
                unknown_keys(f"[parameters] of kind {kind!r}", [name], tuple(schema))
            dim = None if schema is None else schema[name]
            params.append(Parameter(name, parse_quantity(spec["min"], f"{where}.min", dimension=dim),
                                    parse_quantity(spec["max"], f"{where}.max", dimension=dim),
                                    spec.get("prior", "log"), spec.get("n")))
        model = {}
        for k, v in model_raw.items():
            if k == "kind":
                model[k] = v
                continue
            if schema is not None and k not in schema and k not in options:
                unknown_keys(f"[model] of kind {kind!r}", [k], ("kind", *schema, *options))
            if k in options:
                model[k] = _option(f"model.{k}", v, options[k])
            elif schema is None:
                # a plugin family: names stay names, quantities are parsed, anything else is passed on
                model[k] = (parse_quantity(v, f"model.{k}") if isinstance(v, str) and k not in _NAME_KEYS
                            else v)
            elif isinstance(v, str):
                model[k] = parse_quantity(v, f"model.{k}", dimension=None if schema is None else schema.get(k))
            elif isinstance(v, bool) or not isinstance(v, (int, float)):
                raise InvalidInputError(f"model.{k}={v!r} must be a number (or a quantity like '10MeV')")
            else:
                model[k] = parse_quantity(v, f"model.{k}")
        compute = raw.get("compute") or {}
        sampler = raw.get("sampler") or {}
        run = raw.get("run") or {}
        observables = sequence("compute.observables", compute.get("observables", []))
        plugins = sequence("compute.plugins", compute.get("plugins", []))
        for p in plugins:
            if not isinstance(p, str) or not p:
                raise InvalidInputError(f"compute.plugins: {p!r} is not a module name")
        return cls(parameters=tuple(params), observables=tuple(observables), model=model,
                   sampler=sampler.get("kind", "grid"), n_samples=sampler.get("n"),
                   seed=sampler.get("seed", 0), chunk_size=run.get("chunk_size", 500),
                   plugins=tuple(plugins), report=dict(raw.get("report") or {}), raw=raw)


def _option(name: str, value, kind):
    if kind is bool:
        return boolean(name, value)
    if kind is int:
        return integer(name, value, minimum=1)
    if kind is str and not isinstance(value, str):
        raise InvalidInputError(f"{name}={value!r} must be a string")
    return value


def _family_schema(kind: str, has_plugins: bool):
    """(parameters -> dimension, options -> type) of a built-in family; (None, {}) for a plugin family."""
    from ..scenarios.registry import BUILTIN_FAMILIES, families_registered, family
    if kind not in BUILTIN_FAMILIES:
        if kind in families_registered():
            fam = family(kind)
            return fam.parameters, fam.options
        if not has_plugins:
            family(kind)                      # raises: unknown, with the nearest name
        return None, {}                       # a plugin family: its module is imported only when the scan runs
    fam = family(kind)
    return fam.parameters, fam.options


def load_config(path: str | Path) -> ScanConfig:
    """Read and validate a TOML scan configuration (module doc)."""
    path = Path(path)
    if not path.is_file():
        raise InvalidInputError(f"scan config {str(path)!r} does not exist")
    try:
        raw = tomllib.loads(path.read_text())
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInputError(f"scan config {str(path)!r} is not valid TOML: {exc}") from exc
    except OSError as exc:
        raise InvalidInputError(f"scan config {str(path)!r} cannot be read: {exc.strerror or exc}") from None
    return ScanConfig.from_dict(raw)
