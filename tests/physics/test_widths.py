"""Z' widths: seed 001 eqs. (9), (14); seed 000 eq. (5); seed 004 eqs. (A.7)-(A.8); thresholds; hadrons."""
import math

import pytest

from leptoforce import constants as C
from leptoforce import units as u
from leptoforce.decays import branching_ratio, branching_ratios, lifetime, partial_widths, two_body_width
from leptoforce.decays.hadrons import hadronic_width, r_ratio
from leptoforce.errors import InvalidInputError
from leptoforce.model import PRESETS, ChargeAssignment, DiracFermion, PseudoDiracPair, ZPrime


@pytest.mark.parametrize("g,m_mev", [(5e-4, 10), (3e-4, 5), (1e-3, 50), (7e-4, 100), (2e-4, 200)])
def test_lifetime_seed001_eq9(g, m_mev):
    """tau_Z' = 1e-14 s (g'/5e-4)^-2 (m_Z'/10 MeV)^-1 below the muon threshold, within 5% (acceptance)."""
    zp = ZPrime(m_mev * u.MeV, g, "Lmu-Ltau")
    expected = 1e-14 * (g / 5e-4) ** -2 * (m_mev / 10) ** -1
    assert lifetime(zp) / u.s == pytest.approx(expected, rel=0.05)


def test_kinetic_mixing_ee_channel_eq14():
    zp = ZPrime(30 * u.MeV, 5e-4, "Lmu-Ltau")
    eps, m, me = zp.epsilon_total, zp.mass, C.m_e
    expected = C.alpha * eps**2 * (m**2 + 2 * me**2) * math.sqrt(m**2 - 4 * me**2) / (3 * m**2)
    assert partial_widths(zp)["e e"] == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("name", list(PRESETS))
@pytest.mark.parametrize("m_gev", [0.003, 0.05, 0.25, 0.78, 1.02, 1.9, 2.5, 5.0, 15.0, 120.0, 2600.0])
def test_branching_ratios_sum_to_one(name, m_gev):
    zp = ZPrime(m_gev * u.GeV, 1e-3, name)
    br = branching_ratios(zp)
    assert sum(v for k, v in br.items() if k != "total") == pytest.approx(1.0, rel=1e-12)
    assert all(v >= 0 for v in br.values())


def test_thresholds_and_velocity_powers():
    """No width below 2 m_f; vector ~ beta, axial ~ beta^3, Majorana pair ~ beta^3 near threshold."""
    m_f = C.m_mu
    assert two_body_width(2 * m_f * (1 - 1e-9), m_f, m_f, 1.0, 0.0) == 0.0
    assert two_body_width(2 * m_f, m_f, m_f, 1.0, 1.0) == 0.0
    b1, b2 = 1e-3, 2e-3
    m1, m2 = 2 * m_f / math.sqrt(1 - b1**2), 2 * m_f / math.sqrt(1 - b2**2)
    ratio_v = two_body_width(m2, m_f, m_f, 1.0, 0.0) / two_body_width(m1, m_f, m_f, 1.0, 0.0)
    ratio_a = two_body_width(m2, m_f, m_f, 0.0, 1.0) / two_body_width(m1, m_f, m_f, 0.0, 1.0)
    assert ratio_v == pytest.approx(2.0, rel=1e-5)
    assert ratio_a == pytest.approx(8.0, rel=1e-5)
    below = ZPrime(0.9 * 2 * C.m_mu, 1e-3, "Le-Lmu")
    assert partial_widths(below)["mu mu"] == 0.0


def test_unequal_mass_formula_reduces_to_equal_mass():
    m, mf, gv, ga = 1.0, 0.2, 0.3, 0.1
    beta = math.sqrt(1 - 4 * mf**2 / m**2)
    expected = m * beta / (12 * math.pi) * (gv**2 * (1 + 2 * mf**2 / m**2) + ga**2 * beta**2)
    assert two_body_width(m, mf, mf, gv, ga) == pytest.approx(expected, rel=1e-12)


def test_seed000_eq5_term_by_term():
    """Seed 000 eq. (5): sum_f c_f q_f^2 g^2 m/(12 pi) + Theta q_psi^2 g^2 sqrt(m^2-4m_psi^2)(m^2+2m_psi^2)/(12 pi m^2)."""
    g, q_psi, m, m_psi = 0.5, 1.3, 2600.0, 1500.0
    for mpsi, open_ in ((m_psi, False), (1200.0, True)):
        # the paper has no kinetic mixing and massless leptons (mass corrections ~ m_mu^2/m^2 ~ 1e-9)
        zp = ZPrime(m * u.GeV, g, "Le-Lmu", dark=(DiracFermion(mpsi * u.GeV, q_psi),), loop_mixing=False)
        w = partial_widths(zp)
        lep = g**2 * m / (12 * math.pi)
        assert w["e e"] / u.GeV == pytest.approx(lep, rel=1e-8)        # c_f = 1, q_f = 1
        assert w["mu mu"] / u.GeV == pytest.approx(lep, rel=1e-8)      # c_f = 1, q_f = -1
        assert w["nu nu"] / u.GeV == pytest.approx(2 * lep / 2, rel=1e-12)  # c_f = 1/2 for nu_e, nu_mu
        dm = q_psi**2 * g**2 * math.sqrt(m**2 - 4 * mpsi**2) * (m**2 + 2 * mpsi**2) / (12 * math.pi * m**2) if open_ else 0.0
        assert w["psi psi"] / u.GeV == pytest.approx(dm, rel=1e-12, abs=0.0)
        assert w["tau tau"] == 0.0 and w["hadrons"] == 0.0


def test_loop_mixing_decouples_at_high_mass():
    """L_e - L_mu: eps(q^2 = m_Z'^2) -> 0 for m_Z' >> m_mu, so the loop barely changes TeV widths,
    while at q^2 = 0 it is -(e g/12 pi^2) ln(m_mu^2/m_e^2) (a 1.6% shift of g_e if used on shell)."""
    zp = ZPrime(2600 * u.GeV, 0.5, "Le-Lmu")
    assert abs(zp.epsilon_at(zp.mass**2)) < 1e-5 * abs(zp.epsilon_total)
    ref = partial_widths(zp.with_(loop_mixing=False))
    assert partial_widths(zp)["e e"] == pytest.approx(ref["e e"], rel=1e-6)


def test_seed004_A7_A8_term_by_term():
    """Seed 004 eqs. (A.7), (A.8) and Gamma(Z' -> nu nu) = 3 g^2 M/(24 pi) for B-L."""
    g, M, MN = 1e-4, 50.0, 10.0
    zp = ZPrime(M * u.GeV, g, "B-L", rhn_masses=(MN * u.GeV,))
    w = partial_widths(zp)

    def a7(nc, q, mf):
        return g**2 * nc * q**2 * M / (12 * math.pi) * (1 + 2 * mf**2 / M**2) * math.sqrt(1 - 4 * mf**2 / M**2)
    for f, mf in (("e", C.m_e), ("mu", C.m_mu), ("tau", C.m_tau)):
        assert w[f"{f} {f}"] / u.GeV == pytest.approx(a7(1, 1, mf / u.GeV), rel=1e-12)
    assert w["N1 N1"] / u.GeV == pytest.approx(g**2 * M / (24 * math.pi) * (1 - 4 * MN**2 / M**2) ** 1.5, rel=1e-12)
    assert w["nu nu"] / u.GeV == pytest.approx(3 * g**2 * M / (24 * math.pi), rel=1e-12)
    # quarks above 2 GeV: A.7 with N_C = 3, Q' = 1/3 and the O(alpha_s) correction, heavy flavours at meson thresholds
    assert w["hadrons"] > 0


def test_hadron_methods_relations():
    """seed004 = 2 x rratio for B-L (sum N_c Q^2 = 2 vs sum N_c X^2 = 1); continuity at 2 GeV; VMD vs R for a dark photon."""
    zp = ZPrime(0.8 * u.GeV, 1e-4, "B-L")
    assert hadronic_width(zp, method="seed004") == pytest.approx(2 * hadronic_width(zp, method="rratio"), rel=1e-3)
    below = hadronic_width(ZPrime(1.999 * u.GeV, 1e-4, "B-L"), method="rratio")
    above = hadronic_width(ZPrime(2.001 * u.GeV, 1e-4, "B-L"), method="rratio")
    assert above == pytest.approx(below, rel=0.05)
    # B-L is isoscalar: no rho contribution in VMD, so below the omega it is far below the R-ratio estimate
    zp5 = ZPrime(0.5 * u.GeV, 1e-4, "B-L")
    assert hadronic_width(zp5, method="vmd") < 0.01 * hadronic_width(zp5, method="rratio")
    # A photon-like vector (pure kinetic mixing): VMD (pi pi + 3 pi + KK) ~ R ratio below 1 GeV
    dark_photon = ChargeAssignment("dark-photon")
    for m in (0.6, 0.77):
        zp = ZPrime(m * u.GeV, 1e-12, dark_photon, epsilon=1e-3)
        assert hadronic_width(zp, method="vmd") == pytest.approx(hadronic_width(zp, method="rratio"), rel=0.15)


def test_r_ratio_threshold_and_domain():
    assert r_ratio(0.27 * u.GeV) == 0.0
    assert 0 < r_ratio(0.280 * u.GeV) < r_ratio(0.2818 * u.GeV) + 1e-12
    from leptoforce.errors import OutOfDomainError
    with pytest.raises(OutOfDomainError):
        r_ratio(40 * u.GeV)


def test_pseudo_dirac_channel_and_unknown_channel():
    pd = PseudoDiracPair.pseudo_dirac(m_N=3 * u.MeV, y=1e-3, m_zprime=10 * u.MeV, g=5e-4)
    zp = ZPrime(10 * u.MeV, 5e-4, "Lmu-Ltau", dark=(pd,))
    w = partial_widths(zp)
    m1, m2 = pd.masses
    # eq. (19): pure vector off-diagonal coupling g Q_N with Q_N = 1/2, no diagonal couplings
    assert w["N1 N1"] == pytest.approx(0.0, abs=1e-30) and w["N2 N2"] == pytest.approx(0.0, abs=1e-30)
    assert w["N1 N2"] == pytest.approx(two_body_width(zp.mass, m1, m2, 5e-4 * 0.5, 0.0), rel=1e-9)
    with pytest.raises(InvalidInputError, match="channel"):
        branching_ratio(zp, "chi chi")


def test_neutrinophilic_widths():
    """lambda_mumu only: Gamma = lambda^2 m/(24 pi) for left-handed neutrinos (one helicity)."""
    zp = ZPrime(1 * u.GeV, 0.1, "nuphilic-mumu")
    w = partial_widths(zp)
    assert w["nu nu"] == pytest.approx(0.01 * zp.mass / (24 * math.pi))
    assert w["e e"] == 0.0 and w["hadrons"] == 0.0
