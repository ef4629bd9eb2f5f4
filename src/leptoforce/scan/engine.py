"""The scan engine: evaluate a :class:`ScanConfig` in chunks, crash-safe, on any executor.

Storage layout of ``OUT``::

    manifest.json           config, its hash, metadata, finished chunks, run log (atomic rewrite)
    chunks/chunk-000012.parquet   one file per finished chunk (written to a temp name, then renamed)

A chunk is recorded in the manifest only after its Parquet file has been renamed into place,
so a scan killed at any instant resumes by skipping exactly the finished chunks. Re-running with
a different configuration in the same folder is refused (the config hash differs).

Executors (one code path, :func:`run_scan`): ``"serial"``, ``"local"`` (a standard-library
process pool; default, all cores) or a Dask scheduler address / ``distributed.Client``. Tasks
are whole chunks (a few hundred points), so the ~ms per-task overhead of Dask is negligible.

Each point that raises :class:`ComputationError` or :class:`OutOfDomainError` is stored with
NaN observables and its message in the ``status`` column (a likelihood maps it to -inf); an
:class:`InvalidInputError` stops the scan, since it means the configuration is wrong.
"""
from __future__ import annotations

import importlib
import json
import os
import platform
import sys
import time
import uuid
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from pathlib import Path

import numpy as np

from ..errors import ComputationError, InvalidInputError, OutOfDomainError
from ..settings import DEFAULT
from .config import ScanConfig
from .observables import family
from .progress import Progress

__all__ = ["run_scan", "load_results", "evaluate_chunk", "read_manifest"]

MANIFEST = "manifest.json"


def _pyarrow():
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on install
        raise InvalidInputError("scans store results as Parquet: install the scan extra, "
                                "pip install 'leptoforce[scan]'") from exc
    return pyarrow


def _import_plugins(plugins) -> None:
    for mod in plugins:
        try:
            importlib.import_module(mod)
        except ImportError as exc:
            raise InvalidInputError(f"compute.plugins: cannot import module {mod!r}: {exc}") from exc


def evaluate_chunk(task: dict) -> dict:
    """Evaluate one chunk (runs in a worker). ``task`` = {config, chunk, start, points}.

    Returns a dict of columns: ``index``, each parameter, each observable, ``status``.
    """
    cfg: dict = task["config"]
    _import_plugins(cfg["plugins"])
    fam = family(cfg["model"].get("kind", "zprime"))
    pts: dict[str, np.ndarray] = task["points"]
    n = len(next(iter(pts.values())))
    obs_names = tuple(cfg["observables"])
    cols = {name: np.full(n, np.nan) for name in obs_names}
    status = []
    if getattr(fam, "batched", False):
        # a vectorised family evaluates the whole chunk at once and returns arrays plus a status list;
        # a numerical or domain error then marks every point of the chunk (observables stay NaN)
        try:
            res, status = fam({k: np.asarray(v, float) for k, v in pts.items()}, cfg["model"], obs_names)
            for name in obs_names:
                cols[name][:] = res[name]
        except (ComputationError, OutOfDomainError) as exc:
            status = [f"{type(exc).__name__}: {exc}"] * n
    else:
        for i in range(n):
            point = {k: float(v[i]) for k, v in pts.items()}
            try:
                res = fam(point, cfg["model"], obs_names)
                for name in obs_names:
                    cols[name][i] = res[name]
                status.append("ok")
            except (ComputationError, OutOfDomainError) as exc:
                status.append(f"{type(exc).__name__}: {exc}")
    out = {"index": np.arange(task["start"], task["start"] + n, dtype=np.int64)}
    out.update({k: np.asarray(v, dtype=float) for k, v in pts.items()})
    out.update(cols)
    out["status"] = np.array(status, dtype=object)
    return {"chunk": task["chunk"], "columns": out}


def read_manifest(out: str | Path) -> dict | None:
    """The manifest of a scan folder, or None if there is none."""
    path = Path(out) / MANIFEST
    if not path.is_file():
        return None
    return json.loads(path.read_text())


def _write_json_atomic(path: Path, obj: dict) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    with open(tmp, "w") as fh:
        json.dump(obj, fh, indent=1, default=str)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _write_chunk(folder: Path, chunk: int, columns: dict) -> str:
    pa = _pyarrow()
    import pyarrow.parquet as pq
    table = pa.table({k: (pa.array(list(v), type=pa.string()) if v.dtype == object else pa.array(v))
                      for k, v in columns.items()})
    name = f"chunk-{chunk:06d}.parquet"
    tmp = folder / f".{name}.{uuid.uuid4().hex}.tmp"
    pq.write_table(table, tmp)
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, folder / name)
    return name


def _metadata(cfg: ScanConfig) -> dict:
    from .. import __version__
    from ..data import data_versions
    return {"leptoforce_version": __version__, "python": platform.python_version(),
            "settings": DEFAULT.as_dict(), "data_versions": data_versions(), "model": cfg.model,
            "random_seed": cfg.seed if cfg.sampler == "random" else None, "config_hash": cfg.hash(),
            "n_points": cfg.n_points, "chunk_size": cfg.chunk_size, "created": time.strftime("%Y-%m-%dT%H:%M:%S")}


class _LocalPool:
    def __init__(self, workers: int | None):
        self.workers = workers or os.cpu_count() or 1

    def run(self, fn, tasks):
        """Yield results as they complete, keeping at most 2 x workers tasks in flight."""
        tasks = iter(tasks)
        with ProcessPoolExecutor(max_workers=self.workers) as pool:
            pending = set()
            for task in tasks:
                pending.add(pool.submit(fn, task))
                if len(pending) >= 2 * self.workers:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    yield from (f.result() for f in done)
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from (f.result() for f in done)


class _Serial:
    def run(self, fn, tasks):
        for task in tasks:
            yield fn(task)


class _Dask:
    def __init__(self, target):
        try:
            from distributed import Client, as_completed
        except ImportError as exc:  # pragma: no cover
            raise InvalidInputError("a Dask executor needs the scan extra: pip install 'leptoforce[scan]'") from exc
        self._as_completed = as_completed
        self._own = not isinstance(target, Client)
        self.client = Client(target) if self._own else target

    def run(self, fn, tasks):
        try:
            futures = self._as_completed()
            for task in tasks:
                futures.add(self.client.submit(fn, task, pure=False))
            for fut in futures:
                yield fut.result()
        finally:
            if self._own:
                self.client.close()


def _executor(executor, workers):
    if executor in (None, "local"):
        return _Serial() if workers == 1 else _LocalPool(workers)
    if executor == "serial":
        return _Serial()
    return _Dask(executor)


def run_scan(cfg: ScanConfig, out: str | Path, executor=None, workers: int | None = None,
             progress: bool | None = None, stream=None) -> dict:
    """Run (or resume) scan ``cfg`` into folder ``out``; returns the final manifest.

    Parameters
    ----------
    executor : None | "local" | "serial" | str | distributed.Client
        None/"local": process pool with ``workers`` processes (all cores by default; 1 = in-process);
        "serial": in-process; any other string: a Dask scheduler address ("tcp://host:8786");
        a ``distributed.Client``: use it.
    progress : bool
        Show a progress bar (default: when ``stream`` is a terminal, else periodic lines).
    """
    stream = stream or sys.stderr
    out = Path(out)
    chunk_dir = out / "chunks"
    chunk_dir.mkdir(parents=True, exist_ok=True)
    _import_plugins(cfg.plugins)
    manifest = read_manifest(out)
    if manifest is None:
        manifest = {"config": cfg.canonical(), "config_raw": cfg.raw, "metadata": _metadata(cfg),
                    "chunks": {}, "runs": []}
    elif manifest["metadata"]["config_hash"] != cfg.hash():
        raise InvalidInputError(
            f"{str(out)!r} holds a scan with another configuration (hash {manifest['metadata']['config_hash']} "
            f"vs {cfg.hash()}); choose a new output folder")
    done = {int(k) for k, v in manifest["chunks"].items() if (chunk_dir / v["file"]).is_file()}
    ranges = cfg.chunks()
    todo = [i for i in range(len(ranges)) if i not in done]
    points = cfg.points()
    cfg_dict = cfg.canonical()
    # Fail fast on a bad configuration (unknown observable, missing parameter) before any work.
    if todo:
        first = {k: v[ranges[todo[0]][0]:ranges[todo[0]][0] + 1] for k, v in points.items()}
        evaluate_chunk({"config": cfg_dict, "chunk": -1, "start": 0, "points": first})
    run_log = {"started": time.strftime("%Y-%m-%dT%H:%M:%S"), "executor": str(executor or "local"),
               "resumed_with": len(done), "computed": []}
    manifest["runs"].append(run_log)
    _write_json_atomic(out / MANIFEST, manifest)

    def tasks():
        for i in todo:
            a, b = ranges[i]
            yield {"config": cfg_dict, "chunk": i, "start": a, "points": {k: v[a:b] for k, v in points.items()}}

    bar = Progress(cfg.n_points, initial=sum(ranges[i][1] - ranges[i][0] for i in done),
                   enabled=progress, stream=stream)
    for result in _executor(executor, workers).run(evaluate_chunk, tasks()):
        i = result["chunk"]
        cols = result["columns"]
        fname = _write_chunk(chunk_dir, i, cols)
        n_ok = int(np.sum(cols["status"] == "ok"))
        manifest["chunks"][str(i)] = {"file": fname, "n": int(len(cols["index"])), "n_ok": n_ok}
        run_log["computed"].append(i)
        _write_json_atomic(out / MANIFEST, manifest)
        bar.update(len(cols["index"]))
    bar.close()
    run_log["finished"] = time.strftime("%Y-%m-%dT%H:%M:%S")
    manifest["complete"] = len(manifest["chunks"]) == len(ranges)
    _write_json_atomic(out / MANIFEST, manifest)
    return manifest


def load_results(out: str | Path) -> dict[str, np.ndarray]:
    """All stored points of a scan folder as columns (sorted by point index)."""
    _pyarrow()
    import pyarrow.parquet as pq
    manifest = read_manifest(out)
    if manifest is None:
        raise InvalidInputError(f"{str(out)!r} is not a scan folder (no {MANIFEST})")
    chunk_dir = Path(out) / "chunks"
    tables = [pq.read_table(chunk_dir / v["file"]) for _, v in sorted(manifest["chunks"].items(), key=lambda kv: int(kv[0]))]
    if not tables:
        return {}
    cols = {name: np.concatenate([t.column(name).to_numpy(zero_copy_only=False) for t in tables])
            for name in tables[0].column_names}
    order = np.argsort(cols["index"], kind="stable")
    return {k: v[order] for k, v in cols.items()}


def best_points(results: dict[str, np.ndarray], sort_by: str, descending: bool = True, n: int = 5) -> list[dict]:
    """The ``n`` best stored points by column ``sort_by`` (NaN last)."""
    if sort_by not in results:
        raise InvalidInputError(f"report.sort_by={sort_by!r} is not a stored column; columns: {', '.join(results)}")
    vals = results[sort_by].astype(float)
    key = np.where(np.isnan(vals), -np.inf if descending else np.inf, vals)
    order = np.argsort(-key if descending else key, kind="stable")[:n]
    return [{k: (v[i].item() if hasattr(v[i], "item") else v[i]) for k, v in results.items()} for i in order]
