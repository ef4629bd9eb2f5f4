"""Shared input validation of model objects: each failure names the parameter and what is allowed."""
from __future__ import annotations

import math

from ..errors import InvalidInputError


def finite(name: str, value) -> float:
    """``value`` as a finite float, or InvalidInputError naming ``name``."""
    try:
        v = float(value)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(f"{name}={value!r} is not a number") from exc
    if not math.isfinite(v):
        raise InvalidInputError(f"{name}={value!r} must be finite")
    return v


def positive(name: str, value) -> float:
    """``value`` as a positive finite float."""
    v = finite(name, value)
    if v <= 0:
        raise InvalidInputError(f"{name}={value!r} must be a positive finite number")
    return v


def coupling(name: str, value) -> float:
    """A finite coupling with |value| <= 4 pi (perturbativity)."""
    v = finite(name, value)
    if abs(v) > 4 * math.pi:
        raise InvalidInputError(f"{name}={value!r} exceeds the perturbative bound |{name}| <= 4 pi = {4 * math.pi:.4f}")
    return v
