"""Seed 003 (XENON1T): detector, solar neutrinos, Scenario 1, CR-boosted DM, neutron-star capture.

Paper numbers are quoted from ../shared/seeds/003_2a5f4364488c58bc.txt with the tolerance each test states.
"""
import math

import numpy as np
import pytest
from scipy import integrate

from leptoforce import constants as C
from leptoforce import units as u
from leptoforce.astro import crdm
from leptoforce.astro import neutron_star as ns
from leptoforce.astro.solar import SolarNeutrinos
from leptoforce.errors import OutOfDomainError, InvalidInputError
from leptoforce.experiments import xenon1t as x
from leptoforce.inference.xenon1t import fit_effective, fit_scenario1, scan_mediator
from leptoforce.lab.nue import OSCILLATION, dsigma_dT
from leptoforce.astro.solar_recoil import SolarNuRecoil, e_nu_min
from leptoforce.model.zprime import ZPrime


@pytest.fixture(scope="module")
def det():
    return x.Response(), x.XenonLikelihood()


@pytest.fixture(scope="module")
def rec():
    return SolarNuRecoil()


@pytest.fixture(scope="module")
def boosted():
    return crdm.BoostedDM()


# --- detector ---------------------------------------------------------------------------------------
def test_chi2_b0_within_1p5_of_paper(det):
    """Issue acceptance: chi2_B0 = 46.49 within 1.5 (digitised B0)."""
    _, lik = det
    assert abs(float(lik.chi2()) - 46.49) < 1.5
    assert abs(float(x.XenonLikelihood("B0", "centre").chi2()) - 46.49) < 1.5


def test_counts_and_poisson_deviance():
    d = x.load_sr1()
    assert abs(d.exposure - 0.65) < 0.01                       # the paper's SR1 exposure, rounded
    assert np.allclose(d.rate * d.exposure, d.counts, atol=0.02)
    lik = x.XenonLikelihood()
    dev = float(lik.poisson_deviance())
    assert 0 < dev < 2 * float(lik.chi2())                    # same order as chi^2 for ~50 counts per bin
    with pytest.raises(Exception):
        lik.poisson_deviance(-1e3)


def test_response_flat_spectrum_sum_rule(det):
    """A flat true spectrum of 1/(t yr keV) far from threshold is returned times the efficiency (0.889)."""
    resp, _ = det
    r = resp.fold(np.ones_like(x.T_GRID_KEV))
    eff = x.efficiency(x.load_sr1().centres)
    assert np.allclose(r[10:-2], eff[10:-2], rtol=2e-3)
    r_true = x.Response(efficiency_at="true").fold(np.ones_like(x.T_GRID_KEV))
    assert np.allclose(r_true[10:-2], eff[10:-2], rtol=3e-3)


def test_resolution_and_errors():
    assert x.Resolution().sigma(1.0) == pytest.approx(0.3137, rel=1e-3)
    with pytest.raises(InvalidInputError, match="efficiency_at"):
        x.Response(efficiency_at="both")
    with pytest.raises(OutOfDomainError, match="outside the published"):     # a table left by range
        x.efficiency(31.0)
    with pytest.raises(InvalidInputError, match="counting"):
        x.electrons_per_atom(1.0, "all")


def test_electrons_per_atom_thresholds():
    assert x.electrons_per_atom(1.0, "seed26") == 26
    assert x.electrons_per_atom(0.1, "seed26") == 18           # 4d, 5s, 5p only below the 4p binding energy
    steps = x.electrons_per_atom([0.5, 0.8, 1.2, 5.0, 6.0, 40.0], "shells")
    assert list(steps) == [26, 36, 44, 48, 52, 54]
    assert x.ATOMS_PER_TONNE == pytest.approx(4.587e27, rel=1e-3)


# --- solar neutrinos --------------------------------------------------------------------------------
def test_solar_moments_sum_rule_and_vacuum_limit():
    s = SolarNeutrinos()
    I = s.tail_moments(np.array(1.001e-3 * u.MeV))
    assert float(np.sum(I[:, 0])) == pytest.approx(s.total_flux(), rel=2e-3)
    o = OSCILLATION
    s2 = 4 * o["s12sq"] * (1 - o["s12sq"])
    vac = (1 - o["s13sq"]) ** 2 * (1 - s2 / 2) + o["s13sq"] ** 2
    assert float(s.flavour_probabilities(1e-6 * u.MeV)[0]) == pytest.approx(vac, rel=1e-4)
    assert np.allclose(np.sum(s.flavour_probabilities(np.geomspace(1e-4, 10, 7) * u.MeV), axis=0), 1.0)
    with pytest.raises(InvalidInputError, match="sources"):
        SolarNeutrinos(sources=("pp", "CNO"))


def test_recoil_against_direct_line_integral():
    """Mode 'total' for the 7Be lines equals sum_lines Phi P_alpha dsigma/dT from lab.nue (independent path)."""
    s = SolarNeutrinos(sources=("7Be",))
    r = SolarNuRecoil(solar=s)
    m, g = 40e-6, 3e-7
    zp = ZPrime(m, g, "Le-Lmu")
    T = np.array([1.0, 5.0, 20.0])
    k = [int(np.argmin(abs(x.T_GRID_KEV - t))) for t in T]
    ours = r.spectrum("Le-Lmu", m, g, mode="total")[k]
    direct = np.zeros(3)
    for _, E, fl in s.lines():
        P = s.flavour_probabilities(np.array(E))
        for a, f in enumerate(("e", "mu", "tau")):
            direct += fl * P[a] * dsigma_dT(E, x.T_GRID_KEV[k] * u.keV, f, zp)
    direct *= 26 * x.ATOMS_PER_TONNE * u.year * u.keV
    assert np.allclose(ours, direct, rtol=1e-9)


def test_pure_mode_is_seed_eq6(rec):
    """Mode 'pure' equals seed eq. 6 (m_nu -> 0), integrated over the flux numerically, for the couplings nu_e, nu_mu."""
    s = rec.solar
    m, g = 45.5e-6, 3.2e-7
    T = 3.0 * u.keV
    k = int(np.argmin(abs(x.T_GRID_KEV - 3.0)))
    T = x.T_GRID_KEV[k] * u.keV
    me = C.m_e

    def eq6(E):
        return g ** 4 / (4 * math.pi) * (2 * me * E ** 2 - T * (me ** 2 + 2 * me * E) + me * T ** 2) / (E ** 2 * (2 * me * T + m ** 2) ** 2)
    Emin = float(e_nu_min(T))
    E = np.geomspace(Emin, 20 * u.MeV, 200001)
    P = s.flavour_probabilities(E)
    w = (P[0] + P[1]) * s.continuum(E) * eq6(E)
    val = integrate.trapezoid(w, E)
    for _, El, fl in s.lines():
        Pl = s.flavour_probabilities(np.array(El))
        val += fl * (Pl[0] + Pl[1]) * eq6(El)
    # the electron coupling carries the one-loop kinetic mixing (-0.8% for L_e - L_mu): g_e = g x gve(g=1)
    gve = float(np.real(ZPrime(m, 1.0, "Le-Lmu").couplings("e", 0.0)[0]))
    assert 0.99 < gve < 1.0
    val *= 26 * x.ATOMS_PER_TONNE * u.year * u.keV * gve ** 2
    ours = rec.spectrum("Le-Lmu", m, g, mode="pure")[k]
    assert ours == pytest.approx(val, rel=2e-3)


def test_excess_limits(rec):
    """excess = total - sm; vanishes as g -> 0 and as 1/m_X^2 (interference) in the heavy-mediator limit."""
    tot = rec.spectrum("Le-Lmu", 1e-3, 1e-6, mode="total")
    sm = rec.spectrum("Le-Lmu", 1e-3, 1e-6, mode="sm")
    assert np.allclose(rec.spectrum("Le-Lmu", 1e-3, 1e-6) + sm, tot, rtol=1e-12)
    assert np.allclose(rec.spectrum("Le-Lmu", 1e-3, 0.0), 0.0)
    e1 = rec.spectrum("Le-Lmu", 1.0, 1e-5)[200]
    e2 = rec.spectrum("Le-Lmu", 2.0, 1e-5)[200]
    assert e1 / e2 == pytest.approx(4.0, rel=1e-3)


def test_scenario1_best_fit_acceptance(rec, det):
    """Issue acceptance: m_X of tens of keV, g within a factor 2 of 3.2e-7, Delta chi^2 >= 4.46."""
    resp, lik = det
    fit = fit_scenario1(rec, resp, lik, "Le-Lmu", n=25)
    assert 10 * u.keV < fit.m_X < 100 * u.keV
    assert 3.2e-7 / 2 < fit.g < 3.2e-7 * 2
    assert fit.delta_chi2 >= 4.46


# --- cosmic-ray-boosted DM ---------------------------------------------------------------------------
def test_kinematics_inverse():
    for mp, mt in ((C.m_e, 1e-6), (C.m_e, 1e-2), (1e-4, C.m_e)):
        T = np.geomspace(1e-8, 1.0, 9)
        assert np.allclose(crdm.t_max_target(crdm.t_min_projectile(T, mp, mt), mp, mt), T, rtol=1e-8)
    # seed 003 eq. 9 with the DM as projectile
    K, m = 1e-5, 1e-3
    assert float(crdm.t_max_target(K, m, C.m_e)) == pytest.approx(2 * C.m_e * (K * K + 2 * m * K) / ((m + C.m_e) ** 2 + 2 * C.m_e * K))


def test_electron_lis_and_errors():
    assert float(crdm.electron_lis(1.0) * u.m ** 2 * u.s * u.GeV) == pytest.approx(261.4, rel=1e-3)
    hi = float(crdm.electron_lis(100.0) * u.m ** 2 * u.s * u.GeV)
    assert hi == pytest.approx(1.31e-4, rel=0.05)                # AMS-02 near 100 GeV
    with pytest.raises(OutOfDomainError, match="electron_lis"):              # no extrapolation of the table
        crdm.electron_lis(5000.0)


class _Flat:
    def __init__(self, rho):
        self.rho = rho

    def density(self, r):
        return np.full_like(r, self.rho)


def test_los_geometry_constant_density():
    rho = 0.3 * u.GeV / u.cm ** 3
    R, h = 10 * u.kpc, 1 * u.kpc
    assert float(crdm.J_los(math.pi / 2, 0.0, _Flat(rho), R, h)) == pytest.approx(rho * h, rel=1e-6)
    assert float(crdm.J_los(0.0, math.pi, _Flat(rho), R, h)) == pytest.approx(rho * (R - C.R_sun_GC), rel=1e-6)


def test_boosted_flux_against_brute_force(boosted):
    """Tail-integral flux (exact kinematic limit) vs a direct masked double sum, constant sigma and mediator."""
    m, mX = 1e-4, 1e-4
    Tc = boosted.T_chi
    k = int(np.argmin(abs(Tc - 5e-6)))
    Te = np.geomspace(2e-3, 90.0, 400001)
    phi = crdm.electron_lis(Te)
    ok = crdm.t_max_target(Te, C.m_e, m) >= Tc[k]
    ds_eff = np.where(ok, 1.0 / crdm.t_max_target(Te, C.m_e, m), 0.0)
    ref = crdm.J_total() / m * integrate.trapezoid(phi * ds_eff, Te)
    assert boosted.flux(m, sigma=1.0)[k] == pytest.approx(ref, rel=2e-3)
    T = Tc[k]
    num = 2 * m * (C.m_e + Te) ** 2 - T * ((C.m_e + m) ** 2 + 2 * m * Te) + m * T * T
    ds = np.where(ok, num / (4 * math.pi) / ((Te * Te + 2 * C.m_e * Te) * (2 * m * T + mX ** 2) ** 2), 0.0)
    ref = crdm.J_total() / m * integrate.trapezoid(phi * ds, Te)
    assert boosted.flux(m, mX, g=1.0)[k] == pytest.approx(ref, rel=2e-3)


def test_recoil_scalings(boosted):
    a = boosted.recoil_spectrum(1e-3, 1e-4, g=1e-3)
    b = boosted.recoil_spectrum(1e-3, 1e-4, g=2e-3)
    assert np.allclose(b, 256 * a, rtol=1e-10)
    c = boosted.recoil_spectrum(1e-6, sigma=1.0)
    d = boosted.recoil_spectrum(1e-6, sigma=3.0)
    assert np.allclose(d, 9 * c, rtol=1e-10)
    with pytest.raises(InvalidInputError, match="m_X"):
        boosted.recoil_spectrum(1e-3, None, g=1.0)


def test_effective_sigma_at_paper_mass(boosted, det):
    """Normalisation: best sigma at m_DM = 1.09 keV within 25% of the paper's 3.82e-32 cm^2 (D_eff = 3.7 kpc)."""
    resp, lik = det
    s, _ = lik.best_scale(resp.fold(boosted.recoil_spectrum(1.09e-6, sigma=1.0)))
    assert math.sqrt(s) / u.cm ** 2 == pytest.approx(3.82e-32, rel=0.25)
    fit = fit_effective(boosted, resp, lik, m_range=(1e-8, 1e-3), n=15)
    assert fit.chi2 < fit.chi2_bkg - 3.0


def test_mediator_scan_improves_on_paper(boosted, det):
    """The 3-parameter grid finds chi^2 at least as good as the paper's 41.81 (our B0 is 0.87 higher)."""
    resp, lik = det
    sc = scan_mediator(boosted, resp, lik, np.geomspace(1e-5, 1e-2, 8), np.geomspace(3e-5, 1e-3, 8), np.geomspace(1e-4, 1e-2, 30))
    assert sc.n_points == 8 * 8 * 30
    assert sc.chi2_profile.min() < 41.81
    assert np.all(sc.chi2_profile <= sc.chi2_bkg + 1e-9)


# --- neutron star ------------------------------------------------------------------------------------
def test_neutron_star_numbers():
    star = ns.NeutronStar()
    assert star.v_esc == pytest.approx(0.63, abs=0.01)                    # seed: 0.63 c
    sig_crit = math.pi * star.radius ** 2 / star.n_electrons / u.cm ** 2
    assert sig_crit == pytest.approx(5e-44, rel=0.1)                       # seed: ~5e-44 cm^2
    g11 = ns.geometric_rate_eq11(1.43e-3) * u.s
    assert g11 == pytest.approx(1.6e28, rel=0.03)
    ours = ns.geometric_rate(1.0, rho=1 * u.GeV / u.cm ** 3) * u.s
    assert ours / 5.6e25 == pytest.approx(1.29, rel=0.05)                  # sqrt(6/pi) x (270 vs 280 km/s)
    cc = ns.capture_rate_electrons(1e-7, 0.03e-3, 1e-3) * u.s
    assert cc == pytest.approx(4.3e33, rel=0.2)                            # seed's extreme point
    assert ns.capture_rate_electrons(1.43e-3, 0.16e-3, 3.79e-3) > ns.geometric_rate(1.43e-3)
    _, Tinf = ns.heating_temperature(ns.geometric_rate(1.43e-3), 1.43e-3)
    assert Tinf / u.K == pytest.approx(1500, rel=0.1)
    with pytest.raises(InvalidInputError, match="Y_e"):
        ns.NeutronStar(Y_e=0.0)


# ---- the computed XENONnT nu-e bound for any charges (issue 21) ---------------------------------------------
def test_xenonnt_bound_is_the_analysis_limit_and_has_its_limits():
    """The atlas bound uses the statistic of `reproduce xenon1t-leptonic --inputs current` (Scenario 1 at the
    XENON1T best m_X = 24.7 keV: g < 1.53e-7 at 90% CL); a heavy Z' gives a contact bound, g_max proportional to
    m; a Z' much lighter than sqrt(2 m_e T) ~ 30 keV leaves g_max independent of m."""
    from leptoforce.experiments.xenonnt_bound import xenonnt_bound
    from leptoforce.model.charges import as_charges

    def gmax(ch, m):
        iv = xenonnt_bound(as_charges(ch), m).excluded
        assert len(iv) == 1 and iv[0][1] == float("inf")
        return iv[0][0]

    assert gmax("Le-Lmu", 24.7e-6) == pytest.approx(1.53e-7, rel=0.01)
    assert gmax("Le-Lmu", 10.0) / gmax("Le-Lmu", 1.0) == pytest.approx(10.0, rel=1e-3)
    assert gmax("B-L", 1e-6) / gmax("B-L", 1e-7) == pytest.approx(1.0, rel=0.01)
    # L_mu - L_tau reaches electrons only through the loop mixing: a far weaker bound than a tree-level coupling
    assert gmax("Lmu-Ltau", 1e-2) > 10 * gmax("Le-Lmu", 1e-2)
