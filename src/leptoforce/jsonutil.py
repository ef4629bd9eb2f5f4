"""Strict JSON for every output of leptoforce (command line, atlas files, summaries)."""
from __future__ import annotations

import math

__all__ = ["strict_json"]


def strict_json(obj):
    """``obj`` with every non-finite float replaced by None and numpy values turned into Python ones (so that
    ``json.dumps`` gives strict JSON)."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: strict_json(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [strict_json(v) for v in obj]
    if hasattr(obj, "tolist") and hasattr(obj, "dtype"):          # numpy arrays and scalars
        return strict_json(obj.tolist())
    return obj
