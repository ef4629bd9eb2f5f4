"""Vendor the numbers of the tabulated limits that registry.toml takes from public repositories.

Every registry entry with a ``source`` ("darkcast2023:PATH" or "foresee:PATH") is re-read from a local
snapshot of that repository and written as ``data/limits/<file>`` with a header naming the publication,
the repository, path and commit, the transformations applied (a ``scale`` of the coupling column; a
closed ``contour`` split into its lower and upper edges) and the columns. Numbers are carried over
unchanged otherwise. Usage::

    python tools/vendor_limits.py --darkcast2023 /path/to/DS-Decay-Scripts.git --foresee /path/to/FORESEE.git

(each a git directory; the snapshot's HEAD is read). Entries whose repository is not given are skipped.
"""
from __future__ import annotations

import argparse
import math
import pathlib
import subprocess
import sys
import textwrap

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

HERE = pathlib.Path(__file__).resolve().parent.parent / "src" / "leptoforce" / "data" / "limits"
PREFIX = {"darkcast2023": "darkcast/", "foresee": ""}
REPO_NAME = {"darkcast2023": "github Noah-Everett/DS-Decay-Scripts (darkcast 2023 release in darkcast/)",
             "foresee": "github KlingFelix/FORESEE"}


def git(gitdir: str, *args: str) -> str:
    return subprocess.run(["git", "--git-dir", gitdir, *args], check=True, capture_output=True, text=True).stdout


def read_rows(text: str):
    header = [ln for ln in text.splitlines() if ln.startswith("#")]
    rows = [[float(x) for x in ln.replace(",", " ").split()] for ln in text.splitlines()
            if ln.strip() and not ln.lstrip().startswith("#")]
    return header, rows


def _interp_loglog(xs, ys, x):
    for (x0, y0), (x1, y1) in zip(zip(xs, ys), zip(xs[1:], ys[1:])):
        if x0 <= x <= x1:
            if x1 == x0:
                return min(y0, y1)
            t = math.log(x / x0) / math.log(x1 / x0)
            return math.exp((1 - t) * math.log(y0) + t * math.log(y1))
    return math.nan


def contour_to_band(rows):
    """Edges of the region a closed outline (mass, coupling) encloses: at every vertex mass, the crossings of the
    vertical line with the outline's edges (log-log interpolation along each edge); lower = the lowest, upper =
    the highest crossing. Returns (rows of mass, lower, upper; the number of masses where the line crossed more
    than twice, i.e. where the hull of several intervals was taken)."""
    pts = [(math.log(r[0]), math.log(r[1])) for r in rows]
    if pts[0] != pts[-1]:
        pts.append(pts[0])
    xs = sorted({p[0] for p in pts})
    out, multi = [], 0
    for x in xs[1:-1]:
        ys = []
        for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
            if x0 == x1:
                if x0 == x:
                    ys += [y0, y1]
                continue
            if min(x0, x1) <= x <= max(x0, x1):
                ys.append(y0 + (y1 - y0) * (x - x0) / (x1 - x0))
        ys = sorted(set(round(y, 12) for y in ys))
        if len(ys) < 2:
            continue
        multi += len(ys) > 2
        out.append([math.exp(x), math.exp(ys[0]), math.exp(ys[-1])])
    return out, multi


def write(name: str, e: dict, repos: dict) -> bool:
    kind, _, path = e["source"].partition(":")
    if kind not in repos or repos[kind] is None:
        return False
    gitdir = repos[kind]
    full = PREFIX[kind] + path
    commit = git(gitdir, "rev-parse", "HEAD").strip()
    text = git(gitdir, "show", f"HEAD:{full}")
    orig_header, rows = read_rows(text)
    notes = []
    if any(r[0] <= 0 for r in rows):
        n0 = sum(r[0] <= 0 for r in rows)
        rows = [r for r in rows if r[0] > 0]
        notes.append(f"{n0} row(s) at mass 0 dropped (a plotting start of the curve; the next row holds the same coupling)")
    scale = e.get("scale")
    if scale:
        rows = [[r[0]] + [v if v >= 1e4 else v * scale for v in r[1:]] for r in rows]
        notes.append(f"coupling column(s) multiplied by {scale} (darkcast 'no limit' markers 1e5 kept as they are); "
                     "the reason is in the source notes")
    shape = e["shape"]
    if e.get("contour"):
        band, multi = contour_to_band(rows)
        if multi:
            notes.append(f"at {multi} of {len(band)} masses the vertical line crosses the outline more than twice; "
                         "there the band spans the lowest to the highest crossing")
        if max(r[2] for r in band) >= 0.5:          # the outline closes at the top of the plot: an upper limit
            rows, shape = [[m, lo] for m, lo, _ in band], "upper"
            notes.append("closed outline split at its largest mass; the upper edge is the plot's closure, so only the "
                         "lower edge is kept (an upper limit)")
        else:
            rows = band
            notes.append("closed outline split at its largest mass into its lower and upper edges, both evaluated "
                         "(log-log interpolation) at the union of the outline's masses")
    if shape != e["shape"]:
        raise SystemExit(f"[{name}]: registry shape {e['shape']!r} but the source is {shape!r}; fix registry.toml")
    cols = "mass_GeV,lower" if shape == "upper" else "mass_GeV,lower,upper"
    coup = e["coupling"]
    wrap = lambda s: textwrap.wrap(s, 116, initial_indent="# ", subsequent_indent="#   ")  # noqa: E731
    head = []
    head += wrap(f"{e['label']}: {e['process']}. {coup} of the {e['model']} model, {e['status']} limit"
                 f" ({e.get('cl', 'unstated')} CL)")
    head += wrap(f"Publication: {e['publication']} (bibliography.bib key {e['bibkey']}).")
    head += wrap(f"Read from: {REPO_NAME[kind]}, path {full}, commit {commit}; original header "
                 f"{orig_header[0].strip() if orig_header else '(none)'!r}; {len(rows)} rows.")
    if e.get("notes"):
        head += wrap(f"Source notes: {e['notes']}")
    for n in notes:
        head += wrap(f"Transformation: {n}.")
    head += wrap(f"Columns: mass_GeV (boson mass), lower{', upper' if shape == 'band' else ''} = edges of the excluded "
                 f"{coup} (excluded {'between them' if shape == 'band' else 'above lower'}); values >= 1 are darkcast "
                 "'no limit' markers or plot closures (read as gaps). Vendored by tools/vendor_limits.py.")
    body = [",".join(f"{v:.6g}" for v in r) for r in rows]
    (HERE / e["file"]).write_text("\n".join(head + [cols] + body) + "\n")
    return True


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--darkcast2023", help="git dir of a Noah-Everett/DS-Decay-Scripts snapshot")
    p.add_argument("--foresee", help="git dir of a KlingFelix/FORESEE snapshot")
    a = p.parse_args(argv)
    repos = {"darkcast2023": a.darkcast2023, "foresee": a.foresee}
    reg = tomllib.loads((HERE / "registry.toml").read_text())
    n = sum(write(k, e, repos) for k, e in reg.items() if "source" in e)
    print(f"wrote {n} limit files into {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
