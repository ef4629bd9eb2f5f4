"""On-disk cache of expensive, reusable arrays, keyed by a hash of their inputs and checked on every read.

Used for the sterile-neutrino rate tables (:mod:`leptoforce.thermal.sterile`) and the DAMPE signal
templates (:mod:`leptoforce.experiments.dampe`). The folder is ``$LEPTOFORCE_CACHE_DIR`` when set, else
``~/.cache/leptoforce``; ``LEPTOFORCE_NO_CACHE=1`` turns the cache off (every call recomputes).

Each entry ``KIND/KEY.npz`` holds the arrays and a record of what they are: the format version, the
kind, the key, the inputs it was computed from and the SHA-256 of every array. An entry is used only
if all of these match; one that cannot be read, was written by another format, belongs to other
inputs (a file copied over another) or whose arrays do not match their checksums is rebuilt and
replaced, with a warning on the ``leptoforce`` logger. Entries are written atomically (a temporary
file renamed into place), so a killed run never leaves a half-written entry.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import tempfile
from pathlib import Path
from typing import Callable

import numpy as np

from .errors import InvalidInputError

__all__ = ["cache_dir", "cache_key", "cached_arrays", "configure_numba_cache", "CACHE_FORMAT"]

log = logging.getLogger(__name__)
#: Bumped when the layout of an entry changes (older entries are rebuilt).
CACHE_FORMAT = 2
_META = "__leptoforce_cache__"


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is switched off."""
    if os.environ.get("LEPTOFORCE_NO_CACHE", "") not in ("", "0"):
        return None
    base = os.environ.get("LEPTOFORCE_CACHE_DIR")
    return Path(base) if base else Path.home() / ".cache" / "leptoforce"


def configure_numba_cache() -> str | None:
    """Point numba's cache of compiled kernels at ``NUMBA_CACHE_DIR`` when the user set it, else at the ``numba``
    folder of :func:`cache_dir`; returns the folder (None: caching off, numba's own default kept).

    Without it numba writes beside the installed sources, which fails on a read-only install (every process
    compiles again); in a user folder a machine compiles each kernel once. ``import leptoforce`` calls it before
    any module that imports numba."""
    if os.environ.get("NUMBA_CACHE_DIR"):
        return os.environ["NUMBA_CACHE_DIR"]
    base = cache_dir()
    if base is None:
        return None
    path = str(base / "numba")
    os.environ["NUMBA_CACHE_DIR"] = path
    if "numba" in sys.modules:            # numba imported before leptoforce: tell its config directly
        sys.modules["numba"].config.CACHE_DIR = path
    return path


def _inputs_text(kind: str, inputs: dict) -> str:
    return json.dumps({"kind": kind, "inputs": inputs}, sort_keys=True, default=repr)


def cache_key(kind: str, inputs: dict) -> str:
    """A stable hash of ``inputs`` (JSON-serialisable; floats written with repr precision)."""
    if not isinstance(kind, str) or not kind or not isinstance(inputs, dict):
        raise InvalidInputError(f"cache_key needs a kind name and an inputs dict, got kind={kind!r}, inputs={inputs!r}")
    return hashlib.sha256(_inputs_text(kind, inputs).encode()).hexdigest()[:32]


def _digest(a: np.ndarray) -> str:
    a = np.ascontiguousarray(a)
    return hashlib.sha256(str(a.dtype).encode() + str(a.shape).encode() + a.tobytes()).hexdigest()


def _read(path: Path, kind: str, key: str, text: str) -> dict[str, np.ndarray] | None:
    """The arrays of a valid entry, or None (with the reason logged) when it must be rebuilt."""
    try:
        with np.load(path, allow_pickle=False) as data:
            if _META not in data.files:
                raise ValueError("no provenance record (an entry of an older format)")
            meta = json.loads(bytes(data[_META]).decode())
            if meta.get("format") != CACHE_FORMAT:
                raise ValueError(f"format {meta.get('format')} instead of {CACHE_FORMAT}")
            if meta.get("kind") != kind or meta.get("key") != key or meta.get("inputs") != text:
                raise ValueError("it was computed from other inputs")
            arrays = {k: data[k] for k in data.files if k != _META}
        if set(arrays) != set(meta["sha256"]):
            raise ValueError("its arrays differ from its record")
        for k, a in arrays.items():
            if _digest(a) != meta["sha256"][k]:
                raise ValueError(f"array {k!r} does not match its checksum")
        return arrays
    except Exception as exc:  # noqa: BLE001 - any damage (BadZipFile, zlib, JSON, KeyError...) means rebuild
        log.warning("cache entry %s is unusable (%s: %s): rebuilding it", path, type(exc).__name__, exc)
        return None


def cached_arrays(kind: str, inputs: dict, compute: Callable[[], dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """``compute()`` (a dict of arrays), read from the cache when a valid entry for ``inputs`` exists."""
    key = cache_key(kind, inputs)
    if not callable(compute):
        raise InvalidInputError(f"compute must be a function returning a dict of arrays, got {compute!r}")
    folder = cache_dir()
    if folder is None:
        return compute()
    text = _inputs_text(kind, inputs)
    path = folder / kind / f"{key}.npz"
    if path.exists():
        arrays = _read(path, kind, key, text)
        if arrays is not None:
            return arrays
    arrays = compute()
    if not isinstance(arrays, dict) or not all(isinstance(v, np.ndarray) for v in arrays.values()):
        raise InvalidInputError("compute() must return a dict of numpy arrays")
    meta = {"format": CACHE_FORMAT, "kind": kind, "key": key, "inputs": text,
            "sha256": {k: _digest(v) for k, v in arrays.items()}}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp.npz")
        os.close(fd)
        np.savez(tmp, **arrays, **{_META: np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)})
        os.replace(tmp, path)
    except OSError as exc:
        log.info("cache entry %s not written (%s): only the speed-up is lost", path, exc)
    return arrays
