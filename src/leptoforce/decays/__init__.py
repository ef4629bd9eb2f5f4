"""Decays: Z' partial widths as channel dicts (:mod:`.zprime`), the vector-to-fermion-pair width they share
with the hadronic widths (:mod:`.twobody`), Z' -> hadrons (:mod:`.hadrons`: R ratio, seed-004 form, VMD),
dark Higgs (:mod:`.dark_higgs`) and sterile-neutrino decays (:mod:`.sterile`).
"""
from . import dark_higgs, hadrons, sterile
from .twobody import mumu_width_unit
from .zprime import (CHANNEL_ORDER, branching_ratio, branching_ratios, ctau, lifetime, neutrino_widths,
                     partial_widths, total_width, two_body_width)

__all__ = ["partial_widths", "total_width", "branching_ratios", "branching_ratio", "lifetime", "ctau",
           "neutrino_widths", "two_body_width", "mumu_width_unit", "CHANNEL_ORDER", "dark_higgs", "hadrons", "sterile"]
