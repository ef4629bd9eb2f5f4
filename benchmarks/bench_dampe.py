"""Speed of the seed 000 (DAMPE) likelihood and scans.

Prints a table: template build (cold, then from the disk cache), the full likelihood per point
(one point; a batch of 2000), the random scan through the scan engine (serial, 2-process pool,
Dask with 1 and 2 workers), extrapolated to 10^6 points, and the nested-sampling wall time.

    python benchmarks/bench_dampe.py [--n 20000] [--nested-calls 20000]
"""
from __future__ import annotations

import argparse
import tempfile
import time

import numpy as np

from _timing import best_time, print_table
from leptoforce import constants as C
from leptoforce.analyses.dampe_emu import _scan_config
from leptoforce.inference.dampe_emu import DampeEmuLikelihood, LikelihoodSettings
from leptoforce.scan.config import ScanConfig
from leptoforce.scan.engine import run_scan
from leptoforce.scan.nested import run_nested


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--nested-calls", type=int, default=20000)
    args = ap.parse_args()
    rows = []
    t0 = time.perf_counter()
    like = DampeEmuLikelihood(LikelihoodSettings())
    rows.append(("likelihood set-up (templates from disk cache if present)", time.perf_counter() - t0, ""))
    rng = np.random.default_rng(0)
    N = 2000
    m = np.exp(rng.uniform(np.log(500), np.log(5000), N))
    pars = (m, rng.uniform(1, 2, N), rng.uniform(0.5, 5, N), np.exp(rng.uniform(np.log(1e-3), np.log(3), N)),
            np.exp(rng.uniform(np.log(1e5), np.log(1e8), N)) * C.M_sun)
    t1, _ = best_time(lambda: like.evaluate(*(p[:1] for p in pars)), repeat=5)
    tb = best_time(lambda: like.evaluate(*pars), repeat=2)[0] / N
    rows.append(("full likelihood, one point", t1, "target <= 5 ms"))
    rows.append(("full likelihood, per point in a batch of 2000", tb, ""))
    for label, ex, w in (("random scan, serial", "serial", None), ("random scan, 2-process pool", "local", 2)):
        cfg = ScanConfig.from_dict(_scan_config(args.n, 1, 660, 5))
        with tempfile.TemporaryDirectory() as d:
            t = time.perf_counter()
            run_scan(cfg, d, executor=ex, workers=w, progress=False)
            el = time.perf_counter() - t
        rows.append((f"{label}, {args.n} points", el, f"-> 1e6 points: {el * 1e6 / args.n / 60:.1f} min"))
    try:
        from distributed import Client, LocalCluster
        for nw in (1, 2):
            with LocalCluster(n_workers=nw, threads_per_worker=1, processes=True, dashboard_address=None) as cl, \
                    Client(cl) as client:
                cfg = ScanConfig.from_dict(_scan_config(args.n, 1, 660, 5))
                with tempfile.TemporaryDirectory() as d:
                    t = time.perf_counter()
                    run_scan(cfg, d, executor=client, progress=False)
                    el = time.perf_counter() - t
                rows.append((f"random scan, Dask {nw} worker(s), {args.n} points", el,
                             f"-> 1e6 points: {el * 1e6 / args.n / 60:.1f} min"))
    except ImportError:
        rows.append(("Dask", float("nan"), "distributed not installed"))
    ncfg = ScanConfig.from_dict(_scan_config(1, 2, 660, 5))
    with tempfile.TemporaryDirectory() as d:
        t = time.perf_counter()
        res = run_nested(ncfg, d, min_num_live_points=400, max_ncalls=args.nested_calls, seed=2)
        rows.append((f"nested sampling (UltraNest, 400 live points, {res['ncall']} calls)", time.perf_counter() - t, ""))
    print_table(rows)


if __name__ == "__main__":
    main()
