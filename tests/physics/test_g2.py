"""Muon/electron g-2 from a Z' (seed 001 eq. 8; Jegerlehner & Nyffeler arXiv:0902.3360)."""
import math

import numpy as np
import pytest

from leptoforce import constants as C
from leptoforce import units as u
from leptoforce.errors import InvalidInputError
from leptoforce.lab import g2
from leptoforce.model import ChargeAssignment, ZPrime


def test_light_zprime_limit_seed001():
    """Delta a_mu -> g'^2/(8 pi^2) = 31.7e-10 at g' = 5e-4 for m_Z' << m_mu (acceptance)."""
    zp = ZPrime(1e-5 * C.m_mu, 5e-4, "Lmu-Ltau", loop_mixing=False)
    limit = (5e-4) ** 2 / (8 * math.pi**2)
    assert limit == pytest.approx(31.7e-10, rel=2e-3)
    assert g2.delta_a(zp, "mu") == pytest.approx(limit, rel=1e-4)


@pytest.mark.parametrize("r", np.geomspace(1e-8, 1e8, 41))
def test_quadrature_matches_closed_form(r):
    """Numerical integral vs the partial-fraction closed form, to 1e-6 at every mass (acceptance)."""
    assert g2.vector_loop_integral(r) == pytest.approx(g2.vector_loop_closed_form(r), rel=1e-6)


def test_closed_form_at_r_equal_4_is_continuous():
    vals = [g2.vector_loop_closed_form(r) for r in (4 - 1e-9, 4.0, 4 + 1e-9)]
    assert vals[0] == pytest.approx(vals[1], rel=1e-7) and vals[2] == pytest.approx(vals[1], rel=1e-7)


def test_heavy_limits_vector_and_axial():
    """M >> m: Delta a_V -> g^2 m^2/(12 pi^2 M^2), Delta a_A -> -5 g^2 m^2/(12 pi^2 M^2)."""
    m, M, g = C.m_mu, 1e4 * C.m_mu, 1e-2
    assert g2.delta_a_vector(m, M, g) == pytest.approx(g**2 * m**2 / (12 * math.pi**2 * M**2), rel=1e-3)
    assert g2.delta_a_axial(m, M, g) == pytest.approx(-5 * g**2 * m**2 / (12 * math.pi**2 * M**2), rel=1e-3)


def test_chiral_charges_give_axial_contribution():
    """A purely right-handed muon charge has g_V = g_A = g/2: vector and axial pieces add."""
    ch = ChargeAssignment("muR-only", e=(0, 1, 0), effective=True)
    zp = ZPrime(1 * u.GeV, 1e-3, ch)
    gv, ga = zp.couplings("mu")
    assert gv == pytest.approx(5e-4) and ga == pytest.approx(-5e-4)
    total = g2.delta_a(zp, "mu")
    assert total == pytest.approx(g2.delta_a_vector(C.m_mu, zp.mass, gv) + g2.delta_a_axial(C.m_mu, zp.mass, ga))
    assert total < 0  # axial dominates (-5 vs +1 at heavy mass)


def test_measured_datasets():
    assert g2.measured("mu", "seed001-davier2011") == (26.1e-10, 8.0e-10)
    assert g2.measured("mu", "seed001-hagiwara2011") == (28.7e-10, 8.0e-10)
    c, s = g2.measured("mu", "wp2025")
    assert abs(c) < 1.0 * s  # the 2025 situation: no significant discrepancy
    with pytest.raises(InvalidInputError, match="dataset"):
        g2.measured("mu", "nonexistent")
    with pytest.raises(InvalidInputError, match="lepton"):
        g2.measured("e", "seed001-davier2011")


def test_vector_loop_far_above_lepton_mass():
    # r = (1 TeV/m_e)^2 ~ 4e12: the cancellation between r^3-sized terms needs extra digits; I_V -> 2/(3r)
    from leptoforce.lab.g2 import vector_loop_closed_form
    for r in (1e8, 3.8e12, 1e16):
        assert vector_loop_closed_form(r) * 1.5 * r == pytest.approx(1.0, rel=1e-6)
