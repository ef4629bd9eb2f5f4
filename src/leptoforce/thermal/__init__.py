"""Early-universe engine. So far: thermodynamics (g_*, H, s, equilibrium densities)."""
from .thermo import (STATISTICS, dlngs_dlnT, energy_density, entropy_density, entropy_density_species, equilibrium,
                     gstar_range, gstar_rho, gstar_s, hubble, number_density, number_density_boltzmann, pressure,
                     radiation_density)

__all__ = ["gstar_rho", "gstar_s", "dlngs_dlnT", "gstar_range", "hubble", "entropy_density", "radiation_density",
           "equilibrium", "number_density", "energy_density", "pressure", "entropy_density_species",
           "number_density_boltzmann", "STATISTICS"]
