"""Command line of leptoforce: a thin layer over the library.

    leptoforce zprime --model Lmu-Ltau --mass 10MeV --g 5e-4 [--json] [--plot br.png]
    leptoforce reproduce NAME|all [--fast | --full] [--out DIR] [--inputs paper|current]
    leptoforce scan CONFIG.toml --out DIR [--workers N | --scheduler tcp://...]
    leptoforce bounds --model Lmu-Ltau --mass 10MeV [--json]
    leptoforce models [--observables]
    leptoforce limits list [--model M] [--json]  |  leptoforce limits show NAME [--json]
    leptoforce atlas --model M [--mass-range 1keV:100GeV] [--inputs current|seedNNN] --out DIR

Every subcommand takes ``-v/--verbose`` and ``-q/--quiet`` (the ``leptoforce`` logger: progress and
step messages on stderr at the default level, none with ``-q``, debug details with ``-v``).
Errors in the input, the file system or the cluster are printed as one line (no traceback) and the
exit status is 2. ``--json`` output is strict JSON: a value that is not a finite number is ``null``.
A negative value may follow its option directly (``--mass -5MeV``).
"""
from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import re
import sys
from pathlib import Path

from .errors import InvalidInputError, LeptoforceError

__all__ = ["main", "build_parser", "strict_json"]

_NEGATIVE_VALUE = re.compile(r"^-(?:\d|\.\d)")
#: Image formats the figures may be written in (matplotlib's writers).
_PLOT_FORMATS = ("png", "pdf", "svg", "svgz", "eps", "ps", "jpg", "jpeg", "tif", "tiff", "webp", "pgf")


# ---- shared helpers -------------------------------------------------------------------------------
from .jsonutil import strict_json  # noqa: E402  (re-exported: the strict JSON of every --json output)


def _print_json(obj) -> None:
    print(json.dumps(strict_json(obj), indent=2, allow_nan=False))


def _out_dir(value: str, option: str = "--out") -> Path:
    """A folder the command may write into (created if missing); errors name ``option``."""
    if not value or not value.strip():
        raise InvalidInputError(f"{option}: an empty path is not allowed; name a folder")
    path = Path(value)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInputError(f"{option}={value!r}: cannot create the folder ({exc.strerror or exc})") from None
    if not path.is_dir():
        raise InvalidInputError(f"{option}={value!r} exists and is not a folder")
    if not os.access(path, os.W_OK | os.X_OK):
        raise InvalidInputError(f"{option}={value!r}: the folder is not writable")
    return path


def _plot_file(value: str) -> Path:
    path = Path(value)
    ext = path.suffix.lower().lstrip(".")
    if ext not in _PLOT_FORMATS:
        raise InvalidInputError(f"--plot={value!r}: unknown image format {ext or '(none)'!r}; use one of "
                                f"{', '.join(_PLOT_FORMATS)}")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise InvalidInputError(f"--plot={value!r}: the folder {str(parent)!r} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InvalidInputError(f"--plot={value!r}: the folder {str(parent)!r} is not writable")
    return path


def _positive_quantity(text: str, option: str) -> float:
    from .units import parse_quantity
    value = parse_quantity(text, option, dimension="energy")
    if not value > 0:
        raise InvalidInputError(f"{option}={text!r} must be positive")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be >= 1")
    return value


# ---- zprime ---------------------------------------------------------------------------------------
def _zprime_from_args(args):
    from .model import ZPrime
    from .model.charges import as_charges
    from .units import parse_quantity
    mass = _positive_quantity(args.mass, "--mass")
    g = parse_quantity(args.g, "--g", dimension="dimensionless")
    eps = parse_quantity(args.epsilon, "--epsilon", dimension="dimensionless")
    return ZPrime(mass=mass, g=g, charges=as_charges(args.model, "--model"), epsilon=eps,
                  loop_mixing=not args.no_loop_mixing)


def _cmd_zprime(args) -> int:
    from .settings import DEFAULT, Settings
    settings = Settings(hadron_method=args.hadron_method) if args.hadron_method else DEFAULT
    from .scenarios.zprime import zprime_report
    zp = _zprime_from_args(args)
    plot = _plot_file(args.plot) if args.plot else None
    rep = zprime_report(zp, settings)
    if args.json:
        _print_json(rep)
    else:
        print(f"Z' of {rep['model']}: m = {rep['mass_GeV']:.6g} GeV, g = {rep['g']:.4g}")
        print(f"{'channel':<12} {'width [GeV]':>14} {'BR':>12}")
        for ch, w in rep["partial_widths_GeV"].items():
            if ch == "total":
                continue
            br = rep["branching_ratios"][ch]
            print(f"{ch:<12} {w:>14.5e} {'-' if br is None else format(br, '>12.5e'):>12}")
        print(f"{'total':<12} {rep['total_width_GeV']:>14.5e}")
        for key, label in (("lifetime_s", "lifetime [s]"), ("ctau_m", "c tau [m]"),
                           ("epsilon_AZp", "eps_AZ' (kinetic mixing)"), ("delta_a_mu", "Delta a_mu"),
                           ("delta_a_e", "Delta a_e")):
            print(f"{label:<26} {rep[key]:.5e}")
    if plot is not None:
        _plot_br(args, settings, plot)
    return 0


def _plot_br(args, settings, path: Path) -> None:
    import numpy as np

    from . import units
    from .decays.zprime import branching_ratios, partial_widths
    from .units import parse_quantity
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise LeptoforceError("--plot needs matplotlib: pip install 'leptoforce[plot]'") from exc
    parts = args.mass_range.split(":")
    if len(parts) != 2:
        raise InvalidInputError(f"--mass-range={args.mass_range!r} must look like LO:HI, e.g. 1MeV:10GeV")
    lo, hi = (parse_quantity(x, "--mass-range", dimension="energy") for x in parts)
    if not (0 < lo < hi):
        raise InvalidInputError(f"--mass-range={args.mass_range!r} needs 0 < LO < HI")
    zp0 = _zprime_from_args(args)
    masses = np.geomspace(lo, hi, 300)
    rows = []
    for m in masses:
        w = partial_widths(zp0.with_(mass=float(m)), settings)
        rows.append(branching_ratios(zp0, settings, w) if w["total"] > 0 else None)
    chans = [c for c in rows[0 if rows[0] else -1] if c != "total"]
    fig, ax = plt.subplots(figsize=(6, 4))
    for ch in chans:
        vals = np.array([r[ch] if r else np.nan for r in rows])
        if np.nanmax(vals) > 1e-4:
            ax.plot(masses / units.GeV, vals, label=ch)
    ax.set(xscale="log", yscale="log", ylim=(1e-4, 1.5), xlabel="$m_{Z'}$ [GeV]", ylabel="branching ratio",
           title=f"Z' of {zp0.charges.name}")
    ax.legend(fontsize=8)
    fig.savefig(path, dpi=130, bbox_inches="tight")
    print(f"wrote {path}")


# ---- reproduce, scan, bounds, models ------------------------------------------------------------
def _cmd_reproduce(args) -> int:
    from .analyses import registry, run_analysis
    from .analyses.base import format_summary
    from .validate import suggest
    reg = registry()
    if args.name != "all" and args.name not in reg:
        raise InvalidInputError(f"analysis {args.name!r} is unknown{suggest(args.name, reg)}; known analyses: all, "
                                f"{', '.join(sorted(reg))}")
    out = _out_dir(args.out)
    names = sorted(reg) if args.name == "all" else [args.name]
    resolution = "fast" if args.fast else "full" if args.full else "default"
    with _where_to_run(args) as (executor, _):
        for name in names:
            summary = run_analysis(name, out, resolution, inputs=args.inputs, executor=executor)
            print(format_summary(summary))
            print(f"  -> {out / name / 'summary.json'}, report.md", flush=True)
    return 0


_SCHEDULER = re.compile(r"^(tcp|tls|ucx|inproc|ws|wss)://[^\s/:]+(:\d{1,5})?/?$")


def _check_where(args) -> None:
    """--scheduler is an address, and at most one of --scheduler and --cluster is given."""
    if args.scheduler is not None and not _SCHEDULER.match(args.scheduler):
        raise InvalidInputError(f"--scheduler={args.scheduler!r} is not a Dask scheduler address; write "
                                "tcp://HOST:PORT (e.g. tcp://127.0.0.1:8786)")
    if args.scheduler is not None and args.cluster is not None:
        raise InvalidInputError("--scheduler and --cluster both name where to run: give one")


@contextlib.contextmanager
def _where_to_run(args):
    """(executor, in_flight) from --scheduler / --cluster (checked; a cluster is started and closed here);
    (args.scheduler, None) without a cluster -- None there means local processes."""
    _check_where(args)
    if args.cluster is None:
        yield args.scheduler, None
        return
    from .scan.cluster import in_flight_hint, load_recipe, open_cluster
    recipe = load_recipe(args.cluster)
    with open_cluster(recipe) as client:
        yield client, in_flight_hint(recipe)


def _cmd_scan(args) -> int:
    from .scan import best_points, load_config, run_scan
    if args.dry_run:
        _check_where(args)
        if args.cluster is None:
            raise InvalidInputError("--dry-run prints the job script of a --cluster recipe: give --cluster")
        from .scan.cluster import job_script
        load_config(args.config)
        print(job_script(args.cluster))
        return 0
    cfg = load_config(args.config)
    out = _out_dir(args.out)
    progress = False if args.no_progress else None
    with _where_to_run(args) as (executor, in_flight):
        executor = executor or ("serial" if args.workers == 1 else "local")
        manifest = run_scan(cfg, out, executor=executor, workers=args.workers, progress=progress, in_flight=in_flight)
    n_done = sum(c["n"] for c in manifest["chunks"].values())
    n_ok = sum(c["n_ok"] for c in manifest["chunks"].values())
    print(f"scan complete: {n_done} points ({n_ok} ok) in {out}")
    sort_by = cfg.report.get("sort_by")
    if sort_by:
        rows = best_points(out, sort_by, cfg.report.get("descending", True), int(cfg.report.get("n_best", 5)))
        cols = [p.name for p in cfg.parameters] + list(cfg.observables)
        _print_best(rows, cols, sort_by)
    return 0


def _print_best(rows, cols, sort_by) -> None:
    print("best points by", sort_by)
    print("  ".join(f"{c:>14}" for c in cols))
    for r in rows:
        print("  ".join(f"{r[c]:>14.5g}" if isinstance(r[c], (int, float)) else f"{str(r[c]):>14}" for c in cols))


def _cmd_scan_summarize(args) -> int:
    from .scan import summarize
    from .scan.engine import read_manifest
    folder = Path(args.folder)
    if not folder.is_dir():
        raise InvalidInputError(f"DIR={args.folder!r} is not a folder")
    profile = None
    if args.profile is not None:
        parts = [p.strip() for p in args.profile.split(",")]
        if len(parts) != 2 or not all(parts):
            raise InvalidInputError(f"--profile={args.profile!r} must name two columns: X,Y")
        profile = tuple(parts)
    logs = {"x": (True, False), "y": (False, True), "xy": (True, True), "none": (False, False)}[args.log]
    res = summarize(folder, sort_by=args.sort_by, n_best=args.n_best, profile=profile, column=args.column,
                    bins=args.bins, log=logs)
    if args.json:
        print(json.dumps(strict_json(res), allow_nan=False))
        return 0
    print(f"{res['folder']}: {res['points']:,} points in {res['chunks']:,} of {res['n_chunks']:,} chunks "
          f"({'complete' if res['complete'] else 'incomplete: run the scan again to finish it'}); {res['ok']:,} ok")
    for kind, n in sorted(res["failures"].items()):
        print(f"  failed: {n:,} with {kind}")
    print(f"{'column':>16} {'finite':>12} {'min':>12} {'max':>12}")
    for name, st in res["columns"].items():
        if name == "index":
            continue
        lo = "-" if st["min"] is None else f"{st['min']:.5g}"
        hi = "-" if st["max"] is None else f"{st['max']:.5g}"
        print(f"{name:>16} {st['finite']:>12,} {lo:>12} {hi:>12}")
    if "best" in res:
        cfg = read_manifest(folder)["config"]
        cols = [p[0] for p in cfg["parameters"]] + list(cfg["observables"])
        _print_best(res["best"], cols, res["sort_by"])
    if "profile" in res:
        p = res["profile"]
        filled = sum(c > 0 for row in p["count"] for c in row)
        cells = len(p["count"]) * len(p["count"][0])
        print(f"profile of {p['column']} in ({p['x']}, {p['y']}): {filled} of {cells} cells filled, minimum "
              f"{p['best'][p['column']]:.6g} at {p['x']} = {p['best'][p['x']]:.6g}, {p['y']} = {p['best'][p['y']]:.6g}")
    if args.out is not None:
        target = Path(args.out)
        try:
            target.write_text(json.dumps(strict_json(res), indent=1, allow_nan=False))
        except OSError as exc:
            raise InvalidInputError(f"--out={args.out!r}: cannot write ({exc.strerror or exc})") from None
        print(f"  -> {target}")
    return 0


def _cmd_bounds(args) -> int:
    from .experiments.bounds import bounds_table
    mass = _positive_quantity(args.mass, "--mass")
    table = bounds_table(args.model, mass)
    if args.json:
        _print_json(table)
        return 0
    print(f"bounds on the coupling of {table['model']} at m = {table['mass_GeV']:.6g} GeV")
    print(f"{'name':<28} {'kind':<15} {'g_max':>11}  excluded intervals / note")
    for b in table["bounds"]:
        gmax = "-" if b["g_max"] is None else f"{b['g_max']:.3e}"
        iv = ", ".join(f"[{lo:.3g}, {'inf' if hi is None else format(hi, '.3g')}]"
                       for lo, hi in b["g_excluded_intervals"])
        print(f"{b['name']:<28} {b['kind']:<15} {gmax:>11}  {iv or b['note']}")
        print(f"{'':<28} {'':<15} {'':>11}  ref: {b['reference']}")
    env = table["envelope_g_max"]
    print(f"envelope (existing bounds): g_max = {'none' if env is None else format(env, '.3e')}")
    return 0


def _mass_range(text: str, option: str = "--mass-range") -> tuple[float, float]:
    from .units import parse_quantity
    parts = text.split(":")
    if len(parts) != 2:
        raise InvalidInputError(f"{option}={text!r} must look like LO:HI, e.g. 1keV:100GeV")
    lo, hi = (parse_quantity(x, option, dimension="energy") for x in parts)
    if not 0 < lo < hi:
        raise InvalidInputError(f"{option}={text!r} needs 0 < LO < HI")
    return lo, hi


def _model_for_limits(text: str):
    """A preset name, "dark-photon", or a charges file (TOML with a [charges] table)."""
    from .model.charges import as_charges
    if text == "dark-photon":
        return text
    if text.endswith(".toml") or os.sep in text:
        return _charges_file(text)
    return as_charges(text, "--model")


def _charges_file(path: str):
    """Read a user U(1) from a TOML file: [charges] name, L = [e, mu, tau], e = [..] (right-handed leptons), Q, u, d
    (quark doublet and singlets, one per generation), optional nu_R, description. Anomalies are checked by the model."""
    import tomllib
    from .model.charges import ChargeAssignment
    try:
        raw = tomllib.loads(Path(path).read_text())
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInputError(f"--model={path!r}: not valid TOML ({exc})") from None
    if "charges" not in raw or not isinstance(raw["charges"], dict):
        raise InvalidInputError(f"--model={path!r}: needs a [charges] table (name, L, e, Q, u, d, nu_R)")
    c = dict(raw["charges"])
    allowed = ("name", "L", "e", "Q", "u", "d", "nu_R", "description")
    from .validate import unknown_keys
    unknown_keys(f"--model={path!r} [charges]", c, allowed)
    if "name" not in c:
        raise InvalidInputError(f"--model={path!r}: [charges] needs a name")
    try:
        return ChargeAssignment(**c)
    except TypeError as exc:
        raise InvalidInputError(f"--model={path!r}: {exc}") from None


def _cmd_limits(args) -> int:
    from .experiments.limits import limit, registry
    if args.action == "show":
        if not args.name:
            raise InvalidInputError("limits show needs a NAME (see `leptoforce limits list`)")
        rec = limit(args.name).record()
        if args.json:
            _print_json(rec)
            return 0
        width = max(len(k) for k in rec)
        for k, v in rec.items():
            print(f"{k:<{width}}  {v}")
        return 0
    recs = list(registry().values())
    if args.model:
        from .experiments.bounds import bounds_at
        model = _model_for_limits(args.model)
        name = model if isinstance(model, str) else model.name
        recs = [r for r in recs if r.kind == "missing" or r.kind == "computed" or r.model in ("dark_photon", name)
                or any(p not in ("nu_e_scattering", "sn_cooling", "direct") for p in r.production)]
        del bounds_at
    if args.json:
        _print_json([r.record() for r in recs])
        return 0
    print(f"{'name':<28} {'kind':<10} {'status':<10} {'category':<12} {'year':>4}  {'model':<11} publication")
    for r in recs:
        print(f"{r.name:<28} {r.kind:<10} {r.status:<10} {r.category:<12} {r.year:>4}  {(r.model or '-'):<11} "
              f"{r.publication[:90]}")
    counts = {}
    for r in recs:
        counts[(r.kind, r.status)] = counts.get((r.kind, r.status), 0) + 1
    print("; ".join(f"{n} {k} {s}" for (k, s), n in sorted(counts.items())))
    return 0


def _cmd_atlas(args) -> int:
    from .experiments.atlas import atlas
    from .plotting.atlas import write_atlas
    if args.out is None:
        raise InvalidInputError("--out DIR is required (where the figure, envelope.csv and atlas.json go)")
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise InvalidInputError(f"--out={args.out!r} exists and is not a folder")
    model = _model_for_limits(args.model)
    lo, hi = _mass_range(args.mass_range)
    targets = [(None, r, 1.0) for r in args.dirac_target]
    at = atlas(model, (lo, hi), n_masses=args.n_masses, inputs=args.inputs, projections=not args.no_projections,
               targets=targets, progress=args.quiet == 0)
    paths = write_atlas(at, out)
    for k, p in paths.items():
        print(f"{k:<9} {p}")
    return 0


def _cmd_models(args) -> int:
    from .model.charges import PRESETS, anomaly_coefficients, preset
    if args.observables:
        from .scenarios import families, observables
        fams = families()
        print(f"scan families: {', '.join(sorted(fams))}")
        for name, obs in sorted(observables().items()):
            print(f"{name:<34} [{obs.unit or '-'}]  {obs.description}  ({obs.citation})")
        return 0
    for name in PRESETS:
        ch = preset(name)
        worst = max(abs(v) for v in anomaly_coefficients(ch).values())
        kind = "effective theory" if ch.effective else f"anomaly free (max |A| = {worst:.1e})"
        print(f"{name:<16} {kind:<36} {ch.description}")
    return 0


# ---- parser ---------------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    from . import __version__
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-v", "--verbose", action="count", default=0, help="more messages (debug level)")
    common.add_argument("-q", "--quiet", action="count", default=0, help="no progress or step messages")

    p = argparse.ArgumentParser(prog="leptoforce", description="Phenomenology of leptonic U(1) forces.",
                                parents=[common])
    p.add_argument("--version", action="version", version=f"leptoforce {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    z = sub.add_parser("zprime", parents=[common], help="widths, branching ratios, lifetime, mixing and g-2 of a Z'")
    z.add_argument("--model", required=True, help="preset charges: Le-Lmu, Le-Ltau, Lmu-Ltau, B-L, nuphilic-mumu")
    z.add_argument("--mass", required=True, help="Z' mass with unit, e.g. 10MeV, 2.6TeV (bare number = GeV)")
    z.add_argument("--g", required=True, help="gauge coupling g (dimensionless)")
    z.add_argument("--epsilon", default="0", help="tree-level photon-Z' kinetic mixing (dimensionless, default 0)")
    z.add_argument("--no-loop-mixing", action="store_true", help="drop the calculable one-loop kinetic mixing")
    z.add_argument("--hadron-method", choices=("rratio", "seed004", "vmd"), default=None)
    z.add_argument("--json", action="store_true", help="print the stable JSON report")
    z.add_argument("--plot", metavar="FILE", help="also draw branching ratios against mass into FILE (.png, .pdf...)")
    z.add_argument("--mass-range", default="1MeV:10GeV", help="mass range of --plot, LO:HI (default 1MeV:10GeV)")
    z.set_defaults(func=_cmd_zprime)

    r = sub.add_parser("reproduce", parents=[common], help="reproduce a published analysis (or 'all')")
    r.add_argument("name", help="analysis name or 'all'")
    grp = r.add_mutually_exclusive_group()
    grp.add_argument("--fast", action="store_true", help="coarse grids (CI, minutes)")
    grp.add_argument("--full", action="store_true",
                     help="the paper's resolution (long; dampe-emu: the paper's 1e8 points, meant for --cluster)")
    r.add_argument("--out", default="results", help="output folder (default: results)")
    r.add_argument("--inputs", choices=("paper", "current"), default="paper",
                   help="paper (default): the paper's own inputs; current: also check each premise with today's data")
    r.add_argument("--scheduler", default=None, help="run the analyses' scans on this Dask scheduler (tcp://HOST:PORT)")
    r.add_argument("--cluster", default=None, metavar="RECIPE.toml",
                   help="run the analyses' scans on a Dask cluster started from a recipe (docs/cluster; e.g. "
                        "dampe-emu --full, the paper's 1e8 points)")
    r.set_defaults(func=_cmd_reproduce)

    s = sub.add_parser("scan", parents=[common], help="run or resume a scan from a TOML config")
    s.add_argument("config")
    s.add_argument("--out", required=True)
    s.add_argument("--workers", type=_positive_int, default=None,
                   help="local processes (default: all cores; 1 = in-process)")
    s.add_argument("--scheduler", default=None, help="Dask scheduler address, e.g. tcp://127.0.0.1:8786")
    s.add_argument("--cluster", default=None, metavar="RECIPE.toml",
                   help="start a Dask cluster from a recipe (local, SLURM, HTCondor, PBS...; examples in docs/cluster)")
    s.add_argument("--dry-run", action="store_true",
                   help="with --cluster: check the config and recipe, print one job's batch script, run nothing")
    s.add_argument("--no-progress", action="store_true")
    s.set_defaults(func=_cmd_scan)
    s.epilog = "Summarise a finished or partial scan folder with: leptoforce scan summarize DIR [--profile X,Y]"

    ss = sub.add_parser("scan-summarize", parents=[common], prog="leptoforce scan summarize",
                        help="(also: leptoforce scan summarize DIR) counts, ranges, best points and a 2-D profile "
                             "of a scan folder, in bounded memory")
    ss.add_argument("folder", metavar="DIR")
    ss.add_argument("--sort-by", default=None, help="column of the best-points table (default: the config's report)")
    ss.add_argument("--n-best", type=_positive_int, default=None)
    ss.add_argument("--profile", default=None, metavar="X,Y", help="2-D profile (minimum of --column per cell)")
    ss.add_argument("--column", default=None, help="the chi^2-like column to profile (default: --sort-by)")
    ss.add_argument("--bins", type=_positive_int, default=45, help="cells per axis (default 45)")
    ss.add_argument("--log", choices=("xy", "x", "y", "none"), default="xy", help="logarithmic axes (default xy)")
    ss.add_argument("--json", action="store_true", help="print the summary as strict JSON")
    ss.add_argument("--out", default=None, metavar="FILE.json", help="also write the summary as JSON")
    ss.set_defaults(func=_cmd_scan_summarize)

    b = sub.add_parser("bounds", parents=[common],
                       help="every laboratory/astrophysical bound on a model's coupling at one mass")
    b.add_argument("--model", required=True, help="preset charges (Lmu-Ltau, B-L, ...) or dark-photon")
    b.add_argument("--mass", required=True, help="mass with unit, e.g. 10MeV (bare number = GeV)")
    b.add_argument("--json", action="store_true", help="print JSON (keys: model, mass_GeV, bounds, envelope_g_max)")
    b.set_defaults(func=_cmd_bounds)

    lim = sub.add_parser("limits", parents=[common], help="the limits registry: list the records or show one")
    lim.add_argument("action", choices=("list", "show"))
    lim.add_argument("name", nargs="?", help="with show: a registry name, label or computed-bound name")
    lim.add_argument("--model", help="with list: only records that apply to this model (preset, dark-photon or a charges file)")
    lim.add_argument("--json", action="store_true", help="print JSON records")
    lim.set_defaults(func=_cmd_limits)

    a = sub.add_parser("atlas", parents=[common], help="the exclusion plane of a U(1) with every current limit")
    a.add_argument("--model", required=True, help="Lmu-Ltau, B-L, Le-Lmu, Le-Ltau, dark-photon, a preset, or a charges .toml")
    a.add_argument("--mass-range", default="1keV:100GeV", help="LO:HI with units (default 1keV:100GeV)")
    a.add_argument("--inputs", default="current", help="current (default), or seedNNN: the limits published up to that paper")
    a.add_argument("--out", required=True, help="output folder (figure .png/.pdf, envelope.csv, atlas.json)")
    a.add_argument("--n-masses", type=_positive_int, default=81, help="log-spaced masses (default 81)")
    a.add_argument("--dirac-target", type=float, action="append", default=[], metavar="RATIO",
                   help="add the thermal-relic line of Dirac dark matter with m_Z' = RATIO x m_DM (repeatable)")
    a.add_argument("--no-projections", action="store_true", help="leave out projected reaches")
    a.set_defaults(func=_cmd_atlas)

    m = sub.add_parser("models", parents=[common], help="list the preset charge assignments")
    m.add_argument("--observables", action="store_true",
                   help="list the registered observables instead (name, unit, description, citation)")
    m.set_defaults(func=_cmd_models)
    return p


def _value_options(parser: argparse.ArgumentParser) -> set[str]:
    """Option strings (of the parser and its subparsers) that take a value."""
    out: set[str] = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sp in action.choices.values():
                out |= _value_options(sp)
        elif action.option_strings and action.nargs is None and action.const is None:
            out.update(action.option_strings)
    return out


def _join_negative_values(argv: list[str], options: set[str]) -> list[str]:
    """``--mass -5MeV`` -> ``--mass=-5MeV`` (argparse would read -5MeV as an option)."""
    out, i = [], 0
    while i < len(argv):
        tok = argv[i]
        if tok in options and i + 1 < len(argv) and _NEGATIVE_VALUE.match(argv[i + 1]):
            out.append(f"{tok}={argv[i + 1]}")
            i += 2
            continue
        out.append(tok)
        i += 1
    return out


def _configure_logging(level: int) -> None:
    logger = logging.getLogger("leptoforce")
    logger.setLevel(logging.WARNING if level < 0 else logging.INFO if level == 0 else logging.DEBUG)
    if not any(getattr(h, "_leptoforce_cli", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        handler._leptoforce_cli = True
        logger.addHandler(handler)
        logger.propagate = False


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    # ``leptoforce scan summarize DIR`` is the scan-summarize subcommand (``scan`` itself takes a config file)
    for k, a in enumerate(argv):
        if a == "scan" and k + 1 < len(argv) and argv[k + 1] == "summarize":
            argv[k:k + 2] = ["scan-summarize"]
            break
        if not a.startswith("-"):
            break
    args = parser.parse_args(_join_negative_values(argv, _value_options(parser)))
    _configure_logging(args.verbose - args.quiet)
    try:
        return args.func(args)
    except LeptoforceError as exc:
        print(f"leptoforce: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # the reader went away (``leptoforce bounds ... | head``): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except OSError as exc:
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        print(f"leptoforce: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("leptoforce: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
