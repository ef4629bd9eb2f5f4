"""Scan engine: TOML-configured grid/random scans, chunked crash-safe and checksummed Parquet storage with
resume, local process-pool or Dask execution through one code path, progress reporting, and readers that
stream (column and row selection, best points and profile likelihoods chunk by chunk).

Observable families are registered in :mod:`leptoforce.scenarios.registry` (``register_family`` is
re-exported here for plugin modules).
"""
from ..scenarios.registry import families, register_family
from .config import Parameter, ScanConfig, load_config
from .engine import evaluate_chunk, read_manifest, run_scan
from .results import best_points, column_stats, iter_results, load_results, profile_2d, summarize

__all__ = ["Parameter", "ScanConfig", "load_config", "run_scan", "load_results", "read_manifest",
           "evaluate_chunk", "best_points", "register_family", "families", "iter_results", "profile_2d",
           "column_stats", "summarize"]
