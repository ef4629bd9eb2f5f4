"""Analysis ``xenon1t-leptonic``: seed 003 (leptonic new force and cosmic-ray-boosted DM for the XENON1T excess).

Steps: the background-only chi^2 (B0, digitised); the SM solar-neutrino rate through the same fluxes
and response (normalisation check); Scenario 1 (solar neutrinos through the X of U(1)_{L_e - L_mu}, Fig. 1
with the constraint layers) and a diagnosis of the difference to the paper (flavour composition,
electrons counted, efficiency at true vs reconstructed energy, resolution, pure-X vs interference);
Scenario 2 with a constant cross section (Fig. 2) and with the X mediator (Figs. 3-5, the 3-parameter
scan; Fig. 6 at g_chi = 1.5 with constraints); neutron-star capture and heating (Sec. V).
"""
from __future__ import annotations

import math

import numpy as np

from .. import constants as C
from .. import inputs
from .. import units as u
from ..astro import neutron_star as nsmod
from ..astro.crdm import BoostedDM, D_eff
from ..errors import ComputationError
from ..experiments.limits import recast_bound, registry
from ..experiments.xenon1t import CHI2_B0_PAPER, Resolution, Response, XenonLikelihood
from ..inference.xenon1t import fit_effective, fit_mediator, fit_scenario1, scan_mediator, scan_scenario1
from ..lab import g2
from ..astro.solar_recoil import SolarNuRecoil
from .base import agreement, classify, Context, Item, register, TodayItem

SEED = "003_2a5f4364488c58bc.txt"
PAPER = inputs.input_set("paper-seed003")       # the paper's printed results (data/inputs/paper-seed003.toml)
S1_PAPER = {k: PAPER.value(f"results.s1.{k}") for k in ("m_X", "g", "chi2")}
S2EFF_PAPER = {"m": PAPER.value("results.s2eff.m"), "sigma_cm2": PAPER.get("results.s2eff.sigma").value,
               "chi2": PAPER.value("results.s2eff.chi2")}
S2MED_PAPER = {k: PAPER.value(f"results.s2med.{k}") for k in ("m", "m_X", "g", "chi2")}
NS_PAPER = {k: PAPER.value(f"results.ns.{k}") for k in ("capture", "geom", "extreme_capture", "extreme_geom")}
S1_CONTOURS = PAPER.value("results.s1.contours")      # seed 003 Fig. 1 (absolute chi^2)


def _diagnosis(ctx, rec, items) -> None:
    """Scenario 1 under the choices that can explain the difference to the paper (note of the issue)."""
    rows = []
    variants = [
        ("default: B0 bin-averaged, Le-Lmu, pure + interference, 26 e/atom, eff at E_rec, resolution", {}),
        ("pure X only (seed eq. 6)", {"mode": "pure"}),
        ("pure X, eff at true energy (seed eq. 5)", {"mode": "pure", "eff": "true"}),
        ("pure X, no resolution", {"mode": "pure", "res": None}),
        ("pure X, every flavour couples (no flavour composition)", {"mode": "pure", "charges": "B-L"}),
        ("pure X, eff at true, every flavour couples", {"mode": "pure", "eff": "true", "charges": "B-L"}),
        ("Le-Ltau instead of Le-Lmu", {"charges": "Le-Ltau"}),
        ("all shells above threshold (44-52 e/atom)", {"counting": "shells"}),
        ("B0 sampled at bin centres", {"sampling": "centre"}),
    ]
    n = ctx.pick(25, 41, 61)
    cache = {"seed26": rec}
    responses = {}
    for label, v in variants:
        counting = v.get("counting", "seed26")
        if counting not in cache:
            cache[counting] = SolarNuRecoil(counting=counting)
        rec = cache[counting]
        rkey = (v.get("res", Resolution()), v.get("eff", "reconstructed"))
        if rkey not in responses:
            responses[rkey] = Response(*rkey)
        resp = responses[rkey]
        lik = XenonLikelihood("B0", v.get("sampling", "average"))
        ch, mode = v.get("charges", "Le-Lmu"), v.get("mode", "excess")
        fit = fit_scenario1(rec, resp, lik, ch, mode, n=n)
        at_paper = float(lik.chi2(resp.fold(rec.spectrum(ch, S1_PAPER["m_X"], S1_PAPER["g"], mode=mode))))
        rows.append({"variant": label, "best_mX_keV": fit.m_X / u.keV, "best_g": fit.g, "best_chi2": fit.chi2,
                     "chi2_B0": fit.chi2_bkg, "delta_chi2": fit.delta_chi2, "chi2_at_paper_point": at_paper})
    ctx.extra_settings["scenario1_diagnosis"] = rows
    best_pp = min(rows, key=lambda r: r["chi2_at_paper_point"])
    items.append(Item("s1_diag_min_chi2_at_paper_point", "smallest chi^2 at the paper's point (45.5 keV, 3.2e-7) over the "
                      "diagnosis variants", best_pp["chi2_at_paper_point"], S1_PAPER["chi2"], "", tol=0.03,
                      note=f"variant: {best_pp['variant']}; all variants in settings.scenario1_diagnosis"))


def _fig1(ctx, rec, resp, lik, fit):
    import matplotlib.pyplot as plt
    from ..plotting.exclusion import exclusion_plane
    ms = np.geomspace(1e-6, 1e-2, ctx.pick(36, 60, 90))
    gs = np.geomspace(1e-8, 1e-5, ctx.pick(36, 60, 90))
    chi = scan_scenario1(rec, resp, lik, "Le-Lmu", ms, gs)
    curves_ms = np.geomspace(1.05e-6, 1e-2, ctx.pick(14, 24, 40))
    fig, ax, _ = exclusion_plane("Le-Lmu", curves_ms, ylim=(1e-8, 1e-5), xunit="keV", ylabel="$g_e = g_\\nu$",
                                 include=["Borexino 7Be", "(g-2)_e", "NA64_invisible_BL"],
                                 missing_relevant=["GEMMA", "StellarCooling_e", "StellarCooling_nu"],
                                 until=PAPER.year, projections=False,
                                 stars=[("best fit (ours)", fit.m_X, fit.g), ("paper's best fit", S1_PAPER["m_X"], S1_PAPER["g"])],
                                 title="Scenario 1: $U(1)_{L_e-L_\\mu}$, solar $\\nu$ in XENON1T")
    shift = fit.chi2 - S1_PAPER["chi2"]
    X, Y = np.meshgrid(ms / u.keV, gs, indexing="ij")
    levels = [fit.chi2] + [c + shift for c in S1_CONTOURS]
    ax.contourf(X, Y, chi, levels=levels, colors=["indigo", "mediumpurple", "thistle"], alpha=0.6)
    ax.contourf(X, Y, chi, levels=[50 + shift, 1e9], colors=["0.8"], alpha=0.5)
    ax.text(0.02, 0.02, f"purple: $\\chi^2$ < {', '.join(f'{c:g}' for c in S1_CONTOURS)} shifted by our best-fit offset "
            f"{shift:+.2f}; grey: $\\chi^2$ > {50 + shift:.1f}", transform=ax.transAxes, fontsize=6)
    ctx.save_figure(fig, "fig1_scenario1")
    plt.close(fig)


def _fig2(ctx, bd, resp, lik, eff):
    import matplotlib.pyplot as plt
    ms = eff.m_grid
    sig = np.geomspace(1e-34, 1e-28, ctx.pick(40, 80, 120)) * u.cm ** 2
    shapes = np.array([resp.fold(bd.recoil_spectrum(m, sigma=1.0)) for m in ms])
    chi = lik.chi2(shapes[:, None, :] * (sig ** 2)[None, :, None])
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 4))
    X, Y = np.meshgrid(ms / u.keV, sig / u.cm ** 2, indexing="ij")
    cs = a1.contourf(X, Y, np.minimum(chi - eff.chi2, 30), levels=[0, 2.30, 5.99, 11.8, 30], colors=["indigo", "mediumpurple", "thistle", "mistyrose"])
    a1.plot(eff.m_chi / u.keV, eff.sigma / u.cm ** 2, "*", color="gold", ms=12, mec="k", label="best fit (ours)")
    a1.plot(S2EFF_PAPER["m"] / u.keV, S2EFF_PAPER["sigma_cm2"], "x", color="k", label="paper")
    a1.set(xscale="log", yscale="log", xlabel="$m_{DM}$ [keV]", ylabel="$\\sigma_{DM-e}$ [cm$^2$]",
           title="$\\Delta\\chi^2$ = 2.30, 5.99, 11.8")
    a1.legend(fontsize=7)
    fig.colorbar(cs, ax=a1)
    _spectrum_panel(a2, resp, lik, resp.fold(bd.recoil_spectrum(eff.m_chi, sigma=eff.sigma)), "best fit, constant $\\sigma$")
    ctx.save_figure(fig, "fig2_effective")
    plt.close(fig)


def _spectrum_panel(ax, resp, lik, sig, label):
    d = lik.data
    ax.errorbar(d.centres, d.rate, d.err, fmt="ko", ms=3, label="XENON1T SR1")
    ax.plot(d.centres, lik.bkg, "r-", label="B0 (digitised)")
    ax.step(d.centres, lik.bkg + sig, "b-", where="mid", label="B0 + " + label)
    ax.set(xlabel="E [keV]", ylabel="events/(t yr keV)", xlim=(0, 30), ylim=(0, 140))
    ax.legend(fontsize=7)


def _fig34(ctx, bd, resp, lik):
    import matplotlib.pyplot as plt
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 4))
    d = lik.data
    for mx in (0.02, 0.1, 1.0, 10.0):
        s = resp.fold(bd.recoil_spectrum(0.1 * u.MeV, mx * u.MeV, g=1.0))
        a1.step(d.centres, s / s.max(), where="mid", label=f"$m_X$ = {mx:g} MeV")
    a1.set(xlabel="E [keV]", ylabel="rate (normalised to its maximum)", title="$m_{DM}$ = 0.1 MeV (Fig. 3)")
    a1.legend(fontsize=7)
    for m in (0.001, 10.0):
        s = resp.fold(bd.recoil_spectrum(m * u.MeV, 0.1 * u.MeV, g=1.0))
        a2.step(d.centres, s / s.max(), where="mid", label=f"$m_{{DM}}$ = {m:g} MeV")
    a2.set(xlabel="E [keV]", title="$m_X$ = 0.1 MeV (Fig. 4)")
    a2.legend(fontsize=7)
    ctx.save_figure(fig, "fig3_fig4_spectral_shapes")
    plt.close(fig)


def _fig5(ctx, scan, best, resp, lik, bd):
    import matplotlib.pyplot as plt
    fig, axs = plt.subplots(2, 2, figsize=(10, 8))
    c = scan.chi2
    lv = [0, 2.30, 5.99]
    cmin = best[3]
    pairs = [(scan.m_X / u.MeV, scan.g, np.min(c, axis=0), "$m_X$ [MeV]", "$\\sqrt{g_e g_\\chi}$", (best[1] / u.MeV, best[2])),
             (scan.m_chi / u.MeV, scan.g, np.min(c, axis=1), "$m_{DM}$ [MeV]", "$\\sqrt{g_e g_\\chi}$", (best[0] / u.MeV, best[2])),
             (scan.m_chi / u.MeV, scan.m_X / u.MeV, np.min(c, axis=2), "$m_{DM}$ [MeV]", "$m_X$ [MeV]", (best[0] / u.MeV, best[1] / u.MeV))]
    for ax, (x, y, z, xl, yl, st) in zip(axs.ravel()[:3], pairs):
        X, Y = np.meshgrid(x, y, indexing="ij")
        ax.contourf(X, Y, z - cmin, levels=lv, colors=["indigo", "mediumpurple"])
        ax.contour(X, Y, z - cmin, levels=[scan.chi2_bkg - cmin], colors="r", linewidths=0.8)
        ax.plot(*st, "*", color="gold", ms=12, mec="k")
        ax.set(xscale="log", yscale="log", xlabel=xl, ylabel=yl)
    axs[0, 0].set_title(f"profile $\\Delta\\chi^2$ = 2.30, 5.99; red: $\\chi^2$ = $\\chi^2_{{B0}}$ ({scan.n_points} points)", fontsize=8)
    _spectrum_panel(axs[1, 1], resp, lik, resp.fold(bd.recoil_spectrum(best[0], best[1], g=best[2])), "best fit, X mediator")
    ctx.save_figure(fig, "fig5_mediator_scan")
    plt.close(fig)


def _fig6(ctx, scan):
    """(m_X, g_e) at g_chi = 1.5, g_nu = 0: chi^2 profiled over m_DM; (g-2)_e and NA64 bounds for an electron-only X."""
    import matplotlib.pyplot as plt
    gchi = 1.5
    ge = scan.g ** 2 / gchi
    prof = np.min(scan.chi2, axis=0)                       # (n_X, n_g)
    cmin = prof.min()
    fig, ax = plt.subplots(figsize=(7, 4.5))
    X, Y = np.meshgrid(scan.m_X / u.MeV, ge, indexing="ij")
    ax.contourf(X, Y, prof - cmin, levels=[0, 2.30, 5.99], colors=["indigo", "mediumpurple"], alpha=0.7)
    ax.contourf(X, Y, prof, levels=[scan.chi2_bkg + 4, 1e9], colors=["0.75"], alpha=0.6)
    mx = scan.m_X
    ae = g2.datasets()["wp2025"]["e_alt"]
    g2max = np.array([g2.g_max_from_unit_delta_a(g2.delta_a_vector(C.m_e, m, 1.0), ae[0] + 2 * ae[1]) for m in mx])
    ax.fill_between(mx / u.MeV, g2max, 1, color="tab:blue", alpha=0.3, label="$(g-2)_e$ (2$\\sigma$, $\\alpha$(Rb))")
    na64 = registry()["NA64_invisible_BL"]
    lo, hi = na64.mass_range
    sel = (mx > lo) & (mx < hi)
    gna = np.array([recast_bound(na64, "B-L", m).g_max for m in mx[sel]])
    ax.fill_between(mx[sel] / u.MeV, gna, 1, color="tab:green", alpha=0.3, label="NA64 invisible (electron coupling)")
    ax.set(xscale="log", yscale="log", xlabel="$m_X$ [MeV]", ylabel="$g_e$", ylim=(ge.min(), 1e-2),
           title="Scenario 2 at $g_\\chi$ = 1.5, $g_\\nu$ = 0 (profiled over $m_{DM}$)")
    ax.legend(fontsize=7, loc="upper left")
    fig.text(0.01, 0.005, "not shown (no table available): stellar cooling (Redondo 2008)", fontsize=6, style="italic")
    ctx.save_figure(fig, "fig6_gchi_1p5")
    plt.close(fig)


@register("xenon1t-leptonic", SEED, "Leptonic new force and CR-boosted DM for the XENON1T excess")
def run(ctx: Context) -> list[Item]:
    lik = XenonLikelihood()
    resp = Response()
    rec = SolarNuRecoil()
    bd = BoostedDM()
    items = _detector_items(lik, resp, rec)
    items += _scenario1_items(ctx, rec, resp, lik)
    items += _scenario2_effective_items(ctx, bd, resp, lik)
    items += _scenario2_mediator_items(ctx, bd, resp, lik)
    items += _neutron_star_items()
    if ctx.current:
        _today(ctx, rec, bd)
    classify(items, BASIS)
    ctx.verdict = _verdict(items)
    return items


def _detector_items(lik, resp, rec) -> list[Item]:
    """The detector and normalisation checks: B0's chi^2, the SM solar-neutrino rate."""
    items: list[Item] = []
    items.append(Item("chi2_B0", "chi^2 of B0 alone (29 bins, digitised B0 averaged over each bin)", float(lik.chi2()),
                      CHI2_B0_PAPER, "", tol=1.5 / CHI2_B0_PAPER,
                      note="third-party digitisation of B0; sampled at bin centres it gives "
                           f"{float(XenonLikelihood('B0', 'centre').chi2()):.2f}"))
    items.append(Item("poisson_deviance_B0", "Poisson deviance -2 ln(L/L_sat) of B0", float(lik.poisson_deviance()), None, "",
                      note="counts = rate x 0.6473 t yr (the exposure the published errors imply)"))
    sm = resp.fold(rec.spectrum("Le-Lmu", 1e-3, 0.0, mode="sm"))
    items.append(Item("sm_solar_nu_rate_1_30keV", "SM solar-neutrino ER rate, 1-30 keV, after efficiency and resolution "
                      "(B16 GS98, MSW-LMA, 26 e/atom)", float(np.sum(sm)), None, "events/(t yr)",
                      note=f"{np.mean(sm[:10]):.3f} events/(t yr keV) in 1-11 keV; part of B0 (its solar-nu component), "
                           "a normalisation check of fluxes x cross section x targets x response"))
    rec_sh = SolarNuRecoil(counting="shells")
    items.append(Item("sm_solar_nu_rate_1_30keV_shells", "same with every shell above its binding energy",
                      float(np.sum(resp.fold(rec_sh.spectrum("Le-Lmu", 1e-3, 0.0, mode="sm")))), None, "events/(t yr)",
                      note="X-Ray Data Booklet binding energies"))
    return items


def _scenario1_items(ctx: Context, rec, resp, lik) -> list[Item]:
    """Scenario 1: a light vector of U(1)_{Le-Lmu} with g_e = g_nu fitted to the excess (Fig. 1)."""
    items: list[Item] = []
    fit = fit_scenario1(rec, resp, lik, "Le-Lmu", n=ctx.pick(31, 51, 81))
    ctx.scratch["s1_fit"] = fit
    items.append(Item("s1_best_mX_keV", "Scenario 1 best-fit m_X (Le-Lmu, g_e = g_nu)", fit.m_X / u.keV, S1_PAPER["m_X"] / u.keV,
                      "keV", tol=1.0, note="the chi^2 valley is shallow in m_X (issue: tens of keV)"))
    items.append(Item("s1_best_g", "Scenario 1 best-fit g_e = g_nu", fit.g, S1_PAPER["g"], "", tol=1.0,
                      note="issue: within a factor 2"))
    items.append(Item("s1_best_chi2", "Scenario 1 best-fit chi^2", fit.chi2, S1_PAPER["chi2"], "", tol=0.03,
                      note=f"Delta chi^2 against B0 = {fit.delta_chi2:.2f} (paper 4.46); B0 is {lik.chi2() - CHI2_B0_PAPER:+.2f} "
                           "above the paper's from the digitisation; see settings.scenario1_diagnosis"))
    items.append(Item("s1_delta_chi2", "Scenario 1 chi^2(B0) - chi^2(best fit)", fit.delta_chi2, CHI2_B0_PAPER - S1_PAPER["chi2"], "", tol=0.5,
                      note="ours includes the SM-X interference per flavour (nu_e constructive, nu_mu destructive)"))
    _diagnosis(ctx, rec, items)
    _fig1(ctx, rec, resp, lik, fit)
    return items


def _scenario2_effective_items(ctx: Context, bd, resp, lik) -> list[Item]:
    """Scenario 2 with a constant DM-electron cross section (Figs. 2-4)."""
    items: list[Item] = []
    items.append(Item("crdm_D_eff_kpc", "effective distance J_tot/(4 pi rho_sun) of the CR region (NFW, cylinder R = 10 kpc, "
                      "h = 1 kpc)", D_eff() / u.kpc, None, "kpc", note="the seed does not state its region; sigma_best ~ D_eff^-1/2"))
    eff = fit_effective(bd, resp, lik, m_range=(1e-8, 1e-3), n=ctx.pick(31, 61, 121))
    ctx.scratch["s2eff_fit"] = eff
    heavy = fit_effective(bd, resp, lik, m_range=(1e-3, 1e-1), n=ctx.pick(11, 21, 41))
    items.append(Item("s2eff_best_m_keV", "Scenario 2 (constant sigma) best-fit m_DM", eff.m_chi / u.keV, S2EFF_PAPER["m"] / u.keV,
                      "keV", tol=0.5, note="fit range 0.01 keV - 1 MeV (the paper's Fig. 2 region); the profile is flat within 0.4 "
                      "in chi^2 from 0.01 to 0.7 keV and rises steeply above 1 keV; settings.s2eff_profile has it"))
    items.append(Item("s2eff_best_sigma_cm2", "Scenario 2 (constant sigma) best-fit sigma_DM-e", eff.sigma / u.cm ** 2,
                      S2EFF_PAPER["sigma_cm2"], "cm^2", tol=0.5, note="at our best-fit mass, which sits in a flat valley; at the paper's "
                      "mass sigma agrees to 12% (s2eff_sigma_at_paper_mass_cm2); sigma scales as D_eff^-1/2"))
    items.append(Item("s2eff_best_chi2", "Scenario 2 (constant sigma) best-fit chi^2", eff.chi2, S2EFF_PAPER["chi2"], "", tol=0.03,
                      note=f"Delta chi^2 against B0 = {eff.chi2_bkg - eff.chi2:.2f} (paper {CHI2_B0_PAPER - S2EFF_PAPER['chi2']:.2f})"))
    s2, _ = lik.best_scale(resp.fold(bd.recoil_spectrum(S2EFF_PAPER["m"], sigma=1.0)))
    items.append(Item("s2eff_sigma_at_paper_mass_cm2", "best sigma at the paper's m_DM = 1.09 keV", math.sqrt(s2) / u.cm ** 2,
                      S2EFF_PAPER["sigma_cm2"], "cm^2", tol=0.25, note="the normalisation check of the CR flux x J x cross sections"))
    a = resp.fold(bd.recoil_spectrum(S2EFF_PAPER["m"], sigma=S2EFF_PAPER["sigma_cm2"] * u.cm ** 2))
    items.append(Item("s2eff_chi2_at_paper_point", "chi^2 at the paper's (1.09 keV, 3.82e-32 cm^2)", float(lik.chi2(a)),
                      S2EFF_PAPER["chi2"], "", tol=0.03, note="same point, our fluxes and response; efficiency placement, resolution "
                      "and B0 sampling move it by < 0.3 (settings.scenario2_diagnosis): the spectral shape differs"))
    items.append(Item("s2eff_heavy_branch_chi2", "constant sigma, second minimum for 1 MeV < m_DM < 100 MeV", heavy.chi2, None, "",
                      note=f"at m_DM = {heavy.m_chi / u.MeV:.3g} MeV, sigma = {heavy.sigma / u.cm ** 2:.2g} cm^2: outside the paper's "
                           "Fig. 2 region; at such cross sections the attenuation of the DM flux in the rock above the detector "
                           "(neglected here and in the seed) is of order one, so this branch is not a result"))
    ctx.extra_settings["s2eff_profile"] = {"m_keV": (eff.m_grid / u.keV).tolist(), "sigma_cm2": (eff.sigma_grid / u.cm ** 2).tolist(),
                                           "chi2": eff.chi2_grid.tolist()}
    _fig2(ctx, bd, resp, lik, eff)
    _fig34(ctx, bd, resp, lik)
    return items


def _scenario2_mediator_items(ctx: Context, bd, resp, lik) -> list[Item]:
    """Scenario 2 with a light mediator: the 3-parameter (m_DM, m_X, g) scan (Figs. 5-6)."""
    items: list[Item] = []
    n = ctx.pick(32, 48, 80)
    scan = scan_mediator(bd, resp, lik, np.geomspace(1e-7, 1e-1, n), np.geomspace(1e-5, 1e-1, n),
                         np.geomspace(1e-5, 1e-1, n))
    best = fit_mediator(bd, resp, lik, scan)
    ctx.scratch["s2med_best"] = best
    items.append(Item("s2med_n_points", "points of the 3-parameter (m_DM, m_X, g) grid", float(scan.n_points), None, "",
                      note="issue: >= 1e5 at default resolution"))
    items.append(Item("s2med_best_m_DM_MeV", "Scenario 2 (mediator) best-fit m_DM", best[0] / u.MeV, S2MED_PAPER["m"] / u.MeV,
                      "MeV", tol=1.0, note="the chi^2 is nearly flat in m_DM (within 1 unit over 0.1 keV - 100 MeV)"))
    items.append(Item("s2med_best_m_X_MeV", "Scenario 2 (mediator) best-fit m_X", best[1] / u.MeV, S2MED_PAPER["m_X"] / u.MeV,
                      "MeV", tol=0.5, note="correlated with m_DM and g"))
    items.append(Item("s2med_best_g", "Scenario 2 (mediator) best-fit sqrt(g_e g_chi)", best[2], S2MED_PAPER["g"], "", tol=0.5,
                      note="correlated with m_X (linear valley, as the paper says)"))
    items.append(Item("s2med_best_chi2", "Scenario 2 (mediator) best-fit chi^2", best[3], S2MED_PAPER["chi2"], "", tol=0.03,
                      note=f"Delta chi^2 against B0 = {scan.chi2_bkg - best[3]:.2f} (paper {CHI2_B0_PAPER - S2MED_PAPER['chi2']:.2f})"))
    a = resp.fold(bd.recoil_spectrum(S2MED_PAPER["m"], S2MED_PAPER["m_X"], g=S2MED_PAPER["g"]))
    items.append(Item("s2med_chi2_at_paper_point", "chi^2 at the paper's (1.43 MeV, 0.16 MeV, 3.79e-3)", float(lik.chi2(a)),
                      S2MED_PAPER["chi2"], "", tol=0.03, note="same point, our fluxes and response; our rate there fits the 2-3 keV bins "
                      "better than the paper reports, with the normalisation agreeing (s2med_g_at_paper_masses)"))
    s8, c8 = lik.best_scale(resp.fold(bd.recoil_spectrum(S2MED_PAPER["m"], S2MED_PAPER["m_X"], g=1.0)))
    items.append(Item("s2med_g_at_paper_masses", "best sqrt(g_e g_chi) at the paper's (m_DM, m_X) = (1.43, 0.16) MeV",
                      float(s8) ** 0.125, S2MED_PAPER["g"], "", tol=0.1,
                      note=f"chi^2 there {float(c8):.2f}: the normalisation (rate ~ g^8) agrees within "
                           "20% in rate, so the lower chi^2 comes from the spectral shape, not the flux normalisation; "
                           "detector choices move it by < 0.2 (settings.scenario2_diagnosis)"))
    diag2 = []
    for label, r2, l2 in (("default", resp, lik), ("efficiency at true energy", Response(efficiency_at="true"), lik),
                          ("no resolution", Response(None), lik), ("B0 at bin centres", resp, XenonLikelihood("B0", "centre"))):
        med = float(l2.chi2(r2.fold(bd.recoil_spectrum(S2MED_PAPER["m"], S2MED_PAPER["m_X"], g=S2MED_PAPER["g"]))))
        ef = float(l2.chi2(r2.fold(bd.recoil_spectrum(S2EFF_PAPER["m"], sigma=S2EFF_PAPER["sigma_cm2"] * u.cm ** 2))))
        diag2.append({"variant": label, "chi2_B0": float(l2.chi2()), "chi2_paper_mediator_point": med,
                      "chi2_paper_effective_point": ef})
    ctx.extra_settings["scenario2_diagnosis"] = diag2
    _fig5(ctx, scan, best, resp, lik, bd)
    _fig6(ctx, scan)
    return items


def _neutron_star_items() -> list[Item]:
    """Capture and kinetic heating of the best-fit DM in a neutron star (Sec. IV)."""
    items: list[Item] = []
    star = nsmod.NeutronStar()
    for tag, (m, mx, g), pc, pg in (("", (S2MED_PAPER["m"], S2MED_PAPER["m_X"], S2MED_PAPER["g"]), NS_PAPER["capture"], NS_PAPER["geom"]),
                                    ("_extreme", (0.1 * u.keV, 0.03 * u.MeV, 1e-3), NS_PAPER["extreme_capture"], NS_PAPER["extreme_geom"])):
        cc = nsmod.capture_rate_electrons(m, mx, g, star=star) * u.s
        cg = nsmod.geometric_rate(m, star=star) * u.s
        c11 = nsmod.geometric_rate_eq11(m, star=star) * u.s
        xi = nsmod.pauli_factor(m, star)
        items.append(Item(f"ns_capture_rate{tag}", f"NS capture rate on electrons (eq. 12) at ({m / u.MeV:g} MeV, {mx / u.MeV:g} MeV, {g:g})",
                          cc, pc, "s^-1", tol=0.5, note=f"xi = {xi:.2g} (dp = gamma m v_esc); sigma from eq. 8 at K = m(gamma-1). The paper does not give its xi or "
                               "sigma at this point; at the extreme point the same formula agrees to 15%, so the best-fit "
                               "difference is in xi*sigma (the paper's number implies a 15x smaller product, e.g. dp ~ 80 keV "
                               "instead of the DM momentum 1.2 MeV); either way C_c exceeds C_geom by > 9 orders of magnitude"))
        items.append(Item(f"ns_geometric_rate{tag}", "geometric limit, eq. 11 as printed (rho = 0.4 GeV/cm^3)", c11, pg, "s^-1", tol=0.1,
                          note=f"the physical form sqrt(6/pi) pi R^2 (rho/m) v_esc^2/vbar gives {cg:.3g} s^-1 (vbar = 280 km/s)"))
        items.append(Item(f"ns_saturates{tag}", "capture saturates (C_c > C_geom: 1 = yes)", float(cc > max(cg, c11)), 1.0, "", tol=0.0))
    T, Tinf = nsmod.heating_temperature(nsmod.geometric_rate(S2MED_PAPER["m"], star=star), S2MED_PAPER["m"], star)
    items.append(Item("ns_heating_T_K", "NS temperature at infinity from kinetic heating at the geometric rate", Tinf / u.K, 1500.0,
                      "K", tol=0.25, note=f"surface {T / u.K:.0f} K; redshift factor sqrt(1 - v_esc^2)"))
    return items


def _scale_limit(lik, shape, dchi2: float = 2.71) -> tuple[float, float, float]:
    """(best scale s >= 0, the 90% CL upper limit on s with Delta chi^2 = 2.71 above the minimum over s >= 0, that
    minimum chi^2) for chi^2(s) = A - 2 B s + C s^2 (the signal scale of one binned shape)."""
    A, B, Cq = lik.quadratic(shape)
    B, Cq = float(B), float(Cq)
    s_best = max(B / Cq, 0.0)
    chi_min = A - 2 * B * s_best + Cq * s_best ** 2
    # A - 2 B s + C s^2 = chi_min + dchi2  ->  the larger root
    disc = B * B - Cq * (A - chi_min - dchi2)
    return s_best, (B + math.sqrt(disc)) / Cq, chi_min


def _crossing(gs: np.ndarray, dchi: np.ndarray, level: float) -> float:
    """The coupling where the rising Delta chi^2 curve ``dchi`` over the grid ``gs`` first exceeds ``level``,
    interpolated linearly in ln g between the two grid points around it; raises when the grid never reaches it."""
    above = np.nonzero(dchi > level)[0]
    if not above.size or above[0] == 0:
        raise ComputationError(f"Delta chi^2 = {level} is not crossed inside g = {gs[0]:.3g}-{gs[-1]:.3g} "
                               "(the XENONnT limit lies outside the coupling grid)")
    k = int(above[0])
    t = (level - dchi[k - 1]) / (dchi[k] - dchi[k - 1])
    return float(math.exp(math.log(gs[k - 1]) + t * (math.log(gs[k]) - math.log(gs[k - 1]))))


def _today(ctx: Context, rec, bd) -> None:
    """Seed 003's fits with the XENONnT SR0 data (the ``current`` input set): its own efficiency, background B0 and
    binned events; the XENON1T resolution (not published by XENONnT) varied by +-20%."""
    resp = Response(detector="XENONnT")
    lik = XenonLikelihood(detector="XENONnT")
    T = ctx.today
    src = inputs.get("er.dataset", "current").source
    fit1 = ctx.scratch["s1_fit"]
    chi_b0 = float(lik.chi2())
    T.append(TodayItem("xenonnt_b0", "is there an excess over the background? chi^2 of B0 alone (29 bins, 1-30 keV)",
                       CHI2_B0_PAPER, chi_b0, "", src, f"XENONnT's B0 fits its data: chi^2 = {chi_b0:.1f} for 29 bins "
                       "(XENON1T: 46.5 in the paper); no excess to explain"))
    with ctx.step("today: Scenario 1 with XENONnT"):
        fit_nt = fit_scenario1(rec, resp, lik, "Le-Lmu", n=ctx.pick(21, 31, 51))
        gs = np.geomspace(1e-8, 3e-6, ctx.pick(60, 120, 240))
        chi_g = np.array([float(lik.chi2(resp.fold(rec.spectrum("Le-Lmu", fit1.m_X, g)))) for g in gs])
        ref = min(chi_b0, float(chi_g.min()))
        g90 = _crossing(gs, chi_g - ref, 2.71)
        # the Poisson deviance (low counts in the first bins) as the exclusion statistic
        dev_g = np.array([float(lik.poisson_deviance(resp.fold(rec.spectrum("Le-Lmu", fit1.m_X, g)))) for g in gs])
        dev1 = float(lik.poisson_deviance(resp.fold(rec.spectrum("Le-Lmu", fit1.m_X, fit1.g)))) - \
            min(float(lik.poisson_deviance()), float(dev_g.min()))
        lim_var = []
        for f in (0.8, 1.2):
            r2 = Response(Resolution(0.310 * f, 0.0037 * f), detector="XENONnT")
            c2 = np.array([float(lik.chi2(r2.fold(rec.spectrum("Le-Lmu", fit1.m_X, g)))) for g in gs])
            lim_var.append(_crossing(gs, c2 - min(chi_b0, float(c2.min())), 2.71))
    d1 = dev1
    T.append(TodayItem("s1_upper_limit", f"Scenario 1 (L_e-L_mu, g_e = g_nu) at the XENON1T best m_X = {fit1.m_X / u.keV:.1f} keV: "
                       "the coupling", fit1.g, g90, "", src,
                       f"XENONnT sets g < {g90:.3g} at 90% CL (the resolution varied by +-20% moves it by "
                       f"{100 * max(abs(v / g90 - 1) for v in lim_var):.2f}%: the recoil spectrum is smooth); the best "
                       f"XENONnT fit improves on B0 by only {chi_b0 - fit_nt.chi2:.2f} in chi^2"))
    T.append(TodayItem("s1_excluded", "is the XENON1T best fit of Scenario 1 excluded by XENONnT?", "best fit",
                       f"Delta(-2 ln L) = {d1:.1f}", "", src,
                       f"Poisson deviance {d1:.1f} above the best XENONnT point: excluded at {_cl(d1, 2)} (2 parameters)" if d1 > 4.61
                       else f"not excluded (Delta deviance = {d1:.1f})"))
    with ctx.step("today: Scenario 2 with XENONnT"):
        m_eff = S2EFF_PAPER["m"]
        _, s90, chi_e = _scale_limit(lik, resp.fold(bd.recoil_spectrum(m_eff, sigma=1.0)))
        sig90 = math.sqrt(s90) / u.cm ** 2                   # the rate goes as sigma^2 (boost and detection)
        a = resp.fold(bd.recoil_spectrum(m_eff, sigma=S2EFF_PAPER["sigma_cm2"] * u.cm ** 2))
        d2 = _dev_excess(lik, resp.fold(bd.recoil_spectrum(m_eff, sigma=1.0)), a)
        med_shape = resp.fold(bd.recoil_spectrum(S2MED_PAPER["m"], S2MED_PAPER["m_X"], g=1.0))
        _, sm90, chi_m = _scale_limit(lik, med_shape)
        g90_med = sm90 ** 0.125                               # the rate goes as (g_e g_chi)^4
        amed = resp.fold(bd.recoil_spectrum(S2MED_PAPER["m"], S2MED_PAPER["m_X"], g=S2MED_PAPER["g"]))
        d3 = _dev_excess(lik, med_shape, amed)
    T.append(TodayItem("s2eff_upper_limit", f"Scenario 2, constant sigma, at m_DM = {m_eff / u.keV:.2f} keV: sigma_DM-e",
                       S2EFF_PAPER["sigma_cm2"], sig90, "cm^2", src,
                       f"sigma < {sig90:.2g} cm^2 at 90% CL; the paper's best fit gives Delta(-2 ln L) = {d2:.1f} "
                       + (f"(excluded at {_cl(d2, 1)})" if d2 > 2.71 else "(not excluded)")))
    T.append(TodayItem("s2med_upper_limit", "Scenario 2 with a mediator at the paper's (m_DM, m_X) = (1.43, 0.16) MeV: "
                       "sqrt(g_e g_chi)", S2MED_PAPER["g"], g90_med, "", src,
                       f"g < {g90_med:.3g} at 90% CL (rate ~ g^8); the paper's best fit gives Delta(-2 ln L) = {d3:.1f} "
                       + (f"(excluded at {_cl(d3, 1)})" if d3 > 2.71 else "(not excluded)")))
    T.append(TodayItem("lz_er", "LZ's low-energy electron recoils, the other xenon experiment of today", "not yet taken",
                       "background-only; not fitted", "",
                       "LZ, Aalbers et al., PRD 108 (2023) 072006, arXiv:2307.15753 (60 live days); LZ, Akerib et al., "
                       "arXiv:2511.17350 (4.2 t yr)",
                       "both LZ searches find the data consistent with background only; their binned spectra, "
                       "efficiency and background model were not found as public tables (searched 2026-12-03), so "
                       "leptoforce does not fit them and XENONnT SR0 alone sets the limits above"))
    ctx.today_verdict = (f"XENONnT sees no excess: its background model fits the 1-30 keV data (chi^2 = {chi_b0:.1f} for 29 "
                         f"bins) and every scenario of seed 003 becomes an upper limit. The XENON1T best fit of the leptonic "
                         f"force is {'excluded' if d1 > 4.61 else 'not excluded'} (Delta(-2 ln L) = {d1:.1f}, Poisson); the "
                         f"boosted-DM fits are {'excluded' if min(d2, d3) > 2.71 else 'not all excluded'} (Delta(-2 ln L) = "
                         f"{d2:.1f} and {d3:.1f}). The resolution XENONnT did not publish is taken from XENON1T; varying it "
                         f"by +-20% moves the Scenario 1 limit by {100 * max(abs(v / g90 - 1) for v in lim_var):.2f}%.")
    _today_figure(ctx, resp, lik, rec, bd, fit1)


def _dev_excess(lik, shape, signal) -> float:
    """Poisson deviance of ``signal`` minus its minimum over non-negative multiples of ``shape`` (log grid and 0)."""
    scales = np.concatenate([[0.0], np.geomspace(1e-6, 1e6, 241)])
    s0, _ = lik.best_scale(shape)
    scales = np.concatenate([scales, float(s0) * np.geomspace(0.5, 2.0, 41)])
    devs = lik.poisson_deviance(scales[:, None] * np.asarray(shape)[None, :])
    return float(lik.poisson_deviance(signal)) - float(np.min(devs))


def _cl(dchi2: float, dof: int) -> str:
    from scipy import stats
    p = float(stats.chi2.sf(dchi2, dof))
    z = float(stats.norm.isf(p / 2)) if p > 0 else math.inf
    return f"{z:.1f} sigma (p = {p:.1e})"


def _today_figure(ctx: Context, resp, lik, rec, bd, fit1) -> None:
    import matplotlib.pyplot as plt
    c = lik.data.centres
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    ax.errorbar(c, lik.data.rate, lik.data.err, fmt="ko", ms=3, label="XENONnT SR0 data")
    ax.step(lik.data.edges, np.append(lik.bkg, lik.bkg[-1]), where="post", color="0.4", label="XENONnT B0")
    for label, sig, col in (("XENON1T best fit: Scenario 1", resp.fold(rec.spectrum("Le-Lmu", fit1.m_X, fit1.g)), "C3"),
                            ("XENON1T best fit: Scenario 2 (sigma)",
                             resp.fold(bd.recoil_spectrum(S2EFF_PAPER["m"], sigma=S2EFF_PAPER["sigma_cm2"] * u.cm ** 2)), "C0"),
                            ("XENON1T best fit: Scenario 2 (mediator)",
                             resp.fold(bd.recoil_spectrum(S2MED_PAPER["m"], S2MED_PAPER["m_X"], g=S2MED_PAPER["g"])), "C2")):
        tot = lik.bkg + sig
        ax.step(lik.data.edges, np.append(tot, tot[-1]), where="post", color=col, label=label)
    ax.set(xlabel="reconstructed energy [keV]", ylabel="events / (t yr keV)", xlim=(1, 30), ylim=(0, None),
           title="Today: the XENON1T signals on XENONnT SR0 (arXiv:2207.11330)")
    ax.legend(fontsize=7)
    ctx.save_figure(fig, "fig1_scenario1_today", today=True)
    plt.close(fig)


_FLAT = "the chi^2 valley is flat along it (within 0.3 over a decade in our profile): its position is not a sharp number"
#: Where each paper number comes from and why its tolerance is what it is (seed 003).
BASIS = {
    "chi2_B0": ("printed", "Fig. 1 caption: 46.49; +-1.5 in chi^2 (3%) for the third-party digitisation of B0"),
    "s1_best_mX_keV": ("printed", "(45.5 keV, 3.2e-7) in Sec. III; 100% because " + _FLAT),
    "s1_best_g": ("printed", "3.2e-7 (2 digits); factor 2 because g follows m_X along the same flat valley"),
    "s1_best_chi2": ("printed", "42.03; 3% = the +-1.5 of the digitised B0"),
    "s1_delta_chi2": ("derived", "46.49 - 42.03 from the paper's two printed chi^2; 50% since B0's digitisation moves "
                      "chi^2 by ~1"),
    "s1_diag_min_chi2_at_paper_point": ("printed", "42.03 at the paper's point; 3%"),
    "s2eff_best_m_keV": ("printed", "(1.09 keV, 3.82e-32 cm^2) in Sec. IV; 50% because " + _FLAT),
    "s2eff_best_sigma_cm2": ("printed", "3.82e-32 cm^2; 50%: it moves with the flat m_DM direction"),
    "s2eff_best_chi2": ("printed", "42.82; 3% (digitised B0)"),
    "s2eff_sigma_at_paper_mass_cm2": ("printed", "3.82e-32 cm^2 at 1.09 keV; 25%: the CR flux model of the paper is not "
                                      "fully stated"),
    "s2eff_chi2_at_paper_point": ("printed", "42.82 at the paper's point; 3%"),
    "s2med_best_m_DM_MeV": ("printed", "(1.43 MeV, 0.16 MeV, 3.79e-3) in Sec. IV; 100% because " + _FLAT),
    "s2med_best_m_X_MeV": ("printed", "0.16 MeV; 50%: correlated with m_DM and g along the valley"),
    "s2med_best_g": ("printed", "3.79e-3; 50%: correlated with m_X (the paper's own statement)"),
    "s2med_best_chi2": ("printed", "41.81; 3% (digitised B0)"),
    "s2med_chi2_at_paper_point": ("printed", "41.81 at the paper's point; 3%"),
    "s2med_g_at_paper_masses": ("printed", "3.79e-3 (3 digits); 10%: the rate goes as g^8, so 10% in g is 2x in rate"),
    "ns_capture_rate": ("printed", "C_c ~ 9.5e37 s^-1 (Sec. V); 50%: the paper does not give its Pauli factor xi"),
    "ns_geometric_rate": ("printed", "C_geom ~ 1.6e28 s^-1 (2 digits, '~'); 10%"),
    "ns_saturates": ("statement", "'much larger than the geometric limit': yes/no, exact"),
    "ns_capture_rate_extreme": ("printed", "C_c ~ 4.3e33 s^-1 (Sec. V); 50%: xi not given"),
    "ns_geometric_rate_extreme": ("printed", "C_geom ~ 2.2e32 s^-1; 10%"),
    "ns_saturates_extreme": ("statement", "'still larger than the geometric limit': yes/no, exact"),
    "ns_heating_T_K": ("printed", "'~ 1500 K' (abstract and Sec. V); 25% for the '~'"),
}


def _verdict(items) -> str:
    by = {it.key: it for it in items}
    ok, n = agreement(items)
    return (f"The XENON1T fits of seed 003 reproduce with a digitised B0 whose chi^2 ({by['chi2_B0'].ours:.2f}) sits "
            f"{by['chi2_B0'].ours - CHI2_B0_PAPER:+.2f} from the paper's: the leptonic force improves on B0 by "
            f"{by['s1_delta_chi2'].ours:.2f} in chi^2 (paper 4.46) and the constant-cross-section boosted DM by "
            f"{by['s2eff_best_chi2'].ours and (by['chi2_B0'].ours - by['s2eff_best_chi2'].ours):.2f} (paper 3.67). The best-fit "
            "masses lie in flat chi^2 valleys, so their positions differ while the couplings and chi^2 agree; the "
            "mediator fit comes out better than the paper's. The neutron-star numbers agree in the geometric limit and "
            f"in the heating temperature. {ok} of {n} numbers with a paper value agree within their tolerance."
            )

