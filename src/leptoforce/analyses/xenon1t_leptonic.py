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
from ..experiments.limits import recast_bound, registry
from ..experiments.xenon1t import CHI2_B0_PAPER, Resolution, Response, XenonLikelihood
from ..inference.xenon1t import fit_effective, fit_mediator, fit_scenario1, scan_mediator, scan_scenario1
from ..lab import g2
from ..astro.solar_recoil import SolarNuRecoil
from .base import Context, Item, register

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
