"""Scan engine: TOML-configured grid/random scans, chunked crash-safe Parquet storage with resume,
local process-pool or Dask execution through one code path, progress reporting."""
from .config import Parameter, ScanConfig, load_config
from .engine import best_points, evaluate_chunk, load_results, read_manifest, run_scan
from .observables import FAMILIES, register_family

__all__ = ["Parameter", "ScanConfig", "load_config", "run_scan", "load_results", "read_manifest",
           "evaluate_chunk", "best_points", "register_family", "FAMILIES"]
