"""The scan engine: evaluate a :class:`ScanConfig` in chunks, crash-safe and integrity-checked, on any executor.

Storage layout of ``OUT``::

    manifest.json                      config, its hash, metadata (versions of every dependency that can
                                       change a number); rewritten only at the start and the end of a run
    journal.jsonl                      append-only: one JSON line per finished chunk (file, rows, rows ok,
                                       SHA-256 of the file) and per run start/end; each line flushed at
                                       once, fsynced at least every second (store.JournalWriter)
    chunks/part-00000/chunk-0000012.parquet   one file per chunk, at most 1000 per folder
    .lock                              held (flock) by the process that runs the scan

Integrity. A chunk is written to a hidden temporary name, fsynced and renamed into place by the
process that computed it; only then is its journal line appended. On every resume and every load the
SHA-256 of each listed chunk is checked: a damaged or missing chunk is recomputed on resume (with a
warning) and refused by :func:`load_results` (one line naming it). A chunk file that was renamed but not
yet journaled (the process was killed in between) is verified -- Parquet page checksums, the config
hash and chunk index stored in its metadata, its row count -- and adopted instead of recomputed. A
truncated last journal line is dropped (the chunk it described is then adopted or redone). Temporary
files left by a killed run are removed. Two processes cannot write into one folder (the lock).
Re-running with a different configuration in the same folder is refused (the config hash differs),
before any plugin module is imported.

Executors (one code path, :func:`run_scan`): ``"serial"``, ``"local"`` (a standard-library process pool;
default, all cores) or a Dask scheduler address / ``distributed.Client``. Tasks carry only the config
and a chunk's index range: workers generate their points, evaluate them and write the chunk file; the
client keeps a bounded number of chunks in flight and appends to the journal.

Each point that raises :class:`ComputationError` or :class:`OutOfDomainError` is stored with NaN
observables and its message in the ``status`` column (a likelihood maps it to -inf); an
:class:`InvalidInputError` stops the scan, since it means the configuration is wrong.
"""
from __future__ import annotations

import fcntl
import importlib
import logging
import os
import platform
import time
import uuid
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from pathlib import Path

import numpy as np

from ..errors import ComputationError, InvalidInputError, LeptoforceError, OutOfDomainError
from ..progress import Progress
from ..scenarios.registry import family
from ..settings import DEFAULT
from .config import ScanConfig
from .results import best_points, load_results  # noqa: F401 - the readers live in .results; re-exported here
from .store import (CHUNKS, FILES_PER_FOLDER, FORMAT, JOURNAL, LOCK, MANIFEST, JournalWriter,  # noqa: F401
                    _append, _load_manifest, _pyarrow, _read_journal, _sha256, _state, _write_json_atomic, chunk_file, read_manifest)

__all__ = ["run_scan", "load_results", "evaluate_chunk", "read_manifest", "best_points", "FORMAT"]

log = logging.getLogger(__name__)

def _import_plugins(plugins) -> None:
    for mod in plugins:
        try:
            importlib.import_module(mod)
        except ImportError as exc:
            raise InvalidInputError(f"compute.plugins: cannot import module {mod!r}: {exc}") from exc


# ---- evaluation (runs in a worker) -------------------------------------------------------------------
def _evaluate(cfg: ScanConfig, start: int, stop: int) -> dict:
    return _evaluate_points(cfg.model, tuple(cfg.observables), cfg.chunk_points(start, stop), start)


def _evaluate_points(model: dict, obs_names: tuple, pts: dict, start: int) -> dict:
    fam = family(model.get("kind", "zprime"))
    n = len(next(iter(pts.values())))
    cfg_model = model
    cols = {name: np.full(n, np.nan) for name in obs_names}
    status = []
    if fam.batched:
        # a vectorised family evaluates the whole chunk at once and returns arrays plus a status list;
        # a numerical or domain error then marks every point of the chunk (observables stay NaN)
        try:
            res, status = fam({k: np.asarray(v, float) for k, v in pts.items()}, cfg_model, obs_names)
            for name in obs_names:
                cols[name][:] = res[name]
        except (ComputationError, OutOfDomainError) as exc:
            status = [f"{type(exc).__name__}: {exc}"] * n
    else:
        for i in range(n):
            point = {k: float(v[i]) for k, v in pts.items()}
            try:
                res = fam(point, cfg_model, obs_names)
                for name in obs_names:
                    cols[name][i] = res[name]
                status.append("ok")
            except (ComputationError, OutOfDomainError) as exc:
                status.append(f"{type(exc).__name__}: {exc}")
    out = {"index": np.arange(start, start + n, dtype=np.int64)}
    out.update({k: np.asarray(v, dtype=float) for k, v in pts.items()})
    out.update(cols)
    out["status"] = np.array(status, dtype=object)
    return out


def _write_chunk(chunk_dir: Path, chunk: int, columns: dict, config_hash: str) -> dict:
    """Write one chunk atomically (temp, fsync, rename) with page checksums; returns its journal record."""
    pa = _pyarrow()
    import pyarrow.parquet as pq
    table = pa.table({k: (pa.array(list(v), type=pa.string()) if v.dtype == object else pa.array(v))
                      for k, v in columns.items()})
    table = table.replace_schema_metadata({"leptoforce.config_hash": config_hash, "leptoforce.chunk": str(chunk),
                                           "leptoforce.rows": str(table.num_rows)})
    rel = chunk_file(chunk)
    final = chunk_dir / rel
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.with_name(f".{final.name}.{uuid.uuid4().hex}.tmp")
    pq.write_table(table, tmp, write_page_checksum=True)
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, final)
    n = len(columns["index"])
    return {"event": "chunk", "chunk": chunk, "file": rel, "n": n,
            "n_ok": int(np.sum(columns["status"] == "ok")), "sha256": _sha256(final)}


def evaluate_chunk(task: dict) -> dict:
    """Evaluate one chunk (runs in a worker). ``task`` = {config (canonical dict), chunk, start, stop, and ``out``
    (the scan folder) to write the chunk file there}.

    Returns the journal record of the written chunk, or (without ``out``) ``{"chunk", "columns"}``. Explicit
    points may be given instead of the index range: ``task["points"]`` (parameter -> array) with
    ``task["config"]`` holding at least ``model``, ``observables`` and ``plugins``; the columns are returned.
    """
    _import_plugins(task["config"].get("plugins", ()))
    if "points" in task:
        c = task["config"]
        cols = _evaluate_points(c["model"], tuple(c["observables"]), task["points"], int(task.get("start", 0)))
        return {"chunk": task.get("chunk", 0), "columns": cols}
    cfg = ScanConfig.from_canonical(task["config"])
    cols = _evaluate(cfg, task["start"], task["stop"])
    if task.get("out") is None:
        return {"chunk": task["chunk"], "columns": cols}
    return _write_chunk(Path(task["out"]) / CHUNKS, task["chunk"], cols, cfg.hash())


# ---- the folder: manifest, journal, lock -------------------------------------------------------------
class _Lock:
    """An exclusive flock on OUT/.lock for the duration of a run (released by the OS if the process dies)."""

    def __init__(self, out: Path):
        self.path = out / LOCK
        self.fh = None

    def __enter__(self):
        self.fh = open(self.path, "a+")
        try:
            fcntl.flock(self.fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self.fh.seek(0)
            who = self.fh.read().strip() or "another process"
            self.fh.close()
            raise InvalidInputError(f"{str(self.path.parent)!r} is being written by {who}: two scans cannot share an "
                                    "output folder (wait for it, or choose another folder)") from None
        self.fh.seek(0)
        self.fh.truncate()
        self.fh.write(f"pid {os.getpid()} on {platform.node()}")
        self.fh.flush()
        return self

    def __exit__(self, *exc):
        if self.fh is not None:
            fcntl.flock(self.fh.fileno(), fcntl.LOCK_UN)
            self.fh.close()


def _clean_temp(out: Path) -> None:
    for p in list(out.glob(".*.tmp")) + list((out / CHUNKS).glob("**/.*.tmp")):
        try:
            p.unlink()
        except OSError:  # pragma: no cover - a read-only folder is reported later
            pass


def _verify(out: Path, done: dict[int, dict], n_chunks: int, config_hash: str) -> list[int]:
    """Check the journaled chunks and adopt complete unjournaled ones; returns the chunk indices to drop."""
    chunk_dir = out / CHUNKS
    bad = []
    for i, rec in sorted(done.items()):
        path = chunk_dir / rec["file"]
        if not path.is_file():
            log.warning("chunk %d (%s) is missing: it will be recomputed", i, rec["file"])
            bad.append(i)
        elif _sha256(path) != rec["sha256"]:
            log.warning("chunk %d (%s) is damaged (SHA-256 differs from the journal): it will be recomputed", i,
                        rec["file"])
            path.unlink()
            bad.append(i)
    for i in bad:
        done.pop(i)
    listed = {chunk_dir / rec["file"] for rec in done.values()}
    for path in sorted(chunk_dir.glob("part-*/chunk-*.parquet")):
        if path in listed:
            continue
        rec = _adoptable(path, config_hash, n_chunks)
        if rec is None:
            log.warning("%s is not a complete chunk of this scan: removed (it will be recomputed)", path)
            path.unlink()
            continue
        rec["file"] = str(path.relative_to(chunk_dir))
        _append(out, {**rec, "event": "adopted"})
        done[rec["chunk"]] = rec
    return bad


def _adoptable(path: Path, config_hash: str, n_chunks: int) -> dict | None:
    import pyarrow.parquet as pq
    try:
        meta = pq.read_metadata(path).metadata or {}
        i = int(meta.get(b"leptoforce.chunk", b"-1"))
        if meta.get(b"leptoforce.config_hash", b"").decode() != config_hash or not 0 <= i < n_chunks:
            return None
        if path.name != Path(chunk_file(i)).name:
            return None
        table = pq.read_table(path, page_checksum_verification=True)
        if table.num_rows != int(meta.get(b"leptoforce.rows", b"-1")):
            return None
        status = table.column("status").to_pylist()
    except Exception:  # noqa: BLE001 - any damage means the file is not adopted
        return None
    return {"chunk": i, "n": table.num_rows, "n_ok": sum(s == "ok" for s in status), "sha256": _sha256(path)}


def _metadata(cfg: ScanConfig) -> dict:
    from ..provenance import versions
    return {"leptoforce_version": versions()["leptoforce"], "python": platform.python_version(),
            "versions": versions(), "settings": DEFAULT.as_dict(), "data_versions": _data_versions(),
            "model": cfg.model, "random_seed": cfg.seed if cfg.sampler == "random" else None,
            "config_hash": cfg.hash(), "n_points": cfg.n_points, "chunk_size": cfg.chunk_size,
            "n_chunks": cfg.n_chunks, "created": time.strftime("%Y-%m-%dT%H:%M:%S")}


def _data_versions() -> dict:
    from ..data import data_versions
    return data_versions()


# ---- executors -----------------------------------------------------------------------------------------
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
    """Chunks on a Dask cluster: a bounded number of tasks in flight (4 per worker), results as they finish.

    A worker that dies mid-chunk is handled by Dask itself (its task is rescheduled on another worker, up to
    the scheduler's ``allowed-failures``); the chunk is only journaled once a worker has written it, so a
    redone chunk is never duplicated. A scheduler that cannot be reached, or is lost during the run, is one
    line (the finished chunks are kept; running the scan again resumes). Plugin modules that are single
    files outside an installed package are uploaded to every worker (``Client.upload_file``); packages must
    be installed on the workers.
    """

    def __init__(self, target, connect_timeout: float = 20.0, plugins=(), in_flight: int | None = None):
        self.in_flight = in_flight
        try:
            from distributed import Client, as_completed
        except ImportError as exc:  # pragma: no cover
            raise InvalidInputError("a Dask executor needs the scan extra: pip install 'leptoforce[scan]'") from exc
        self._as_completed = as_completed
        self._own = not isinstance(target, Client)
        if self._own:
            try:
                self.client = Client(target, timeout=f"{connect_timeout}s")
            except (OSError, TimeoutError, ValueError) as exc:
                raise InvalidInputError(f"cannot reach the Dask scheduler {target!r} within {connect_timeout:g} s "
                                        f"({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})") from None
        else:
            self.client = target
        self._ship(plugins)

    def _ship(self, plugins) -> None:
        for mod in plugins:
            path = _plugin_file(mod)
            if path is not None:
                try:
                    self.client.upload_file(str(path), load=False)
                except Exception as exc:  # noqa: BLE001 - any failure to ship is reported as such
                    raise InvalidInputError(f"compute.plugins: cannot send {mod!r} ({path}) to the Dask workers "
                                            f"({type(exc).__name__}: {exc})") from None

    def run(self, fn, tasks):
        tasks = iter(tasks)
        chunk_of = {}
        try:
            futures = self._as_completed()

            def target() -> int:
                # 4 chunks per worker now connected (re-read as workers come and go: adaptive clusters, lost
                # jobs), at least ``in_flight`` so that an adaptive cluster sees the queue it should grow for
                n_workers = len(self.client.scheduler_info().get("workers", {}))
                return max(self.in_flight or 0, 4 * max(1, n_workers))

            def submit(task):
                fut = self.client.submit(fn, task, pure=False, key=f"leptoforce-chunk-{task['chunk']}-"
                                                                  f"{uuid.uuid4().hex[:8]}")
                chunk_of[fut.key] = task["chunk"]
                futures.add(fut)

            exhausted = False

            def top_up() -> None:
                nonlocal exhausted
                while not exhausted and futures.count() < target():
                    task = next(tasks, None)
                    if task is None:
                        exhausted = True
                    else:
                        submit(task)

            top_up()
            for fut in futures:
                try:
                    res = fut.result()
                except LeptoforceError:
                    raise
                except Exception as exc:  # noqa: BLE001 - a worker lost too often, the scheduler gone, a task killed
                    raise ComputationError(_dask_failure(exc, chunk_of.get(fut.key))) from None
                chunk_of.pop(fut.key, None)
                yield res
                top_up()
        except (OSError, TimeoutError) as exc:
            raise ComputationError(_dask_failure(exc, None)) from None
        finally:
            if self._own:
                try:
                    self.client.close(timeout=5)
                except Exception:  # noqa: BLE001 - closing a client whose scheduler is gone
                    pass


def _dask_failure(exc: BaseException, chunk) -> str:
    kind = type(exc).__name__
    where = f" running chunk {chunk}" if chunk is not None else ""
    if kind == "KilledWorker":
        what = f"the Dask workers{where} died repeatedly (KilledWorker: too many retries)"
    elif kind in ("CommClosedError", "StreamClosedError", "OSError", "TimeoutError", "CancelledError",
                  "FutureCancelledError", "ConnectionRefusedError"):
        what = f"the connection to the Dask scheduler was lost{where} ({kind})"
    else:
        what = f"a Dask task failed{where} ({kind}: {str(exc).splitlines()[0] if str(exc) else ''})"
    return f"{what}; the finished chunks are kept: run the scan again to redo the rest"


def _plugin_file(mod: str) -> Path | None:
    """The source file of a plugin module that a worker may not have (a single file outside site-packages)."""
    import importlib.util
    try:
        spec = importlib.util.find_spec(mod)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin or not spec.origin.endswith(".py") or spec.submodule_search_locations:
        return None
    path = Path(spec.origin)
    if any(part in ("site-packages", "dist-packages") for part in path.parts):
        return None
    return path


def _executor(executor, workers, plugins=(), in_flight=None):
    if executor in (None, "local"):
        return _Serial() if workers == 1 else _LocalPool(workers)
    if executor == "serial":
        return _Serial()
    return _Dask(executor, plugins=plugins, in_flight=in_flight)


# ---- the run ----------------------------------------------------------------------------------------------
def run_scan(cfg: ScanConfig, out: str | Path, executor=None, workers: int | None = None,
             progress: bool | None = None, stream=None, replace_incompatible: bool = False,
             in_flight: int | None = None) -> dict:
    """Run (or resume) scan ``cfg`` into folder ``out``; returns the final state (:func:`read_manifest`).

    Parameters
    ----------
    executor : None | "local" | "serial" | str | distributed.Client
        None/"local": process pool with ``workers`` processes (all cores by default; 1 = in-process);
        "serial": in-process; any other string: a Dask scheduler address ("tcp://host:8786");
        a ``distributed.Client``: use it.
    progress : bool or None
        Report progress (points, rate, ETA; module :mod:`leptoforce.progress`); None: when the
        ``leptoforce`` logger shows INFO messages.
    in_flight : int or None
        Dask only: keep at least this many chunks queued (default 4 per connected worker, re-read during the
        run); give an adaptive cluster's maximum size times 4 so that it sees work to grow for.
    replace_incompatible : bool
        When ``out`` holds a scan with another configuration or an older storage format, delete it and
        start afresh (the analyses use this for their own scan folders); otherwise that is an error.
    """
    if not isinstance(cfg, ScanConfig):
        raise InvalidInputError(f"cfg must be a ScanConfig, got {type(cfg).__name__}")
    out = Path(out)
    try:
        (out / CHUNKS).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInputError(f"out={str(out)!r}: cannot create the scan folder ({exc.strerror or exc})") from None
    with _Lock(out):
        manifest = _load_manifest(out)
        if manifest is not None and (manifest.get("format") != FORMAT
                                     or manifest["metadata"]["config_hash"] != cfg.hash()):
            why = (f"was written by another storage format ({manifest.get('format', 1)})"
                   if manifest.get("format") != FORMAT else
                   f"holds a scan with another configuration (hash {manifest['metadata']['config_hash']} vs "
                   f"{cfg.hash()})")
            if not replace_incompatible:
                raise InvalidInputError(f"{str(out)!r} {why}; choose a new output folder")
            log.warning("%s %s: replaced", out, why)
            _wipe(out)
            manifest = None
        _clean_temp(out)
        n_chunks = cfg.n_chunks
        if manifest is None:
            manifest = {"format": FORMAT, "config": cfg.canonical(), "config_raw": cfg.raw, "metadata": _metadata(cfg)}
            _append(out, {"event": "created", **manifest})
            _write_json_atomic(out / MANIFEST, manifest)
        done, _ = _state(_read_journal(out, repair=True))
        for i in _verify(out, done, n_chunks, cfg.hash()):
            _append(out, {"event": "dropped", "chunk": i})
        # the configuration is known to match: only now may plugin code run
        _import_plugins(cfg.plugins)
        fam = family(cfg.model.get("kind", "zprime"))
        fam.check_observables(cfg.observables)
        _check_disk(out, cfg, n_chunks - len(done), n_chunks)

        def todo():          # lazily: a scan may have 1e8 chunks
            return (i for i in range(n_chunks) if i not in done)

        first = next(todo(), None)
        if first is not None:   # fail fast on a bad configuration (missing parameter...) before any work
            a = cfg.chunk_range(first)[0]
            _evaluate(cfg, a, a + 1)
        run_id = uuid.uuid4().hex[:12]
        _append(out, {"event": "run-start", "run": run_id, "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
                      "executor": str(executor or "local"), "resumed_with": len(done)})
        canonical = cfg.canonical()

        def tasks():
            for i in todo():
                a, b = cfg.chunk_range(i)
                yield {"config": canonical, "chunk": i, "start": a, "stop": b, "out": str(out)}

        initial = sum(int(rec["n"]) for rec in done.values())
        with Progress(cfg.n_points, "scan", "points", initial=initial, enabled=progress, stream=stream) as bar, \
                JournalWriter(out) as journal:
            for rec in _executor(executor, workers, cfg.plugins, in_flight).run(evaluate_chunk, tasks()):
                journal.write({**rec, "run": run_id})
                bar.update(rec["n"])
        _append(out, {"event": "run-end", "run": run_id, "time": time.strftime("%Y-%m-%dT%H:%M:%S")})
        state = read_manifest(out)
        _write_json_atomic(out / MANIFEST, state)
    return state


def _check_disk(out: Path, cfg: ScanConfig, n_todo: int, n_chunks: int) -> None:
    """Refuse, before any work, a scan whose remaining chunks cannot fit on the output folder's disk."""
    import shutil
    need = cfg.storage_bytes() * n_todo // max(n_chunks, 1)
    free = shutil.disk_usage(out).free
    if need > free:
        raise InvalidInputError(f"the scan has {cfg.n_points:.3g} points; the {n_todo} chunks still to run need about "
                                f"{need / 1e9:.3g} GB, more than the {free / 1e9:.3g} GB free in {str(out)!r}: choose "
                                "another output folder, a coarser grid or fewer points")


def _wipe(out: Path) -> None:
    import shutil
    for name in (MANIFEST, JOURNAL):
        (out / name).unlink(missing_ok=True)
    shutil.rmtree(out / CHUNKS, ignore_errors=True)
    (out / CHUNKS).mkdir(parents=True, exist_ok=True)
