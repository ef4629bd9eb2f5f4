"""SIDM cross-section speed and values: leptoforce vs sidmkit (issue 3 benchmarks).

Same points in both codes: distinguishable particles in an attractive Yukawa potential (sidmkit's
partial-wave mode handles only that case), in the Born, resonant and classical regimes; then the
identical-fermion (seed 001) cross section leptoforce uses, a Maxwell average, and optionally a
whole seed 001 Fig. 2 plane through the scan engine. Run:

    pip install sidmkit            # optional comparator (pip install '.[bench]')
    python benchmarks/bench_sidm.py [--plane N]

Printed: a table of time per point and the values side by side, with the ratios.
"""
from __future__ import annotations

import argparse
import math
import tempfile
import time
import warnings

from _timing import best_time
from leptoforce import units as u
from leptoforce.sidm import Yukawa, maxwell_average

KMS = u.km / u.s
CM2G = u.cm**2 / u.g

# (label, m_chi [GeV], m_phi [GeV], alpha, v [km/s])
POINTS = [
    ("Born", 10.0, 0.01, 1e-6, 200.0),
    ("resonant", 10.0, 0.01, 8.6e-4, 30.0),
    ("resonant, ab~1", 20.0, 0.02, 1.9e-3, 500.0),
    ("classical", 100.0, 1e-3, 0.05, 1000.0),
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--plane", type=int, default=0, help="also time a seed 001 Fig. 2 plane of N x N points")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    try:
        from sidmkit.cross_sections import sigma_over_m as sk_sigma_over_m
        from sidmkit.averaging import average_sigma_over_m as sk_avg
        from sidmkit.model import PotentialType, YukawaModel
        have_sk = True
    except ImportError:
        have_sk = False
        print("sidmkit not installed: leptoforce columns only (pip install sidmkit)")
    # warm-up (numba compilation is cached on disk; the first call in a process loads it)
    Yukawa(10.0, 0.01, 1e-3).sigma_T(30 * KMS, method="partial-waves")

    rows = []
    for label, m, mphi, alpha, v in POINTS:
        yk = Yukawa(m, mphi, alpha)
        r = yk.regime(v * KMS)
        t_auto, s_auto = best_time(lambda: yk.sigma_T_over_m(v * KMS))
        t_pw, s_pw = best_time(lambda: yk.sigma_T_over_m(v * KMS, method="partial-waves"), repeat=1 if r["ab"] > 30 else 3)
        yf = Yukawa(m, mphi, alpha, statistics="fermion")
        t_f, s_f = best_time(lambda: yf.sigma_T_over_m(v * KMS), repeat=1 if r["ab"] > 30 else 3)
        row = dict(label=label, ab=r["ab"], b=r["b"], method=yk.choose_method(v * KMS), t_auto=t_auto, s_auto=s_auto,
                   t_pw=t_pw, s_pw=s_pw, t_f=t_f, s_f=s_f)
        if have_sk:
            model = YukawaModel(m_chi_gev=m, m_med_gev=mphi, alpha=alpha, potential=PotentialType.ATTRACTIVE)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                row["t_sk_auto"], row["s_sk_auto"] = best_time(lambda: float(sk_sigma_over_m(v, model)))
                if r["ab"] < 30:
                    row["t_sk_pw"], row["s_sk_pw"] = best_time(
                        lambda: float(sk_sigma_over_m(v, model, method="partial_wave")), repeat=1)
        rows.append(row)

    print("\nsigma_T/m [cm^2/g] per point (distinguishable, attractive) and time per point")
    hdr = (f"{'regime':16s} {'ab':>7s} {'b':>7s} {'lf auto':>10s} {'ms':>7s} {'lf pw':>10s} {'ms':>8s} "
           f"{'sk auto':>10s} {'ms':>7s} {'sk pw':>10s} {'ms':>8s} {'speed-up pw':>11s} {'lf/sk pw':>9s} "
           f"{'lf fermion':>10s} {'ms':>7s}")
    print(hdr)
    for r in rows:
        sk_a = f"{r['s_sk_auto']:10.4g} {r['t_sk_auto'] * 1e3:7.2f}" if "s_sk_auto" in r else f"{'-':>10s} {'-':>7s}"
        sk_p = f"{r['s_sk_pw']:10.4g} {r['t_sk_pw'] * 1e3:8.1f}" if "s_sk_pw" in r else f"{'-':>10s} {'-':>8s}"
        sp = f"{r['t_sk_pw'] / r['t_pw']:11.0f}" if "t_sk_pw" in r else f"{'-':>11s}"
        ra = f"{r['s_pw'] / r['s_sk_pw']:9.4f}" if "s_sk_pw" in r else f"{'-':>9s}"
        print(f"{r['label']:16s} {r['ab']:7.3g} {r['b']:7.3g} {r['s_auto']:10.4g} {r['t_auto'] * 1e3:7.2f} "
              f"{r['s_pw']:10.4g} {r['t_pw'] * 1e3:8.1f} {sk_a} {sk_p} {sp} {ra} {r['s_f']:10.4g} {r['t_f'] * 1e3:7.2f}")
    print("(lf auto method per row: " + ", ".join(f"{r['label']}: {r['method']}" for r in rows) + ")")

    # Maxwell average at <v> = 50 km/s (sigma_0 = 50 sqrt(pi)/4 km/s)
    yk = Yukawa(10.0, 0.01, 8.6e-4)
    t_av, av = best_time(lambda: maxwell_average(yk, v_mean=50 * KMS), repeat=2)
    yf = Yukawa(10.0, 0.01, 8.6e-4, statistics="fermion")
    t_avf, avf = best_time(lambda: maxwell_average(yf, v_mean=50 * KMS), repeat=2)
    print("\nMaxwell average <sigma_T>/m at <v> = 50 km/s (resonant point)")
    print(f"  leptoforce distinguishable: {av.sigma_over_m:.5g} cm^2/g in {t_av * 1e3:.0f} ms ({av.n_nodes} nodes)")
    print(f"  leptoforce identical fermions: {avf.sigma_over_m:.5g} cm^2/g in {t_avf * 1e3:.0f} ms")
    if have_sk:
        model = YukawaModel(m_chi_gev=10.0, m_med_gev=0.01, alpha=8.6e-4, potential=PotentialType.ATTRACTIVE)
        s0 = 50 * math.sqrt(math.pi) / 4
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t_ska, ska = best_time(lambda: sk_avg(model, s0, 0.0).value, repeat=2)
            t_skp, skp = best_time(lambda: sk_avg(model, s0, 0.0, method="partial_wave", n_laguerre=16).value, repeat=1)
        print(f"  sidmkit auto (Hulthen s-wave): {ska:.5g} cm^2/g in {t_ska * 1e3:.0f} ms")
        print(f"  sidmkit partial waves (16 Laguerre nodes): {skp:.5g} cm^2/g in {t_skp * 1e3:.0f} ms "
              f"(x{t_skp / t_av:.0f} slower than leptoforce's adaptive 96+ nodes)")

    if args.plane:
        from leptoforce.scan.config import ScanConfig
        from leptoforce.scan.engine import run_scan
        n = args.plane
        cfg = ScanConfig.from_dict({
            "model": {"kind": "sidm-pseudo-dirac", "m_zprime": 0.01, "g": 5e-4, "relic": "xf20"},
            "parameters": {"m_phi": {"min": 1e-3, "max": 0.1, "prior": "log", "n": n},
                           "M1": {"min": 3.0, "max": 100.0, "prior": "log", "n": n}},
            "compute": {"observables": ["y", "delta_M_GeV", "sigmaT_over_m:30", "sigmaT_over_m:200",
                                        "sigmaT_over_m:1000"]},
            "run": {"chunk_size": max(8, n * n // 32)}})
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            run_scan(cfg, tmp, workers=args.workers, progress=False)
            dt = time.perf_counter() - t
        print(f"\nFig. 2 plane (10 MeV, 5e-4), {n} x {n} points x 3 velocities, {args.workers} workers: {dt:.1f} s "
              f"({dt / (n * n) * 1e3:.1f} ms per point)")


if __name__ == "__main__":
    main()
