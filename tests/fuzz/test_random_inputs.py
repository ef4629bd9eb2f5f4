"""Random inputs over the whole real line (hypothesis): every call returns a finite result or raises a documented
error -- never NaN, never an undocumented exception, never a hang (issue 19)."""
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leptoforce import units as u
from leptoforce.decays.zprime import lifetime, partial_widths, two_body_width
from leptoforce.errors import ComputationError, InvalidInputError, OutOfDomainError
from leptoforce.lab import g2, nue
from leptoforce.model import ZPrime
from leptoforce.sidm import Yukawa, born_k2_sigma
from leptoforce.thermal import thermo
from leptoforce.thermal.freezeout import relic_abundance_semianalytic

from .contract import finite_everywhere, time_limit

ANY = st.floats(allow_nan=True, allow_infinity=True, width=64)
MASS = st.floats(min_value=1e-7, max_value=1e6)          # GeV, where the physics should answer
COUPLING = st.floats(min_value=1e-12, max_value=4 * math.pi)
MODEL = st.sampled_from(["Lmu-Ltau", "B-L", "Le-Lmu", "Le-Ltau", "nuphilic-mumu"])
DOCUMENTED = (InvalidInputError, OutOfDomainError, ComputationError)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _keeps_contract(f, *args, inf_ok=False):
    try:
        with time_limit(60):
            out = f(*args)
    except DOCUMENTED:
        return
    bad = finite_everywhere(out, inf_ok=inf_ok)
    assert not bad, (f.__name__, args, bad)


@FUZZ
@given(m=ANY, g=ANY, model=MODEL)
def test_zprime_any_reals(m, g, model):
    def widths(m, g):
        return partial_widths(ZPrime(m, g, model))
    _keeps_contract(widths, m, g)


@FUZZ
@given(m=MASS, g=COUPLING, model=MODEL)
def test_zprime_observables_in_range(m, g, model):
    zp = ZPrime(m, g, model)
    _keeps_contract(partial_widths, zp)
    _keeps_contract(lifetime, zp)
    _keeps_contract(g2.delta_a, zp, "mu")
    _keeps_contract(g2.delta_a, zp, "e")


@FUZZ
@given(m=ANY, m1=ANY, gv=ANY)
def test_two_body_width_any_reals(m, m1, gv):
    _keeps_contract(two_body_width, m, m1, m1, gv, 0.0)


@FUZZ
@given(E=st.floats(min_value=1e-4, max_value=1e3), m=MASS, g=COUPLING, model=st.sampled_from(["B-L", "Le-Lmu"]))
def test_nue_cross_section_in_range(E, m, g, model):
    _keeps_contract(nue.sigma_total, E * u.MeV, "e", ZPrime(m, g, model))


@FUZZ
@given(T=ANY)
def test_gstar_any_reals(T):
    _keeps_contract(thermo.gstar_s, T)


@FUZZ
@given(a=ANY, b=ANY)
def test_born_any_reals(a, b):
    _keeps_contract(born_k2_sigma, a, b)


@FUZZ
@given(m_chi=st.floats(min_value=1e-3, max_value=1e4), m_phi=st.floats(min_value=1e-6, max_value=10.0),
       alpha=st.floats(min_value=1e-8, max_value=1.0), v=st.floats(min_value=1e-6, max_value=1e-2))
def test_yukawa_born_and_auto_in_range(m_chi, m_phi, alpha, v):
    yk = Yukawa(m_chi, m_phi, alpha)
    _keeps_contract(lambda: yk.cross_sections(v, "born"))


@FUZZ
@given(m=ANY, sv=ANY)
def test_semianalytic_relic_any_reals(m, sv):
    _keeps_contract(relic_abundance_semianalytic, m, sv)


@pytest.mark.parametrize("mass", [1e-6, 1e-3, 1.0, 1e3, 1e5])
def test_bounds_at_extreme_masses(mass):
    from leptoforce.experiments.bounds import bounds_at, envelope_g_max
    res = bounds_at("B-L", mass)
    for r in res:
        assert not finite_everywhere(r.g_excluded, inf_ok=True), r
    assert envelope_g_max(res) > 0
