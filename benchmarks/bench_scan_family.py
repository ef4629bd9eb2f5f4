"""A do-nothing batched observable family for benchmarks/bench_scan.py (imported through compute.plugins)."""
import numpy as np

from leptoforce.scan import register_family


@register_family("bench-null", batched=True)
def null(points, model, observables):
    """y = x for every point of a chunk: the engine's own cost is all that is measured."""
    x = np.asarray(points["x"], float)
    return {"y": x.copy()}, ["ok"] * x.size
