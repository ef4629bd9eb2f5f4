import os
import sys
from pathlib import Path

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
