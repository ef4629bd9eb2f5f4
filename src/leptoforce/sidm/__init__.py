"""Self-interacting dark matter: Yukawa scattering in every regime and velocity averages.

- :mod:`.yukawa`: :class:`Yukawa` (Born, classical fits, partial waves, automatic choice;
  distinguishable or identical particles; transfer and viscosity cross sections).
- :mod:`.partial_waves`: phase shifts from the radial Schrodinger equation.
- :mod:`.averages`: Maxwell-Boltzmann averages <sigma v>/m and <sigma>/m.

The pseudo-Dirac N1/N2 model of seed 001 (relic-fixed Yukawa coupling), which combines this engine with
the freeze-out engine, lives in :mod:`leptoforce.scenarios.pseudo_dirac`.
"""
from .averages import maxwell_average, mean_velocity_from_dispersion
from .partial_waves import STATISTICS, cross_sections_from_phases, phase_shifts
from .yukawa import METHODS, ApproximationWarning, CrossSections, Yukawa, born_k2_sigma, classical_sigma_T, per_mass_cm2_g

__all__ = ["Yukawa", "CrossSections", "METHODS", "STATISTICS", "ApproximationWarning", "phase_shifts",
           "cross_sections_from_phases", "born_k2_sigma", "classical_sigma_T", "per_mass_cm2_g",
           "maxwell_average", "mean_velocity_from_dispersion"]
