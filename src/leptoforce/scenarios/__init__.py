"""Scenarios: the observable registry and the per-paper models and scan families built on the engines.

:mod:`.registry` names every observable (unit, citation, function) and every scan family (parameters with
their dimensions, options, observables); :mod:`.zprime` defines the Z' observables once (the ``zprime``
family and ``leptoforce zprime --json``); :mod:`.pseudo_dirac`, :mod:`.rhn`, :mod:`.sterile` and
:mod:`.dampe_emu` are the seed models and their families. This layer sits above the physics engines
(``lab``, ``thermal``, ``sidm``, ``astro``, ``experiments``, ``inference``) and below ``scan``, the
analyses and the command line.
"""
from .registry import (BUILTIN_FAMILIES, Family, Observable, families, family, observable, observables,
                       register_family, register_observable)

__all__ = ["Observable", "Family", "register_observable", "observable", "observables", "register_family", "family",
           "families", "BUILTIN_FAMILIES"]
