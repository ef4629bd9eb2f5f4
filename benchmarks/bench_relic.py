"""Relic-abundance speed and values: leptoforce vs plain scipy solve_ivp vs hazma (issue 7 benchmarks).

Model both can express: a Dirac fermion chi (mass m) annihilating through an s-channel vector V
(mass M_V, coupling g_chi to chi, kinetic mixing eps e to electrons) into e+ e-; chi chi_bar -> V V
is closed (M_V > m). Run:  python benchmarks/bench_relic.py   (hazma is used if installed:
pip install hazma; its units are MeV).

Printed: a table of time per Omega h^2 point and throughput, and the Omega h^2 values side by side;
then the constant-<sigma v> comparison with the literature (Steigman, Dasgupta & Beacom 2012 and
hazma's two modes) across 10 MeV - 10 TeV, with the g_* table each one uses.
"""
from __future__ import annotations

import contextlib
import math
import sys
import time

import numpy as np
from scipy import integrate, special

from _timing import best_time
from leptoforce import constants as C
from leptoforce.thermal import thermo
from leptoforce.thermal.averages import Resonance, sigma_v_thermal, sigma_v_thermal_nodes
from leptoforce.thermal.freezeout import relic_abundance, relic_abundance_batch, s0, rho_crit_over_h2

M_CHI, M_V, G_CHI, EPS = 0.030, 0.100, 1.0, 1e-3     # GeV; off resonance (2 m < M_V, narrow V)


def width_v(E, coupling, mf):
    """V -> f f_bar width [GeV] at mass E for a vector coupling (Dirac pair)."""
    E = np.asarray(E, float)
    r = np.clip(mf * mf / (E * E), 0, 0.25)
    return np.where(E > 2 * mf, coupling**2 * E * (1 + 2 * r) * np.sqrt(1 - 4 * r) / (12 * math.pi), 0.0)


def sigma(s, m=M_CHI, mv=M_V):
    """sigma(chi chi_bar -> e+ e-) [GeV^-2] spin-averaged: 12 pi s G_chi G_e/((s - 4m^2)((s - M^2)^2 + M^2 G^2))."""
    s = np.asarray(s, float)
    E = np.sqrt(s)
    gam = width_v(mv, G_CHI, m) + width_v(mv, EPS * C.e, C.m_e)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = 12 * math.pi * s * width_v(E, G_CHI, m) * width_v(E, EPS * C.e, C.m_e) / (
            (s - 4 * m * m) * ((s - mv * mv) ** 2 + (mv * gam) ** 2))
    return np.where(s > 4 * m * m, out, 0.0)


def lf_radau(m):
    res = [Resonance(M_V, float(width_v(M_V, G_CHI, m) + width_v(M_V, EPS * C.e, C.m_e)))]
    sv = lambda x: sigma_v_thermal(lambda s: float(sigma(s, m)), m, m / x, resonances=res)   # noqa: E731
    return relic_abundance(m, sv, g=2.0, self_conjugate=False).omega_h2


def lf_batch(ms):
    """Batch solver; <sigma v>(x) tabulated on 48 x nodes per point by the vectorised GG average."""
    ms = np.asarray(ms, float)
    xs = np.geomspace(3.0, 2000.0, 48)
    tab = np.log(sigma_v_thermal_nodes(sigma, ms[None, :], xs[:, None]))        # (48, N)
    lx = np.log(xs)

    def sv(x, m):   # linear interpolation in ln x, vectorised over points
        t = np.clip((np.log(x) - lx[0]) / (lx[1] - lx[0]), 0, len(lx) - 1.000001)
        i = t.astype(int)
        f = t - i
        cols = np.arange(x.shape[1])[None, :]
        return np.exp(tab[i, cols] * (1 - f) + tab[i + 1, cols] * f)
    return relic_abundance_batch(ms, sv, g=2.0, self_conjugate=False).omega_h2


def plain_scipy(m):
    """What one writes without a toolkit: Y(x) with solve_ivp, g_* and <sigma v> evaluated in every RHS call."""
    res = [Resonance(M_V, float(width_v(M_V, G_CHI, m) + width_v(M_V, EPS * C.e, C.m_e)))]

    def rhs(x, Y):
        T = m / x
        sv = sigma_v_thermal(lambda s: float(sigma(s, m)), m, T, resonances=res)
        s_ent = thermo.entropy_density(T)
        Yeq = 2 * m * m * T * special.kn(2, x) / (2 * math.pi**2) / s_ent
        return [-s_ent * sv / (x * thermo.hubble(T)) * (Y[0] ** 2 - Yeq**2) * (1 + thermo.dlngs_dlnT(T) / 3)]

    x0 = 3.0
    Y0 = 2 * m * m * (m / x0) * special.kn(2, x0) / (2 * math.pi**2) / thermo.entropy_density(m / x0)
    sol = integrate.solve_ivp(rhs, (x0, 2000.0), [Y0], method="Radau", rtol=1e-6, atol=1e-20)
    return 2 * m * sol.y[0, -1] * s0() / rho_crit_over_h2()


def hazma_value(m):
    try:
        from hazma.vector_mediator import KineticMixing
        from hazma.relic_density import relic_density
    except Exception as exc:   # pragma: no cover
        return None, None, f"hazma not available ({type(exc).__name__})"
    model = KineticMixing(mx=m * 1e3, mv=M_V * 1e3, gvxx=G_CHI, eps=EPS)
    out = {}
    for mode in (False, True):
        t = time.perf_counter()
        try:
            out[mode] = (float(relic_density(model, semi_analytic=mode)), time.perf_counter() - t)
        except Exception as exc:
            out[mode] = (None, f"{type(exc).__name__}: {exc}"[:60])
    return out[False], out[True], ""


MASSES_GEV = (0.01, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0, 1e3, 1e4)
OMEGA_SDB = 0.11                     # the Omega h^2 of Steigman, Dasgupta & Beacom (arXiv:1204.3622)


def _required_sigma_v(omega_of_sv, target=OMEGA_SDB):
    """<sigma v> [cm^3/s] giving Omega h^2 = target, by bracketing in log10 <sigma v>."""
    from scipy.optimize import brentq
    return 10 ** brentq(lambda l: omega_of_sv(10 ** l) - target, -26.5, -24.5, xtol=1e-6)


@contextlib.contextmanager
def _hazma_gstar_table():
    """Diagnostic only: run leptoforce's solver on hazma's g_* table (hazma/relic_density/smdof.dat:
    T, sqrt(g_*), h_eff, g_eff) instead of Saikawa & Shirai's, to separate table from solver."""
    import os
    import hazma.relic_density as hrd
    from scipy import interpolate
    tab = np.genfromtxt(os.path.join(os.path.dirname(hrd.__file__), "smdof.dat"), delimiter=",", skip_header=1)
    lnT = np.log(tab[:, 0])
    orig = thermo._gstar_interpolants
    lo, hi = orig()[2], orig()[3]
    swapped = (interpolate.PchipInterpolator(lnT, tab[:, 3], extrapolate=False),
               interpolate.PchipInterpolator(lnT, tab[:, 2], extrapolate=False), max(lnT[0], lo), min(lnT[-1], hi))
    thermo._gstar_interpolants = lambda: swapped
    try:
        yield
    finally:
        thermo._gstar_interpolants = orig


def literature_comparison():
    """<sigma v> for Omega h^2 = 0.11, self-conjugate, constant <sigma v>: ours vs SDB and hazma."""
    from leptoforce import units as u
    cm3s = u.cm ** 3 / u.s
    ours = [_required_sigma_v(lambda sv, m=m: relic_abundance(m, sv * cm3s).omega_h2) for m in MASSES_GEV]
    cols = {"leptoforce (SS18 g*)": ours}
    try:
        import warnings
        from hazma.relic_density import relic_density

        class Const:                       # hazma's model interface: mx [MeV], thermal_cross_section(x) [MeV^-2]
            def __init__(self, mx_mev, sv_cm3s):
                self.mx, self.sv = mx_mev, sv_cm3s * cm3s * 1e-6

            def thermal_cross_section(self, x):
                return self.sv
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for label, sa in (("hazma ODE (its g*)", False), ("hazma semi-analytic = SDB eq. 13 (its g*)", True)):
                cols[label] = [_required_sigma_v(lambda sv, m=m, sa=sa: relic_density(
                    Const(m * 1e3, sv), semi_analytic=sa, x0=1.0, xf=3000.0, rtol=1e-8, atol=1e-8)) for m in MASSES_GEV]
        with _hazma_gstar_table():
            cols["leptoforce (hazma's g*)"] = [_required_sigma_v(lambda sv, m=m: relic_abundance(m, sv * cm3s).omega_h2)
                                               for m in MASSES_GEV]
    except ImportError:
        print("hazma not installed: only the SDB column is compared")
    sdb = [5.2e-26 if m == 0.3 else (2.2e-26 if m > 10 else None) for m in MASSES_GEV]   # "above 10 GeV"
    print()
    print(f"<sigma v> [1e-26 cm^3/s] for Omega h^2 = {OMEGA_SDB} (self-conjugate, s-wave); in brackets: ratio to leptoforce (SS18)")
    names = ["SDB 2012 (abstract)"] + list(cols)
    print("| m [GeV] | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for i, m in enumerate(MASSES_GEV):
        cells = [f"{sdb[i] * 1e26:.2f} ({sdb[i] / ours[i]:.3f})" if sdb[i] else "—"]
        cells += [f"{c[i] * 1e26:.3f} ({c[i] / ours[i]:.3f})" for c in cols.values()]
        print(f"| {m:g} | " + " | ".join(cells) + " |")
    print("g_* tables: leptoforce Saikawa & Shirai 2018 (arXiv:1803.01038); hazma 2.x its smdof.dat (T, sqrt g_*, "
          "h_eff, g_eff); SDB their own g(T) with the analytic x_* method of their eq. 13.")


def main():
    m = M_CHI
    rows = []
    t_r, v_r = best_time(lambda: lf_radau(m))
    rows.append(("leptoforce relic_abundance (Radau, GG quad)", v_r, t_r))
    t_b1, v_b1 = best_time(lambda: lf_batch([m])[0])
    rows.append(("leptoforce relic_abundance_batch, 1 point", v_b1, t_b1))
    ms = np.geomspace(0.02, 0.045, 1000)
    t_b, _ = best_time(lambda: lf_batch(ms), repeat=1)
    t_s, v_s = best_time(lambda: plain_scipy(m), repeat=1)
    rows.append(("plain scipy solve_ivp (Radau on Y, <sv> per RHS)", v_s, t_s))
    hz_ode, hz_sa, why = hazma_value(m)
    print(f"Model: Dirac chi m = {m * 1e3:g} MeV, vector M_V = {M_V * 1e3:g} MeV, g_chi = {G_CHI}, eps = {EPS} (-> e+ e-)")
    print(f"{'method':<52} {'Omega h^2':>11} {'time/point':>12} {'ratio to batch':>20}")
    for name, v, t in rows:
        print(f"{name:<52} {v:>11.4g} {1e3 * t:>10.2f} ms {t / t_b1:>19.1f}x")
    for label, val in (("hazma relic_density (Boltzmann ODE)", hz_ode), ("hazma relic_density (semi-analytic)", hz_sa)):
        if val is None:
            print(f"{label:<52} {'—':>11} {'—':>12}   {why}")
        elif val[0] is None:
            print(f"{label:<52} {'failed':>11} {'—':>12}   {val[1]}")
        else:
            print(f"{label:<52} {val[0]:>11.4g} {1e3 * val[1]:>10.2f} ms {val[1] / t_b1:>19.1f}x"
                  f"   (x2 = {2 * val[0]:.4g}: hazma's Omega counts chi only, ours chi + chi_bar)")
    t0 = time.perf_counter()
    from leptoforce.model import ZPrime
    from leptoforce.thermal.rhn import RHNSystem
    sysm = RHNSystem(ZPrime(mass=10.0, g=5e-12, charges="B-L", rhn_masses=(2.0,), loop_mixing=False))
    sysm.freezein_omega_h2()
    t_fi = time.perf_counter() - t0
    print(f"{'leptoforce freeze-in yield (B-L, M_Z=10 GeV, exact BW)':<52} {sysm.freezein_omega_h2():>11.4g} "
          f"{1e3 * t_fi:>10.2f} ms   (first call incl. width table)")
    t0 = time.perf_counter()
    sysm.freezein_omega_h2()
    print(f"{'  same, tables cached':<52} {'':>11} {1e3 * (time.perf_counter() - t0):>10.2f} ms")
    print(f"leptoforce batch throughput: {len(ms) / t_b:.0f} points/s ({len(ms)} points, one core; target >= 500)")
    print("g_* tables: leptoforce Saikawa & Shirai (arXiv:1803.01038); hazma its own (see its docs).")
    literature_comparison()
    return 0


if __name__ == "__main__":
    sys.exit(main())
