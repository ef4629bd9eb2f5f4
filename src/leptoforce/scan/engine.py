"""The scan engine: evaluate a :class:`ScanConfig` in chunks, crash-safe and integrity-checked, on any executor.

Storage layout of ``OUT``::

    manifest.json                      config, its hash, metadata (versions of every dependency that can
                                       change a number); rewritten only at the start and the end of a run
    journal.jsonl                      append-only: one JSON line per finished chunk (file, rows, rows ok,
                                       SHA-256 of the file) and per run start/end; fsynced line by line
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
import hashlib
import importlib
import json
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

__all__ = ["run_scan", "load_results", "evaluate_chunk", "read_manifest", "best_points", "FORMAT"]

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
JOURNAL = "journal.jsonl"
LOCK = ".lock"
CHUNKS = "chunks"
#: Storage format of a scan folder (bumped when the layout changes).
FORMAT = 2
FILES_PER_FOLDER = 1000


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


def chunk_file(i: int) -> str:
    """Path of chunk ``i`` relative to ``OUT/chunks``."""
    return f"part-{i // FILES_PER_FOLDER:05d}/chunk-{i:07d}.parquet"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


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
def _write_json_atomic(path: Path, obj: dict) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    with open(tmp, "w") as fh:
        json.dump(obj, fh, indent=1, default=str)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _read_journal(out: Path, repair: bool = False) -> list[dict]:
    """The journal's records; a damaged last line is dropped (and cut from the file when ``repair``)."""
    path = out / JOURNAL
    if not path.is_file():
        return []
    data = path.read_bytes()
    records, good_end, pos = [], 0, 0
    for line in data.split(b"\n"):
        end = pos + len(line) + 1
        if line.strip():
            try:
                rec = json.loads(line)
                if not isinstance(rec, dict) or "event" not in rec:
                    raise ValueError("not a journal record")
            except ValueError:
                where = "last line" if end >= len(data) else f"byte {pos}"
                if end < len(data) and data[end:].strip():
                    raise InvalidInputError(f"{str(path)!r} is damaged at {where} (not the last line): the scan "
                                            "folder cannot be trusted; choose a new output folder") from None
                log.warning("%s: dropped a truncated last line (%d bytes); its chunk is verified again", path,
                            len(line))
                if repair:
                    with open(path, "r+b") as fh:
                        fh.truncate(good_end)
                break
            records.append(rec)
            good_end = min(end, len(data))
        pos = end
    return records


def _append(out: Path, record: dict) -> None:
    with open(out / JOURNAL, "a") as fh:
        fh.write(json.dumps(record, default=str) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def _state(records: list[dict]) -> tuple[dict[int, dict], list[dict]]:
    """(chunk index -> its latest record, list of runs with the chunks each computed)."""
    done: dict[int, dict] = {}
    runs: list[dict] = []
    by_id: dict[str, dict] = {}
    for rec in records:
        ev = rec["event"]
        if ev == "run-start":
            run = {k: v for k, v in rec.items() if k != "event"}
            run["computed"] = []
            runs.append(run)
            by_id[rec["run"]] = run
        elif ev in ("chunk", "adopted"):
            done[int(rec["chunk"])] = rec
            run = by_id.get(rec.get("run"))
            if run is not None and ev == "chunk":
                run["computed"].append(int(rec["chunk"]))
        elif ev == "dropped":
            done.pop(int(rec["chunk"]), None)
        elif ev == "run-end":
            run = by_id.get(rec.get("run"))
            if run is not None:
                run["finished"] = rec.get("time")
    return done, runs


def _load_manifest(out: Path) -> dict | None:
    path = out / MANIFEST
    if not path.is_file():
        return None
    try:
        man = json.loads(path.read_text())
    except (ValueError, UnicodeDecodeError) as exc:
        head = next((r for r in _read_journal(out) if r["event"] == "created"), None)
        if head is None:
            raise InvalidInputError(f"{str(path)!r} is damaged ({exc}) and the journal holds no copy of the "
                                    "configuration: choose a new output folder") from None
        log.warning("%s is damaged (%s): rebuilt from the journal", path, exc)
        man = {k: head[k] for k in ("format", "config", "config_raw", "metadata")}
        _write_json_atomic(path, man)
    if not isinstance(man, dict) or "metadata" not in man:
        raise InvalidInputError(f"{str(path)!r} is not a leptoforce scan manifest")
    return man


def read_manifest(out: str | Path) -> dict | None:
    """The state of a scan folder: config, metadata, ``chunks`` (index -> file, n, n_ok, sha256), ``runs``,
    ``complete``; None if the folder holds no scan. Cheap: it reads the manifest and the journal only."""
    out = Path(out)
    man = _load_manifest(out)
    if man is None:
        return None
    done, runs = _state(_read_journal(out))
    man = dict(man)
    man["chunks"] = {str(i): {k: rec[k] for k in ("file", "n", "n_ok", "sha256")} for i, rec in sorted(done.items())}
    man["runs"] = runs
    man["complete"] = len(done) == int(man["metadata"].get("n_chunks", -1))
    return man


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
            "n_chunks": len(cfg.chunks()), "created": time.strftime("%Y-%m-%dT%H:%M:%S")}


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
    def __init__(self, target, connect_timeout: float = 20.0):
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

    def run(self, fn, tasks):
        tasks = iter(tasks)
        try:
            n_workers = max(1, len(self.client.scheduler_info().get("workers", {})))
            futures = self._as_completed()
            for _, task in zip(range(4 * n_workers), tasks):
                futures.add(self.client.submit(fn, task, pure=False))
            for fut in futures:
                try:
                    yield fut.result()
                except LeptoforceError:
                    raise
                except Exception as exc:  # noqa: BLE001 - a worker lost, a task killed
                    raise ComputationError(f"a Dask task failed ({type(exc).__name__}: {exc}); the finished chunks "
                                           "are kept: run the scan again to redo the rest") from None
                nxt = next(tasks, None)
                if nxt is not None:
                    futures.add(self.client.submit(fn, nxt, pure=False))
        finally:
            if self._own:
                self.client.close()


def _executor(executor, workers):
    if executor in (None, "local"):
        return _Serial() if workers == 1 else _LocalPool(workers)
    if executor == "serial":
        return _Serial()
    return _Dask(executor)


# ---- the run ----------------------------------------------------------------------------------------------
def run_scan(cfg: ScanConfig, out: str | Path, executor=None, workers: int | None = None,
             progress: bool | None = None, stream=None, replace_incompatible: bool = False) -> dict:
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
        ranges = cfg.chunks()
        if manifest is None:
            manifest = {"format": FORMAT, "config": cfg.canonical(), "config_raw": cfg.raw, "metadata": _metadata(cfg)}
            _append(out, {"event": "created", **manifest})
            _write_json_atomic(out / MANIFEST, manifest)
        done, _ = _state(_read_journal(out, repair=True))
        for i in _verify(out, done, len(ranges), cfg.hash()):
            _append(out, {"event": "dropped", "chunk": i})
        # the configuration is known to match: only now may plugin code run
        _import_plugins(cfg.plugins)
        fam = family(cfg.model.get("kind", "zprime"))
        fam.check_observables(cfg.observables)
        todo = [i for i in range(len(ranges)) if i not in done]
        if todo:   # fail fast on a bad configuration (missing parameter...) before any work
            a = ranges[todo[0]][0]
            _evaluate(cfg, a, a + 1)
        run_id = uuid.uuid4().hex[:12]
        _append(out, {"event": "run-start", "run": run_id, "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
                      "executor": str(executor or "local"), "resumed_with": len(done)})
        canonical = cfg.canonical()

        def tasks():
            for i in todo:
                a, b = ranges[i]
                yield {"config": canonical, "chunk": i, "start": a, "stop": b, "out": str(out)}

        initial = sum(ranges[i][1] - ranges[i][0] for i in done)
        with Progress(cfg.n_points, "scan", "points", initial=initial, enabled=progress, stream=stream) as bar:
            for rec in _executor(executor, workers).run(evaluate_chunk, tasks()):
                _append(out, {**rec, "run": run_id})
                bar.update(rec["n"])
        _append(out, {"event": "run-end", "run": run_id, "time": time.strftime("%Y-%m-%dT%H:%M:%S")})
        state = read_manifest(out)
        _write_json_atomic(out / MANIFEST, state)
    return state


def _wipe(out: Path) -> None:
    import shutil
    for name in (MANIFEST, JOURNAL):
        (out / name).unlink(missing_ok=True)
    shutil.rmtree(out / CHUNKS, ignore_errors=True)
    (out / CHUNKS).mkdir(parents=True, exist_ok=True)


def load_results(out: str | Path, columns=None, verify: bool = True) -> dict[str, np.ndarray]:
    """The stored points of a scan folder as columns (sorted by point index).

    ``columns``: names to read (default all). ``verify``: check each chunk's SHA-256 against the journal
    (a damaged chunk raises InvalidInputError naming it; re-running the scan redoes it).
    """
    _pyarrow()
    import pyarrow.parquet as pq
    out = Path(out)
    man = _load_manifest(out)
    if man is None:
        raise InvalidInputError(f"{str(out)!r} is not a scan folder (no {MANIFEST})")
    if man.get("format") != FORMAT:
        raise InvalidInputError(f"{str(out)!r} was written by another storage format; run the scan again")
    done, _ = _state(_read_journal(out))
    chunk_dir = out / CHUNKS
    tables = []
    for i, rec in sorted(done.items()):
        path = chunk_dir / rec["file"]
        if not path.is_file():
            raise InvalidInputError(f"chunk {i} of {str(out)!r} is missing ({rec['file']}): run the scan again to redo it")
        if verify and _sha256(path) != rec["sha256"]:
            raise InvalidInputError(f"chunk {i} of {str(out)!r} is damaged (its SHA-256 differs from the journal): run "
                                    "the scan again to redo it")
        try:
            tables.append(pq.read_table(path, columns=None if columns is None else list({"index", *columns}),
                                        page_checksum_verification=True))
        except (OSError, ValueError) as exc:
            raise InvalidInputError(f"chunk {i} of {str(out)!r} cannot be read ({exc}): run the scan again") from None
    if not tables:
        return {}
    names = tables[0].column_names if columns is None else ["index", *[c for c in columns if c != "index"]]
    for c in names:
        if c not in tables[0].column_names:
            from ..validate import suggest
            raise InvalidInputError(f"column {c!r} is not stored{suggest(c, tables[0].column_names)}; columns: "
                                    f"{', '.join(tables[0].column_names)}")
    cols = {name: np.concatenate([t.column(name).to_numpy(zero_copy_only=False) for t in tables]) for name in names}
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
