"""Packaged data tables (each folder has a README with source, units and provenance)."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources

import numpy as np

from ..errors import InvalidInputError

__all__ = ["table_path", "load_table", "table_header", "data_versions", "load_sidm_constraints"]


def table_path(folder: str, name: str):
    """The packaged file ``data/FOLDER/NAME`` (InvalidInputError naming what exists when it does not)."""
    root = resources.files("leptoforce.data")
    folders = sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("__"))
    if not isinstance(folder, str) or folder not in folders:
        raise InvalidInputError(f"folder={folder!r} is not a data folder; known: {', '.join(folders)}")
    path = root.joinpath(folder).joinpath(name) if isinstance(name, str) else None
    if path is None or not path.is_file():
        files = sorted(f.name for f in root.joinpath(folder).iterdir() if f.name.endswith((".csv", ".toml")))
        raise InvalidInputError(f"name={name!r} is not a table of data/{folder}; known: {', '.join(files)}")
    return path


@lru_cache(maxsize=None)
def load_table(folder: str, name: str) -> np.ndarray:
    """A packaged CSV table (``#`` header lines skipped, one column-name row) as a 2-D float array.

    The array is cached and shared by every caller, so it is read-only (``copy()`` it to edit)."""
    text = table_path(folder, name).read_text()
    rows = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    out = np.array([[float(x) for x in ln.split(",")] for ln in rows[1:]])
    out.setflags(write=False)
    return out


def table_header(folder: str, name: str) -> str:
    """The ``#`` header (source and units) of a packaged table."""
    text = table_path(folder, name).read_text()
    return "\n".join(ln[1:].strip() for ln in text.splitlines() if ln.startswith("#"))


def data_versions() -> dict[str, str]:
    """Short SHA-256 of every packaged data file, keyed by 'folder/name' (recorded in outputs)."""
    out = {}
    root = resources.files("leptoforce.data")
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("__")):
        for f in sorted(folder.iterdir()):
            if f.name.endswith((".csv", ".toml")):
                out[f"{folder.name}/{f.name}"] = hashlib.sha256(f.read_bytes()).hexdigest()[:12]
    return out


@lru_cache(maxsize=None)
def _sidm_rows() -> tuple:
    import csv
    text = table_path("sidm", "sidmkit_literature_sigma_over_m.csv").read_text()
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    rows = []
    for i, rec in enumerate(csv.DictReader(lines), start=2):
        try:
            rows.append({"set": rec["set"], "name": rec["name"], "kind": rec["kind"],
                         "v_min_km_s": float(rec["v_min_km_s"]), "v_max_km_s": float(rec["v_max_km_s"]),
                         "value_cm2_per_g": float(rec["value_cm2_per_g"]),
                         "sigma_cm2_per_g": float(rec["sigma_sidmkit_cm2_per_g"]) if rec["sigma_sidmkit_cm2_per_g"] else None,
                         "reference": rec["reference_text"]})
        except (KeyError, ValueError) as exc:
            raise InvalidInputError(f"sidm/sidmkit_literature_sigma_over_m.csv data row {i}: {exc}") from None
        if rows[-1]["kind"] not in ("lower", "upper", "measurement"):
            raise InvalidInputError(f"sidm/sidmkit_literature_sigma_over_m.csv data row {i}: kind {rec['kind']!r}")
    return tuple(rows)


def load_sidm_constraints() -> list[dict]:
    """Galaxy/cluster sigma/m values (data/sidm, see its README): dicts with kind, velocities [km/s], value [cm^2/g]."""
    return [dict(r) for r in _sidm_rows()]
