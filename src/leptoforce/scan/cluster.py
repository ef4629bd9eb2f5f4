"""Dask clusters from a recipe file: a local cluster or a batch cluster through dask-jobqueue.

A recipe is a small TOML file (examples for SLURM, HTCondor and PBS in ``docs/cluster/``)::

    [cluster]
    kind = "slurm"                 # local, slurm, htcondor, pbs, sge, lsf, oar, moab
    cores = 16                     # the remaining keys go to dask_jobqueue.SLURMCluster unchanged
    memory = "64GB"
    processes = 16
    walltime = "04:00:00"
    queue = "regular"
    job_extra_directives = ["--account=myproject"]

    [scale]
    jobs = 10                      # a fixed size ...
    # or adaptive scaling:
    # minimum_jobs = 1
    # maximum_jobs = 50

:func:`open_cluster` builds the cluster, scales it, and yields a ``distributed.Client`` that
:func:`leptoforce.scan.run_scan` takes as its executor (``leptoforce scan CONFIG --out DIR --cluster
recipe.toml``). A batch cluster starts workers as jobs; a killed or pre-empted job is a dead worker, whose
chunk the scheduler reschedules, and whatever is lost with the scheduler itself is redone by running the
same command again (the scan resumes from its journal).
"""
from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from ..errors import InvalidInputError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["load_recipe", "check_recipe", "make_cluster", "open_cluster", "job_script", "in_flight_hint", "KINDS"]

#: recipe kind -> dask_jobqueue class name ("local" is distributed.LocalCluster)
KINDS = {"local": "LocalCluster", "slurm": "SLURMCluster", "htcondor": "HTCondorCluster", "pbs": "PBSCluster",
         "sge": "SGECluster", "lsf": "LSFCluster", "oar": "OARCluster", "moab": "MoabCluster"}
_SCALE_KEYS = {"jobs", "workers", "minimum_jobs", "maximum_jobs", "minimum", "maximum"}


def load_recipe(path: str | Path) -> dict:
    """Read and check a cluster recipe (module doc); returns {"kind", "options", "scale"}."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text())
    except FileNotFoundError:
        raise InvalidInputError(f"--cluster={str(path)!r}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInputError(f"--cluster={str(path)!r}: cannot read it ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInputError(f"--cluster={str(path)!r} is not valid TOML ({exc})") from None
    return check_recipe(raw, str(path))


def check_recipe(raw: dict, where: str = "recipe") -> dict:
    from ..validate import integer, suggest
    for k in raw:
        if k not in ("cluster", "scale"):
            raise InvalidInputError(f"{where}: unknown section {k!r}{suggest(k, ['cluster', 'scale'])}; allowed: "
                                    "cluster, scale")
    cl = dict(raw.get("cluster") or {})
    kind = cl.pop("kind", None)
    if kind not in KINDS:
        raise InvalidInputError(f"{where}: cluster.kind={kind!r}{suggest(str(kind), list(KINDS))}; allowed: "
                                f"{', '.join(KINDS)}")
    scale = dict(raw.get("scale") or {})
    for k, v in scale.items():
        if k not in _SCALE_KEYS:
            raise InvalidInputError(f"{where}: unknown key scale.{k}{suggest(k, sorted(_SCALE_KEYS))}; allowed: "
                                    f"{', '.join(sorted(_SCALE_KEYS))}")
        scale[k] = integer(f"{where}: scale.{k}", v, minimum=0)
    fixed = {"jobs", "workers"} & set(scale)
    adaptive = {"minimum_jobs", "maximum_jobs", "minimum", "maximum"} & set(scale)
    if fixed and adaptive:
        raise InvalidInputError(f"{where}: scale takes either a fixed size (jobs/workers) or adaptive bounds "
                                "(minimum_jobs/maximum_jobs), not both")
    return {"kind": kind, "options": cl, "scale": scale}


def make_cluster(recipe: dict):
    """Build (but do not scale) the cluster of a checked recipe."""
    kind, opts = recipe["kind"], dict(recipe["options"])
    if kind == "local":
        from distributed import LocalCluster
        opts.setdefault("dashboard_address", None)
        opts.setdefault("n_workers", 0)
        cls = LocalCluster
    else:
        try:
            import dask_jobqueue
        except ImportError:
            raise InvalidInputError(f"cluster.kind={kind!r} needs dask-jobqueue: pip install "
                                    "'leptoforce[cluster]'") from None
        cls = getattr(dask_jobqueue, KINDS[kind])
    try:
        return cls(**opts)
    except (TypeError, ValueError, RuntimeError, OSError) as exc:
        msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InvalidInputError(f"cluster options for {KINDS[kind]}: {msg}") from None


def job_script(recipe: dict | str | Path, scheduler: str = "tcp://SCHEDULER:8786") -> str:
    """The batch script one job of a (non-local) recipe would submit, rendered without starting anything
    (to check a recipe before a run: ``leptoforce scan ... --cluster R --dry-run`` prints it)."""
    if not isinstance(recipe, dict):
        recipe = load_recipe(recipe)
    if recipe["kind"] == "local":
        raise InvalidInputError("a local cluster submits no job script")
    try:
        import dask_jobqueue
    except ImportError:
        raise InvalidInputError(f"cluster.kind={recipe['kind']!r} needs dask-jobqueue: pip install "
                                "'leptoforce[cluster]'") from None
    job_cls = getattr(dask_jobqueue, KINDS[recipe["kind"]]).job_cls
    try:
        return job_cls(scheduler=scheduler, name="leptoforce-worker", **recipe["options"]).job_script()
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(f"cluster options for {KINDS[recipe['kind']]}: {exc}") from None


def scale_cluster(cluster, scale: dict) -> None:
    if "jobs" in scale or "workers" in scale:
        if "jobs" in scale and hasattr(cluster, "job_script"):
            cluster.scale(jobs=scale["jobs"])
        else:
            cluster.scale(scale.get("workers", scale.get("jobs")))
    elif scale:
        if hasattr(cluster, "job_script"):
            cluster.adapt(minimum_jobs=scale.get("minimum_jobs", scale.get("minimum", 0)),
                          maximum_jobs=scale.get("maximum_jobs", scale.get("maximum", 1)))
        else:
            cluster.adapt(minimum=scale.get("minimum", scale.get("minimum_jobs", 0)),
                          maximum=scale.get("maximum", scale.get("maximum_jobs", 1)))


def in_flight_hint(recipe: dict) -> int | None:
    """Chunks to keep queued on an adaptive cluster so that it sees work to grow for: 4 per worker of its
    largest size (maximum jobs x processes per job); None for a fixed-size cluster."""
    biggest = max([v for k, v in recipe["scale"].items() if k.startswith("max")] or [0])
    return 4 * biggest * int(recipe["options"].get("processes", 1) or 1) or None


@contextlib.contextmanager
def open_cluster(recipe: dict | str | Path):
    """Context manager: the cluster of a recipe (dict or file), scaled, and a Client connected to it."""
    from distributed import Client
    if not isinstance(recipe, dict):
        recipe = load_recipe(recipe)
    elif "options" not in recipe:
        recipe = check_recipe(recipe)
    cluster = make_cluster(recipe)
    try:
        scale_cluster(cluster, recipe["scale"])
        with Client(cluster) as client:
            yield client
    finally:
        cluster.close()
