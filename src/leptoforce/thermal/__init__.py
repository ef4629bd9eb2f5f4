"""Early-universe engine: thermodynamics of the SM bath (:mod:`.thermo`), thermal averages (:mod:`.averages`),
freeze-out (:mod:`.freezeout`) and the annihilation of Dirac dark matter through a Z' (:mod:`.annihilation`),
freeze-in (:mod:`.freezein`), relativistic relics (:mod:`.relics`), N_eff (:mod:`.neff`), the right-handed
neutrinos of the B-L nuMSM (:mod:`.rhn`) and sterile-neutrino production by secret interactions
(:mod:`.sterile`, :mod:`.sterile_rates`).
"""
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
