"""Early-universe engine: thermodynamics, thermal averages, freeze-out (freeze-in, N_eff to come)."""
from .averages import Resonance, sigma_v_thermal
from .relics import DecoupledSpecies, delta_neff_decoupled, relativistic_relic_omega_h2, relativistic_yield
from .freezeout import (FreezeOutResult, coannihilation_sigma_v, omega_h2_from_yield, relic_abundance,
                        relic_abundance_semianalytic)
from .thermo import (STATISTICS, dlngs_dlnT, energy_density, entropy_density, entropy_density_species, equilibrium,
                     gstar_range, gstar_rho, gstar_s, hubble, number_density, number_density_boltzmann, pressure,
                     radiation_density)

__all__ = ["relativistic_relic_omega_h2", "relativistic_yield", "DecoupledSpecies", "delta_neff_decoupled",
           "sigma_v_thermal", "Resonance", "relic_abundance", "relic_abundance_semianalytic", "FreezeOutResult",
           "coannihilation_sigma_v", "omega_h2_from_yield", "gstar_rho", "gstar_s", "dlngs_dlnT", "gstar_range", "hubble", "entropy_density", "radiation_density",
           "equilibrium", "number_density", "energy_density", "pressure", "entropy_density_species",
           "number_density_boltzmann", "STATISTICS"]
