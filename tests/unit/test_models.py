"""Charge assignments, anomaly conditions, ZPrime validation (acceptance: bad input, anomalies)."""

import numpy as np
import pytest

from leptoforce import units as u
from leptoforce.errors import InvalidInputError
from leptoforce.model import (PRESETS, ChargeAssignment, DiracFermion, ZPrime, anomaly_coefficients,
                              lepton_flavour_plus_bl, neutrinophilic, preset)


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_anomaly_free_or_declared_effective(name):
    ch = preset(name)
    assert ch.is_anomaly_free() or ch.effective
    if name != "nuphilic-mumu":
        assert ch.is_anomaly_free() and not ch.effective


def test_bl_without_rhn_is_refused():
    q = (1 / 3,) * 3
    with pytest.raises(InvalidInputError, match="anomalous") as exc:
        ChargeAssignment("B-L no nuR", Q=q, u=q, d=q, L=(-1, -1, -1), e=(-1, -1, -1))
    assert "grav^2 X" in str(exc.value) and "X^3" in str(exc.value)
    # two right-handed neutrinos are not enough either
    with pytest.raises(InvalidInputError, match="anomalous"):
        ChargeAssignment("B-L 2 nuR", Q=q, u=q, d=q, L=(-1, -1, -1), e=(-1, -1, -1), nu_R=(-1, -1))
    # declared as an effective theory, it is accepted
    ch = ChargeAssignment("B-L eft", Q=q, u=q, d=q, L=(-1, -1, -1), e=(-1, -1, -1), effective=True)
    assert not ch.is_anomaly_free()


def test_bl_coefficients_vanish_with_three_rhn():
    assert all(abs(v) < 1e-12 for v in anomaly_coefficients(preset("B-L")).values())


@pytest.mark.parametrize("eps", [-1.3, -0.2, 0.37, 2.0])
@pytest.mark.parametrize("pair", [("e", "mu"), ("e", "tau"), ("mu", "tau")])
def test_general_family_anomaly_free(pair, eps):
    ch = lepton_flavour_plus_bl(*pair, eps=eps)
    assert ch.is_anomaly_free()


def test_single_lepton_number_is_anomalous():
    with pytest.raises(InvalidInputError, match="SU2\\^2 X"):
        ChargeAssignment("L_mu", L=(0, 1, 0), e=(0, 1, 0))


def test_chiral_dark_fermions_can_cancel():
    """A chiral dark sector enters the sums: L_mu alone plus dark Weyl fermions still fails SU(2)^2."""
    with pytest.raises(InvalidInputError):
        ChargeAssignment("x", L=(0, 1, 0), e=(0, 1, 0), dark_weyl=(1.0,))
    # a genuinely chiral anomaly-free dark set: charges (1, 5, -7, -8, 9) (sum and sum of cubes vanish)
    ok = ChargeAssignment("dark chiral", dark_weyl=(1.0, 5.0, -7.0, -8.0, 9.0))
    assert ok.is_anomaly_free()
    with pytest.raises(InvalidInputError, match="X\\^3"):
        ChargeAssignment("dark chiral odd", dark_weyl=(1.0, 1.0, -2.0))


def test_couplings_presets():
    zp = ZPrime(10 * u.MeV, 1e-3, "Le-Lmu", loop_mixing=False)
    assert zp.couplings("e") == (1e-3, 0.0) and zp.couplings("mu") == (-1e-3, 0.0)
    assert zp.couplings("tau") == (0.0, 0.0) and zp.couplings("u") == (0.0, 0.0)
    assert np.allclose(zp.neutrino_couplings(), np.diag([1e-3, -1e-3, 0]))
    bl = ZPrime(1 * u.GeV, 1e-3, "B-L")
    assert bl.couplings("d")[0] == pytest.approx(1e-3 / 3)


def test_neutrinophilic_matrix():
    ch = neutrinophilic({"mu tau": 0.5, "mu mu": 1.0})
    m = ch.neutrino_matrix()
    assert m[1, 2] == m[2, 1] == 0.5 and m[1, 1] == 1.0 and ch.effective
    with pytest.raises(InvalidInputError, match="flavour"):
        neutrinophilic({"mu x": 1.0})


@pytest.mark.parametrize("kwargs,param", [
    (dict(mass=-1.0, g=1e-3, charges="B-L"), "mass"),
    (dict(mass=0.0, g=1e-3, charges="B-L"), "mass"),
    (dict(mass=float("nan"), g=1e-3, charges="B-L"), "mass"),
    (dict(mass=1.0, g=13.0, charges="B-L"), "g=13.0 exceeds"),
    (dict(mass=1.0, g=-1e-3, charges="B-L"), "g="),
    (dict(mass=1.0, g=1e-3, charges="L_e-L_x"), "charges='L_e-L_x' is unknown"),
    (dict(mass=1.0, g=1e-3, charges="B-L", epsilon=2.0), "epsilon"),
    (dict(mass=1.0, g=1e-3, charges="Lmu-Ltau", rhn_masses=(1.0,)), "rhn_masses"),
])
def test_bad_inputs_name_the_parameter(kwargs, param):
    with pytest.raises(InvalidInputError, match=param):
        ZPrime(**kwargs)


def test_zprime_is_immutable():
    zp = ZPrime(1.0, 1e-3, "B-L")
    with pytest.raises(Exception):
        zp.mass = 2.0  # type: ignore[misc]
    assert zp.with_(mass=2.0).mass == 2.0 and zp.mass == 1.0


def test_dark_particle_validation():
    with pytest.raises(InvalidInputError, match="mass"):
        DiracFermion(-1.0, 1.0)
    with pytest.raises(InvalidInputError, match="unique"):
        ZPrime(1.0, 1e-3, "B-L", dark=(DiracFermion(0.1, 1.0), DiracFermion(0.2, 1.0)))
