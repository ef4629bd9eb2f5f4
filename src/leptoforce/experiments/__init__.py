"""Experiments: limit curves and recasting (more to come: DAMPE, XENON1T, Borexino data)."""
