"""Thermodynamics: g_* table (Saikawa-Shirai), H, s; equilibrium densities vs massless/Boltzmann limits (issue 7)."""
import math

import numpy as np
import pytest
from scipy import special

from leptoforce import constants as C
from leptoforce import units as u
from leptoforce.data import load_table
from leptoforce.errors import InvalidInputError, OutOfDomainError
from leptoforce.thermal import thermo as th

ZETA3 = 1.2020569031595942


def test_gstar_reproduces_table_nodes_and_is_bounded():
    tab = load_table("gstar", "saikawa_shirai_2018_gstar_subsample.csv")
    T = tab[1:-1, 0] * u.GeV
    np.testing.assert_allclose(th.gstar_rho(T), tab[1:-1, 1], rtol=1e-10)
    np.testing.assert_allclose(th.gstar_s(T), tab[1:-1, 3], rtol=1e-10)
    # monotone interpolation: between any two nodes the value stays between them
    Tm = np.sqrt(tab[1:, 0] * tab[:-1, 0]) * u.GeV
    g = th.gstar_s(Tm)
    lo, hi = np.minimum(tab[1:, 3], tab[:-1, 3]), np.maximum(tab[1:, 3], tab[:-1, 3])
    assert np.all((g >= lo - 1e-12) & (g <= hi + 1e-12))


def test_gstar_limits_today_and_high_T():
    assert th.gstar_s(10 * u.keV) == pytest.approx(3.93, rel=0.01)    # 2 + 7/8*2*3*(4/11) = 3.91 + corrections
    assert th.gstar_rho(10 * u.keV) == pytest.approx(3.38, rel=0.01)
    assert th.gstar_rho(1 * u.TeV) == pytest.approx(106.75, rel=0.03)


@pytest.mark.parametrize("T", [1e-7, 2e4])
def test_gstar_outside_table_raises(T):
    with pytest.raises(OutOfDomainError, match="outside the g_\\* table"):
        th.gstar_rho(T * u.GeV)


def test_hubble_standard_form():
    T = 1 * u.MeV
    g = th.gstar_rho(T)
    assert th.hubble(T) == pytest.approx(1.6602 * math.sqrt(g) * T**2 / C.M_Pl, rel=1e-4)
    assert th.entropy_density(T, g=10.0) == pytest.approx(2 * math.pi**2 / 45 * 10 * T**3)


@pytest.mark.parametrize("stat,fn,fr", [("boson", 1.0, 1.0), ("fermion", 0.75, 0.875)])
def test_massless_limits_seed001_B4(stat, fn, fr):
    T, g = 3.0, 2.0
    eq = th.equilibrium(1e-9 * T, T, g, stat)
    assert eq["n"] == pytest.approx(fn * g * ZETA3 * T**3 / math.pi**2, rel=1e-8)
    assert eq["rho"] == pytest.approx(fr * g * math.pi**2 * T**4 / 30, rel=1e-8)
    assert eq["p"] == pytest.approx(eq["rho"] / 3, rel=1e-8)
    assert eq["s"] == pytest.approx(fr * g * 2 * math.pi**2 * T**3 / 45, rel=1e-8)


@pytest.mark.parametrize("stat", ["boson", "fermion", "boltzmann"])
def test_boltzmann_limit(stat):
    m, T, g = 30.0, 1.0, 2.0
    x = m / T
    n_mb = g * m**2 * T * special.kn(2, x) / (2 * math.pi**2)
    rho_mb = g * m**2 * T * (m * special.kn(1, x) + 3 * T * special.kn(2, x)) / (2 * math.pi**2)
    assert th.number_density(m, T, g, stat) == pytest.approx(n_mb, rel=1e-9)
    assert th.energy_density(m, T, g, stat) == pytest.approx(rho_mb, rel=1e-9)
    assert th.pressure(m, T, g, stat) == pytest.approx(n_mb * T, rel=1e-9)
    assert th.number_density_boltzmann(m, T, g) == pytest.approx(n_mb, rel=1e-12)


@pytest.mark.parametrize("x", [0.3, 1.0, 3.0])
@pytest.mark.parametrize("stat,sign", [("boson", 1.0), ("fermion", -1.0)])
def test_bessel_series_independent_form(x, stat, sign):
    """n = g m^2 T/(2 pi^2) sum_k (+-1)^(k+1) K2(k x)/k: an independent evaluation of the exact integral."""
    T, g = 1.0, 1.0
    m = x * T
    series = sum((sign ** (k + 1)) * special.kn(2, k * x) / k for k in range(1, 400))
    assert th.number_density(m, T, g, stat) == pytest.approx(g * m * m * T * series / (2 * math.pi**2), rel=1e-7)


def test_bad_inputs():
    with pytest.raises(InvalidInputError, match="statistics"):
        th.number_density(1.0, 1.0, 2.0, "anyon")
    with pytest.raises(InvalidInputError, match="T="):
        th.number_density(1.0, -1.0, 2.0)
    with pytest.raises(InvalidInputError, match="m="):
        th.energy_density(-1.0, 1.0, 2.0)


def test_gstar_all_on_a_large_grid_equals_the_three_functions():
    """issue 23: the compiled pass over the shared breakpoints gives the scipy interpolants' numbers."""
    import numpy as np
    from leptoforce.thermal import thermo
    lo, hi = thermo.gstar_range()
    T = np.geomspace(lo, hi, 6000).reshape(60, 100)
    gr, gs, d = thermo.gstar_all(T)
    assert gr.shape == T.shape
    assert np.allclose(gr, thermo.gstar_rho(T), rtol=1e-14, atol=0)
    assert np.allclose(gs, thermo.gstar_s(T), rtol=1e-14, atol=0)
    assert np.allclose(d, thermo.dlngs_dlnT(T), rtol=1e-12, atol=1e-15)


def test_cephes_bessel_forms_equal_amos_kve():
    """issue 23: the node tables use k1e and K2 = K0 + 2 K1/x (Cephes, real argument) in place of kve (AMOS)."""
    import numpy as np
    from scipy import special
    from leptoforce.thermal.averages import _k2e
    x = np.geomspace(1e-3, 1e4, 2001)
    assert np.allclose(special.k1e(x), special.kve(1, x), rtol=1e-13, atol=0)
    assert np.allclose(_k2e(x), special.kve(2, x), rtol=1e-13, atol=0)
