"""Direct-detection limits on dark-matter-nucleon scattering: the LZ WS2024 spin-independent limit.

Table: ``data/dd/lz2024_si_limit.csv`` (J. Aalbers et al., LZ, arXiv:2410.17036; HEPData 155182 v2 table 1): the
observed (power-constrained) 90% CL limit and the median expected sensitivity, 9 - 10000 GeV. Between the
tabulated masses the limit is interpolated linearly in (ln m, ln sigma); outside the table it says nothing
(OutOfDomainError). Masses in GeV internal units; cross sections in GeV^-2 internal units.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from .. import units
from ..data import load_table
from ..errors import OutOfDomainError
from ..numerics import readonly
from ..validate import checked

__all__ = ["lz2024_table", "lz2024_si_limit"]


@lru_cache(maxsize=None)
def lz2024_table() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(mass [GeV internal], observed limit, median expected [GeV^-2 internal]) of LZ WS2024 (module doc)."""
    t = load_table("dd", "lz2024_si_limit.csv")
    return readonly((t[:, 0] * units.GeV, t[:, 1] * units.cm ** 2, t[:, 2] * units.cm ** 2))


@checked(m_chi="posarray", expected="bool")
def lz2024_si_limit(m_chi, expected: bool = False) -> np.ndarray:
    """LZ WS2024 90% CL limit on sigma_SI per nucleon [GeV^-2] at DM masses ``m_chi`` [GeV] (module doc);
    ``expected=True`` gives the median expected sensitivity."""
    m, obs, med = lz2024_table()
    x = np.asarray(m_chi, float)
    if np.any(x < m[0]) or np.any(x > m[-1]):
        raise OutOfDomainError(f"m_chi={float(np.min(x) / units.GeV):g}-{float(np.max(x) / units.GeV):g} GeV: the LZ "
                               f"WS2024 table covers {m[0] / units.GeV:g}-{m[-1] / units.GeV:g} GeV")
    y = med if expected else obs
    return np.exp(np.interp(np.log(x), np.log(m), np.log(y)))
