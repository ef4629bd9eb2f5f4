"""Provenance recorded in every output: the versions of leptoforce and of every dependency that can change
a number (or how it is stored and drawn), read from the installed distributions without importing them."""
from __future__ import annotations

import platform
from functools import lru_cache
from importlib import metadata

__all__ = ["versions", "DEPENDENCIES"]

#: Distributions whose version is recorded (numerics, storage, sampling, plotting).
DEPENDENCIES = ("numpy", "scipy", "numba", "llvmlite", "pyarrow", "matplotlib", "dask", "distributed", "ultranest",
                "h5py", "tqdm")


@lru_cache(maxsize=1)
def versions() -> dict[str, str]:
    """{'leptoforce': ..., 'python': ..., dependency: version or 'not installed'} (cached per process)."""
    from . import __version__
    out = {"leptoforce": __version__, "python": platform.python_version()}
    for dist in DEPENDENCIES:
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "not installed"
    return out
