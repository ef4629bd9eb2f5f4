"""The limits atlas (issue 21): layers merged per physical limit, an envelope that names its limit, the files of
``leptoforce atlas``, paper inputs that see only the limits of their time, and one-line errors for bad input."""
import csv
import json

import numpy as np
import pytest

from leptoforce import units as u
from leptoforce.cli import main
from leptoforce.errors import InvalidInputError
from leptoforce.experiments.atlas import atlas, resolve_inputs, thermal_target

RANGE = (0.1 * u.GeV, 5 * u.GeV)     # above the N_eff masses: quick


@pytest.fixture(scope="module")
def lmu():
    return atlas("Lmu-Ltau", RANGE, n_masses=12, progress=False)


def test_layers_merge_versions_of_one_limit(lmu):
    names = [lay.name for lay in lmu.layers]
    assert len(names) == len(set(names))
    kloe = lmu.layer("KLOE")
    assert set(kloe.members) >= {"KLOE2015", "KLOE2018"}


def test_envelope_is_the_lowest_existing_layer_and_names_it(lmu):
    for k, (m, g, who) in enumerate(lmu.envelope_rows()):
        lows = [lay.lowest[k] for lay in lmu.layers if not lay.projection and np.isfinite(lay.lowest[k])]
        assert g == pytest.approx(min(lows)) and who
    # above the dimuon threshold the BaBar 4 mu search sets the envelope somewhere in 0.2-5 GeV
    assert "BaBar 4mu" in {row[2] for row in lmu.envelope_rows()}


def test_today_the_g2_band_is_gone(lmu):
    # with the 2025 data the measured Delta a_mu is compatible with zero at 2 sigma: no favoured band
    assert lmu.bands == [] and lmu.g2_dataset == "wp2025"


def test_paper_inputs_draw_the_limits_of_the_paper_and_its_g2_data():
    at = atlas("Lmu-Ltau", RANGE, n_masses=8, inputs="seed001", progress=False)
    assert at.until == 2018 and at.g2_dataset == "seed001-davier2011"
    members = {n for lay in at.layers for n in lay.members}
    assert "BelleII2019_invisible" not in members and "BaBar_4mu" in members
    assert at.bands and np.any(np.isfinite(at.bands[0]["lo"]))


def test_unknown_inputs_name_the_allowed_ones():
    with pytest.raises(InvalidInputError, match="inputs='seed009' is unknown.*allowed: current, paper-seed000"):
        resolve_inputs("seed009")


def test_thermal_target_agrees_with_the_relic_solver():
    from leptoforce.thermal.annihilation import DiracZPrimeAnnihilation
    m = np.array([3.0, 30.0]) * u.GeV
    t = thermal_target("B-L", m, 3.0)
    om = DiracZPrimeAnnihilation("B-L").omega_h2(m / 3, m, t["g"], 1.0)
    assert om == pytest.approx(0.12, rel=0.01)


def test_atlas_command_writes_its_files(tmp_path, capsys):
    assert main(["atlas", "--model", "Lmu-Ltau", "--mass-range", "0.1GeV:5GeV", "--n-masses", "8", "--out",
                 str(tmp_path), "-q"]) == 0
    for f in ("atlas_Lmu-Ltau.png", "atlas_Lmu-Ltau.pdf", "envelope.csv", "atlas.json"):
        assert (tmp_path / f).stat().st_size > 100, f
    rows = [r for r in csv.reader(l for l in (tmp_path / "envelope.csv").read_text().splitlines() if not l.startswith("#"))]
    assert rows[0] == ["mass_GeV", "g_max", "set_by"] and len(rows) == 9
    data = json.loads((tmp_path / "atlas.json").read_text())
    assert {"layers", "envelope", "records", "versions", "missing"} <= set(data)
    assert data["versions"]["registry"]["registry.toml"]
    rec = data["records"]["BaBar_4mu"]
    assert rec["bibkey"] == "TheBABAR:2016rlg" and rec["mass_range_GeV"][0] == pytest.approx(0.21361)


@pytest.mark.parametrize("argv,needle", [
    (["atlas", "--model", "Lmu-Ltao", "--out", "X"], "--model='Lmu-Ltao' is unknown"),
    (["atlas", "--model", "Lmu-Ltau", "--mass-range", "10GeV:1GeV", "--out", "X"], "needs 0 < LO < HI"),
    (["atlas", "--model", "Lmu-Ltau", "--mass-range", "1e6GeV:1e7GeV", "--out", "X"], "mass_range"),
    (["atlas", "--model", "Lmu-Ltau", "--inputs", "seed9", "--out", "X"], "inputs='seed9' is unknown"),
    (["limits", "show", "NoSuchLimit"], "limit 'NoSuchLimit' is unknown"),
])
def test_bad_input_is_one_line_and_exit_2(argv, needle, capsys, tmp_path):
    argv = [a if a != "X" else str(tmp_path / "out") for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert needle in err and err.count("\n") == 1 and "Traceback" not in err


def test_a_malformed_charges_file_is_one_line(tmp_path, capsys):
    f = tmp_path / "mine.toml"
    f.write_text("[charges]\nname = 'mine'\nL = [1, -1]\n")
    assert main(["atlas", "--model", str(f), "--out", str(tmp_path / "o"), "-q"]) == 2
    err = capsys.readouterr().err
    assert "mine.toml" in err or "L=" in err or "charges" in err
    assert err.count("\n") == 1
    g = tmp_path / "bad.toml"
    g.write_text("[charges\n")
    assert main(["atlas", "--model", str(g), "--out", str(tmp_path / "o"), "-q"]) == 2
    assert "not valid TOML" in capsys.readouterr().err


def test_a_charges_file_gives_its_own_atlas(tmp_path):
    f = tmp_path / "mix.toml"
    f.write_text("[charges]\nname = 'my-Lmu-Ltau'\nL = [0, 1, -1]\ne = [0, 1, -1]\n")
    assert main(["atlas", "--model", str(f), "--mass-range", "0.3GeV:3GeV", "--n-masses", "6", "--out",
                 str(tmp_path / "o"), "-q"]) == 0
    assert json.loads((tmp_path / "o" / "atlas.json").read_text())["model"] == "my-Lmu-Ltau"


def test_limits_list_and_show(capsys):
    assert main(["limits", "list", "--json"]) == 0
    recs = json.loads(capsys.readouterr().out)
    assert len(recs) >= 80 and all("publication" in r and "bibkey" in r for r in recs)
    assert main(["limits", "show", "BaBar_4mu", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["model"] == "Lmu-Ltau"
    assert main(["limits", "list", "--model", "B-L"]) == 0
    assert "Borexino_BL" in capsys.readouterr().out
