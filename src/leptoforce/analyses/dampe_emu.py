"""Analysis ``dampe-emu``: seed 000 (U(1)_{e-mu} Dirac dark matter and the DAMPE 1.4 TeV excess).

Steps: the background-only fit of eq. 6; the signal of a nearby subhalo at the paper's Fig. 1 point
under every convention set (:class:`leptoforce.experiments.dampe.SignalSettings`); the fit with the
signal normalisation free (E_br2, dgamma2 refitted); the <sigma v>-M_sub degeneracy; a random scan and
a nested-sampling run of the total likelihood (:mod:`leptoforce.inference.dampe_emu`) through the scan
engine, combined into profile likelihoods (Figs. 2 and 3, with the LZ and LZ+ILC projections); and
Section IV (Fermi-LAT FSR photon counts, the IceCube int rho^2 comparison).
"""
from __future__ import annotations

import itertools
import math

import numpy as np
from scipy import integrate

from .. import constants as C
from .. import units as u
from ..astro.halo import SubhaloConventions, j_factor_cone, milky_way_nfw, subhalo
from ..astro.spectra import fsr_photon_spectrum
from ..experiments.dampe import (BKG_PAPER, PEAK_BIN_GEV, DampeLikelihood, Response, SignalSettings, SignalTemplates,
                                 double_broken_power_law, electron_flux, fit_background, load_dampe2017, FLUX_UNIT)
from ..inference.terms import DCHI2_2D, profile_2d
from ..thermal.annihilation import DiracZPrimeAnnihilation
from .base import agreement, classify, Context, Item, register

SEED = "000_ed010ace77203c44.txt"
PAPER_POINT = {"m": 1540.0, "sv": 6.82e-25, "M_sub": 1.25e6, "d_kpc": 0.1}
FERMI_RADII_DEG = (0.1, 0.3, 1, 3, 10, 90, 180)
FERMI_PAPER = (0.7, 2.0, 5.9, 13.6, 25.3, 34.1, 34.4)
FERMI_EXPOSURE_CM2S = 3e11


def _branching() -> dict:
    """psi psi_bar branching ratios of U(1)_{e-mu} at the paper's mass (1/3 each into e e, mu mu, nu nu)."""
    return {k: float(v) for k, v in DiracZPrimeAnnihilation("Le-Lmu").branching(PAPER_POINT["m"]).items()}
PRIORS = {"m_psi": (500.0, 5000.0, "log"), "r": (1.0, 2.0, "linear"), "q_psi": (0.5, 5.0, "linear"),
          "g": (1e-3, 3.0, "log"), "M_sub_Msun": (1e5, 1e8, "log")}


def _e3f_peak(settings: SignalSettings, data, resp) -> tuple[float, float]:
    """E^3 F [GeV^2 m^-2 s^-1 sr^-1] of the paper's point in the 1.41 TeV bin and the next one."""
    h = subhalo(PAPER_POINT["M_sub"] * C.M_sun, settings.halo)
    F = electron_flux(resp.E, PAPER_POINT["m"], PAPER_POINT["sv"] * u.cm ** 3 / u.s, h, settings, _branching()) / FLUX_UNIT
    Fb = resp.matrix @ F
    i = int(np.argmin(abs(data.E_mean - PEAK_BIN_GEV)))
    return float(Fb[i] * data.E_mean[i] ** 3), float(Fb[i + 1] * data.E_mean[i + 1] ** 3)


def _scan_config(n: int, seed: int, n_m: int, n_M: int, sampler: str = "random") -> dict:
    return {"model": {"kind": "dampe-emu", "n_m": n_m, "n_M": n_M},
            "parameters": {k: {"min": lo, "max": hi, "prior": pr} for k, (lo, hi, pr) in PRIORS.items()},
            "compute": {"observables": ["total", "total_lz", "total_lz_ilc", "relic", "cmb", "lep", "dd", "dampe",
                                        "sigma_v0_cm3s", "omega_h2", "m_zp"]},
            "sampler": {"kind": sampler, "n": n, "seed": seed},
            "run": {"chunk_size": 2000},
            "report": {"sort_by": "total"}}


@register("dampe-emu", SEED, "U(1)_{e-mu} Dirac dark matter and the DAMPE 1.4 TeV electron excess")
def run(ctx: Context) -> list[Item]:
    data = load_dampe2017()
    items: list[Item] = []
    bf = fit_background(data)
    items += _background_items(bf)
    default = SignalSettings()
    resp = Response(data, default.resolution)
    items += _signal_items(ctx, data, resp, bf, default)
    tmpl = SignalTemplates(default, m_range_GeV=(1000.0, 2500.0), n_m=ctx.pick(120, 240, 480),
                           M_sub_range=(2.5e5, 6e7), n_M=ctx.pick(3, 4, 6))
    dl = DampeLikelihood(data, bf)
    br = _branching()
    M0 = PAPER_POINT["M_sub"] * C.M_sun
    items += _fit_items(ctx, tmpl, dl, br, M0, default)
    scan_items, cols, grids = _scan_items(ctx)
    items += scan_items
    if ctx.current:
        _today(ctx, cols, grids)
    _section_iv(ctx, items, default)
    _figure1(ctx, data, bf, default, tmpl, dl, br, M0)
    ctx.extra_settings["signal_settings"] = default.key()
    classify(items, BASIS)
    ctx.verdict = _verdict(items)
    return items


_REG = "read from the paper's 95% contour (Figs. 2-3, log axes): about +-0.1 dex"
#: Where each paper number comes from and why its tolerance is what it is (seed 000).
BASIS = {
    **{f"bkg_{k}": ("printed", "Sec. III prints 4 digits; 1% covers the unstated choices of the fit (stat and sys in "
                    "quadrature, E_mean per bin)") for k in ("phi0", "gamma", "dgamma1", "dgamma2")},
    "bkg_ebr2_GeV": ("printed", "Sec. III prints 885.4 GeV; 1% as for the other fit parameters"),
    "observed_excess_E3F_1411GeV": ("figure", "read from Fig. 1 (the 1.41 TeV point above the background): +-5%"),
    "signal_E3F_1411GeV": ("figure", "the paper's Fig. 1 point fits the excess (~59, read from Fig. 1); 25% because the "
                           "signal normalisation of one convention set is uncertain by more (see the spread item)"),
    "fit_sigma_v_at_paper_mass": ("printed", "Fig. 1 caption: 6.82e-25 cm^3/s; the best normalisation moves by a factor "
                                  "> 5 between convention sets, so 50%"),
    "fit_best_m_psi_GeV": ("printed", "Fig. 1 caption: m_psi = 1.54 TeV; 10% = the width of the chi^2 valley in m_psi"),
    "degeneracy_dlnsv_dlnMsub": ("derived", "slope of the paper's quoted ranges (3e-26 - 3e-24 cm^3/s for 2.5e5 - 6e7 "
                                 "Msun), whose ends are round numbers: 25%"),
    "best_m_psi_GeV": ("statement", "'a psi mass around 1.5 TeV' (abstract): 20%"),
    "best_m_zp_GeV": ("statement", "'a Z' mass around 2.6 TeV' (abstract); the likelihood is flat along the resonance "
                      "valley in m_Z': 35%"),
    "region95_m_psi_min": ("figure", _REG + " = 15%"), "region95_m_psi_max": ("figure", _REG + " = 15%"),
    "region95_m_zp_min": ("figure", _REG + "; the contour is ragged in m_Z': 30%"),
    "region95_m_zp_max": ("figure", _REG + "; the contour is ragged in m_Z': 30%"),
    "region95_g_min": ("figure", "read from Fig. 3 (g spans two decades in the region): 50%"),
    "region95_g_max": ("figure", "read from Fig. 3 (g spans two decades in the region): 50%"),
    "region95_sigma_v0_cm3s_min": ("figure", "read from Fig. 2 (<sigma v> spans two decades): 50%"),
    "region95_sigma_v0_cm3s_max": ("figure", "read from Fig. 2 (<sigma v> spans two decades): 50%"),
    "region95_m_psi_in_1p3_1p8TeV": ("statement", "the paper's preferred range as a yes/no (issue 6 acceptance): exact"),
    **{f"fermi_counts_{str(th).replace('.', 'p')}deg": (
        "printed", "Sec. IV prints the counts to 2-3 digits, but they follow from its unstated halo profile and FSR "
                   "treatment: 50%") for th in FERMI_RADII_DEG},
    "icecube_Q_ratio_10deg": ("statement", "'around two times higher than that of the Galactic centre' (Sec. IV): 50%"),
}


def _verdict(items) -> str:
    by = {it.key: it for it in items}
    rd = [it.rel_diff for it in items if it.key.startswith("fermi_counts") and it.rel_diff is not None]
    fermi = f"{abs(np.mean(rd)) * 100:.0f}% {'below' if np.mean(rd) < 0 else 'above'} on average" if rd else "unlike"
    ok, n = agreement(items)
    return (f"The background fit of eq. 6 reproduces the printed parameters to better than 1%, and the total likelihood "
            f"puts the best point at m_psi = {by['best_m_psi_GeV'].ours:.0f} GeV and m_Z' = {by['best_m_zp_GeV'].ours:.0f} GeV "
            "(paper: around 1.5 and 2.6 TeV). The signal normalisation at the paper's Fig. 1 point depends on the "
            "subhalo and propagation conventions, which the seed does not fully state: they move it by a factor "
            f"{by['signal_E3F_1411GeV_spread'].ours:.1f} (max/min over the convention sets run). The Fermi-LAT photon "
            f"counts of Sec. IV come out {fermi} the printed ones (leading-log FSR, no photons from muon decays). "
            f"{ok} of {n} numbers with a paper value agree within their tolerance.")


def _background_items(bf) -> list[Item]:
    """Section 1: the background-only fit of eq. 6 against the paper's parameters."""
    items = []
    for k, unit in (("phi0", "GeV^-1 m^-2 s^-1 sr^-1"), ("gamma", ""), ("dgamma1", ""), ("dgamma2", ""), ("ebr2", "GeV")):
        key = "bkg_ebr2_GeV" if k == "ebr2" else f"bkg_{k}"
        items.append(Item(key, f"background-only fit (eq. 6, 1.41 TeV bin left out): {k}", float(bf.params[k]),
                          BKG_PAPER[k], unit, tol=0.01, note="stat and sys in quadrature, E_mean of each bin"))
    items.append(Item("bkg_chi2", f"background-only chi^2 ({bf.ndof} d.o.f.)", bf.chi2, None, "",
                      note="the paper gives no chi^2"))
    return items


def _signal_items(ctx: Context, data, resp, bf, default: SignalSettings) -> list[Item]:
    """Section 2: the signal at the paper's point under the default and every other convention set."""
    items = []
    i_pk = int(np.argmin(abs(data.E_mean - PEAK_BIN_GEV)))
    bkg_pk = double_broken_power_law(data.E_mean[i_pk], **bf.params)
    excess = float((data.flux[i_pk] - bkg_pk) * data.E_mean[i_pk] ** 3)
    e3f, e3f_next = _e3f_peak(default, data, resp)
    items.append(Item("observed_excess_E3F_1411GeV", "observed E^3 (F - F_bkg) in the 1.41 TeV bin", excess, 59.0,
                      "GeV^2 m^-2 s^-1 sr^-1", tol=0.05, note="issue's reading of Fig. 1: about 59"))
    items.append(Item("signal_E3F_1411GeV", "E^3 F of the signal in the 1.41 TeV bin at the paper's point "
                      "(m = 1.54 TeV, <sigma v> = 6.82e-25 cm^3/s, M_sub = 1.25e6 Msun, d = 0.1 kpc), default conventions",
                      e3f, 59.0, "GeV^2 m^-2 s^-1 sr^-1", tol=0.25,
                      note=f"conventions: {default.halo.concentration}, {default.halo.tidal} tidal radius, M_sub = "
                           f"{default.halo.mass} mass, {default.propagation} diffusion, Dirac k = {default.k:g}, FSR on; "
                           f"the next bin (1.62 TeV) gets {e3f_next:.3g}; the excess over our background fit is {excess:.3g}"))
    conv_rows = []
    combos = list(itertools.product(("moline2017", "sanchez-conde-prada2014", "bullock2001"), ("jacobi", "none"),
                                    ("M200", "bound"), ("MIN", "MED", "MAX"), ("dirac", "self-conjugate")))
    if ctx.fast:
        combos = [c for c in combos if c[3] == "MED" and c[1] == "jacobi"]
    for conc, tid, mass, prop, ann in ctx.track(combos, "signal under each convention set", unit="sets"):
        s = SignalSettings(halo=SubhaloConventions(conc, tid, mass), propagation=prop, annihilation=ann)
        v, _ = _e3f_peak(s, data, resp)
        conv_rows.append({"concentration": conc, "tidal": tid, "mass": mass, "propagation": prop, "annihilation": ann,
                          "E3F_1411": v, "ratio_to_excess": v / excess})
    ctx.extra_settings["signal_conventions_E3F_1411"] = conv_rows
    vals = np.array([r["E3F_1411"] for r in conv_rows])
    items.append(Item("signal_E3F_1411GeV_spread", "max/min of E^3 F at the paper's point over the convention sets",
                      float(vals.max() / vals.min()), None, "", note="the full table is in settings."
                      "signal_conventions_E3F_1411 of summary.json"))
    within = [r for r in conv_rows if abs(r["ratio_to_excess"] - 1) < 0.25]
    items.append(Item("n_convention_sets_on_excess", "convention sets within 25% of the excess at the paper's point",
                      float(len(within)), None, "", note="; ".join(f"{r['concentration']}/{r['tidal']}/{r['mass']}/"
                                                                 f"{r['propagation']}/{r['annihilation']}" for r in within) or "none"))
    return items


def _fit_items(ctx: Context, tmpl, dl, br, M0, default: SignalSettings) -> list[Item]:
    """Section 3: the fit with the signal normalisation free and the <sigma v>-M_sub degeneracy."""
    items = []
    sv_fit, chi_fit, dchi = dl.fit_signal(PAPER_POINT["m"], tmpl, br, M0)
    items.append(Item("fit_sigma_v_at_paper_mass", "best-fit <sigma v> at m = 1.54 TeV, M_sub = 1.25e6 Msun "
                      "(E_br2, dgamma2 refitted)", sv_fit, PAPER_POINT["sv"], "cm^3/s", tol=0.5,
                      note="the normalisation follows the convention set; the paper's value is its Fig. 1 point"))
    items.append(Item("fit_delta_chi2_at_paper_mass", "chi^2(background only) - chi^2(background + signal) at m = 1.54 TeV",
                      dchi, None, "", note="all 38 bins; the paper gives no number"))
    m_grid = np.linspace(1200.0, 2000.0, ctx.pick(17, 41, 81))
    fits = [dl.fit_signal(mm, tmpl, br, M0) for mm in ctx.track(m_grid, "signal fits over m_psi", unit="masses")]
    k_best = int(np.argmin([f[1] for f in fits]))
    items.append(Item("fit_best_m_psi_GeV", "best-fit m_psi with <sigma v> free (M_sub = 1.25e6 Msun)", float(m_grid[k_best]),
                      PAPER_POINT["m"], "GeV", tol=0.1, note="grid in m_psi, <sigma v> profiled"))
    items.append(Item("fit_best_delta_chi2", "Delta chi^2 of the best (m_psi, <sigma v>) fit against background only",
                      fits[k_best][2], None, "", note="two extra parameters"))
    # degeneracy <sigma v> ~ 1/M_sub
    Ms = np.array([2.5e5, 1.25e6, 6e7]) * C.M_sun
    svs = np.array([dl.fit_signal(float(m_grid[k_best]), tmpl, br, M)[0] for M in Ms])
    slope = float(np.log(svs[-1] / svs[0]) / np.log(Ms[-1] / Ms[0]))
    paper_slope = -math.log(3e-24 / 3e-26) / math.log(6e7 / 2.5e5)
    items.append(Item("degeneracy_dlnsv_dlnMsub", "d ln <sigma v>_best / d ln M_sub at the best-fit mass, M_sub = "
                      "2.5e5 ... 6e7 Msun (paper: '<sigma v> inversely proportional to M_sub')", slope, paper_slope, "",
                      tol=0.25, note="paper value: the slope implied by its own ranges, [3e-26, 3e-24] cm^3/s for "
                      "[2.5e5, 6e7] Msun; the code's degeneracy is <sigma v> L(M_sub) = const (next item), with "
                      "L ~ M_sub^0.78 for the default c(M) and tidal radius"))
    Ls = np.array([subhalo(M, default.halo).luminosity() for M in Ms])
    items.append(Item("degeneracy_svL_ratio_point_like", "<sigma v>_best L(M_sub) at 1.25e6 over that at 2.5e5 Msun "
                      "(L = int rho^2 dV; r_t = 0.11-0.19 kpc)", float(svs[1] * Ls[1] / (svs[0] * Ls[0])), None, "",
                      note="1 for a point-like subhalo (the paper gives no number); tests check it to 3% here and "
                           "the template S/L to 1e-3 at 1 kpc"))
    items.append(Item("degeneracy_svL_ratio_6e7", "<sigma v>_best L(M_sub) at 6e7 over that at 2.5e5 Msun",
                      float(svs[2] * Ls[2] / (svs[0] * Ls[0])), None, "",
                      note="r_t = 0.69 kpc: the Earth (0.1 kpc) is inside the halo, which sees only part of L"))
    ctx.extra_settings["degeneracy"] = {"M_sub_Msun": (Ms / C.M_sun).tolist(), "sigma_v_cm3s": svs.tolist()}
    return items


def _run_scans(ctx: Context) -> tuple[dict, dict]:
    """The random scan and the nested-sampling run of the total likelihood; their columns joined."""
    from ..scan.config import ScanConfig
    from ..scan.engine import run_scan
    from ..scan.nested import load_nested, run_nested

    n_m, n_M = ctx.pick(200, 660, 1320), ctx.pick(3, 5, 7)
    n_rand = ctx.pick(4000, 30000, FULL_RANDOM_POINTS)
    cfg = ScanConfig.from_dict(_scan_config(n_rand, 11, n_m, n_M))
    run_scan(cfg, ctx.out / "scan_random", executor=ctx.executor, progress=ctx.progress, replace_incompatible=True)
    rnd, n_finite = _load_random(ctx.out / "scan_random", cfg.n_points)
    ncfg = ScanConfig.from_dict(_scan_config(1, 12, n_m, n_M))
    with ctx.step("nested sampling (UltraNest)"):
        nest = run_nested(ncfg, ctx.out / "scan_nested", min_num_live_points=ctx.pick(200, 400, 1000),
                          max_ncalls=ctx.pick(20000, 40000, None), seed=12)
    ns = load_nested(ctx.out / "scan_nested")
    ctx.extra_settings["nested"] = nest
    cols = {}
    for k in ("m_psi", "m_zp", "g", "q_psi", "sigma_v0_cm3s", "total", "total_lz", "total_lz_ilc", "M_sub_Msun", "omega_h2"):
        cols[k] = np.concatenate([np.asarray(rnd[k], float), np.asarray(ns[k], float)])
    counts = {"random": n_finite, "nested": int(ns["total"].size),
              "ncall": nest["ncall"], "wall_s": nest["wall_s"], "n_m": n_m, "n_M": n_M}
    return cols, counts


#: random points of ``--full``: the paper's scale (its ~1e8 likelihood evaluations); a run for a Dask cluster
#: (``leptoforce reproduce dampe-emu --full --cluster RECIPE``; ~17 core-hours at 0.6 ms a point)
FULL_RANDOM_POINTS = 10 ** 8
#: above this many random points the scan is reduced in bounded memory (see _load_random)
_STREAM_ABOVE = 2 * 10 ** 6
#: rows kept when streaming: within this of the minimum of any of the three totals (the profiles need
#: Delta chi^2 < 6 only; Figs. 2-3 draw cells above it as empty)
_KEEP_DCHI2 = 50.0
_COLUMNS = ("m_psi", "m_zp", "g", "q_psi", "sigma_v0_cm3s", "total", "total_lz", "total_lz_ilc", "M_sub_Msun", "omega_h2")


def _load_random(folder, n_points: int) -> tuple[dict, int]:
    """The random scan's columns and its number of finite points. Up to _STREAM_ABOVE points everything is
    loaded; beyond, one streaming pass finds the minimum of each total and only rows within _KEEP_DCHI2 of
    one of them are read (memory: those rows, not the 1e8 points)."""
    from ..scan.results import column_stats, load_results
    if n_points <= _STREAM_ABOVE:
        rnd = load_results(folder)
        return rnd, int(np.isfinite(np.asarray(rnd["total"], float)).sum())
    totals = ("total", "total_lz", "total_lz_ilc")
    stats = column_stats(folder, list(totals))
    keep = [[(t, "<", stats[t]["min"] + _KEEP_DCHI2)] for t in totals if stats[t]["min"] is not None]
    rnd = load_results(folder, columns=list(_COLUMNS), filter=keep)
    return rnd, int(stats["total"]["finite"])


def _scan_items(ctx: Context) -> tuple[list[Item], dict, tuple]:
    """Section 4: profile likelihoods of the scans (Figs. 2 and 3) against the paper's preferred region."""
    items = []
    cols, counts = _run_scans(ctx)
    tot = cols["total"]
    ok = np.isfinite(tot)
    chi_min = float(np.min(tot[ok]))
    best = int(np.nanargmin(np.where(ok, tot, np.inf)))
    in95 = ok & (tot - chi_min < DCHI2_2D[0.95])
    items.append(Item("scan_points", "points in the profile likelihood (random + nested dead points)", float(ok.sum()),
                      None, "", note=f"random {counts['random']}, nested "
                                     f"{counts['nested']} (ncall {counts['ncall']}, {counts['wall_s']:.0f} s)"))
    items.append(Item("best_m_psi_GeV", "best point of the total likelihood: m_psi", float(cols["m_psi"][best]), 1500.0,
                      "GeV", tol=0.2, note="paper: preferred region centred on 1.5 TeV"))
    items.append(Item("best_m_zp_GeV", "best point: m_Z'", float(cols["m_zp"][best]), 2600.0, "GeV", tol=0.35,
                      note="paper: centred on 2.6 TeV"))
    ranges = {"m_psi": ((1400.0, 1700.0), "GeV", 0.15), "m_zp": ((1900.0, 3200.0), "GeV", 0.3),
              "g": ((0.014, 0.38), "", 0.5), "sigma_v0_cm3s": ((3e-26, 3e-24), "cm^3/s", 0.5)}
    for k, ((plo, phi), unit, tol) in ranges.items():
        if in95.any():
            lo, hi = float(np.min(cols[k][in95])), float(np.max(cols[k][in95]))
        else:
            lo = hi = None
        items.append(Item(f"region95_{k}_min", f"95% profile-likelihood region (Delta chi^2 < 5.99): lowest {k}", lo, plo,
                          unit, tol=tol, note="envelope of the sampled points inside the 2-D 95% region"))
        items.append(Item(f"region95_{k}_max", f"95% profile-likelihood region: highest {k}", hi, phi, unit, tol=tol,
                          note="envelope of the sampled points inside the 2-D 95% region"))
    inside = bool(in95.any() and cols["m_psi"][in95].min() >= 1300.0 and cols["m_psi"][in95].max() <= 1800.0)
    items.append(Item("region95_m_psi_in_1p3_1p8TeV", "the 95% region of m_psi lies inside 1.3-1.8 TeV (issue 6 "
                      "acceptance; 1 = yes)", float(inside), 1.0, "", tol=0.0,
                      note="see region95_m_psi_min/max"))
    _profile_figures(ctx, cols)
    return items, cols, (counts["n_m"], counts["n_M"])


def _today(ctx: Context, cols: dict, grids: tuple) -> None:
    """The paper's scan re-evaluated with today's inputs (the ``current`` input set): Planck 2018 relic density and
    p_ann, LZ WS2024 in place of the rescaled PandaX-II bound (with the seed's own sigma_SI calibration, eq. 9), LEP
    and ILC unchanged. Conclusion: the surviving share of the paper's 95% region and today's best point."""
    from .. import inputs
    from ..experiments.direct import lz2024_si_limit
    from ..inference.dampe_emu import DampeEmuLikelihood, LikelihoodSettings
    cur = "current"
    n_m, n_M = grids
    st = LikelihoodSettings(omega_obs=inputs.value("relic.omega_h2", cur), omega_err=inputs.get("relic.omega_h2", cur).err,
                            omega_theory_frac=inputs.value("relic.theory_frac", cur),
                            p_ann=inputs.value("cmb.p_ann_dataset", cur), dd_limit=inputs.value("dd.limit", cur),
                            n_m=n_m, n_M=n_M)
    with ctx.step("today: the scan points with the current inputs"):
        like = DampeEmuLikelihood(st)
        m, mz = cols["m_psi"], cols["m_zp"]
        ok = np.isfinite(cols["total"])
        new = like.evaluate(m[ok], mz[ok] / m[ok], cols["q_psi"][ok], cols["g"][ok], cols["M_sub_Msun"][ok] * C.M_sun)
    tot_then = cols["total"][ok]
    tot_now = new["total"]
    in_then = tot_then - tot_then.min() < DCHI2_2D[0.95]
    good = np.isfinite(tot_now)
    chi_now = float(np.min(tot_now[good]))
    in_now = good & (tot_now - chi_now < DCHI2_2D[0.95])
    # the paper's region judged by today's likelihood, against today's best point
    survive = float(np.sum(in_then & in_now) / max(np.sum(in_then), 1))
    b = int(np.argmin(np.where(good, tot_now, np.inf)))
    sig_then = float(np.nanmedian(cols["m_psi"][ok][in_then]))
    lz_15 = float(lz2024_si_limit(1.5 * u.TeV) / u.cm ** 2)
    dd_share = float(np.mean(new["dd"][in_then] > DCHI2_2D[0.95])) if in_then.any() else math.nan
    T = ctx.today
    from .base import TodayItem
    T.append(TodayItem("relic_density", "relic density Omega h^2 (Gaussian term)", "0.1199 +- 0.0027 (Planck, as the seed)",
                       "0.1200 +- 0.0012", "", inputs.get("relic.omega_h2", cur).source,
                       "the data error shrinks 2.3x, but the seed's 10% theory error of the prediction dominates: the relic "
                       "term barely moves"))
    T.append(TodayItem("cmb_p_ann", "CMB bound on p_ann (95% CL)", 4.1e-28, 3.2e-28, "cm^3 s^-1 GeV^-1",
                       inputs.get("cmb.p_ann_dataset", cur).source,
                       "22% stronger; the TeV-scale annihilation of the preferred region is far below it"))
    T.append(TodayItem("direct_detection", "direct-detection bound on the loop-induced sigma_SI at m_psi = 1.5 TeV",
                       "PandaX-II via eq. 8 (m_Z'/g sqrt(q) > 1170 GeV)", lz_15, "cm^2", inputs.get("dd.limit", cur).source,
                       f"LZ WS2024 gives sigma_SI < {lz_15:.2g} cm^2 at 1.5 TeV, about the reach the seed expected from LZ "
                       f"(2.4e-47 cm^2, eq. 9): {100 * dd_share:.0f}% of the paper's 95% points now have a direct-detection "
                       "term above the 2-D 95% threshold by itself"))
    T.append(TodayItem("region95_survival", "share of the paper's 95% region (its likelihood, our scan) still inside today's "
                       "95% region", 1.0, survive, "", "this analysis: the same scan points re-evaluated",
                       f"{100 * survive:.0f}% survives; today's best point m_psi = {m[ok][b]:.0f} GeV, m_Z' = {mz[ok][b]:.0f} GeV "
                       f"(paper region centred on {sig_then:.0f} GeV)"))
    T.append(TodayItem("best_total_chi2", "chi^2 of the best point (total likelihood)", float(tot_then.min()), chi_now, "",
                       "this analysis", f"the best fit worsens by {chi_now - tot_then.min():+.2f}"))
    ctx.today_verdict = (f"With today's data the DAMPE-motivated region of seed 000 {'largely survives' if survive > 0.5 else 'is mostly excluded'}: "
                         f"{100 * survive:.0f}% of its 95% points remain inside today's 95% region. LZ WS2024 "
                         f"(sigma_SI < {lz_15:.2g} cm^2 at 1.5 TeV) now plays the role the paper gave the LZ projection; "
                         "Planck 2018 tightens the relic and CMB terms without moving the picture.")
    ctx.extra_settings["today_settings"] = {"omega_obs": st.omega_obs, "omega_err": st.omega_err, "p_ann": st.p_ann,
                                            "dd_limit": st.dd_limit}
    today_cols = {k: cols[k][ok] for k in ("m_psi", "m_zp", "sigma_v0_cm3s")}
    today_cols.update(total=tot_now, total_lz=tot_now, total_lz_ilc=tot_now + new["ilc"])
    _profile_figures(ctx, today_cols, suffix="_today")


def _section_iv(ctx: Context, items: list, settings: SignalSettings) -> None:
    m = PAPER_POINT["m"]
    h = subhalo(PAPER_POINT["M_sub"] * C.M_sun, settings.halo)
    d = PAPER_POINT["d_kpc"] * u.kpc
    x = np.linspace(100.0 / m, 1.0, 4001)
    n_gamma = 0.0
    for ch, mf in (("e e", C.m_e), ("mu mu", C.m_mu)):
        n_gamma += _branching()[ch] * 2 * float(integrate.trapezoid(fsr_photon_spectrum(x, m, mf), x))
    sv = PAPER_POINT["sv"] * u.cm ** 3 / u.s
    expo = FERMI_EXPOSURE_CM2S * u.cm ** 2 * u.s
    counts = []
    for th, paper in zip(FERMI_RADII_DEG, FERMI_PAPER):
        J = j_factor_cone(h, d, math.radians(th))
        N = expo * sv / (4 * math.pi * settings.k * m * m) * n_gamma * J
        counts.append(N)
        items.append(Item(f"fermi_counts_{str(th).replace('.', 'p')}deg", f"FSR photons above 100 GeV within {th} deg "
                          "of the subhalo (3e11 cm^2 s)", float(N), paper, "", tol=0.5,
                          note="leading-log FSR (Birkedal et al.), no photons from muon decay; the subhalo of the default "
                               "conventions"))
    mw = milky_way_nfw()
    q_sub = j_factor_cone(h, d, math.radians(10.0))
    q_gc = j_factor_cone(mw, C.R_sun_GC, math.radians(10.0))
    items.append(Item("icecube_Q_ratio_10deg", "int rho^2 dl dOmega: subhalo within 10 deg / Galactic centre within 10 deg",
                      q_sub / q_gc, 2.0, "", tol=0.5, note="Milky Way NFW, r_s = 20 kpc, rho_sun = 0.4 GeV/cm^3"))


def _profile_figures(ctx: Context, cols: dict, suffix: str = "") -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    lm = np.log10(cols["m_psi"])
    panels = (("fig2_mpsi_sigmav", np.log10(np.maximum(cols["sigma_v0_cm3s"], 1e-40)), (-28, -22),
               r"$\log_{10}\langle\sigma v\rangle$ [cm$^3$/s]"),
              ("fig3_mpsi_mzp", np.log10(cols["m_zp"]), (np.log10(500), np.log10(10000)), r"$\log_{10} m_{Z'}$ [GeV]"))
    xe = np.linspace(np.log10(500), np.log10(5000), 46)
    for stem, yv, (ylo, yhi), ylabel in panels:
        ye = np.linspace(ylo, yhi, 46)
        fig, ax = plt.subplots(figsize=(5.5, 4.2))
        variants = (("total", "present constraints", "C0", True),)
        if stem.startswith("fig3") and not suffix:
            variants += (("total_lz", "+ LZ projection", "C3", False), ("total_lz_ilc", "+ LZ + ILC", "k", False))
        elif stem.startswith("fig3"):
            variants += (("total_lz_ilc", "today + ILC projection", "k", False),)
        for key, label, colr, filled in variants:
            chi = cols[key]
            P = profile_2d(lm, yv, chi, xe, ye)
            if not np.isfinite(P).any():
                continue
            D = P - np.nanmin(P)
            D = np.where(np.isfinite(D), D, 1e3)
            xc, yc = (xe[1:] + xe[:-1]) / 2, (ye[1:] + ye[:-1]) / 2
            if filled:
                ax.contourf(xc, yc, D.T, levels=[0, DCHI2_2D[0.68], DCHI2_2D[0.95]], colors=[colr, "lightblue"], alpha=0.8)
            else:
                ax.contour(xc, yc, D.T, levels=[DCHI2_2D[0.68], DCHI2_2D[0.95]], colors=colr, linestyles="--")
                ax.plot([], [], ls="--", color=colr, label=label)
        ax.set_xlabel(r"$\log_{10} m_\psi$ [GeV]")
        ax.set_ylabel(ylabel)
        ax.set_title("68% / 95% profile likelihood" + (" (today: Planck 2018, LZ WS2024)" if suffix else ""))
        if stem.startswith("fig3"):
            ax.legend(fontsize=8)
        ctx.save_figure(fig, stem + suffix, today=bool(suffix))
        plt.close(fig)


def _figure1(ctx, data, bf, settings, tmpl, dl, br, M0) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    m = PAPER_POINT["m"]
    sig = tmpl.signal(np.array([m]), PAPER_POINT["sv"], M0, br)
    _, th = dl.chi2(sig)
    p = dict(bf.params)
    p["ebr2"], p["dgamma2"] = float(np.exp(th[0, 0])), float(th[0, 1])
    E = data.E_mean
    bkg = double_broken_power_law(E, **p)
    fig, ax = plt.subplots(figsize=(6, 4.2))
    ax.errorbar(E, E ** 3 * data.flux, yerr=E ** 3 * data.sigma(), fmt="o", ms=3, color="k", label="DAMPE 2017")
    ax.plot(E, E ** 3 * bkg, color="C0", label="background (E$_{br,2}$, $\\Delta\\gamma_2$ refitted)")
    ax.step(E, E ** 3 * sig[0], where="mid", color="C3", label="subhalo DM (bin averages)")
    ax.plot(E, E ** 3 * (bkg + sig[0]), color="C2", label="total")
    ax.set_xscale("log")
    ax.set_xlabel("E [GeV]")
    ax.set_ylabel(r"$E^3 \Phi$ [GeV$^2$ m$^{-2}$ s$^{-1}$ sr$^{-1}$]")
    ax.set_title(r"$m_\psi$ = 1.54 TeV, $\langle\sigma v\rangle$ = 6.82e-25 cm$^3$/s, $M_{sub}$ = 1.25e6 M$_\odot$")
    ax.legend(fontsize=7)
    ctx.save_figure(fig, "fig1_spectrum")
    plt.close(fig)

