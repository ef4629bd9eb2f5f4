"""The total likelihood of seed 000 (Fig. 2): relic density, CMB, LEP, direct detection, DAMPE.

Parameters per point (arrays): m_psi [GeV], r = m_Z'/m_psi (in (1, 2) in the seed's scan), q_psi, g
(the U(1)_{e-mu} coupling), M_sub [GeV] (the subhalo mass; the distance is a setting). Terms, each as
-2 ln L (``terms``):

- ``relic``: Gaussian, Omega h^2 = 0.1199 +- 0.0027 (Planck 2015, the seed's input) with a 10%
  theory error of the prediction added in quadrature (seed 000 Sec. III).
- ``cmb``: p_ann = f_eff <sigma v>_0/(2 m) (Dirac) against the Planck 2015 95% limit 4.1e-28 cm^3/s/GeV
  (:mod:`leptoforce.experiments.planck`), as a half-normal upper limit (:func:`.terms.upper_limit`).
- ``lep``: 1/Lambda^2 ~ g^2/m_Z'^2 against m_Z'/g > 7.2 TeV (e+e- -> e+e-, the stronger of seed 000's
  two LEP numbers; :mod:`leptoforce.lab.contact`), half-normal at 95%.
- ``dd``: sigma_SI ~ (g^2 q_psi/m_Z'^2)^2 against eq. 8 (g^2 q_psi (1170 GeV/m_Z')^2 < 1), 90% CL.
- ``dampe``: the DAMPE chi^2 with E_br2 and dgamma2 profiled (:class:`..experiments.dampe.DampeLikelihood`),
  minus the background-only chi^2 (so the term is negative where the signal helps).
- projections (not in ``total``): ``lz`` (eq. 9, 3058 GeV, 90%) and ``ilc`` (m_Z'/g > 21 TeV, 95%).

``total`` = relic + cmb + lep + dd + dampe; ``total_lz`` adds lz; ``total_lz_ilc`` adds both.
Derived outputs: ``sigma_v0_cm3s`` (<sigma v> at v -> 0, cm^3/s), ``omega_h2``, ``m_zp``, ``width_GeV``,
``f_eff``, ``ebr2_GeV``, ``dgamma2``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from .. import inputs
from .. import units
from ..errors import InvalidInputError
from ..experiments.dampe import DampeLikelihood, SignalSettings, SignalTemplates
from ..experiments.direct import lz2024_si_limit
from ..experiments.planck import P_ANN_LIMITS, f_eff_channel, p_ann
from ..lab.contact import DD_SCALE, ilc_bound_m_over_g, lep_bound_m_over_g
from ..thermal.annihilation import DiracZPrimeAnnihilation
from ..model.charges import charges_arg
from ..validate import checked, fields, integer
from .terms import gaussian, upper_limit

__all__ = ["DampeEmuLikelihood", "LikelihoodSettings", "TERMS", "PARAMETERS", "dampe_likelihood_cached", "DD_LIMITS"]

TERMS = ("relic", "cmb", "lep", "dd", "dampe", "lz", "ilc")
#: The direct-detection term: the seed's eq. 8 (LUX limit of its ref. 26 rescaled to PandaX-II, 1170 GeV), or the
#: LZ WS2024 limit with the seed's own calibration of sigma_SI (eq. 9: sigma_SI = 2.4e-11 pb at g^2 q (3058 GeV/
#: m_Z')^2 = 1, i.e. sigma_SI = 2.4e-11 pb x [g^2 q (3058 GeV/m_Z')^2]^2 for TeV dark matter).
DD_LIMITS = ("seed000", "lz2024")
PARAMETERS = ("m_psi", "r", "q_psi", "g", "M_sub")


@dataclass(frozen=True)
class LikelihoodSettings:
    """Inputs of the total likelihood (module doc); the defaults are the seed's."""

    omega_obs: float = inputs.value("relic.omega_h2", "paper-seed000")
    omega_err: float = inputs.get("relic.omega_h2", "paper-seed000").err
    omega_theory_frac: float = inputs.value("relic.theory_frac", "paper-seed000")
    p_ann: str = inputs.value("cmb.p_ann_dataset", "paper-seed000")
    charges: str = "Le-Lmu"
    signal: SignalSettings = field(default_factory=SignalSettings)
    n_m: int = 660
    n_M: int = 5
    relic_steps: int = 300
    dd_limit: str = "seed000"

    def __post_init__(self) -> None:
        fields(self, "LikelihoodSettings.", omega_obs="pos", omega_err="pos", omega_theory_frac="nonneg",
               charges=charges_arg, signal=SignalSettings, n_m=lambda n, v: integer(n, v, minimum=2), n_M="int",
               relic_steps="int", dd_limit=DD_LIMITS)
        if self.p_ann not in P_ANN_LIMITS:
            raise InvalidInputError(f"p_ann={self.p_ann!r}; allowed: {', '.join(P_ANN_LIMITS)}")


class DampeEmuLikelihood:
    """Vectorised total likelihood of seed 000 (module doc). Build once; call :meth:`evaluate`."""

    @checked(settings=LikelihoodSettings)
    def __init__(self, settings: LikelihoodSettings = LikelihoodSettings()):
        self.settings = settings
        self.ann = DiracZPrimeAnnihilation(settings.charges)
        self.templates = SignalTemplates(settings.signal, n_m=settings.n_m, n_M=settings.n_M)
        self.dampe = DampeLikelihood(self.templates.data)
        self.lep = lep_bound_m_over_g("e e")
        self.ilc = ilc_bound_m_over_g()
        # f_eff per channel on the template mass grid, interpolated in ln m (f_eff_channel raises for
        # channels it does not implement)
        self._lnm = np.log(self.templates.m)
        self._feff = {ch[0]: f_eff_channel(ch[0], self.templates.m) for ch in self.ann.channels}

    def _f_eff(self, m, br):
        return sum(b * np.interp(np.log(m), self._lnm, self._feff[ch]) for ch, b in br.items())

    @checked(m_psi="posarray", r="posarray", q_psi="realarray", g="couplingarray", M_sub="posarray")
    def evaluate(self, m_psi, r, q_psi, g, M_sub) -> dict:
        """All terms and derived quantities (module doc) for arrays of the five parameters.

        m_psi [GeV] > 0, r = m_Z'/m_psi > 0, q_psi (the psi charge; only q_psi^2 and q_psi g^2 enter, and
        the loop direct-detection term needs q_psi > 0), 0 < g <= 4 pi, M_sub [GeV] > 0 (broadcast).
        """
        if np.any(np.asarray(q_psi) <= 0):
            raise InvalidInputError(f"q_psi={q_psi!r} must be > 0 (seed 000's loop direct-detection bound, eq. 8, "
                                    "is written for q_psi > 0)")
        try:
            m, r, q, g, Ms = np.broadcast_arrays(*(np.atleast_1d(a) for a in (m_psi, r, q_psi, g, M_sub)))
        except ValueError:
            raise InvalidInputError("m_psi, r, q_psi, g and M_sub must broadcast to one shape") from None
        mz = r * m
        s = self.settings
        sv0 = self.ann.sigma_v0(m, mz, g, q)
        sv_cm = sv0 / (units.cm ** 3 / units.s)
        br = self.ann.branching(m)
        omega = self.ann.omega_h2(m, mz, g, q, n_steps=s.relic_steps)
        out = {"m_zp": mz, "sigma_v0_cm3s": sv_cm, "omega_h2": omega, "width_GeV": self.ann.width(mz, g, q, m)}
        sig_om = np.sqrt(s.omega_err ** 2 + (s.omega_theory_frac * omega) ** 2)
        thermal = np.isfinite(omega)
        out["relic"] = np.where(thermal, gaussian(np.where(thermal, omega, s.omega_obs), s.omega_obs,
                                                  np.where(thermal, sig_om, 1.0)), np.inf)
        fe = self._f_eff(m, br)
        out["f_eff"] = fe
        out["cmb"] = upper_limit(p_ann(sv0, m, fe, dirac=True), P_ANN_LIMITS[s.p_ann], 0.95)
        out["lep"] = upper_limit((g / mz) ** 2, self.lep ** -2, 0.95)
        out["ilc"] = upper_limit((g / mz) ** 2, self.ilc ** -2, 0.95)
        if s.dd_limit == "lz2024":
            sig_ref = inputs.value("dd.lz_projection_sigma", "paper-seed000")
            sigma_si = sig_ref * (g * g * q * (DD_SCALE["LZ"] / mz) ** 2) ** 2
            out["sigma_si_cm2"] = sigma_si / units.cm ** 2
            out["dd"] = upper_limit(sigma_si, lz2024_si_limit(m), 0.90)
        else:
            out["dd"] = upper_limit((g * g * q / mz ** 2) ** 2, DD_SCALE["current"] ** -4, 0.90)
        out["lz"] = upper_limit((g * g * q / mz ** 2) ** 2, DD_SCALE["LZ"] ** -4, 0.90)
        sig = self.templates.signal(m, sv_cm, Ms, br)
        chi, th = self.dampe.chi2(sig)
        out["dampe"] = chi - self.dampe.chi2_bkg_only
        out["ebr2_GeV"] = np.exp(th[:, 0])
        out["dgamma2"] = th[:, 1]
        out["total"] = out["relic"] + out["cmb"] + out["lep"] + out["dd"] + out["dampe"]
        out["total_lz"] = out["total"] + out["lz"]
        out["total_lz_ilc"] = out["total_lz"] + out["ilc"]
        return out


@lru_cache(maxsize=4)
def dampe_likelihood_cached(n_m: int = 660, n_M: int = 5) -> DampeEmuLikelihood:
    """One :class:`DampeEmuLikelihood` per process and template grid (the templates are disk-cached)."""
    return DampeEmuLikelihood(LikelihoodSettings(n_m=n_m, n_M=n_M))
