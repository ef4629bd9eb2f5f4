"""A small progress reporter: points done, rate and ETA (no dependency).

On a terminal it redraws one line; otherwise (CI logs) it prints a line at every 10% step.
"""
from __future__ import annotations

import sys
import time

__all__ = ["Progress"]


def _fmt_time(sec: float) -> str:
    if sec != sec or sec == float("inf"):
        return "?"
    sec = int(round(sec))
    h, rem = divmod(sec, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class Progress:
    """Progress of ``total`` items, ``initial`` of which were already done (a resumed scan)."""

    def __init__(self, total: int, initial: int = 0, enabled: bool | None = None, stream=None, label: str = "points"):
        self.stream = stream or sys.stderr
        self.total, self.done, self.initial = total, initial, initial
        self.label = label
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = self.tty if enabled is None else enabled
        self.t0 = time.perf_counter()
        self._last_draw = 0.0
        self._last_decile = -1

    @property
    def rate(self) -> float:
        dt = time.perf_counter() - self.t0
        return (self.done - self.initial) / dt if dt > 0 else 0.0

    def line(self) -> str:
        frac = self.done / self.total if self.total else 1.0
        width = 24
        bar = "#" * int(frac * width) + "-" * (width - int(frac * width))
        rate = self.rate
        eta = (self.total - self.done) / rate if rate > 0 else float("inf")
        return f"[{bar}] {self.done}/{self.total} {self.label} {100 * frac:5.1f}%  {rate:8.1f}/s  ETA {_fmt_time(eta)}"

    def update(self, n: int) -> None:
        self.done += n
        if not self.enabled:
            return
        now = time.perf_counter()
        if self.tty:
            if now - self._last_draw > 0.2 or self.done >= self.total:
                self.stream.write("\r" + self.line())
                self.stream.flush()
                self._last_draw = now
        else:
            decile = int(10 * self.done / max(self.total, 1))
            if decile != self._last_decile:
                self._last_decile = decile
                print(self.line(), file=self.stream, flush=True)

    def close(self) -> None:
        if self.enabled and self.tty:
            self.stream.write("\n")
            self.stream.flush()
