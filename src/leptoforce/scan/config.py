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
    plugins = []               # modules imported before evaluation (to register observables)

    [sampler]
    kind = "grid"              # or "random" (then n = number of points, seed = RNG seed)
    seed = 20260101

    [run]
    chunk_size = 500

    [report]
    sort_by = "delta_a_mu"     # optional: the final table of best points
    descending = true
"""
from __future__ import annotations

import copy
import hashlib
import json
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import InvalidInputError
from ..units import parse_quantity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["Parameter", "ScanConfig", "load_config"]


#: Model entries that are names, not quantities (the others may be written as '10 MeV').
_STRING_MODEL_KEYS = ("kind", "charges", "relic", "method", "flavour", "conventions", "sm_potential")


@dataclass(frozen=True)
class Parameter:
    """A scanned parameter: range [low, high] in internal units, prior 'log' or 'linear', grid size n."""

    name: str
    low: float
    high: float
    prior: str = "log"
    n: int | None = None

    def __post_init__(self) -> None:
        if self.prior not in ("log", "linear"):
            raise InvalidInputError(f"parameter {self.name!r}: prior={self.prior!r} must be 'log' or 'linear'")
        if not (math.isfinite(self.low) and math.isfinite(self.high) and self.low < self.high):
            raise InvalidInputError(
                f"parameter {self.name!r}: need finite min < max, got min={self.low!r}, max={self.high!r}")
        if self.prior == "log" and self.low <= 0:
            raise InvalidInputError(f"parameter {self.name!r}: a log prior needs min > 0, got {self.low!r}")
        if self.n is not None and (int(self.n) != self.n or self.n < 1):
            raise InvalidInputError(f"parameter {self.name!r}: n={self.n!r} must be a positive integer")

    def grid(self) -> np.ndarray:
        if self.n is None:
            raise InvalidInputError(f"parameter {self.name!r}: the grid sampler needs n (number of grid points)")
        if self.prior == "log":
            return np.geomspace(self.low, self.high, int(self.n))
        return np.linspace(self.low, self.high, int(self.n))

    def from_unit(self, x: np.ndarray) -> np.ndarray:
        """Map uniform draws x in [0, 1) to the prior."""
        if self.prior == "log":
            return np.exp(np.log(self.low) + x * (np.log(self.high) - np.log(self.low)))
        return self.low + x * (self.high - self.low)


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
            raise InvalidInputError("a scan needs at least one parameter")
        names = [p.name for p in self.parameters]
        if len(set(names)) != len(names):
            raise InvalidInputError(f"parameter names must be unique, got {names}")
        if not self.observables:
            raise InvalidInputError("compute.observables is empty: name at least one observable")
        if self.sampler not in ("grid", "random"):
            raise InvalidInputError(f"sampler.kind={self.sampler!r} is unknown; allowed: grid, random")
        if self.sampler == "random" and (self.n_samples is None or self.n_samples < 1):
            raise InvalidInputError("the random sampler needs sampler.n >= 1 (number of points)")
        if int(self.chunk_size) != self.chunk_size or self.chunk_size < 1:
            raise InvalidInputError(f"run.chunk_size={self.chunk_size!r} must be a positive integer")

    # -- points ----------------------------------------------------------------------------
    @property
    def n_points(self) -> int:
        if self.sampler == "grid":
            return int(np.prod([p.grid().size for p in self.parameters]))
        return int(self.n_samples)

    def points(self) -> dict[str, np.ndarray]:
        """All points of the scan, deterministic given the config (and its seed)."""
        if self.sampler == "grid":
            mesh = np.meshgrid(*[p.grid() for p in self.parameters], indexing="ij")
            return {p.name: m.ravel() for p, m in zip(self.parameters, mesh)}
        rng = np.random.default_rng(self.seed)
        draws = rng.random((self.n_samples, len(self.parameters)))
        return {p.name: p.from_unit(draws[:, i]) for i, p in enumerate(self.parameters)}

    def chunks(self) -> list[tuple[int, int]]:
        """(start, stop) index ranges of the chunks."""
        n = self.n_points
        return [(a, min(a + self.chunk_size, n)) for a in range(0, n, self.chunk_size)]

    # -- identity --------------------------------------------------------------------------
    def canonical(self) -> dict:
        """A JSON-able dict that fixes every point and observable (used for the resume hash)."""
        return {"parameters": [[p.name, p.low, p.high, p.prior, p.n] for p in self.parameters],
                "observables": list(self.observables), "model": self.model, "sampler": self.sampler,
                "n_samples": self.n_samples, "seed": self.seed, "chunk_size": self.chunk_size,
                "plugins": list(self.plugins)}

    def hash(self) -> str:
        text = json.dumps(self.canonical(), sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    @classmethod
    def from_dict(cls, raw: dict) -> "ScanConfig":
        raw = copy.deepcopy(raw)
        params = []
        for name, spec in (raw.get("parameters") or {}).items():
            if not isinstance(spec, dict) or "min" not in spec or "max" not in spec:
                raise InvalidInputError(f"parameters.{name} needs min and max")
            params.append(Parameter(name, parse_quantity(spec["min"], f"parameters.{name}.min"),
                                    parse_quantity(spec["max"], f"parameters.{name}.max"),
                                    spec.get("prior", "log"), spec.get("n")))
        model = {k: (parse_quantity(v, f"model.{k}") if k not in _STRING_MODEL_KEYS and isinstance(v, str) else v)
                 for k, v in (raw.get("model") or {}).items()}
        compute = raw.get("compute") or {}
        sampler = raw.get("sampler") or {}
        run = raw.get("run") or {}
        unknown = set(raw) - {"model", "parameters", "compute", "sampler", "run", "report"}
        if unknown:
            raise InvalidInputError(f"unknown scan-config section(s) {sorted(unknown)}; allowed: model, "
                                    "parameters, compute, sampler, run, report")
        return cls(parameters=tuple(params), observables=tuple(compute.get("observables", ())), model=model,
                   sampler=sampler.get("kind", "grid"), n_samples=sampler.get("n"),
                   seed=int(sampler.get("seed", 0)), chunk_size=int(run.get("chunk_size", 500)),
                   plugins=tuple(compute.get("plugins", ())), report=dict(raw.get("report") or {}), raw=raw)


def load_config(path: str | Path) -> ScanConfig:
    """Read a TOML scan configuration."""
    path = Path(path)
    if not path.is_file():
        raise InvalidInputError(f"scan config {str(path)!r} does not exist")
    try:
        raw = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInputError(f"scan config {str(path)!r} is not valid TOML: {exc}") from exc
    return ScanConfig.from_dict(raw)
