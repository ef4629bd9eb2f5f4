"""Every computed bound is a bracketed root or explicitly none (issue 19): never the edge of a search bracket.

Regression: at 30 TeV the Borexino and TEXONO bounds of B-L used to read g_max = 1e-9 (the search
floor) because the nu-e cross section lost the recoil energy to round-off in ln(2 m_e T + m^2) for
m^2 >> 2 m_e T; the rate came out zero, so every coupling looked excluded.
"""
import math

import numpy as np
import pytest

from leptoforce import units as u
from leptoforce.bound_registry import computed_bounds
from leptoforce.errors import ComputationError
from leptoforce.experiments.bounds import bounds_at, envelope_g_max
from leptoforce.lab import nue
from leptoforce.model import ZPrime, lepton_flavour_plus_bl, preset
from leptoforce.numerics import excluded_intervals, lowest_excluded

MODELS = ("Lmu-Ltau", "B-L", "Le-Lmu", "Le-Ltau", "nuphilic-mumu")
MASSES = np.geomspace(1 * u.keV, 100 * u.TeV, 12)
REL = 1e-4     # the roots are found to 1e-8 in log10 g; the criterion must change sign within 0.01%


@pytest.mark.parametrize("model", ["B-L", "Lmu-Ltau"])
@pytest.mark.parametrize("mass", [30 * u.TeV, 50 * u.TeV])
def test_no_bound_at_the_search_floor_for_heavy_zprimes(model, mass):
    res = bounds_at(model, mass, include_missing=False)
    for r in res:
        assert r.g_max > 1e-3, (r.name, r.g_max)
    # the envelope at 30-50 TeV is set by LEP (or nothing), far above the old 1e-9
    assert envelope_g_max(res) > 1.0


def test_nue_cross_section_keeps_precision_for_a_heavy_zprime():
    # a Z' of negligible coupling leaves the Borexino rate at its SM value at any mass
    for m in (1e-6, 1.0, 3e3, 3e4, 1e5):
        assert nue.borexino_rate_ratio(ZPrime(m * u.GeV, 1e-9, "B-L")) == pytest.approx(1.0, abs=1e-6)
    # and the heavy-Z' (contact) shift falls as 1/m^2: ratio - 1 at g = 1 scales by 1/100 per decade
    d1 = nue.borexino_rate_ratio(ZPrime(1e4, 1.0, "B-L")) - 1
    d2 = nue.borexino_rate_ratio(ZPrime(1e5, 1.0, "B-L")) - 1
    assert d2 / d1 == pytest.approx(0.01, rel=0.02)


def _models():
    yield from MODELS
    yield lepton_flavour_plus_bl("mu", "tau", 0.3)


@pytest.mark.parametrize("model", list(_models()), ids=lambda m: m if isinstance(m, str) else m.name)
def test_every_computed_bound_is_a_bracketed_root_or_none(model):
    ch = preset(model) if isinstance(model, str) else model
    checked = 0
    for m in MASSES:
        for b in computed_bounds().values():
            if not b.applies(ch, float(m)):
                continue
            try:
                intervals = b.excluded(ch, float(m))
            except ComputationError:
                continue                      # listed as "outside" by bounds_at, with the reason
            crit = b.criterion(ch, float(m))
            for lo, hi in intervals:
                assert lo <= 4 * math.pi, (b.name, m, lo)
                for edge, inside in ((lo, +1), (hi, -1)):
                    rel = max(REL, b.rel_tol)
                    if not math.isfinite(edge) or edge >= 4 * math.pi / (1 + rel):
                        continue
                    below, above = crit(edge * (1 - rel)), crit(edge * (1 + rel))
                    # entering an interval the criterion turns positive, leaving it negative
                    assert below * above < 0, (b.name, m / u.GeV, edge, below, above)
                    assert (above > 0) == (inside > 0), (b.name, m / u.GeV, edge)
                    checked += 1
    assert checked > 0


def test_search_helpers_refuse_an_exclusion_at_the_floor():
    with pytest.raises(ComputationError, match="search floor"):
        excluded_intervals(lambda lg: 1.0, 1e-9, 1.0, 11, 1e-8)
    with pytest.raises(ComputationError, match="search floor"):
        lowest_excluded(lambda lg: 1.0, 1e-9, 1.0, 1e-8)
    assert lowest_excluded(lambda lg: -1.0, 1e-9, 1.0, 1e-8) == math.inf
    assert lowest_excluded(lambda lg: lg + 3, 1e-9, 1.0, 1e-10) == pytest.approx(1e-3, rel=1e-8)
    # a window that opens and closes (destructive interference)
    iv = excluded_intervals(lambda lg: 1.0 - abs(lg + 4), 1e-9, 1.0, 41, 1e-10)
    assert iv[0][0] == pytest.approx(1e-5, rel=1e-6) and iv[0][1] == pytest.approx(1e-3, rel=1e-6)
