"""Astrophysics: halos and J-factors, cosmic-ray electron injection spectra and propagation."""
