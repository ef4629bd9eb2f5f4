"""All speed targets of issue 23 in one table: each kernel, leptoforce, a comparator measured in the same run, the
ratio, the goal and whether it is met, with the machine's load before and after.

Run from the repository root (one core for the numerical kernels: BLAS threads pinned to 1):

    python benchmarks/run_all.py                 # every kernel except the full reproduction
    python benchmarks/run_all.py --reproduce     # also `leptoforce reproduce all` at default resolution (~10 min)
    python benchmarks/run_all.py --json out.json # the rows as JSON as well

Comparators: scipy's Radau with a Python right-hand side on the same equations (N_eff), scipy's adaptive quadrature
of the same reaction density (freeze-in), hazma 2.2's Boltzmann solver (freeze-out; ``pip install ".[bench]"``),
Numerov for every partial wave (identical fermions), ``python -c pass`` and ``import numpy`` (start-up). LINX (the
JAX BBN code) is not on PyPI (the ``linx`` there is an unrelated file uploader) and primat is Mathematica: no N_eff
comparator outside leptoforce is installable here, so the N_eff rows compare with leptoforce's own Radau form.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _timing import best_time  # noqa: E402

ROWS: list[dict] = []


def row(kernel, ours_s, comparator, comp_s, goal_s, *, unit="s", note="", higher_is_better=False):
    """Record one line: times in seconds (or a rate when ``unit`` is a rate); the goal is a bound on ``ours``."""
    if ours_s is None:
        met = "—"
    elif higher_is_better:
        met = "yes" if ours_s >= goal_s else "no"
    else:
        met = "yes" if ours_s <= goal_s else "no"
    if comp_s is None or ours_s is None:
        ratio = None
    else:
        ratio = ours_s / comp_s if higher_is_better else comp_s / ours_s
    ROWS.append(dict(kernel=kernel, ours=ours_s, comparator=comparator, comparator_value=comp_s, ratio=ratio,
                     goal=goal_s, unit=unit, met=met, note=note, higher_is_better=higher_is_better))


def _fmt(v, unit):
    if v is None:
        return "—"
    if unit != "s":
        return f"{v:,.0f} {unit}"
    return f"{v * 1e3:.1f} ms" if v < 1 else f"{v:.2f} s"


def _sub(code: str, env=None, repeat=5) -> float:
    """Best wall time of a fresh interpreter running ``code``."""
    best = math.inf
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env=env, capture_output=True)
        best = min(best, time.perf_counter() - t)
    return best


def bench_startup():
    base = _sub("pass")
    t_np = _sub("import numpy")
    t_lf = _sub("import leptoforce")
    exe = Path(sys.executable).with_name("leptoforce")
    best = math.inf
    for _ in range(5):
        t = time.perf_counter()
        subprocess.run([str(exe), "--help"], check=True, capture_output=True)
        best = min(best, time.perf_counter() - t)
    row("`import leptoforce` (fresh process)", t_lf, "`import numpy`", t_np, 0.3,
        note=f"bare interpreter {base * 1e3:.0f} ms")
    row("`leptoforce --help` (fresh process)", best, "`python -c pass`", base, 0.4)


_JIT_CODE = """
import time
t0 = time.perf_counter()
import numpy as np
from leptoforce import units as u
from leptoforce.thermal import neff, sterile_rates
from leptoforce.thermal.freezeout import relic_abundance_batch
from leptoforce.sidm.partial_waves import phase_shifts, cross_sections_from_phases
neff._kernel_tables(False)
t1 = time.perf_counter()
neff.neff_three_bath(10 * u.MeV, 1e-20)
sterile_rates.potential_v(np.array([1e-3]), np.array([1e-2]), 0.1)
relic_abundance_batch(np.array([1.0]), 1e-8)
d = phase_shifts(0.1, 2.0).delta
cross_sections_from_phases(d, "fermion")
from leptoforce.thermal.annihilation import DiracZPrimeAnnihilation
DiracZPrimeAnnihilation("Le-Lmu").omega_h2(np.array([1500.0]), np.array([3500.0]), np.array([0.3]), np.array([1.0]))
elapsed = time.perf_counter() - t1
from leptoforce.thermal import _kernels as tk, _neff_kernel as nk, _annihilation_kernel as ak
from leptoforce.sidm import _kernels as sk
fns = [getattr(m, n) for m in (tk, nk, sk, ak) for n in dir(m) if hasattr(getattr(m, n), "stats")]
fns.append(sterile_rates._potential_kernel)
misses = sum(sum(f.stats.cache_misses.values()) for f in fns)
hits = sum(sum(f.stats.cache_hits.values()) for f in fns)
print(misses, hits, elapsed)
"""


def bench_jit():
    def run(env):
        out = subprocess.run([sys.executable, "-c", _JIT_CODE], env=env, check=True, capture_output=True, text=True)
        misses, hits, elapsed = out.stdout.split()[-3:]
        return int(misses), int(hits), float(elapsed)
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, NUMBA_CACHE_DIR=cache)
        m1, h1, first = run(env)
        m2, h2, second = run(env)
    # the same calls once compiled in this process: what is left is the work itself
    warm = {}
    code = _JIT_CODE.split("elapsed = ")[0] + "out['t'] = time.perf_counter() - t1\n"
    exec(compile(code, "<jit>", "exec"), {"out": warm})
    exec(compile(code, "<warm>", "exec"), {"out": warm})
    row("first-process JIT compile, all kernels (fresh cache folder)", max(first - warm["t"], 0.0), "—", None, 3.0,
        note=f"{m1} kernels compiled, {h1} from cache; the calls take {warm['t'] * 1e3:.0f} ms once compiled")
    row("second process, same cache folder: kernels compiled", float(m2), "—", None, 0.0, unit="kernels",
        note=f"{h2} loaded from the cache in {max(second - warm['t'], 0.0) * 1e3:.0f} ms (a read-only install "
             "keeps its cache in the user's cache folder)")


def bench_neff():
    from leptoforce import units as u
    from leptoforce.thermal import neff
    m = 10 * u.MeV
    g = neff.gamma_zp_ee(m, 7.2e-6)
    neff.neff_three_bath(m, g)
    t_c, r_c = best_time(lambda: neff.neff_three_bath(m, g), 5)
    t_r, r_r = best_time(lambda: neff.neff_three_bath(m, g, method="radau"), 1)
    row("three-bath N_eff, one point (10 MeV, loop eps)", t_c, "scipy Radau, Python RHS (same equations)", t_r, 0.020,
        note=f"N_eff {r_c.neff:.6f} vs {r_r.neff:.6f}")
    t_b, mb = best_time(lambda: neff.neff_mass_bound(7.2e-6), 2)
    import leptoforce.thermal.neff as N
    orig = N.neff_three_bath
    N.neff_three_bath = lambda *a, **k: orig(*a, **{**k, "method": "radau"})
    try:
        t_br, mbr = best_time(lambda: neff.neff_mass_bound(7.2e-6), 1)
    finally:
        N.neff_three_bath = orig
    row("`neff_mass_bound` (N_eff < 3.5, loop eps)", t_b, "the same search on the Radau form", t_br, 1.0,
        note=f"{mb / u.MeV:.3f} vs {mbr / u.MeV:.3f} MeV")


def bench_freezein():
    from leptoforce import units as u
    from leptoforce.model import ZPrime
    from leptoforce.thermal.rhn import RHNSystem
    for label, (mz, mn, g) in (("off the hadronic window (M_Z' = 10 GeV, M_N1 = 2 GeV)", (10.0, 2.0, 5e-12)),
                               ("M_Z' = 1 GeV, inside the R-ratio window (5 MeV nodes)", (1.0, 0.2, 5e-12))):
        s = RHNSystem(ZPrime(mz * u.GeV, g, "B-L", rhn_masses=(mn * u.GeV,), loop_mixing=False))
        s.freezein_omega_h2()
        t, om = best_time(s.freezein_omega_h2, 3)
        tq, omq = best_time(lambda: s.freezein_omega_h2(method="quad"), 1)
        row(f"freeze-in Omega h^2 (seed 004), one point after tables, {label}", t,
            "adaptive scipy quadrature of the same densities", tq, 0.050, note=f"Omega {om:.5g} vs {omq:.5g}")


def bench_freezeout():
    import bench_relic as br
    rng = np.random.default_rng(7)
    ms = rng.uniform(0.012, 0.045, 4000)          # below the V pole (2 m < M_V), off resonance
    br.lf_batch(ms[:50])
    t, om = best_time(lambda: br.lf_batch(ms), 2)
    rate = ms.size / t
    hz, _, why = br.hazma_value(br.M_CHI)
    comp = None if hz is None or hz[0] is None else 1.0 / hz[1]
    row("batched freeze-out, thermally averaged sigma(s), per core", rate,
        "hazma 2.2 `relic_density` (Boltzmann ODE), one point at a time" if comp else f"hazma: {why or 'failed'}",
        comp, 8000.0, unit="points/s", higher_is_better=True,
        note="Dirac chi, vector of 100 MeV, eps = 1e-3 (benchmarks/bench_relic.py)")
    from leptoforce import units as u
    from leptoforce.thermal.annihilation import DiracZPrimeAnnihilation
    ann = DiracZPrimeAnnihilation("Le-Lmu")
    m = 10 ** rng.uniform(2, 3.5, 2048) * u.GeV
    mz = m * 10 ** rng.uniform(np.log10(2.3), np.log10(4), m.size)
    gg = 10 ** rng.uniform(-1, 0, m.size)
    ann.omega_h2(m[:8], mz[:8], gg[:8], np.ones(8), n_steps=800)
    t2, _ = best_time(lambda: ann.omega_h2(m, mz, gg, np.ones(m.size), n_steps=800), 2)
    row("batched freeze-out, seed 000's Dirac psi through a TeV Z' (all channels), per core", m.size / t2, "—", None,
        8000.0, unit="points/s", higher_is_better=True, note="`DiracZPrimeAnnihilation.omega_h2`, 800 steps")
    # seed 000's scan region at 400 steps (the fewest that converge to rtol 1e-2 at every point of this sample)
    steps = 400
    m3 = rng.uniform(1000, 2000, 2048) * u.GeV
    mz3 = rng.uniform(1500, 3500, m3.size) * u.GeV
    g3 = 10 ** rng.uniform(-1, 0, m3.size)
    ann.omega_h2(m3[:8], mz3[:8], g3[:8], np.ones(8), n_steps=steps)
    t3, _ = best_time(lambda: ann.omega_h2(m3, mz3, g3, np.ones(m3.size), n_steps=steps), 2)
    row(f"batched freeze-out over seed 000's scan region, {steps} steps, per core", m3.size / t3, "—",
        None, 8000.0, unit="points/s", higher_is_better=True,
        note="m_psi 1-2 TeV, m_Z' 1.5-3.5 TeV (the pole inside), g 0.1-1")


def bench_sidm():
    from dataclasses import replace
    from leptoforce import units as u
    from leptoforce.settings import DEFAULT
    from leptoforce.sidm import Yukawa
    from leptoforce.sidm.averages import maxwell_average
    y = Yukawa(100 * u.GeV, 1 * u.MeV, 0.05, statistics="fermion")
    v = 1000 * u.km / u.s
    y.cross_sections(v, "partial-waves")
    t, cs = best_time(lambda: y.cross_sections(v, "partial-waves"), 3)
    off = replace(DEFAULT, sidm_wkb_l=DEFAULT.sidm_l_cap)
    t0, cs0 = best_time(lambda: y.cross_sections(v, "partial-waves", settings=off), 1)
    row("identical fermions, classical regime (ab = 167), one velocity", t, "Numerov for every partial wave", t0, 0.5,
        note=f"sigma_T {cs.sigma_T:.6e} vs {cs0.sigma_T:.6e} GeV^-2 ({cs.sigma_T / cs0.sigma_T - 1:+.1e})")
    yr = Yukawa(10 * u.GeV, 10 * u.MeV, 8.6e-4, statistics="fermion")
    yd = Yukawa(10 * u.GeV, 10 * u.MeV, 8.6e-4)
    maxwell_average(yr, 50 * u.km / u.s)
    t1, av = best_time(lambda: maxwell_average(yr, 50 * u.km / u.s), 3)
    t2, _ = best_time(lambda: maxwell_average(yd, 50 * u.km / u.s), 3)
    row("identical-fermion Maxwell average (resonant point, <v> = 50 km/s)", t1, "the same for distinguishable particles",
        t2, 0.1, note=f"<sigma v>/m = {av.sigma_v_over_m:.4g} cm^2/g km/s, {av.n_nodes} velocities")


def bench_bounds():
    from leptoforce import units as u
    from leptoforce.experiments.bounds import bounds_at
    bounds_at("B-L", 10 * u.MeV, include_missing=False)
    t, _ = best_time(lambda: bounds_at("B-L", 12 * u.MeV, include_missing=False), 3)
    row("`bounds_at` B-L at 12 MeV (every computed, tabulated and recast bound)", t, "—", None, 1.0)


def bench_reproduce():
    with tempfile.TemporaryDirectory() as out:
        t = time.perf_counter()
        subprocess.run([str(Path(sys.executable).with_name("leptoforce")), "reproduce", "all", "--out", out, "-q"],
                       check=True)
        row("`leptoforce reproduce all`, default resolution (2 cores)", time.perf_counter() - t, "—", None, 600.0)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reproduce", action="store_true", help="also time `leptoforce reproduce all` (default resolution)")
    ap.add_argument("--json", help="write the rows to this JSON file too")
    args = ap.parse_args(argv)
    load0 = os.getloadavg()
    t0 = time.perf_counter()
    for fn in (bench_startup, bench_jit, bench_neff, bench_freezein, bench_freezeout, bench_sidm, bench_bounds):
        fn()
    if args.reproduce:
        bench_reproduce()
    load1 = os.getloadavg()
    print(f"machine: {os.cpu_count()} cores, load average {load0[0]:.2f} before, {load1[0]:.2f} after "
          f"({time.perf_counter() - t0:.0f} s); BLAS threads pinned to 1\n")
    print("| kernel | leptoforce | comparator | comparator | ratio | goal | met | note |")
    print("|---|---|---|---|---|---|---|---|")
    for r in ROWS:
        goal = ("≥ " if r["higher_is_better"] else "≤ ") + _fmt(r["goal"], r["unit"])
        ratio = "—" if r["ratio"] is None else f"{r['ratio']:.3g}×"
        print(f"| {r['kernel']} | {_fmt(r['ours'], r['unit'])} | {r['comparator']} | "
              f"{_fmt(r['comparator_value'], r['unit'])} | {ratio} | {goal} | {r['met']} | {r['note']} |")
    if args.json:
        Path(args.json).write_text(json.dumps({"load": [load0, load1], "rows": ROWS}, indent=1))


if __name__ == "__main__":
    main()
