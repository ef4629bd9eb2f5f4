"""SIDM: Yukawa scattering by partial waves against Born, classical, resonances, identical particles.

References: seed 001 eqs. 22-25 (001_f42d064066427b0c.txt); Tulin, Kaplinghat & Yu arXiv:1302.3898;
the critical screening lengths of the Yukawa potential (bound states at zero energy), e.g.
Rogers, Graboske & Harwood, Phys. Rev. A 1 (1970) 1577: lambda_c mu alpha-units = 1.19061 (1s),
0.31010 (2s), 0.13945 (3s), 0.07904 (4s), i.e. b = 2/lambda_c.
"""
import math
import warnings

import numpy as np
import pytest
from scipy import integrate, optimize, special

from dataclasses import replace

from leptoforce import units as u
from leptoforce.errors import InvalidInputError
from leptoforce.settings import DEFAULT
from leptoforce.sidm import (ApproximationWarning, Yukawa, born_k2_sigma, classical_sigma_T,
                             cross_sections_from_phases, maxwell_average, phase_shifts)
from leptoforce.scenarios.pseudo_dirac import PseudoDiracSIDM

KMS = u.km / u.s


def _pw(a, b, stat="distinguishable", attractive=True, **kw):
    ps = phase_shifts(a, b, attractive, **kw)
    return cross_sections_from_phases(ps.delta, stat), ps


@pytest.mark.parametrize("stat", ["distinguishable", "fermion", "boson"])
@pytest.mark.parametrize("ab", [0.01, 0.3, 3.0, 10.0])
def test_partial_waves_match_born_when_b_small(stat, ab):
    """alpha m/m_phi = 1e-3 << 1: partial waves = Born within 1% (sigma_T and sigma_V)."""
    b = 1e-3
    (sT, sV), _ = _pw(ab / b, b, stat)
    bT, bV = born_k2_sigma(ab / b, b, stat)
    assert sT == pytest.approx(bT, rel=0.01)
    assert sV == pytest.approx(bV, rel=0.01)


@pytest.mark.parametrize("stat", ["distinguishable", "fermion", "boson"])
def test_born_closed_forms_against_quadrature(stat):
    """Our closed-form Born integrals (I1, I2, I3, viscosity) against direct angular quadrature."""
    a, b = 3.0, 0.2
    ab = a * b
    uu = 1 + 1 / (2 * ab * ab)
    f = lambda c: 1 / (2 * a) / (uu - c)            # k f(theta)
    if stat == "distinguishable":
        dsig = lambda c: f(c) ** 2
        T = 2 * math.pi * integrate.quad(lambda c: (1 - c) * dsig(c), -1, 1)[0]
    else:
        ws, wa = (0.25, 0.75) if stat == "fermion" else (1.0, 0.0)
        dsig = lambda c: 0.5 * (ws * (f(c) + f(-c)) ** 2 + wa * (f(c) - f(-c)) ** 2)
        T = 4 * math.pi * integrate.quad(lambda c: (1 - c) * dsig(c), 0, 1)[0]
    V = 2 * math.pi * integrate.quad(lambda c: (1 - c * c) * dsig(c), -1, 1)[0]
    bT, bV = born_k2_sigma(a, b, stat)
    assert bT == pytest.approx(T, rel=1e-9)
    assert bV == pytest.approx(V, rel=1e-9)


def test_identical_particle_sums_reduce_to_parity_weighted_distinguishable():
    """Eq. 24: total sigma = (2pi/k^2)[sum_even (2l+1) sin^2 + 3 sum_odd ...]; viscosity splits by parity."""
    rng = np.random.default_rng(1)
    d = rng.uniform(-1.5, 1.5, 12) * np.exp(-0.3 * np.arange(12))
    # dsigma/dOmega = 2 (w_s |f_e|^2 + w_a |f_o|^2), and sigma_V couples l to l +- 2 only: the identical-particle
    # sigma_V (quadrature) is the distinguishable closed sum over the even (odd) phases, weighted 2 w_s (2 w_a)
    even = np.where(np.arange(12) % 2 == 0, d, 0.0)
    odd = np.where(np.arange(12) % 2 == 1, d, 0.0)
    _, sV_e = cross_sections_from_phases(even, "distinguishable")
    _, sV_o = cross_sections_from_phases(odd, "distinguishable")
    _, sV_f = cross_sections_from_phases(d, "fermion")
    _, sV_s = cross_sections_from_phases(d, "scalar")
    assert sV_f == pytest.approx(2 * (0.25 * sV_e + 0.75 * sV_o), rel=1e-10)
    assert sV_s == pytest.approx(2 * sV_e, rel=1e-10)
    # transfer cross section of eq. 25 against its definition integrated by adaptive quadrature
    ell = np.arange(12)
    coef = (2 * ell + 1) * np.exp(1j * d) * np.sin(d)
    f = lambda c: np.sum(coef * special.eval_legendre(ell, c))
    dsig = lambda c: 0.5 * (0.25 * abs(f(c) + f(-c)) ** 2 + 0.75 * abs(f(c) - f(-c)) ** 2)
    T = 4 * math.pi * integrate.quad(lambda c: (1 - c) * dsig(c), 0, 1, limit=200)[0]
    assert cross_sections_from_phases(d, "fermion")[0] == pytest.approx(T, rel=1e-9)
    # and the total cross section of eq. 24 (full solid angle with its 1/2) has the parity-weighted closed form
    tot = 2 * math.pi * integrate.quad(dsig, -1, 1, limit=200)[0]
    s2 = (2 * ell + 1) * np.sin(d) ** 2
    assert tot == pytest.approx(2 * math.pi * (s2[0::2].sum() + 3 * s2[1::2].sum()), rel=1e-9)


def test_distinguishable_closed_sums_against_angular_quadrature():
    rng = np.random.default_rng(2)
    d = rng.uniform(-1.5, 1.5, 10) * np.exp(-0.4 * np.arange(10))
    ell = np.arange(10)
    coef = (2 * ell + 1) * np.exp(1j * d) * np.sin(d)
    f2 = lambda c: abs(np.sum(coef * special.eval_legendre(ell, c))) ** 2
    T = 2 * math.pi * integrate.quad(lambda c: (1 - c) * f2(c), -1, 1, limit=200)[0]
    V = 2 * math.pi * integrate.quad(lambda c: (1 - c * c) * f2(c), -1, 1, limit=200)[0]
    sT, sV = cross_sections_from_phases(d)
    assert sT == pytest.approx(T, rel=1e-9) and sV == pytest.approx(V, rel=1e-9)


@pytest.mark.parametrize("n, b_expected", [(1, 2 / 1.19061), (2, 2 / 0.31010), (3, 2 / 0.13945)])
def test_s_wave_resonances_at_yukawa_bound_state_thresholds(n, b_expected):
    """Zero-energy s-wave resonances (delta_0 = pi/2 at k -> 0) sit at the critical screening lengths."""
    a = 1e-5

    def cos_d0(b):
        return math.cos(phase_shifts(a, b, True, l_max=0).delta[0])

    # delta_0 (mod pi) passes pi/2 at the threshold: cos changes sign there
    lo, hi = 0.93 * b_expected, 1.07 * b_expected
    bs = np.linspace(lo, hi, 29)
    c = np.array([cos_d0(x) for x in bs])
    i = int(np.argmin(np.abs(c)))
    b_res = optimize.brentq(cos_d0, bs[max(i - 1, 0)], bs[min(i + 1, len(bs) - 1)]) if c[max(i - 1, 0)] * c[min(i + 1, len(bs) - 1)] < 0 else bs[i]
    assert b_res == pytest.approx(b_expected, rel=3e-3)


def test_low_velocity_sigma_grows_as_inverse_v2_on_resonance():
    """On the first resonance the s-wave sigma_T -> 4 pi/k^2 (unitarity): k^2 sigma_T constant as v -> 0."""
    b = 2 / 1.19061
    vals = [(_pw(a, b)[0][0]) for a in (1e-4, 3e-4, 1e-3)]
    for v in vals:
        assert v == pytest.approx(4 * math.pi, rel=0.02)
    # off resonance the low-velocity cross section saturates instead (k^2 sigma -> 0)
    assert _pw(1e-4, 1.0)[0][0] < 0.01 * 4 * math.pi


@pytest.mark.parametrize("beta, attractive, tol", [(1.0, True, 0.15), (10.0, True, 0.15), (100.0, True, 0.15),
                                                     (1.0, False, 0.02)])
def test_partial_waves_match_classical_fits_deep_in_classical_regime(beta, attractive, tol):
    """ab = k/m_phi = 30, a << 1: the fitted classical formulas within their accuracy (module docstring)."""
    ab = 30.0
    a = 1 / (2 * beta * ab)
    b = ab / a
    (sT, _), _ = _pw(a, b, attractive=attractive)
    cl = classical_sigma_T(beta, 1.0, attractive) * ab**2          # k^2 sigma with m_phi = 1
    assert sT == pytest.approx(cl, rel=tol)


def _classical_repulsive(beta):
    """sigma_T m_phi^2/pi from the classical deflection function of V/E = 2 beta e^-y/y (independent form)."""
    def chi(rho):
        F = lambda y: 1 - 2 * beta * math.exp(-y) / y - rho**2 / y**2
        y0 = optimize.brentq(F, 1e-9, 1e3)
        g = lambda w: 2 * w / math.sqrt(max(F(y0 / (1 - w * w)), 1e-300)) / y0 if w < 1 else 0.0
        return math.pi - 2 * rho * integrate.quad(g, 0, 1, limit=200)[0]
    return 2 * integrate.quad(lambda r: r * (1 - math.cos(chi(r))), 0, 40, limit=200, points=[1, 3, 6])[0]


@pytest.mark.parametrize("beta, fit_ratio", [(0.1, 1.30), (0.5, 1.44), (10.0, 0.59)])
def test_repulsive_classical_fit_is_off_where_partial_waves_and_deflection_agree(beta, fit_ratio):
    """Repulsive: partial waves = classical deflection integral (< 1%), the fitted formula is 30-40% off."""
    ab = 30.0
    a = 1 / (2 * beta * ab)
    (sT, _), _ = _pw(a, ab / a, attractive=False)
    exact = _classical_repulsive(beta)
    assert sT / ab**2 / math.pi == pytest.approx(exact, rel=0.01)
    assert classical_sigma_T(beta, 1.0, False) / math.pi / exact == pytest.approx(fit_ratio, rel=0.03)


@pytest.mark.parametrize("a, b", [(0.02, 1.0), (0.05, 20.0), (0.3, 5.0)])
def test_convergence_when_grid_and_lmax_are_doubled(a, b):
    (sT, sV), ps = _pw(a, b, "fermion")
    (sT2, sV2), _ = _pw(a, b, "fermion", step=DEFAULT.sidm_step / 2)
    (sT3, sV3), _ = _pw(a, b, "fermion", l_max=2 * ps.l_max + 1)
    for x in (sT2, sT3):
        assert x == pytest.approx(sT, rel=2e-3)
    for x in (sV2, sV3):
        assert x == pytest.approx(sV, rel=2e-3)


def test_auto_method_is_continuous_where_it_switches():
    """Born <-> partial waves switch at b/(1+(ab)^2) = 10 rtol; the two agree there within ~2%."""
    yk = Yukawa(10.0, 0.01, 1e-3, statistics="fermion")
    # b = alpha M/m_phi = 1.0 here; find the velocity where the Born error estimate crosses 1e-2
    b = yk.b
    ab_switch = math.sqrt(b / (10 * DEFAULT.sidm_rtol) - 1)
    v_switch = ab_switch * yk.m_phi / yk.mu
    lo, hi = yk.cross_sections(v_switch * 0.999), yk.cross_sections(v_switch * 1.001)
    assert {lo.method, hi.method} == {"partial-waves", "born"}
    assert hi.sigma_T == pytest.approx(lo.sigma_T, rel=0.03)
    # distinguishable: partial waves <-> classical at ab = 50 (a < 0.2)
    yd = Yukawa(100.0, 1e-3, 0.05)
    v = 50 * yd.m_phi / yd.mu
    lo, hi = yd.cross_sections(v * 0.995), yd.cross_sections(v * 1.005)
    assert (lo.method, hi.method) == ("partial-waves", "classical")
    assert hi.sigma_T == pytest.approx(lo.sigma_T, rel=0.15)


def test_forced_approximation_outside_validity_warns():
    yk = Yukawa(10.0, 0.01, 0.01, statistics="fermion")
    with pytest.warns(ApproximationWarning, match="Born"):
        yk.sigma_T(30 * KMS, method="born")
    with pytest.warns(ApproximationWarning, match="classical"):
        yk.sigma_T(30 * KMS, method="classical")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yk.sigma_T(30 * KMS)


def test_bad_input_names_parameter():
    with pytest.raises(InvalidInputError, match="m_phi"):
        Yukawa(10.0, -1.0, 0.01)
    with pytest.raises(InvalidInputError, match="statistics"):
        Yukawa(10.0, 0.01, 0.01, statistics="anyon")
    with pytest.raises(InvalidInputError, match="v="):
        Yukawa(10.0, 0.01, 0.01).sigma_T(300.0)
    with pytest.raises(InvalidInputError, match="method"):
        Yukawa(10.0, 0.01, 0.01).sigma_T(1e-4, method="hulthen")
    with pytest.raises(InvalidInputError, match="sidm_rtol"):
        replace(DEFAULT, sidm_rtol=0.5)


def test_maxwell_average_limits():
    """A velocity-independent sigma averages to itself; <sigma v> = sigma <v> (Born, s-wave limit)."""
    yk = Yukawa(10.0, 1.0, 1e-6)                         # b = 1e-5, ab << 1: constant Born sigma
    av = maxwell_average(yk, v_mean=50 * KMS)
    s = yk.sigma_T_over_m(50 * KMS)
    assert av.sigma_over_m == pytest.approx(s, rel=1e-6)
    assert av.sigma_v_over_m == pytest.approx(s * 50, rel=1e-6)
    assert av.v_mean_km_s == pytest.approx(50)
    with pytest.raises(InvalidInputError, match="exactly one"):
        maxwell_average(yk)


def test_units_cm2_per_g():
    """1 cm^2/g in natural units is 4.578e3 GeV^-3 (standard conversion)."""
    yk = Yukawa(1.0, 1.0, 1e-6)
    sig = 4578.0 / u.GeV**2                                # sigma [GeV^-2] for m = 1 GeV -> ~1 cm^2/g
    from leptoforce.sidm import per_mass_cm2_g
    assert per_mass_cm2_g(sig, 1.0) == pytest.approx(1.0, rel=2e-3)
    assert yk.m_chi == 1.0


def test_seed001_benchmarks_dwarf_and_cluster_statements():
    """Seed 001 sec. III.B: the Fig. 3 benchmarks give <sigma_T>/M1 >~ 1 cm^2/g in dwarfs and < 0.1 in clusters."""
    for M1, mphi in ((10.0, 0.01), (20.0, 0.02), (40.0, 0.08)):
        yk = PseudoDiracSIDM.relic(0.01, 5e-4, mphi, M1).yukawa()
        assert maxwell_average(yk, v_mean=30 * KMS).sigma_over_m > 1.0
        assert maxwell_average(yk, v_mean=1500 * KMS).sigma_over_m < 0.1


def test_pseudo_dirac_relic_and_spectrum():
    p = PseudoDiracSIDM.relic(0.01, 5e-4, 0.01, 10.0)
    # eq. 21 at x_f = 20 reproduces the canonical cross section
    assert p.sigma_v_eff_paper(20.0) == pytest.approx(3e-26 * u.cm**3 / u.s, rel=1e-8)
    assert 1e-2 < p.y < 1e-1 * 2                           # 'y ~ 1e-2 - 1e-1' (footnote 2)
    assert p.delta_M == pytest.approx(math.sqrt(2) * p.y * 20.0)    # v_Phi = m_Z'/g' = 20 GeV
    pair = p.pair()
    assert pair.masses[0] == pytest.approx(p.M1, rel=1e-9)
    assert pair.delta_M == pytest.approx(p.delta_M, rel=1e-9)
    assert p.bbn_ok is False and PseudoDiracSIDM.relic(0.01, 5e-4, 0.02, 10.0).bbn_ok is True


def test_pseudo_dirac_boltzmann_relic_close_to_paper_shortcut():
    p = PseudoDiracSIDM.relic(0.01, 5e-4, 0.01, 10.0)
    pb = PseudoDiracSIDM.relic(0.01, 5e-4, 0.01, 10.0, method="boltzmann")
    assert pb.omega_h2() == pytest.approx(0.120, rel=1e-3)
    assert pb.y == pytest.approx(p.y, rel=0.2)


def test_seed001_right_plane_mostly_excluded_by_mphi_below_mzp():
    """Seed 001 sec. III.B: for (m_Z', g') = (50 MeV, 7e-4) most of the SIDM-favoured plane has m_phi < m_Z'."""
    from leptoforce.analyses.sidm_lmu_ltau import V_DWARF, _bbn_fraction
    m_zp, g = 0.05, 7e-4
    mphi, M1 = np.meshgrid(np.geomspace(1e-3, 0.1, 10), np.geomspace(3.0, 100.0, 10), indexing="ij")
    sd = np.vectorize(lambda mp, m: PseudoDiracSIDM.relic(m_zp, g, mp, m).yukawa().sigma_T_over_m(V_DWARF * KMS))(mphi, M1)
    frac = _bbn_fraction({"m_phi": mphi, f"sigmaT_over_m:{V_DWARF:g}": sd}, m_zp)
    # 'most' read as > 90% of the dwarf-favoured points (ours 0.97), above the 80% share m_phi < m_Z' has of this grid
    assert np.mean(mphi < m_zp) == pytest.approx(0.8)
    assert frac > 0.9


def test_statistics_aliases_give_the_same_cross_sections():
    """"scalar" (the seed's word) and "Bose-Einstein" are the boson of the shared vocabulary (model.statistics)."""
    d = np.linspace(0.3, 0.01, 8)
    ref = cross_sections_from_phases(d, "boson")
    for alias in ("scalar", "Bose-Einstein", "BOSE"):
        assert cross_sections_from_phases(d, alias) == ref
    with pytest.raises(InvalidInputError, match="statistics='bosn'.*did you mean 'boson'"):
        cross_sections_from_phases(d, "bosn")


# ---- semi-classical phase shifts above l_wkb (issue 23) ----------------------------------------------------------
def _classical_point(attractive=True):
    from leptoforce.sidm import Yukawa
    y = Yukawa(100 * u.GeV, 1 * u.MeV, 0.05, attractive=attractive)
    r = y.regime(1000 * u.km / u.s)
    return r["a"], r["b"]


@pytest.mark.parametrize("attractive", [True, pytest.param(False, marks=pytest.mark.slow)])
def test_wkb_tail_reproduces_numerov_in_the_classical_regime(attractive):
    """ab = 167: Numerov below l_wkb and Langer-WKB phases above give sigma_T and sigma_V within 2e-6 of Numerov for
    every partial wave (2584 waves), for distinguishable, identical fermions and scalars; the high-l phases agree
    to < 1e-6 rad."""
    from dataclasses import replace
    from leptoforce.settings import DEFAULT
    from leptoforce.sidm.partial_waves import cross_sections_from_phases, phase_shifts
    a, b = _classical_point(attractive)
    hyb = phase_shifts(a, b, attractive)
    ref = phase_shifts(a, b, attractive, settings=replace(DEFAULT, sidm_wkb_l=20000))
    assert hyb.l_wkb is not None and ref.l_wkb is None
    n = min(hyb.delta.size, ref.delta.size)
    wrap = lambda d: (d + 0.5 * np.pi) % np.pi - 0.5 * np.pi      # noqa: E731
    assert np.max(np.abs(wrap(hyb.delta[500:n] - ref.delta[500:n]))) < 1e-6
    for st in ("distinguishable", "fermion", "boson"):
        h, r = cross_sections_from_phases(hyb.delta, st), cross_sections_from_phases(ref.delta, st)
        assert h[0] == pytest.approx(r[0], rel=2e-6) and h[1] == pytest.approx(r[1], rel=2e-6), st


def test_wkb_is_not_used_where_few_partial_waves_are_needed():
    from leptoforce.sidm.partial_waves import phase_shifts
    assert phase_shifts(0.05, 1.9).l_wkb is None                   # resonant regime, ab < 1


def test_wkb_phase_of_a_pure_centrifugal_wave_is_zero_and_bad_settings_are_refused():
    from leptoforce.settings import Settings
    from leptoforce.sidm.partial_waves import _wkb_block
    a, b = _classical_point()
    far = np.arange(20000, 20008)          # turning point far outside the potential's range: no phase
    assert np.max(np.abs(_wkb_block(a, b, 1, far))) < 1e-9
    with pytest.raises(InvalidInputError, match="sidm_wkb_l"):
        Settings(sidm_wkb_l=3)
