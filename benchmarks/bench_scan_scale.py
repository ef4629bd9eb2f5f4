"""Scans at scale through a Dask LocalCluster on this machine (issue 24's second acceptance line).

    python benchmarks/bench_scan_scale.py random   # 1e7 points of a cheap analytic family (bench-gauss)
    python benchmarks/bench_scan_scale.py dampe    # 1e6 points of the dampe-emu family, then its Fig. 2 profile

Each run: a LocalCluster of --workers single-threaded worker processes; printed: wall time, points/s,
worker-seconds per point, the engine's per-chunk cost, the peak RSS of the client and of each worker, then
`scan summarize` with a 2-D profile (in its own process, so that its own peak RSS is measured), and the
extrapolation of a 10^8-point run on 100 workers from the measured per-point and per-chunk costs.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ["PYTHONPATH"] = os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")])

from leptoforce.scan import ScanConfig, read_manifest, run_scan  # noqa: E402


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def configs(kind: str, n: int | None):
    if kind == "random":
        return ScanConfig.from_dict({
            "model": {"kind": "bench-gauss"},
            "parameters": {"x": {"min": 1e-3, "max": 10.0, "prior": "log"}, "y": {"min": 0.0, "max": 1.0, "prior": "linear"}},
            "compute": {"observables": ["chi2"], "plugins": ["bench_scan_family"]},
            "sampler": {"kind": "random", "n": n or 10 ** 7, "seed": 1},
            "run": {"chunk_size": 20000}, "report": {"sort_by": "chi2", "descending": False}}), ("x", "y", "chi2", (True, False))
    from leptoforce.analyses.dampe_emu import _scan_config
    raw = _scan_config(n or 10 ** 6, 11, 660, 5)
    raw["run"]["chunk_size"] = 2000
    raw["report"]["descending"] = False
    return ScanConfig.from_dict(raw), ("m_psi", "sigma_v0_cm3s", "total", (True, True))


def main(argv=None):
    import distributed
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("kind", choices=("random", "dampe"))
    ap.add_argument("--n", type=int, default=None, help="points (default 1e7 random, 1e6 dampe)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", default=None, help="scan folder (default: a temporary one)")
    args = ap.parse_args(argv)
    cfg, (px, py, col, logs) = configs(args.kind, args.n)
    load0 = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(args.out or tmp) / f"scan_{args.kind}"
        with distributed.LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                                      dashboard_address=None, memory_limit="6GB") as cl, distributed.Client(cl) as client:
            t0 = time.perf_counter()
            run_scan(cfg, out, executor=client, progress=True)
            wall = time.perf_counter() - t0
            workers_rss = client.run(lambda: __import__("resource").getrusage(0).ru_maxrss / 1024)
        man = read_manifest(out)
        n_pts = sum(c["n"] for c in man["chunks"].values())
        client_rss = _rss_mb()
        t0 = time.perf_counter()
        cmd = [sys.executable, "-c",
               "import json,resource,sys; from leptoforce.scan import summarize; "
               f"s=summarize({str(out)!r}, profile=({px!r},{py!r}), column={col!r}, bins=45, log={logs!r}); "
               "print(json.dumps({'rss': resource.getrusage(0).ru_maxrss/1024, 'best': s['profile']['best'], "
               "'filled': sum(c>0 for r in s['profile']['count'] for c in r), 'points': s['points']}))"]
        res = subprocess.run(cmd, capture_output=True, text=True, check=True)
        t_sum = time.perf_counter() - t0
        summ = json.loads(res.stdout.strip().splitlines()[-1])
        disk = sum(p.stat().st_size for p in (out / "chunks").glob("part-*/*.parquet"))
    load1 = os.getloadavg()
    per_point = wall * args.workers / n_pts            # worker-seconds per point, engine included
    n_chunks = cfg.n_chunks
    per_chunk = wall * args.workers / n_chunks
    t_1e8 = 1e8 * per_point / 100
    print(f"machine: {os.cpu_count()} cores, load average {load0[0]:.2f} before, {load1[0]:.2f} after\n")
    print("| scan | points | chunks | workers | wall | points/s | worker-s per point | client peak RSS | worker peak RSS | "
          "disk | summarize (profile 45x45) | summarize peak RSS |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    print(f"| {args.kind} | {n_pts:,} | {n_chunks:,} | {args.workers} | {wall:.0f} s | {n_pts / wall:,.0f} | "
          f"{per_point * 1e6:.1f} us | {client_rss:.0f} MB | {max(workers_rss.values()):.0f} MB | {disk / 1e6:.0f} MB | "
          f"{t_sum:.1f} s | {summ['rss']:.0f} MB |")
    print(f"\nprofile best: {json.dumps({k: summ['best'][k] for k in (px, py, col)})}; {summ['filled']} cells filled")
    print(f"extrapolated: 1e8 points on 100 workers = {t_1e8:.0f} s = {t_1e8 / 60:.1f} min ({per_point * 1e6:.1f} us a point, "
          f"{per_chunk * 1e3:.0f} ms a chunk of {cfg.chunk_size}, engine included; the client journals "
          f"{1e8 / cfg.chunk_size:,.0f} chunks)")


if __name__ == "__main__":
    main()
