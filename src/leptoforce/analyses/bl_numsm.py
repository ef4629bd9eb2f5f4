"""Analysis ``bl-numsm``: seed 004, the U(1)_{B-L} extended nuMSM (JHEP 02 (2017) 031).

Reproduces: the relativistic-decoupler relic (eq. 3.3); the freeze-in couplings on the Z' resonance
(eqs. 3.4-3.7) and off it (eqs. 3.11-3.13), first with the paper's own sigma v and constant g_* (the
integrator check) and then with the physics corrected (Majorana normalisation consistent with A.8,
one-helicity neutrinos, exact running Z' widths, g_*(T) and d ln g_*s/d ln T); the B-L breaking scale
(eq. 4.1); Fig. 1a (thermalization regions for M_N1 = 10 keV, a scan through the scan engine),
Fig. 2 (M_N1 = M_Z' and 100 M_Z': thermal boundary, freeze-in and freeze-out Omega h^2 = 0.12),
Fig. 1b (the B-L limits published up to 2017 with the freeze-in line), Fig. 3a/3b (freeze-in relic curves and band).
With ``--inputs current`` (:func:`_today`): Fig. 1b redrawn over today's B-L limits and Delta N_eff (Planck 2018,
Planck + ACT DR6, computed for B-L), and which of the paper's benchmark couplings and which share of its freeze-in
lines survive.
"""
from __future__ import annotations

import math

import numpy as np
from scipy import optimize

from .. import inputs
from .. import units as u
from ..errors import ComputationError, InvalidInputError, OutOfDomainError
from ..model import ZPrime
from ..thermal import thermo
from ..thermal.freezein import freezein_yield, reaction_density, resonant_density
from ..thermal.freezeout import relic_abundance
from ..thermal.relics import G_STAR_NU_DEC, relativistic_relic_omega_h2
from ..thermal.averages import sigma_v_thermal_nodes
from ..thermal.rhn import RHNSystem, f_tau, omega_eq37, omega_eq313, sigma_c
from ..progress import track
from .base import Context, Item, TodayItem, classify, grid_scan, register

SEED = "004_fcf0a6bc7a50a19d.txt"
PAPER = inputs.input_set("paper-seed004")       # the paper's inputs (data/inputs/paper-seed004.toml)
OMEGA_DM = PAPER.value("relic.omega_h2")
TAU = PAPER.value("freezein.tau")               # tau = 2 M_N1/M_Z' of acceptance (b), case 1
G_REF_RES, G_REF_OFF = 5.1e-12, 4.5e-6
S0_PAPER = PAPER.value("cosmology.s0")            # seed 004 below eq. 3.3
RHOC_PAPER = PAPER.value("cosmology.rho_crit_over_h2")


def _system(m_zp: float, g: float, m_n: float) -> RHNSystem:
    return RHNSystem(ZPrime(mass=m_zp, g=g, charges="B-L", rhn_masses=(m_n,), loop_mixing=False))


# ------------------------------------------------------------------------------------------------
# acceptance (a): the integrator with the paper's own cross sections and g_* = 100
# ------------------------------------------------------------------------------------------------
def paper_case1_omega(g: float, m_zp: float, tau: float) -> float:
    """Omega h^2 from integrating eq. (3.4) with the paper's sigma v (3.5), Gamma = 7 g^2 M/(12 pi), g_* = 100."""
    m_n = tau * m_zp / 2
    width = 7 * g * g * m_zp / (12 * math.pi)

    def g_out(E):
        s = E * E
        return (8 / 3) * g**4 * np.maximum(s - 4 * m_n * m_n, 0.0) ** 1.5 * s / (64 * math.pi**2 * 3 * s**1.5)
    rate = lambda T: resonant_density(T, m_zp, width, lambda E: np.ones_like(E), g_out, 4 * m_n * m_n)  # noqa: E731
    Y = freezein_yield(rate, m_zp / 60, 200 * m_zp, gstar=100.0, scale_points=[m_zp / 3])
    return S0_PAPER * m_n * Y / RHOC_PAPER


def paper_case2_omega(g: float, m_n: float) -> float:
    """Omega h^2 from eq. (3.4) with sigma v = g^4/(3 pi s) (above eq. 3.12), g_* = 100."""
    sig = lambda s: g**4 / (3 * math.pi * s) / (2 * math.sqrt(1 - 4 * m_n * m_n / s))   # noqa: E731
    rate = lambda T: reaction_density(sig, m_n, m_n, T)                                  # noqa: E731
    Y = freezein_yield(rate, m_n / 60, 200 * m_n, gstar=100.0, n_per_reaction=1.0, scale_points=[m_n / 3])
    return S0_PAPER * m_n * Y / RHOC_PAPER


# ------------------------------------------------------------------------------------------------
# acceptance (b): the couplings with the corrected physics
# ------------------------------------------------------------------------------------------------
def resonant_coupling(m_zp: float, tau: float = TAU) -> dict:
    """g_B-L with Omega h^2 = 0.12 on the resonance (Omega is exactly proportional to g^2 there)."""
    m_n = tau * m_zp / 2
    sysm = _system(m_zp, G_REF_RES, m_n)
    om_full = sysm.freezein_omega_h2()
    om_const = sysm.freezein_omega_h2(gstar=100.0)
    g = G_REF_RES * math.sqrt(OMEGA_DM / om_full)
    check = _system(m_zp, g, m_n).freezein_omega_h2()
    return {"g": g, "omega_check": check, "om_full": om_full, "om_const": om_const,
            "om_eq37": omega_eq37(G_REF_RES, tau, f_norm=0.19), "width_ratio": sysm.width_total / (7 * G_REF_RES**2 * m_zp / (12 * math.pi))}


def offresonant_coupling(m_n: float, ratio: float = 100.0) -> dict:
    """g_B-L with Omega h^2 = 0.12 for M_Z' = M_N1/ratio (Omega proportional to g^4 off resonance)."""
    sysm = _system(m_n / ratio, G_REF_OFF, m_n)
    om_full = sysm.freezein_omega_h2()
    om_const = sysm.freezein_omega_h2(gstar=100.0)
    g = G_REF_OFF * (OMEGA_DM / om_full) ** 0.25
    check = _system(m_n / ratio, g, m_n).freezein_omega_h2()
    return {"g": g, "omega_check": check, "om_full": om_full, "om_const": om_const, "om_eq313": omega_eq313(G_REF_OFF)}


def thermal_relic_coupling(m_zp: float, m_n: float) -> float:
    """g_B-L giving Omega h^2 = 0.12 by freeze-out of N1 (processes a + c; eqs. 3.8-3.9 solved exactly)."""
    def omega(lng):
        sysm = _system(m_zp, math.exp(lng), m_n)

        def sv(x):   # M_Z' < 2 M_N1 here: no pole in the physical region, fixed-node GG averages suffice
            return float(sigma_v_thermal_nodes(lambda s, _m: sysm.sigma_a(s) + sigma_c(sysm.zp, s), m_n, x))
        return relic_abundance(m_n, sv, g=2.0, self_conjugate=True, n_grid=40).omega_h2

    f = lambda lng: math.log(omega(lng) / OMEGA_DM)   # noqa: E731
    # walk down from a large coupling: Omega grows as g falls, until N1 stops being in equilibrium
    hi = math.log(3.0)
    f_hi = f(hi)
    if f_hi > 0:
        raise ComputationError(f"Omega h^2 > 0.12 already at g = 3 for M_Z' = {m_zp:g} GeV")
    while True:
        lo = hi - math.log(10.0)
        try:
            f_lo = f(lo)
        except InvalidInputError as exc:   # not in equilibrium: no thermal relic with Omega = 0.12
            raise ComputationError(f"no freeze-out solution with Omega h^2 = 0.12: {exc}") from exc
        if f_lo > 0:
            return math.exp(optimize.brentq(f, lo, hi, xtol=1e-3))
        hi = lo


@register("bl-numsm", SEED, "U(1)_{B-L} extended nuMSM: N1 thermalization, freeze-in on/off the Z' resonance")
def run(ctx: Context) -> list[Item]:
    items: list[Item] = []
    items.append(Item("relic_relativistic_10keV", "Omega h^2 of a relativistic N1 decoupler, M = 10 keV, g_* = 10.75 (eq. 3.3)",
                      relativistic_relic_omega_h2(10 * u.keV, 2.0, G_STAR_NU_DEC), 110.0, "", tol=0.05,
                      note="with s = 2 pi^2/45 g_* T^3 (the printed 2 pi/45 is a typo) and the table s_0"))
    # (a) integrator
    om1 = paper_case1_omega(G_REF_RES, 10.0, TAU)
    items.append(Item("freezein_eq37_check_tau0.4", "Omega from integrating eq. 3.4 with the paper's sigma v (3.5), "
                      "g_* = 100, at tau = 2/5 vs eq. 3.7 with f(tau) = tau (1-tau^2)^{3/2} computed",
                      om1, omega_eq37(G_REF_RES, TAU), "", tol=0.03,
                      note=f"f(2/5) = {f_tau(TAU):.3f}; the text's 'max 0.19 at tau = 2/5' is the maximum 0.186 of "
                           "tau^2 (1-tau^2)^{3/2} at tau^2 = 2/5, while tau (1-tau^2)^{3/2} peaks at 0.325 (tau = 1/2); "
                           f"normalised to 0.186 the agreement is {100 * (om1 / omega_eq37(G_REF_RES, TAU, f_norm=0.186) - 1):+.1f}%"))
    om2 = paper_case2_omega(G_REF_OFF, 1.0)
    items.append(Item("freezein_eq313_check", "Omega from integrating eq. 3.4 with sigma v = g^4/(3 pi s), g_* = 100, "
                      "vs eq. 3.13", om2, omega_eq313(G_REF_OFF), "", tol=0.02))
    items.append(Item("f_tau_max", "maximum of f(tau) = tau (1-tau^2)^{3/2} (text: 0.19 at tau = 2/5)",
                      max(f_tau(t) for t in np.linspace(0.01, 0.99, 981)), 0.19, "", tol=0.02,
                      note="the printed maximum belongs to tau^2 (1 - tau^2)^{3/2}; see freezein_eq37_check_tau0.4"))
    # (b) physics
    for m in (1.0, 10.0, 100.0):
        key = f"freezein_res_g_{m:g}GeV"
        r = resonant_coupling(m)
        f_norm = 13 / 8 / r["width_ratio"]
        f_g = r["om_full"] / r["om_const"]
        items.append(Item(key, f"g_B-L with Omega h^2 = 0.12 on the resonance, M_Z' = {m:g} GeV, tau = 2/5",
                          r["g"], G_REF_RES, "", tol=0.05,
                          note=(f"Omega(g=5.1e-12) = {r['om_full']:.3g} vs eq. 3.7's {r['om_eq37']:.3g} (f = 0.19). Factors: "
                                f"f(2/5)/0.19 = {f_tau(TAU) / 0.19:.3f} (the paper's own formula at tau = 2/5); "
                                f"x 13/8 = 1.625 (A.4 is half the Majorana rate implied by A.8, and eq. 3.5 counts "
                                f"neutrinos with two helicities: sum Q^2 N_c = 8 vs 6.5); "
                                f"x Gamma_7/Gamma_real = {1 / r['width_ratio']:.3f} (real width incl. R ratio, thresholds), "
                                f"together with the real open channels {r['om_const'] / (r['om_eq37'] * f_tau(TAU) / 0.19):.3f} "
                                f"(analytic estimate for all-SM massless {f_norm:.3f}); "
                                f"x g_*(T), d ln g_*s/d ln T vs g_* = 100: {f_g:.3f}. "
                                f"Check: Omega at the quoted g = {r['omega_check']:.4f}")))
    g1 = None
    for m, tag in ((0.01, "10MeV"), (1.0, "1GeV"), (100.0, "100GeV")):
        key = f"freezein_offres_g_{tag}"
        r = offresonant_coupling(m)
        if m == 1.0:
            g1 = r["g"]
        items.append(Item(key, f"g_B-L with Omega h^2 = 0.12 off resonance, M_N1 = {tag}, M_Z' = M_N1/100",
                          r["g"], G_REF_OFF, "", tol=0.05,
                          note=(f"Omega(g=4.5e-6) = {r['om_full']:.3g} vs eq. 3.13's {r['om_eq313']:.3g}. Factors: "
                                f"x {r['om_const'] / r['om_eq313']:.2f} at g_* = 100 from the amplitude normalisation (x 2, "
                                f"A.4 vs A.8), the sum over open SM channels (eq. 3.12 uses one unit of Q^2 N_c; all SM "
                                f"massless gives 6.5) and the Majorana threshold beta^3 of (A.8); "
                                f"x {r['om_full'] / r['om_const']:.2f} from g_*(T ~ M_N1) and d ln g_*s/d ln T. "
                                f"Omega is proportional to g^4: g moves by the 4th root. Z' Z' -> N1 N1 (process c, "
                                f"thermal Z') is not included, as in the paper. Check: Omega at the quoted g = "
                                f"{r['omega_check']:.4f}")))
    items.append(Item("vS_over_MZp", "B-L breaking scale v_S/M_Z' = 1/(sqrt(8) g) for Omega h^2 = 0.12 (eq. 4.1, "
                      "M_N1 = 1 GeV = 100 M_Z')", 1 / (math.sqrt(8) * g1), 7.9e4, "", tol=0.05,
                      note="eq. 4.1 with our off-resonance coupling (M_Z' = g sqrt(8) v_S, eq. 2.5)"))
    _fig1a(ctx)
    _fig2(ctx)
    _fig3(ctx)
    classify(items, BASIS)
    ctx.verdict = _verdict(items)
    if ctx.current:
        _today(ctx)
    return items


BASIS = {
    "relic_relativistic_10keV": ("printed", "eq. 3.3's prefactor '110' (2-3 digits); 5% covers g_*s(T_0) and rho_c of the "
                                 "day"),
    "freezein_eq37_check_tau0.4": ("derived", "eq. 3.7 evaluated at tau = 2/5 with f(tau) computed (the paper's own "
                                   "formula, not a printed number); 3% is the integrator check's target"),
    "freezein_eq313_check": ("derived", "eq. 3.13 evaluated at g = 4.5e-6 (the paper's formula); 2% integrator target"),
    "f_tau_max": ("printed", "'f(tau) ~ 0.19 at tau = 2/5' below eq. 3.7 (2 digits): 2%"),
    **{f"freezein_res_g_{m:g}GeV": ("printed", "g = 5.1e-12 in eq. 3.7 (2 digits); 5% for the quoted g_* and C_f "
                                    "approximations the text itself calls slight") for m in (1.0, 10.0, 100.0)},
    **{f"freezein_offres_g_{t}": ("printed", "g = 4.5e-6 in eq. 3.13 (2 digits); 5% as the resonant couplings")
       for t in ("10MeV", "1GeV", "100GeV")},
    "vS_over_MZp": ("printed", "'v_S ~ 7.9e4 M_Z'' below eq. 4.1 (2 digits); 5%"),
}


def _verdict(items) -> str:
    by = {it.key: it for it in items}
    res = [by[f"freezein_res_g_{m:g}GeV"].ours for m in (1.0, 10.0, 100.0)]
    off = [by[f"freezein_offres_g_{t}"].ours for t in ("10MeV", "1GeV", "100GeV")]
    return ("The integrator reproduces the paper's own freeze-in formulas (eqs. 3.7 and 3.13 within "
            f"{100 * abs(by['freezein_eq37_check_tau0.4'].rel_diff):.0f}% and {100 * abs(by['freezein_eq313_check'].rel_diff):.0f}%) "
            "and the relativistic-decoupler relic. The couplings with the physics corrected differ, as they should: "
            f"on the resonance g = {min(res):.2g}-{max(res):.2g} (paper 5.1e-12) and off it g = {min(off):.2g}-{max(off):.2g} "
            "(paper 4.5e-6), from the Majorana normalisation, one-helicity neutrinos, the real Z' width and g_*(T); the "
            "text's 'f(tau) max 0.19 at tau = 2/5' belongs to tau^2 (1 - tau^2)^{3/2}. v_S/M_Z' follows the off-resonance "
            f"coupling ({by['vS_over_MZp'].ours:.3g}, paper 7.9e4).")


# ------------------------------------------------------------------------------------------------
# figures
# ------------------------------------------------------------------------------------------------
def _scan_plane(ctx: Context, name: str, model: dict, n_m: int, n_g: int, m_range, g_range, observables):
    return grid_scan(ctx, {
        "model": {"kind": "rhn", "charges": "B-L", **model},
        "parameters": {"mass": {"min": m_range[0], "max": m_range[1], "prior": "log", "n": n_m},
                       "g": {"min": g_range[0], "max": g_range[1], "prior": "log", "n": n_g}},
        "compute": {"observables": list(observables)},
        "run": {"chunk_size": max(8, n_m * n_g // 16)},
    }, name)


def _res_curve(m_n: float, masses) -> tuple[np.ndarray, np.ndarray]:
    """Freeze-in Omega h^2 = 0.12 couplings on the resonance (M_Z' > 2 M_N1), from Omega ~ g^2."""
    ms, gs = [], []
    for m in track(masses, f"bl-numsm: resonant freeze-in curve, M_N1 = {m_n / u.MeV:g} MeV", len(masses), "masses"):
        if m <= 2.05 * m_n:
            continue
        try:
            om = _system(m, 1e-12, m_n).freezein_omega_h2()
        except (OutOfDomainError, ComputationError):
            continue
        ms.append(m)
        gs.append(1e-12 * math.sqrt(OMEGA_DM / om))
    return np.array(ms), np.array(gs)


def _offres_curve(ratio: float, masses) -> tuple[np.ndarray, np.ndarray]:
    """Freeze-in Omega h^2 = 0.12 couplings for M_N1 = ratio M_Z' (> M_Z'/2), from Omega ~ g^4."""
    ms, gs = [], []
    for m in track(masses, f"bl-numsm: off-resonance freeze-in curve, M_N1 = {ratio:g} M_Z'", len(masses), "masses"):
        try:
            om = _system(m, 1e-6, ratio * m).freezein_omega_h2()
        except (OutOfDomainError, ComputationError):
            continue
        ms.append(m)
        gs.append(1e-6 * (OMEGA_DM / om) ** 0.25)
    return np.array(ms), np.array(gs)


def _fig1a(ctx: Context) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap

    m_n = 10 * u.keV
    n_m, n_g = ctx.pick((9, 7), (26, 20), (60, 45))
    res = _scan_plane(ctx, "scan_fig1a", {"m_N1": m_n}, n_m, n_g, (1e-5, 1e3), (1e-13, 1e-1), ("regime",))
    M, G, R = res["mass"], res["g"], res["regime"]
    fig, ax = plt.subplots(figsize=(5.8, 4.4))
    cmap = ListedColormap(["#1f3b8c", "#fff3a0", "#b8e6a0"])
    ax.pcolormesh(M / u.GeV, G, R, cmap=cmap, vmin=-0.5, vmax=2.5, shading="nearest")
    mc, gc = _res_curve(m_n, np.geomspace(3e-5, 300.0, ctx.pick(8, 24, 60)))
    ax.plot(mc / u.GeV, gc, color="tab:blue", lw=2, label="$\\Omega_{N_1}h^2$ = 0.12 (freeze-in)")
    ax.axvline(2 * m_n / u.GeV, color="k", ls=":", lw=1)
    ax.plot([], [], "s", color="#1f3b8c", label="non-thermal")
    ax.plot([], [], "s", color="#fff3a0", label="thermal, relativistic at decoupling")
    ax.plot([], [], "s", color="#b8e6a0", label="thermal, non-relativistic")
    ax.set(xscale="log", yscale="log", xlabel="$M_{Z'}$ [GeV]", ylabel="$g_{B-L}$",
           title="$M_{N_1}$ = 10 keV (seed 004 Fig. 1a)")
    ax.legend(fontsize=7, loc="lower right")
    ctx.save_figure(fig, "fig1a_thermal_regions")
    plt.close(fig)
    _fig1b(ctx, mc, gc)


def _fig1b_masses(ctx: Context) -> np.ndarray:
    return np.geomspace(1e-5 * u.GeV, 1e3 * u.GeV, ctx.pick(30, 80, 240))


def _fig1b(ctx: Context, mc, gc) -> None:
    """Seed 004 Fig. 1b: the B-L constraints of the limits registry with the freeze-in curve of Fig. 1a."""
    import matplotlib.pyplot as plt

    from ..plotting import bound_curves, exclusion_plane
    masses = _fig1b_masses(ctx)
    y = np.interp(np.log(masses), np.log(mc), gc, left=np.nan, right=np.nan)
    curves = bound_curves("B-L", masses, PAPER.year, True, ctx.settings)
    ctx.scratch.update(fig1b_layers_paper=curves, fig1b_freezein=(mc, gc))
    fig, ax, _ = exclusion_plane(
        "B-L", masses, xunit="GeV", ylim=(1e-13, 1e-1), ylabel="$g_{B-L}$",
        lines=[("$\\Omega_{N_1}h^2$ = 0.12 (freeze-in, $M_{N_1}$ = 10 keV)", y, "b-")],
        missing_relevant=("LEP_ISR",), missing=["BBN (the paper's Delta N_eff region; no table)"],
        until=PAPER.year, projections=("SHiP", "SHiP_pbrem"), curves=curves,
        title="$U(1)_{B-L}$ constraints (seed 004 Fig. 1b): limits published up to 2017, SHiP reach")
    ctx.save_figure(fig, "fig1b_constraints")
    plt.close(fig)


def _fig2(ctx: Context) -> None:
    import matplotlib.pyplot as plt

    n_m, n_g = ctx.pick((6, 5), (18, 14), (50, 40))
    n_curve = ctx.pick(4, 10, 30)
    for ratio, tag in ((1.0, "a"), (100.0, "b")):
        res = _scan_plane(ctx, f"scan_fig2{tag}", {"m_N1_over_mZp": ratio}, n_m, n_g, (1e-5, 10.0), (1e-9, 1.0),
                          ("thermal",))
        fig, ax = plt.subplots(figsize=(5.8, 4.4))
        ax.contourf(res["mass"] / u.GeV, res["g"], res["thermal"], levels=[-0.5, 0.5, 1.5],
                    colors=["white", "#dddddd"])
        ax.contour(res["mass"] / u.GeV, res["g"], res["thermal"], levels=[0.5], colors="k", linestyles="--")
        masses = np.geomspace(1e-4, 1.0, n_curve)
        mc, gc = _offres_curve(ratio, masses)
        ax.plot(mc / u.GeV, gc, color="tab:blue", lw=2, label="$\\Omega h^2$ = 0.12, freeze-in")
        mt, gt = [], []
        for m in masses[:: max(1, n_curve // ctx.pick(2, 5, 15))]:
            try:
                gt.append(thermal_relic_coupling(m, ratio * m))
                mt.append(m)
            except (ValueError, ComputationError, OutOfDomainError):
                continue
        if mt:
            ax.plot(np.array(mt) / u.GeV, gt, color="tab:blue", lw=2, ls="-.", label="$\\Omega h^2$ = 0.12, freeze-out")
        ax.plot([], [], "--", color="k", label="thermal above")
        ax.set(xscale="log", yscale="log", xlabel="$M_{Z'}$ [GeV]", ylabel="$g_{B-L}$",
               title=f"$M_{{N_1}}$ = {ratio:g} $M_{{Z'}}$ (seed 004 Fig. 2{tag})")
        ax.legend(fontsize=7, loc="lower right")
        ctx.save_figure(fig, f"fig2{tag}_relic_regions")
        plt.close(fig)


def _fig3(ctx: Context) -> None:
    import matplotlib.pyplot as plt

    n = ctx.pick(6, 16, 50)
    fig, ax = plt.subplots(figsize=(5.8, 4.4))
    for m_n, color in ((10 * u.keV, "C0"), (100 * u.keV, "C1"), (1 * u.MeV, "C2"), (10 * u.MeV, "C3")):
        mc, gc = _res_curve(m_n, np.geomspace(2.2 * m_n, 10.0, n))
        ax.plot(mc / u.GeV, gc, color=color, label=f"$M_{{N_1}}$ = {m_n / u.MeV:g} MeV (ours)")
        # the paper's recipe: eq. 3.7 with C_f = 43/6 and g_* = g_*(M_Z')
        gp = [5.1e-12 * math.sqrt(OMEGA_DM / omega_eq37(5.1e-12, 2 * m_n / m, gstar=float(thermo.gstar_rho(m)),
                                                           c_f=43 / 6)) for m in mc]
        ax.plot(mc / u.GeV, gp, color=color, ls="--", lw=1)
    ax.plot([], [], "k--", lw=1, label="eq. 3.7, $C_f$ = 43/6, $g_*(M_{Z'})$")
    ax.set(xscale="log", yscale="log", xlabel="$M_{Z'}$ [GeV]", ylabel="$g_{B-L}$",
           title="freeze-in on the resonance (seed 004 Fig. 3a)")
    ax.legend(fontsize=7)
    ctx.save_figure(fig, "fig3a_freezein_resonant")
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(5.8, 4.4))
    masses = np.geomspace(1e-4, 1.0, n)
    lo_m, lo_g = _offres_curve(0.55, masses)
    hi_m, hi_g = _offres_curve(100.0, masses)
    ctx.scratch["offres_curve_100"] = (hi_m, hi_g)
    ax.plot(lo_m / u.GeV, lo_g, color="tab:blue", label="$M_{N_1}$ = 0.55 $M_{Z'}$ (ours)")
    ax.plot(hi_m / u.GeV, hi_g, color="tab:blue", ls="-.", label="$M_{N_1}$ = 100 $M_{Z'}$ (ours)")
    ax.axhspan(4.5e-6 * (G_STAR_NU_DEC / 100) ** 0.375, 4.5e-6, color="tab:blue", alpha=0.15,
               label="eq. 3.13, $g_*$ = 100 ... 10.75")
    ax.set(xscale="log", yscale="log", xlabel="$M_{Z'}$ [GeV]", ylabel="$g_{B-L}$",
           title="freeze-in off the resonance (seed 004 Fig. 3b)")
    ax.legend(fontsize=7)
    ctx.save_figure(fig, "fig3b_freezein_offresonant")
    plt.close(fig)


# ------------------------------------------------------------------------------------------------
# today (--inputs current)
# ------------------------------------------------------------------------------------------------
#: The paper's benchmark couplings: (label, M_Z' [GeV], g): on the resonance (eq. 3.7, tau = 2/5) at the masses of
#: the reproduction's items, and off it (eq. 3.13, M_N1 = 100 M_Z') at M_N1 = 10 MeV, 1 GeV, 100 GeV.
BENCHMARKS = tuple((f"res_MZp_{m:g}GeV", "on the resonance, tau = 2/5", m * u.GeV, G_REF_RES) for m in (1.0, 10.0, 100.0)) + tuple(
    (f"offres_MN1_{tag}", f"off resonance, M_N1 = {tag[:-3]} {tag[-3:]}", m * u.GeV / 100, G_REF_OFF)
    for m, tag in ((0.01, "10MeV"), (1.0, "1GeV"), (100.0, "100GeV")))


def _fmt_names(names) -> str:
    return ", ".join(names) if names else "nothing"


def _today(ctx: Context) -> None:
    """Seed 004's conclusions with today's B-L limits and N_eff (the ``current`` input set): Fig. 1b over the atlas's
    current limits, the paper's benchmark couplings and the share of its freeze-in lines that survive."""
    from ..experiments.atlas import allowed_fraction, excluded_by
    from ..experiments.bounds import bounds_at
    from ..plotting import bound_curves
    from ..thermal import bounds as nb
    masses = _fig1b_masses(ctx)
    then = ctx.scratch["fig1b_layers_paper"]
    with ctx.step("today: current B-L limits"):
        now = bound_curves("B-L", masses, None, True, ctx.settings)
    T = ctx.today
    cur = inputs.input_set("current")
    om, om_err = cur.value("relic.omega_h2"), cur.get("relic.omega_h2").err
    T.append(TodayItem("omega_dm", "the dark-matter density the freeze-in couplings are tuned to", OMEGA_DM,
                       f"{om:g} +- {om_err:g}", "", cur.get("relic.omega_h2").source,
                       f"unchanged within {om_err / om:.0%}: the couplings move by < {0.5 * om_err / om:.1%} (Omega ~ g^2 on "
                       "the resonance) and the paper's curves stand as computed"))
    data = inputs.value("neff.dataset", "current")
    obs, err = nb.NEFF_DATA[data]
    at = 10 * u.MeV
    neff_layer = next((lay for lay in now if lay.name.startswith("N_eff") and data in lay.name), None)
    if neff_layer is None:
        raise ComputationError(f"the current atlas has no N_eff layer for {data!r}: the today section needs it")
    at_res = [r for r in bounds_at("B-L", at, include_missing=False, settings=ctx.settings)
              if r.name.startswith("Delta N_eff") and data in r.name and r.g_excluded]
    g_at = min(lo for r in at_res for lo, _ in r.g_excluded) if at_res else None
    span = masses[np.isfinite(neff_layer.lowest)]
    T.append(TodayItem("neff", f"the N_eff bound on a B-L Z' (lowest excluded g at M_Z' = {at / u.MeV:g} MeV)",
                       "BBN Delta N_eff region (Fig. 1b; published as a figure only)",
                       f"N_eff = {obs} +- {err}: g > {g_at:.2g}" if g_at else f"N_eff = {obs} +- {err}", "",
                       "Planck + ACT DR6 (Calabrese et al., arXiv:2503.14454), three-bath Delta N_eff computed for B-L "
                       "charges (leptoforce.thermal.bounds)",
                       f"a B-L Z' that thermalises before neutrino decoupling is excluded for M_Z' = {span[0] / u.MeV:.2g}-"
                       f"{span[-1] / u.MeV:.2g} MeV on the figure's mass grid (the lower end is the bound's validity edge); the resonant freeze-in "
                       "couplings (~1e-12) stay below it"))
    for key, label, m, g in BENCHMARKS:
        hit_then, hit_now = excluded_by(then, masses, m, g), excluded_by(now, masses, m, g)
        T.append(TodayItem(f"benchmark_{key}",
                           f"does the paper's coupling g = {g:g} survive ({label}, M_Z' = {m / u.GeV:g} GeV)?",
                           "excluded" if hit_then else "allowed", "excluded" if hit_now else "allowed", "",
                           "limits published up to 2017 vs today's atlas (leptoforce.experiments.atlas)",
                           (f"excluded today by {_fmt_names(hit_now)}" + (f" (in 2017 already by {_fmt_names(hit_then)})"
                                                                          if hit_then else " (allowed with the limits of 2017)"))
                           if hit_now else "allowed then and now"))
    mc, gc = ctx.scratch["fig1b_freezein"]
    ok = (mc >= masses[0]) & (mc <= masses[-1])
    for key, what, (cm, cg) in (("freezein_line_10keV", "the Omega h^2 = 0.12 freeze-in line of Fig. 1 (M_N1 = 10 keV, "
                                 "on the resonance)", (mc[ok], gc[ok])),
                                ("freezein_line_offres", "the Omega h^2 = 0.12 freeze-in line off the resonance "
                                 "(M_N1 = 100 M_Z', Figs. 2b and 3b)", ctx.scratch["offres_curve_100"])):
        if len(cm) < 2:
            T.append(TodayItem(key, f"share of {what} allowed", None, None, "", "", "the line has fewer than two points "
                               "at this resolution: not assessed"))
            continue
        f0, n0 = allowed_fraction(then, masses, cm, cg)
        f1, n1 = allowed_fraction(now, masses, cm, cg)
        T.append(TodayItem(key, f"share of {what} (by length in log M_Z', log g) no existing limit excludes",
                           round(f0, 3), round(f1, 3), "", "limits up to 2017 vs today's atlas",
                           f"{f1:.0%} of the line survives today ({f0:.0%} with the limits of 2017)"
                           + (f"; excluded in part by {_fmt_names(n1)}" if n1 else "")))
    _fig1b_today(ctx, masses, now)
    status = {t.key: t.current_value for t in T}
    ex = [f"{label}, M_Z' = {m / u.GeV:g} GeV" for key, label, m, _ in BENCHMARKS if status[f"benchmark_{key}"] == "excluded"]
    frac = {t.key: t.current_value for t in T if t.key.startswith("freezein_line")}
    ctx.today_verdict = (f"The freeze-in dark matter of seed 004 survives today: {len(BENCHMARKS) - len(ex)} of the paper's "
                         f"{len(BENCHMARKS)} benchmark couplings are allowed by every current B-L limit"
                         + (f" (excluded: {'; '.join(ex)})" if ex else "")
                         + ". The resonant line (g ~ 1e-12) lies orders of magnitude below every laboratory and N_eff limit"
                         + (f" ({frac['freezein_line_10keV']:.0%} allowed)" if frac.get("freezein_line_10keV") is not None else "")
                         + "; the off-resonance line (g ~ 1e-6) is cut by beam dumps, neutrino-electron scattering and N_eff"
                         + (f" ({frac['freezein_line_offres']:.0%} allowed)" if frac.get("freezein_line_offres") is not None else "")
                         + ".")


def _fig1b_today(ctx: Context, masses, curves) -> None:
    import matplotlib.pyplot as plt

    from ..plotting import exclusion_plane
    mc, gc = ctx.scratch["fig1b_freezein"]
    y = np.interp(np.log(masses), np.log(mc), gc, left=np.nan, right=np.nan)
    fig, ax, _ = exclusion_plane(
        "B-L", masses, xunit="GeV", ylim=(1e-13, 1e-1), ylabel="$g_{B-L}$", curves=curves,
        lines=[("$\\Omega_{N_1}h^2$ = 0.12 (freeze-in, $M_{N_1}$ = 10 keV)", y, "b-")],
        stars=[("the paper's benchmark couplings", m, g) for _, _, m, g in BENCHMARKS[:1]]
        + [(None, m, g) for _, _, m, g in BENCHMARKS[1:]],
        missing_relevant=("LEP_ISR",), projections=("SHiP_BL_projection",),
        title="$U(1)_{B-L}$ today: current limits, $\\Delta N_{eff}$ (Planck, ACT DR6), SHiP reach")
    ctx.save_figure(fig, "fig1b_constraints_today", today=True)
    plt.close(fig)
