"""A do-nothing batched observable family for benchmarks/bench_scan.py (imported through compute.plugins)."""
import numpy as np

from leptoforce.scan import register_family


@register_family("bench-null", batched=True)
def null(points, model, observables):
    """y = x for every point of a chunk: the engine's own cost is all that is measured."""
    x = np.asarray(points["x"], float)
    return {"y": x.copy()}, ["ok"] * x.size


@register_family("bench-gauss", batched=True)
def gauss(points, model, observables):
    """A cheap analytic likelihood: chi^2 of a correlated 2-D Gaussian in (log10 x, y) (benchmarks at 1e7 points)."""
    lx = np.log10(np.asarray(points["x"], float))
    y = np.asarray(points["y"], float)
    dx, dy, rho = (lx + 1.0) / 0.3, (y - 0.5) / 0.1, 0.6
    chi2 = (dx * dx - 2 * rho * dx * dy + dy * dy) / (1 - rho * rho)
    return {"chi2": chi2}, ["ok"] * lx.size
