"""Command line of leptoforce: a thin layer over the library.

    leptoforce zprime --model Lmu-Ltau --mass 10MeV --g 5e-4 [--json] [--plot br.png]
    leptoforce reproduce NAME|all [--fast | --full] [--out DIR]
    leptoforce scan CONFIG.toml --out DIR [--workers N | --scheduler tcp://...]
    leptoforce bounds --model Lmu-Ltau --mass 10MeV [--json]
    leptoforce models

Errors in the input are printed as one line (no traceback) and the exit status is 2.
"""
from __future__ import annotations

import argparse
import json
import math
import sys

from .errors import LeptoforceError

__all__ = ["main"]


def _zprime_from_args(args):
    from .model import ZPrime
    from .units import parse_quantity
    mass = parse_quantity(args.mass, "--mass", dimension="energy")
    g = parse_quantity(args.g, "--g")
    return ZPrime(mass=mass, g=g, charges=args.model, epsilon=args.epsilon, loop_mixing=not args.no_loop_mixing)


def zprime_report(zp, settings=None) -> dict:
    """The stable ``--json`` contract of ``leptoforce zprime`` (keys documented in the README)."""
    from . import units
    from .decays.zprime import branching_ratios, partial_widths
    from .lab.g2 import delta_a
    from .settings import DEFAULT
    settings = settings or DEFAULT
    widths = partial_widths(zp, settings)
    total = widths["total"]
    br = branching_ratios(zp, settings, widths) if total > 0 else {k: float("nan") for k in widths}
    life = 1 / total if total > 0 else math.inf
    return {
        "model": zp.charges.name,
        "mass_GeV": zp.mass / units.GeV,
        "g": zp.g,
        "partial_widths_GeV": {k: v / units.GeV for k, v in widths.items()},
        "branching_ratios": br,
        "total_width_GeV": total / units.GeV,
        "lifetime_s": life / units.s,
        "ctau_m": life / units.m,
        "epsilon_AZp": zp.epsilon_total,
        "delta_a_mu": delta_a(zp, "mu", settings),
        "delta_a_e": delta_a(zp, "e", settings),
    }


def _cmd_zprime(args) -> int:
    from .settings import DEFAULT, Settings
    settings = Settings(hadron_method=args.hadron_method) if args.hadron_method else DEFAULT
    zp = _zprime_from_args(args)
    rep = zprime_report(zp, settings)
    if args.json:
        print(json.dumps(rep, indent=2))
    else:
        print(f"Z' of {rep['model']}: m = {rep['mass_GeV']:.6g} GeV, g = {rep['g']:.4g}")
        print(f"{'channel':<12} {'width [GeV]':>14} {'BR':>12}")
        for ch, w in rep["partial_widths_GeV"].items():
            if ch == "total":
                continue
            print(f"{ch:<12} {w:>14.5e} {rep['branching_ratios'][ch]:>12.5e}")
        print(f"{'total':<12} {rep['total_width_GeV']:>14.5e}")
        for key, label in (("lifetime_s", "lifetime [s]"), ("ctau_m", "c tau [m]"),
                           ("epsilon_AZp", "eps_AZ' (kinetic mixing)"), ("delta_a_mu", "Delta a_mu"),
                           ("delta_a_e", "Delta a_e")):
            print(f"{label:<26} {rep[key]:.5e}")
    if args.plot:
        _plot_br(args, settings)
    return 0


def _plot_br(args, settings) -> None:
    import numpy as np

    from . import units
    from .decays.zprime import branching_ratios, partial_widths
    from .errors import InvalidInputError
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
    fig.savefig(args.plot, dpi=130, bbox_inches="tight")
    print(f"wrote {args.plot}")


def _cmd_reproduce(args) -> int:
    from .analyses import registry, run_analysis
    from .analyses.base import print_summary
    from .errors import InvalidInputError
    reg = registry()
    if args.name != "all" and args.name not in reg:
        raise InvalidInputError(f"analysis {args.name!r} is unknown; known analyses: all, {', '.join(sorted(reg))}")
    names = sorted(reg) if args.name == "all" else [args.name]
    resolution = "fast" if args.fast else "full" if args.full else "default"
    for name in names:
        summary = run_analysis(name, args.out, resolution)
        print_summary(summary)
        print(f"  -> {args.out}/{name}/summary.json, report.md")
    return 0


def _cmd_scan(args) -> int:
    from .scan import best_points, load_config, load_results, run_scan
    cfg = load_config(args.config)
    executor = args.scheduler or ("serial" if args.workers == 1 else "local")
    manifest = run_scan(cfg, args.out, executor=executor, workers=args.workers,
                        progress=not args.no_progress)
    n_done = sum(c["n"] for c in manifest["chunks"].values())
    n_ok = sum(c["n_ok"] for c in manifest["chunks"].values())
    print(f"scan complete: {n_done} points ({n_ok} ok) in {args.out}")
    sort_by = cfg.report.get("sort_by")
    if sort_by:
        rows = best_points(load_results(args.out), sort_by, cfg.report.get("descending", True),
                           int(cfg.report.get("n_best", 5)))
        cols = [p.name for p in cfg.parameters] + list(cfg.observables)
        print("best points by", sort_by)
        print("  ".join(f"{c:>14}" for c in cols))
        for r in rows:
            print("  ".join(f"{r[c]:>14.5g}" for c in cols))
    return 0


def _cmd_bounds(args) -> int:
    from .experiments.bounds import bounds_table
    from .units import parse_quantity
    mass = parse_quantity(args.mass, "--mass", dimension="energy")
    table = bounds_table(args.model, mass)
    if args.json:
        print(json.dumps(table, indent=2))
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


def _cmd_models(args) -> int:
    from .model.charges import PRESETS, anomaly_coefficients, preset
    for name in PRESETS:
        ch = preset(name)
        worst = max(abs(v) for v in anomaly_coefficients(ch).values())
        kind = "effective theory" if ch.effective else f"anomaly free (max |A| = {worst:.1e})"
        print(f"{name:<16} {kind:<36} {ch.description}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="leptoforce", description="Phenomenology of leptonic U(1) forces.")
    sub = p.add_subparsers(dest="command", required=True)

    z = sub.add_parser("zprime", help="widths, branching ratios, lifetime, mixing and g-2 of a Z'")
    z.add_argument("--model", required=True, help="preset charges: Le-Lmu, Le-Ltau, Lmu-Ltau, B-L, nuphilic-mumu")
    z.add_argument("--mass", required=True, help="Z' mass with unit, e.g. 10MeV, 2.6TeV (bare number = GeV)")
    z.add_argument("--g", required=True, help="gauge coupling g")
    z.add_argument("--epsilon", type=float, default=0.0, help="tree-level photon-Z' kinetic mixing (default 0)")
    z.add_argument("--no-loop-mixing", action="store_true", help="drop the calculable one-loop kinetic mixing")
    z.add_argument("--hadron-method", choices=("rratio", "seed004", "vmd"), default=None)
    z.add_argument("--json", action="store_true", help="print the stable JSON report")
    z.add_argument("--plot", metavar="FILE", help="also draw branching ratios against mass into FILE")
    z.add_argument("--mass-range", default="1MeV:10GeV", help="mass range of --plot, LO:HI (default 1MeV:10GeV)")
    z.set_defaults(func=_cmd_zprime)

    r = sub.add_parser("reproduce", help="reproduce a published analysis (or 'all')")
    r.add_argument("name", help="analysis name or 'all'")
    grp = r.add_mutually_exclusive_group()
    grp.add_argument("--fast", action="store_true", help="coarse grids (CI, minutes)")
    grp.add_argument("--full", action="store_true", help="the paper's resolution (long)")
    r.add_argument("--out", default="results", help="output folder (default: results)")
    r.set_defaults(func=_cmd_reproduce)

    s = sub.add_parser("scan", help="run or resume a scan from a TOML config")
    s.add_argument("config")
    s.add_argument("--out", required=True)
    s.add_argument("--workers", type=int, default=None, help="local processes (default: all cores; 1 = in-process)")
    s.add_argument("--scheduler", default=None, help="Dask scheduler address, e.g. tcp://127.0.0.1:8786")
    s.add_argument("--no-progress", action="store_true")
    s.set_defaults(func=_cmd_scan)

    b = sub.add_parser("bounds", help="every laboratory/astrophysical bound on a model's coupling at one mass")
    b.add_argument("--model", required=True, help="preset charges (Lmu-Ltau, B-L, ...) or dark-photon")
    b.add_argument("--mass", required=True, help="mass with unit, e.g. 10MeV (bare number = GeV)")
    b.add_argument("--json", action="store_true", help="print JSON (keys: model, mass_GeV, bounds, envelope_g_max)")
    b.set_defaults(func=_cmd_bounds)

    m = sub.add_parser("models", help="list the preset charge assignments")
    m.set_defaults(func=_cmd_models)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except LeptoforceError as exc:
        print(f"leptoforce: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
