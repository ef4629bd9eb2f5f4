"""Scan family ``dampe-emu``: the total likelihood of seed 000 (U(1)_{e-mu} Dirac DM and DAMPE), batched.

Physics and likelihood in :mod:`leptoforce.inference.dampe_emu`; this module maps scan chunks to it.
"""
from __future__ import annotations

import numpy as np

from .. import constants as C
from ..errors import InvalidInputError
from ..inference.dampe_emu import dampe_likelihood_cached
from .registry import describe_family, register_family

__all__ = ["DAMPE_OBSERVABLES", "dampe_family"]

DAMPE_OBSERVABLES = ("relic", "cmb", "lep", "dd", "dampe", "lz", "ilc", "total", "total_lz", "total_lz_ilc",
                     "sigma_v0_cm3s", "omega_h2", "m_zp", "width_GeV", "f_eff", "ebr2_GeV", "dgamma2")
_CITE = "seed 000 Sec. III (leptoforce.inference.dampe_emu)"
describe_family("dampe-emu", {
    "relic": ("", "chi^2 of Omega h^2 against the paper's Planck value (10% theory error added)", _CITE),
    "cmb": ("", "chi^2 term of the Planck p_ann limit on <sigma v> f_eff / m", _CITE),
    "lep": ("", "chi^2 term of the LEP e+e- -> l+l- contact limit", _CITE),
    "dd": ("", "chi^2 term of the loop-induced direct-detection limit (current)", "seed 000 eq. 8"),
    "dampe": ("", "chi^2 of the DAMPE 2017 spectrum with the subhalo signal (E_br2, dgamma2 refitted)", _CITE),
    "lz": ("", "chi^2 term of the LZ projection of the direct-detection limit", "seed 000 eq. 9"),
    "ilc": ("", "chi^2 term of the ILC contact-limit projection", _CITE),
    "total": ("", "sum of relic, cmb, lep, dd and dampe", _CITE),
    "total_lz": ("", "total with the LZ projection in place of the current direct-detection term", _CITE),
    "total_lz_ilc": ("", "total_lz with the ILC projection added", _CITE),
    "sigma_v0_cm3s": ("cm^3/s", "<sigma v> of psi psi_bar today (v -> 0)", "seed 000 eq. 4"),
    "omega_h2": ("", "freeze-out Omega h^2 of psi", "leptoforce.thermal.freezeout"),
    "m_zp": ("GeV", "Z' mass r m_psi", "seed 000 Sec. II"),
    "width_GeV": ("GeV", "total Z' width", "seed 000 eq. 5"),
    "f_eff": ("", "CMB energy-deposition efficiency of the annihilation products", "Slatyer, PRD 93 (2016) 023527, arXiv:1506.03811"),
    "ebr2_GeV": ("GeV", "refitted second break energy of the background", "seed 000 eq. 6"),
    "dgamma2": ("", "refitted second spectral-index change of the background", "seed 000 eq. 6"),
})


@register_family("dampe-emu", batched=True,
                 parameters={"m_psi": "energy", "r": "dimensionless", "q_psi": "dimensionless", "g": "dimensionless",
                             "M_sub_Msun": "dimensionless"},
                 options={"n_m": int, "n_M": int}, known=DAMPE_OBSERVABLES)
def dampe_family(points: dict, model: dict, observables: tuple[str, ...]):
    """Seed 000's total likelihood (:mod:`leptoforce.inference.dampe_emu`), vectorised over a chunk.

    Keys (parameters or model entries): ``m_psi`` [GeV], ``r`` (= m_Z'/m_psi), ``q_psi``, ``g``,
    ``M_sub_Msun`` (subhalo mass in solar masses); model ``n_m``, ``n_M`` (template grids). Observables:
    the likelihood terms and derived quantities listed in DAMPE_OBSERVABLES. A point whose relic
    density cannot be computed by freeze-out (never in equilibrium) gets status 'not-thermal' and
    infinite relic/total terms.
    """
    n = len(next(iter(points.values())))
    vals = {}
    for key in ("m_psi", "r", "q_psi", "g", "M_sub_Msun"):
        if key in points:
            vals[key] = points[key]
        elif key in model:
            vals[key] = np.full(n, float(model[key]))
        else:
            raise InvalidInputError(f"dampe-emu scan needs {key!r} as a parameter or model entry")
    for name in observables:
        if name not in DAMPE_OBSERVABLES:
            raise InvalidInputError(f"observable {name!r} is unknown for dampe-emu; known: {', '.join(DAMPE_OBSERVABLES)}")
    like = dampe_likelihood_cached(int(model.get("n_m", 660)), int(model.get("n_M", 5)))
    m_tab, M_tab = like.templates.m, like.templates.M_sub / C.M_sun
    inside = ((vals["m_psi"] >= m_tab[0]) & (vals["m_psi"] <= m_tab[-1])
              & (vals["M_sub_Msun"] >= M_tab[0] * (1 - 1e-9)) & (vals["M_sub_Msun"] <= M_tab[-1] * (1 + 1e-9)))
    out = {k: np.full(n, np.nan) for k in observables}
    omega = np.full(n, np.nan)
    if inside.any():
        res = like.evaluate(*(vals[k][inside] for k in ("m_psi", "r", "q_psi", "g")), vals["M_sub_Msun"][inside] * C.M_sun)
        for k in observables:
            out[k][inside] = res[k]
        omega[inside] = res["omega_h2"]
    outside = (f"OutOfDomainError: outside the signal templates (m_psi {m_tab[0]:g}-{m_tab[-1]:g} GeV, "
               f"M_sub {M_tab[0]:.3g}-{M_tab[-1]:.3g} Msun)")
    status = [("ok" if np.isfinite(o) else "not-thermal") if ok else outside for o, ok in zip(omega, inside)]
    return out, status
