"""Every bound leptoforce knows for one model at one mass: computed, tabulated, recast and missing.

:func:`bounds_at` returns a list of :class:`~leptoforce.experiments.limits.BoundResult` and
:func:`envelope_g_max` the strongest existing one. Computed bounds (with their validity):

* Borexino 7Be rate (seed 001 app. A, :mod:`leptoforce.lab.nue`): models with a neutrino and an electron coupling;
* TEXONO reactor anti-nu_e e cross section (:mod:`leptoforce.lab.reactor`): models with a nu_e and an electron
  coupling (L_e - L_x, B - L, ...);
* white-dwarf cooling (seed 001, :mod:`leptoforce.lab.stellar`): m_Z' >= 1 MeV;
* CCFR trident, contact form (:mod:`leptoforce.lab.trident`): m_Z' >= 5 GeV, models with nu_mu and mu couplings;
* lepton g-2 (:mod:`leptoforce.lab.g2`): Delta a_mu <= Delta a_exp + 2 sigma (dataset from settings), and
  Delta a_e <= Delta a_e(Rb alpha) + 2 sigma;
* LEP contact interactions and the ILC projection (seed 000 eq. 7): m_Z' >= 1 TeV (well above sqrt(s) = 209 GeV);
* the neutrinophilic vector of seed 002 (effective models coupling to neutrinos only): Higgs invisible (LHC and
  the HL-LHC projection), W width, Z invisible width, K and pi decays (:mod:`leptoforce.lab.nuphilic`).

Then every tabulated curve of the registry, directly or recast (:mod:`leptoforce.experiments.limits`),
and the curves we know exist but have no table for ("missing").

Masses in GeV internal units.
"""
from __future__ import annotations

import math

import numpy as np

from .. import units
from ..errors import ComputationError, InvalidInputError
from ..lab import contact, g2, nue, nuphilic, reactor, stellar, trident
from ..model.charges import ChargeAssignment, preset
from ..model.zprime import ZPrime
from .limits import DARK_PHOTON, BoundResult, recast_bound, registry

__all__ = ["bounds_at", "envelope_g_max", "bounds_table"]

_LEP_MIN_MASS = 1.0 * units.TeV


def _charges(model) -> ChargeAssignment:
    if isinstance(model, ChargeAssignment):
        return model
    if model == DARK_PHOTON.name:
        return DARK_PHOTON
    return preset(model)


def _computed(name, experiment, reference, g_lo, status="existing", note=""):
    ex = () if not math.isfinite(g_lo) else ((g_lo, math.inf),)
    return BoundResult(name=name, experiment=experiment, kind="computed", reference=reference,
                       g_excluded=ex, note=(note + (" [projection]" if status == "projection" else "")).strip())


def _is_nuphilic(ch: ChargeAssignment) -> bool:
    return ch.effective and not any(ch.L) and not any(ch.e) and not any(ch.Q) and ch.nu_matrix is not None


def bounds_at(model, mass: float, include_missing: bool = True) -> list[BoundResult]:
    """All bounds on the coupling of ``model`` (preset name or ChargeAssignment) at ``mass`` [GeV]."""
    if not (mass > 0 and math.isfinite(mass)):
        raise InvalidInputError(f"mass={mass!r} must be finite and > 0 (GeV internal units)")
    ch = _charges(model)
    out: list[BoundResult] = []
    is_dp = ch is DARK_PHOTON
    if not is_dp:
        zp1 = ZPrime(mass, 1.0, ch)
        G = zp1.neutrino_couplings()
        gve, _ = zp1.couplings("e", 0.0)
        has_nu_e = bool(np.any(np.diag(G) != 0)) and gve != 0
        if _is_nuphilic(ch):
            lam = float(np.max(np.abs(G)))
            lam_mumu = abs(G[1, 1])
            ref2 = "seed 002 sec. 3"
            out.append(_computed("Higgs invisible (LHC)", "LHC", ref2 + ".B (BR < 24%)",
                                 nuphilic.higgs_invisible_lambda_max(mass, "LHC") / lam))
            out.append(_computed("Higgs invisible (HL-LHC)", "HL-LHC", ref2 + ".B (BR < 2.5%)",
                                 nuphilic.higgs_invisible_lambda_max(mass, "HL-LHC") / lam, status="projection"))
            if lam_mumu > 0:
                out.append(_computed("W width", "W", ref2 + ".C (42 MeV)", nuphilic.w_width_lambda_max(mass) / lam_mumu))
                out.append(_computed("K -> mu nu V", "K+", ref2 + ".E (BR < 2.4e-6)",
                                     nuphilic.meson_lambda_max("K", mass) / lam_mumu))
                out.append(_computed("pi -> mu nu V", "pi+", ref2 + ".E (BR < 5e-6)",
                                     nuphilic.meson_lambda_max("pi", mass) / lam_mumu))
            out.append(_computed("Z invisible", "LEP", ref2 + ".D (2 sigma of Gamma_inv)",
                                 nuphilic.z_invisible_lambda_max(mass) / lam))
        if has_nu_e:
            b = nue.borexino_bound(ch, mass)
            out.append(BoundResult(name="Borexino 7Be", experiment="Borexino", kind="computed",
                                   reference="seed 001 app. A; Borexino PRL 107 (2011) 141302", g_excluded=b.excluded))
            if G[0, 0] != 0:
                t = reactor.texono_bound(ch, mass)
                out.append(BoundResult(name="TEXONO (computed)", experiment="TEXONO", kind="computed",
                                       reference="TEXONO CsI(Tl), Deniz et al., PRD 81 (2010) 072001 (xi = 1.08 +- 0.26, "
                                                 "T = 3-8 MeV); reactor spectra Mueller et al. 2011",
                                       g_excluded=t.excluded))
            if mass >= stellar.WD_MIN_MASS:
                out.append(_computed("White dwarf cooling", "WD", "seed 001 sec. II.A (its refs. 44, 45)",
                                     stellar.white_dwarf_g_max(ch, mass)))
        if G[1, 1] != 0 and zp1.couplings("mu", 0.0)[0] != 0 and mass >= trident.CCFR_MIN_MASS:
            out.append(_computed("CCFR trident (contact)", "CCFR", "arXiv:1406.2332; CCFR PRL 66 (1991) 3117",
                                 trident.ccfr_g_max(ch, mass)))
        for lep, meas, ref in (("mu", None, "g-2 (dataset: settings.g2_dataset)"),
                               ("e", tuple(g2.datasets()["wp2025"]["e_alt"]), "g-2, alpha(Rb), arXiv:2506.03069 et al.")):
            try:
                gm = g2.g2_g_max(ch, mass, lep, measurement=meas)
            except ComputationError as exc:
                out.append(BoundResult(name=f"(g-2)_{lep}", experiment="g-2", kind="computed", reference=ref,
                                       note=str(exc)))
                continue
            out.append(_computed(f"(g-2)_{lep}", "g-2", ref, gm))
        if mass >= _LEP_MIN_MASS:
            xe = abs(ch.lepton_LR("e")[0])
            for chan, xf in (("e e", xe), ("mu mu", abs(ch.lepton_LR("mu")[0]))):
                if xe * xf > 0:
                    out.append(_computed(f"LEP e+e- -> {chan}", "LEP", "seed 000 eq. 7 (its ref. 23)",
                                         mass / (contact.lep_bound_m_over_g(chan) * math.sqrt(xe * xf))))
            xm = abs(ch.lepton_LR("mu")[0])
            if xe * xm > 0:
                out.append(_computed("ILC e+e- -> mu mu", "ILC", "seed 000 (ILC sensitivity)",
                                     mass / (contact.ilc_bound_m_over_g() * math.sqrt(xe * xm)), status="projection"))
    for lim in registry().values():
        if lim.kind == "missing":
            if include_missing:
                out.append(BoundResult(name=lim.name, experiment=lim.experiment, kind="missing",
                                       reference=lim.reference, note="no table available"))
            continue
        res = recast_bound(lim, ch, mass)
        if res.kind in ("tabulated", "recast") or include_missing:
            out.append(res)
    return out


def envelope_g_max(results: list[BoundResult]) -> float:
    """Smallest excluded coupling among existing (non-projection) bounds; inf if none excludes anything."""
    vals = [r.g_max for r in results if r.kind in ("computed", "tabulated", "recast") and "[projection]" not in r.note]
    return min(vals, default=math.inf)


def bounds_table(model, mass: float) -> dict:
    """The JSON form of the ``leptoforce bounds`` command (keys: model, mass_GeV, bounds, envelope_g_max)."""
    res = bounds_at(model, mass)

    def num(x):
        return None if not math.isfinite(x) else float(x)
    return {
        "model": _charges(model).name,
        "mass_GeV": mass / units.GeV,
        "bounds": [{"name": r.name, "experiment": r.experiment, "kind": r.kind, "g_max": num(r.g_max),
                    "g_excluded_intervals": [[num(a) if a > 0 else 0.0, num(b)] for a, b in r.g_excluded],
                    "reference": r.reference, "note": r.note} for r in res],
        "envelope_g_max": num(envelope_g_max(res)),
    }
