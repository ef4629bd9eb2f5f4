"""Scans at scale (issue 24): points from (seed, index) alone, bit-identical whatever the workers, kills that lose
nothing (5 SIGKILLs of the scan; a Dask worker killed mid-chunk), streaming readers, cluster recipes."""
import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from leptoforce.errors import InvalidInputError
from leptoforce.inference.terms import profile_2d as profile_loaded
from leptoforce.scan import (ScanConfig, best_points, iter_results, load_results, profile_2d, read_manifest,
                             run_scan, summarize)
from leptoforce.scan.config import uniform_block

ROOT = Path(__file__).resolve().parents[2]

RANDOM = {
    "model": {"kind": "zprime", "charges": "Lmu-Ltau"},
    "parameters": {"mass": {"min": "1MeV", "max": "1GeV", "prior": "log"},
                   "g": {"min": 1e-5, "max": 1e-2, "prior": "log"}},
    "compute": {"observables": ["delta_a_mu", "epsilon_AZp"]},
    "sampler": {"kind": "random", "n": 3000, "seed": 5},
    "run": {"chunk_size": 250},
    "report": {"sort_by": "delta_a_mu"},
}


def _cfg(**changes):
    raw = json.loads(json.dumps(RANDOM))
    for k, v in changes.items():
        raw[k] = v
    return ScanConfig.from_dict(raw)


# ---- points from (seed, index) ------------------------------------------------------------------------
def test_random_points_depend_on_the_seed_and_the_index_only():
    a = _cfg(run={"chunk_size": 7})
    b = _cfg(run={"chunk_size": 500})
    pa, pb = a.points(), b.points()
    for k in pa:
        np.testing.assert_array_equal(pa[k], pb[k])
    block = a.chunk_points(123, 911)
    for k in pa:
        np.testing.assert_array_equal(block[k], pa[k][123:911])
    # any block is reached by advancing the counter: a block near 1e9 costs its own size, and agrees with
    # a longer block that overlaps it
    far = uniform_block(5, 3, 10 ** 9, 10 ** 9 + 5)
    np.testing.assert_array_equal(far, uniform_block(5, 3, 10 ** 9 - 3, 10 ** 9 + 5)[3:])
    assert np.all((far >= 0) & (far < 1))
    assert not np.array_equal(uniform_block(6, 3, 0, 5), uniform_block(5, 3, 0, 5))
    # the stream is part of the configuration's identity (a folder of another stream is never resumed)
    assert a.canonical()["stream"] == "philox4x64/point-index"


def test_random_draws_are_uniform():
    u = uniform_block(20261203, 2, 0, 200000)
    # Kolmogorov-Smirnov distance of each column from U(0,1): 1.63/sqrt(n) is the 1% critical value
    for j in range(2):
        x = np.sort(u[:, j])
        d = np.max(np.abs(x - np.arange(1, x.size + 1) / x.size))
        assert d < 1.63 / np.sqrt(x.size)
    assert abs(np.corrcoef(u[:, 0], u[:, 1])[0, 1]) < 4 / np.sqrt(u.shape[0])


def test_random_scan_is_bit_identical_whatever_the_workers(tmp_path, same_results):
    import distributed
    cfg = _cfg()
    run_scan(cfg, tmp_path / "serial", executor="serial", progress=False)
    run_scan(cfg, tmp_path / "pool", executor="local", workers=2, progress=False)
    ref = load_results(tmp_path / "serial")
    np.testing.assert_array_equal(ref["index"], np.arange(3000))
    same_results(ref, load_results(tmp_path / "pool"))
    for n_workers in (1, 3):
        with distributed.LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                                      dashboard_address=None) as cl, distributed.Client(cl) as client:
            run_scan(cfg, tmp_path / f"dask{n_workers}", executor=client, progress=False)
        same_results(ref, load_results(tmp_path / f"dask{n_workers}"))


# ---- kills ------------------------------------------------------------------------------------------------
def test_scan_killed_five_times_resumes_to_the_uninterrupted_result(tmp_path, plugin_env, same_results, slow_config):
    cfg_path = slow_config(tmp_path / "slow.toml", n=4000, chunk_size=50, sleep_ms=2.0, seed=99)
    cmd = [sys.executable, "-m", "leptoforce.cli", "scan", str(cfg_path), "--workers", "1", "--no-progress", "--out"]
    ref = subprocess.run(cmd + [str(tmp_path / "ref")], env=plugin_env, capture_output=True, text=True, timeout=120)
    assert ref.returncode == 0, ref.stderr
    out = tmp_path / "killed"
    rng = random.Random(20261203)
    kills = 0
    for _ in range(5):
        proc = subprocess.Popen(cmd + [str(out)], env=plugin_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0.8, 2.0))       # interpreter start, config check, then some chunks
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
    assert kills >= 4, "the scan finished before it could be killed: make it slower"
    partial = read_manifest(out)
    assert not partial["complete"]
    res = subprocess.run(cmd + [str(out)], env=plugin_env, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    man = read_manifest(out)
    assert man["complete"] and len(man["chunks"]) == 80
    got = load_results(out)
    np.testing.assert_array_equal(got["index"], np.arange(4000))      # every row once, in order
    same_results(load_results(tmp_path / "ref"), got)
    # every chunk computed once per run that journaled it; none journaled twice within one run
    for run in man["runs"]:
        assert len(run["computed"]) == len(set(run["computed"]))


def test_dask_worker_killed_mid_chunk_is_redone_not_lost(tmp_path, same_results, monkeypatch):
    """A worker process exits in the middle of a chunk: Dask reschedules the chunk, the scan completes with
    exactly the uninterrupted rows. The plugin module is a single file the workers get from the client."""
    import distributed
    marker = tmp_path / "died"
    monkeypatch.setenv("LF_DIE_MARKER", str(marker))       # the workers inherit it
    raw = {"model": {"kind": "test-die-once", "die_at": 0.5},
           "parameters": {"x": {"min": 0.0, "max": 1.0, "prior": "linear", "n": 600}},
           "compute": {"observables": ["x2"], "plugins": ["lf_test_families"]},
           "run": {"chunk_size": 50}}
    cfg = ScanConfig.from_dict(raw)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cl, \
            distributed.Client(cl) as client:
        run_scan(cfg, tmp_path / "dask", executor=client, progress=False)
    assert marker.exists(), "no worker died: the test did not test anything"
    run_scan(cfg, tmp_path / "serial", executor="serial", progress=False)    # the marker exists: nobody dies
    got = load_results(tmp_path / "dask")
    np.testing.assert_array_equal(got["index"], np.arange(600))
    same_results(load_results(tmp_path / "serial"), got)


def test_lost_dask_scheduler_is_one_line(tmp_path):
    from leptoforce.errors import ComputationError
    from leptoforce.scan.engine import _dask_failure
    assert "connection to the Dask scheduler was lost" in _dask_failure(OSError("gone"), 3)
    msg = _dask_failure(type("KilledWorker", (Exception,), {})("x"), 7)
    assert "chunk 7" in msg and "run the scan again" in msg and "\n" not in msg
    with pytest.raises(InvalidInputError, match="cannot reach the Dask scheduler"):
        run_scan(_cfg(), tmp_path / "o", executor="tcp://127.0.0.1:9", progress=False)
    assert ComputationError  # the class a lost scheduler raises during a run


# ---- streaming readers ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("scan")
    run_scan(_cfg(), out, executor="serial", progress=False)
    return out


def test_readers_select_columns_and_rows_chunk_by_chunk(folder):
    full = load_results(folder)
    sel = load_results(folder, columns=["mass"], filter=[("g", "<", 1e-3)])
    assert set(sel) == {"index", "mass"}
    keep = full["g"] < 1e-3
    np.testing.assert_array_equal(sel["index"], full["index"][keep])
    np.testing.assert_array_equal(sel["mass"], full["mass"][keep])
    chunks = list(iter_results(folder, columns=["g"]))
    assert len(chunks) == 12 and all(len(c["g"]) == 250 for c in chunks)
    with pytest.raises(InvalidInputError, match="column 'gg' is not stored.*did you mean 'g'"):
        load_results(folder, columns=["gg"])
    with pytest.raises(InvalidInputError, match="max_bytes.*stream"):
        load_results(folder, max_bytes=1000)
    with pytest.raises(InvalidInputError, match="filter="):
        load_results(folder, filter=[("g", "~", 1)])
    with pytest.raises(InvalidInputError, match="sort_by='gg' is not a stored column.*did you mean 'g'"):
        best_points(folder, "gg")


def test_streaming_best_points_and_profile_equal_the_loaded_ones(folder):
    full = load_results(folder)
    assert best_points(folder, "delta_a_mu", n=7) == best_points(full, "delta_a_mu", n=7)
    assert best_points(folder, "g", descending=False, n=3) == best_points(full, "g", descending=False, n=3)
    p = profile_2d(folder, "mass", "g", "delta_a_mu", bins=(12, 9))
    ref = profile_loaded(full["mass"], full["g"], full["delta_a_mu"], p["x_edges"], p["y_edges"])
    np.testing.assert_array_equal(p["min"], ref)
    assert p["count"].sum() == 3000 and p["n_rows"] == 3000
    j = int(np.argmin(full["delta_a_mu"]))
    assert p["best"]["index"] == j
    np.testing.assert_allclose(p["x_edges"][[0, -1]], [1e-3, 1.0])      # the config's ranges, log bins


def test_scan_summarize_command(folder, capsys):
    from leptoforce.cli import main
    assert main(["scan", "summarize", str(folder), "--profile", "mass,g", "--column", "delta_a_mu", "--bins", "8"]) == 0
    text = capsys.readouterr().out
    assert "3,000 points in 12 of 12 chunks (complete)" in text and "best points by delta_a_mu" in text
    assert "profile of delta_a_mu in (mass, g): 64 of 64 cells filled" in text
    assert main(["scan", "summarize", str(folder), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["points"] == 3000 and data["ok"] == 3000 and len(data["best"]) == 5
    s = summarize(folder)
    assert s["columns"]["g"]["min"] >= 1e-5 and s["columns"]["g"]["max"] <= 1e-2
    assert main(["scan", "summarize", str(folder), "--profile", "mass"]) == 2


# ---- cluster recipes ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("name,marker", [("slurm", "#SBATCH"), ("htcondor", "RequestCpus"), ("pbs", "#PBS")])
def test_cluster_recipes_render_their_job_scripts(name, marker):
    from leptoforce.scan.cluster import job_script, load_recipe
    recipe = load_recipe(ROOT / "docs" / "cluster" / f"{name}.toml")
    script = job_script(recipe)
    assert marker in script and "distributed.cli.dask_worker" in script and "--nthreads 1" in script


def test_local_recipe_runs_a_scan(tmp_path, folder, same_results):
    from leptoforce.scan.cluster import open_cluster
    with open_cluster(ROOT / "docs" / "cluster" / "local.toml") as client:
        run_scan(_cfg(), tmp_path / "o", executor=client, progress=False)
    same_results(load_results(folder), load_results(tmp_path / "o"))


@pytest.mark.parametrize("text,needle", [
    ('[cluster]\nkind = "slurmm"\n', "did you mean 'slurm'"),
    ('[cluster]\nkind = "slurm"\n[scale]\njobs = -1\n', "scale.jobs=-1 must be an integer >= 0"),
    ('[cluster]\nkind = "slurm"\n[scale]\njobs = 2.5\n', "scale.jobs=2.5 must be a whole number"),
    ('[cluster]\nkind = "slurm"\n[scale]\njobs = 2\nmaximum_jobs = 3\n', "either a fixed size"),
    ('[clusterr]\n', "unknown section 'clusterr'"),
    ('[cluster\n', "not valid TOML"),
])
def test_bad_recipes_are_one_line(tmp_path, text, needle):
    from leptoforce.scan.cluster import load_recipe
    p = tmp_path / "r.toml"
    p.write_text(text)
    with pytest.raises(InvalidInputError, match=needle):
        load_recipe(p)


def test_dampe_random_scan_reduction_in_bounded_memory_keeps_every_row_that_matters(tmp_path, monkeypatch):
    """Above _STREAM_ABOVE points dampe-emu reads only rows within 50 of a total's minimum: the best points
    and every profile cell with Delta chi^2 < 6 (the figures' contours) are those of the full load."""
    from leptoforce.analyses import dampe_emu
    raw = {"model": {"kind": "test-dampe-columns"},
           "parameters": {"m_psi": {"min": 500.0, "max": 5000.0, "prior": "log"},
                          "g": {"min": 1e-3, "max": 3.0, "prior": "log"}},
           "compute": {"observables": ["m_zp", "q_psi", "sigma_v0_cm3s", "total", "total_lz", "total_lz_ilc",
                                       "M_sub_Msun", "omega_h2"], "plugins": ["lf_test_families"]},
           "sampler": {"kind": "random", "n": 20000, "seed": 4}, "run": {"chunk_size": 1000}}
    cfg = ScanConfig.from_dict(raw)
    run_scan(cfg, tmp_path / "o", executor="serial", progress=False)
    full, n_full = dampe_emu._load_random(tmp_path / "o", cfg.n_points)
    monkeypatch.setattr(dampe_emu, "_STREAM_ABOVE", 100)
    part, n_part = dampe_emu._load_random(tmp_path / "o", cfg.n_points)
    assert n_full == n_part == 20000 and 0 < len(part["index"]) < 20000
    xe, ye = np.linspace(np.log10(500), np.log10(5000), 46), np.linspace(-32, -26, 46)
    for key in ("total", "total_lz", "total_lz_ilc"):
        assert np.min(part[key]) == np.min(full[key])
        P = [profile_loaded(np.log10(c["m_psi"]), np.log10(c["sigma_v0_cm3s"]), c[key], xe, ye) for c in (full, part)]
        near = P[0] - P[0].min() < 6.0
        np.testing.assert_array_equal(P[1][near], P[0][near])


# ---- samplers: nautilus and a MIGRAD profile ------------------------------------------------------------------
def _gauss_cfg():
    """bench-gauss: chi^2 of a 2-D Gaussian in (log10 x, y), sigma 0.3 and 0.1, correlation 0.6, centre (-1, 0.5)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    return ScanConfig.from_dict({
        "model": {"kind": "bench-gauss"},
        "parameters": {"x": {"min": 1e-3, "max": 10.0, "prior": "log"}, "y": {"min": 0.0, "max": 1.0, "prior": "linear"}},
        "compute": {"observables": ["chi2"], "plugins": ["bench_scan_family"]},
        "sampler": {"kind": "random", "n": 10, "seed": 1}, "report": {"sort_by": "chi2", "descending": False}})


def test_migrad_profile_equals_the_analytic_profile_and_resumes(tmp_path):
    """Profiling a correlated Gaussian over y: chi2_min(x) = dx^2 exactly, at y = 0.5 + rho sigma_y dx."""
    from leptoforce.scan.samplers import run_profile
    cfg = _gauss_cfg()
    st = run_profile(cfg, tmp_path / "p", {"x": 9}, executor="serial")
    assert st["complete"]
    r = load_results(tmp_path / "p")
    dx = (np.log10(r["x"]) + 1.0) / 0.3
    np.testing.assert_allclose(r["chi2_min"], dx ** 2, atol=1e-5)
    np.testing.assert_allclose(r["fit:y"], 0.5 + 0.6 * 0.1 * dx, atol=1e-3)
    assert np.all(r["migrad_valid"] == 1)
    again = run_profile(cfg, tmp_path / "p", {"x": 9}, executor="serial")
    assert again["runs"][-1]["computed"] == []          # resumed: nothing recomputed
    with pytest.raises(InvalidInputError, match="along: 'z' is not a parameter"):
        run_profile(cfg, tmp_path / "q", {"z": 5})
    with pytest.raises(InvalidInputError, match="nothing is left to fit"):
        run_profile(cfg, tmp_path / "q", {"x": 5, "y": 5})
    with pytest.raises(InvalidInputError, match=r"along\['x'\] \(grid points\)=1 must be an integer >= 2"):
        run_profile(cfg, tmp_path / "q", {"x": 1})
    with pytest.raises(InvalidInputError, match="seed=-1 must be an integer >= 0"):
        run_profile(cfg, tmp_path / "q", {"x": 5}, seed=-1)


def test_nautilus_evidence_of_a_gaussian(tmp_path):
    """log Z = ln(2 pi sigma_x sigma_y sqrt(1 - rho^2) / prior volume) = ln(2 pi 0.3 0.1 0.8 / 4) = -3.2781."""
    from leptoforce.scan.samplers import load_nautilus, run_nautilus
    cfg = _gauss_cfg()
    s = run_nautilus(cfg, tmp_path / "n", n_live=200, n_eff=2000, seed=1)
    exact = np.log(2 * np.pi * 0.3 * 0.1 * 0.8 / 4.0)
    assert s["converged"] and abs(s["log_z"] - exact) < 0.05
    smp = load_nautilus(tmp_path / "n")
    w = np.exp(smp["log_w"] - smp["log_w"].max())
    assert np.average(np.log10(smp["x"]), weights=w) == pytest.approx(-1.0, abs=0.03)
    again = run_nautilus(cfg, tmp_path / "n", n_live=200, n_eff=2000, seed=1)     # resumed from its checkpoint
    assert again["n_like"] == s["n_like"] and again["log_z"] == pytest.approx(s["log_z"], abs=1e-12)


def test_nautilus_on_a_dask_cluster(tmp_path, monkeypatch):
    """The same sampling with the likelihood batches split over Dask workers (nautilus's Dask pool)."""
    import distributed
    from leptoforce.scan.samplers import run_nautilus
    cfg = _gauss_cfg()
    monkeypatch.setenv("PYTHONPATH", str(ROOT / "benchmarks"))        # the workers import the plugin family
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cl, \
            distributed.Client(cl) as client:
        s = run_nautilus(cfg, tmp_path / "n", executor=client, n_live=200, n_eff=2000, seed=1)
    assert s["executor"] == "dask" and s["converged"]
    assert abs(s["log_z"] - np.log(2 * np.pi * 0.3 * 0.1 * 0.8 / 4.0)) < 0.05
