"""Stored results and caches with integrity (issue 19): damaged files are detected and healed or refused with one
line, nothing finished is lost, two scans cannot share a folder, and a bad configuration is refused before work."""
import fcntl
import json
import logging
import os
import random
import textwrap

import numpy as np
import pytest

from leptoforce import cache
from leptoforce.errors import InvalidInputError
from leptoforce.scan import ScanConfig, load_config, load_results, read_manifest, run_scan
from leptoforce.scan.engine import JOURNAL, LOCK, MANIFEST

CFG = {
    "model": {"kind": "zprime", "charges": "Lmu-Ltau"},
    "parameters": {"mass": {"min": "1MeV", "max": "1GeV", "prior": "log", "n": 12},
                   "g": {"min": 1e-5, "max": 1e-2, "prior": "log", "n": 10}},
    "compute": {"observables": ["delta_a_mu", "epsilon_AZp"]},
    "run": {"chunk_size": 20},
}


def _cfg(**changes):
    raw = json.loads(json.dumps(CFG))
    for k, v in changes.items():
        raw[k] = v
    return ScanConfig.from_dict(raw)


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    out = tmp_path_factory.mktemp("ref")
    run_scan(_cfg(), out, executor="serial", progress=False)
    return load_results(out)


def _chunk_path(out, i):
    man = read_manifest(out)
    return out / "chunks" / man["chunks"][str(i)]["file"]


def test_truncated_chunk_is_refused_on_load_and_redone_on_resume(tmp_path, reference, caplog, same_results):
    run_scan(_cfg(), tmp_path, executor="serial", progress=False)
    p = _chunk_path(tmp_path, 2)
    p.write_bytes(p.read_bytes()[: p.stat().st_size // 2])
    with pytest.raises(InvalidInputError, match="chunk 2 .* damaged"):
        load_results(tmp_path)
    with caplog.at_level(logging.WARNING, logger="leptoforce"):
        state = run_scan(_cfg(), tmp_path, executor="serial", progress=False)
    assert "chunk 2" in caplog.text and "recomputed" in caplog.text
    assert state["complete"] and state["runs"][-1]["computed"] == [2]
    same_results(reference, load_results(tmp_path))


def test_every_single_bit_flip_in_a_chunk_is_detected(tmp_path):
    run_scan(_cfg(), tmp_path, executor="serial", progress=False)
    p = _chunk_path(tmp_path, 0)
    original = p.read_bytes()
    rng = random.Random(19)
    for _ in range(200):
        data = bytearray(original)
        bit = rng.randrange(len(data) * 8)
        data[bit // 8] ^= 1 << (bit % 8)
        p.write_bytes(bytes(data))
        with pytest.raises(InvalidInputError, match="chunk 0"):
            load_results(tmp_path)
    p.write_bytes(original)
    assert len(load_results(tmp_path)["index"]) == 120


def test_truncated_manifest_is_rebuilt_from_the_journal(tmp_path, reference, caplog, same_results):
    run_scan(_cfg(), tmp_path, executor="serial", progress=False)
    m = tmp_path / MANIFEST
    m.write_text(m.read_text()[:40])
    with caplog.at_level(logging.WARNING, logger="leptoforce"):
        state = run_scan(_cfg(), tmp_path, executor="serial", progress=False)
    assert "rebuilt from the journal" in caplog.text
    assert state["complete"] and state["runs"][-1]["computed"] == []     # nothing recomputed, nothing lost
    same_results(reference, load_results(tmp_path))


def test_manifest_and_journal_both_damaged_is_one_line(tmp_path):
    run_scan(_cfg(), tmp_path, executor="serial", progress=False)
    (tmp_path / MANIFEST).write_text("{")
    (tmp_path / JOURNAL).write_text("garbage\n{}\n")
    with pytest.raises(InvalidInputError, match="damaged"):
        run_scan(_cfg(), tmp_path, executor="serial", progress=False)


def test_truncated_journal_line_and_unjournaled_chunk_are_adopted(tmp_path, reference, same_results):
    run_scan(_cfg(), tmp_path, executor="serial", progress=False)
    j = tmp_path / JOURNAL
    lines = j.read_text().splitlines(keepends=True)
    chunk_lines = [k for k, ln in enumerate(lines) if '"event": "chunk"' in ln]
    # the last chunk's line is cut in the middle (killed while appending); another chunk's line is lost
    # entirely (killed between the rename and the append)
    last, lost = chunk_lines[-1], chunk_lines[1]
    kept = [ln for k, ln in enumerate(lines) if k not in (last, lost)]
    mtimes = {i: _chunk_path(tmp_path, i).stat().st_mtime_ns for i in range(6)}
    j.write_text("".join(kept[:-1]) + lines[last][:25])          # drop run-end, append the truncated line
    state = run_scan(_cfg(), tmp_path, executor="serial", progress=False)
    assert state["complete"] and state["runs"][-1]["computed"] == []
    for i, t in mtimes.items():                                    # adopted, not rewritten
        assert _chunk_path(tmp_path, i).stat().st_mtime_ns == t
    events = [json.loads(ln)["event"] for ln in j.read_text().splitlines()]
    assert events.count("adopted") == 2
    same_results(reference, load_results(tmp_path))


def test_two_scans_cannot_share_a_folder(tmp_path):
    (tmp_path / "chunks").mkdir()
    with open(tmp_path / LOCK, "a+") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        fh.write("pid 1 on elsewhere")
        fh.flush()
        with pytest.raises(InvalidInputError, match="being written by pid 1"):
            run_scan(_cfg(), tmp_path, executor="serial", progress=False)
    run_scan(_cfg(), tmp_path, executor="serial", progress=False)   # released: it runs


def test_temp_files_are_cleaned(tmp_path):
    run_scan(_cfg(), tmp_path, executor="serial", progress=False)
    stale = [tmp_path / "chunks" / "part-00000" / ".chunk-0000001.parquet.dead.tmp", tmp_path / ".manifest.json.x.tmp"]
    for s in stale:
        s.write_text("half")
    run_scan(_cfg(), tmp_path, executor="serial", progress=False)
    assert not any(s.exists() for s in stale)


def test_config_is_checked_before_plugin_code_runs(tmp_path, plugin_env, monkeypatch):
    marker = tmp_path / "imported"
    monkeypatch.setenv("LF_MARKER", str(marker))
    monkeypatch.syspath_prepend(plugin_env["PYTHONPATH"].split(os.pathsep)[0])
    out = tmp_path / "scan"
    run_scan(_cfg(), out, executor="serial", progress=False)
    other = _cfg(compute={"observables": ["delta_a_mu"], "plugins": ["lf_marker_plugin"]})
    with pytest.raises(InvalidInputError, match="another configuration"):
        run_scan(other, out, executor="serial", progress=False)
    assert not marker.exists()


# ---- configuration ------------------------------------------------------------------------------------
@pytest.mark.parametrize("change,needle", [
    ({"run": {"chunk_size": "abc"}}, "run.chunk_size='abc' must be an integer"),
    ({"run": {"chunksize": 5}}, "unknown key 'chunksize' \\(did you mean 'chunk_size'\\?\\)"),
    ({"sampler": {"kind": "random", "n": 10.5}}, "sampler.n=10.5 must be a whole number"),
    ({"sampler": {"kind": "random", "n": 10, "seed": -1}}, "sampler.seed=-1 must be an integer >= 0"),
    ({"sampler": {"kind": "random", "n": 10, "seed": "abc"}}, "sampler.seed='abc' must be an integer"),
    ({"sampler": {"kind": "random", "n": 10, "sed": 3}}, "did you mean 'seed'"),
    ({"model": {"kind": "zprime", "charges": "Lmu-Ltau", "epsilonn": 0.1}}, "unknown key 'epsilonn'.*'epsilon'"),
    ({"compute": {"observables": ["delta_a_mu"], "plugin": ["x"]}}, "did you mean 'plugins'"),
    ({"compute": {"observables": "delta_a_mu"}}, "compute.observables='delta_a_mu' must be a list"),
    ({"parameters": {"mass": {"min": "1MeV", "max": "1s", "n": 3}, "g": {"min": 1e-5, "max": 1e-2, "n": 2}}},
     "parameters.mass.max='1s' is not an energy"),
    ({"parameters": {"mass": {"min": "1MeV", "max": "1GeV", "n": 3}, "g": {"min": "1e-5MeV", "max": 1e-2, "n": 2}}},
     "parameters.g.min='1e-5MeV': this parameter is dimensionless"),
    ({"parameters": {"mass": {"min": "1MeV", "max": "1GeV", "n": 1000000}, "g": {"min": 1e-5, "max": 1e-2,
                                                                               "n": 10000000}}}, "1e\\+13 points"),
    ({"report": {"sort_by": "nope"}}, "report.sort_by='nope' is not a parameter or an observable"),
    ({"model": {"kind": "zprim"}}, "did you mean 'zprime'"),
])
def test_bad_configs_are_refused_before_any_work(change, needle):
    raw = json.loads(json.dumps(CFG))
    raw.update(change)
    with pytest.raises(InvalidInputError, match=needle):
        ScanConfig.from_dict(raw)


def test_grid_of_1e11_points_is_refused_without_allocating(tmp_path):
    p = tmp_path / "big.toml"
    p.write_text(textwrap.dedent("""
        [model]
        kind = "zprime"
        [parameters.mass]
        min = "1MeV"
        max = "1GeV"
        n = 100000
        [parameters.g]
        min = 1e-5
        max = 1e-2
        n = 1000000
        [compute]
        observables = ["delta_a_mu"]
    """))
    cfg = load_config(p)       # the points are never built: the config alone is cheap
    assert cfg.n_points == 10 ** 11
    with pytest.raises(InvalidInputError, match="1e\\+11 points.*GB free"):
        run_scan(cfg, tmp_path / "out", executor="serial", progress=False)
    assert not list((tmp_path / "out" / "chunks").glob("**/*.parquet"))


def test_grid_points_of_a_chunk_equal_the_full_grid():
    cfg = _cfg()
    full = np.meshgrid(*[p.grid() for p in cfg.parameters], indexing="ij")
    pts = cfg.chunk_points(37, 91)
    for (p, m) in zip(cfg.parameters, full):
        np.testing.assert_array_equal(pts[p.name], m.ravel()[37:91])


# ---- caches ---------------------------------------------------------------------------------------------
def _compute(calls):
    def f():
        calls.append(1)
        return {"a": np.arange(1000.0), "b": np.linspace(0, 1, 7)}
    return f


@pytest.mark.parametrize("damage", ["truncate", "bitflip", "other-inputs", "garbage"])
def test_damaged_cache_entry_is_rebuilt_with_a_warning(tmp_path, monkeypatch, caplog, damage):
    monkeypatch.setenv("LEPTOFORCE_CACHE_DIR", str(tmp_path))
    calls = []
    first = cache.cached_arrays("test", {"x": 1.0}, _compute(calls))
    assert cache.cached_arrays("test", {"x": 1.0}, _compute(calls))["a"][5] == 5.0 and len(calls) == 1
    path = next((tmp_path / "test").glob("*.npz"))
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "bitflip":
        b = bytearray(data)
        b[len(b) // 2] ^= 0x10
        path.write_bytes(bytes(b))
    elif damage == "other-inputs":
        # a valid entry of other inputs copied over this one: its contents differ from what these inputs give
        other_calls = []
        cache.cached_arrays("test", {"x": 2.0}, lambda: (other_calls.append(1), {"a": -np.ones(3), "b": np.zeros(1)})[1])
        other = next(p for p in (tmp_path / "test").glob("*.npz") if p != path)
        path.write_bytes(other.read_bytes())
    else:
        path.write_bytes(b"not a zip file at all")
    with caplog.at_level(logging.WARNING, logger="leptoforce"):
        again = cache.cached_arrays("test", {"x": 1.0}, _compute(calls))
    assert "rebuilding it" in caplog.text
    assert len(calls) == 2
    for k in first:
        np.testing.assert_array_equal(again[k], first[k])
    assert cache.cached_arrays("test", {"x": 1.0}, _compute(calls))["b"][-1] == 1.0 and len(calls) == 2


def test_heartbeat_counts_only_output_a_person_saw(monkeypatch, caplog):
    """An update that writes nothing (a silent inner Progress) must not hold back the reproduce heartbeat."""
    import time

    from leptoforce import progress
    from leptoforce.analyses import base

    monkeypatch.setattr(base, "HEARTBEAT_S", 0.3)
    monkeypatch.setattr(progress, "LOG_EVERY_S", 1e9)
    t_wait = 0.0
    with caplog.at_level(logging.INFO, logger="leptoforce"), base._Heartbeat("demo"):
        with progress.Progress(1000, "inner", enabled=False) as bar:
            while t_wait < 7.0 and not any("still working" in r.getMessage() for r in caplog.records):
                bar.update(1)
                time.sleep(0.05)
                t_wait += 0.05
    assert any("demo: still working" in r.getMessage() for r in caplog.records)


def test_numba_cache_goes_to_the_user_cache_folder(tmp_path):
    """issue 23: compiled kernels are cached in the user's cache folder (a read-only install compiles once per
    machine), NUMBA_CACHE_DIR set by the user wins, and importing leptoforce does not import numba or scipy."""
    import os
    import subprocess
    import sys
    env = {k: v for k, v in os.environ.items() if k != "NUMBA_CACHE_DIR"}
    env["LEPTOFORCE_CACHE_DIR"] = str(tmp_path / "lf")
    code = ("import os, sys, leptoforce; print(os.environ['NUMBA_CACHE_DIR']); "
            "print(sorted(m for m in ('numba', 'scipy.integrate', 'scipy.optimize', 'scipy.special') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == str(tmp_path / "lf" / "numba") and out[1] == "[]"
    env["NUMBA_CACHE_DIR"] = str(tmp_path / "mine")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[0] == str(tmp_path / "mine")
