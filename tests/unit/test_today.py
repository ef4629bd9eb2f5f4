"""Today's inputs (issue 22): the current input set and its new data against the numbers printed in their sources,
the atlas questions an analysis asks of a point and of a line (excluded_by, allowed_fraction), and the today section
of a `--inputs current` run."""
import json
import math

import numpy as np
import pytest

from leptoforce import inputs, units as u
from leptoforce.analyses.base import INPUTS, run_analysis
from leptoforce.cli import main
from leptoforce.errors import InvalidInputError, OutOfDomainError
from leptoforce.experiments import direct, xenon1t
from leptoforce.experiments.atlas import Layer, allowed_fraction, excluded_by
from leptoforce.lab import nuphilic


# ---- the current set against its sources -----------------------------------------------------------------------
@pytest.mark.parametrize("name,printed,errs", [
    # Planck 2018 VI, arXiv:1807.06209, Table 2: Omega_c h^2 = 0.1200 +- 0.0012
    ("relic.omega_h2", 0.1200, {"err": 0.0012}),
    # ACT DR6, arXiv:2503.14454, abstract: N_eff = 2.86 +- 0.13 (P-ACT-LB)
    ("cosmology.neff_act_dr6", 2.86, {"err": 0.13}),
    # ATLAS, arXiv:2301.10731, abstract: BR(H -> inv) < 0.107 at 95% CL
    ("higgs_invisible.br_atlas2023", 0.107, {}),
    # NA62, arXiv:2101.12304, abstract: BR(K+ -> mu+ nu nu nubar) < 1.0e-6 at 90% CL
    ("meson.br_K_mununu_na62", 1.0e-6, {}),
    # XENONnT, arXiv:2207.11330, abstract: 1.16 tonne-year
    ("xenonnt.sr0_exposure", 1.16, {}),
])
def test_current_values_equal_the_printed_ones(name, printed, errs):
    e = inputs.get(name, "current")
    assert e.value == printed
    for k, v in errs.items():
        assert e.errors[k] == v


def test_current_set_names_todays_datasets_and_keeps_the_papers_apart():
    assert inputs.input_set("current").extends == "library"
    assert inputs.value("g2.dataset", "current") == "wp2025"
    assert inputs.value("er.dataset", "current") == "XENONnT"
    assert inputs.value("dd.limit", "current") == "lz2024"
    # a paper's own value is untouched by today's set
    assert inputs.value("relic.omega_h2", "paper-seed000") == 0.1199
    assert set(INPUTS) == {"paper", "current"}


def test_lz2024_limit_at_40_GeV_is_the_printed_one():
    # LZ WS2024, arXiv:2410.17036, abstract: 2.2e-48 cm^2 at 40 GeV (two digits printed)
    assert float(direct.lz2024_si_limit(40 * u.GeV)) / u.cm ** 2 == pytest.approx(2.2e-48, rel=0.025)
    # the median sensitivity lies above the observed (power-constrained) limit nowhere by more than its band
    m, obs, med = direct.lz2024_table()
    assert np.all(obs <= 1.6 * med) and np.all(obs > 0)


def test_lz2024_refuses_masses_outside_its_table():
    with pytest.raises(OutOfDomainError, match="LZ"):
        direct.lz2024_si_limit(5 * u.GeV)
    with pytest.raises(OutOfDomainError):
        direct.lz2024_si_limit(2e4 * u.GeV)


def test_xenonnt_background_rate_is_the_printed_one():
    # arXiv:2207.11330 abstract: an average ER background of (15.8 +- 1.3) events/(t yr keV) in 1-30 keV, which is
    # the efficiency-corrected rate; the release's B0 is in detected events, so divide by the efficiency
    E, B = xenon1t.load_b0_nt()
    m = (E >= 1) & (E <= 30)
    rate = np.trapezoid(B[m] / xenon1t.efficiency(E[m], "XENONnT"), E[m]) / (E[m][-1] - E[m][0])
    assert rate == pytest.approx(15.8, abs=1.3 / 4)


def test_xenonnt_data_and_background_fit_each_other():
    d = xenon1t.load_sr0()
    assert d.exposure == 1.16 and d.counts.sum() == 433 and len(d.rate) == 29
    L = xenon1t.XenonLikelihood(detector="XENONnT")
    # B0 is the collaboration's best fit: chi^2 per bin of order one (29 bins; 23.4 here)
    assert 0.5 < float(L.chi2()) / 29 < 1.5
    assert abs(float(L.poisson_deviance()) - float(L.chi2())) < 3


def test_xenonnt_efficiency_is_refused_outside_its_table():
    with pytest.raises(OutOfDomainError, match="efficiency"):
        xenon1t.efficiency(31.0, "XENONnT")


@pytest.mark.parametrize("m_V", [0.01, 0.1, 0.3])
def test_todays_meson_and_higgs_limits_scale_lambda_max_as_the_square_root_of_the_branching_ratio(m_V):
    # Gamma(M -> mu nu nu nu) and Gamma(h -> nu nu V) are both proportional to lambda^2
    old = nuphilic.meson_lambda_max("K", m_V * u.GeV)
    new = nuphilic.meson_lambda_max("K", m_V * u.GeV, br_limit=nuphilic.K_BR_LIMIT_NA62)
    assert new / old == pytest.approx(math.sqrt(1.0e-6 / 2.4e-6), rel=1e-9)
    h_old = nuphilic.higgs_invisible_lambda_max(m_V * u.GeV, "LHC")
    h_new = nuphilic.higgs_invisible_lambda_max(m_V * u.GeV, "ATLAS 2023")
    assert h_new / h_old == pytest.approx(math.sqrt(0.107 / 0.893 / (0.24 / 0.76)), rel=1e-9)


# ---- a point and a line against the layers ----------------------------------------------------------------------
MASSES = np.array([0.01, 0.1, 1.0]) * u.GeV
NAN = (math.nan, math.nan)


def _layer(name, rows, status="existing"):
    return Layer(name, "test", status, [name], ["table"], [], np.array([[r] for r in rows], float))


@pytest.fixture
def layers():
    # A excludes g in [1e-3, 1] at 10 MeV, [1e-1, 1] at 100 MeV, nothing at 1 GeV; B only at 1 GeV, above 1e-4;
    # the projection P everything above 1e-6
    return [_layer("A", [(1e-3, 1.0), (1e-1, 1.0), NAN]),
            _layer("B", [NAN, NAN, (1e-4, 1.0)]),
            _layer("P", [(1e-6, 1.0)] * 3, status="projection")]


def test_excluded_by_names_the_limits_at_a_grid_mass(layers):
    assert excluded_by(layers, MASSES, 0.01 * u.GeV, 1e-2) == ["A"]
    assert excluded_by(layers, MASSES, 0.01 * u.GeV, 1e-4) == []          # a projection excludes nothing
    assert excluded_by(layers, MASSES, 1.0 * u.GeV, 1e-2) == ["B"]


def test_excluded_by_interpolates_edges_in_log_log(layers):
    mid = math.sqrt(0.01 * 0.1) * u.GeV                                  # the lower edge there is 1e-2
    assert excluded_by(layers, MASSES, mid, 1.1e-2) == ["A"]
    assert excluded_by(layers, MASSES, mid, 0.9e-2) == []


def test_excluded_by_refuses_masses_outside_the_grid_and_bad_input(layers):
    with pytest.raises(OutOfDomainError, match="outside the layers' grid"):
        excluded_by(layers, MASSES, 2.0 * u.GeV, 1e-2)
    with pytest.raises(InvalidInputError, match="g="):
        excluded_by(layers, MASSES, 0.1 * u.GeV, -1.0)
    with pytest.raises(InvalidInputError, match="increasing"):
        excluded_by(layers, MASSES[::-1], 0.1 * u.GeV, 1e-2)


def test_allowed_fraction_is_the_unexcluded_share_of_the_line(layers):
    m = np.geomspace(0.01, 1.0, 201) * u.GeV
    frac, who = allowed_fraction(layers, MASSES, m, np.full_like(m, 0.5))     # all of it excluded: A, then B
    assert frac == 0.0 and who == ["A", "B"]
    frac, who = allowed_fraction(layers, MASSES, m, np.full_like(m, 1e-5))    # below everything
    assert frac == pytest.approx(1.0, abs=1e-12) and who == []
    # at g = 1e-2 A's edge (1e-3 -> 1e-1 in log-log) crosses the line at 10^-1.5 GeV; B takes over beyond 100 MeV
    # only where its interpolated edge lies below 1e-2
    frac, who = allowed_fraction(layers, MASSES, m[:101], np.full(101, 1e-2))
    assert frac == pytest.approx(0.5, abs=0.02) and who == ["A"]


def test_allowed_fraction_refuses_a_malformed_curve(layers):
    with pytest.raises(InvalidInputError, match="same length"):
        allowed_fraction(layers, MASSES, [0.1 * u.GeV], [1e-3])
    with pytest.raises(InvalidInputError, match="curve_g"):
        allowed_fraction(layers, MASSES, [0.1 * u.GeV, 0.2 * u.GeV], [1e-3, math.nan])


# ---- a current run ----------------------------------------------------------------------------------------------
def test_current_run_writes_a_today_section(tmp_path):
    s = run_analysis("xenon1t-leptonic", tmp_path, "fast", inputs="current")
    saved = json.loads((tmp_path / "xenon1t-leptonic" / "summary.json").read_text())
    assert saved["today"] == s["today"] and saved["today_verdict"]
    assert saved["input_set"]["name"] == "current"
    keys = [t["key"] for t in saved["today"]]
    assert len(keys) == len(set(keys)) >= 3
    for t in saved["today"]:
        assert {"key", "premise", "paper_value", "current_value", "reference", "conclusion"} <= set(t)
        assert t["reference"] and t["conclusion"]
    for it in saved["items"]:                       # every comparison says where its number and tolerance come from
        if it["paper"] is not None:
            assert it["basis"] and it["tolerance_source"]
    report = (tmp_path / "xenon1t-leptonic" / "report.md").read_text()
    assert "## Today" in report and "## Verdict" in report
    # every table row keeps its columns: a '|' inside a cell (|eps|) is escaped
    import re
    today = report.split("## Today")[1].split("## Reproduction")[0]
    for line in report.splitlines():
        if line.startswith("| `"):
            assert len(re.findall(r"(?<!\\)\|", line)) == 9, line
    for line in today.splitlines():
        if line.startswith("| ") and not line.startswith("| premise"):
            assert len(re.findall(r"(?<!\\)\|", line)) == 7, line
    for fig in saved["today_figures"]:
        assert (tmp_path / "xenon1t-leptonic" / fig).is_file()


def test_paper_run_has_no_today_section(tmp_path):
    s = run_analysis("xenon1t-leptonic", tmp_path, "fast")
    assert s.get("today") is None and s["verdict"]


def test_unknown_inputs_exit_2_naming_the_allowed_ones(capsys):
    with pytest.raises(SystemExit) as e:
        main(["reproduce", "xenon1t-leptonic", "--fast", "--inputs", "today"])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert "'today'" in err and "paper" in err and "current" in err
