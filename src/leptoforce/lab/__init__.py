"""Laboratory and stellar observables of a Z': lepton g-2 (:mod:`.g2`), neutrino-electron scattering
(:mod:`.nue`: Borexino; :mod:`.reactor`: TEXONO), neutrino trident production (:mod:`.trident`: CCFR),
contact-interaction limits (:mod:`.contact`: LEP, ILC, direct-detection loops), plasmon decay in white
dwarfs (:mod:`.stellar`), neutrinophilic vectors (:mod:`.nuphilic`), xenon target data (:mod:`.targets`)
and the registry entries of the bounds computed here (:mod:`.bounds`).
"""
from . import g2

__all__ = ["g2"]
