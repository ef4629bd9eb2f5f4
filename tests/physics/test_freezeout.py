"""Thermal averages (Gondolo-Gelmini) and freeze-out (issue 7, parts 2-3)."""
import math

import numpy as np
import pytest

from leptoforce import units as u
from leptoforce.errors import InvalidInputError
from leptoforce.thermal.averages import Resonance, sigma_v_thermal
from leptoforce.thermal.freezeout import (coannihilation_sigma_v, relic_abundance, relic_abundance_semianalytic,
                                          rho_crit_over_h2, s0)

M = 100.0


def _sigma_from_sv(sv_of_v):
    """sigma(s) for a given sigma*v_Mol(v) with v_Mol = 2 beta in the centre-of-mass frame."""
    def sigma(s):
        beta = math.sqrt(max(1 - 4 * M * M / s, 0.0))
        return sv_of_v(2 * beta) / (2 * beta) if beta > 0 else 0.0
    return sigma


def test_gg_swave_and_pwave_nonrelativistic_limits():
    """<sigma v> -> a for sigma v = a, and -> 6 b/x for sigma v = b v^2 (<v^2> = 6T/m), up to O(1/x)."""
    x = 1000.0
    assert sigma_v_thermal(_sigma_from_sv(lambda v: 1.0), M, M / x) == pytest.approx(1.0, rel=3e-3)
    assert sigma_v_thermal(_sigma_from_sv(lambda v: v * v), M, M / x) == pytest.approx(6 / x, rel=3e-3)


def test_gg_resonance_is_sampled_and_converged():
    """A narrow Breit-Wigner at sqrt(s) = 2.02 m: default sampling agrees with a 1e-10-tolerance run
    and with an independent dense trapezoid sum to 1e-4."""
    MR, GR = 2.02 * M, 1e-4 * 2.02 * M

    def sigma(s):
        return 1e-6 * MR * MR * GR * GR / ((s - MR * MR) ** 2 + MR * MR * GR * GR)
    x = 20.0
    res = [Resonance(MR, GR)]
    a = sigma_v_thermal(sigma, M, M / x, res)
    b = sigma_v_thermal(sigma, M, M / x, res, rtol=1e-10)
    assert a == pytest.approx(b, rel=1e-5)
    # independent evaluation: trapezoid in s with the peak resolved by 2e6 points
    from scipy import special
    s = np.concatenate([np.linspace(4 * M * M, MR * MR - 200 * MR * GR, 200_000),
                        np.linspace(MR * MR - 200 * MR * GR, MR * MR + 200 * MR * GR, 2_000_000),
                        np.linspace(MR * MR + 200 * MR * GR, 4 * M * M * 4, 400_000)])
    T = M / x
    sig = 1e-6 * MR * MR * GR * GR / ((s - MR * MR) ** 2 + MR * MR * GR * GR)
    integrand = sig * (s - 4 * M * M) * np.sqrt(s) * special.kn(1, np.sqrt(s) / T)
    ref = np.trapezoid(integrand, s) / (8 * M**4 * T * special.kn(2, x) ** 2)
    assert a == pytest.approx(ref, rel=1e-4)


def test_relic_inverse_scaling_and_semianalytic():
    sv = 2.2e-26 * u.cm**3 / u.s
    for m in (0.1 * u.GeV, 100 * u.GeV, 3 * u.TeV):
        r1 = relic_abundance(m, sv)
        r2 = relic_abundance(m, 2 * sv)
        # Omega ~ x_f/<sigma v>: doubling <sigma v> halves Omega up to the log growth of x_f
        assert r2.omega_h2 * 2 / r1.omega_h2 == pytest.approx(1.0 + math.log(2) / r1.x_f, rel=0.02)
        assert r1.omega_h2 == pytest.approx(relic_abundance_semianalytic(m, sv), rel=0.05)
        assert 15 < r1.x_f < 35


def test_dirac_needs_twice_the_cross_section():
    """A Dirac particle with twice the Majorana <sigma v> has the same Omega up to the ln 2 shift of
    x_f (twice the degrees of freedom in equilibrium): Omega_D = Omega_M (1 + ln 2 / x_f)."""
    sv = 2.2e-26 * u.cm**3 / u.s
    maj = relic_abundance(50 * u.GeV, sv, self_conjugate=True)
    dirac = relic_abundance(50 * u.GeV, 2 * sv, self_conjugate=False)
    assert dirac.omega_h2 == pytest.approx(maj.omega_h2 * (1 + math.log(2) / maj.x_f), rel=0.01)


def test_callable_sigma_v_matches_constant():
    sv = 3e-26 * u.cm**3 / u.s
    a = relic_abundance(200 * u.GeV, sv).omega_h2
    b = relic_abundance(200 * u.GeV, lambda x: sv).omega_h2
    assert a == pytest.approx(b, rel=1e-4)  # the Radau tolerance is 1e-6 per step


def test_never_in_equilibrium_is_an_error():
    with pytest.raises(InvalidInputError, match="freeze-in"):
        relic_abundance(100 * u.GeV, 1e-50 * u.cm**3 / u.s)


def test_cosmological_constants():
    assert rho_crit_over_h2() / (u.GeV / u.cm**3) == pytest.approx(1.0537e-5, rel=1e-3)
    assert s0() * u.cm**3 == pytest.approx(2891.2 * 3.931 / 3.909, rel=2e-3)


def test_coannihilation_effective_cross_section():
    """Degenerate states with a common <sigma v>_ij = c give c; seed 001 eq. (21) weights for equal g."""
    sv = coannihilation_sigma_v([1.0, 1.0], [2, 2], lambda x: np.full((2, 2), 3.0))
    assert sv(20.0) == pytest.approx(3.0)
    D, x = 0.05, 20.0
    mat = np.array([[1.0, 0.5], [0.5, 2.0]])
    eff = coannihilation_sigma_v([1.0, 1.0 + D], [2, 2], lambda _: mat)(x)
    w2 = (1 + D) ** 1.5 * math.exp(-x * D)
    r1, r2 = 1 / (1 + w2), w2 / (1 + w2)
    assert eff == pytest.approx(mat[0, 0] * r1**2 + 2 * mat[0, 1] * r1 * r2 + mat[1, 1] * r2**2)


def test_relativistic_relic_seed004_eq33():
    """Seed 004 eq. (3.3): Omega h^2 ~ 110 (M/10 keV)(10.75/g_*) for a relativistic decoupler, within 5% (acceptance)."""
    from leptoforce.thermal.relics import relativistic_relic_omega_h2
    assert relativistic_relic_omega_h2(10 * u.keV) == pytest.approx(110, rel=0.05)
    assert relativistic_relic_omega_h2(30 * u.keV, gstar_s_dec=106.75) == pytest.approx(110 * 3 * 10.75 / 106.75, rel=0.05)
    # exactly linear in M and 1/g_*
    a = relativistic_relic_omega_h2(10 * u.keV, gstar_s_dec=20.0)
    assert relativistic_relic_omega_h2(20 * u.keV, gstar_s_dec=40.0) == pytest.approx(a, rel=1e-12)


def test_delta_neff_seed004_eq32():
    """Eq. (3.2): a Z' (3 dof boson) and N1 (Majorana) decoupling with the neutrinos add 12/7 + 1."""
    from leptoforce.thermal.relics import DecoupledSpecies, delta_neff_decoupled
    zp, n1 = DecoupledSpecies(3, "boson", 10.75), DecoupledSpecies(2, "fermion", 10.75)
    assert delta_neff_decoupled([zp, n1]) == pytest.approx(12 / 7 + 1)
    early = DecoupledSpecies(2, "fermion", 106.75)
    assert delta_neff_decoupled([early]) == pytest.approx((10.75 / 106.75) ** (4 / 3))
    with pytest.raises(InvalidInputError, match="statistics"):
        DecoupledSpecies(2, "anyon", 10.0)


def test_batch_solver_agrees_with_radau_across_masses():
    """Vectorised BDF2 batch vs the Radau solver, 10 MeV - 10 TeV, constant <sigma v>: < 1e-3."""
    from leptoforce.thermal.freezeout import relic_abundance_batch
    ms = np.geomspace(0.01, 1e4, 9)
    sv = 2.2e-26 * u.cm**3 / u.s
    ref = np.array([relic_abundance(m, sv).omega_h2 for m in ms])
    got = relic_abundance_batch(ms, sv).omega_h2
    assert np.max(np.abs(got / ref - 1)) < 1e-3
    # and a callable <sigma v>(x, m) (p-wave): Omega still matches point by point
    pw = lambda x, m: sv * 6 / x           # noqa: E731
    got = relic_abundance_batch(ms[:3], pw).omega_h2
    ref = [relic_abundance(m, lambda x: sv * 6 / x).omega_h2 for m in ms[:3]]
    assert np.allclose(got, ref, rtol=2e-3)


def test_batch_solver_refuses_out_of_equilibrium_points():
    from leptoforce.thermal.freezeout import relic_abundance_batch
    with pytest.raises(InvalidInputError, match="not in chemical equilibrium"):
        relic_abundance_batch([10.0, 10.0], [2.2e-26 * u.cm**3 / u.s, 1e-60])


def test_vectorised_gg_average_matches_adaptive():
    from leptoforce.thermal.averages import sigma_v_thermal_nodes
    sig = lambda s, m=None: 1e-8 * (1 + 3 * (1 - 4 * (m if m is not None else 1.0) ** 2 / s)) / s   # noqa: E731
    ms = np.array([1.0, 1.0, 1.0])
    xs = np.array([2.0, 20.0, 200.0])
    got = sigma_v_thermal_nodes(lambda s, m: sig(s, m), ms, xs)
    ref = [sigma_v_thermal(lambda s: sig(s, 1.0), 1.0, 1.0 / x) for x in xs]
    assert np.allclose(got, ref, rtol=1e-5)


def test_large_cross_sections_solve_without_overflow():
    """Radau trial states far below equilibrium used to overflow exp(); Omega still ~ x_f/<sigma v>."""
    small = relic_abundance(1 * u.TeV, 1e-24 * u.cm**3 / u.s)
    big = relic_abundance(1 * u.TeV, 1e-22 * u.cm**3 / u.s)
    assert big.omega_h2 * 100 / small.omega_h2 == pytest.approx(big.x_f / small.x_f, rel=0.05)


# <sigma v> [cm^3/s] giving Omega h^2 = 0.11 for a self-conjugate s-wave relic, from hazma 2.2.0
# relic_density(semi_analytic=False) with its own g_* table (hazma/relic_density/smdof.dat); regenerate
# with benchmarks/bench_relic.py, which also prints hazma's SDB-eq.-13 mode and our solver on hazma's table.
HAZMA_ODE_SV_011 = {0.01: 4.270e-26, 0.1: 4.727e-26, 0.3: 4.998e-26, 1.0: 4.752e-26, 3.0: 3.975e-26,
                    10.0: 2.511e-26, 30.0: 2.272e-26, 100.0: 2.227e-26, 1e3: 2.309e-26, 1e4: 2.357e-26}


def test_freezeout_agrees_with_literature_10MeV_to_10TeV():
    """Issue 7 acceptance: constant <sigma v> against the literature across 10 MeV - 10 TeV, within 5%.

    Against hazma's Boltzmann solution (its g_* table): Omega within 5% everywhere; we are 1-5% higher,
    of which up to 3.5% is the g_* table (Saikawa & Shirai 2018 here; 10 GeV - 1 TeV, where the two tables
    differ most) and ~1% the rest (on hazma's table our solver is 1.0-1.2% above hazma at 0.1 GeV - 10 TeV).
    Against Steigman, Dasgupta & Beacom 2012 (arXiv:1204.3622, abstract, Omega h^2 = 0.11): their maximum
    5.2e-26 at ~0.3 GeV is reproduced to 3%; their "2.2e-26 above 10 GeV" is 5-9% below ours, because their
    analytic x_* method sits 3-7% below the numerical solution on the same table (hazma's implementation of
    their eq. 13) and the Saikawa-Shirai EOS adds up to 3.5% in 10 GeV - 1 TeV (their 2020 paper,
    arXiv:2005.03544, quotes ~10% from the EOS update)."""
    from leptoforce.thermal.freezeout import relic_abundance_batch
    ms = np.array(list(HAZMA_ODE_SV_011))
    sv = np.array(list(HAZMA_ODE_SV_011.values())) * u.cm**3 / u.s
    om = relic_abundance_batch(ms, sv).omega_h2
    assert np.all(np.abs(om / 0.11 - 1) < 0.05), om / 0.11
    peak = relic_abundance(0.3 * u.GeV, 5.2e-26 * u.cm**3 / u.s).omega_h2
    assert peak == pytest.approx(0.11, rel=0.05)
    plateau = relic_abundance_batch(np.array([30.0, 100.0, 1e3, 1e4]), 2.2e-26 * u.cm**3 / u.s).omega_h2
    assert np.all((plateau / 0.11 > 1.03) & (plateau / 0.11 < 1.10))     # the documented SDB offset


def test_start_cut_by_the_gstar_table_is_named_and_bad_constant_sigma_v_rejected():
    from leptoforce.thermal.freezeout import relic_abundance_batch
    with pytest.raises(InvalidInputError, match="upper end"):
        relic_abundance(1e5 * u.GeV, 2.2e-26 * u.cm**3 / u.s)
    with pytest.raises(InvalidInputError, match="sigma_v"):
        relic_abundance_batch([1.0], -1e-9)


def test_node_average_shares_its_x_tables_without_changing_a_number():
    """issue 23: the Bessel weights of sigma_v_thermal_nodes are computed once per distinct x; a batch with repeated
    x values gives, element by element, what each (m, x) pair gives alone."""
    import numpy as np
    from leptoforce.thermal.averages import sigma_v_thermal_nodes

    def sig(s, m):
        return 1e-8 * (1 + 0.3 * s / (4 * m * m)) / np.sqrt(s)

    m = np.array([[1.0, 2.0, 5.0, 1.0]])
    x = np.array([[3.0], [10.0], [10.0], [30.0]]) * np.ones((1, 4))
    batch = sigma_v_thermal_nodes(sig, m, x)
    alone = np.array([[float(sigma_v_thermal_nodes(sig, m[0, j], x[i, j])) for j in range(4)] for i in range(4)])
    assert np.allclose(batch, alone, rtol=1e-13, atol=0)
