"""numba's ``njit``, or a no-op stand-in when numba is missing (the kernels then run as plain Python).

numba is a core dependency; the fallback keeps the package importable where numba has no wheel yet
(a new Python), at the cost of speed, announced once by :func:`warn_if_slow`.
"""
from __future__ import annotations

import warnings

try:  # pragma: no cover - depends on the install
    from numba import njit
    HAVE_NUMBA = True
except ImportError:  # pragma: no cover
    HAVE_NUMBA = False

    def njit(*args, **kwargs):
        if args and callable(args[0]):
            return args[0]
        return lambda f: f

__all__ = ["njit", "HAVE_NUMBA", "warn_if_slow"]

_WARNED: set[str] = set()


def warn_if_slow(what: str = "the compiled kernels") -> None:
    """Warn once per process and component when the kernels run as plain Python (100-1000x slower)."""
    if not HAVE_NUMBA and what not in _WARNED:  # pragma: no cover
        _WARNED.add(what)
        warnings.warn(f"numba is not installed, so {what} runs as plain Python, 100-1000 times "
                      "slower (pip install numba)", RuntimeWarning, stacklevel=3)
