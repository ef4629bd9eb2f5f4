"""Fuzz the public API against the contract of issue 19 (see :mod:`tests.fuzz.contract`).

Every case is called once as given (the result must be finite or a documented error), then with
every bad value of each parameter's role (each must raise a documented error naming the parameter),
then with the odd-but-valid values (finite or documented error). Each call runs under a timeout.
"""
import pytest

from .cases import cases
from .contract import BAD, ODD, run_case

CASES = cases()
#: public functions whose results document +inf ("no bound", open interval ends, untruncated halos, empty cells)
INF_OK = {"numerics.lowest_excluded", "numerics.excluded_intervals", "nue.borexino_bound", "xenonnt_bound.xenonnt_bound", "reactor.texono_bound",
          "limits.recast_bound", "bounds.bounds_at", "bounds.envelope_g_max", "NFW", "leptoforce.astro.halo.milky_way_nfw",
          "Limit.coupling_window", "terms.profile_2d", "g2.g2_g_max", "g2.g_max_from_unit_delta_a",
          "stellar.white_dwarf_g_max", "trident.ccfr_g_max", "nuphilic.higgs_invisible_lambda_max",
          "nuphilic.w_width_lambda_max", "nuphilic.z_invisible_lambda_max", "nuphilic.meson_lambda_max",
          "halo.subhalo", "thermal.bounds.neff_excluded", "trident.trident_g_max", "atlas.envelope", "atlas.atlas",
          "atlas.limit_layers"}
for _c in CASES:
    _c.inf_ok = _c.name in INF_OK


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_public_function_keeps_the_contract(case):
    problems = []
    if case.base:
        p = run_case(case)
        if p:
            problems.append(f"valid call: {p}")
    for param, role in case.roles.items():
        for value in BAD[role]:
            p = run_case(case, {param: value}, must_raise_for=param)
            if p:
                problems.append(f"{param}={value!r}: {p}")
        for value in ODD.get(role, ()):
            p = run_case(case, {param: value})
            if p:
                problems.append(f"{param}={value!r} (valid): {p}")
    assert not problems, f"{case.name}:\n  " + "\n  ".join(problems)


def test_the_table_covers_the_public_api():
    """Every public function and class of the physics packages appears in the case table."""
    import importlib
    import inspect
    import pkgutil

    import leptoforce

    covered = ({c.name.split("(")[0].split(".")[-1] for c in CASES} | {c.name.split(".")[0] for c in CASES}
               | {getattr(c.func, "__name__", "") for c in CASES})
    exempt = {  # results, containers and helpers that take no user input of their own
        "FreezeOutResult", "NeffResult", "BorexinoBound", "TexonoBound", "XenonntBound", "CrossSections", "PhaseShifts",
        "VelocityAverage", "SterileResult", "BackgroundFit", "DampeData", "XenonData", "Scenario1Fit", "EffectiveFit",
        "MediatorScan", "BoundResult", "Constant", "Limit", "LimitError", "Item", "Context", "ApproximationWarning",
        "ComputedBound", "Partners", "ProductionGrid", "SterileProduction", "Progress", "Parameter", "ScanConfig",
        "LikelihoodSettings", "DampeEmuLikelihood", "SignalTemplates", "DampeLikelihood", "SolarNuRecoil",
        "XenonLikelihood", "RHNSystem", "DiracZPrimeAnnihilation", "track", "step", "logger", "last_activity", "touch", "Observable", "Family",
        "register_observable", "register_family", "families_registered", "merged", "Input", "InputSet", "Atlas", "Layer",
    }
    missing = []
    for mi in pkgutil.walk_packages(leptoforce.__path__, "leptoforce."):
        if any(p in mi.name for p in (".data.", "analyses", "scan", "cli", "_jit", "plotting", "bound_registry", "__main__",
                                              "scenarios.registry",
                                              "validate")):
            continue
        mod = importlib.import_module(mi.name)
        for nm in getattr(mod, "__all__", ()):
            o = getattr(mod, nm)
            if not (inspect.isfunction(o) or inspect.isclass(o)) or getattr(o, "__module__", "") != mod.__name__:
                continue
            if inspect.isclass(o) and issubclass(o, Exception):
                continue
            if nm not in covered and nm not in exempt:
                missing.append(f"{mi.name}.{nm}")
    assert not missing, "public API without a fuzz case: " + ", ".join(missing)
