"""Inputs as data (issue 20): every packaged input set loads, every entry has a source, a year and a unit
that parses, the sets are read-only, and the transcribed numbers equal the ones printed in their sources."""
import math

import pytest

from leptoforce import inputs, units as u
from leptoforce.errors import InvalidInputError


@pytest.mark.parametrize("name", inputs.sets())
def test_every_set_loads_and_every_entry_is_sourced(name):
    s = inputs.input_set(name)
    assert s.names(), name
    for n in s.names():
        e = s.get(n)
        assert len(e.source) > 10, f"{name}:{n} has no real source"
        assert 1900 < e.year <= 2026, f"{name}:{n} year {e.year}"
        v = e.internal                      # the unit parses
        if not isinstance(v, str):
            vals = v if isinstance(v, tuple) else (v,)
            assert all(math.isfinite(x) for x in vals), f"{name}:{n}"


def test_paper_sets_extend_the_library():
    for name in inputs.sets():
        if name.startswith("paper-"):
            assert inputs.input_set(name).extends == "library"
            assert inputs.value("texono.xi", name) == inputs.value("texono.xi")


def test_sets_are_read_only():
    s = inputs.input_set("library")
    with pytest.raises(TypeError):
        s.entries["texono.xi"] = None
    with pytest.raises(TypeError):
        s.get("texono.xi").errors["stat"] = 0.0


def test_units_are_converted_to_internal_units():
    assert inputs.value("texono.T_min") == pytest.approx(3 * u.MeV)
    assert inputs.value("relic.sigma_v_canonical", "paper-seed001") == pytest.approx(3e-26 * u.cm ** 3 / u.s)
    assert inputs.get("relic.sigma_v_canonical", "paper-seed001").value == 3e-26    # as written in the file
    assert inputs.value("darkcast.lhcb_t_slope") == pytest.approx(inputs.get("darkcast.lhcb_t_slope").value
                                                                  * u.GeV * u.ps)


def test_unknown_names_are_refused_with_a_suggestion():
    with pytest.raises(InvalidInputError, match="'texono.xii' is not in set 'library'.*texono.xi"):
        inputs.get("texono.xii")
    with pytest.raises(InvalidInputError, match="input set 'paper-seed01' is unknown"):
        inputs.input_set("paper-seed01")
    with pytest.raises(InvalidInputError, match="no uncertainty 'err'"):
        inputs.get("texono.xi").error("err")


# ---- transcriptions against the numbers printed in their sources (source strings in the files) ----------
PRINTED = [
    # TEXONO, Deniz et al., PRD 81 (2010) 072001, arXiv:0911.1597, abstract: xi = 1.08 +- 0.21(stat) +- 0.16(sys)
    ("library", "texono.xi", 1.08, {"stat": 0.21, "sys": 0.16}),
    # CCFR, Mishra et al., PRL 66 (1991) 3117: sigma/sigma_SM = 0.82 +- 0.28
    ("library", "ccfr.ratio", 0.82, {"err": 0.28}),
    # Borexino, PRL 107 (2011) 141302: P_ee(862 keV) = 0.51
    ("library", "borexino.P_ee", 0.51, {}),
    # seed 000 Sec. IV: Omega h^2 = 0.1199 +- 0.0027
    ("paper-seed000", "relic.omega_h2", 0.1199, {"err": 0.0027}),
    # seed 001 below eq. 21: 3e-26 cm^3/s at x_f = 20; Sec. II.B T_nu-dec ~ 1.5 MeV
    ("paper-seed001", "relic.x_f", 20.0, {}),
    ("paper-seed001", "neff.T_dec", 1.5, {}),
]


@pytest.mark.parametrize("set_name,name,printed,errs", PRINTED, ids=[p[1] for p in PRINTED])
def test_transcribed_values_equal_the_printed_ones(set_name, name, printed, errs):
    e = inputs.get(name, set_name)
    assert e.value == printed
    for k, v in errs.items():
        assert e.errors[k] == v


def test_tables_from_data_are_read_only():
    from leptoforce.data import load_table
    from leptoforce.experiments.xenon1t import load_sr1
    from leptoforce.lab.targets import shell_table

    for arr in (load_table("gstar", "saikawa_shirai_2018_gstar_subsample.csv"), *shell_table(), load_sr1().rate):
        assert not arr.flags.writeable
        with pytest.raises(ValueError):
            arr[0] = 0.0
    orig = float(shell_table()[0][0])
    mine = shell_table()[0].copy()         # a copy is the caller's own
    mine[0] = orig + 1.0
    assert shell_table()[0][0] == orig
