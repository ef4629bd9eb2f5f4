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


@register_family("test-dampe-columns", batched=True)
def dampe_columns(points, model, observables):
    """The columns dampe-emu's scan reduction reads, as cheap analytic functions of (m_psi, g) (tests of the
    bounded-memory reduction of a large random scan)."""
    import numpy as np
    m, g = np.asarray(points["m_psi"], float), np.asarray(points["g"], float)
    lm, lg = np.log10(m / 1500.0), np.log10(g / 0.3)
    total = 40 * lm ** 2 / 0.01 + 3 * lg ** 2 / 0.1
    cols = {"m_zp": 1.7 * m, "q_psi": np.ones_like(m), "sigma_v0_cm3s": 3e-26 * g ** 2, "total": total,
            "total_lz": total + 2.0 * lg, "total_lz_ilc": total + 5.0 * (lg + 0.5) ** 2, "M_sub_Msun": 1e6 + 0 * m,
            "omega_h2": 0.12 + 0 * m}
    return {k: cols[k] for k in observables}, ["ok"] * m.size
