"""The atlas figure and files: ``leptoforce atlas`` writes them through :func:`write_atlas`.

Files (in ``out``): ``atlas_<model>.png`` and ``.pdf`` (the exclusion plane: every existing limit filled and
labelled, projections dashed, the g-2 band where the data favour one, thermal targets as lines, a stamp with
the registry version), ``envelope.csv`` (mass, the smallest excluded coupling, the limit that sets it) and
``atlas.json`` (every layer with its registry records, the envelope, bands, targets and versions).
"""
from __future__ import annotations

import csv
import json
import math
import re
from pathlib import Path

import numpy as np

from .. import units as u
from ..jsonutil import strict_json
from .exclusion import exclusion_plane

__all__ = ["write_atlas", "atlas_figure"]


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9.+-]+", "_", name).strip("_")


def atlas_figure(at, xunit: str | None = None, ylim=None):
    """The exclusion plane of an :class:`~leptoforce.experiments.atlas.Atlas`; returns (fig, ax)."""
    m = at.masses
    if xunit is None:
        xunit = "MeV" if m[-1] <= 20 * u.GeV else "GeV"
    if ylim is None:
        lows = np.concatenate([lay.lowest[np.isfinite(lay.lowest)] for lay in at.layers] or [np.array([1e-6])])
        y0 = max(10 ** math.floor(math.log10(max(np.nanmin(lows), 1e-14))) / 3, 1e-14)
        ylim = (y0, 1.0)
    bands = [(b["label"], b["lo"], b["hi"], "tab:red", 0.7) for b in at.bands]
    lines = [(t["label"], t["g"], "k-") for t in at.targets]
    ylabel = r"$\varepsilon$" if at.coupling == "epsilon" else f"$g$ ({at.model})"
    when = "current limits" if at.until is None else f"limits published up to {at.until} ({at.inputs})"
    stamp = (f"leptoforce limits registry {at.versions['registry']['registry.toml']}, bibliography "
             f"{at.versions['registry']['bibliography.bib']}; g-2 data: {at.g2_dataset}; leptoforce "
             f"{at.versions.get('leptoforce', '?')}")
    fig, ax, _ = exclusion_plane(at.model, m, curves=at.layers, bands=bands, lines=lines, ylim=ylim, xunit=xunit,
                                 ylabel=ylabel, title=f"{at.model}: {when}", stamp=stamp,
                                 missing=[x["label"] for x in at.missing if x["status"] == "existing"])
    return fig, ax


def write_atlas(at, out, formats=("png", "pdf")) -> dict:
    """Write the atlas files (module doc) into folder ``out``; returns {kind: path}."""
    import matplotlib.pyplot as plt

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"atlas_{_slug(at.model)}"
    fig, _ = atlas_figure(at)
    paths = {}
    for fmt in formats:
        p = out / f"{stem}.{fmt}"
        fig.savefig(p, dpi=170)
        paths[fmt] = str(p)
    plt.close(fig)
    env = out / "envelope.csv"
    with env.open("w", newline="") as fh:
        w = csv.writer(fh)
        fh.write(f"# leptoforce atlas envelope of {at.model}: smallest {at.coupling} excluded by an existing limit per mass "
                 f"(inputs: {at.inputs}; registry {at.versions['registry']['registry.toml']}); empty = nothing excluded\n")
        w.writerow(["mass_GeV", f"{at.coupling}_max", "set_by"])
        for m, g, s in at.envelope_rows():
            w.writerow([f"{m:.6g}", f"{g:.6g}" if math.isfinite(g) else "", s])
    paths["envelope"] = str(env)
    js = out / "atlas.json"
    js.write_text(json.dumps(strict_json(at.as_dict()), indent=1))
    paths["json"] = str(js)
    return paths
