"""Scan-engine overhead per chunk against the number of chunks (issue 24's first acceptance line), on a do-nothing
batched family, so that only the engine is timed: chunk files (Parquet, temp + fsync + rename, SHA-256), the
journal line (append + fsync), scheduling, resume bookkeeping; then the cost of reading the folder back.

    python benchmarks/bench_scan.py                      # 1e3 and 1e4 chunks, serial and a local pool of 2
    python benchmarks/bench_scan.py --chunks 1000,10000,100000 --executors serial

Printed: a table of chunks, points, wall time, time per chunk, ratio to the smallest scan's per-chunk time, the
time to read the manifest and to load every result, with the machine's load.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ["PYTHONPATH"] = os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")])   # for pool workers

from leptoforce.scan import ScanConfig, load_results, read_manifest, run_scan  # noqa: E402


def config(n_chunks: int, chunk_size: int) -> ScanConfig:
    return ScanConfig.from_dict({
        "model": {"kind": "bench-null"},
        "parameters": {"x": {"min": 0.0, "max": 1.0, "prior": "linear", "n": n_chunks * chunk_size}},
        "compute": {"observables": ["y"], "plugins": ["bench_scan_family"]},
        "run": {"chunk_size": chunk_size},
    })


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chunks", default="1000,10000", help="comma-separated numbers of chunks")
    ap.add_argument("--chunk-size", type=int, default=10, help="points per chunk")
    ap.add_argument("--executors", default="serial,local", help="serial and/or local (a pool of --workers)")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    load0 = os.getloadavg()
    rows = []
    for ex in args.executors.split(","):
        base = None
        for n in (int(c) for c in args.chunks.split(",")):
            with tempfile.TemporaryDirectory() as out:
                cfg = config(n, args.chunk_size)
                t = time.perf_counter()
                run_scan(cfg, out, executor=ex, workers=args.workers if ex == "local" else None, progress=False)
                wall = time.perf_counter() - t
                t = time.perf_counter()
                read_manifest(out)
                t_man = time.perf_counter() - t
                t = time.perf_counter()
                res = load_results(out)
                t_load = time.perf_counter() - t
                assert res["index"].size == n * args.chunk_size
                per = wall / n
                base = base or per
                rows.append((ex, n, n * args.chunk_size, wall, per, per / base, t_man, t_load))
                print(f"  {ex} {n} chunks: {wall:.1f} s", file=sys.stderr)
    load1 = os.getloadavg()
    print(f"machine: {os.cpu_count()} cores, load average {load0[0]:.2f} before, {load1[0]:.2f} after\n")
    print("| executor | chunks | points | wall | per chunk | per chunk / smallest | read manifest | load all |")
    print("|---|---|---|---|---|---|---|---|")
    for ex, n, p, wall, per, rel, tm, tl in rows:
        print(f"| {ex} | {n:,} | {p:,} | {wall:.1f} s | {per * 1e3:.2f} ms | {rel:.2f} | {tm * 1e3:.0f} ms | {tl:.2f} s |")


if __name__ == "__main__":
    main()
