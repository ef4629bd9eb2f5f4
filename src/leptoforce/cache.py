"""On-disk cache of expensive, reusable arrays, keyed by a hash of their inputs.

Used for the sterile-neutrino rate tables (:mod:`leptoforce.thermal.sterile`). The folder is
``$LEPTOFORCE_CACHE_DIR`` when set, else ``~/.cache/leptoforce``; ``LEPTOFORCE_NO_CACHE=1``
turns the cache off (every call recomputes). Entries are ``.npz`` files written atomically (a
temporary file renamed into place), so a killed run never leaves a half-written entry; an entry
that cannot be read is recomputed and replaced.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Callable

import numpy as np

__all__ = ["cache_dir", "cache_key", "cached_arrays"]


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is switched off."""
    if os.environ.get("LEPTOFORCE_NO_CACHE", "") not in ("", "0"):
        return None
    base = os.environ.get("LEPTOFORCE_CACHE_DIR")
    return Path(base) if base else Path.home() / ".cache" / "leptoforce"


def cache_key(kind: str, inputs: dict) -> str:
    """A stable hash of ``inputs`` (JSON-serialisable; floats written with repr precision)."""
    text = json.dumps({"kind": kind, "inputs": inputs}, sort_keys=True, default=repr)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def cached_arrays(kind: str, inputs: dict, compute: Callable[[], dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """``compute()`` (a dict of arrays), read from the cache when an entry for ``inputs`` exists."""
    folder = cache_dir()
    if folder is None:
        return compute()
    path = folder / kind / f"{cache_key(kind, inputs)}.npz"
    if path.exists():
        try:
            with np.load(path, allow_pickle=False) as data:
                return {k: data[k] for k in data.files}
        except (OSError, ValueError, EOFError):
            pass                                   # unreadable entry: recompute and replace it
    arrays = compute()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp.npz")
        os.close(fd)
        np.savez(tmp, **arrays)
        os.replace(tmp, path)
    except OSError:
        pass                                       # a read-only or full disk only costs the speed-up
    return arrays
