"""The command line under hostile input (issue 19): every case ends with exit status 0 or 2 and at most one line of
error, never a traceback; --json is strict JSON; negative values may follow their option; units are refused on
dimensionless options; file-system and scheduler errors are one line."""
import json
import os
import subprocess
import sys
import textwrap

import pytest

from leptoforce.cli import main

ROOT_ONLY = os.geteuid() == 0 if hasattr(os, "geteuid") else False

CASES = [
    # zprime
    (["zprime", "--model", "B-L", "--mass", "10MeV", "--g", "1e-3"], 0),
    (["zprime", "--model", "B-L", "--mass", "-5MeV", "--g", "1e-3"], 2),
    (["zprime", "--model", "B-L", "--mass", "10MeV", "--g", "5e-4MeV"], 2),
    (["zprime", "--model", "B-L", "--mass", "10MeV", "--g", "-1e-3"], 2),
    (["zprime", "--model", "B-L", "--mass", "10MeV", "--g", "nan"], 2),
    (["zprime", "--model", "B-L", "--mass", "inf", "--g", "1e-3"], 2),
    (["zprime", "--model", "B-L", "--mass", "1s", "--g", "1e-3"], 2),
    (["zprime", "--model", "B-L", "--mass", "10MeV", "--g", "1e-3", "--epsilon", "2"], 2),
    (["zprime", "--model", "B-L", "--mass", "10MeV", "--g", "1e-3", "--epsilon", "1e-3MeV"], 2),
    (["zprime", "--model", "B-L", "--mass", "10MeV", "--g", "1e-3", "--epsilon", "-1e-4"], 0),
    (["zprime", "--model", "nope", "--mass", "10MeV", "--g", "1e-3"], 2),
    (["zprime", "--model", "B-L", "--mass", "", "--g", "1e-3"], 2),
    (["zprime", "--model", "B-L", "--mass", "10 MeV MeV", "--g", "1e-3"], 2),
    (["zprime", "--model", "B-L", "--mass", "1e400GeV", "--g", "1e-3"], 2),
    (["zprime", "--model", "B-L", "--mass", "10MeV", "--g", "1e-3", "--plot", "/nonexistent/dir/x.png"], 2),
    (["zprime", "--model", "B-L", "--mass", "10MeV", "--g", "1e-3", "--plot", "x.unknownformat"], 2),
    (["zprime", "--model", "B-L", "--mass", "10MeV", "--g", "1e-3", "--plot", "x"], 2),
    (["zprime", "--model", "B-L", "--mass", "10MeV", "--g", "1e-3", "--hadron-method", "nope"], 2),
    (["zprime", "--model", "B-L", "--mass", "10MeV"], 2),
    (["zprime", "--model", "Lmu-Ltau", "--mass", "1keV", "--g", "1e-9", "--json"], 0),
    (["zprime", "--model", "B-L", "--mass", "100TeV", "--g", "12", "--json"], 0),
    (["zprime", "--model", "B-L", "--mass", "100TeV", "--g", "13"], 2),
    # bounds
    (["bounds", "--model", "B-L", "--mass", "30TeV"], 0),
    (["bounds", "--model", "B-L", "--mass", "30TeV", "--json"], 0),
    (["bounds", "--model", "Lmu-Ltau", "--mass", "-5MeV"], 2),
    (["bounds", "--model", "Lmu-Ltau", "--mass", "0"], 2),
    (["bounds", "--model", "Lmu-Ltau", "--mass", "abc"], 2),
    (["bounds", "--model", "dark-photon", "--mass", "50MeV"], 0),
    (["bounds", "--model", "lmu-ltau", "--mass", "1keV", "--json"], 0),
    (["bounds"], 2),
    # reproduce and scan arguments
    (["reproduce", "nope"], 2),
    (["reproduce", "all", "--out", ""], 2),
    (["reproduce", "all", "--fast", "--full"], 2),
    (["scan", "/nonexistent.toml", "--out", "o"], 2),
    (["scan", "CFG", "--out", "o", "--workers", "-1"], 2),
    (["scan", "CFG", "--out", "o", "--workers", "0"], 2),
    (["scan", "CFG", "--out", "o", "--workers", "two"], 2),
    (["scan", "CFG", "--out", "o", "--scheduler", "not an address"], 2),
    (["scan", "CFG", "--out", "", "--workers", "1"], 2),
    (["scan", "BADCFG", "--out", "o", "--workers", "1"], 2),
    (["scan", "NOTTOML", "--out", "o", "--workers", "1"], 2),
    # misc
    (["models"], 0),
    (["models", "-q"], 0),
    (["nope"], 2),
    ([], 2),
]


@pytest.fixture
def cfgs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cfg.toml").write_text(textwrap.dedent("""
        [model]
        kind = "zprime"
        [parameters.mass]
        min = "5MeV"
        max = "10MeV"
        n = 2
        [parameters.g]
        min = 1e-4
        max = 1e-3
        n = 2
        [compute]
        observables = ["delta_a_mu"]
    """))
    (tmp_path / "bad.toml").write_text("[model]\nkind = 'zprime'\nchargez = 'B-L'\n")
    (tmp_path / "nottoml.toml").write_text("this is = = not toml")
    return {"CFG": str(tmp_path / "cfg.toml"), "BADCFG": str(tmp_path / "bad.toml"),
            "NOTTOML": str(tmp_path / "nottoml.toml")}


@pytest.mark.parametrize("argv,status", CASES, ids=[" ".join(a) or "(none)" for a, _ in CASES])
def test_cli_case_ends_cleanly(argv, status, cfgs, capsys):
    argv = [cfgs.get(a, a) for a in argv]
    try:
        code = main(argv)
    except SystemExit as exc:          # argparse's own usage errors
        code = exc.code
    out, err = capsys.readouterr()
    assert code == status, (argv, code, err)
    assert "Traceback" not in err
    if status == 2:
        lines = [ln for ln in err.splitlines() if ln.strip()]
        assert lines and lines[-1].startswith(("leptoforce: error:", "leptoforce ", "usage:")) or "error" in err
    if "--json" in argv and code == 0:
        json.loads(out, parse_constant=lambda c: pytest.fail(f"non-strict JSON constant {c}"))


def test_json_output_has_no_nan_or_infinity(capsys):
    assert main(["bounds", "--model", "B-L", "--mass", "100TeV", "--json"]) == 0
    text = capsys.readouterr().out
    assert "NaN" not in text and "Infinity" not in text
    data = json.loads(text)
    assert any(b["g_max"] is None for b in data["bounds"])


def test_negative_value_after_an_option_is_a_value(capsys):
    assert main(["zprime", "--model", "B-L", "--mass", "10MeV", "--g", "1e-3", "--epsilon", "-1e-4", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["epsilon_AZp"] == pytest.approx(-1e-4)
    assert main(["bounds", "--model", "B-L", "--mass", "-5MeV"]) == 2
    assert "--mass='-5MeV' must be positive" in capsys.readouterr().err


@pytest.mark.skipif(ROOT_ONLY, reason="root ignores file permissions")
def test_unwritable_out_folder_is_one_line(tmp_path, capsys):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        assert main(["reproduce", "xenon1t-leptonic", "--fast", "--out", str(ro / "x")]) == 2
    finally:
        ro.chmod(0o700)
    assert "cannot create the folder" in capsys.readouterr().err


def test_out_that_is_a_file_is_one_line(tmp_path, capsys):
    f = tmp_path / "file"
    f.write_text("x")
    assert main(["reproduce", "xenon1t-leptonic", "--out", str(f)]) == 2
    assert "leptoforce: error:" in capsys.readouterr().err


def test_unreachable_scheduler_is_one_line(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text("[parameters.mass]\nmin = '5MeV'\nmax = '6MeV'\nn = 1\n[parameters.g]\nmin = 1e-4\nmax = 2e-4\nn = 1\n"
                   "[compute]\nobservables = ['delta_a_mu']\n")
    res = subprocess.run([sys.executable, "-m", "leptoforce", "scan", str(cfg), "--out", str(tmp_path / "o"),
                          "--scheduler", "tcp://127.0.0.1:9"], capture_output=True, text=True, timeout=120)
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert "cannot reach the Dask scheduler" in res.stderr


def test_broken_pipe_is_quiet():
    proc = subprocess.Popen(f"{sys.executable} -m leptoforce bounds --model B-L --mass 10MeV | head -1", shell=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = proc.communicate(timeout=120)
    assert out.startswith("bounds on the coupling")
    assert "Traceback" not in err and "BrokenPipe" not in err


def test_python_m_leptoforce_and_version():
    res = subprocess.run([sys.executable, "-m", "leptoforce", "--help"], capture_output=True, text=True)
    assert res.returncode == 0 and "reproduce" in res.stdout
    res = subprocess.run([sys.executable, "-m", "leptoforce", "--version"], capture_output=True, text=True)
    from leptoforce import __version__
    assert res.returncode == 0 and res.stdout.strip() == f"leptoforce {__version__}"


def test_quiet_and_verbose_on_every_subcommand(capsys):
    for sub in (["models"], ["bounds", "--model", "B-L", "--mass", "10MeV"]):
        assert main([*sub, "-q"]) == 0 and main([*sub, "-v"]) == 0
    capsys.readouterr()
