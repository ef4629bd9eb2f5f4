"""Analysis ``sterile-secret``: seed 002 (sterile-neutrino dark matter from secret neutrino interactions).

The relic density of a 7.1 keV (and 50 keV) sterile neutrino made by oscillations (eq. 2.8) with the
thermal potential (eqs. 2.6, 3.3) and collision rate (eqs. 2.7, 3.5-3.12, 4.3-4.6) of nu_mu in the
presence of a neutrinophilic V, an L_mu - L_tau or a B - L gauge boson (:mod:`leptoforce.thermal.sterile`).
Fig. 4 (the Omega h^2 plane with benchmarks A, B, C), Fig. 5 (Gamma/H, theta_eff/theta, df/dln z at
x = 1) and Figs. 6-8 (the Omega h^2 = 0.12 curves over the laboratory bounds) are scans through the
scan engine. Conventions: see the module docstring of :mod:`leptoforce.thermal.sterile`. The
reproduction uses ``conventions="paper"`` (the paper's rate normalisation, which leaves out the on-shell
nubar -> nu4 production, with the entropy done right); the benchmarks, Fig. 4 and Figs. 6-8 also show
the ``"consistent"`` bookkeeping, which counts it.

With ``--inputs current`` (:func:`_today`): Figs. 6-8 redrawn over today's limits on the three vectors (the atlas,
with the ATLAS 2023 Higgs-invisible and NA62 2021 K+ limits for the neutrinophilic one), the share of each
Omega h^2 = 0.12 line that survives then and now, benchmarks A, B, C against both, and the status of the 3.55 keV
line that motivates m4 = 7.1 keV.
"""
from __future__ import annotations

import math

import numpy as np

from .. import inputs
from .. import units as u
from ..errors import ComputationError
from ..model.dark_sector import SterileNeutrino
from ..thermal.sterile import ProductionGrid, SterileProduction, cached_production, dodelson_widrow
from .base import Context, Item, TodayItem, classify, grid_scan, register

#: The paper's year: its figures draw the limits published up to it (data/inputs/paper-seed002.toml).
PAPER_YEAR = inputs.input_set("paper-seed002").year

SEED = "002_d15dc0b542543bdf.txt"
M4, S2 = 7.1 * u.keV, 7e-11
HEAVY = (50 * u.keV, 1e-15)
BENCH = {"A": (0.11, 2.77), "B": (0.003, 0.88), "C": (4.8e-6, 0.03)}      # (lambda, m_V [GeV]) of Fig. 4
SLOPES = {"A": (3.0, -2.0), "B": (-2.0, -5.0), "C": (2.0, -1.0)}          # eqs. 3.16-3.18: (lambda, m_V)
MODELS = (("nuphilic-mumu", "fig6_nuphilic", "neutrinophilic $V$ ($\\lambda_{\\mu\\mu}$)", "$\\lambda_{\\mu\\mu}$"),
          ("Lmu-Ltau", "fig7_lmu_ltau", "$L_\\mu - L_\\tau$", "$g_{\\mu\\tau}$"),
          ("B-L", "fig8_b_minus_l", "$B - L$", "$g_{B-L}$"))
M_RANGE = (3 * u.MeV, 10.0)
G_RANGE = (1e-7, 1.0)
REPRO = "paper"              # conventions of the reproduction (thermal.sterile docstring); "consistent" is shown too


def _sterile(m4=M4, s2=S2) -> SterileNeutrino:
    return SterileNeutrino(m4, s2, "mu")


def _lambda_for(prod: SterileProduction, st: SterileNeutrino, lam0: float, conventions: str = REPRO) -> float:
    """Coupling near lam0 with Omega h^2 = 0.12 (bracket widened until it holds one crossing)."""
    for f in (3.0, 10.0, 30.0):
        try:
            return prod.coupling_for(0.12, st, lam0 / f, min(lam0 * f, 4 * math.pi), conventions)
        except ComputationError:                         # no crossing in this bracket: widen it
            continue
    return float("nan")


def _slopes(prod_of, lam: float, m_V: float, st: SterileNeutrino, conventions: str) -> tuple[float, float]:
    """d ln Omega / d ln lambda and d ln Omega / d ln m_V by central differences (factor 1.1)."""
    f = 1.1
    p = prod_of(m_V)

    def om(prod, g):
        return prod.solve(g, st, conventions).omega_h2
    dl = math.log(om(p, lam * f) / om(p, lam / f)) / (2 * math.log(f))
    dm = math.log(om(prod_of(m_V * f), lam) / om(prod_of(m_V / f), lam)) / (2 * math.log(f))
    return dl, dm


@register("sterile-secret", SEED, "Sterile neutrino dark matter from secret neutrino interactions with a vector")
def run(ctx: Context) -> list[Item]:
    grid = ProductionGrid()
    st = _sterile()

    def prod_of(m_V: float) -> SterileProduction:
        return cached_production(m_V, "nuphilic-mumu", "mu", grid)

    items: list[Item] = []
    details = {}
    for name, (lam, m_V) in ctx.track(BENCH.items(), "benchmarks A, B, C", len(BENCH), "benchmarks"):
        p = prod_of(m_V)
        res = p.solve(lam, st, REPRO)
        cons = p.solve(lam, st, "consistent")
        lit = p.solve(lam, st, "literal")
        lam12, lam12_c = _lambda_for(p, st, lam), _lambda_for(p, st, lam, "consistent")
        details[name] = res
        items.append(Item(f"benchmark_{name}_omega_h2", f"Omega h^2 at benchmark {name} (lambda = {lam:g}, m_V = {m_V:g} GeV)",
                          res.omega_h2, 0.12, "", tol=0.35,
                          note="the paper's rate normalisation (conventions='paper': eq. 3.6's 2 on the off-shell "
                               "rates, eq. 3.12 per particle, f counted once) with the entropy taken at production; "
                               f"eq. 3.14 read literally would give {lit.omega_h2:.3g}"))
        items.append(Item(f"benchmark_{name}_lambda_for_0p12", f"lambda with Omega h^2 = 0.12 at m_V = {m_V:g} GeV (benchmark {name})",
                          lam12, lam, "", tol=0.25, note="conventions='paper', as the benchmark's Omega h^2"))
        items.append(Item(f"benchmark_{name}_omega_h2_consistent",
                          f"Omega h^2 at benchmark {name}, consistent bookkeeping (per-particle rates, nu and nubar)",
                          cons.omega_h2, 0.12, "", tol=0.35,
                          note="adds the on-shell nubar -> nu4 production that the paper's normalisation leaves out: "
                               f"x{cons.omega_h2 / res.omega_h2:.2f} of the paper-convention value (2 where inverse "
                               "decay dominates, 1 where off-shell exchange does)"))
        items.append(Item(f"benchmark_{name}_lambda_for_0p12_consistent",
                          f"lambda with Omega h^2 = 0.12 at m_V = {m_V:g} GeV (benchmark {name}), consistent bookkeeping",
                          lam12_c, lam, "", tol=0.25, note=f"see benchmark_{name}_omega_h2_consistent"))
        items.append(Item(f"benchmark_{name}_mean_p_over_Tnu", f"<p/T_nu> of the relic nu4 at benchmark {name}",
                          res.mean_p_over_Tnu, None, "",
                          note="paper gives none; 3.15 for a thermal Fermi-Dirac spectrum; diluted by "
                               "(10.75/g_*s(T_prod))^(1/3) when made above the QCD transition"))
    for name, (lam, m_V) in ctx.track(BENCH.items(), "log-slopes at the benchmarks", len(BENCH), "benchmarks"):
        dl, dm = _slopes(prod_of, lam, m_V, st, REPRO)
        pl, pm = SLOPES[name]
        items.append(Item(f"slope_{name}_mV", f"d ln Omega/d ln m_V at benchmark {name} (eqs. 3.16-3.18)", dm, pm, "",
                          tol=0.2, note="local log-slope by central differences (x1.1), conventions='paper'; the paper's "
                                        "exponent holds deep in the regime, the benchmark sits on the S-curve"))
        items.append(Item(f"slope_{name}_lambda", f"d ln Omega/d ln lambda at benchmark {name} (eqs. 3.16-3.18)", dl, pl, "",
                          tol=0.2, note="local log-slope by central differences (x1.1), conventions='paper'"))
    # Dodelson-Widrow limit
    dw = dodelson_widrow(st, grid)
    dw2 = dodelson_widrow(_sterile(s2=2 * S2), grid)
    s2_dw = S2 * 0.12 / dw.omega_h2
    items.append(Item("dw_omega_h2", "Omega h^2 without the vector (Dodelson-Widrow), m4 = 7.1 keV, sin^2 2theta = 7e-11",
                      dw.omega_h2, None, "", note="the paper: DW cannot make the 3.55 keV-line dark matter"))
    items.append(Item("dw_linearity", "Omega_DW(2 sin^2 2theta)/(2 Omega_DW(sin^2 2theta))", dw2.omega_h2 / (2 * dw.omega_h2),
                      1.0, "", tol=1e-3))
    items.append(Item("dw_sin2_2theta_for_0p12", "sin^2 2theta giving Omega h^2 = 0.12 by DW alone (nu_mu, 7.1 keV)",
                      s2_dw, None, "",
                      note="literature: a few x 1e-9 at 7 keV (Abazajian-Fuller-Patel fit Omega_s = 0.2 (sin^2 theta/3e-9)"
                           "(m_s/3 keV)^1.8 -> 3.4e-9; Asaka-Laine-Shaposhnikov hep-ph/0612182 find factors 2-3 less "
                           "production from hadronic and rate uncertainties); ours uses Gamma_SM = 0.92 G_F^2 E T^4 "
                           "(seed eq. 2.7, nu_mu) and g_*s of Saikawa-Shirai, consistent bookkeeping"))
    # convergence at benchmark B (the most resolution-hungry)
    lam, m_V = BENCH["B"]
    fine = SterileProduction(m_V, "nuphilic-mumu", "mu", grid.refined()).solve(lam, st, REPRO).omega_h2
    items.append(Item("convergence_B", "Omega h^2 at benchmark B with x, z and p nodes doubled / default",
                      fine / details["B"].omega_h2, 1.0, "", tol=0.01))
    ctx.extra_settings["sterile_grid"] = {"n_x": grid.n_x, "z_per_decade": grid.z_per_decade,
                                          "T_final_GeV": grid.T_final, "potential_nodes": grid.potential_nodes}
    ctx.extra_settings["sterile_conventions"] = {"reproduction": REPRO, "also_shown": "consistent"}
    _figures(ctx, prod_of)
    items.append(Item("fig4_s_shape", "Omega h^2 = 0.12 contour of Fig. 4 is S-shaped (lambda(m_V) turns back twice)",
                      float(ctx.extra_settings.get("fig4_turning_points", 0)), 2.0, "", tol=0.0,
                      note="counts the sign changes of d m_V along the contour; the paper's three regimes need two"))
    classify(items, BASIS)
    ctx.verdict = _verdict(items)
    if ctx.current:
        _today(ctx)
    return items


_FIG4 = ("figure", "the benchmark is a point placed on Fig. 4's Omega h^2 = 0.12 contour, read from the figure; 35% in "
         "Omega (25% in lambda) covers the reading and the rate conventions the paper leaves implicit")
BASIS = {
    **{f"benchmark_{n}_omega_h2": _FIG4 for n in BENCH},
    **{f"benchmark_{n}_omega_h2_consistent": _FIG4 for n in BENCH},
    **{f"benchmark_{n}_lambda_for_0p12": _FIG4 for n in BENCH},
    **{f"benchmark_{n}_lambda_for_0p12_consistent": _FIG4 for n in BENCH},
    **{f"slope_{n}_{w}": ("printed", "the exponents of eqs. 3.16-3.18 (integers of an asymptotic regime): 20% since a "
                          "benchmark sits near a regime's edge, not deep inside it") for n in BENCH for w in ("mV", "lambda")},
    "dw_linearity": ("derived", "Omega_DW is linear in sin^2 2theta for small mixing (eq. 2.8 without the vector): 0.1%"),
    "convergence_B": ("derived", "a convergence check (refined / default grid = 1): 1%"),
    "fig4_s_shape": ("statement", "'all the curves exhibit an S-shape' (Sec. III.A): two turning points, exactly"),
}


def _verdict(items) -> str:
    by = {it.key: it for it in items}
    oms = ", ".join(f"{n} {by[f'benchmark_{n}_omega_h2'].ours:.3g}" for n in BENCH)
    slopes_ok = sum(by[f"slope_{n}_{w}"].status == "ok" for n in BENCH for w in ("mV", "lambda"))
    return (f"Seed 002's production regimes reproduce: Omega h^2 at the three benchmarks ({oms}; paper 0.12 by "
            f"construction) in the paper's rate normalisation, {slopes_ok} of the 6 power laws of eqs. 3.16-3.18 at the "
            "benchmarks within 20%, and the S-shaped Omega h^2 = 0.12 contour of Fig. 4. Counting the on-shell nubar -> nu4 "
            "production that the paper's normalisation leaves out raises Omega by up to 2x where inverse decay "
            "dominates (shown as the 'consistent' items and dashed curves). Dodelson-Widrow alone gives "
            f"sin^2 2theta = {by['dw_sin2_2theta_for_0p12'].ours:.2g} for Omega h^2 = 0.12 at 7.1 keV, far above the "
            "7e-11 of the 3.55 keV line, as the paper says.")


def _plane(ctx: Context, charges: str, tag: str, n: int, m4: float, s2: float, g_range=G_RANGE) -> dict:
    """Omega h^2 on an (m_V, g) grid in the reproduction's conventions (``omega_h2``) and in the
    consistent ones (``omega_h2:consistent``)."""
    return grid_scan(ctx, {
        "model": {"kind": "sterile-secret", "charges": charges, "flavour": "mu", "m4": m4, "sin2_2theta": s2,
                  "conventions": REPRO},
        "parameters": {"m_V": {"min": M_RANGE[0], "max": M_RANGE[1], "prior": "log", "n": n},
                       "g": {"min": g_range[0], "max": g_range[1], "prior": "log", "n": n}},
        "compute": {"observables": ["omega_h2", "omega_h2:consistent", "mean_p_over_Tnu"]},
        "run": {"chunk_size": n * max(1, n // 8)},                  # whole m_V rows per chunk: tables reused
    }, f"scan_{tag}")


def _turning_points(cs) -> int:
    """Sign changes of d m_V along the longest path of a matplotlib contour set."""
    paths = [p for p in cs.allsegs[0]] if hasattr(cs, "allsegs") else []
    if not paths:
        return 0
    seg = max(paths, key=len)
    dx = np.diff(np.log(seg[:, 0]))
    dx = dx[np.abs(dx) > 1e-9]
    return int(np.sum(np.diff(np.sign(dx)) != 0))


def _figures(ctx: Context, prod_of) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ..plotting import bound_curves
    st = _sterile()
    # Fig. 4
    n = ctx.pick(12, 60, 120)
    r = _plane(ctx, "nuphilic-mumu", "fig4", n, M4, S2)
    X, Y, O = r["m_V"] / u.MeV, r["g"], r["omega_h2"]
    fig, ax = plt.subplots(figsize=(6.2, 4.8))
    ax.contourf(X, Y, np.where(O > 0.12, 1.0, np.nan), levels=[0.5, 1.5], colors=["#fcbba1"], alpha=0.7)
    levels = [1e-3, 1e-2, 0.12, 1.0, 10.0]
    cs = ax.contour(X, Y, O, levels=levels, colors="tab:orange", linewidths=[0.8, 0.8, 2.0, 0.8, 0.8])
    ax.clabel(cs, fmt=lambda v: f"{v:g}", fontsize=7)
    c12 = ax.contour(X, Y, O, levels=[0.12], colors="none")
    ctx.extra_settings["fig4_turning_points"] = _turning_points(c12)
    ax.contour(X, Y, r["omega_h2:consistent"], levels=[0.12], colors="tab:blue", linestyles="--", linewidths=1.2)
    ax.plot([], [], color="tab:orange", lw=2, label="$\\Omega h^2$ = 0.12, the paper's normalisation")
    ax.plot([], [], color="tab:blue", ls="--", lw=1.2, label="0.12 with the on-shell $\\bar\\nu$ channel counted")
    ax.legend(fontsize=7, loc="upper left")
    for name, (lam, m_V) in BENCH.items():
        ax.plot(m_V / u.MeV, lam, "k*", ms=10)
        ax.annotate(name, (m_V / u.MeV, lam), textcoords="offset points", xytext=(6, 4))
    failed = int(np.sum(r["status"] != "ok"))
    ax.set(xscale="log", yscale="log", xlabel="$m_V$ [MeV]", ylabel="$\\lambda_{\\mu\\mu}$",
           title="seed 002 Fig. 4: $\\Omega h^2$, $m_4$ = 7.1 keV, $\\sin^2 2\\theta$ = 7e-11"
                 + (f" ({failed} failed)" if failed else ""))
    ax.text(0.02, 0.02, "shaded: over-abundant ($\\Omega h^2$ > 0.12)", transform=ax.transAxes, fontsize=7)
    ctx.save_figure(fig, "fig4_omega_plane")
    plt.close(fig)
    ctx.extra_settings["fig4_grid"] = n

    # Fig. 5
    fig, axes = plt.subplots(3, 3, figsize=(11, 8.5), sharex="col")
    for j, (name, (lam, m_V)) in enumerate(BENCH.items()):
        d = prod_of(m_V).diagnostics(lam, st, REPRO)
        axes[0, j].plot(d["z"], d["Gamma_over_H"], "k")
        axes[0, j].axhline(1, ls=":", color="gray")
        axes[1, j].plot(d["z"], d["theta_eff_over_theta"], "k")
        axes[2, j].plot(d["z"], d["dfdlnz"], "k")
        axes[0, j].set_title(f"{name}: $\\lambda$ = {lam:g}, $m_V$ = {m_V:g} GeV")
        for i in range(3):
            axes[i, j].set(xscale="log", yscale="log")
        axes[2, j].set_xlabel("z = 1 MeV / T")
        axes[2, j].set_ylim(max(d["dfdlnz"].max() * 1e-8, 1e-30), d["dfdlnz"].max() * 3)
    axes[0, 0].set_ylabel("$\\Gamma/H$")
    axes[1, 0].set_ylabel("$\\theta_{eff}/\\theta$")
    axes[2, 0].set_ylabel("$df_{\\nu_4}/d\\ln z$ (x = 1, per helicity)")
    fig.suptitle("seed 002 Fig. 5: diagnostics at x = E/T = 1")
    ctx.save_figure(fig, "fig5_diagnostics")
    plt.close(fig)

    # Figs. 6-8
    n = ctx.pick(10, 40, 80)
    masses = _limit_masses(ctx)
    planes = ctx.scratch.setdefault("planes", {})
    for charges, stem, title, ylabel in MODELS:
        for m4, s2 in ((M4, S2), HEAVY):
            planes[(charges, m4)] = _plane(ctx, charges, f"{stem}_{m4 / u.keV:g}keV", n, m4, s2)
        curves = bound_curves(charges, masses, PAPER_YEAR, False, ctx.settings)
        ctx.scratch.setdefault("layers_paper", {})[charges] = curves
        _limits_figure(ctx, charges, stem, f"{title}: $\\Omega h^2$ = 0.12 (seed 002; limits up to {PAPER_YEAR})",
                       ylabel, masses, curves, PAPER_YEAR)
    ctx.extra_settings["figs678_grid"] = n


def _limit_masses(ctx: Context) -> np.ndarray:
    """The m_V grid of the limit layers of Figs. 6-8 [GeV internal]."""
    return np.geomspace(*M_RANGE, ctx.pick(30, 60, 120))


def _limits_figure(ctx: Context, charges: str, stem: str, title: str, ylabel: str, masses, curves, until,
                   today: bool = False, stars=()) -> None:
    """One of Figs. 6-8: the Omega h^2 = 0.12 lines of both sterile neutrinos over the limit layers ``curves``."""
    import matplotlib.pyplot as plt

    from ..plotting import exclusion_plane
    fig, ax, _ = exclusion_plane(charges, masses, ylim=G_RANGE, ylabel=ylabel, until=until, curves=curves,
                                 projections=False, stars=stars,
                                 missing_relevant=("SN1987A_nuphilic", "DUNE_nuphilic", "LDMX_projection"), title=title)
    for (m4, s2), colour in (((M4, S2), "0.45"), (HEAVY, "k")):
        r = ctx.scratch["planes"][(charges, m4)]
        ax.contour(r["m_V"] / u.MeV, r["g"], r["omega_h2"], levels=[0.12], colors=colour, linewidths=2)
        ax.contour(r["m_V"] / u.MeV, r["g"], r["omega_h2:consistent"], levels=[0.12], colors=colour,
                   linewidths=1, linestyles="--")
        ax.plot([], [], color=colour, lw=2, label=f"$m_4$ = {m4 / u.keV:g} keV, $\\sin^2 2\\theta$ = {s2:g}")
    ax.plot([], [], color="0.3", lw=1, ls="--", label="dashed: on-shell $\\bar\\nu$ channel counted")
    ax.legend(fontsize=6, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ctx.save_figure(fig, stem + ("_today" if today else ""), today=today)
    plt.close(fig)


# ------------------------------------------------------------------------------------------------
# today (--inputs current)
# ------------------------------------------------------------------------------------------------
def relic_lines(plane: dict, key: str = "omega_h2", level: float = 0.12) -> list[tuple[np.ndarray, np.ndarray]]:
    """The Omega h^2 = ``level`` lines of a (m_V, g) plane as (m_V [GeV internal], g) polylines, contoured in
    (log m_V, log g, log Omega) (failed points masked)."""
    import contourpy
    m, g, om = plane["m_V"][:, 0], plane["g"][0, :], np.asarray(plane[key], float)
    bad = ~np.isfinite(om) | (om <= 0) | (plane["status"] != "ok")
    z = np.ma.masked_array(np.log(np.where(bad, 1.0, om)), mask=bad).T          # (n_g, n_m)
    gen = contourpy.contour_generator(np.log(m), np.log(g), z)
    return [(np.exp(seg[:, 0]), np.exp(seg[:, 1])) for seg in gen.lines(math.log(level)) if len(seg) >= 2]


def _share_allowed(lines, layers, masses) -> tuple[float, list]:
    """Length-weighted share of ``lines`` that no existing layer excludes, and the layers that exclude some of it."""
    from ..experiments.atlas import allowed_fraction
    total = allowed = 0.0
    names: list = []
    for cm, cg in lines:
        length = float(np.sum(np.hypot(np.diff(np.log(cm)), np.diff(np.log(cg)))))
        if length <= 0:
            continue
        f, hit = allowed_fraction(layers, masses, cm, cg)
        total += length
        allowed += f * length
        names += [h for h in hit if h not in names]
    if total == 0:
        raise ComputationError("no Omega h^2 = 0.12 line in the plane: nothing to assess")
    return allowed / total, names


def _today(ctx: Context) -> None:
    """Seed 002's conclusions with today's limits (the ``current`` input set): the neutrinophilic limits of today
    (ATLAS 2023 Higgs invisible, NA62 2021 K+), the atlas's L_mu-L_tau and B-L limits, benchmarks A-C, and the
    3.55 keV line."""
    from ..experiments.atlas import excluded_by
    from ..lab import nuphilic
    from ..plotting import bound_curves
    T = ctx.today
    masses = _limit_masses(ctx)
    lib = inputs.input_set("library")
    T.append(TodayItem("higgs_invisible", "the LHC limit on BR(h -> invisible), the leading bound for m_V > 5 MeV",
                       nuphilic.HIGGS_INV_BR_LIMITS["LHC"], nuphilic.HIGGS_INV_BR_LIMITS["ATLAS 2023"], "",
                       lib.get("higgs_invisible.br_atlas2023").source,
                       f"lambda_max falls by sqrt of the BR/(1 - BR) ratio, x "
                       f"{math.sqrt(nuphilic.HIGGS_INV_BR_LIMITS['ATLAS 2023'] / (1 - nuphilic.HIGGS_INV_BR_LIMITS['ATLAS 2023']) / (nuphilic.HIGGS_INV_BR_LIMITS['LHC'] / (1 - nuphilic.HIGGS_INV_BR_LIMITS['LHC']))):.2f} "
                       "at every m_V (the HL-LHC projection of 2.5% is not yet reached)"))
    T.append(TodayItem("k_mununu", "the limit on BR(K+ -> mu+ nu nu nubar)", nuphilic.MESON_BR_LIMITS["K"],
                       nuphilic.K_BR_LIMIT_NA62, "", lib.get("meson.br_K_mununu_na62").source,
                       f"lambda_max x {math.sqrt(nuphilic.K_BR_LIMIT_NA62 / nuphilic.MESON_BR_LIMITS['K']):.2f} below "
                       "m_K - m_mu; still weaker than the Higgs bound there"))
    now_layers = {}
    for charges, stem, title, ylabel in MODELS:
        with ctx.step(f"today: current limits on {charges}"):
            now_layers[charges] = bound_curves(charges, masses, None, False, ctx.settings)
        then_layers = ctx.scratch["layers_paper"][charges]
        for m4, s2 in ((M4, S2), HEAVY):
            lines = relic_lines(ctx.scratch["planes"][(charges, m4)])
            if not lines:
                T.append(TodayItem(f"{charges}_{m4 / u.keV:g}keV_allowed", f"{title}: the Omega h^2 = 0.12 line for "
                                   f"m4 = {m4 / u.keV:g} keV", None, None, "", "", "no line in the plane at this "
                                   "resolution: not assessed"))
                continue
            f0, _ = _share_allowed(lines, then_layers, masses)
            f1, hit = _share_allowed(lines, now_layers[charges], masses)
            T.append(TodayItem(f"{charges}_{m4 / u.keV:g}keV_allowed",
                               f"{title}: share of the Omega h^2 = 0.12 line (m4 = {m4 / u.keV:g} keV, sin^2 2theta = {s2:g}; "
                               "by length in log m_V, log g) that no existing limit excludes",
                               round(f0, 3), round(f1, 3), "", f"limits up to {PAPER_YEAR} vs today's atlas",
                               f"{f1:.0%} survives today ({f0:.0%} with the limits of {PAPER_YEAR})"
                               + (f"; cut by {', '.join(hit)}" if hit else "")))
        _limits_figure(ctx, charges, stem, f"{title} today: $\\Omega h^2$ = 0.12 over current limits", ylabel, masses,
                       now_layers[charges], None, today=True,
                       stars=[("benchmarks A, B, C", m_V * u.GeV, lam) for lam, m_V in list(BENCH.values())[:1]]
                       + [(None, m_V * u.GeV, lam) for lam, m_V in list(BENCH.values())[1:]] if charges == "nuphilic-mumu" else ())
    bench_hits: list = []
    for name, (lam, m_V) in BENCH.items():
        m = m_V * u.GeV
        hit0 = excluded_by(ctx.scratch["layers_paper"]["nuphilic-mumu"], masses, m, lam)
        hit1 = excluded_by(now_layers["nuphilic-mumu"], masses, m, lam)
        bench_hits += [h for h in hit1 if h not in bench_hits]
        T.append(TodayItem(f"benchmark_{name}", f"is benchmark {name} (lambda = {lam:g}, m_V = {m_V:g} GeV) of Fig. 4 allowed?",
                           "excluded" if hit0 else "allowed", "excluded" if hit1 else "allowed", "",
                           f"neutrinophilic limits up to {PAPER_YEAR} vs today's",
                           (f"excluded today by {', '.join(hit1)}" + (f" (already by {', '.join(hit0)} with the paper's "
                                                                        "own limits)" if hit0 else "")) if hit1 else
                           "allowed then and now"))
    T.append(TodayItem("xray_7keV", "the 3.55 keV X-ray line as nu4 -> nu gamma decay (m4 = 7.1 keV, sin^2 2theta = 7e-11), "
                       "the reason for the 7.1 keV benchmark", "a candidate signal", "disputed; no limit table in leptoforce",
                       "", "Dessert, Rodd, Safdi, Science 367 (2020) 1465, arXiv:1812.06976 (XMM-Newton blank sky: no line, "
                       "inconsistent with decay); Boyarsky et al., SciPost Astro Core 1 (2021) 001, arXiv:2004.06601 (that "
                       "limit overestimated by > 10x)",
                       "not assessed: the X-ray limits on sin^2 2theta at 7.1 keV are published as figures, and no table was "
                       "found in public repositories (searched 2026-12-02); the 50 keV, 1e-15 line is below the X-ray limits "
                       "the paper chose it for"))
    shares = {t.key: t.current_value for t in T if t.key.endswith("_allowed")}
    ex = [t.key.split("_")[1] for t in T if t.key.startswith("benchmark_") and t.current_value == "excluded"]

    def pct(key):
        v = shares.get(key)
        return "n/a" if v is None else f"{v:.0%}"
    ctx.today_verdict = (
        "Today's limits shrink seed 002's targets further. Allowed share of the Omega h^2 = 0.12 line (7.1 keV / 50 keV): "
        f"neutrinophilic {pct('nuphilic-mumu_7.1keV_allowed')} / {pct('nuphilic-mumu_50keV_allowed')}, L_mu-L_tau "
        f"{pct('Lmu-Ltau_7.1keV_allowed')} / {pct('Lmu-Ltau_50keV_allowed')}, B-L {pct('B-L_7.1keV_allowed')} / "
        f"{pct('B-L_50keV_allowed')}. "
        + (f"Benchmark{'s' if len(ex) > 1 else ''} {', '.join(ex)} {'are' if len(ex) > 1 else 'is'} excluded "
           f"(by {', '.join(bench_hits)}). " if ex else "Benchmarks A, B and C are allowed. ")
        + "The 3.55 keV line that motivates m4 = 7.1 keV is disputed and not assessed here (no limit table).")
