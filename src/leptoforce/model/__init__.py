"""Models: U(1)_X charges (:mod:`.charges`), the Z' (:mod:`.zprime`), dark-sector particles
(:mod:`.dark_sector`), neutrino mixing (:mod:`.mixing`: PMNS and MSW) and the shared vocabulary of
particle statistics (:mod:`.statistics`). Every model object is frozen and validated.
"""
from .charges import (FLAVOURS, PRESETS, ChargeAssignment, anomaly_coefficients, lepton_flavour_plus_bl,
                      neutrinophilic, preset)
from .dark_sector import DarkHiggs, DiracFermion, MajoranaRHN, PseudoDiracPair, SterileNeutrino
from .zprime import FERMIONS, QUARKS, ZPrime, fermion_mass, loop_kinetic_mixing, loop_mixing_is_finite, loop_zzp_mixing

__all__ = ["ChargeAssignment", "preset", "PRESETS", "lepton_flavour_plus_bl", "neutrinophilic",
           "anomaly_coefficients", "FLAVOURS", "ZPrime", "loop_kinetic_mixing", "loop_zzp_mixing",
           "loop_mixing_is_finite", "fermion_mass", "FERMIONS", "QUARKS", "DiracFermion", "PseudoDiracPair",
           "MajoranaRHN", "SterileNeutrino", "DarkHiggs"]
