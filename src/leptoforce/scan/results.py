"""Reading a scan folder without loading it: verified chunk files, column/row selection, streaming reductions.

A scan of 10^8 points is 10^5 chunk files; nothing here holds more than one chunk (plus the reduction's
own bounded state) in memory, except :func:`load_results`, which concatenates what it is asked for and
refuses a request that would not fit in memory.

- :func:`chunk_paths` -- the journaled chunk files in point-index order, each checked against its SHA-256;
- :func:`iter_results` -- one chunk at a time, only the ``columns`` asked for, rows selected by ``filter``
  (pyarrow's filter syntax: a list of ``(column, op, value)`` tuples -- AND -- or a list of such lists -- OR --
  or a ``pyarrow.compute`` expression);
- :func:`load_results` -- the same, concatenated (sorted by point index);
- :func:`best_points` -- the ``n`` best rows by a column, from a folder (streaming) or from loaded columns;
- :func:`profile_2d` -- the minimum of a column in each cell of a 2-D grid of two columns (the profile
  likelihood of a chi^2-like column), streaming, with the best row of each cell;
- :func:`column_stats` and :func:`summarize` -- counts, per-column ranges, failure kinds, best points and
  an optional profile, as a JSON-able dict (``leptoforce scan summarize DIR``).
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Iterator

import numpy as np

from ..errors import InvalidInputError
from ..validate import integer
from . import store

__all__ = ["chunk_paths", "iter_results", "load_results", "best_points", "profile_2d", "column_stats",
           "summarize", "Profile2D"]


def chunk_paths(out: str | Path, verify: bool = True) -> list[tuple[int, Path, int]]:
    """(chunk index, file, rows) of every journaled chunk in index order; with ``verify`` each file's SHA-256
    is checked against the journal (a damaged or missing chunk raises InvalidInputError naming it)."""
    store._pyarrow()
    out = Path(out)
    man = store._load_manifest(out)
    if man is None:
        raise InvalidInputError(f"{str(out)!r} is not a scan folder (no {store.MANIFEST})")
    if man.get("format") != store.FORMAT:
        raise InvalidInputError(f"{str(out)!r} was written by another storage format; run the scan again")
    done, _ = store._state(store._read_journal(out))
    chunk_dir = out / store.CHUNKS
    paths = []
    for i, rec in sorted(done.items()):
        path = chunk_dir / rec["file"]
        if not path.is_file():
            raise InvalidInputError(f"chunk {i} of {str(out)!r} is missing ({rec['file']}): run the scan again to "
                                    "redo it")
        if verify and store._sha256(path) != rec["sha256"]:
            raise InvalidInputError(f"chunk {i} of {str(out)!r} is damaged (its SHA-256 differs from the journal): run "
                                    "the scan again to redo it")
        paths.append((i, path, int(rec["n"])))
    return paths


def _stored_columns(path: Path) -> list[str]:
    import pyarrow.parquet as pq
    return pq.read_schema(path).names


def _check_columns(columns, stored: list[str]) -> list[str] | None:
    if columns is None:
        return None
    if isinstance(columns, str):
        raise InvalidInputError(f"columns={columns!r} must be a list of column names, not a string")
    from ..validate import suggest
    for c in columns:
        if c not in stored:
            raise InvalidInputError(f"column {c!r} is not stored{suggest(str(c), stored)}; columns: {', '.join(stored)}")
    return ["index", *[c for c in columns if c != "index"]]


def _check_filter(filter, stored: list[str]):
    """The filter as a pyarrow expression, checked before any chunk is read (one line naming what is wrong)."""
    if filter is None:
        return None
    import pyarrow.compute as pc
    import pyarrow.parquet as pq
    if isinstance(filter, pc.Expression):
        return filter
    try:
        expr = pq.filters_to_expression(filter)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises ValueError/TypeError/its own classes
        raise InvalidInputError(f"filter={filter!r} is not a row filter ({exc}); write e.g. "
                                "[('total', '<', 30.0)]") from None
    flat = not filter or isinstance(filter[0][0], str)          # [(col, op, v), ...] or [[(col, op, v), ...], ...]
    for group in ([filter] if flat else filter):
        for term in group:
            if term[0] not in stored:
                from ..validate import suggest
                raise InvalidInputError(f"filter: column {term[0]!r} is not stored{suggest(str(term[0]), stored)}; "
                                        f"columns: {', '.join(stored)}")
    return expr


def _read(path: Path, i: int, out: Path, columns, filter):
    import pyarrow.parquet as pq
    try:
        return pq.read_table(path, columns=columns, filters=filter, page_checksum_verification=True)
    except (OSError, ValueError) as exc:
        raise InvalidInputError(f"chunk {i} of {str(out)!r} cannot be read ({exc}): run the scan again") from None
    except Exception as exc:  # noqa: BLE001 - pyarrow raises its own classes for a malformed filter
        raise InvalidInputError(f"filter={filter!r} cannot be applied to chunk {i} of {str(out)!r} "
                                f"({type(exc).__name__}: {exc})") from None


def _to_numpy(table) -> dict[str, np.ndarray]:
    return {name: table.column(name).to_numpy(zero_copy_only=False) for name in table.column_names}


def iter_results(out: str | Path, columns=None, filter=None, verify: bool = True) -> Iterator[dict[str, np.ndarray]]:
    """Yield the stored rows chunk by chunk (point-index order) as dicts of numpy columns.

    ``columns``: names to read (``index`` always comes along; default all). ``filter``: rows to keep, in
    pyarrow's syntax (module doc), e.g. ``[("total", "<", 30.0)]``. Memory: one chunk at a time.
    """
    out = Path(out)
    paths = chunk_paths(out, verify)
    if not paths:
        return
    stored = _stored_columns(paths[0][1])
    cols = _check_columns(columns, stored)
    filter = _check_filter(filter, stored)
    for i, path, _ in paths:
        yield _to_numpy(_read(path, i, out, cols, filter))


def load_results(out: str | Path, columns=None, filter=None, verify: bool = True,
                 max_bytes: int | None = None) -> dict[str, np.ndarray]:
    """The stored points of a scan folder as columns, sorted by point index (see :func:`iter_results`).

    Refuses (before reading) a request whose columns would take more than ``max_bytes`` (default: half of
    this machine's available memory) -- ask for fewer ``columns``, a ``filter``, or use the streaming
    readers (:func:`iter_results`, :func:`profile_2d`, :func:`best_points` on the folder).
    """
    out = Path(out)
    paths = chunk_paths(out, verify)
    if not paths:
        return {}
    stored = _stored_columns(paths[0][1])
    cols = _check_columns(columns, stored)
    filter = _check_filter(filter, stored)
    if filter is None:
        rows = sum(n for _, _, n in paths)
        need = rows * len(cols or stored) * 8
        if max_bytes is None:
            from .config import _available_memory
            max_bytes = _available_memory() // 2
        if need > max_bytes:
            raise InvalidInputError(f"load_results: {rows:,} rows of {len(cols or stored)} columns need "
                                    f"{need / 1e9:.3g} GB, more than max_bytes={max_bytes / 1e9:.3g} GB; read fewer "
                                    "columns, pass a filter, or stream (iter_results, profile_2d, best_points)")
    import pyarrow as pa
    tables = [_read(path, i, out, cols, filter) for i, path, _ in paths]
    table = pa.concat_tables(tables)
    return _to_numpy(table)        # chunks cover increasing index ranges: already in index order


def _row(cols: dict, i: int) -> dict:
    return {k: (v[i].item() if hasattr(v[i], "item") else v[i]) for k, v in cols.items()}


class _Best:
    """The ``n`` best rows by ``sort_by`` seen so far (NaN last; ties keep point-index order)."""

    def __init__(self, sort_by: str, descending: bool, n: int):
        self.sort_by, self.descending, self.n = sort_by, descending, n
        self.best: dict[str, np.ndarray] | None = None

    def update(self, cols: dict) -> None:
        if self.sort_by not in cols:
            from ..validate import suggest
            raise InvalidInputError(f"sort_by={self.sort_by!r} is not a stored column{suggest(self.sort_by, cols)}; "
                                    f"columns: {', '.join(cols)}")
        if self.best is not None:
            cols = {k: np.concatenate([self.best[k], cols[k]]) for k in self.best}
        vals = cols[self.sort_by].astype(float)
        key = np.where(np.isnan(vals), -np.inf if self.descending else np.inf, vals)
        order = np.argsort(-key if self.descending else key, kind="stable")[:self.n]
        self.best = {k: v[order] for k, v in cols.items()}

    def result(self) -> list[dict]:
        if self.best is None:
            return []
        return [_row(self.best, i) for i in range(len(self.best[self.sort_by]))]


class _Stats:
    """Per numeric column: rows, finite rows, min, max and the smallest positive value."""

    def __init__(self, skip_index: bool = False):
        self.skip_index = skip_index
        self.stats: dict[str, dict] = {}

    def update(self, cols: dict) -> None:
        for k, v in cols.items():
            if (k == "index" and self.skip_index) or v.dtype == object:
                continue
            v = np.asarray(v, float)
            s = self.stats.setdefault(k, {"rows": 0, "finite": 0, "min": math.inf, "max": -math.inf,
                                          "min_positive": math.inf})
            fin = v[np.isfinite(v)]
            s["rows"] += v.size
            s["finite"] += fin.size
            if fin.size:
                s["min"] = min(s["min"], float(fin.min()))
                s["max"] = max(s["max"], float(fin.max()))
                pos = fin[fin > 0]
                if pos.size:
                    s["min_positive"] = min(s["min_positive"], float(pos.min()))

    def result(self) -> dict:
        return {k: {key: (val if key in ("rows", "finite") or math.isfinite(val) else None) for key, val in s.items()}
                for k, s in self.stats.items()}


class _Failures:
    """Rows whose status is not 'ok', counted by the error class that marked them."""

    def __init__(self):
        self.counts: dict[str, int] = {}

    def update(self, cols: dict) -> None:
        st = cols["status"]
        bad = st[st != "ok"]
        if bad.size:
            kinds, counts = np.unique([s.split(":", 1)[0] for s in bad], return_counts=True)
            for k, c in zip(kinds, counts):
                self.counts[str(k)] = self.counts.get(str(k), 0) + int(c)

    def result(self) -> dict:
        return dict(self.counts)


class _Grid:
    """The minimum of ``column`` per (x, y) cell, the rows per cell and the row of the overall minimum."""

    def __init__(self, x: str, y: str, column: str, xe: np.ndarray, ye: np.ndarray):
        self.x, self.y, self.column, self.xe, self.ye = x, y, column, xe, ye
        self.nx, self.ny = len(xe) - 1, len(ye) - 1
        self.grid = np.full(self.nx * self.ny, np.inf)
        self.count = np.zeros(self.nx * self.ny, dtype=np.int64)
        self.best_val, self.best_row, self.n_rows = np.inf, None, 0

    def update(self, cols: dict) -> None:
        for c in (self.x, self.y, self.column):
            if c not in cols:
                raise InvalidInputError(f"column {c!r} is not stored; columns: {', '.join(cols)}")
        self.n_rows += len(cols["index"])
        xv, yv, v = (np.asarray(cols[c], float) for c in (self.x, self.y, self.column))
        ok = np.isfinite(xv) & np.isfinite(yv) & np.isfinite(v)
        ix = np.searchsorted(self.xe, xv[ok], side="right") - 1
        iy = np.searchsorted(self.ye, yv[ok], side="right") - 1
        inside = (ix >= 0) & (ix < self.nx) & (iy >= 0) & (iy < self.ny)
        flat = ix[inside] * self.ny + iy[inside]
        vals = v[ok][inside]
        np.minimum.at(self.grid, flat, vals)
        np.add.at(self.count, flat, 1)
        if vals.size and vals.min() < self.best_val:
            j = int(np.flatnonzero(ok)[np.flatnonzero(inside)[int(np.argmin(vals))]])
            self.best_val, self.best_row = float(v[j]), _row(cols, j)

    def result(self) -> "Profile2D":
        return Profile2D(x=self.x, y=self.y, column=self.column, x_edges=self.xe, y_edges=self.ye,
                         min=self.grid.reshape(self.nx, self.ny), count=self.count.reshape(self.nx, self.ny),
                         best=self.best_row, n_rows=self.n_rows)


def _reduce(out, reducers, columns=None, filter=None, verify: bool = True) -> None:
    """Feed every chunk of ``out`` to each reducer in one pass (each file verified and read once)."""
    for cols in iter_results(out, columns=columns, filter=filter, verify=verify):
        for r in reducers:
            r.update(cols)


def best_points(source, sort_by: str, descending: bool = True, n: int = 5, columns=None) -> list[dict]:
    """The ``n`` best rows by column ``sort_by`` (NaN last; ties keep point-index order).

    ``source``: a scan folder (read chunk by chunk; memory O(n + one chunk)) or a dict of loaded columns.
    """
    best = _Best(sort_by, descending, integer("n", n, minimum=1))
    if isinstance(source, dict):
        best.update(source)
    else:
        _reduce(source, [best], columns=None if columns is None else list({sort_by, *columns}))
    return best.result()


class Profile2D(dict):
    """Result of :func:`profile_2d`: ``x_edges``, ``y_edges``, ``min`` (shape (nx, ny); +inf in an empty
    cell), ``count`` (rows per cell), ``best`` (the whole row of the overall minimum), ``n_rows``."""


def _edges(values_range, bins: int, log: bool, name: str) -> np.ndarray:
    lo, hi = values_range
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise InvalidInputError(f"{name}: need a finite range lo < hi, got {values_range!r}")
    if log:
        if lo <= 0:
            raise InvalidInputError(f"{name}: a log axis needs lo > 0, got {lo!r}")
        return np.geomspace(lo, hi, bins + 1)
    return np.linspace(lo, hi, bins + 1)


def _grid_for(out: Path, x: str, y: str, column: str, bins, ranges, log, filter, verify, man=None) -> _Grid:
    """The profile reducer of :func:`profile_2d`: cells from ``bins``, ``ranges`` (default: module doc) and ``log``."""
    nx, ny = (int(bins), int(bins)) if np.isscalar(bins) else (int(bins[0]), int(bins[1]))
    if nx < 1 or ny < 1:
        raise InvalidInputError(f"bins={bins!r} must be >= 1 per axis")
    logx, logy = (bool(log), bool(log)) if np.isscalar(log) else (bool(log[0]), bool(log[1]))
    if ranges is None:
        ranges = _ranges(out, (x, y), (logx, logy), filter, verify, man)
    return _Grid(x, y, column, _edges(ranges[0], nx, logx, f"ranges for x={x!r}"),
                 _edges(ranges[1], ny, logy, f"ranges for y={y!r}"))


def profile_2d(out: str | Path, x: str, y: str, column: str, bins=(45, 45), ranges=None, log=(True, True),
               filter=None, verify: bool = True) -> Profile2D:
    """Minimum of ``column`` over the rows in each (x, y) cell, computed chunk by chunk.

    For a chi^2-like column this is the profile likelihood in the plane of two parameters or observables
    (seed 000 Figs. 2 and 3; the same reduction as :func:`leptoforce.inference.terms.profile_2d`, which
    takes loaded arrays and is what the streaming version is tested against). ``bins``: cells per axis;
    ``ranges``: ((x_lo, x_hi), (y_lo, y_hi)), default the config's parameter ranges where x/y are
    parameters, else a first streaming pass over the finite values; ``log``: logarithmic bins per axis.
    Memory: O(cells + one chunk).
    """
    out = Path(out)
    grid = _grid_for(out, x, y, column, bins, ranges, log, filter, verify)
    _reduce(out, [grid], filter=filter, verify=verify)
    return grid.result()


def _ranges(out: Path, names, logs, filter, verify, man: dict | None = None) -> tuple:
    man = man or store.read_manifest(out)
    params = {p[0]: (p[1], p[2]) for p in man["config"]["parameters"]}
    found = {n: params[n] for n in names if n in params}
    missing = [n for n in names if n not in found]
    if missing:
        stats = column_stats(out, missing, filter=filter, verify=verify)
        for n in missing:
            lo, hi = stats[n]["min_positive" if dict(zip(names, logs))[n] else "min"], stats[n]["max"]
            if lo is None or hi is None or not lo < hi:
                raise InvalidInputError(f"column {n!r} has no finite spread to bin (min {lo}, max {hi}); give ranges")
            found[n] = (lo, hi * (1 + 1e-12))
    return tuple(found[n] for n in names)


def column_stats(out: str | Path, columns=None, filter=None, verify: bool = True) -> dict:
    """Per numeric column: rows, finite rows, min, max (and the smallest positive value), streaming."""
    stats = _Stats(skip_index=columns is not None and "index" not in columns)
    _reduce(out, [stats], columns=columns, filter=filter, verify=verify)
    return stats.result()


def summarize(out: str | Path, sort_by: str | None = None, descending: bool | None = None, n_best: int | None = None,
              profile: tuple[str, str] | None = None, column: str | None = None, bins=(45, 45), log=(True, True),
              verify: bool = True) -> dict:
    """A bounded-memory summary of a scan folder (what ``leptoforce scan summarize DIR`` prints), read in one
    pass (plus one for the profile's ranges when an axis is not a parameter).

    Returns {folder, config_hash, complete, chunks, points, ok, failures (kind -> count), columns (per-column
    stats), best (the ``n_best`` rows by ``sort_by``; default the config's ``report``), profile (with
    ``profile=(x, y)``: :func:`profile_2d` of ``column``, default ``sort_by``)}.
    """
    out = Path(out)
    man = store.read_manifest(out)
    if man is None:
        raise InvalidInputError(f"{str(out)!r} is not a scan folder (no {store.MANIFEST})")
    report = (man.get("config_raw") or {}).get("report") or {}
    sort_by = sort_by or report.get("sort_by")
    descending = report.get("descending", True) if descending is None else descending
    failures, stats = _Failures(), _Stats()
    reducers = [failures, stats]
    best = grid = None
    if sort_by:
        best = _Best(sort_by, bool(descending), integer("n_best", n_best or report.get("n_best", 5), minimum=1))
        reducers.append(best)
    if profile is not None:
        col = column or sort_by
        if col is None:
            raise InvalidInputError("a profile needs column= (the chi^2-like column to minimise)")
        grid = _grid_for(out, profile[0], profile[1], col, bins, None, log, None, verify, man)
        reducers.append(grid)
    _reduce(out, reducers, verify=verify)
    res = {"folder": str(out), "config_hash": man["metadata"]["config_hash"], "complete": man["complete"],
           "chunks": len(man["chunks"]), "n_chunks": man["metadata"]["n_chunks"],
           "points": sum(c["n"] for c in man["chunks"].values()), "ok": sum(c["n_ok"] for c in man["chunks"].values()),
           "failures": failures.result(), "columns": stats.result()}
    if best is not None:
        res["sort_by"], res["descending"], res["best"] = sort_by, bool(descending), best.result()
    if grid is not None:
        p = grid.result()
        res["profile"] = {"x": p["x"], "y": p["y"], "column": p["column"], "x_edges": p["x_edges"].tolist(),
                          "y_edges": p["y_edges"].tolist(),
                          "min": [[None if not math.isfinite(v) else v for v in row] for row in p["min"].tolist()],
                          "count": p["count"].tolist(), "best": p["best"], "n_rows": p["n_rows"]}
    return res
