"""Scan engine: determinism, executors agree (local, serial, Dask), kill + resume, failures, config errors."""
import json
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from leptoforce.errors import InvalidInputError
from leptoforce.scan import ScanConfig, load_results, read_manifest, run_scan

ZP_CONFIG = {
    "model": {"kind": "zprime", "charges": "Lmu-Ltau"},
    "parameters": {"mass": {"min": "1MeV", "max": "1GeV", "prior": "log", "n": 50},
                   "g": {"min": 1e-5, "max": 1e-2, "prior": "log", "n": 40}},
    "compute": {"observables": ["delta_a_mu", "lifetime_s", "br:e e", "epsilon_AZp"]},
    "sampler": {"kind": "grid"},
    "run": {"chunk_size": 250},
}


def test_grid_and_random_points_deterministic():
    cfg = ScanConfig.from_dict(ZP_CONFIG)
    assert cfg.n_points == 2000 and len(cfg.chunks()) == 8
    p = cfg.points()
    assert p["mass"].min() == pytest.approx(1e-3) and p["g"].max() == pytest.approx(1e-2)
    rnd = dict(ZP_CONFIG, sampler={"kind": "random", "n": 300, "seed": 7})
    a, b = ScanConfig.from_dict(rnd).points(), ScanConfig.from_dict(rnd).points()
    np.testing.assert_array_equal(a["mass"], b["mass"])
    c = ScanConfig.from_dict(dict(rnd, sampler={"kind": "random", "n": 300, "seed": 8})).points()
    assert not np.array_equal(a["mass"], c["mass"])
    assert np.all((a["g"] >= 1e-5) & (a["g"] <= 1e-2))


def test_local_and_dask_executors_store_identical_results(tmp_path, same_results):
    """A 2000-point scan: local process pool, in-process, and a Dask LocalCluster give identical stores (acceptance)."""
    import distributed  # the scan extra is part of the test install: a missing one must fail, not skip
    cfg = ScanConfig.from_dict(ZP_CONFIG)
    run_scan(cfg, tmp_path / "local", executor="local", workers=2, progress=False)
    run_scan(cfg, tmp_path / "serial", executor="serial", progress=False)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cl, \
            distributed.Client(cl) as client:
        run_scan(cfg, tmp_path / "dask", executor=client, progress=False)
    ref = load_results(tmp_path / "local")
    assert len(ref["index"]) == 2000 and np.all(ref["status"] == "ok")
    same_results(ref, load_results(tmp_path / "serial"))
    same_results(ref, load_results(tmp_path / "dask"))
    man = read_manifest(tmp_path / "dask")
    assert man["complete"] and man["metadata"]["leptoforce_version"] and man["metadata"]["data_versions"]


def test_killed_scan_resumes_without_recomputing(tmp_path, plugin_env, slow_config):
    """Kill a scan mid-way (SIGKILL), re-run it: it completes, recomputing no finished chunk (acceptance)."""
    cfg_path = slow_config(tmp_path / "slow.toml", n=3000, chunk_size=100, sleep_ms=4.0)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "leptoforce.cli", "scan", str(cfg_path), "--out", str(out), "--workers", "1",
           "--no-progress"]
    proc = subprocess.Popen(cmd, env=plugin_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while time.time() < deadline:
        man = read_manifest(out) if (out / "manifest.json").exists() else None
        if man and len(man["chunks"]) >= 5:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    first = read_manifest(out)
    n_first = len(first["chunks"])
    assert 5 <= n_first < 30, "the scan should have been killed mid-way"
    before = {k: os.stat(out / "chunks" / v["file"]).st_mtime_ns for k, v in first["chunks"].items()}
    res = subprocess.run(cmd, env=plugin_env, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    man = read_manifest(out)
    assert man["complete"] and len(man["chunks"]) == 30
    second = man["runs"][-1]
    assert second["resumed_with"] == n_first
    assert sorted(second["computed"]) == sorted(set(range(30)) - {int(k) for k in first["chunks"]})
    for k, mtime in before.items():  # finished chunks were not rewritten
        assert os.stat(out / "chunks" / first["chunks"][k]["file"]).st_mtime_ns == mtime
    results = load_results(out)
    np.testing.assert_array_equal(results["index"], np.arange(3000))
    np.testing.assert_allclose(results["x2"], np.linspace(0, 1, 3000) ** 2, rtol=1e-15, atol=0)
    # a write killed half-way can only leave a hidden temp file, never a listed chunk
    assert all(not v["file"].startswith(".") for v in man["chunks"].values())


def test_point_failures_are_recorded_not_fatal(tmp_path):
    cfg = ScanConfig.from_dict({"model": {"kind": "test-failing"},
                                "parameters": {"x": {"min": 0.0, "max": 1.0, "prior": "linear", "n": 101}},
                                "compute": {"observables": ["sqrt"], "plugins": ["lf_test_families"]},
                                "run": {"chunk_size": 30}})
    run_scan(cfg, tmp_path, executor="serial", progress=False)
    res = load_results(tmp_path)
    bad = res["x"] > 0.5
    assert np.all(np.isnan(res["sqrt"][bad])) and np.all(np.isfinite(res["sqrt"][~bad]))
    assert all(s.startswith("ComputationError") for s in res["status"][bad])
    assert json.loads((tmp_path / "manifest.json").read_text())["chunks"]["0"]["n_ok"] == 30


def test_config_errors(tmp_path):
    with pytest.raises(InvalidInputError, match="prior"):
        ScanConfig.from_dict(dict(ZP_CONFIG, parameters={"mass": {"min": 1, "max": 2, "prior": "cubic", "n": 3}}))
    with pytest.raises(InvalidInputError, match="min > 0"):
        ScanConfig.from_dict(dict(ZP_CONFIG, parameters={"mass": {"min": 0, "max": 2, "prior": "log", "n": 3}}))
    with pytest.raises(InvalidInputError, match="unknown scan-config section"):
        ScanConfig.from_dict(dict(ZP_CONFIG, sampling={}))
    bad_obs = ScanConfig.from_dict(dict(ZP_CONFIG, compute={"observables": ["nonsense"]}))
    with pytest.raises(InvalidInputError, match="observable 'nonsense' is unknown"):
        run_scan(bad_obs, tmp_path / "a", executor="serial", progress=False)
    cfg = ScanConfig.from_dict(dict(ZP_CONFIG, parameters={"mass": {"min": "1MeV", "max": "1GeV", "n": 3},
                                                           "g": {"min": 1e-4, "max": 1e-3, "n": 2}}))
    run_scan(cfg, tmp_path / "b", executor="serial", progress=False)
    other = ScanConfig.from_dict(dict(ZP_CONFIG, parameters={"mass": {"min": "1MeV", "max": "1GeV", "n": 4},
                                                             "g": {"min": 1e-4, "max": 1e-3, "n": 2}}))
    with pytest.raises(InvalidInputError, match="another configuration"):
        run_scan(other, tmp_path / "b", executor="serial", progress=False)


def test_rhn_family_through_the_scan_engine(tmp_path):
    """The bl-numsm plane is a scan: the 'rhn' family classifies points and gives the freeze-in abundance."""
    cfg = ScanConfig.from_dict({
        "model": {"kind": "rhn", "charges": "B-L", "m_N1": "10keV", "mass": "1MeV"},
        "parameters": {"g": {"min": 1e-13, "max": 1e-8, "prior": "log", "n": 2}},
        "compute": {"observables": ["thermal", "regime", "x_dec", "omega_freezein"]},
    })
    run_scan(cfg, tmp_path / "rhn", executor="serial", progress=False)
    res = load_results(tmp_path / "rhn")
    order = np.argsort(res["g"])
    assert list(res["thermal"][order]) == [0.0, 1.0]
    assert list(res["regime"][order]) == [0.0, 1.0]          # non-thermal, then relativistic decoupling
    om = res["omega_freezein"][order]
    assert om[1] / om[0] == pytest.approx((1e-8 / 1e-13) ** 2, rel=1e-3)   # on-resonance freeze-in ~ g^2
    with pytest.raises(InvalidInputError, match="m_N1"):
        from leptoforce.scenarios.rhn import rhn_family
        rhn_family({"mass": 1e-3, "g": 1e-8}, {}, ("thermal",))
