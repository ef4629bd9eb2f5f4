"""TEXONO reactor anti-nu_e - e bound computed for any U(1) (issue 4, item 1): Mueller et al. 2011 spectra,
Deniz et al. 2010 ratio, checked against the published B - L curve and against its own limits."""
import math

import pytest

from leptoforce import units as u
from leptoforce.errors import InvalidInputError, OutOfDomainError
from leptoforce.experiments import limits as L
from leptoforce.experiments.bounds import bounds_at
from leptoforce.lab import reactor
from leptoforce.model import ZPrime
from leptoforce.model.charges import preset


def test_spectrum_is_the_fit_and_refuses_extrapolation():
    # Mueller et al. 2011 Table VI at 4 MeV, pure 235U: exp(3.217 - 3.111*4 + 1.395*16 - 0.369*64 + 0.04445*256
    # - 0.002053*1024) per fission per MeV
    ref = math.exp(3.217 - 3.111 * 4 + 1.395 * 16 - 0.3690 * 64 + 0.04445 * 256 - 0.002053 * 1024)
    assert reactor.reactor_spectrum(4 * u.MeV, {"U235": 1.0}) * u.MeV == pytest.approx(ref, rel=1e-12)
    with pytest.raises(OutOfDomainError, match="fit range"):
        reactor.reactor_spectrum(9 * u.MeV)
    with pytest.raises(OutOfDomainError, match="fit range"):
        reactor.reactor_spectrum(1 * u.MeV)
    with pytest.raises(InvalidInputError, match="fractions"):
        reactor.reactor_spectrum(4 * u.MeV, {"Th232": 1.0})
    with pytest.raises(InvalidInputError, match="fractions"):
        reactor.reactor_spectrum(4 * u.MeV, {"U235": -1.0})


def test_ratio_is_one_without_zprime_and_grows_as_g_squared():
    d1 = reactor.texono_ratio(ZPrime(10 * u.MeV, 1e-7, "Le-Lmu")) - 1
    d2 = reactor.texono_ratio(ZPrime(10 * u.MeV, 2e-7, "Le-Lmu")) - 1
    assert abs(d1) < 1e-4
    assert d2 / d1 == pytest.approx(4.0, rel=1e-3)           # interference-dominated: xi - 1 ~ g^2
    assert d1 > 0                                             # same-sign nu_e and e charges: constructive


@pytest.mark.parametrize("mass", [1 * u.MeV, 10 * u.MeV, 30 * u.MeV, 100 * u.MeV, 300 * u.MeV])
def test_bl_bound_agrees_with_the_published_curve(mass):
    """Against the B - L TEXONO curve of the registry (Bauer-Foldenauer-Jaeckel 2018, Fig. 13, a spectral analysis;
    the darkcast 2023 copy), our rate-only recast is 5% stronger at 1 MeV and 14-19% weaker from 3 to 300 MeV
    (measured 0.95-1.19). The FORESEE copy of the same figure, used before, lies 8% above the darkcast one at
    10 MeV (ratio 0.94-1.10 against it): the two public digitisations differ by that much, so the tolerance is
    -10% / +25%. Below 1 MeV the CsI window (T > 3 MeV) saturates the propagator and the published curve, which
    keeps falling, is stronger; we do not claim it there."""
    ours = reactor.texono_bound("B-L", mass).g_max
    tab = L.recast_bound(L.registry()["TEXONO_BL"], preset("B-L"), mass).g_max
    assert 0.9 < ours / tab < 1.25


@pytest.mark.parametrize("mass", [20 * u.MeV, 3.0, 50.0])
def test_polynomial_roots_equal_the_scan(mass):
    a = reactor.texono_bound("Le-Lmu", mass)
    b = reactor.texono_bound("Le-Lmu", mass, epsilon=0.0)      # fixed mixing: the g scan is used
    assert a.g_max == pytest.approx(b.g_max, rel=1e-5)
    assert a.excluded[0][1] == math.inf


def test_heavy_mediator_limit_is_a_contact_bound():
    """m^2 >> 2 m_e T: the Z' enters as g^2/m^2, so g_max/m is constant."""
    assert reactor.texono_bound("B-L", 100.0).g_max / 100.0 == pytest.approx(
        reactor.texono_bound("B-L", 10.0).g_max / 10.0, rel=1e-3)


def test_fuel_composition_moves_the_bound_by_under_2_percent():
    ref = reactor.texono_bound("B-L", 10 * u.MeV).g_max
    for iso in ("U235", "U238", "Pu239", "Pu241"):
        assert reactor.texono_bound("B-L", 10 * u.MeV, fractions={iso: 1.0}).g_max == pytest.approx(ref, rel=0.02)


def test_light_mediator_limit_is_mass_independent():
    """m^2 << 2 m_e T_min = 3 MeV^2: the propagator is 1/(2 m_e T) and the bound stops depending on m."""
    assert reactor.texono_bound("Le-Ltau", 1 * u.keV).g_max == pytest.approx(
        reactor.texono_bound("Le-Ltau", 10 * u.keV).g_max, rel=1e-3)


def test_bounds_listing_has_texono_only_with_a_nu_e_coupling():
    names = {r.name: r for r in bounds_at("Le-Lmu", 10 * u.MeV, include_missing=False)}
    assert names["TEXONO (computed)"].kind == "computed" and math.isfinite(names["TEXONO (computed)"].g_max)
    assert "TEXONO (computed)" not in {r.name for r in bounds_at("Lmu-Ltau", 10 * u.MeV, include_missing=False)}
