"""Sterile-neutrino production speed (issue 5 benchmarks).

Run:  python benchmarks/bench_sterile.py [--n 60] [--workers 1,2]

Prints a table of: building the unit-coupling rate tables of one m_V (cold, then from the disk cache),
one Omega h^2 evaluation after the tables exist, and the seed 002 Fig. 4 plane (n x n points through
the scan engine) serially, with the local process pool and with a local Dask cluster of 1, 2, ...
workers. The disk cache is pointed at a fresh temporary folder so that "cold" is cold.
There is no public code for this calculation to compare with; the reference is the issue's target
(<= 2 s per Omega h^2 after the tables, <= 15 min for a 60 x 60 plane on 2 cores).
"""
from __future__ import annotations

import argparse
import os
import tempfile

os.environ["LEPTOFORCE_CACHE_DIR"] = tempfile.mkdtemp(prefix="lf-bench-cache-")

from _timing import best_time  # noqa: E402
from leptoforce import units as u  # noqa: E402
from leptoforce.model.dark_sector import SterileNeutrino  # noqa: E402
from leptoforce.scan.config import ScanConfig  # noqa: E402
from leptoforce.scan.engine import run_scan  # noqa: E402
from leptoforce.thermal.sterile import SterileProduction, cached_production  # noqa: E402

ST = SterileNeutrino(7.1 * u.keV, 7e-11, "mu")


def plane_config(n: int) -> ScanConfig:
    return ScanConfig.from_dict({
        "model": {"kind": "sterile-secret", "charges": "nuphilic-mumu", "flavour": "mu", "m4": ST.m4,
                  "sin2_2theta": ST.sin2_2theta},
        "parameters": {"m_V": {"min": 3 * u.MeV, "max": 10.0, "prior": "log", "n": n},
                       "g": {"min": 1e-7, "max": 1.0, "prior": "log", "n": n}},
        "compute": {"observables": ["omega_h2"]},
        "run": {"chunk_size": n * max(1, n // 8)},
    })


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=60, help="Fig. 4 plane is n x n")
    ap.add_argument("--workers", default="1,2", help="Dask worker counts to try")
    args = ap.parse_args()
    rows = []
    SterileProduction(0.88)                                       # compile the numba kernel first
    os.environ["LEPTOFORCE_NO_CACHE"] = "1"
    t_cold, _ = best_time(lambda: SterileProduction(0.881), repeat=1)
    del os.environ["LEPTOFORCE_NO_CACHE"]
    SterileProduction(0.882)
    t_warm, prod = best_time(lambda: SterileProduction(0.882), repeat=3)
    t_eval, res = best_time(lambda: prod.solve(0.003, ST), repeat=5)
    rows += [("rate tables of one m_V, computed", t_cold, ""),
             ("rate tables of one m_V, from the disk cache", t_warm, ""),
             ("one Omega h^2 after the tables (target <= 2 s)", t_eval, f"Omega h^2 = {res.omega_h2:.4g}")]
    n = args.n
    for label, kw in (("serial", {"executor": "serial"}), ("local pool, 2 processes", {"workers": 2})):
        os.environ["LEPTOFORCE_CACHE_DIR"] = tempfile.mkdtemp(prefix="lf-bench-cache-")
        cached_production.cache_clear()                            # forked workers must not inherit tables
        with tempfile.TemporaryDirectory() as out:
            t, _ = best_time(lambda: run_scan(plane_config(n), out, progress=False, **kw), repeat=1)
        rows.append((f"Fig. 4 plane {n}x{n}, {label}", t, f"{t / n / n * 1e3:.1f} ms/point"))
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        rows.append(("Dask", float("nan"), "not installed (pip install 'leptoforce[scan]')"))
    else:
        for w in [int(x) for x in args.workers.split(",")]:
            os.environ["LEPTOFORCE_CACHE_DIR"] = tempfile.mkdtemp(prefix="lf-bench-cache-")
            with LocalCluster(n_workers=w, threads_per_worker=1, processes=True, dashboard_address=None) as cl, \
                    Client(cl) as client, tempfile.TemporaryDirectory() as out:
                t, _ = best_time(lambda: run_scan(plane_config(n), out, executor=client, progress=False), repeat=1)
            rows.append((f"Fig. 4 plane {n}x{n}, Dask {w} worker(s)", t, f"{t / n / n * 1e3:.1f} ms/point"))
    print(f"{'step':<52} {'time [s]':>10}  note")
    for label, t, note in rows:
        print(f"{label:<52} {t:>10.3f}  {note}")
    print(f"({os.cpu_count()} cores; cold cache for every plane run)")


if __name__ == "__main__":
    main()
