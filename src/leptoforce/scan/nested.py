"""Nested sampling through the scan engine: UltraNest with a vectorised likelihood, resumable.

:func:`run_nested` samples the prior of a :class:`ScanConfig`'s parameters (``log``/``linear`` priors
map the unit cube exactly as the random sampler does) with UltraNest's ReactiveNestedSampler
(J. Buchner, JOSS 6 (2021) 3001, arXiv:2101.09604), asking for batches of points (``vectorized``) that
the observable family evaluates in one call: locally in-process, or split over the workers of a
Dask cluster (``executor`` = scheduler address or ``distributed.Client``). The log-likelihood is
``-0.5 * config.report['sort_by']`` (a chi^2-like observable; non-finite values map to a very low
likelihood, never NaN).

Output folder ``OUT``: UltraNest's own run folder (``OUT/ultranest``; a killed run resumes from its
stored points with ``resume=True``), and ``OUT/samples.parquet`` with every dead point: parameters,
all observables, ``logl`` and the posterior ``weight``. Profile likelihoods use these with the
random-scan points (:func:`leptoforce.inference.terms.profile_2d`).
"""
from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from ..errors import InvalidInputError
from .config import ScanConfig
from .engine import _import_plugins
from .store import _write_json_atomic, read_samples, write_samples
from ..provenance import versions
from ..scenarios.registry import family

__all__ = ["run_nested", "load_nested"]

_LOW = -1e30


def _evaluate(cfg_dict: dict, pts: dict) -> dict:
    fam = family(cfg_dict["model"].get("kind", "zprime"))
    obs = tuple(cfg_dict["observables"])
    if not getattr(fam, "batched", False):
        raise InvalidInputError("nested sampling needs a vectorised (batched) observable family")
    res, _ = fam(pts, cfg_dict["model"], obs)
    return {k: np.asarray(res[k], float) for k in obs}


def run_nested(cfg: ScanConfig, out: str | Path, executor=None, min_num_live_points: int = 400,
               max_ncalls: int | None = None, dlogz: float = 0.5, batch: int = 200, resume: bool = True,
               seed: int | None = None) -> dict:
    """Run (or resume) nested sampling of ``cfg`` into ``out``; returns a summary dict (module doc).

    ``executor``: None (in-process) or a Dask scheduler address / Client (each batch is split into
    one piece per worker). ``max_ncalls`` bounds the number of likelihood calls.
    """
    try:
        import ultranest
    except ImportError as exc:  # pragma: no cover - depends on install
        raise InvalidInputError("nested sampling needs ultranest: pip install 'leptoforce[scan]'") from exc
    sort_by = cfg.report.get("sort_by")
    if not sort_by or sort_by not in cfg.observables:
        raise InvalidInputError("nested sampling needs report.sort_by naming a chi^2-like observable")
    _import_plugins(cfg.plugins)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    cfg_dict = cfg.canonical()
    names = [p.name for p in cfg.parameters]
    client = None
    if executor is not None and executor not in ("serial", "local"):
        from distributed import Client
        client = executor if isinstance(executor, Client) else Client(executor)

    def transform(u):
        u = np.atleast_2d(u)
        return np.stack([p.from_unit(u[:, i]) for i, p in enumerate(cfg.parameters)], axis=1)

    def loglike(theta):
        theta = np.atleast_2d(theta)
        pts = {n: theta[:, i].copy() for i, n in enumerate(names)}
        if client is None:
            res = _evaluate(cfg_dict, pts)
        else:
            k = max(1, min(len(client.scheduler_info()["workers"]), theta.shape[0]))
            parts = [{n: v[j::k] for n, v in pts.items()} for j in range(k)]
            futs = client.map(_evaluate, [cfg_dict] * k, parts, pure=False)
            got = client.gather(futs)
            res = {o: np.empty(theta.shape[0]) for o in cfg.observables}
            for j, r in enumerate(got):
                for o in cfg.observables:
                    res[o][j::k] = r[o]
        ll = -0.5 * res[sort_by]
        return np.where(np.isfinite(ll), ll, _LOW)

    t0 = time.time()
    if seed is not None:
        np.random.seed(seed)
    sampler = ultranest.ReactiveNestedSampler(names, loglike, transform, log_dir=str(out / "ultranest"),
                                              resume="resume" if resume else "overwrite", vectorized=True,
                                              ndraw_min=batch, ndraw_max=max(batch, 4 * batch))
    result = sampler.run(min_num_live_points=min_num_live_points, max_ncalls=max_ncalls, dlogz=dlogz,
                         show_status=False, viz_callback=False)
    wall = time.time() - t0
    ws = result["weighted_samples"]
    samples = {n: np.asarray(ws["points"])[:, i] for i, n in enumerate(names)}
    # observables of the dead points: re-evaluated in one vectorised call (cheap, and exact after a resume)
    obs = _evaluate(cfg_dict, samples)
    cols = {**samples, **obs, "logl": np.asarray(ws["logl"]), "weight": np.asarray(ws["weights"])}
    write_samples(out, cols)
    summary = {"ncall": int(result["ncall"]), "logz": float(result["logz"]), "logzerr": float(result["logzerr"]),
               "n_samples": int(len(cols["logl"])), "wall_s": wall, "max_logl": float(np.max(cols["logl"])),
               "executor": "dask" if client is not None else "in-process", "config_hash": cfg.hash(),
               "versions": versions()}
    _write_json_atomic(out / "nested.json", summary)
    return summary


def load_nested(out: str | Path) -> dict[str, np.ndarray]:
    """The dead points of a finished :func:`run_nested` (columns as arrays)."""
    return read_samples(out, "nested")
