"""Observable families that a scan evaluates, by ``model.kind``.

A family is a function ``evaluate(point: dict[str, float], model: dict, observables: tuple[str])
-> dict[str, float]`` registered with :func:`register_family`. Later modules (relic abundance,
SIDM, limits...) register their own families; user code can do the same from a plugin module
named in ``compute.plugins``.

Family ``"zprime"`` (this module): point/model keys ``mass`` [GeV], ``g``, ``epsilon``,
``charges`` (preset name); observables ``total_width_GeV``, ``lifetime_s``, ``ctau_m``,
``epsilon_AZp``, ``delta_a_e``, ``delta_a_mu``, ``delta_a_tau`` and ``br:<channel>``.
"""
from __future__ import annotations

from typing import Callable

from ..errors import InvalidInputError

__all__ = ["register_family", "family", "FAMILIES"]

FAMILIES: dict[str, Callable] = {}


def register_family(name: str, batched: bool = False):
    """Decorator registering an observable family under ``name``.

    ``batched=True``: the family takes a dict of parameter *arrays* (a whole chunk) and returns
    ``(dict of observable arrays, list of per-point status strings)``; used by vectorised likelihoods.
    """
    def deco(func):
        func.batched = batched
        FAMILIES[name] = func
        return func
    return deco


def family(name: str) -> Callable:
    if name not in FAMILIES:
        raise InvalidInputError(f"model.kind={name!r} is unknown; known kinds: {', '.join(sorted(FAMILIES))}")
    return FAMILIES[name]


ZPRIME_OBSERVABLES = ("total_width_GeV", "lifetime_s", "ctau_m", "epsilon_AZp", "delta_a_e", "delta_a_mu",
                      "delta_a_tau")


def _merged(point: dict, model: dict, required: tuple[str, ...], family_name: str) -> dict:
    """The point's parameters over the model entries, with each ``required`` key present (or a named error)."""
    vals = {**model, **point}
    for key in required:
        if key not in vals:
            raise InvalidInputError(f"{family_name} scan needs {key!r} as a parameter or model entry")
    return vals


@register_family("zprime")
def zprime_family(point: dict, model: dict, observables: tuple[str, ...]) -> dict[str, float]:
    """Z' widths, lifetime and g-2 at one point (see module docstring for the names)."""
    from .. import units
    from ..decays.zprime import branching_ratios, partial_widths
    from ..lab.g2 import delta_a
    from ..model.zprime import ZPrime

    args = {"charges": model.get("charges", "Lmu-Ltau"), "epsilon": model.get("epsilon", 0.0),
            "loop_mixing": model.get("loop_mixing", True)}
    for key in ("mass", "g", "epsilon"):
        if key in point:
            args[key] = point[key]
        elif key in model:
            args[key] = model[key]
    missing = [k for k in ("mass", "g") if k not in args]
    if missing:
        raise InvalidInputError(f"zprime scan needs {missing} as parameters or model entries")
    zp = ZPrime(**args)
    out: dict[str, float] = {}
    widths = None
    for name in observables:
        if name.startswith("br:") or name in ("total_width_GeV", "lifetime_s", "ctau_m"):
            widths = widths or partial_widths(zp)
        if name == "total_width_GeV":
            out[name] = widths["total"] / units.GeV
        elif name == "lifetime_s":
            out[name] = (1 / widths["total"]) / units.s
        elif name == "ctau_m":
            out[name] = (1 / widths["total"]) / units.m
        elif name == "epsilon_AZp":
            out[name] = zp.epsilon_total
        elif name.startswith("delta_a_"):
            lep = name[len("delta_a_"):]
            out[name] = delta_a(zp, lep)
        elif name.startswith("br:"):
            ch = name[3:]
            br = branching_ratios(zp, widths=widths)
            if ch not in br:
                raise InvalidInputError(f"observable {name!r}: channel {ch!r} unknown; known: {', '.join(br)}")
            out[name] = br[ch]
        else:
            raise InvalidInputError(
                f"observable {name!r} is unknown for kind 'zprime'; known: {', '.join(ZPRIME_OBSERVABLES)}, br:<channel>")
    return out


RHN_OBSERVABLES = ("thermal", "regime", "T_dec_GeV", "x_dec", "omega_freezein", "omega_relativistic",
                   "zp_width_GeV")
_REGIME_CODE = {"non-thermal": 0.0, "relativistic": 1.0, "non-relativistic": 2.0}


@register_family("rhn")
def rhn_family(point: dict, model: dict, observables: tuple[str, ...]) -> dict[str, float]:
    """N1 dark matter with a Z' portal (seed 004): thermal status, decoupling, freeze-in abundance.

    Keys (parameters or model entries): ``mass`` (M_Z' [GeV]), ``g``, and either ``m_N1`` [GeV] or
    ``m_N1_over_mZp``; model ``charges`` (default "B-L"). Observables: ``thermal`` (1/0), ``regime``
    (0 non-thermal, 1 relativistic, 2 non-relativistic at decoupling), ``T_dec_GeV``, ``x_dec``,
    ``omega_freezein`` (Omega h^2 of N1 N1 production through the Z', table g_*),
    ``omega_relativistic`` (eq. 3.3 with g_*s at T_dec), ``zp_width_GeV``.
    """
    from ..model.zprime import ZPrime
    from ..thermal import thermo
    from ..thermal.relics import relativistic_relic_omega_h2
    from ..thermal.rhn import RHNSystem

    vals = _merged(point, model, ("mass", "g"), "rhn")
    if "m_N1" in vals:
        m_n = float(vals["m_N1"])
    elif "m_N1_over_mZp" in vals:
        m_n = float(vals["m_N1_over_mZp"]) * float(vals["mass"])
    else:
        raise InvalidInputError("rhn scan needs m_N1 or m_N1_over_mZp")
    zp = ZPrime(mass=float(vals["mass"]), g=float(vals["g"]), charges=vals.get("charges", "B-L"),
                rhn_masses=(m_n,), loop_mixing=False)
    sysm = RHNSystem(zp)
    out: dict[str, float] = {}
    hist = None
    for name in observables:
        if name in ("thermal", "regime", "T_dec_GeV", "x_dec", "omega_relativistic"):
            hist = hist or sysm.thermal_history()
        if name == "thermal":
            out[name] = 1.0 if hist["thermal"] else 0.0
        elif name == "regime":
            out[name] = _REGIME_CODE[hist["regime"]]
        elif name == "T_dec_GeV":
            out[name] = hist["T_dec"]
        elif name == "x_dec":
            out[name] = hist["x_dec"]
        elif name == "omega_relativistic":
            out[name] = (relativistic_relic_omega_h2(m_n, 2.0, thermo.gstar_s(hist["T_dec"]))
                         if hist["thermal"] else float("nan"))
        elif name == "omega_freezein":
            out[name] = sysm.freezein_omega_h2()
        elif name == "zp_width_GeV":
            out[name] = sysm.width_total
        else:
            raise InvalidInputError(f"observable {name!r} is unknown for kind 'rhn'; known: {', '.join(RHN_OBSERVABLES)}")
    return out


SIDM_OBSERVABLES = ("y", "alpha", "delta_M_GeV", "bbn_ok", "sigmaT_over_m:<v in km/s>", "avg_sigmaT_over_m:<v_mean in km/s>")


@register_family("sidm-pseudo-dirac")
def sidm_family(point: dict, model: dict, observables: tuple[str, ...]) -> dict[str, float]:
    """Seed 001's pseudo-Dirac SIDM (:mod:`leptoforce.sidm.pseudo_dirac`) with relic-fixed y.

    Keys (parameters or model entries): ``m_zprime``, ``g``, ``m_phi``, ``M1`` (masses in GeV);
    model ``relic`` ("xf20" as the paper, or "boltzmann") and ``method`` (cross-section method,
    default "auto"). Observables: ``y``, ``alpha``, ``delta_M_GeV``, ``bbn_ok`` (1 if m_phi > m_Z'),
    ``sigmaT_over_m:V`` (sigma_T/M1 in cm^2/g at relative velocity V km/s) and
    ``avg_sigmaT_over_m:V`` (Maxwell average <sigma_T>/M1 at mean relative speed V km/s).
    """
    from .. import units
    from ..sidm import maxwell_average
    from ..sidm.pseudo_dirac import PseudoDiracSIDM

    vals = _merged(point, model, ("m_zprime", "g", "m_phi", "M1"), "sidm-pseudo-dirac")
    p = PseudoDiracSIDM.relic(float(vals["m_zprime"]), float(vals["g"]), float(vals["m_phi"]), float(vals["M1"]),
                              method=vals.get("relic", "xf20"))
    yk = p.yukawa()
    method = vals.get("method", "auto")
    kms = units.km / units.s
    out: dict[str, float] = {}
    for name in observables:
        if name == "y":
            out[name] = p.y
        elif name == "alpha":
            out[name] = p.alpha
        elif name == "delta_M_GeV":
            out[name] = p.delta_M
        elif name == "bbn_ok":
            out[name] = 1.0 if p.bbn_ok else 0.0
        elif name.startswith(("sigmaT_over_m:", "avg_sigmaT_over_m:")):
            head, _, v = name.partition(":")
            try:
                v_kms = float(v)
            except ValueError:
                raise InvalidInputError(f"observable {name!r}: the velocity after ':' must be a number in km/s") from None
            if head == "sigmaT_over_m":
                out[name] = yk.sigma_T_over_m(v_kms * kms, method)
            else:
                out[name] = maxwell_average(yk, v_mean=v_kms * kms, method=method).sigma_over_m
        else:
            raise InvalidInputError(f"observable {name!r} is unknown for sidm-pseudo-dirac; known: "
                                    f"{', '.join(SIDM_OBSERVABLES)}")
    return out


STERILE_OBSERVABLES = ("omega_h2", "omega_h2_literal", "mean_p_over_Tnu", "Y")


@register_family("sterile-secret")
def sterile_family(point: dict, model: dict, observables: tuple[str, ...]) -> dict[str, float]:
    """Seed 002's sterile-neutrino relic density (:mod:`leptoforce.thermal.sterile`).

    Keys (parameters or model entries): ``m_V`` [GeV], ``g`` (lambda for the neutrinophilic V), ``m4``
    [GeV], ``sin2_2theta``; model ``charges`` (default "nuphilic-mumu"), ``flavour`` (default "mu"),
    ``conventions`` ("consistent", "paper" or "literal"), ``sm_potential``, and the grid entries ``n_x``,
    ``z_per_decade``. Observables: ``omega_h2``, ``omega_h2_literal``, ``mean_p_over_Tnu``, ``Y`` in the
    model's conventions, and ``omega_h2:CONVENTIONS`` (e.g. ``omega_h2:consistent``) in the named ones,
    so that one scan can hold both. The rate tables of one m_V are built once per worker process and
    reused (and cached on disk).
    """
    from ..model.dark_sector import SterileNeutrino
    from ..thermal.sterile import CONVENTIONS, ProductionGrid, cached_production

    vals = _merged(point, model, ("m_V", "g", "m4", "sin2_2theta"), "sterile-secret")
    grid = ProductionGrid(**{k: int(vals[k]) for k in ("n_x", "z_per_decade") if k in vals})
    flavour = vals.get("flavour", "mu")
    prod = cached_production(float(vals["m_V"]), vals.get("charges", "nuphilic-mumu"), flavour, grid,
                             vals.get("sm_potential", "notzold-raffelt"))
    g, st = float(vals["g"]), SterileNeutrino(float(vals["m4"]), float(vals["sin2_2theta"]), flavour)
    results = {}

    def result(conventions):
        if conventions not in results:
            results[conventions] = prod.solve(g, st, conventions)
        return results[conventions]

    out: dict[str, float] = {}
    for name in observables:
        head, _, conv = name.partition(":")
        if head not in STERILE_OBSERVABLES or (conv and (head != "omega_h2" or conv not in CONVENTIONS)):
            raise InvalidInputError(f"observable {name!r} is unknown for sterile-secret; known: "
                                    f"{', '.join(STERILE_OBSERVABLES)}, and omega_h2:C for C in "
                                    f"{', '.join(CONVENTIONS)}")
        out[name] = float(getattr(result(conv or vals.get("conventions", "consistent")), head))
    return out


DAMPE_OBSERVABLES = ("relic", "cmb", "lep", "dd", "dampe", "lz", "ilc", "total", "total_lz", "total_lz_ilc",
                     "sigma_v0_cm3s", "omega_h2", "m_zp", "width_GeV", "f_eff", "ebr2_GeV", "dgamma2")


@register_family("dampe-emu", batched=True)
def dampe_family(points: dict, model: dict, observables: tuple[str, ...]):
    """Seed 000's total likelihood (:mod:`leptoforce.inference.dampe_emu`), vectorised over a chunk.

    Keys (parameters or model entries): ``m_psi`` [GeV], ``r`` (= m_Z'/m_psi), ``q_psi``, ``g``,
    ``M_sub_Msun`` (subhalo mass in solar masses); model ``n_m``, ``n_M`` (template grids). Observables:
    the likelihood terms and derived quantities listed in DAMPE_OBSERVABLES. A point whose relic
    density cannot be computed by freeze-out (never in equilibrium) gets status 'not-thermal' and
    infinite relic/total terms.
    """
    import numpy as np

    from .. import constants as C
    from ..inference.dampe_emu import dampe_likelihood_cached

    n = len(next(iter(points.values())))
    vals = {}
    for key in ("m_psi", "r", "q_psi", "g", "M_sub_Msun"):
        if key in points:
            vals[key] = points[key]
        elif key in model:
            vals[key] = np.full(n, float(model[key]))
        else:
            raise InvalidInputError(f"dampe-emu scan needs {key!r} as a parameter or model entry")
    for name in observables:
        if name not in DAMPE_OBSERVABLES:
            raise InvalidInputError(f"observable {name!r} is unknown for dampe-emu; known: {', '.join(DAMPE_OBSERVABLES)}")
    like = dampe_likelihood_cached(int(model.get("n_m", 660)), int(model.get("n_M", 5)))
    m_tab, M_tab = like.templates.m, like.templates.M_sub / C.M_sun
    inside = ((vals["m_psi"] >= m_tab[0]) & (vals["m_psi"] <= m_tab[-1])
              & (vals["M_sub_Msun"] >= M_tab[0] * (1 - 1e-9)) & (vals["M_sub_Msun"] <= M_tab[-1] * (1 + 1e-9)))
    out = {k: np.full(n, np.nan) for k in observables}
    omega = np.full(n, np.nan)
    if inside.any():
        res = like.evaluate(*(vals[k][inside] for k in ("m_psi", "r", "q_psi", "g")), vals["M_sub_Msun"][inside] * C.M_sun)
        for k in observables:
            out[k][inside] = res[k]
        omega[inside] = res["omega_h2"]
    outside = (f"OutOfDomainError: outside the signal templates (m_psi {m_tab[0]:g}-{m_tab[-1]:g} GeV, "
               f"M_sub {M_tab[0]:.3g}-{M_tab[-1]:.3g} Msun)")
    status = [("ok" if np.isfinite(o) else "not-thermal") if ok else outside for o, ok in zip(omega, inside)]
    return out, status
