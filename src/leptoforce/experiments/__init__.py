"""Experiments: the published limit curves and their recast to any U(1) (:mod:`.limits`), every bound at one
mass (:mod:`.bounds`: curves and the bounds computed in ``lab``), the DAMPE 2017 electron spectrum
(:mod:`.dampe`), the XENON1T SR1 electron-recoil data and response (:mod:`.xenon1t`) and the Planck
energy-deposition efficiencies (:mod:`.planck`).
"""
