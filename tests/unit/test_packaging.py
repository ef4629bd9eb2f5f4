"""Packaging (issue 26): the wheel and the sdist carry the licence, the data files and the typing marker, and the
version has one source."""
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def dists(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    res = subprocess.run([sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", str(out), str(ROOT)],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr[-2000:]
    return next(out.glob("*.whl")), next(out.glob("*.tar.gz"))


def test_wheel_holds_license_data_and_py_typed(dists):
    names = zipfile.ZipFile(dists[0]).namelist()
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "leptoforce/py.typed" in names
    data = [n for n in names if n.startswith("leptoforce/data/")]
    for needed in ("leptoforce/data/inputs/current.toml", "leptoforce/data/limits/registry.toml",
                   "leptoforce/data/limits/bibliography.bib", "leptoforce/data/xenonnt/xenonnt2022_B0.csv",
                   "leptoforce/data/dd/lz2024_si_limit.csv"):
        assert needed in data, needed
    # every data file of the source tree is in the wheel
    src = {str(p.relative_to(ROOT / "src")) for p in (ROOT / "src" / "leptoforce" / "data").rglob("*")
           if p.is_file() and p.suffix in (".csv", ".toml", ".bib", ".md") and "__pycache__" not in p.parts}
    assert src <= set(names), sorted(src - set(names))[:5]


def test_sdist_holds_license_and_sources(dists):
    names = tarfile.open(dists[1]).getnames()
    top = names[0].split("/")[0]
    for needed in ("LICENSE", "pyproject.toml", "README.md", "src/leptoforce/py.typed",
                   "src/leptoforce/data/inputs/current.toml"):
        assert f"{top}/{needed}" in names, needed


def test_version_has_one_source():
    import re

    import leptoforce
    from leptoforce.cli import main
    text = (ROOT / "pyproject.toml").read_text()
    assert leptoforce.__version__ == re.search(r'^version = "([^"]+)"', text, re.M).group(1)
    res = subprocess.run([sys.executable, "-m", "leptoforce", "--version"], capture_output=True, text=True)
    assert res.returncode == 0 and res.stdout.strip() == f"leptoforce {leptoforce.__version__}"
    assert callable(main)
