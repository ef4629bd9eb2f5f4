import os
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(Path(__file__).parent / "scan_plugins"))


@pytest.fixture
def plugin_env():
    """Environment for subprocesses that must import the test scan plugins."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).parent / "scan_plugins"), env.get("PYTHONPATH", "")])
    return env


def _assert_same_results(a, b):
    """Two stored scans hold the same rows and bit-identical values."""
    assert a.keys() == b.keys()
    for k in a:
        if a[k].dtype == object:
            assert list(a[k]) == list(b[k]), k
        else:
            np.testing.assert_array_equal(a[k], b[k], err_msg=k)


@pytest.fixture
def same_results():
    """The check that two scan results are identical (rows and bits)."""
    return _assert_same_results


@pytest.fixture
def slow_config():
    """Writes the config of a scan of the test family 'test-slow' (x^2 after sleep_ms a point), slow enough to
    kill: a grid of n points, or n random points with ``seed``."""
    def write(path: Path, *, n: int, chunk_size: int, sleep_ms: float, seed: int | None = None) -> Path:
        grid = f"n = {n}\n" if seed is None else ""
        sampler = "" if seed is None else f"[sampler]\nkind = \"random\"\nn = {n}\nseed = {seed}\n"
        path.write_text(f"""
[model]
kind = "test-slow"
sleep_ms = {sleep_ms}
[parameters.x]
min = 0.0
max = 1.0
prior = "linear"
{grid}[compute]
observables = ["x2"]
plugins = ["lf_test_families"]
{sampler}[run]
chunk_size = {chunk_size}
""")
        return path
    return write

