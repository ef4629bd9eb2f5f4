"""Command line: the zprime JSON contract, errors without tracebacks, reproduce and scan."""
import json
import subprocess
import sys

import pytest

from leptoforce.cli import main

JSON_KEYS = {"model", "mass_GeV", "g", "partial_widths_GeV", "branching_ratios", "total_width_GeV", "lifetime_s",
             "ctau_m", "epsilon_AZp", "delta_a_mu", "delta_a_e"}


def _run(*args):
    return subprocess.run([sys.executable, "-m", "leptoforce.cli", *args], capture_output=True, text=True)


def test_zprime_json_contract():
    res = _run("zprime", "--model", "Lmu-Ltau", "--mass", "10MeV", "--g", "5e-4", "--json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert set(data) == JSON_KEYS
    assert data["mass_GeV"] == pytest.approx(0.01) and data["g"] == 5e-4
    assert set(data["partial_widths_GeV"]) >= {"e e", "mu mu", "tau tau", "nu nu", "hadrons", "total"}
    assert data["lifetime_s"] == pytest.approx(1e-14, rel=0.05)
    assert abs(data["epsilon_AZp"]) == pytest.approx(7.2e-6, rel=0.02)
    assert sum(v for k, v in data["branching_ratios"].items() if k != "total") == pytest.approx(1.0)


def test_zprime_table_and_plot(tmp_path, capsys):
    png = tmp_path / "br.png"
    assert main(["zprime", "--model", "B-L", "--mass", "2.6TeV", "--g", "0.1", "--plot", str(png),
                 "--mass-range", "100MeV:5GeV"]) == 0
    out = capsys.readouterr().out
    assert "hadrons" in out and "lifetime [s]" in out
    assert png.stat().st_size > 10_000


@pytest.mark.parametrize("args,needle", [
    (["zprime", "--model", "Lx-Ly", "--mass", "10MeV", "--g", "1e-3"], "model='Lx-Ly' is unknown"),
    (["zprime", "--model", "B-L", "--mass", "10 MeVV", "--g", "1e-3"], "--mass"),
    (["zprime", "--model", "B-L", "--mass=-1MeV", "--g", "1e-3"], "mass="),
    (["zprime", "--model", "B-L", "--mass", "10MeV", "--g", "20"], "g=20.0"),
    (["reproduce", "no-such-analysis", "--fast"], "known analyses"),
    (["zprime", "--model", "B-L", "--mass", "10MeV", "--g", "1e-3", "--plot", "x.png", "--mass-range", "1MeV"], "LO:HI"),
    (["zprime", "--model", "B-L", "--mass", "10MeV", "--g", "1e-3", "--plot", "x.png", "--mass-range", "1GeV:1MeV"],
     "0 < LO < HI"),
])
def test_errors_are_one_line_without_traceback(args, needle):
    res = _run(*args)
    assert res.returncode != 0
    assert needle in res.stderr and "Traceback" not in res.stderr


def test_reproduce_writes_summary_schema(tmp_path):
    res = _run("reproduce", "sidm-lmu-ltau", "--fast", "--out", str(tmp_path))
    assert res.returncode == 0, res.stderr
    summary = json.loads((tmp_path / "sidm-lmu-ltau" / "summary.json").read_text())
    assert summary["analysis"] == "sidm-lmu-ltau" and summary["fast"] is True
    assert summary["seed"] == "001_f42d064066427b0c.txt"
    assert {"settings", "versions", "items"} <= set(summary)
    for item in summary["items"]:
        assert {"key", "description", "ours", "paper", "unit", "rel_diff", "status"} <= set(item)
        assert item["status"] in ("ok", "differs", "not-available")
        if item["status"] != "ok":
            assert item["note"]
    by_key = {it["key"]: it for it in summary["items"]}
    assert by_key["eps_AZp_g5e-4"]["status"] == "ok"
    assert (tmp_path / "sidm-lmu-ltau" / "report.md").is_file()
    assert (tmp_path / "sidm-lmu-ltau" / "fig1_left_g2_and_bounds.png").is_file()


def test_scan_cli_prints_best_points(tmp_path):
    cfg = tmp_path / "s.toml"
    cfg.write_text("""
[model]
kind = "zprime"
charges = "Lmu-Ltau"
[parameters.mass]
min = "5MeV"
max = "200MeV"
n = 6
[parameters.g]
min = 1e-4
max = 1e-3
n = 5
[compute]
observables = ["delta_a_mu"]
[report]
sort_by = "delta_a_mu"
""")
    res = _run("scan", str(cfg), "--out", str(tmp_path / "o"), "--workers", "1")
    assert res.returncode == 0, res.stderr
    assert "scan complete: 30 points (30 ok)" in res.stdout and "best points by delta_a_mu" in res.stdout


def test_bounds_json_and_table(capsys):
    res = _run("bounds", "--model", "Lmu-Ltau", "--mass", "10MeV", "--json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert set(data) == {"model", "mass_GeV", "bounds", "envelope_g_max"}
    names = {b["name"]: b for b in data["bounds"]}
    assert names["Borexino 7Be"]["kind"] == "computed" and names["NA64mu_2024"]["kind"] == "missing"
    assert names["BaBar_4mu"]["kind"] == "outside"          # the BaBar 4mu curve starts at 0.21 GeV
    existing = [b["g_max"] for b in data["bounds"] if b["kind"] in ("computed", "tabulated", "recast")
                and b["g_max"] is not None and "[projection]" not in b["note"]]
    assert data["envelope_g_max"] == pytest.approx(min(existing))
    assert main(["bounds", "--model", "B-L", "--mass", "10MeV"]) == 0
    out = capsys.readouterr().out
    assert "Borexino_BL" in out and "tabulated" in out and "envelope" in out
    assert main(["bounds", "--model", "nosuch", "--mass", "10MeV"]) == 2
