"""Timing helper shared by the benchmark scripts (run them from the repository root or this folder)."""
from __future__ import annotations

import time


def best_time(fn, repeat: int = 3):
    """(best wall time [s] over ``repeat`` calls of ``fn()``, the value of the last call)."""
    best, val = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        val = fn()
        best = min(best, time.perf_counter() - t)
    return best, val
