"""Analysis ``sidm-lmu-ltau``: seed 001 (Kamada, Kaneta, Yanagi, Yu, arXiv:1805.00651).

The loop kinetic mixing (eq. 3), the Z' lifetime (eq. 9), the muon g-2 (eq. 8) with the laboratory
and white-dwarf bounds (Fig. 1 left), the three-bath N_eff (eqs. 10-15: Fig. 1 right, Fig. 4 left),
the dark-Higgs lifetime (app. C, Fig. 4 right), and the SIDM of sec. III: the relic-fixed Yukawa
coupling (eqs. 20-21), the identical-fermion transfer cross sections (eqs. 22-25) over the
(m_phi, M1) planes computed with the scan engine (Fig. 2) and the Maxwell-averaged <sigma_T v>/M1
of the three benchmarks against the galaxy and cluster values (Fig. 3).
"""
from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
from scipy import optimize

from .. import constants as C
from .. import inputs
from .. import units as u
from ..decays import dark_higgs
from ..decays.zprime import lifetime
from ..lab import g2, nue, stellar
from ..model import DarkHiggs, ZPrime
from ..thermal import neff as neff_mod
from .base import agreement, classify, Context, grid_scan, Item, register

SEED = "001_f42d064066427b0c.txt"
BENCHMARKS = ((10 * u.MeV, 5e-4), (50 * u.MeV, 7e-4))
FIG3_BENCHMARKS = ((10.0, 10 * u.MeV, "-"), (20.0, 20 * u.MeV, "--"), (40.0, 80 * u.MeV, ":"))
V_DWARF, V_MW, V_CLUSTER = 30.0, 200.0, 1000.0          # km/s, Fig. 2
KMS = u.km / u.s
#: The paper's year: its figures draw the limits published up to it (data/inputs/paper-seed001.toml).
PAPER_YEAR = inputs.input_set("paper-seed001").year


def _g2_lower_2sigma(m_zp: float, settings) -> float:
    return g2.g2_favoured_band("Lmu-Ltau", m_zp, "mu", "seed001-davier2011", 2.0, settings)[0]


def _viable_mzp_min(settings) -> float:
    """Smallest m_Z' where the 2 sigma g-2 band (lower edge) lies below the Borexino and WD bounds."""
    def f(lm):
        m = math.exp(lm)
        return _g2_lower_2sigma(m, settings) - min(nue.borexino_bound("Lmu-Ltau", m).g_max,
                                                   stellar.white_dwarf_g_max("Lmu-Ltau", m))
    return math.exp(optimize.brentq(f, math.log(1.5 * u.MeV), math.log(100 * u.MeV), xtol=1e-4))


def _viable_mzp_max(settings) -> tuple[float, str]:
    """Smallest m_Z' above 100 MeV where BaBar's 4 mu limit (arXiv:1606.03501, Fig. 5) excludes the lower edge of the
    2 sigma g-2 band: the upper end of the viable window. On the curve's mass grid, refined by bisection between
    neighbouring points (the curve is log-interpolated between them)."""
    from ..experiments.limits import registry
    babar = registry()["BaBar_4mu"]
    lo_m, hi_m = babar.mass_range

    def excluded(m):
        w = babar.coupling_window(m)
        return w is not None and w[0] < _g2_lower_2sigma(m, settings)
    grid = np.geomspace(lo_m * (1 + 1e-9), 1 * u.GeV, 200)
    hits = [m for m in grid if excluded(float(m))]
    if not hits:
        return math.nan, "BaBar 4 mu does not reach the 2 sigma g-2 band below 1 GeV"
    k = int(np.searchsorted(grid, hits[0]))
    if k == 0:
        return float(hits[0]), (f"the band is excluded as soon as the BaBar curve starts ({lo_m / u.MeV:.1f} MeV, just above "
                                "2 m_mu): BaBar's 4 mu search sets the upper end")
    a, b = float(grid[k - 1]), float(grid[k])
    for _ in range(40):
        c = math.sqrt(a * b)
        a, b = (a, c) if excluded(c) else (c, b)
    return b, ("where BaBar's 4 mu limit on g' (tabulated for L_mu-L_tau) falls below the lower edge of the 2 sigma band "
               "(Davier et al. 2011 Delta a_mu, as the paper)")


def _viable_g_max(m_lo: float, m_hi: float, settings) -> tuple[float, float]:
    """(largest g' of the 2 sigma band that no bound of the paper excludes, its mass) over [m_lo, m_hi]."""
    from ..experiments.limits import registry
    babar = registry()["BaBar_4mu"]
    best = (0.0, m_lo)
    for m in np.geomspace(m_lo, m_hi, 120):
        m = float(m)
        hi = g2.g2_favoured_band("Lmu-Ltau", m, "mu", "seed001-davier2011", 2.0, settings)[1]
        caps = [nue.borexino_bound("Lmu-Ltau", m).g_max, stellar.white_dwarf_g_max("Lmu-Ltau", m)]
        w = babar.coupling_window(m)
        if w is not None:
            caps.append(w[0])
        g = min(hi, *caps)
        if g > best[0]:
            best = (g, m)
    return best


def _phi_1s_mass(zp: ZPrime, settings) -> float:
    """m_phi (> m_Z') at which tau_phi = 1 s; below it the three-body decay is too slow."""
    def f(log_r):
        phi = DarkHiggs(zp.mass * math.exp(log_r))
        return math.log(dark_higgs.lifetime(phi, zp, settings) / u.s)
    return zp.mass * math.exp(optimize.brentq(f, 1e-3, math.log(1.9), xtol=1e-10))


@register("sidm-lmu-ltau", SEED, "Self-interacting dark matter and muon (g-2) in a gauged U(1)_{Lmu-Ltau} model")
def run(ctx: Context) -> list[Item]:
    s = ctx.settings
    zp10 = ZPrime(10 * u.MeV, 5e-4, "Lmu-Ltau")
    items = [
        Item("eps_AZp_g5e-4", "|eps_AZ'| at g' = 5e-4 (eq. 3)", abs(zp10.epsilon_total), 7.2e-6, "", tol=0.02),
        Item("tau_Zp_10MeV_s", "Z' lifetime at (10 MeV, 5e-4) (eq. 9)", lifetime(zp10, s) / u.s, 1e-14, "s", tol=0.05),
    ]
    light = ZPrime(1e-4 * C.m_mu, 5e-4, "Lmu-Ltau", loop_mixing=False)
    items.append(Item("delta_a_mu_light_g5e-4", "Delta a_mu for m_Z' << m_mu, g' = 5e-4 (text below Fig. 1)",
                      g2.delta_a(light, "mu", s), 32e-10, "", tol=0.02,
                      note="the paper rounds g'^2/(8 pi^2) = 31.7e-10 to 32e-10"))
    central, _ = g2.measured("mu", "seed001-davier2011")
    items.append(Item("gprime_max_g2", "g' with Delta a_mu(m_Z' -> 0) = 26.1e-10 ('g' <~ 5e-4')",
                      math.sqrt(central * 8 * math.pi**2), 5e-4, "", tol=0.15,
                      note="the paper quotes the rounded bound g' <~ 5e-4"))
    items.append(Item("wd_gprime_10MeV", "white-dwarf cooling: g' with G_Z' = C_V G_F at m_Z' = 10 MeV",
                      stellar.white_dwarf_g_max("Lmu-Ltau", 10 * u.MeV), 7.7e-4, "", tol=0.10,
                      note="ours uses alpha(0) and PDG 2024 lepton masses; the paper's inputs are not stated"))
    for (m, g), tag in zip(BENCHMARKS, ("10MeV", "50MeV")):
        zp = ZPrime(m, g, "Lmu-Ltau")
        ratio = _phi_1s_mass(zp, s) / m
        items.append(Item(f"phi_tau1s_mphi_over_mzp_{tag}",
                          f"m_phi/m_Z' where tau_phi = 1 s at (m_Z', g') = ({m / u.MeV:g} MeV, {g:g}) (app. C)",
                          ratio, 1.0, "", tol=0.02,
                          note="the paper states tau_phi < 1 s for all m_phi > m_Z'; the three-body phase space "
                               "closes at threshold, so tau_phi > 1 s within a few percent above m_Z'"))
    eps_loop = zp10.epsilon_total
    with ctx.step("N_eff mass bounds (eps = 0 and the loop eps)"):
        bound0, bound_loop = neff_mod.neff_mass_bound(0.0), neff_mod.neff_mass_bound(eps_loop)
    items += [
        Item("neff_bound_mzp_eps0_MeV", "N_eff < 3.5 lower bound on m_Z', eps_AZ' = 0 (Fig. 1 right)",
             bound0 / u.MeV, 6.0, "MeV", tol=0.2,
             note="three baths, T_nu-dec = 1.5 MeV, exact e+- and Z' thermodynamics"),
        Item("neff_bound_mzp_loop_MeV", "N_eff < 3.5 lower bound on m_Z', eps_AZ' = 7.2e-6 (Fig. 1 right)",
             bound_loop / u.MeV, 10.0, "MeV", tol=0.2,
             note="heat transfer through Z' -> e e (eq. 14) with the loop eps at g' = 5e-4"),
        Item("neff_no_new_physics", "N_eff with no new physics in this treatment (instantaneous decoupling at 1.5 MeV)",
             neff_mod.neff_three_bath(1.0).neff, 3.0, "", tol=0.02,
             note="3 (g_s(1.5 MeV)/5.5)^{-4/3} = 3.032: e+- annihilation has begun at T_dec; 3.000 for T_dec >> m_e"),
    ]
    bor10 = nue.borexino_bound("Lmu-Ltau", 10 * u.MeV).g_max
    items.append(Item("borexino_gprime_10MeV", "Borexino 7Be rate bound on g' at m_Z' = 10 MeV (app. A, 8% condition)",
                      bor10, None, "",
                      note="the paper gives no number, only that the WD bound (7.7e-4) 'is close to' it; ours is "
                           f"{bor10 / stellar.white_dwarf_g_max('Lmu-Ltau', 10 * u.MeV):.2f} x our WD bound "
                           "(PMNS flavour split at P_ee = 0.51, 270 keV < T < T_max)"))
    items.append(Item("viable_mzp_min_MeV", "lower end of the viable m_Z' window (2 sigma g-2 band vs Borexino, WD)",
                      _viable_mzp_min(s) / u.MeV, 5.0, "MeV", tol=0.25,
                      note="where the lower edge of the 2 sigma (g-2)_mu band meets min(Borexino, white dwarf); our "
                           "Borexino bound (PMNS flavour split, interference) is stronger than the paper's below 10 MeV"))
    items += _sidm_items(ctx)
    vmax, vnote = _viable_mzp_max(s)
    vmin = _viable_mzp_min(s)
    items.append(Item("viable_mzp_max_MeV", "upper end of the viable m_Z' window (2 sigma g-2 band vs BaBar 4 mu)",
                      vmax / u.MeV, 200.0, "MeV", tol=0.2, note=vnote))
    band_lo = _g2_lower_2sigma(vmin, s)
    g_top, m_top = _viable_g_max(vmin, vmax, s)
    items.append(Item("viable_gprime_min", "smallest g' of the viable window (2 sigma band at its lower mass end)", band_lo,
                      3.0e-4, "", tol=0.15, note=f"the band's lower edge at m_Z' = {vmin / u.MeV:.1f} MeV"))
    items.append(Item("viable_gprime_max", "largest allowed g' inside the 2 sigma band over the viable window", g_top,
                      1.1e-3, "", tol=0.15, note=f"at m_Z' = {m_top / u.MeV:.0f} MeV, just below the dimuon threshold where "
                      "the BaBar curve starts; the 2 sigma band's upper edge there is allowed by Borexino and white dwarfs. "
                      "The paper's 1.1e-3 does not follow from its own band at ~200 MeV (the band's centre there is "
                      f"{_g2_band_centre(m_top, s):.2g}): reported, not tuned"))
    _figures(ctx)
    fr, fl = ctx.extra_settings["fig2_fraction_right_excluded_by_bbn"], ctx.extra_settings["fig2_fraction_left_excluded_by_bbn"]
    items.append(Item("fig2_right_fraction_mphi_below_mzp",
                      "share of the dwarf-favoured (m_phi, M1) points (0.1-10 cm^2/g at 30 km/s) with m_phi < m_Z', "
                      "(m_Z', g') = (50 MeV, 7e-4) (Fig. 2 right)", fr, None, "",
                      note="paper: 'most of the SIDM parameter space is excluded' by m_phi > m_Z'; "
                           + ("holds" if fr > 0.5 else "does not hold") + f"; the same share for (10 MeV, 5e-4) is {fl:.2f}"))
    if ctx.current:
        _today(ctx)
    classify(items, BASIS)
    ctx.verdict = _verdict(items)
    return items


BASIS = {
    "eps_AZp_g5e-4": ("printed", "eq. 3 evaluated in the text: 7.2e-6 (2 digits, +-0.7%); 2% covers alpha(q^2 = 0) vs alpha(m_Z)"),
    "tau_Zp_10MeV_s": ("printed", "'tau_Z' = 1e-14 s' (one digit, so +-50%); we hold it to 5% because the width formula is "
                       "exact"),
    "delta_a_mu_light_g5e-4": ("printed", "'32e-10' below Fig. 1 (2 digits): 2%"),
    "gprime_max_g2": ("statement", "'g' <~ 5e-4' (one digit, a '<~'): 15%"),
    "wd_gprime_10MeV": ("printed", "(g'/7.7e-4)^2 (10 MeV/m_Z')^2 < 1 (2 digits); 10% because its inputs (alpha, lepton "
                        "masses) are not stated"),
    "phi_tau1s_mphi_over_mzp_10MeV": ("statement", "app. C: tau_phi < 1 s for every m_phi > m_Z', i.e. the 1 s point at "
                                      "m_phi/m_Z' = 1; 2%"),
    "phi_tau1s_mphi_over_mzp_50MeV": ("statement", "app. C: tau_phi < 1 s for every m_phi > m_Z'; 2%"),
    "neff_bound_mzp_eps0_MeV": ("figure", "read from Fig. 1 right (N_eff = 3.5 crossing of the eps = 0 curve): 20%"),
    "neff_bound_mzp_loop_MeV": ("printed", "'m_Z' >~ 10 MeV' (Sec. II.B, one digit and a '>~'): 20%"),
    "neff_no_new_physics": ("statement", "the 'N_eff = 3' baseline of an instantaneous decoupling: 2%"),
    "viable_mzp_min_MeV": ("printed", "'5 MeV <~ m_Z'' (Sec. II.A, one digit and a '<~'): 25%"),
    "viable_mzp_max_MeV": ("printed", "'m_Z' <~ 200 MeV' (Sec. II.A, BaBar 4 mu): 20%"),
    "viable_gprime_min": ("printed", "'3.0e-4 <~ g'' (Sec. II.A, 2 digits and a '<~'): 15%"),
    "viable_gprime_max": ("printed", "'g' <~ 1.1e-3' (Sec. II.A, 2 digits and a '<~'): 15%"),
    "sidm_v_slope_200_1000": ("statement", "'sigma_T/M1 ~ 1/v^2' in the resonant regime (Sec. IV): 25%"),
    "sidm_min_delta_M_GeV": ("statement", "'Delta M > 1 GeV' (Sec. V): a bound, checked exactly"),
    **{f"sidm_dwarf_sigma_over_m_M{M1:g}_mphi{mphi / u.MeV:g}": (
        "statement", "'>~ 1 cm^2/g in dwarf galaxies' (Sec. IV): a bound, checked exactly") for M1, mphi, _ in FIG3_BENCHMARKS},
    **{f"sidm_cluster_sigma_over_m_M{M1:g}_mphi{mphi / u.MeV:g}": (
        "statement", "'< 0.1 cm^2/g in galaxy clusters' (Sec. IV): a bound, checked exactly") for M1, mphi, _ in FIG3_BENCHMARKS},
}


def _verdict(items) -> str:
    by = {it.key: it for it in items}
    ok, n = agreement(items)
    return (f"The Z' side of seed 001 reproduces: the loop mixing eps = {by['eps_AZp_g5e-4'].ours:.3g}, the lifetime, the "
            f"g-2 contribution and the N_eff bounds ({by['neff_bound_mzp_loop_MeV'].ours:.1f} MeV for N_eff < 3.5 with the "
            "loop mixing, paper 10 MeV). The viable window with the paper's Delta a_mu runs from "
            f"{by['viable_mzp_min_MeV'].ours:.1f} to {by['viable_mzp_max_MeV'].ours:.0f} MeV (paper 5 - 200 MeV): our "
            "Borexino bound is stronger at low mass, and BaBar's 4 mu curve sets the upper end as in the paper. The "
            "pseudo-Dirac SIDM benchmarks give the velocity dependence the paper describes; the dark Higgs needs "
            "m_phi a few per cent above m_Z' (not just above it) to decay within 1 s. "
            f"{ok} of {n} numbers with a paper value agree within their tolerance.")


def _today(ctx: Context) -> None:
    """Seed 001's premises with today's data: the 2025 muon g-2, the current L_mu-L_tau limits at its benchmarks and
    N_eff from Planck + ACT DR6 (the ``current`` input set)."""
    from ..experiments.bounds import bounds_at
    from ..thermal import bounds as nb
    from .base import TodayItem
    s = ctx.settings
    cur = "current"
    ds = inputs.value("g2.dataset", cur)
    c0, s0 = g2.measured("mu", "seed001-davier2011")
    c1, s1 = g2.measured("mu", ds)
    sig_then, sig_now = c0 / s0, c1 / s1
    T = ctx.today
    T.append(TodayItem("delta_a_mu", "the muon g-2 discrepancy Delta a_mu that the model explains", f"{c0:.3g} +- {s0:.2g}",
                       f"{c1:.3g} +- {s1:.2g}", "", inputs.get("g2.dataset", cur).source,
                       f"{sig_then:.1f} sigma then, {sig_now:.1f} sigma now: no g-2-favoured band remains at 1 sigma "
                       f"({c1 - s1:.2g} < 0), so the model's motivation is gone; g-2 is now a bound"))
    data = inputs.value("neff.dataset", cur)
    obs, err = nb.NEFF_DATA[data]
    m_grid = np.geomspace(5 * u.MeV, 45 * u.MeV, 25)
    room = nb._room(data)
    excluded = [m for m in m_grid if nb.delta_neff("Lmu-Ltau", float(m), 5e-4) > room]
    m_now = float(max(excluded)) if excluded else math.nan
    T.append(TodayItem("neff", "N_eff bound on m_Z' at g' = 5e-4 (three baths, loop mixing)", "N_eff < 3.5: m_Z' > 10 MeV",
                       f"N_eff = {obs} +- {err}: m_Z' > {m_now / u.MeV:.0f} MeV", "",
                       "ACT DR6 (Calabrese et al., arXiv:2503.14454) with the same treatment (leptoforce.thermal.bounds)",
                       f"the window's lower end moves from 10 MeV to about {m_now / u.MeV:.0f} MeV"))
    for (m, g), tag in zip(BENCHMARKS, ("10MeV", "50MeV")):
        res = bounds_at("Lmu-Ltau", m, include_missing=False, settings=replace(s, g2_dataset=ds))
        hits = [r for r in res if r.status == "existing" and any(lo <= g <= hi for lo, hi in r.g_excluded)]
        names = ", ".join(sorted({r.label or r.name for r in hits})) or "none"
        T.append(TodayItem(f"benchmark_{tag}", f"is the benchmark (m_Z', g') = ({m / u.MeV:g} MeV, {g:g}) of Figs. 2-3 allowed?",
                           "allowed (the paper's bounds)", "excluded" if hits else "allowed", "",
                           "the current limits of the atlas (leptoforce.experiments.bounds)",
                           f"excluded by {names}; the SIDM plane of Fig. 2 built on it is excluded with it" if hits else
                           "still allowed: the SIDM plane of Fig. 2 on it stands"))
    ex = [t for t in T if t.key.startswith("benchmark") and t.current_value == "excluded"]
    ctx.today_verdict = (f"Today the premise of seed 001 has gone: the 2025 muon g-2 ({c1:.2g} +- {s1:.2g}) favours no "
                         f"L_mu-L_tau coupling, and g-2 itself excludes g' > 4.1e-4 at 10 MeV. "
                         + ("Both SIDM benchmarks are" if len(ex) == 2 else f"{len(ex)} of the two SIDM benchmarks are")
                         + f" excluded by current limits, and the N_eff bound with Planck + ACT DR6 moves the "
                         f"lower end of the mass window to about {m_now / u.MeV:.0f} MeV.")
    _today_figure(ctx, ds)


def _g2_band_centre(m: float, s) -> float:
    """g' at which Delta a_mu(Z') equals the central value of seed 001's g-2 data at mass ``m`` [GeV]: since
    Delta a is proportional to g'^2, the 1 sigma band's edges satisfy g_lo^2 + g_hi^2 = 2 g_centre^2 (g_lo > 0 there)."""
    lo, hi = g2.g2_favoured_band("Lmu-Ltau", m, "mu", "seed001-davier2011", 1.0, s)
    return math.sqrt(0.5 * (lo * lo + hi * hi))


def _today_figure(ctx: Context, dataset: str) -> None:
    import matplotlib.pyplot as plt

    from ..plotting import exclusion_plane
    masses = np.geomspace(1 * u.MeV, 1 * u.GeV, ctx.pick(24, 60, 200))
    fig, ax, _ = exclusion_plane("Lmu-Ltau", masses, ylim=(1e-4, 1e-2), ylabel="$g'$",
                                 settings=replace(ctx.settings, g2_dataset=dataset), projections=False,
                                 stars=[("benchmarks (Figs. 2-3)", m, g) for m, g in BENCHMARKS[:1]] +
                                 [(None, m, g) for m, g in BENCHMARKS[1:]],
                                 title="$L_\\mu-L_\\tau$ today: current limits, g-2 2025 (no favoured band)")
    ctx.save_figure(fig, "fig1_left_g2_and_bounds_today", today=True)
    plt.close(fig)


def _figures(ctx: Context) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ..plotting import exclusion_plane
    s = ctx.settings
    n = ctx.pick(24, 60, 200)
    masses = np.geomspace(1 * u.MeV, 1 * u.GeV, n)
    bands = []
    for ds, color in (("seed001-davier2011", "red"), ("wp2025", "tab:blue")):
        for nsig, alpha in ((2, 0.25), (1, 0.5)):
            lo, hi = np.array([g2.g2_favoured_band("Lmu-Ltau", m, "mu", ds, nsig, s) for m in masses]).T
            bands.append((f"$(g-2)_\\mu$ {ds} {nsig}$\\sigma$", lo, hi, color, alpha))
    fig, ax, _ = exclusion_plane(
        "Lmu-Ltau", masses, bands=bands, ylim=(1e-4, 1e-2), ylabel="$g'$",
        include=("Borexino 7Be", "White dwarf cooling", "CCFR trident (contact)", "BaBar_4mu"),
        missing_relevant=("CCFR_light",), until=PAPER_YEAR, projections=False,
        stars=[("benchmark (Fig. 2)" if k == 0 else None, m, g) for k, (m, g) in enumerate(BENCHMARKS)],
        title="$L_\\mu-L_\\tau$: muon $g-2$ and bounds (seed 001 Fig. 1 left)")
    ctx.save_figure(fig, "fig1_left_g2_and_bounds")
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(5.5, 4.2))
    for (m, g), color in zip(BENCHMARKS, ("k", "tab:orange")):
        zp = ZPrime(m, g, "Lmu-Ltau")
        mphi = m * (1 + np.geomspace(1e-2, 9, ctx.pick(30, 80, 200)))
        tau = dark_higgs.lifetime_curve(zp, mphi, settings=s) / u.s
        ax.plot(mphi / u.MeV, tau, color=color, label=f"$m_{{Z'}}$={m / u.MeV:g} MeV, $g'$={g:g}")
    ax.axhline(1.0, ls=":", color="gray")
    ax.set(xscale="log", yscale="log", xlabel="$m_\\phi$ [MeV]", ylabel="$\\tau_\\phi$ [s]",
           title="dark-Higgs lifetime (seed 001 Fig. 4 right)")
    ax.legend(fontsize=8)
    ctx.save_figure(fig, "fig4_right_phi_lifetime")
    plt.close(fig)

    _neff_figures(ctx)
    _sidm_figures(ctx)


def _neff_figures(ctx: Context) -> None:
    import matplotlib.pyplot as plt

    masses = np.geomspace(1 * u.MeV, 100 * u.MeV, ctx.pick(10, 30, 80))
    eps_loop = ZPrime(10 * u.MeV, 5e-4, "Lmu-Ltau").epsilon_total
    fig, ax = plt.subplots(figsize=(5.5, 4.2))
    c, sig = C.record("N_eff_Planck2018").value, C.record("N_eff_Planck2018_err").value
    ax.axhspan(c - 2 * sig, c + 2 * sig, color="0.85", lw=0, label="Planck 2018 2$\\sigma$")
    ax.axhspan(c - sig, c + sig, color="0.65", lw=0, label="Planck 2018 1$\\sigma$")
    ax.axhline(3.5, ls=":", color="k", lw=1, label="$N_{eff}$ = 3.5 (paper's bound)")
    for eps, color, lab in ((0.0, "tab:blue", "$\\epsilon_{AZ'}$ = 0"),
                            (eps_loop, "tab:orange", f"$\\epsilon_{{AZ'}}$ = {abs(eps_loop):.2g} (loop, g'=5e-4)")):
        ne = [neff_mod.neff_three_bath(m, neff_mod.gamma_zp_ee(m, eps)).neff
              for m in ctx.track(masses, f"N_eff curve ({lab})", unit="masses")]
        ax.plot(masses / u.MeV, ne, color=color, label=lab)
    ax.set(xscale="log", xlabel="$m_{Z'}$ [MeV]", ylabel="$N_{eff}$ ($T \\ll m_e$)", ylim=(2.6, 6.0),
           title="$L_\\mu-L_\\tau$: three-bath $N_{eff}$ (seed 001 Fig. 1 right)")
    ax.legend(fontsize=7)
    ctx.save_figure(fig, "fig1_right_neff")
    plt.close(fig)

    m = 10 * u.MeV
    fig, ax = plt.subplots(figsize=(5.5, 4.2))
    for gam, ls, lab in ((neff_mod.gamma_zp_ee(m, eps_loop), "-", f"$\\epsilon_{{AZ'}}$ = {abs(eps_loop):.2g}"),
                         (0.0, "--", "$\\epsilon_{AZ'}$ = 0")):
        r = neff_mod.neff_three_bath(m, gam)
        t = np.maximum(r.t / u.s, 1e-6)
        ax.plot(t, r.T / r.T_nu, color="tab:red", ls=ls, label=f"$T/T_\\nu$, {lab}")
        ax.plot(t, r.T_prime / r.T_nu, color="tab:blue", ls=ls, label=f"$T'/T_\\nu$, {lab}")
    sm = neff_mod.neff_three_bath(1.0)
    ax.plot(np.maximum(sm.t / u.s, 1e-6), sm.T / sm.T_nu, color="k", ls=":", label="$T/T_\\nu$, SM")
    ax.set(xscale="log", xlabel="t [s]", ylabel="temperature ratio",
           title=f"bath temperatures, $m_{{Z'}}$ = {m / u.MeV:g} MeV (seed 001 Fig. 4 left)")
    ax.legend(fontsize=7)
    ctx.save_figure(fig, "fig4_left_temperatures")
    plt.close(fig)


# ------------------------------------------------------------------------------------------------
# SIDM (sec. III): Figs. 2 and 3
# ------------------------------------------------------------------------------------------------


def _sidm_items(ctx: Context) -> list[Item]:
    from ..sidm import maxwell_average
    from ..scenarios.pseudo_dirac import PseudoDiracSIDM
    m_zp, g = BENCHMARKS[0]
    out = []
    dwarf, cluster, slopes, bs, dms, points = [], [], [], [], [], []
    for M1, mphi, _ in FIG3_BENCHMARKS:
        p = PseudoDiracSIDM.relic(m_zp, g, mphi, M1)
        points.append(p)
        yk = p.yukawa()
        dwarf.append(maxwell_average(yk, v_mean=V_DWARF * KMS).sigma_over_m)
        cluster.append(maxwell_average(yk, v_mean=1500 * KMS).sigma_over_m)
        s_mw, s_cl = yk.sigma_T(V_MW * KMS), yk.sigma_T(V_CLUSTER * KMS)
        slopes.append(math.log(s_cl / s_mw) / math.log(V_CLUSTER / V_MW))
        bs.append(yk.b)
        dms.append(p.delta_M)
    p0 = points[0]                                           # (M1, m_phi) = (10 GeV, 10 MeV)
    pb = PseudoDiracSIDM.relic(m_zp, g, p0.m_phi, p0.M1, method="boltzmann")
    out.append(Item("y_relic_M10_mphi10", "relic-fixed Yukawa y at (M1, m_phi) = (10 GeV, 10 MeV), x_f = 20 (eqs. 20-21)",
                    p0.y, None, "",
                    note=f"paper: 'y ~ 1e-2 - 1e-1'; the full Boltzmann solution with Planck Omega h^2 = 0.120 gives "
                         f"y = {pb.y:.4f} ({(pb.y / p0.y - 1) * 100:+.0f}%): eq. (20) is p-wave dominated, so 3e-26 "
                         "cm^3/s at x_f = 20 is not the canonical-s-wave target it stands in for"))
    for (M1, mphi, _), d, c in zip(FIG3_BENCHMARKS, dwarf, cluster, strict=True):
        tag = f"M{M1:g}_mphi{mphi / u.MeV:g}"
        out.append(Item(f"sidm_dwarf_sigma_over_m_{tag}", f"<sigma_T>/M1 at <v> = 30 km/s, benchmark (M1, m_phi) = "
                        f"({M1:g} GeV, {mphi / u.MeV:g} MeV) of Fig. 3", d, 1.0, "cm^2/g", tol=0.0, compare="at_least",
                        note="paper: '>~ 1 cm^2/g in dwarf galaxies' for its benchmarks"))
        out.append(Item(f"sidm_cluster_sigma_over_m_{tag}", f"<sigma_T>/M1 at <v> = 1500 km/s, benchmark ({M1:g} GeV, "
                        f"{mphi / u.MeV:g} MeV)", c, 0.1, "cm^2/g", tol=0.0, compare="at_most",
                        note="paper: '< 0.1 cm^2/g in galaxy clusters'"))
    out.append(Item("sidm_v_slope_200_1000", "d ln sigma_T/d ln v between 200 and 1000 km/s, mean over the benchmarks",
                    float(np.mean(slopes)), -2.0, "", tol=0.25,
                    note=f"paper: resonant regime, sigma_T/M1 ~ 1/v^2 from galaxies to clusters; b = alpha M1/m_phi = "
                         f"{', '.join(f'{x:.2f}' for x in bs)} (first s-wave bound state at b = 1.68); below ~100 km/s "
                         "sigma_T flattens to its k -> 0 value (ab = k/m_phi << 1), so the 1/v^2 law holds above it"))
    out.append(Item("sidm_min_delta_M_GeV", "smallest N1-N2 splitting Delta M at the benchmarks", min(dms), 1.0, "GeV",
                    tol=0.0, compare="at_least", note="paper: 'Delta M > 1 GeV (see Fig. 2)'"))
    return out


def _sidm_plane(ctx: Context, m_zp: float, g: float, tag: str, n: int) -> dict:
    obs = ["y", "delta_M_GeV", f"sigmaT_over_m:{V_DWARF:g}", f"sigmaT_over_m:{V_MW:g}", f"sigmaT_over_m:{V_CLUSTER:g}"]
    return grid_scan(ctx, {
        "model": {"kind": "sidm-pseudo-dirac", "m_zprime": m_zp, "g": g, "relic": "xf20"},
        "parameters": {"m_phi": {"min": 1 * u.MeV, "max": 100 * u.MeV, "prior": "log", "n": n},
                       "M1": {"min": 3.0, "max": 100.0, "prior": "log", "n": n}},
        "compute": {"observables": obs},
        "run": {"chunk_size": max(8, n * n // 16)},
    }, f"fig2_scan_{tag}")


def _sidm_figures(ctx: Context) -> None:
    import matplotlib.pyplot as plt
    n = ctx.pick(14, 40, 90)
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.6), sharey=True)
    planes = {}
    for ax, (m_zp, g), tag in zip(axes, BENCHMARKS, ("left", "right")):
        r = _sidm_plane(ctx, m_zp, g, tag, n)
        planes[tag] = r
        X, Y = r["m_phi"] / u.MeV, r["M1"]
        sd, smw, scl = r[f"sigmaT_over_m:{V_DWARF:g}"], r[f"sigmaT_over_m:{V_MW:g}"], r[f"sigmaT_over_m:{V_CLUSTER:g}"]
        ax.contourf(X, Y, np.where((sd >= 0.1) & (sd < 1), 1.0, np.nan), levels=[0.5, 1.5], colors=["#9ecae1"], alpha=0.8)
        ax.contourf(X, Y, np.where((sd >= 1) & (sd < 10), 1.0, np.nan), levels=[0.5, 1.5], colors=["#2171b5"], alpha=0.8)
        ax.contourf(X, Y, np.where((smw >= 0.1) & (smw < 1), 1.0, np.nan), levels=[0.5, 1.5], colors=["#de2d26"], alpha=0.45)
        ax.contourf(X, Y, np.where(scl > 0.1, 1.0, np.nan), levels=[0.5, 1.5], colors=["#31a354"], alpha=0.45)
        ax.axvspan(X.min(), m_zp / u.MeV, color="0.6", alpha=0.6, lw=0)
        cs = ax.contour(X, Y, r["delta_M_GeV"], levels=[1, 3, 10, 30], colors="k", linestyles="--", linewidths=0.8)
        ax.clabel(cs, fmt="%g GeV", fontsize=7)
        if tag == "left":
            for M1, mphi, _ in FIG3_BENCHMARKS:
                ax.plot(mphi / u.MeV, M1, "kx", ms=8, mew=2)
        failed = np.sum(r["status"] != "ok")
        ax.set(xscale="log", yscale="log", xlabel="$m_\\phi$ [MeV]",
               title=f"$m_{{Z'}}$ = {m_zp / u.MeV:g} MeV, $g'$ = {g:g}" + (f" ({failed} points failed)" if failed else ""))
    axes[0].set_ylabel("$M_1$ [GeV]")
    from matplotlib.patches import Patch
    handles = [Patch(color="#9ecae1", label="dwarfs 0.1-1 cm$^2$/g (30 km/s)"),
               Patch(color="#2171b5", label="dwarfs 1-10 cm$^2$/g"),
               Patch(color="#de2d26", alpha=0.45, label="MW 0.1-1 cm$^2$/g (200 km/s)"),
               Patch(color="#31a354", alpha=0.45, label="clusters > 0.1 cm$^2$/g (1000 km/s)"),
               Patch(color="0.6", alpha=0.6, label="$m_\\phi < m_{Z'}$ (BBN)")]
    fig.legend(handles=handles, loc="lower center", ncol=3, fontsize=8, bbox_to_anchor=(0.5, -0.16))
    fig.suptitle("SIDM regions, $\\sigma_T/M_1$ (identical Majorana $N_1$, eq. 25; y from eqs. 20-21) - seed 001 Fig. 2")
    ctx.save_figure(fig, "fig2_sidm_planes")
    plt.close(fig)
    ctx.extra_settings["fig2_grid"] = n
    ctx.extra_settings["fig2_fraction_right_excluded_by_bbn"] = _bbn_fraction(planes["right"], BENCHMARKS[1][0])
    ctx.extra_settings["fig2_fraction_left_excluded_by_bbn"] = _bbn_fraction(planes["left"], BENCHMARKS[0][0])
    _fig3(ctx)


def _bbn_fraction(r: dict, m_zp: float) -> float:
    """Fraction of the plane's dwarf-favoured points (0.1 <= sigma_T/M1 < 10 at 30 km/s) with m_phi < m_Z'."""
    sd = r[f"sigmaT_over_m:{V_DWARF:g}"]
    fav = (sd >= 0.1) & (sd < 10)
    if not np.any(fav):
        return float("nan")
    return float(np.sum(fav & (r["m_phi"] < m_zp)) / np.sum(fav))


def _fig3(ctx: Context) -> None:
    import matplotlib.pyplot as plt

    from ..sidm import maxwell_average
    from ..scenarios.pseudo_dirac import PseudoDiracSIDM
    m_zp, g = BENCHMARKS[0]
    vs = np.geomspace(10, 3000, ctx.pick(8, 24, 48))
    fig, ax = plt.subplots(figsize=(5.8, 4.4))
    for M1, mphi, ls in FIG3_BENCHMARKS:
        yk = PseudoDiracSIDM.relic(m_zp, g, mphi, M1).yukawa()
        sv = [maxwell_average(yk, v_mean=v * KMS).sigma_v_over_m
              for v in ctx.track(vs, f"Fig. 3 (M1 = {M1:g} GeV)", unit="velocities")]
        ax.plot(vs, sv, "k", ls=ls, label=f"$(M_1, m_\\phi)$ = ({M1:g} GeV, {mphi / u.MeV:g} MeV)")
    _overlay_sidm_data(ax)
    ax.set(xscale="log", yscale="log", xlabel="$\\langle v \\rangle$ [km/s]",
           ylabel="$\\langle\\sigma_T v\\rangle/M_1$ [cm$^2$/g km/s]", ylim=(1, 1e4),
           title="seed 001 Fig. 3: $(m_{Z'}, g')$ = (10 MeV, 5e-4)")
    ax.legend(fontsize=7, loc="upper left")
    ax.text(0.01, -0.2, "data: sigma/m x v from the literature compilation in shared/data/sidm (not the KTY 2016 "
            "per-halo points, which are not available)", transform=ax.transAxes, fontsize=6)
    ctx.save_figure(fig, "fig3_sigma_v_vs_v")
    plt.close(fig)


def _overlay_sidm_data(ax) -> None:
    """Galaxy and cluster sigma/m values (shared/data/sidm) as sigma/m x v at their velocities."""
    from ..data import load_sidm_constraints
    for row in load_sidm_constraints():
        v = 0.5 * (row["v_min_km_s"] + row["v_max_km_s"])
        val = row["value_cm2_per_g"] * v
        colour = "tab:green" if v >= 1000 else "tab:red"
        if row["kind"] == "measurement":
            err = (row["sigma_cm2_per_g"] or 0.0) * v
            ax.errorbar(v, val, yerr=err, fmt="o", color=colour, ms=4, capsize=2)
        else:
            ax.plot(v, val, marker="^" if row["kind"] == "lower" else "v", color=colour, ms=5, ls="none", alpha=0.7)
