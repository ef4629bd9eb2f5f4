"""Progress of long computations: steps of ``reproduce``, scan chunks, grids of a figure.

No library code prints. Progress goes through one object that shows, on a terminal, a tqdm bar
(step name, done/total, rate, ETA) and, elsewhere (CI logs, files), an INFO record of the
``leptoforce`` logger with the same content every ``LOG_EVERY_S`` seconds (a loop shorter than that
writes nothing; a longer one also writes its last line). It is silent when the logger is above INFO
(``leptoforce -q``) or when ``enabled=False``.

    with Progress(total=1600, desc="Fig. 2 plane") as bar:
        for chunk in chunks:
            ...
            bar.update(len(chunk))

    for m in track(masses, "Borexino curve"):
        ...

:func:`step` logs the start and the duration of a named step (``reproduce`` uses it for each stage).
"""
from __future__ import annotations

import logging
import sys
import time
from contextlib import contextmanager
from typing import Iterable, Iterator

__all__ = ["Progress", "track", "step", "LOG_EVERY_S", "logger", "last_activity", "touch"]

logger = logging.getLogger("leptoforce")
_ACTIVITY = [time.perf_counter()]


def last_activity() -> float:
    """time.perf_counter() of the last progress output a person saw (a bar redraw, a logged line or a step
    message; the heartbeat of ``reproduce`` reads it). Updates that write nothing do not count."""
    return _ACTIVITY[0]


def touch() -> None:
    _ACTIVITY[0] = time.perf_counter()


#: Interval of the line-mode reporter [s].
LOG_EVERY_S = 15.0


def _fmt_time(sec: float) -> str:
    if sec != sec or sec == float("inf"):
        return "?"
    sec = int(round(sec))
    h, rem = divmod(sec, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def _showing(enabled: bool | None) -> bool:
    return logger.isEnabledFor(logging.INFO) if enabled is None else bool(enabled)


class Progress:
    """Progress of ``total`` items (``initial`` already done, e.g. a resumed scan); module doc."""

    def __init__(self, total: int, desc: str = "", unit: str = "points", initial: int = 0,
                 enabled: bool | None = None, stream=None):
        self.stream = stream or sys.stderr
        self.total, self.done, self.initial = int(total), int(initial), int(initial)
        self.desc, self.unit = desc, unit
        self.enabled = _showing(enabled) and self.total > 0
        self.t0 = time.perf_counter()
        self._last_log = self.t0
        self._bar = None
        if self.enabled and bool(getattr(self.stream, "isatty", lambda: False)()):
            try:
                from tqdm import tqdm
            except ImportError:  # pragma: no cover - tqdm is a dependency
                tqdm = None
            if tqdm is not None:
                self._bar = tqdm(total=self.total, initial=self.done, desc=desc, unit=f" {unit}", file=self.stream,
                                 dynamic_ncols=True, mininterval=0.3, leave=False)

    @property
    def rate(self) -> float:
        """Items per second since the start (the ``initial`` ones not counted)."""
        dt = time.perf_counter() - self.t0
        return (self.done - self.initial) / dt if dt > 0 else 0.0

    def line(self) -> str:
        """One human line: desc, done/total, percentage, rate and ETA."""
        frac = self.done / self.total if self.total else 1.0
        rate = self.rate
        eta = (self.total - self.done) / rate if rate > 0 else float("inf")
        head = f"{self.desc}: " if self.desc else ""
        return (f"{head}{self.done}/{self.total} {self.unit} ({100 * frac:.0f}%), {rate:.3g}/s, "
                f"ETA {_fmt_time(eta)}")

    def update(self, n: int = 1) -> None:
        self.done += int(n)
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.update(int(n))
            touch()
            return
        now = time.perf_counter()
        if now - self._last_log >= LOG_EVERY_S:
            self._last_log = now
            self._logged = True
            logger.info(self.line())
            touch()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        elif self.enabled and getattr(self, "_logged", False):
            self._logged = False
            logger.info(self.line())
            touch()

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def track(iterable: Iterable, desc: str = "", total: int | None = None, unit: str = "steps",
          enabled: bool | None = None) -> Iterator:
    """Iterate over ``iterable`` while reporting progress (module doc)."""
    items = iterable if total is not None else list(iterable)
    n = total if total is not None else len(items)
    with Progress(n, desc, unit, enabled=enabled) as bar:
        for item in items:
            yield item
            bar.update(1)


@contextmanager
def step(name: str):
    """Log the start of a named step and, at its end, how long it took (INFO level)."""
    logger.info("%s ...", name)
    touch()
    t0 = time.perf_counter()
    try:
        yield
    finally:
        logger.info("%s done in %.1f s", name, time.perf_counter() - t0)
        touch()
