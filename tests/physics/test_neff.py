"""Three-bath N_eff of seed 001 (eqs. 10-15, appendix B) (issue 7, part 6)."""
import math

import pytest

from leptoforce import constants as C
from leptoforce import units as u
from leptoforce.errors import InvalidInputError
from leptoforce.model import ZPrime
from leptoforce.thermal.neff import (gamma_zp_ee, neff_mass_bound, neff_standard_instantaneous, neff_three_bath,
                                     neff_zprime, _thermo_massive)


def test_no_new_physics_is_the_instantaneous_decoupling_value():
    """A Z' far above T_dec leaves N_eff at 3 (g_s(T_dec)/5.5)^{-4/3}: 3.032 at 1.5 MeV, 3.000 at 20 MeV."""
    heavy = neff_three_bath(1.0, rtol=1e-10).neff        # an exact limit: at the tight tolerance
    assert heavy == pytest.approx(neff_standard_instantaneous(), rel=1e-6)
    assert heavy == pytest.approx(3.032, abs=1e-3)
    assert neff_standard_instantaneous(20 * u.MeV) == pytest.approx(3.000, abs=1e-3)


def test_light_zprime_dumps_its_entropy_into_nu_mu_nu_tau():
    """m_Z' << T_dec: (T'/T_nu)^3 = (3.5 + 3)/3.5, so N_eff = N_std/3 (1 + 2 (13/7)^{4/3})."""
    m = 1e-3 * u.MeV
    got = neff_three_bath(m, rtol=1e-10).neff
    s_z, _, _ = _thermo_massive(m, 1.5 * u.MeV, "boson", 3.0)
    frac = s_z / (2 * math.pi**2 / 45 * (1.5 * u.MeV) ** 3)      # ~ 3 (massless boson)
    expect = neff_standard_instantaneous() / 3 * (1 + 2 * ((3.5 + frac) / 3.5) ** (4 / 3))
    assert got == pytest.approx(expect, rel=1e-5)


def test_entropy_of_each_bath_is_conserved_without_mixing():
    r = neff_three_bath(5 * u.MeV, rtol=1e-10)
    a_end = r.T_nu[0] / r.T_nu[-1]
    s3_start = 4 * 7 / 8 * 2 * math.pi**2 / 45 * r.T_prime[0] ** 3 + _thermo_massive(5 * u.MeV, r.T_prime[0], "boson", 3.0)[0]
    s3_end = 4 * 7 / 8 * 2 * math.pi**2 / 45 * r.T_prime[-1] ** 3 + _thermo_massive(5 * u.MeV, r.T_prime[-1], "boson", 3.0)[0]
    assert s3_end * a_end**3 == pytest.approx(s3_start, rel=1e-6)


def test_heat_transfer_cools_photons_and_heats_the_primed_bath():
    """Seed 001 app. B / Fig. 4 left: Z' -> e e lowers T and raises T' relative to eps = 0."""
    m = 10 * u.MeV
    eps = ZPrime(m, 5e-4, "Lmu-Ltau").epsilon_total
    r0, r1 = neff_three_bath(m), neff_three_bath(m, gamma_zp_ee(m, eps))
    assert r1.T[-1] / r1.T_nu[-1] < r0.T[-1] / r0.T_nu[-1]
    assert r1.T_prime[-1] / r1.T_nu[-1] > r0.T_prime[-1] / r0.T_nu[-1]
    assert r1.neff > r0.neff


def test_gamma_ee_matches_decay_module():
    from leptoforce.decays.zprime import two_body_width
    m, eps = 20 * u.MeV, 1e-5
    assert gamma_zp_ee(m, eps) == pytest.approx(two_body_width(m, C.m_e, C.m_e, eps * C.e, 0.0), rel=1e-12)


def test_neff_zprime_rejects_models_outside_the_treatment():
    with pytest.raises(InvalidInputError, match="nu_mu and nu_tau"):
        neff_zprime(ZPrime(10 * u.MeV, 1e-4, "Le-Lmu"))


def test_seed001_neff_bounds():
    """N_eff < 3.5: m_Z' >~ 6 MeV (eps = 0) and >~ 10 MeV (eps = 7.2e-6), each within 20 %."""
    eps = ZPrime(10 * u.MeV, 5e-4, "Lmu-Ltau").epsilon_total
    assert neff_mass_bound(0.0) / u.MeV == pytest.approx(6.0, rel=0.2)
    assert neff_mass_bound(eps) / u.MeV == pytest.approx(10.0, rel=0.2)


# ---- the N_eff bound for any charges (issue 21; leptoforce.thermal.bounds) -----------------------------
def test_three_bath_with_two_coupled_flavours_is_seed_001s():
    from leptoforce.thermal import neff as N
    a = N.neff_three_bath(7 * u.MeV, 0.0)
    b = N.neff_three_bath(7 * u.MeV, 0.0, n_coupled=2)
    assert a.neff == b.neff


def test_three_coupled_flavours_share_the_same_entropy():
    """Entropy conservation (no heat exchange): with all three flavours in the Z' bath the heating is shared by
    more species; the total stays within 1% of the two-flavour value at 5 MeV (the Z' entropy is the same)."""
    from leptoforce.thermal import neff as N
    n2 = N.neff_three_bath(5 * u.MeV, 0.0, n_coupled=2).neff
    n3 = N.neff_three_bath(5 * u.MeV, 0.0, n_coupled=3).neff
    assert n3 == pytest.approx(n2, rel=0.01) and n3 != n2


def test_a_heavy_zprime_leaves_neff_standard():
    from leptoforce.thermal import bounds as TB
    assert abs(TB.delta_neff("Lmu-Ltau", 49 * u.MeV, 1e-6)) < 2e-3
    assert TB.neff_excluded("Lmu-Ltau", 49 * u.MeV, "Planck 2018") == ()


def test_thermalisation_edge_is_where_decays_outpace_expansion():
    from leptoforce.decays import zprime as zdec
    from leptoforce.model import ZPrime
    from leptoforce.thermal import bounds as TB, thermo
    m = 10 * u.MeV
    g0 = TB.thermalisation_g_min("Lmu-Ltau", m)
    w = zdec.partial_widths(ZPrime(m, g0, "Lmu-Ltau"))["nu nu"]
    assert w == pytest.approx(float(thermo.hubble(m / 3)), rel=1e-6)
    assert 1e-11 < g0 < 1e-9          # MeV-scale Z's thermalise for g ~ 1e-10


def test_seed_001_bound_follows_from_the_generic_bound():
    """With the seed's N_eff < 3.5 at g' = 5e-4 the generic bound (the Z' widths of the model, the loop mixing at
    q^2 = m^2) puts the lower end of the window within 20% of the seed's 10 MeV (its Fig. 1 right; seed-specific
    treatment: eps at q^2 = 0, 10.4 MeV here)."""
    from scipy import optimize
    from leptoforce.thermal import bounds as TB, neff as N
    room = 3.5 - N.neff_standard_instantaneous()
    edge = optimize.brentq(lambda lm: TB.delta_neff("Lmu-Ltau", 10 ** lm, 5e-4) - room,
                           math.log10(6 * u.MeV), math.log10(14 * u.MeV), xtol=1e-3)
    assert 10 ** edge == pytest.approx(10 * u.MeV, rel=0.2)


def test_neff_rises_with_the_heat_exchange_beyond_the_verified_cap():
    """Above CAP_RATIO H the width is capped: the exclusion is conservative only if N_eff keeps rising there."""
    from leptoforce.thermal import bounds as TB, neff as N, thermo
    for m in (3 * u.MeV, 10 * u.MeV, 20 * u.MeV):
        H = float(thermo.hubble(m))
        at_cap = N.neff_three_bath(m, TB.CAP_RATIO * H, rtol=1e-10).neff
        beyond = N.neff_three_bath(m, 10 * TB.CAP_RATIO * H, rtol=1e-10).neff
        assert beyond >= at_cap - 1e-4, m


def test_neff_bounds_are_stronger_with_act():
    from leptoforce.thermal import bounds as TB
    m = 15 * u.MeV
    planck = TB.neff_excluded("Lmu-Ltau", m, "Planck 2018")
    act = TB.neff_excluded("Lmu-Ltau", m, "Planck+ACT DR6")
    assert act and (not planck or act[0][0] <= planck[0][0])


# ---- the compiled integrator against the independent Radau form (issue 23) ------------------------------
def _cases():
    from leptoforce.thermal import bounds as TB, thermo
    out = []
    for m in (0.5 * u.MeV, 3 * u.MeV, 10 * u.MeV, 30 * u.MeV):
        H = float(thermo.hubble(m))
        out += [(m, 0.0, False, 2), (m, gamma_zp_ee(m, 7.2e-6), False, 2), (m, 1e-3 * TB.CAP_RATIO * H, True, 2),
                (m, TB.CAP_RATIO * H, False, 3), (m, TB.CAP_RATIO * H, False, 1)]
    return out


@pytest.mark.parametrize("m,gamma,td,n", _cases())
def test_compiled_three_bath_agrees_with_radau(m, gamma, td, n):
    """Rosenbrock (ode23s) with the analytic Jacobian vs scipy's Radau with finite-difference Jacobians, both at
    rtol 1e-8, over masses, heat exchange up to the verified cap, time dilation and 1-3 coupled flavours."""
    a = neff_three_bath(m, gamma, time_dilation=td, n_coupled=n)
    b = neff_three_bath(m, gamma, time_dilation=td, n_coupled=n, method="radau")
    assert a.neff == pytest.approx(b.neff, abs=3e-5)
    assert a.t[-1] == pytest.approx(b.t[-1], rel=1e-5)          # the cosmic time, integrated alongside
    assert a.T[-1] == pytest.approx(b.T[-1], rel=1e-9)          # both stop on T_end


def test_compiled_three_bath_converges_with_its_tolerance():
    """Order 2: ten times tighter rtol moves N_eff by ~10^(-2/3) of the previous change."""
    m, g = 10 * u.MeV, gamma_zp_ee(10 * u.MeV, 7.2e-6)
    ref = neff_three_bath(m, g, rtol=1e-11).neff
    errs = [abs(neff_three_bath(m, g, rtol=r).neff - ref) for r in (1e-7, 1e-8, 1e-9)]
    assert errs[0] > errs[1] > errs[2] and errs[1] < 3e-5


def test_three_bath_reports_a_failed_evolution(monkeypatch):
    from leptoforce.errors import ComputationError
    from leptoforce.thermal import neff as N
    monkeypatch.setattr(N, "_MAX_STEPS", 50)                       # far too few steps: an error, not a number
    with pytest.raises(ComputationError, match="three-bath evolution failed.*more than 50 steps"):
        neff_three_bath(10 * u.MeV, 0.0)
    with pytest.raises(InvalidInputError, match="method"):
        neff_three_bath(10 * u.MeV, method="euler")
