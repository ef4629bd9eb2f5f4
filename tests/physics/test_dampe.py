"""DAMPE analysis pieces (seed 000): background fit, propagation, spectra, annihilation, likelihood."""
import math

import numpy as np
import pytest
from scipy.integrate import trapezoid

from leptoforce import constants as C
from leptoforce import units as u
from leptoforce.astro.halo import NFW, SubhaloConventions, j_factor_cone, subhalo
from leptoforce.astro.propagation import Propagation, SourceKernel, b0_thomson, point_source_density
from leptoforce.astro.spectra import (fsr_beta, muon_electron_spectrum, structure_function,
                                      structure_function_cdf)
from leptoforce.errors import InvalidInputError, OutOfDomainError
from leptoforce.experiments.dampe import (BKG_PAPER, PEAK_BIN_GEV, DampeLikelihood, FLUX_UNIT, Response,
                                          SignalSettings, electron_flux, fit_background, load_dampe2017)
from leptoforce.experiments.planck import f_eff_channel, f_eff_electron
from leptoforce.inference.terms import profile_2d, upper_limit
from leptoforce.thermal.annihilation import DiracZPrimeAnnihilation
from leptoforce.thermal.averages import Resonance, sigma_v_thermal

#: U(1)_{e-mu} psi psi_bar branching ratios (seed 000: a third each into e e, mu mu, nu nu)
EMU_BRANCHING = {"e e": 1 / 3, "mu mu": 1 / 3, "nu nu": 1 / 3}


def test_background_fit_reproduces_seed000_within_1_percent():
    # seed 000 Sec. III: Phi0 = 247.2, gamma = 3.092, dgamma1 = 0.096, dgamma2 = -0.968, E_br2 = 885.4 GeV
    bf = fit_background()
    for k, v in BKG_PAPER.items():
        assert bf.params[k] == pytest.approx(v, rel=0.01), k
    assert bf.ndof == 32


def test_background_fit_bad_exclusion_named():
    with pytest.raises(InvalidInputError, match="exclude"):
        fit_background(exclude=(1234.0,))


def test_structure_function_conserves_fermion_number():
    beta = fsr_beta(1540.0, C.m_e)
    # (2 alpha/pi)(ln(s/m_e^2) - 1) at sqrt(s) = 3.08 TeV: ln(3.63e13) - 1 = 30.2 -> 0.1404
    assert beta == pytest.approx(2 * C.alpha / math.pi * (math.log((3080.0 / C.m_e) ** 2) - 1), rel=1e-9)
    assert beta == pytest.approx(0.1404, rel=2e-3)
    assert structure_function_cdf(0.0, beta) == pytest.approx(1.0, rel=1e-12)
    # numeric integral of D from 0 to 0.9 equals 1 - cdf(0.9)
    x = np.linspace(0, 0.9, 200001)
    num = trapezoid(structure_function(x, beta), x)
    assert num == pytest.approx(1 - structure_function_cdf(0.9, beta), rel=1e-4)


def test_muon_spectrum_normalised_and_mean_energy():
    x = np.linspace(0, 1, 4001)
    for fsr in (False, True):
        g = muon_electron_spectrum(x, 1540.0, fsr=fsr)
        assert trapezoid(g, x) == pytest.approx(1.0, rel=2e-3)
    g0 = muon_electron_spectrum(x, 1540.0, fsr=False)
    assert trapezoid(x * g0, x) == pytest.approx(7 / 20, rel=1e-3)   # Michel: <E_e>/E_mu = 7/20


def test_b0_thomson_value():
    # 4 sigma_T c U/(3 m_e^2) with U = 1 eV/cm^3 is 1.02e-16 GeV^-1 s^-1
    assert b0_thomson(1.0) * u.GeV * u.s == pytest.approx(1.018e-16, rel=2e-3)


def test_extended_source_reduces_to_point_source_green_function():
    """A compact halo far away: the shell-averaged kernel equals the closed-form point-source Green's function."""
    prop = Propagation.preset("MED")
    halo = NFW(rho_s=1.0, r_s=1e-4 * u.kpc, r_t=1e-3 * u.kpc)
    d = 0.5 * u.kpc
    kern = SourceKernel(halo, d)
    E, E0 = np.array([300.0, 700.0, 950.0]), 1000.0
    lam = np.sqrt(prop.lambda2(E, E0))
    rate = 1.0
    n_point = point_source_density(d, E, E0, rate, prop)
    n_ext = rate / prop.b(E) * kern(lam) / halo.luminosity()
    np.testing.assert_allclose(n_ext, n_point, rtol=2e-3)


def test_flux_scalings_rate_distance_and_diffusion():
    """Point source: n ~ rate; a line source ~ lambda^-3 ~ D^-3/2 near it; a steady source with
    Q(E0) = 4 D(E0)/b(E0) (so that Q dE0 = d lambda^2) gives the closed form
    n = erfc(r/Lambda)/(pi r b(E)) (the 1/r law), Lambda = lambda(E, E0_max)."""
    prop = Propagation.preset("MED")
    E, E0 = np.array([200.0, 500.0]), 1000.0
    n1 = point_source_density(1.0 * u.kpc, E, E0, 1.0, prop)
    np.testing.assert_allclose(point_source_density(1.0 * u.kpc, E, E0, 3.0, prop), 3 * n1, rtol=1e-12)
    p4 = Propagation(prop.D0 * 4, prop.delta, prop.b0)
    nA = point_source_density(1e-6 * u.kpc, np.array([100.0]), 1e6, 1.0, prop)[0]
    nB = point_source_density(1e-6 * u.kpc, np.array([100.0]), 1e6, 1.0, p4)[0]
    assert nA / nB == pytest.approx(8.0, rel=1e-6)          # (pi lambda^2)^-3/2 with lambda^2 ~ D
    # steady injection spread over E0 with weight 4D/b: int dE0 -> int d(lambda^2)
    Eo = 100.0
    E0s = Eo + np.geomspace(1e-8, 1e7, 200001)
    lam_max = math.sqrt(float(prop.lambda2(Eo, E0s[-1])))
    from scipy.special import erfc
    dens = {}
    for r in (0.05 * u.kpc, 0.1 * u.kpc):
        w = 4 * prop.D(E0s) / prop.b(E0s)
        vals = np.array([point_source_density(r, np.array([Eo]), e0, 1.0, prop)[0] for e0 in E0s[::20]])
        dens[r] = trapezoid(w[::20] * vals, E0s[::20])
        exact = erfc(r / lam_max) / (math.pi * r * float(prop.b(Eo)))
        assert dens[r] == pytest.approx(exact, rel=2e-3)
    assert dens[0.05 * u.kpc] / dens[0.1 * u.kpc] == pytest.approx(2.0, rel=0.02)   # 1/d


def test_signal_flux_linear_in_sigma_v_and_source_kernel_converges():
    s = SignalSettings()
    h = subhalo(1.25e6 * C.M_sun, s.halo)
    E = np.geomspace(300, 1600, 40)
    f1 = electron_flux(E, 1540.0, 1e-25 * u.cm ** 3 / u.s, h, s, EMU_BRANCHING)
    f2 = electron_flux(E, 1540.0, 3e-25 * u.cm ** 3 / u.s, h, s, EMU_BRANCHING)
    np.testing.assert_allclose(f2, 3 * f1, rtol=1e-12)
    k1 = SourceKernel(h, 0.1 * u.kpc)
    k2 = SourceKernel(h, 0.1 * u.kpc, n_lambda=1440, n_nodes=48)
    lam = np.geomspace(1e-3, 3.0, 50) * u.kpc
    np.testing.assert_allclose(k1(lam), k2(lam), rtol=5e-3)
    assert np.all(electron_flux(np.array([1600.0]), 1540.0, 1e-25, h, s, EMU_BRANCHING) == 0)     # nothing above m


def test_signal_at_paper_point_on_the_excess():
    """issue 6: E^3 F in the 1.41 TeV bin at the paper's point vs the excess (~59); default conventions within 25%."""
    data = load_dampe2017()
    s = SignalSettings()
    resp = Response(data, s.resolution)
    h = subhalo(1.25e6 * C.M_sun, s.halo)
    F = electron_flux(resp.E, 1540.0, 6.82e-25 * u.cm ** 3 / u.s, h, s, EMU_BRANCHING) / FLUX_UNIT
    i = int(np.argmin(abs(data.E_mean - PEAK_BIN_GEV)))
    e3f = (resp.matrix @ F)[i] * data.E_mean[i] ** 3
    assert e3f == pytest.approx(59.0, rel=0.25)
    # the Dirac factor: the self-conjugate convention doubles the flux
    s2 = SignalSettings(annihilation="self-conjugate")
    F2 = electron_flux(resp.E, 1540.0, 6.82e-25 * u.cm ** 3 / u.s, h, s2, EMU_BRANCHING) / FLUX_UNIT
    assert (resp.matrix @ F2)[i] * data.E_mean[i] ** 3 == pytest.approx(2 * e3f, rel=1e-12)


def test_subhalo_conventions_and_errors():
    h = subhalo(1e6 * C.M_sun, SubhaloConventions("moline2017", "jacobi", "bound"))
    assert h.bound_mass / C.M_sun == pytest.approx(1e6, rel=1e-6)
    h2 = subhalo(1e6 * C.M_sun, SubhaloConventions("moline2017", "none", "M200"))
    assert h2.bound_mass / C.M_sun == pytest.approx(1e6, rel=1e-9)
    with pytest.raises(InvalidInputError, match="concentration"):
        SubhaloConventions(concentration="nfw97")
    with pytest.raises(InvalidInputError, match="M_sub"):
        subhalo(-1.0)


def test_j_factor_whole_sky_equals_luminosity_over_d2_for_a_distant_halo():
    h = NFW(1.0, 0.01 * u.kpc, 0.05 * u.kpc)
    d = 5.0 * u.kpc
    J = j_factor_cone(h, d, math.pi)
    assert J == pytest.approx(h.luminosity() / d ** 2, rel=2e-3)


def test_annihilation_matches_seed000_eq4_and_eq5():
    A = DiracZPrimeAnnihilation("Le-Lmu")
    m, mz, g, q, v = 1540.0, 2600.0, 0.1, 1.7, 0.3
    s = 16 * m * m / (4 - v * v)
    G = g ** 2 * mz * (1 + 1 + 0.5 + 0.5) / (12 * math.pi)              # eq. 5 (m_Z' < 2 m_psi)
    assert float(A.width(mz, g, q, m)) == pytest.approx(G, rel=1e-6)
    eq4 = sum(c * q ** 2 * g ** 4 * (s + 2 * m * m) / (6 * math.pi * ((s - mz ** 2) ** 2 + mz ** 2 * G ** 2))
              for c in (1, 1, 0.5, 0.5))
    assert float(A.sigma_v_rel(v, m, mz, g, q)) == pytest.approx(eq4, rel=1e-6)
    assert A.branching(m)["e e"] == pytest.approx(1 / 3, rel=1e-6)
    # psi channel opens above 2 m_psi
    assert float(A.width(3200.0, g, q, m)) > g ** 2 * 3200 * 3 / (12 * math.pi)


def test_relic_nodes_vs_adaptive_average_near_threshold():
    A = DiracZPrimeAnnihilation()
    m, mz, g, q = 1540.0, 3070.0, 0.05, 2.0
    from leptoforce.thermal.averages import sigma_v_thermal_nodes
    Gm = float(A.width(mz, g, q, m))
    for x in (20.0, 25.0):
        ref = sigma_v_thermal(lambda s: float(A.sigma(s, m, mz, g, q)), m, m / x, [Resonance(mz, Gm)])
        fast = float(sigma_v_thermal_nodes(lambda s, mm: A.sigma(s, mm, mz, g, q), m, x, n=64))
        assert fast == pytest.approx(ref, rel=1e-3), x
    om = A.omega_h2([m, m], [2600.0, 3070.0], [g, g], [q, q])
    om_fine = A.omega_h2([m, m], [2600.0, 3070.0], [g, g], [q, q], n_steps=800, n_avg=801)
    np.testing.assert_allclose(om, om_fine, rtol=3e-3)
    assert np.isnan(A.omega_h2([m], [2600.0], [1e-7], [1.0])[0])          # never in equilibrium: NaN, not a number


def test_feff_table_and_muon_channel():
    assert f_eff_electron(1000.0) == pytest.approx(0.41, abs=0.01)
    fm = float(f_eff_channel("mu mu", 1540.0)[0])
    assert fm == pytest.approx(7 / 20 * 0.41, rel=0.1)                     # electrons carry ~35% of the energy
    with pytest.raises(OutOfDomainError):
        f_eff_electron(1e5)


def test_upper_limit_and_profile():
    assert float(upper_limit(1.0, 1.0, 0.95)) == pytest.approx(1.96 ** 2, rel=1e-3)
    x = np.array([0.1, 0.1, 0.6]); y = np.array([0.1, 0.2, 0.6]); c = np.array([3.0, 1.0, 5.0])
    P = profile_2d(x, y, c, np.array([0, 0.5, 1]), np.array([0, 0.5, 1]))
    assert P[0, 0] == 1.0 and P[1, 1] == 5.0 and P[0, 1] == np.inf     # no sample in the cell


def test_profiled_dampe_chi2_prefers_signal_and_degeneracy_direction():
    """Seed 000 Sec. III: "the annihilation cross-section is inversely proportional to the mass of the subhalo".
    In the code the degeneracy is exact in the form <sigma v> L(M_sub) = const (L = int rho^2 dV) while the
    subhalo is point-like; L grows as M_sub^0.78 (Bullock c(M), Jacobi tidal radius), and for M_sub >~ 5e6 Msun
    the Earth (0.1 kpc) is inside r_t, which weakens it further (slope -0.71; the paper's own ranges,
    [3e-26, 3e-24] cm^3/s for [2.5e5, 6e7] Msun, give -0.84)."""
    from leptoforce.experiments.dampe import SignalTemplates
    data = load_dampe2017()
    tmpl = SignalTemplates(SignalSettings(), m_range_GeV=(1300.0, 1700.0), n_m=60, M_sub_range=(2.5e5, 6e7), n_M=3)
    dl = DampeLikelihood(data)
    br = {"e e": 1 / 3, "mu mu": 1 / 3}
    sv, chi, dchi = dl.fit_signal(1500.0, tmpl, br, 1.25e6 * C.M_sun)
    assert dchi > 4                      # the excess is preferred over background only
    sv_big, _, _ = dl.fit_signal(1500.0, tmpl, br, 6e7 * C.M_sun)
    slope = math.log(sv_big / sv) / math.log(6e7 / 1.25e6)
    assert -0.85 < slope < -0.6
    sv_small, _, _ = dl.fit_signal(1500.0, tmpl, br, 2.5e5 * C.M_sun)
    L = {M: subhalo(M * C.M_sun, SignalSettings().halo).luminosity() for M in (2.5e5, 1.25e6)}
    assert sv_small * L[2.5e5] == pytest.approx(sv * L[1.25e6], rel=0.03)


def test_signal_depends_on_msub_only_through_the_luminosity_for_a_point_like_subhalo():
    """At d = 1 kpc (r_t <= 0.19 kpc) the signal per unit <sigma v> is L(M_sub) times a fixed spectrum (1e-3)."""
    from dataclasses import replace
    from leptoforce.experiments.dampe import SignalTemplates
    st = replace(SignalSettings(), distance_kpc=1.0)
    tm = SignalTemplates(st, m_range_GeV=(1500.0, 1510.0), n_m=2, M_sub_range=(2.5e5, 1.25e6), n_M=2)
    L = [subhalo(M, st.halo).luminosity() for M in tm.M_sub]
    for ch in ("e e", "mu mu"):
        T = tm.table[ch][:, 0, :]
        sel = T[0] > 0.05 * T[0].max()
        assert np.allclose(T[1, sel] / T[0, sel], L[1] / L[0], rtol=1e-3)


def test_dampe_scan_family_marks_points_outside_the_templates_and_not_thermal():
    from leptoforce.scan.engine import evaluate_chunk
    cfg = {"model": {"kind": "dampe-emu", "n_m": 200, "n_M": 3}, "observables": ["total", "omega_h2"], "plugins": []}
    pts = {"m_psi": np.array([300.0, 1500.0, 1500.0]), "r": np.full(3, 1.5), "q_psi": np.ones(3),
           "g": np.array([0.1, 0.1, 1e-7]), "M_sub_Msun": np.full(3, 1e6)}
    cols = evaluate_chunk({"config": cfg, "chunk": 0, "start": 0, "points": pts})["columns"]
    assert cols["status"][0].startswith("OutOfDomainError") and np.isnan(cols["total"][0])
    assert cols["status"][1] == "ok" and np.isfinite(cols["total"][1])
    assert cols["status"][2] == "not-thermal" and np.isinf(cols["total"][2])


@pytest.mark.slow
def test_reproduce_fast_profile_region_of_m_psi(tmp_path):
    """issue 6: the profile-likelihood 95% region of m_psi must lie in 1.3-1.8 TeV (paper: 1.4-1.7 TeV)."""
    from leptoforce.analyses.base import run_analysis
    summary = run_analysis("dampe-emu", tmp_path, "fast", progress=False)
    items = {it["key"]: it for it in summary["items"]}
    assert 1300.0 <= items["region95_m_psi_min"]["ours"] <= items["region95_m_psi_max"]["ours"] <= 1800.0
    assert items["region95_m_psi_in_1p3_1p8TeV"]["ours"] == 1.0
    for k in ("bkg_phi0", "bkg_gamma", "bkg_dgamma1", "bkg_dgamma2", "bkg_ebr2_GeV"):
        assert items[k]["status"] == "ok", k


def test_compiled_annihilation_average_equals_the_numpy_one():
    """issue 23: the compiled node sum of psi psi_bar -> f f_bar equals sigma_v_thermal_nodes over the public
    sigma(s), for several charges (quarks included) and masses around the pole."""
    import numpy as np
    from leptoforce.thermal._annihilation_kernel import dirac_sigma_v_nodes
    from leptoforce.thermal.annihilation import DiracZPrimeAnnihilation
    from leptoforce.thermal.averages import node_tables, sigma_v_thermal_nodes
    for charges in ("Le-Lmu", "B-L"):
        ann = DiracZPrimeAnnihilation(charges)
        m = np.array([500.0, 1500.0, 1500.0, 3.0])
        mz = np.array([2000.0, 2600.0, 3100.0, 40.0])
        g, q = np.array([0.3, 0.5, 0.5, 0.1]), np.array([1.0, 1.0, 2.0, 1.0])
        gam = ann.width(mz, g, q, m)
        x = np.geomspace(3, 2000, 9)[:, None] * np.ones((1, 4))
        ch = ann.channels
        mf, gv2, ga2, nc = (np.array([c[i] for c in ch], float) for i in (1, 2, 3, 4))
        eps, kern, pref, inv = node_tables(x, 64)
        fast = dirac_sigma_v_nodes(m, mz, g, q, gam, mf, gv2, ga2, nc, eps, kern, pref, np.ascontiguousarray(inv))
        ref = sigma_v_thermal_nodes(lambda s, mm: ann.sigma(s, mm, mz, g, q, width=gam), m[None, :], x)
        assert np.allclose(fast, ref, rtol=1e-12, atol=0), charges
