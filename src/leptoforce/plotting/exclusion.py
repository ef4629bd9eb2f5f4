"""Exclusion planes: (mass, coupling) with existing limits filled, projections dashed, favoured bands,
relic curves and benchmark stars as layers, and a footnote naming the curves we have no table for.

One call per figure::

    fig, ax, curves = exclusion_plane("Lmu-Ltau", masses, bands=[...], stars=[...])

Limits come from :func:`leptoforce.experiments.bounds.bounds_at` (computed, tabulated and recast),
so every analysis draws the same curves with the same colours and labels.
"""
from __future__ import annotations

import zlib

import numpy as np

from .. import units as u
from ..experiments.bounds import bounds_at
from ..progress import track

__all__ = ["exclusion_plane", "bound_curves", "COLOURS"]

#: Fixed colours per experiment (others get a stable colour from their name).
COLOURS = {"Borexino": "0.55", "WD": "0.3", "CCFR": "navy", "g-2": "tab:red", "BaBar": "tab:blue",
           "LHCb": "tab:cyan", "NA64": "tab:green", "NA48/2": "tab:olive", "KLOE": "tab:pink", "LEP": "tab:brown",
           "ILC": "k", "LHC": "tab:purple", "HL-LHC": "tab:purple", "K+": "tab:blue", "pi+": "lightblue",
           "W": "tab:gray", "TEXONO": "salmon", "CHARM-II": "mediumpurple"}
_CYCLE = ("tab:orange", "tab:green", "tab:purple", "tab:brown", "tab:olive", "tab:cyan", "goldenrod", "teal")


def _colour(experiment: str) -> str:
    return COLOURS.get(experiment, _CYCLE[zlib.crc32(experiment.encode()) % len(_CYCLE)])


def bound_curves(model, masses) -> dict:
    """{name: dict(lo=array, hi=array, experiment, kind, projection, reference)} over ``masses`` [GeV internal],
    plus key ``"_missing"``: list of (name, reference) of curves without a table. NaN where a bound says nothing.
    """
    masses = np.asarray(masses, dtype=float)
    curves: dict = {}
    missing = {}
    name = model if isinstance(model, str) else getattr(model, "name", "model")
    for k, m in enumerate(track(masses, f"bounds of {name}", len(masses), "masses")):
        for r in bounds_at(model, float(m)):
            if r.kind == "missing":
                missing[r.name] = r.reference
                continue
            c = curves.setdefault(r.name, dict(lo=np.full(len(masses), np.nan), hi=np.full(len(masses), np.nan),
                                               experiment=r.experiment, kind=r.kind, reference=r.reference,
                                               projection="[projection]" in r.note))
            if r.g_excluded:
                lo, hi = r.g_excluded[0]
                c["lo"][k], c["hi"][k] = lo, hi
    curves = {k: v for k, v in curves.items() if np.any(np.isfinite(v["lo"]))}
    curves["_missing"] = sorted(missing.items())
    return curves


def exclusion_plane(model, masses, *, ax=None, ylim=(1e-6, 1.0), include=None, missing_relevant=None,
                    bands=(), lines=(), stars=(), title="", xunit="MeV", ylabel="$g$", curves=None):
    """Draw the exclusion plane of ``model`` over ``masses`` [GeV internal]; returns (fig, ax, curves).

    include : names of bounds to draw (default: every one that excludes something in range).
    missing_relevant : names of "missing" registry entries to list in the footnote (default: none listed;
        analyses pass the curves their paper shows).
    bands : (label, lo, hi, colour, alpha) favoured regions; lines : (label, y, style) e.g. relic curves;
    stars : (label, mass, coupling) benchmark points. ``curves`` reuses a :func:`bound_curves` result.
    """
    import matplotlib.pyplot as plt

    masses = np.asarray(masses, dtype=float)
    if curves is None:
        curves = bound_curves(model, masses)
    if ax is None:
        fig, ax = plt.subplots(figsize=(8.0, 4.6))
        fig.subplots_adjust(right=0.68)
    else:
        fig = ax.figure
    x = masses / getattr(u, xunit)
    top = ylim[1]
    for name, c in curves.items():
        if name.startswith("_") or (include is not None and name not in include):
            continue
        col = _colour(c["experiment"])
        lo = c["lo"]
        hi = np.where(np.isfinite(c["hi"]), np.minimum(c["hi"], top), np.nan)
        hi = np.where(np.isfinite(lo) & ~np.isfinite(hi), top, hi)
        if c["projection"]:
            ax.plot(x, lo, ls="--", color=col, lw=1.4, label=f"{name} (projection)")
        else:
            ok = np.isfinite(lo)
            ax.fill_between(x, np.where(ok, lo, top), np.where(ok, hi, top), where=ok, color=col, alpha=0.35,
                            lw=0, label=name)
            ax.plot(x, lo, color=col, lw=0.8)
    for label, lo, hi, colour, alpha in bands:
        ax.fill_between(x, np.maximum(lo, ylim[0]), hi, color=colour, alpha=alpha, lw=0, label=label)
    for label, y, style in lines:
        ax.plot(x, y, style, label=label)
    for label, m, g in stars:
        ax.plot(m / getattr(u, xunit), g, "*", color="green", ms=12, mec="k", mew=0.5, label=label)
    ax.set(xscale="log", yscale="log", xlim=(x[0], x[-1]), ylim=ylim, xlabel=f"mass [{xunit}]", ylabel=ylabel,
           title=title)
    ax.legend(fontsize=6.5, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    miss = [n for n, _ in curves.get("_missing", []) if missing_relevant and n in missing_relevant]
    if miss:
        fig.text(0.01, 0.005, "not shown (no table available): " + ", ".join(miss), fontsize=6, ha="left",
                 va="bottom", style="italic")
    return fig, ax, curves
