"""Observable families used by the scan tests (imported through compute.plugins)."""
import math
import time

from leptoforce.errors import ComputationError
from leptoforce.scan import register_family


@register_family("test-slow")
def slow(point, model, observables):
    """x^2 after sleeping model['sleep_ms'] per point (to make a scan slow enough to kill)."""
    time.sleep(model.get("sleep_ms", 0.0) / 1000.0)
    return {"x2": point["x"] ** 2}


@register_family("test-failing")
def failing(point, model, observables):
    """Raises ComputationError for x > 0.5 (a scan must record it, not stop)."""
    if point["x"] > 0.5:
        raise ComputationError(f"no convergence at x={point['x']:.3f}")
    return {"sqrt": math.sqrt(point["x"])}


@register_family("test-die-once")
def die_once(point, model, observables):
    """x^2, but the process evaluating x >= model['die_at'] exits at once the first time (no marker file
    $LF_DIE_MARKER yet): a worker killed mid-chunk, for the Dask kill test."""
    import os
    from pathlib import Path
    marker = Path(os.environ["LF_DIE_MARKER"])
    if point["x"] >= model["die_at"] and not marker.exists():
        marker.write_text(str(os.getpid()))
        os._exit(17)
    return {"x2": point["x"] ** 2}
