"""Units: parsing, conversions, and the unit-rescaling invariance (acceptance)."""
import json
import os
import subprocess
import sys

import pytest

from leptoforce import units as u
from leptoforce.errors import InvalidInputError


def test_conversions():
    assert u.MeV == pytest.approx(1e-3 * u.GeV)
    assert 1 / u.s == pytest.approx(6.582119569e-25 * u.GeV)   # hbar = 6.58e-25 GeV s
    assert u.GeV * u.cm == pytest.approx(1 / 1.973269804e-14)  # hbar c = 1.97e-14 GeV cm
    # 1 cm^2/g = (1/1.9733e-14)^2 / 5.6096e23 GeV^-3 = 4578 GeV^-3
    assert (u.cm**2 / u.g) * u.GeV**3 == pytest.approx(4578.2, rel=1e-4)
    assert u.kpc / u.cm == pytest.approx(3.0857e21, rel=1e-4)


@pytest.mark.parametrize("text,expected", [("10MeV", 0.01), ("2.6 TeV", 2600.0), ("1e-3", 1e-3), ("3keV", 3e-6),
                                           ("5 eV", 5e-9), ("-2GeV", -2.0)])
def test_parse_energies(text, expected):
    assert u.parse_quantity(text, "x", dimension="energy") == pytest.approx(expected * u.GeV)


def test_parse_compound():
    assert u.parse_quantity("1e-26 cm^3/s") == pytest.approx(1e-26 * u.cm**3 / u.s)
    assert u.parse_quantity("1 cm^2/g") == pytest.approx(u.cm**2 / u.g)


@pytest.mark.parametrize("text,msg", [("10 MeVV", "unknown unit 'MeVV'"), ("ten MeV", "cannot parse"),
                                      ("1cm", "not an energy"), ("", "cannot parse"), ("1 MeV MeV", "cannot parse")])
def test_parse_errors_name_the_parameter(text, msg):
    with pytest.raises(InvalidInputError, match="--mass") as exc:
        u.parse_quantity(text, "--mass", dimension="energy")
    assert msg in str(exc.value)


_PROBE = r"""
import json
from leptoforce import units as u
from leptoforce.model import ZPrime, DarkHiggs
from leptoforce.decays import partial_widths, branching_ratios, dark_higgs
from leptoforce.lab.g2 import delta_a
out = {}
for model, m, g in (("Lmu-Ltau", 10 * u.MeV, 5e-4), ("B-L", 0.8 * u.GeV, 1e-4), ("Le-Lmu", 300 * u.MeV, 1e-3)):
    zp = ZPrime(m, g, model)
    w = partial_widths(zp)
    out[model] = {"br": branching_ratios(zp), "tau_s": 1 / w["total"] / u.s, "ctau_m": 1 / w["total"] / u.m,
                  "damu": delta_a(zp, "mu"), "dae": delta_a(zp, "e"), "eps": zp.epsilon_total,
                  "width_MeV": w["total"] / u.MeV}
zp = ZPrime(10 * u.MeV, 5e-4, "Lmu-Ltau")
out["phi_tau_s"] = dark_higgs.lifetime(DarkHiggs(15 * u.MeV), zp) / u.s
out["sigma_cm2_per_g"] = (1e-24 * u.cm**2 / u.GeV) / (u.cm**2 / u.g)
print(json.dumps(out))
"""


def _probe(scale):
    env = dict(os.environ, LEPTOFORCE_UNIT_GEV=str(scale))
    res = subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, check=True)
    return json.loads(res.stdout)


def _flatten(d, prefix=""):
    for k, v in d.items():
        if isinstance(v, dict):
            yield from _flatten(v, f"{prefix}{k}.")
        else:
            yield f"{prefix}{k}", v


def test_unit_rescaling_invariance():
    """Observables expressed in units (s, m, MeV, cm^2/g) or dimensionless do not depend on the value of GeV."""
    ref = dict(_flatten(_probe(1.0)))
    for scale in (7.3, 1e-3):
        other = dict(_flatten(_probe(scale)))
        assert other.keys() == ref.keys()
        for key, val in ref.items():
            assert other[key] == pytest.approx(val, rel=1e-9, abs=1e-300), key


# ---- arrays: the functions take them (issue 23) ----------------------------------------------------------------
@pytest.mark.parametrize("case", ["delta_a_vector", "g2_g_max", "g2_favoured_band", "number_density", "sigma_T_over_m",
                                  "higgs_invisible_lambda_max", "gamma_zp_ee", "white_dwarf_g_max"])
def test_array_arguments_equal_the_scalar_loop(case):
    import numpy as np
    from leptoforce import constants as C
    from leptoforce.lab import g2, nuphilic, stellar
    from leptoforce.sidm import Yukawa
    from leptoforce.thermal import neff, thermo
    m = np.array([[0.005], [0.02], [0.1]])            # (3, 1) broadcast against (2,)
    fn, kw, arr = {
        "delta_a_vector": (g2.delta_a_vector, dict(m_lepton=C.m_mu), dict(m_zprime=m, g_v=np.array([1e-4, 5e-4]))),
        "g2_g_max": (g2.g2_g_max, dict(charges="Lmu-Ltau"), dict(mass=m, n_sigma=np.array([1.0, 2.0]))),
        "g2_favoured_band": (g2.g2_favoured_band, dict(charges="Lmu-Ltau", dataset="seed001-davier2011"),
                             dict(mass=m, n_sigma=np.array([1.0, 2.0]))),
        "number_density": (thermo.number_density, dict(g=2.0), dict(m=m, T=np.array([0.01, 0.05]))),
        "sigma_T_over_m": (Yukawa(10 * u.GeV, 10 * u.MeV, 1e-3).sigma_T_over_m, {}, dict(v=np.array([1e-4, 3e-4]))),
        "higgs_invisible_lambda_max": (nuphilic.higgs_invisible_lambda_max, {}, dict(m_V=m)),
        "gamma_zp_ee": (neff.gamma_zp_ee, {}, dict(m_zp=m, eps=np.array([1e-5, 1e-4]))),
        "white_dwarf_g_max": (stellar.white_dwarf_g_max, dict(charges="B-L"), dict(mass=m[:, 0])),
    }[case]
    got = fn(**kw, **arr)
    names = list(arr)
    grids = np.broadcast_arrays(*arr.values())
    for idx in np.ndindex(grids[0].shape):
        one = fn(**kw, **{n: float(g[idx]) for n, g in zip(names, grids)})
        if isinstance(one, tuple):
            assert all(got[k][idx] == one[k] for k in range(len(one)))
        else:
            assert got[idx] == one
    assert (got[0] if isinstance(got, tuple) else got).shape == grids[0].shape


def test_array_arguments_are_validated_element_by_element():
    import numpy as np
    from leptoforce.lab import g2
    with pytest.raises(InvalidInputError, match="m_zprime=-0.1"):
        g2.delta_a_vector(0.1, np.array([0.01, -0.1]), 1e-3)
    with pytest.raises(InvalidInputError, match="do not broadcast"):
        g2.delta_a_vector(0.1, np.array([0.01, 0.02]), np.array([1e-3, 2e-3, 3e-3]))
    with pytest.raises(InvalidInputError, match="m_zprime"):
        g2.delta_a_vector(0.1, ["a", 0.1], 1e-3)


def _broadcast_cases():
    from leptoforce import constants as C
    from leptoforce.astro import neutron_star
    from leptoforce.decays import hadrons, twobody
    from leptoforce.lab import nue, trident
    from leptoforce.thermal import freezeout, relics, rhn
    return [
        (twobody.two_body_width, dict(m1=C.m_mu, m2=C.m_mu, gv=1e-3, ga=0.0), dict(m=[0.3, 1.0, 3.0])),
        (hadrons.r_ratio, {}, dict(m=[0.5, 0.78, 1.5])),
        (nue.sigma_total, dict(flavour="e"), dict(E_nu=[1e-3, 5e-3])),
        (trident.trident_g_max, dict(charges="Lmu-Ltau"), dict(mass=[5.0, 20.0])),
        (rhn.f_tau, {}, dict(tau=[0.2, 0.5, 0.9])),
        (freezeout.omega_h2_from_yield, {}, dict(m=[[1.0], [10.0]], Y=[1e-12, 1e-11])),
        (relics.relativistic_relic_omega_h2, dict(g=2.0), dict(m=[1e-6, 1e-5], gstar_s_dec=[10.75, 100.0])),
        (neutron_star.sigma_dm_electron, dict(m_X=1e-3, g=1e-4, K=1e-4), dict(m_chi=[1e-3, 1e-2])),
    ]


@pytest.mark.parametrize("k", range(8))
def test_more_array_arguments_equal_the_scalar_loop(k):
    import inspect
    import numpy as np
    fn, kw, arr = _broadcast_cases()[k]
    params = inspect.signature(fn).parameters
    kw = {n: v for n, v in kw.items() if n in params}
    got = fn(**kw, **arr)
    grids = np.broadcast_arrays(*(np.asarray(v, float) for v in arr.values()))
    assert got.shape == grids[0].shape
    for idx in np.ndindex(grids[0].shape):
        assert got[idx] == fn(**kw, **{n: float(g[idx]) for n, g in zip(arr, grids)})
