"""Physical inputs (PDG/CODATA/Planck), each with its source and year.

The numbers live in ``data/constants/constants.toml`` (the only place they are written) and
are exposed here as module attributes in internal natural units (GeV = 1), e.g.
``constants.m_mu`` or ``constants.alpha``. :func:`record` returns the full entry (value in
its own unit, source, year) for reports.

Derived quantities (not stored, computed here):
    e        = sqrt(4 pi alpha)                 (Heaviside-Lorentz, dimensionless)
    v_H      = (sqrt(2) G_F)^(-1/2) = 246.22 GeV (Higgs vev)
    M_Pl     = G_N^(-1/2)                        (Planck mass)
    m_Pl_red = M_Pl / sqrt(8 pi)                 (reduced Planck mass)
    cos_theta_W, sin_theta_W
"""
from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from importlib import resources

from . import units
from .errors import InvalidInputError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["Constant", "record", "all_records", "data_version"]


@dataclass(frozen=True)
class Constant:
    """One physical input: value in ``unit`` (text), its source and year."""

    name: str
    value: float
    unit: str
    source: str
    year: int

    @property
    def internal(self) -> float:
        """The value in internal natural units."""
        if not self.unit:
            return float(self.value)
        return units.parse_quantity(f"1 {self.unit}", name=self.name) * self.value


def _load() -> dict[str, Constant]:
    text = resources.files("leptoforce.data.constants").joinpath("constants.toml").read_text()
    raw = tomllib.loads(text)
    return {k: Constant(k, float(v["value"]), v["unit"], v["source"], int(v["year"]))
            for k, v in raw.items()}


_RECORDS = _load()


def record(name: str) -> Constant:
    """The full record (value, unit, source, year) of input ``name``."""
    if name not in _RECORDS:
        from .validate import suggest
        raise InvalidInputError(f"name={name!r} is not a known physical input{suggest(str(name), _RECORDS)}; "
                                f"known: {', '.join(sorted(_RECORDS))}")
    return _RECORDS[name]


def all_records() -> dict[str, Constant]:
    """All input records, keyed by name."""
    return dict(_RECORDS)


def data_version() -> str:
    """A short hash of the constants table, recorded in scan and reproduce outputs."""
    import hashlib
    text = resources.files("leptoforce.data.constants").joinpath("constants.toml").read_bytes()
    return hashlib.sha256(text).hexdigest()[:12]


alpha: float = _RECORDS["alpha"].internal
G_F: float = _RECORDS["G_F"].internal
sin2_theta_W: float = _RECORDS["sin2_theta_W"].internal
alpha_s_mZ: float = _RECORDS["alpha_s_mZ"].internal
m_e: float = _RECORDS["m_e"].internal
m_mu: float = _RECORDS["m_mu"].internal
m_tau: float = _RECORDS["m_tau"].internal
m_c: float = _RECORDS["m_c"].internal
m_b: float = _RECORDS["m_b"].internal
m_t: float = _RECORDS["m_t"].internal
m_pi_charged: float = _RECORDS["m_pi_charged"].internal
m_pi0: float = _RECORDS["m_pi0"].internal
m_K_charged: float = _RECORDS["m_K_charged"].internal
m_D0: float = _RECORDS["m_D0"].internal
m_B_charged: float = _RECORDS["m_B_charged"].internal
m_W: float = _RECORDS["m_W"].internal
m_Z: float = _RECORDS["m_Z"].internal
Gamma_Z: float = _RECORDS["Gamma_Z"].internal
m_h: float = _RECORDS["m_h"].internal
G_N: float = _RECORDS["G_N"].internal
T_CMB: float = _RECORDS["T_CMB"].internal
age_universe: float = _RECORDS["age_universe"].internal
Gamma_W: float = _RECORDS["Gamma_W"].internal
Gamma_W_err: float = _RECORDS["Gamma_W_err"].internal
Gamma_h_SM: float = _RECORDS["Gamma_h_SM"].internal
Gamma_Z_inv: float = _RECORDS["Gamma_Z_inv"].internal
Gamma_Z_inv_err: float = _RECORDS["Gamma_Z_inv_err"].internal
f_pi: float = _RECORDS["f_pi"].internal
f_K: float = _RECORDS["f_K"].internal
V_ud: float = _RECORDS["V_ud"].internal
V_us: float = _RECORDS["V_us"].internal
tau_pi_charged: float = _RECORDS["tau_pi_charged"].internal
tau_K_charged: float = _RECORDS["tau_K_charged"].internal
Omega_c_h2: float = _RECORDS["Omega_c_h2"].internal
p_ann_planck2015: float = _RECORDS["p_ann_planck2015"].internal
p_ann_planck2018: float = _RECORDS["p_ann_planck2018"].internal
M_sun: float = _RECORDS["M_sun"].internal
R_sun_GC: float = _RECORDS["R_sun_GC"].internal
v_circ_sun: float = _RECORDS["v_circ_sun"].internal
rho_DM_local: float = _RECORDS["rho_DM_local"].internal
r_s_MW_NFW: float = _RECORDS["r_s_MW_NFW"].internal
h_Hubble: float = _RECORDS["h_Hubble"].internal
M200_MW: float = _RECORDS["M200_MW"].internal

e: float = math.sqrt(4.0 * math.pi * alpha)
sin_theta_W: float = math.sqrt(sin2_theta_W)
cos_theta_W: float = math.sqrt(1.0 - sin2_theta_W)
v_H: float = (math.sqrt(2.0) * G_F) ** -0.5
M_Pl: float = G_N ** -0.5
m_Pl_red: float = M_Pl / math.sqrt(8.0 * math.pi)

m_n: float = _RECORDS["m_n"].internal
m_phi1020: float = _RECORDS["m_phi1020"].internal
sigma_Thomson: float = _RECORDS["sigma_Thomson"].internal
#: Avogadro constant [mol^-1], exact since the 2019 SI redefinition.
N_A: float = _RECORDS["N_A"].internal
#: Molar mass of xenon [g/mol].
M_Xe: float = _RECORDS["M_Xe"].internal
#: Charged-lepton masses by flavour name.
LEPTON_MASSES = {"e": m_e, "mu": m_mu, "tau": m_tau}
