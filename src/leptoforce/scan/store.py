"""The storage of a scan folder: layout, manifest, append-only journal, checksums (module doc of
:mod:`leptoforce.scan.engine`). Shared by the engine, which writes it, and the readers of
:mod:`leptoforce.scan.results`, which only read it."""
from __future__ import annotations

import hashlib
import json
import logging
import os
import uuid
from pathlib import Path

from ..errors import InvalidInputError

log = logging.getLogger("leptoforce.scan.engine")

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


def chunk_file(i: int) -> str:
    """Path of chunk ``i`` relative to ``OUT/chunks``."""
    return f"part-{i // FILES_PER_FOLDER:05d}/chunk-{i:07d}.parquet"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


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


class JournalWriter:
    """The journal held open for a run: every line is written and flushed at once (a killed process loses
    none), and fsynced at most every ``sync_s`` seconds and on close (group commit). A line lost to a
    machine crash before its fsync costs nothing: its chunk file was fsynced before the line was written,
    and an unjournaled complete chunk is verified and adopted on resume."""

    def __init__(self, out: Path, sync_s: float = 1.0):
        import time
        self._time = time.monotonic
        self.fh = open(out / JOURNAL, "a")
        self.sync_s = sync_s
        self.last = self._time()

    def write(self, record: dict) -> None:
        self.fh.write(json.dumps(record, default=str) + "\n")
        self.fh.flush()
        if self._time() - self.last >= self.sync_s:
            os.fsync(self.fh.fileno())
            self.last = self._time()

    def close(self) -> None:
        if not self.fh.closed:
            self.fh.flush()
            os.fsync(self.fh.fileno())
            self.fh.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


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


def write_samples(out: Path, cols: dict) -> None:
    """Write a sampler's weighted samples as ``OUT/samples.parquet`` (temporary name, then renamed)."""
    import numpy as np
    pa = _pyarrow()
    tmp = out / "samples.parquet.tmp"
    pa.parquet.write_table(pa.table({k: pa.array(np.asarray(v, float)) for k, v in cols.items()}), tmp)
    tmp.replace(out / "samples.parquet")


def read_samples(out: str | Path, sampler: str) -> dict:
    """The columns of ``OUT/samples.parquet`` written by ``sampler`` (its name is in the error)."""
    pa = _pyarrow()
    path = Path(out) / "samples.parquet"
    if not path.is_file():
        raise InvalidInputError(f"{str(path)!r} does not exist: run the {sampler} sampling first")
    table = pa.parquet.read_table(path)
    return {name: table.column(name).to_numpy() for name in table.column_names}
