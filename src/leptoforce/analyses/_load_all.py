"""Importing this module registers every analysis."""
from . import sidm_lmu_ltau  # noqa: F401
