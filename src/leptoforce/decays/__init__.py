"""Decays: Z' partial widths (channel dicts), hadrons, dark Higgs, sterile neutrinos."""
from . import dark_higgs, hadrons, sterile
from .zprime import (CHANNEL_ORDER, branching_ratio, branching_ratios, ctau, lifetime, neutrino_widths,
                     partial_widths, total_width, two_body_width)

__all__ = ["partial_widths", "total_width", "branching_ratios", "branching_ratio", "lifetime", "ctau",
           "neutrino_widths", "two_body_width", "CHANNEL_ORDER", "dark_higgs", "hadrons", "sterile"]
