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
