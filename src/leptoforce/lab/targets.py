"""Detector target data: the xenon atom (electrons per atom that a recoil can ionise, atoms per tonne) and the
true-recoil-energy grid on which xenon-detector spectra are evaluated.

Seed 003 counts the 26 electrons of the 4s-5p shells of each atom for every recoil above threshold
("seed26"); ``counting="shells"`` counts, at recoil energy T, every subshell whose binding energy is
below T (X-Ray Data Booklet Table 1-1, ``data/xenon1t/xenon_shell_binding_energies.csv``): 44 electrons
from 1.15 keV, 52 from 4.8 keV. Xenon: 131.293 g/mol (CIAAW 2017 standard atomic weight, constants)
gives 4.587e27 atoms per tonne.

Units: recoil energies in keV as plain numbers (the detectors' binning), counts dimensionless.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from .. import constants as C
from ..data import load_table
from ..errors import InvalidInputError
from ..validate import checked
from ..numerics import readonly

__all__ = ["ATOMS_PER_TONNE", "T_GRID_KEV", "shell_table", "electrons_per_atom"]

#: Xenon atoms per tonne (1e6 g over the molar mass, times Avogadro's number).
ATOMS_PER_TONNE = 1e6 / C.M_Xe * C.N_A
#: True-recoil-energy grid [keV] on which signal spectra are evaluated (fine enough for the 0.5 keV
#: resolution at 1 keV; extends past 30 keV so that resolution tails into the last bin are included).
T_GRID_KEV = np.concatenate([np.arange(0.05, 10.0, 0.025), np.arange(10.0, 40.0 + 0.025, 0.05)])
T_GRID_KEV.flags.writeable = False


@lru_cache(maxsize=None)
def shell_table() -> tuple[np.ndarray, np.ndarray]:
    """(electrons, binding energy [keV]) per xenon subshell (X-Ray Data Booklet Table 1-1; module doc)."""
    t = load_table("xenon1t", "xenon_shell_binding_energies.csv")
    return readonly((t[:, 1], t[:, 2] * 1e-3))


@checked(T_keV="nonnegarray", counting=("seed26", "shells"))
def electrons_per_atom(T_keV, counting: str = "seed26") -> np.ndarray:
    """Electrons per xenon atom that a recoil of energy T [keV] can ionise (module doc).

    ``counting``: 'seed26' (the 26 electrons of the 4s-5p shells, seed 003 Sec. II, each counted above its
    own binding energy, so 26 for T > 0.213 keV) or 'shells' (every subshell with binding energy below T).
    Dimensionless.
    """
    T = np.asarray(T_keV, float)
    if np.any(T <= 0):
        raise InvalidInputError(f"T_keV={T_keV!r} must be positive (recoil energy in keV)")
    n, eb = shell_table()
    if counting == "seed26":
        return np.where(T > eb[9], 26.0, np.sum(n[9:] * (T[..., None] > eb[9:]), axis=-1))
    return np.sum(n * (T[..., None] > eb), axis=-1)
