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


def print_table(rows) -> None:
    """Print (what, seconds, note) rows as a Markdown table (ms below one second)."""
    w = max(70, max(len(r[0]) for r in rows))
    print(f"| {'what':<{w}} | {'time':>10} | note |")
    print(f"|{'-' * (w + 2)}|{'-' * 12}|------|")
    for what, sec, note in rows:
        shown = f"{sec * 1e3:.3f} ms" if sec < 1 else f"{sec:.2f} s"
        print(f"| {what:<{w}} | {shown:>10} | {note} |")
