"""Exclusion planes drawn the way limit plots of the field are drawn.

One layer per physical limit (:func:`leptoforce.experiments.atlas.limit_layers`: versions of a search and
the tabulated and computed forms of one measurement are merged), one colour family per kind of constraint
(laboratory: blues, greens and greys, opaque; astrophysics: oranges and browns; cosmology: purples; the last two
translucent over the laboratory ones), existing limits as
opaque fills with a darker edge (weaker limits drawn first, so every edge stays visible), projections as
dashed outlines, favoured bands hatched, and each region labelled on the plot next to its edge instead of
a legend. Labels are placed where the region is visible and never on top of each other; a layer that is
covered everywhere by stronger ones is named in the footnote, as are the limits without a table. A small
stamp names the registry version and the input set. Vector output (PDF) keeps the fills crisp.

    fig, ax, layers = exclusion_plane("Lmu-Ltau", masses, bands=[...], stars=[...])
"""
from __future__ import annotations

import math

import numpy as np

from .. import units as u

__all__ = ["exclusion_plane", "bound_curves", "FAMILIES", "layer_colours"]

#: Colour families per category: (fill colours, edge colours), cycled within a family.
FAMILIES = {
    "laboratory": (("#c6dbef", "#c7e9c0", "#9ecae1", "#a1d99b", "#ccece6", "#d9d9d9", "#deebf7", "#99d8c9",
                    "#e5f5e0", "#bdbdbd", "#7fcdbb", "#a6bddb"),
                   ("#08519c", "#006d2c", "#2171b5", "#238b45", "#02818a", "#525252", "#4292c6", "#00441b",
                    "#41ab5d", "#252525", "#1d91c0", "#045a8d")),
    "astrophysics": (("#fdd0a2", "#fdae6b", "#f6e8c3", "#dfc27d"), ("#a63603", "#d94801", "#8c510a", "#bf812d")),
    "cosmology": (("#dadaeb", "#bcbddc", "#e7d4e8"), ("#54278f", "#6a51a3", "#762a83")),
}


def layer_colours(layers) -> dict:
    """{layer name: (fill, edge)}: a distinct shade of its category's family, stable for a given layer list."""
    out, used = {}, {}
    for lay in sorted(layers, key=lambda x: x.name):
        fills, edges = FAMILIES.get(lay.category, FAMILIES["laboratory"])
        k = used.get(lay.category, 0)
        used[lay.category] = k + 1
        out[lay.name] = (fills[k % len(fills)], edges[k % len(edges)])
    return out


def bound_curves(model, masses, until=None, projections=True, settings=None, progress=True) -> list:
    """The layers of ``model`` over ``masses`` [GeV internal] (:func:`leptoforce.experiments.atlas.limit_layers`)."""
    from ..experiments.atlas import limit_layers
    from ..settings import DEFAULT
    return limit_layers(model, masses, until, projections, settings or DEFAULT, progress)


def _select(layers, include):
    if include is None:
        return list(layers)
    inc = set(include)
    return [lay for lay in layers if lay.name in inc or inc & set(lay.members)]


def _strength(lay) -> float:
    low = lay.lowest
    ok = np.isfinite(low)
    return float(np.mean(np.log10(low[ok]))) if ok.any() else math.inf


class _Labeller:
    """Places text labels without overlaps (display-space boxes), inside the axes."""

    def __init__(self, ax):
        self.ax = ax
        self.boxes = []
        self.renderer = ax.figure.canvas.get_renderer()

    def place(self, candidates, text, **kw) -> bool:
        ax = self.ax
        frame = ax.get_window_extent(self.renderer)
        for x, y in candidates:
            t = ax.text(x, y, text, ha="center", va="center", zorder=6, **kw)
            bb = t.get_window_extent(self.renderer).expanded(1.08, 1.25)
            inside = (bb.x0 >= frame.x0 and bb.x1 <= frame.x1 and bb.y0 >= frame.y0 and bb.y1 <= frame.y1)
            if inside and not any(bb.overlaps(b) for b in self.boxes):
                self.boxes.append(bb)
                return True
            t.remove()
        return False


def _visible(x, y, drawn_after, ylim):
    """Mask of the masses where the point (x, y) is not covered by a layer drawn later (existing ones)."""
    vis = np.isfinite(y) & (y > ylim[0]) & (y < ylim[1])
    for lay in drawn_after:
        for j in range(lay.intervals.shape[1]):
            lo, hi = lay.intervals[:, j, 0], lay.intervals[:, j, 1]
            covered = np.isfinite(lo) & (lo <= y) & (y <= np.where(np.isfinite(hi), hi, np.inf))
            vis &= ~covered
    return vis


def _candidates(x, y, vis, factor):
    """Points along the edge where it is visible, from the middle of the longest visible run outwards."""
    idx = np.nonzero(vis)[0]
    if idx.size == 0:
        return []
    runs = np.split(idx, np.nonzero(np.diff(idx) > 1)[0] + 1)
    runs.sort(key=len, reverse=True)
    out = []
    for run in runs:
        mid = len(run) // 2
        order = sorted(range(len(run)), key=lambda i: abs(i - mid))
        out += [(x[run[i]], y[run[i]] * factor) for i in order[:: max(1, len(run) // 12)]]
    return out


def _field(lay, yg) -> np.ndarray:
    """(len(yg), n_masses): signed distance in log10 g to the nearest edge of the layer's excluded intervals
    (positive inside, negative outside, -3 where nothing is excluded). Its zero contour, interpolated between the
    masses, draws sloped edges smoothly; bands, windows and islands come out right."""
    ly = np.log10(yg)[:, None]
    d = np.full((len(yg), lay.intervals.shape[0]), -3.0)
    for j in range(lay.intervals.shape[1]):
        lo, hi = lay.intervals[:, j, 0], lay.intervals[:, j, 1]
        ok = np.isfinite(lo)
        with np.errstate(divide="ignore", invalid="ignore"):
            llo = np.where(ok, np.log10(np.where(ok, lo, 1.0)), np.nan)[None, :]
            lhi = np.where(np.isfinite(hi), np.log10(np.where(np.isfinite(hi), hi, 1.0)), np.inf)[None, :]
            inside = np.minimum(ly - llo, lhi - ly)
        d = np.where(ok[None, :], np.maximum(d, np.nan_to_num(inside, nan=-3.0)), d)
    return np.clip(d, -3.0, 3.0)


def _mask_candidates(x, yg, vis) -> list:
    """Label positions inside the visible part of a region: for each mass, a little above its lowest visible
    coupling; from the middle of the widest visible run outwards."""
    cols = np.nonzero(vis.any(axis=0))[0]
    if cols.size == 0:
        return []
    runs = np.split(cols, np.nonzero(np.diff(cols) > 1)[0] + 1)
    runs.sort(key=len, reverse=True)
    out = []
    for run in runs:
        mid = len(run) // 2
        order = sorted(range(len(run)), key=lambda i: abs(i - mid))
        for i in order[:: max(1, len(run) // 16)]:
            k = run[i]
            rows = np.nonzero(vis[:, k])[0]
            j = rows[min(len(rows) - 1, 18)]             # ~1/3 of a decade above the visible lower edge
            out.append((x[k], yg[j]))
    return out


def exclusion_plane(model, masses, *, ax=None, ylim=(1e-6, 1.0), include=None, missing_relevant=None,
                    bands=(), lines=(), stars=(), title="", xunit="MeV", ylabel="$g$", curves=None, until=None,
                    projections=True, stamp=None, settings=None, missing=None):
    """Draw the exclusion plane of ``model`` over ``masses`` [GeV internal] (module doc); returns (fig, ax, layers).

    include : names of layers or of their registry members to draw (default: all that exclude something).
    until : draw only the existing limits published up to this year (a paper's reproduction).
    projections : True (all), False (none) or the names of the projections to draw (kept besides ``include``).
    missing_relevant : registry names of missing entries to name in the footnote (analyses pass their caption's);
        ``missing`` (a list of labels) is named as it is.
    bands : (label, lo, hi, colour, alpha) favoured regions, hatched; lines : (label, y, style) e.g. relic curves;
    stars : (label, mass, coupling) benchmark points. ``curves`` reuses a :func:`bound_curves` result.
    stamp : text for the lower-right corner (default: the registry version and ``until``).
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    masses = np.asarray(masses, dtype=float)
    keep_future = projections if isinstance(projections, bool) else True
    layers = bound_curves(model, masses, until, keep_future, settings) if curves is None else curves
    if not isinstance(projections, bool):            # a list: the projections to draw, by layer or member name
        wanted = set(projections)
        layers = [lay for lay in layers if not lay.projection or lay.name in wanted or wanted & set(lay.members)]
    layers = _select(layers, include) + ([] if include is None or isinstance(projections, bool) else
                                         [lay for lay in layers if lay.projection and lay not in _select(layers, include)])
    if ax is None:
        fig, ax = plt.subplots(figsize=(7.4, 5.0))
        fig.subplots_adjust(left=0.11, right=0.97, top=0.90, bottom=0.20)
    else:
        fig = ax.figure
    x = masses / getattr(u, xunit)
    colours = layer_colours(layers)
    # laboratory limits opaque (weaker first, so the strongest edge is on top); astrophysical and cosmological
    # ones translucent on top of them, so that the laboratory picture stays readable underneath
    lab_layers = sorted((lay for lay in layers if not lay.projection and lay.category == "laboratory"),
                        key=_strength, reverse=True)
    sky_layers = sorted((lay for lay in layers if not lay.projection and lay.category != "laboratory"),
                        key=_strength, reverse=True)
    existing = lab_layers + sky_layers
    future = [lay for lay in layers if lay.projection]
    ax.set(xscale="log", yscale="log", xlim=(x[0], x[-1]), ylim=ylim, xlabel=f"$m_{{Z'}}$ [{xunit}]", ylabel=ylabel)
    yg = np.geomspace(ylim[0] / 3, ylim[1] * 3, 480)
    fields = {lay.name: _field(lay, yg) for lay in layers}
    masks = {k: f > 0 for k, f in fields.items()}
    visible, above = {}, np.zeros((len(yg), len(x)), dtype=bool)
    for lay in reversed(lab_layers):                         # what of each laboratory region is not covered
        visible[lay.name] = masks[lay.name] & ~above
        above |= masks[lay.name]
    for lay in sky_layers:
        visible[lay.name] = masks[lay.name]
    for lay in lab_layers:
        fill, _ = colours[lay.name]
        if masks[lay.name].any():
            ax.contourf(x, yg, fields[lay.name], levels=[0.0, 10.0], colors=[fill], zorder=1)
    for lay in lab_layers:                                   # edges of the regions that show
        _, edge = colours[lay.name]
        if visible[lay.name].any():
            ax.contour(x, yg, fields[lay.name], levels=[0.0], colors=[edge], linewidths=0.9, zorder=3)
    for lay in sky_layers:
        fill, edge = colours[lay.name]
        if masks[lay.name].any():
            ax.contourf(x, yg, fields[lay.name], levels=[0.0, 10.0], colors=[fill], alpha=0.45, zorder=3.5)
            ax.contour(x, yg, fields[lay.name], levels=[0.0], colors=[edge], linewidths=1.1, zorder=3.6)
    for lay in future:
        _, edge = colours[lay.name]
        if masks[lay.name].any():
            ax.contour(x, yg, fields[lay.name], levels=[0.0], colors=[edge], linewidths=1.2, linestyles="--", zorder=4)
    for label, lo, hi, colour, alpha in bands:
        lo_d = np.maximum(np.where(np.isfinite(lo), lo, np.nan), ylim[0])
        ax.fill_between(x, lo_d, hi, facecolor="none", edgecolor=colour, hatch="////", lw=0.0, zorder=2.5, alpha=max(alpha, 0.6))
        ax.plot(x, lo_d, color=colour, lw=1.0, zorder=3)
        ax.plot(x, hi, color=colour, lw=1.0, zorder=3)
    legend_handles = []
    for label, y, style in lines:
        (ln,) = ax.plot(x, y, style, lw=1.6, zorder=5)
        if label:
            legend_handles.append(Line2D([], [], color=ln.get_color(), ls=ln.get_linestyle(), lw=1.6, label=label))
    for k, (label, m, g) in enumerate(stars):
        ax.plot(m / getattr(u, xunit), g, "*", color="gold" if k == 0 else "tab:orange", ms=12, mec="k", mew=0.6, zorder=7)
        if label:
            legend_handles.append(Line2D([], [], marker="*", ls="", color="gold" if k == 0 else "tab:orange", mec="k",
                                         ms=10, label=label))
    # labels on the plot, where each region is visible
    fig.canvas.draw()
    lab = _Labeller(ax)
    hidden = []
    for lay in existing:
        _, edge = colours[lay.name]
        if not lab.place(_mask_candidates(x, yg, visible[lay.name]), lay.name, fontsize=7, color=edge, fontweight="bold"):
            hidden.append(lay.name)
    for lay in future:
        _, edge = colours[lay.name]
        name = lay.name if "future" in lay.name else lay.name + " (future)"
        lo = lay.intervals[:, 0, 0]
        vis = np.isfinite(lo) & (lo > ylim[0]) & (lo < ylim[1])
        if not (lab.place(_candidates(x, lo, vis, 0.55), name, fontsize=6.5, color=edge, style="italic")
                or lab.place(_candidates(x, lo, vis, 1.8), name, fontsize=6.5, color=edge, style="italic")):
            hidden.append(name)
    for label, lo, hi, colour, alpha in bands:
        mid = np.sqrt(np.maximum(np.where(np.isfinite(lo), lo, ylim[0]), ylim[0]) * hi)
        vis = np.isfinite(mid) & (mid > ylim[0]) & (mid < ylim[1])
        if label and not lab.place(_candidates(x, mid, vis, 1.0), label, fontsize=7, color=colour,
                                   fontweight="bold", bbox=dict(fc="white", ec="none", alpha=0.8, pad=0.5)):
            legend_handles.append(Patch(facecolor="none", edgecolor=colour, hatch="////", label=label))
    if future:
        legend_handles.append(Line2D([], [], color="0.3", ls="--", lw=1.2, label="dashed: projections"))
    if legend_handles:
        ax.legend(handles=legend_handles, fontsize=6.5, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3,
                  frameon=False, borderaxespad=0.2)
    if title:
        fig.suptitle(title, fontsize=10, y=0.965)
    notes = []
    miss = []
    if missing_relevant:
        from ..experiments.limits import registry
        reg = registry()
        miss = [reg[n].label or n for n in missing_relevant if n in reg and reg[n].kind == "missing"]
    if missing:
        miss += list(missing)
    if miss:
        notes.append("not shown (no table available): " + ", ".join(miss))
    if hidden:
        notes.append("covered by stronger limits everywhere in view: " + ", ".join(hidden))
    if notes:
        fig.text(0.01, 0.01, "\n".join(notes), fontsize=6, ha="left", va="bottom", style="italic", wrap=True)
    if stamp is None:
        from ..experiments.atlas import registry_version
        rv = registry_version()["registry.toml"]
        stamp = f"leptoforce limits registry {rv}" + (f"; limits published up to {until}" if until else "; current")
    fig.text(0.995, 0.995, stamp, fontsize=5.5, color="0.45", ha="right", va="top")
    return fig, ax, layers
