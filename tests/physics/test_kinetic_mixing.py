"""Loop-induced kinetic mixings of L_mu - L_tau: seed 001 eqs. (3) and (5)."""
import math

import pytest

from leptoforce import constants as C
from leptoforce import units as u
from leptoforce.errors import InvalidInputError
from leptoforce.model import ZPrime, loop_kinetic_mixing, loop_zzp_mixing


def test_eps_AZp_seed001_value():
    """Seed 001 below eq. (13): eps_AZ' = 7.2e-6 for g' = 5e-4; tolerance 2% (acceptance)."""
    zp = ZPrime(10 * u.MeV, 5e-4, "Lmu-Ltau")
    assert abs(zp.epsilon_total) == pytest.approx(7.2e-6, rel=0.02)
    assert zp.epsilon_total < 0  # sign of eq. (3)


def test_eps_AZp_closed_form_eq3():
    zp = ZPrime(10 * u.MeV, 3e-4, "Lmu-Ltau")
    expected = -C.e * 3e-4 / (12 * math.pi**2) * math.log(C.m_tau**2 / C.m_mu**2)
    assert loop_kinetic_mixing(zp, 0.0).real == pytest.approx(expected, rel=1e-12)


def test_eps_q2_dependence_limits():
    """eps(q^2) is continuous at q^2 -> 0, real below 4 m_mu^2 and complex above (threshold)."""
    zp = ZPrime(10 * u.MeV, 5e-4, "Lmu-Ltau")
    e0 = loop_kinetic_mixing(zp, 0.0)
    small = loop_kinetic_mixing(zp, (1e-4 * C.m_mu) ** 2)
    assert small.real == pytest.approx(e0.real, rel=1e-7)
    below = loop_kinetic_mixing(zp, (1.9 * C.m_mu) ** 2)
    assert below.imag == 0.0
    above = loop_kinetic_mixing(zp, (2.5 * C.m_mu) ** 2)
    assert above.imag != 0.0
    # Deep spacelike region q^2 -> -infinity: the logs of both loops grow alike, eps -> 0 (decoupling of mass difference)
    far = loop_kinetic_mixing(zp, -(1e4 * u.GeV) ** 2)
    assert abs(far.real) < 1e-4 * abs(e0.real)


def test_eps_q2_small_q2_slope():
    """d eps/d q^2 at 0 from the expansion ln(m^2 - x(1-x)q^2) ~ ln m^2 - x(1-x)q^2/m^2:
    eps(q^2) - eps(0) = (e g/12 pi^2) q^2 (1/5)(1/m_mu^2 - 1/m_tau^2)... (6 int x^2(1-x)^2 = 1/5)."""
    g = 5e-4
    zp = ZPrime(10 * u.MeV, g, "Lmu-Ltau")
    q2 = (0.01 * C.m_mu) ** 2
    delta = loop_kinetic_mixing(zp, q2).real - loop_kinetic_mixing(zp, 0.0).real
    # eps = -(e g/12pi^2) sum Q X <6x(1-x) ln(...)>, Q X = -1 (mu), +1 (tau)
    expected = -C.e * g / (12 * math.pi**2) * (q2 / 5) * (1 / C.m_mu**2 - 1 / C.m_tau**2)
    assert delta == pytest.approx(expected, rel=1e-3)


@pytest.mark.parametrize("z", [-1e12, -1e6, -10.0, -2e-3, -1e-4, 1e-4, 2e-3, 0.5, 2.0, 3.99, 4.01, 10.0, 1e3, 1e8, 1e13])
def test_vacuum_polarisation_closed_form_vs_quadrature(z):
    from leptoforce.model.zprime import _vacuum_pol_log, _vacuum_pol_log_quad
    m2 = C.m_mu**2
    a, b = _vacuum_pol_log(m2, z * m2), _vacuum_pol_log_quad(m2, z * m2)
    assert a.real == pytest.approx(b.real, rel=1e-7, abs=1e-9)
    assert a.imag == pytest.approx(b.imag, rel=1e-7, abs=1e-12)


def test_eps_ZZp_eq5():
    g = 5e-4
    zp = ZPrime(10 * u.MeV, g, "Lmu-Ltau")
    expected = ((-0.25 + C.sin2_theta_W) * C.e * g / (12 * math.pi**2 * C.sin_theta_W * C.cos_theta_W)
                * math.log(C.m_tau**2 / C.m_mu**2))
    assert loop_zzp_mixing(zp) == pytest.approx(expected, rel=1e-12)


def test_BL_loop_mixing_is_uv_sensitive():
    zp = ZPrime(10 * u.MeV, 1e-4, "B-L")
    assert zp.epsilon_total == 0.0  # no calculable loop: mixing is a free parameter
    with pytest.raises(InvalidInputError, match="UV divergent"):
        loop_kinetic_mixing(zp)
