"""Shared plot helpers (matplotlib): exclusion planes with limit layers."""
from .exclusion import exclusion_plane, bound_curves

__all__ = ["exclusion_plane", "bound_curves"]
