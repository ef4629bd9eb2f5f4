"""Astrophysics: halos and J-factors (:mod:`.halo`), cosmic-ray electron propagation (:mod:`.propagation`) and
injection spectra (:mod:`.spectra`), the solar neutrino fluxes (:mod:`.solar`) and their electron recoils
(:mod:`.solar_recoil`), cosmic-ray boosted dark matter (:mod:`.crdm`) and dark-matter capture in neutron
stars (:mod:`.neutron_star`).
"""
