"""Solar neutrinos at Earth: B16 fluxes and spectra, MSW-LMA survival and flavour composition, flux moments.

Fluxes: B16 standard solar model (N. Vinyoles et al., ApJ 835 (2017) 202, arXiv:1611.09867), GS98 (default)
or AGSS09met composition (``data/solar_nu``). Continuous spectra: pp and hep (Bahcall, PRC 56 (1997) 3391),
8B (Winter et al., PRC 73 (2006) 025503), 13N, 15O, 17F (Bahcall & Ulrich, RMP 60 (1988) 297). Lines:

* 7Be at 861.8 and 384.3 keV (Bahcall, PRD 49 (1994) 3923), with the branching of 7Be electron capture
  to the 478 keV excited state of 7Li, 10.44% (D. R. Tilley et al., Nucl. Phys. A 708 (2002) 3, the
  A = 5-7 evaluation), so 89.56% / 10.44% of the B16 7Be flux;
* pep at 1.442 MeV (J. N. Bahcall, Neutrino Astrophysics, CUP 1989, Table 6.1; the shared line table's
  1.445 MeV comes from a third-party file and is not used).

Oscillations: adiabatic MSW in the LMA solution. A nu_e produced at electron density n_e arrives as an
incoherent mixture of mass eigenstates with weights w_1 = c13^2 cos^2 theta12^m, w_2 = c13^2 sin^2 theta12^m,
w_3 = s13^2, so that P_e,alpha = sum_i w_i |U_alpha,i|^2 for alpha = e, mu, tau (the mu/tau split follows
from the PMNS matrix of :data:`leptoforce.model.mixing.OSCILLATION`; theta12^m from
:func:`leptoforce.model.mixing.cos2theta12_matter`). One production density is used for every source,
``n_e_over_NA`` = 100 (electrons per cm^3 in units of N_A; the SSM core value, B16): below 1 MeV it
moves P_ee by less than 2% between the pp and 8B production zones, and the keV recoils that matter here
come from pp and 7Be. ``pee="constant"`` with ``pee_value`` replaces the MSW form (for tests).

Flux moments. Neutrino-electron recoil spectra need, at recoil T, the tail integrals
I_n,alpha(E_min) = int_{E_min} dE Phi(E) P_e,alpha(E) E^-n (n = 0, 1, 2) over continua and lines
(:meth:`SolarNeutrinos.tail_moments`). Units: energies in GeV, fluxes in internal units
(``units.cm**-2 / units.s``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from .. import constants as C
from .. import units
from .. import inputs
from ..data import load_table, table_path
from ..errors import InvalidInputError, OutOfDomainError
from ..model.mixing import OSCILLATION, cos2theta12_matter, pmns_abs2, solar_flavour_fractions
from ..validate import checked, fields, integer, sequence
from ..numerics import readonly

__all__ = ["SOLAR_SOURCES", "BE7_EXCITED_BRANCHING", "PEP_ENERGY", "b16_fluxes", "SolarNeutrinos"]

SOLAR_SOURCES = ("pp", "pep", "hep", "7Be", "8B", "13N", "15O", "17F")
#: 7Be EC branching to the 478 keV level of 7Li (Tilley et al. 2002; module doc).
BE7_EXCITED_BRANCHING = inputs.value("solar.be7_excited_branching")
#: pep line energy [GeV] (Bahcall 1989; module doc).
PEP_ENERGY = inputs.value("solar.pep_energy")
_BE7_LINES = inputs.value("solar.be7_lines")
_SHAPES = {"pp": ("spectrum_pp.csv", 1.0), "hep": ("spectrum_hep.csv", 1.0),
           "8B": ("spectrum_8B_winter2006.csv", 1e-3), "13N": ("spectrum_13N.csv", 1.0),
           "15O": ("spectrum_15O.csv", 1.0), "17F": ("spectrum_17F.csv", 1.0)}


@lru_cache(maxsize=None)
@checked(composition=("GS98", "AGSS09met"))
def b16_fluxes(composition: str = "GS98") -> dict[str, float]:
    """Total B16 fluxes per source [internal units of cm^-2 s^-1] for 'GS98' or 'AGSS09met'."""
    cols = {"GS98": 2, "AGSS09met": 4}
    if composition not in cols:
        raise InvalidInputError(f"composition={composition!r} is unknown; allowed: 'GS98', 'AGSS09met'")
    text = table_path("solar_nu", "b16_ssm_total_fluxes.csv").read_text()
    rows = [ln.split(",") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")][1:]
    return readonly({r[0]: float(r[1]) * float(r[cols[composition]]) / (units.cm ** 2 * units.s) for r in rows})


@lru_cache(maxsize=None)
def _shape(name: str) -> tuple[np.ndarray, np.ndarray]:
    fname, scale = _SHAPES[name]
    t = load_table("solar_nu", fname)
    E, f = t[:, 0] * units.MeV, t[:, 1] * scale / units.MeV
    if E[0] > 0:
        E, f = np.concatenate([[0.0], E]), np.concatenate([[0.0], f])
    return readonly((E, f))


@dataclass(frozen=True)
class SolarNeutrinos:
    """Solar neutrino fluxes at Earth with flavour composition (module doc).

    ``sources``: the subset of :data:`SOLAR_SOURCES` to include (default all); ``composition``: 'GS98' or
    'AGSS09met'; ``pee``: 'msw' or 'constant'.
    """

    composition: str = "GS98"
    sources: tuple[str, ...] = SOLAR_SOURCES
    pee: str = "msw"
    pee_value: float = 0.55
    n_e_over_NA: float = 100.0
    n_grid: int = 6000
    _grid: tuple = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        fields(self, "SolarNeutrinos.", composition=("GS98", "AGSS09met"), pee=("msw", "constant"),
               pee_value="prob", n_e_over_NA="pos", n_grid=lambda n, v: integer(n, v, minimum=100))
        object.__setattr__(self, "sources", sequence("SolarNeutrinos.sources", list(self.sources)))
        bad = [s for s in self.sources if s not in SOLAR_SOURCES]
        if bad:
            raise InvalidInputError(f"sources {bad} unknown; allowed: {', '.join(SOLAR_SOURCES)}")
        if self.pee not in ("msw", "constant"):
            raise InvalidInputError(f"pee={self.pee!r} is unknown; allowed: 'msw', 'constant'")
        if not self.n_e_over_NA > 0:
            raise InvalidInputError(f"n_e_over_NA={self.n_e_over_NA!r} must be > 0")
        object.__setattr__(self, "_grid", self._build())

    # -- oscillations ----------------------------------------------------------------------
    @checked(E="posarray")
    def flavour_probabilities(self, E) -> np.ndarray:
        """P_e,alpha(E) for alpha = e, mu, tau (shape (3,) + E.shape) at neutrino energy E [GeV]."""
        E = np.asarray(E, float)
        if self.pee == "constant":
            p = solar_flavour_fractions(self.pee_value)
            return np.multiply.outer(np.array([p["e"], p["mu"], p["tau"]]), np.ones_like(E))
        s13sq = OSCILLATION["s13sq"]
        c2m = cos2theta12_matter(E, self.n_e_over_NA * C.N_A / units.cm ** 3)
        w = np.stack([(1 - s13sq) * (1 + c2m) / 2, (1 - s13sq) * (1 - c2m) / 2, np.full_like(c2m, s13sq)])
        return np.tensordot(pmns_abs2(), w, axes=(1, 0))

    # -- spectra ---------------------------------------------------------------------------
    def lines(self) -> list[tuple[str, float, float]]:
        """(name, E [GeV], flux [internal]) of the included lines."""
        f = b16_fluxes(self.composition)
        out = []
        if "7Be" in self.sources:
            out += [("7Be_862", _BE7_LINES[0], f["7Be"] * (1 - BE7_EXCITED_BRANCHING)),
                    ("7Be_384", _BE7_LINES[1], f["7Be"] * BE7_EXCITED_BRANCHING)]
        if "pep" in self.sources:
            out.append(("pep", PEP_ENERGY, f["pep"]))
        return out

    @checked(E="posarray")
    def continuum(self, E) -> np.ndarray:
        """dPhi/dE [internal: cm^-2 s^-1 GeV^-1] of the included continuous sources at E [GeV]."""
        E = np.asarray(E, float)
        f = b16_fluxes(self.composition)
        tot = np.zeros_like(E)
        for s in self.sources:
            if s in _SHAPES:
                x, y = _shape(s)
                tot = tot + f[s] * np.interp(E, x, y, left=0.0, right=0.0)
        return tot

    def total_flux(self) -> float:
        """Integrated flux of the included sources [internal]."""
        f = b16_fluxes(self.composition)
        return float(sum(f[s] for s in self.sources))

    def _build(self):
        E = np.geomspace(1e-3 * units.MeV, 20.0 * units.MeV, self.n_grid)
        phi = self.continuum(E)
        P = self.flavour_probabilities(E)                          # (3, nE)
        tails = np.zeros((3, 3, len(E)))                          # (alpha, n, E)
        for n in range(3):
            g = P * phi * E ** -n                                 # (3, nE)
            seg = 0.5 * (g[:, 1:] + g[:, :-1]) * np.diff(E)
            tails[:, n, :-1] = np.cumsum(seg[:, ::-1], axis=1)[:, ::-1]
        lines = [(e, fl, self.flavour_probabilities(np.array(e))) for _, e, fl in self.lines()]
        return E, tails, lines

    @checked(E_min="posarray")
    def tail_moments(self, E_min) -> np.ndarray:
        """I[alpha, n](E_min) = int_{E >= E_min} dE Phi(E) P_e,alpha(E) E^-n, n = 0, 1, 2, lines included.

        Shape (3, 3) + E_min.shape; units internal (flux x GeV^-n). E_min [GeV] inside the 1 keV-20 MeV grid.
        """
        Emin = np.asarray(E_min, float)
        E, tails, lines = self._grid
        if np.any(Emin < E[0]) or np.any(Emin > E[-1]):
            raise OutOfDomainError(f"E_min outside the tabulated 1 keV - 20 MeV range: {Emin.min():.3g}-{Emin.max():.3g} GeV")
        # the integrand is linear in E between grid points: interpolate the cumulative tail in the
        # same segment (quadratic term neglected; the grid has 6000 log points)
        out = np.empty((3, 3) + Emin.shape)
        for a in range(3):
            for n in range(3):
                out[a, n] = np.interp(Emin, E, tails[a, n])
        for e, fl, p in lines:
            on = (Emin <= e)
            for n in range(3):
                out[:, n] += np.multiply.outer(p * fl * e ** -n, on)
        return out
