"""Registry and common machinery of the published analyses (``leptoforce reproduce NAME``).

Each analysis is a function ``run(ctx) -> list[Item]`` registered with :func:`register`. The
runner writes ``OUT/NAME/summary.json`` in one schema::

    {"analysis": NAME, "seed": FILE, "fast": bool, "resolution": "fast|default|full",
     "items": [{"key", "description", "ours", "paper", "unit", "rel_diff", "status", "note"}],
     "figures": [...], "settings": {...}, "versions": {...}, "elapsed_s": float}

with ``status`` in ``ok`` (|rel_diff| within the item's tolerance), ``differs`` (with a
``note`` saying why) or ``not-available`` (not computed yet; the note names what is missing),
plus ``report.md`` that lists every item beside the paper's statement and embeds the figures.
"""
from __future__ import annotations

import json
import logging
import math
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..errors import InvalidInputError
from ..progress import last_activity, step, touch, track
from ..settings import DEFAULT, Settings

log = logging.getLogger(__name__)

__all__ = ["Item", "TodayItem", "Context", "register", "registry", "run_analysis", "grid_scan", "classify", "agreement", "RESOLUTIONS",
           "INPUTS", "BASES", "COMPARISONS"]

RESOLUTIONS = ("fast", "default", "full")
#: ``--inputs``: the paper's own (default), or also today's (a "today" section beside the reproduction).
INPUTS = ("paper", "current")


#: Where a paper value comes from: "printed" (a number in the text, a table or an equation), "figure" (read from
#: a figure), "statement" (a qualitative claim of the text turned into a number or a bound), "derived" (computed
#: from the paper's own numbers, e.g. a slope implied by its quoted ranges).
BASES = ("printed", "figure", "statement", "derived")
#: How ours is compared with the paper's: "value" (|rel diff| <= tol), "at_least" / "at_most" (the paper states a
#: bound: ours must satisfy it, within tol).
COMPARISONS = ("value", "at_least", "at_most")


@dataclass
class Item:
    """One headline number: ours next to the paper's.

    ``tol`` is the relative tolerance within which ``status`` is ``ok``; ``basis`` (:data:`BASES`) says where the
    paper's value comes from and ``tol_source`` why the tolerance is what it is (the paper's quoted precision or
    digits, a figure-reading error, the looseness of a statement); both are required when there is a paper value.
    ``compare`` (:data:`COMPARISONS`) handles the paper's bounds. A ``note`` is required when the result differs
    or is not available.
    """

    key: str
    description: str
    ours: float | None
    paper: float | None
    unit: str = ""
    tol: float = 0.05
    note: str = ""
    basis: str = ""
    tol_source: str = ""
    compare: str = "value"

    @property
    def rel_diff(self) -> float | None:
        if self.ours is None or self.paper is None or self.paper == 0:
            return None
        return (self.ours - self.paper) / abs(self.paper)

    @property
    def status(self) -> str:
        if self.ours is None:
            return "not-available"
        rd = self.rel_diff
        if rd is None:
            return "ok"
        if self.compare == "at_least":
            return "ok" if rd >= -self.tol else "differs"
        if self.compare == "at_most":
            return "ok" if rd <= self.tol else "differs"
        return "ok" if abs(rd) <= self.tol else "differs"

    def as_dict(self) -> dict:
        if self.status != "ok" and not self.note:
            raise InvalidInputError(f"item {self.key!r} has status {self.status!r} but no note explaining it")
        if self.paper is not None and (self.basis not in BASES or not self.tol_source):
            raise InvalidInputError(f"item {self.key!r} compares with a paper value but does not say where it comes "
                                    f"from (basis in {BASES}) and why its tolerance is {self.tol:g} (tol_source)")
        if self.compare not in COMPARISONS:
            raise InvalidInputError(f"item {self.key!r}: compare={self.compare!r}; allowed: {', '.join(COMPARISONS)}")
        ours = self.ours
        if ours is not None and not math.isfinite(ours):
            raise InvalidInputError(f"item {self.key!r}: non-finite result {ours!r}")
        return {"key": self.key, "description": self.description, "ours": ours, "paper": self.paper,
                "unit": self.unit, "rel_diff": self.rel_diff, "tolerance": self.tol, "basis": self.basis,
                "tolerance_source": self.tol_source, "compare": self.compare,
                "status": self.status, "note": self.note}


def agreement(items: list) -> tuple[int, int]:
    """(items that agree with the paper within their tolerance, items that have a paper value) for a verdict."""
    compared = [it for it in items if it.paper is not None]
    return sum(it.status == "ok" for it in compared), len(compared)


def classify(items: list, table: dict) -> list:
    """Set ``basis``, ``tol_source`` (and optionally ``tol``, ``compare``) of items from a table
    ``{key: (basis, tol_source[, tol[, compare]])}``; an analysis keeps its provenance table beside its items."""
    for it in items:
        if it.key in table:
            entry = table[it.key]
            it.basis, it.tol_source = entry[0], entry[1]
            if len(entry) > 2 and entry[2] is not None:
                it.tol = entry[2]
            if len(entry) > 3:
                it.compare = entry[3]
    return items


@dataclass
class TodayItem:
    """One premise of a paper checked with today's data: its value then and now, the reference, the conclusion."""

    key: str
    premise: str
    paper_value: object
    current_value: object
    unit: str
    reference: str
    conclusion: str

    def as_dict(self) -> dict:
        def num(x):
            if isinstance(x, float) and not math.isfinite(x):
                return None
            return x
        return {"key": self.key, "premise": self.premise, "paper_value": num(self.paper_value),
                "current_value": num(self.current_value), "unit": self.unit, "reference": self.reference,
                "conclusion": self.conclusion}


@dataclass
class Context:
    """What an analysis run gets: output folder, resolution, settings, and a figure list."""

    out: Path
    resolution: str = "default"
    settings: Settings = DEFAULT
    progress: bool | None = None
    figures: list[str] = field(default_factory=list)
    extra_settings: dict = field(default_factory=dict)
    inputs: str = "paper"
    today: list = field(default_factory=list)
    today_figures: list = field(default_factory=list)
    verdict: str = ""
    today_verdict: str = ""
    scratch: dict = field(default_factory=dict)        # results shared between sections (not written out)
    executor: object = None                            # where scans run: None (local processes), a Dask Client

    @property
    def current(self) -> bool:
        """Whether the run also checks the paper with today's inputs (``--inputs current``)."""
        return self.inputs == "current"

    def step(self, name: str):
        """Context manager logging a named step of the analysis and its duration (``leptoforce.progress.step``)."""
        return step(f"{self.out.name}: {name}")

    def track(self, iterable, desc: str, total: int | None = None, unit: str = "points"):
        """Iterate with progress (done/total, rate, ETA) unless progress is switched off."""
        return track(iterable, f"{self.out.name}: {desc}", total, unit, enabled=self.progress)

    @property
    def fast(self) -> bool:
        return self.resolution == "fast"

    def pick(self, fast, default, full):
        """Choose a value by resolution."""
        return {"fast": fast, "default": default, "full": full}[self.resolution]

    def save_figure(self, fig, stem: str, today: bool = False) -> None:
        """Save a matplotlib figure as PNG and PDF under the analysis folder (``today``: a figure of the today
        section, shown beside the paper's)."""
        for ext in ("png", "pdf"):
            fig.savefig(self.out / f"{stem}.{ext}", dpi=130, bbox_inches="tight")
        (self.today_figures if today else self.figures).append(f"{stem}.png")


class _Heartbeat:
    """While an analysis runs, log a line after every HEARTBEAT_S seconds without a progress update or step
    message, so that a long step never looks like a hang (steps and loops report their own progress)."""

    def __init__(self, name: str):
        self.name = name
        self._stop = threading.Event()
        self._thread = None

    def __enter__(self):
        if log.isEnabledFor(logging.INFO):
            self._t0 = time.perf_counter()
            touch()
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        return self

    def _run(self):
        while not self._stop.wait(5.0):
            if time.perf_counter() - last_activity() >= HEARTBEAT_S:
                log.info("%s: still working (%.0f s so far)", self.name, time.perf_counter() - self._t0)
                touch()

    def __exit__(self, *exc):
        self._stop.set()


#: Longest silence of ``reproduce`` [s] before a heartbeat line.
HEARTBEAT_S = 30.0


@dataclass(frozen=True)
class _Entry:
    name: str
    seed: str
    title: str
    func: Callable[[Context], list[Item]]


_REGISTRY: dict[str, _Entry] = {}


def grid_scan(ctx: Context, raw_config: dict, folder: str) -> dict:
    """Run (or resume) a two-parameter grid scan into ``ctx.out/folder`` and return its columns as
    (n_first, n_second) arrays ordered by the grid values (first parameter along axis 0)."""
    import numpy as np

    from ..scan.config import ScanConfig
    from ..scan.engine import load_results, run_scan
    cfg = ScanConfig.from_dict(raw_config)
    if len(cfg.parameters) != 2 or cfg.sampler != "grid":
        raise InvalidInputError("grid_scan needs a grid scan over exactly two parameters")
    (p1, n1), (p2, n2) = ((p.name, p.n) for p in cfg.parameters)
    run_scan(cfg, ctx.out / folder, progress=ctx.progress, replace_incompatible=True)
    res = load_results(ctx.out / folder)
    order = np.lexsort((res[p2], res[p1]))
    out = {k: np.asarray(v)[order] for k, v in res.items()}
    return {k: v.reshape(n1, n2) if v.size == n1 * n2 else v for k, v in out.items()}


def register(name: str, seed: str, title: str):
    """Decorator registering ``func(ctx) -> list[Item]`` as analysis ``name`` of seed file ``seed``."""
    def deco(func):
        if name in _REGISTRY:
            raise InvalidInputError(f"analysis {name!r} registered twice")
        _REGISTRY[name] = _Entry(name, seed, title, func)
        return func
    return deco


def registry() -> dict[str, _Entry]:
    """All registered analyses, by name (the package imports them: :mod:`leptoforce.analyses`)."""
    return dict(_REGISTRY)


def _versions() -> dict:
    from ..data import data_versions
    from ..provenance import versions
    return {**versions(), "data": data_versions()}


def run_analysis(name: str, out: str | Path, resolution: str = "default", settings: Settings = DEFAULT,
                 progress: bool | None = None, inputs: str = "paper", executor=None) -> dict:
    """Run analysis ``name`` and write summary.json, report.md and figures under ``out/name``.

    ``executor``: where the analysis' scans run (None: local processes; a Dask scheduler address or
    ``distributed.Client``, e.g. for ``dampe-emu`` at ``--full``, the paper's 1e8 points).

    ``inputs="current"`` also checks the paper's premises with today's inputs (the ``current`` input set) and
    writes them as the ``today`` section of the summary and the report, beside the reproduction.
    """
    reg = registry()
    if name not in reg:
        raise InvalidInputError(f"analysis {name!r} is unknown; known analyses: {', '.join(sorted(reg))}")
    if resolution not in RESOLUTIONS:
        raise InvalidInputError(f"resolution={resolution!r} is unknown; allowed: {', '.join(RESOLUTIONS)}")
    if inputs not in INPUTS:
        raise InvalidInputError(f"inputs={inputs!r} is unknown; allowed: {', '.join(INPUTS)}")
    entry = reg[name]
    folder = Path(out) / name
    folder.mkdir(parents=True, exist_ok=True)
    ctx = Context(out=folder, resolution=resolution, settings=settings, progress=progress, inputs=inputs,
                  executor=executor)
    t0 = time.perf_counter()
    log.info("== %s (%s resolution, %s inputs): %s", name, resolution, inputs, entry.title)
    with _Heartbeat(name):
        items = entry.func(ctx)
    elapsed = time.perf_counter() - t0
    log.info("== %s finished in %.0f s", name, elapsed)
    from .. import inputs as _inputs
    summary = {"analysis": name, "seed": entry.seed, "title": entry.title, "fast": resolution == "fast",
               "resolution": resolution, "inputs": inputs, "verdict": ctx.verdict,
               "items": [it.as_dict() for it in items], "figures": ctx.figures,
               "settings": {**settings.as_dict(), **ctx.extra_settings}, "versions": _versions(),
               "elapsed_s": round(elapsed, 3)}
    if inputs == "current":
        cur = _inputs.input_set("current")
        summary.update(input_set={"name": "current", "version": cur.version}, today_verdict=ctx.today_verdict,
                       today=[t.as_dict() for t in ctx.today], today_figures=ctx.today_figures)
    tmp = folder / "summary.json.tmp"
    tmp.write_text(json.dumps(_strict(summary), indent=2))
    tmp.replace(folder / "summary.json")
    (folder / "report.md").write_text(_report(entry, summary))
    return summary


def _strict(obj):
    from ..jsonutil import strict_json
    return strict_json(obj)


def _fmt(x) -> str:
    if x is None:
        return "—"
    if isinstance(x, float):
        return f"{x:.4g}"
    return _cell(str(x))


def _cell(text) -> str:
    """Text for one Markdown table cell: a '|' inside (|eps|, an absolute value) would end the cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def _report(entry: _Entry, summary: dict) -> str:
    lines = [f"# {entry.name}: {entry.title}", "", f"Seed: `{entry.seed}`; resolution: {summary['resolution']}; "
             f"inputs: {summary.get('inputs', 'paper')}; run time {summary['elapsed_s']:.1f} s.", ""]
    counts = {s: sum(1 for it in summary["items"] if it["status"] == s) for s in ("ok", "differs", "not-available")}
    lines += ["## Verdict", "", summary.get("verdict") or "(no verdict written)", "",
              f"{counts['ok']} items agree within their tolerance, {counts['differs']} differ, "
              f"{counts['not-available']} are not available.", ""]
    if summary.get("today") is not None:
        lines += ["## Today", "", summary.get("today_verdict") or "", "",
                  "| premise | paper | today | unit | reference | conclusion |", "|---|---|---|---|---|---|"]
        for t in summary["today"]:
            lines.append(f"| {_cell(t['premise'])} | {_fmt(t['paper_value'])} | {_fmt(t['current_value'])} | "
                         f"{_cell(t['unit'])} | {_cell(t['reference'])} | {_cell(t['conclusion'])} |")
        lines.append("")
    lines += ["## Reproduction", "",
              "| key | description | ours | paper | unit | rel. diff | tolerance (why) | status |",
              "|---|---|---|---|---|---|---|---|"]
    for it in summary["items"]:
        rd = "—" if it["rel_diff"] is None else f"{100 * it['rel_diff']:+.1f}%"
        cmp_ = {"at_least": ">= ", "at_most": "<= "}.get(it.get("compare", "value"), "")
        tol = "—" if it["paper"] is None else (f"{_pct(it['tolerance'])} ({it.get('basis', '')}: "
                                                f"{it.get('tolerance_source', '')})")
        paper = "—" if it["paper"] is None else cmp_ + _fmt(it["paper"])
        lines.append(f"| `{it['key']}` | {_cell(it['description'])} | {_fmt(it['ours'])} | {paper} | "
                     f"{_cell(it['unit'])} | {rd} | {_cell(tol)} | {it['status']} |")
    lines += ["", "### Notes", ""]
    for it in summary["items"]:
        if it["note"]:
            lines.append(f"- `{it['key']}`: {it['note']}")
    lines.append("")
    figs, today_figs = summary["figures"], summary.get("today_figures") or []
    if today_figs:
        lines += ["## Figures: paper inputs and today", "", "| paper inputs | today |", "|---|---|"]
        paired = {f.replace("_today", ""): f for f in today_figs}
        for fig in figs:
            t = paired.pop(fig, None)
            lines.append(f"| ![{fig}]({fig}) | " + (f"![{t}]({t})" if t else "") + " |")
        for t in paired.values():
            lines.append(f"| | ![{t}]({t}) |")
        lines.append("")
    else:
        lines += ["## Figures", ""]
        for fig in figs:
            lines += [f"![{fig}]({fig})", ""]
    return "\n".join(lines)


def _pct(tol: float) -> str:
    """A tolerance as a percentage with the digits it needs (0.001 -> '0.1%', 0.2 -> '20%')."""
    return f"{100 * tol:.2g}%"


def format_summary(summary: dict) -> str:
    """A compact text table of a summary (the command line prints it), with the today section when present."""
    lines = [f"== {summary['analysis']} ({summary['resolution']}, {summary['elapsed_s']:.1f} s)"]
    for it in summary["items"]:
        rd = "" if it["rel_diff"] is None else f"{100 * it['rel_diff']:+.1f}%"
        tol = "" if it["paper"] is None else f"(tol {_pct(it['tolerance'])})"
        lines.append(f"  {it['status']:<13} {it['key']:<34} ours={_fmt(it['ours']):<11} paper={_fmt(it['paper']):<11} "
                     f"{rd} {tol}".rstrip())
    if summary.get("today") is not None:
        lines.append(f"  -- today ({summary.get('input_set', {}).get('name', 'current')} inputs)")
        for t in summary["today"]:
            lines.append(f"  today         {t['key']:<34} paper={_fmt(t['paper_value'])} now={_fmt(t['current_value'])} "
                         f"{t['unit']}")
    return "\n".join(lines)
