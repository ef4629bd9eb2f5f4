"""Samplers beside grid, random and UltraNest: nautilus (neural-network-boosted importance nested sampling) and a
profile likelihood by minimisation (iminuit), both resumable and both able to use a Dask cluster.

- :func:`run_nautilus` -- J. U. Lange, MNRAS 525 (2023) 3181, arXiv:2306.16923. The prior is the config's
  (``log``/``linear`` priors map the unit cube exactly as the random sampler does), the log-likelihood
  ``-0.5 * config.report['sort_by']`` evaluated in batches by the family (``vectorized``); with a Dask
  ``executor`` each batch is split over the workers (nautilus's own Dask pool). Resume: nautilus's
  checkpoint ``OUT/nautilus.hdf5``. Output: ``OUT/samples.parquet`` (parameters, observables, ``logl``,
  ``log_w``; the importance weights), ``OUT/nautilus.json`` (log Z, effective sample size, calls, wall time).
- :func:`run_profile` -- the profile of the chi^2-like ``sort_by`` along one or two parameters: on a grid of
  those (``along``), the other parameters are fitted with MIGRAD (F. James and M. Roos, Comput. Phys. Commun.
  10 (1975) 343; iminuit: H. Dembinski, P. Ongmongkolkul et al., doi:10.5281/zenodo.3949207) in unit-cube
  coordinates bounded to the prior box, from the best of ``n_starts`` counter-based random starts. Each grid
  node is one point of an ordinary scan of the family ``minuit-profile``, so the run is chunked,
  checksummed, resumable and runs on any executor exactly like :func:`leptoforce.scan.run_scan`; its columns are
  the grid values, ``chi2_min``, the fitted parameters ``fit:NAME``, every observable at the minimum,
  ``migrad_valid`` (1/0) and ``migrad_nfcn``.
"""
from __future__ import annotations

import math
import time
from pathlib import Path

import numpy as np

from ..errors import InvalidInputError
from ..provenance import versions
from ..scenarios.registry import register_family
from ..validate import integer
from .config import Parameter, ScanConfig, uniform_block
from .engine import _evaluate_points, _import_plugins
from .store import _write_json_atomic, read_samples, write_samples

__all__ = ["run_nautilus", "load_nautilus", "run_profile"]

_LOW = -1e30
_HIGH = 1e30


def _evaluate(cfg_dict: dict, pts: dict) -> dict:
    """The observables of a batch of points, evaluated as the scan engine does (a point that raises
    ComputationError or OutOfDomainError gets NaN observables; a batched family's error marks its batch)."""
    _import_plugins(cfg_dict.get("plugins", ()))
    obs = tuple(cfg_dict["observables"])
    cols = _evaluate_points(cfg_dict["model"], obs, pts, 0)
    return {k: cols[k] for k in obs}


def _needs_chi2(cfg: ScanConfig) -> str:
    sort_by = cfg.report.get("sort_by")
    if not sort_by or sort_by not in cfg.observables:
        raise InvalidInputError("this sampler needs report.sort_by naming a chi^2-like observable of the scan")
    return sort_by


class _LogL:
    """-chi^2/2 of a batch of physical points (picklable: it travels to Dask workers)."""

    def __init__(self, cfg_dict: dict, names: list[str], sort_by: str):
        self.cfg_dict, self.names, self.sort_by = cfg_dict, names, sort_by

    def __call__(self, theta):
        theta = np.atleast_2d(theta)
        res = _evaluate(self.cfg_dict, {n: theta[:, i].copy() for i, n in enumerate(self.names)})
        ll = -0.5 * res[self.sort_by]
        return np.where(np.isfinite(ll), ll, _LOW)


class _Prior:
    def __init__(self, params):
        self.params = params

    def __call__(self, u):
        u = np.atleast_2d(u)
        return np.stack([p.from_unit(u[:, i]) for i, p in enumerate(self.params)], axis=1)


def run_nautilus(cfg: ScanConfig, out: str | Path, executor=None, n_live: int = 1000, f_live: float = 0.01,
                 n_eff: int = 10000, n_like_max: float = math.inf, resume: bool = True, seed: int | None = None) -> dict:
    """Run (or resume) nautilus on ``cfg`` into ``out``; returns the summary (module doc).

    ``executor``: None (in-process) or a Dask scheduler address / ``distributed.Client``. ``n_like_max`` bounds
    the likelihood calls (a run stopped by it is reported as such, ``converged = False``).
    """
    try:
        import nautilus
    except ImportError as exc:  # pragma: no cover - depends on install
        raise InvalidInputError("nautilus sampling needs nautilus-sampler: pip install 'leptoforce[scan]'") from exc
    sort_by = _needs_chi2(cfg)
    n_live, n_eff = integer("n_live", n_live, minimum=10), integer("n_eff", n_eff, minimum=1)
    if not (0 < f_live < 1):
        raise InvalidInputError(f"f_live={f_live!r} must lie in (0, 1)")
    _import_plugins(cfg.plugins)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    cfg_dict = cfg.canonical()
    names = [p.name for p in cfg.parameters]
    client, own = None, False
    if executor is not None and executor not in ("serial", "local"):
        from distributed import Client
        own = not isinstance(executor, Client)
        client = Client(executor) if own else executor
    checkpoint = out / "nautilus.hdf5"
    meta = out / "nautilus.json"
    if checkpoint.exists() and meta.exists() and resume:
        import json
        old = json.loads(meta.read_text()).get("config_hash")
        if old is not None and old != cfg.hash():
            raise InvalidInputError(f"{str(out)!r} holds a nautilus run of another configuration (hash {old}); "
                                    "choose a new output folder")
    _write_json_atomic(meta, {"config_hash": cfg.hash(), "state": "running"})
    t0 = time.time()
    try:
        sampler = nautilus.Sampler(_Prior(cfg.parameters), _LogL(cfg_dict, names, sort_by), n_dim=len(names),
                                   n_live=n_live, vectorized=True, pool=client, seed=seed,
                                   filepath=str(checkpoint), resume=resume)
        success = sampler.run(f_live=f_live, n_eff=n_eff, n_like_max=n_like_max, verbose=False)
        points, log_w, log_l = sampler.posterior()
    finally:
        if own:
            client.close()
    wall = time.time() - t0
    samples = {n: np.asarray(points)[:, i] for i, n in enumerate(names)}
    obs = _evaluate(cfg_dict, samples)
    cols = {**samples, **obs, "logl": np.asarray(log_l), "log_w": np.asarray(log_w)}
    write_samples(out, cols)
    summary = {"config_hash": cfg.hash(), "state": "finished", "converged": bool(success),
               "log_z": float(sampler.log_z), "n_eff": float(sampler.n_eff), "n_like": int(sampler.n_like),
               "n_samples": int(len(log_l)), "max_logl": float(np.max(log_l)), "wall_s": wall,
               "executor": "dask" if client is not None else "in-process", "versions": versions()}
    _write_json_atomic(meta, summary)
    return summary


def load_nautilus(out: str | Path) -> dict[str, np.ndarray]:
    """The weighted samples of a finished :func:`run_nautilus` (columns as arrays)."""
    return read_samples(out, "nautilus")


# ---- profile likelihood by minimisation ---------------------------------------------------------------------
@register_family("minuit-profile", description="profile of a chi^2-like observable along grid parameters: the other "
                                               "parameters fitted with MIGRAD (leptoforce.scan.samplers)")
def _profile_node(point, model, observables):
    """One node of :func:`run_profile`: minimise the inner scan's ``sort_by`` over its free parameters."""
    from iminuit import Minuit
    inner = ScanConfig.from_canonical(model["inner"])
    sort_by = model["sort_by"]
    inner_dict = inner.canonical()
    free = [p for p in inner.parameters if p.name not in point]
    fixed = {k: float(v) for k, v in point.items()}

    def evaluate(u):                      # u: (n, n_free) in the unit cube -> dict of observables
        u = np.clip(np.atleast_2d(u), 0.0, 1.0)
        pts = {p.name: p.from_unit(u[:, i]) for i, p in enumerate(free)}
        pts.update({k: np.full(u.shape[0], v) for k, v in fixed.items()})
        return _evaluate(inner_dict, pts)

    def chi2(*u):
        v = float(evaluate(np.asarray(u))[sort_by][0])
        return v if math.isfinite(v) else _HIGH

    starts = uniform_block(int(model["seed"]), len(free), 0, int(model["n_starts"]))
    vals = evaluate(starts)[sort_by]
    vals = np.where(np.isfinite(vals), vals, _HIGH)
    u0 = starts[int(np.argmin(vals))]
    m = Minuit(chi2, *u0, name=[f"u_{p.name}" for p in free])
    m.errordef = Minuit.LEAST_SQUARES
    m.limits = [(0.0, 1.0)] * len(free)
    m.strategy = 1
    m.migrad(ncall=int(model["ncall"]))
    u_best = np.array([m.values[i] for i in range(len(free))])
    obs = evaluate(u_best)
    res = {k: float(v[0]) for k, v in obs.items()}
    res["chi2_min"] = res[sort_by]
    for i, p in enumerate(free):
        res[f"fit:{p.name}"] = float(p.from_unit(np.array([u_best[i]]))[0])
    res["migrad_valid"] = 1.0 if m.valid else 0.0
    res["migrad_nfcn"] = float(m.nfcn)
    return {k: res[k] for k in observables}


def run_profile(cfg: ScanConfig, out: str | Path, along: dict, executor=None, workers: int | None = None,
                n_starts: int = 64, ncall: int = 2000, seed: int = 0, chunk_size: int = 4, progress=None) -> dict:
    """Profile ``cfg.report['sort_by']`` along the parameters in ``along`` (name -> number of grid points; one
    or two names, on the config's ranges and priors); returns the scan state (:func:`run_scan`).

    The profile is an ordinary grid scan of the family ``minuit-profile`` (module doc): read it with
    :func:`leptoforce.scan.load_results`; a killed run resumes.
    """
    from .engine import run_scan
    sort_by = _needs_chi2(cfg)
    if not isinstance(along, dict) or not 1 <= len(along) <= 2:
        raise InvalidInputError(f"along={along!r} must map one or two parameter names to numbers of grid points")
    params = {p.name: p for p in cfg.parameters}
    for name, n in along.items():
        if name not in params:
            from ..validate import suggest
            raise InvalidInputError(f"along: {name!r} is not a parameter of the scan{suggest(name, list(params))}; "
                                    f"parameters: {', '.join(params)}")
        integer(f"along[{name!r}] (grid points)", n, minimum=2)
    free = [p.name for p in cfg.parameters if p.name not in along]
    if not free:
        raise InvalidInputError("along names every parameter: nothing is left to fit (use a grid scan)")
    n_starts, ncall = integer("n_starts", n_starts, minimum=1), integer("ncall", ncall, minimum=10)
    seed = integer("seed", seed, minimum=0)
    grid = tuple(Parameter(p.name, p.low, p.high, p.prior, int(along[p.name])) for p in cfg.parameters
                 if p.name in along)
    observables = ("chi2_min", *[f"fit:{n}" for n in free], *cfg.observables, "migrad_valid", "migrad_nfcn")
    model = {"kind": "minuit-profile", "inner": cfg.canonical(), "sort_by": sort_by, "n_starts": int(n_starts),
             "ncall": int(ncall), "seed": int(seed)}
    prof = ScanConfig(parameters=grid, observables=observables, model=model, sampler="grid",
                      chunk_size=int(chunk_size), plugins=("leptoforce.scan.samplers", *cfg.plugins),
                      report={"sort_by": "chi2_min", "descending": False})
    return run_scan(prof, out, executor=executor, workers=workers, progress=progress)
