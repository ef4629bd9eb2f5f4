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
"""
from __future__ import annotations

import math

import numpy as np

from .. import inputs
from .. import units as u
from ..errors import ComputationError
from ..model.dark_sector import SterileNeutrino
from ..thermal.sterile import ProductionGrid, SterileProduction, cached_production, dodelson_widrow
from .base import Context, Item, grid_scan, register

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
    return items


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

    from ..plotting import exclusion_plane
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
    for charges, stem, title, ylabel in MODELS:
        masses = np.geomspace(*M_RANGE, 60)
        fig, ax, _ = exclusion_plane(charges, masses, ylim=G_RANGE, ylabel=ylabel, until=PAPER_YEAR,
                                     projections=False, missing_relevant=("SN1987A_nuphilic", "DUNE_nuphilic", "LDMX_projection"),
                                     title=f"{title}: $\\Omega h^2$ = 0.12 (seed 002; limits up to {PAPER_YEAR})")
        for (m4, s2), colour in (((M4, S2), "0.45"), (HEAVY, "k")):
            r = _plane(ctx, charges, f"{stem}_{m4 / u.keV:g}keV", n, m4, s2)
            ax.contour(r["m_V"] / u.MeV, r["g"], r["omega_h2"], levels=[0.12], colors=colour, linewidths=2)
            ax.contour(r["m_V"] / u.MeV, r["g"], r["omega_h2:consistent"], levels=[0.12], colors=colour,
                       linewidths=1, linestyles="--")
            ax.plot([], [], color=colour, lw=2, label=f"$m_4$ = {m4 / u.keV:g} keV, $\\sin^2 2\\theta$ = {s2:g}")
        ax.plot([], [], color="0.3", lw=1, ls="--", label="dashed: on-shell $\\bar\\nu$ channel counted")
        ax.legend(fontsize=6, loc="upper left", bbox_to_anchor=(1.01, 1.0))
        ctx.save_figure(fig, stem)
        plt.close(fig)
    ctx.extra_settings["figs678_grid"] = n
