"""The laboratory and stellar bounds computed here, registered in :mod:`leptoforce.bound_registry`.

Each entry wraps a bound of :mod:`leptoforce.lab` (its physics, sources and validity are documented
there) with the test that decides whether it applies to a charge assignment and mass, and an
independent exclusion criterion c(g) (> 0: excluded) for the bracketing checks:

* neutrinophilic vector of seed 002 (effective models coupling to neutrinos only): Higgs invisible
  (the seed's LHC limit, today's ATLAS 2023 combination; HL-LHC projection), W width, Z invisible width, K and pi
  decays (the seed's E949 K+ limit and today's NA62 2021 one) (:mod:`.nuphilic`);
* Borexino 7Be rate (:mod:`.nue`, seed 001 app. A): models with a neutrino and an electron coupling;
* TEXONO reactor anti-nu_e e (:mod:`.reactor`): models with a nu_e and an electron coupling;
* white-dwarf plasmon cooling (:mod:`.stellar`, seed 001): m_Z' >= 1 MeV;
* CCFR trident, contact form (:mod:`.trident`): m_Z' >= 5 GeV, models with nu_mu and mu couplings;
* lepton g-2 (:mod:`.g2`): Delta a_mu <= Delta a_exp + 2 sigma (dataset from the settings) and
  Delta a_e <= Delta a_e(Rb alpha) + 2 sigma;
* LEP contact interactions and the ILC projection (:mod:`.contact`, seed 000 eq. 7): m_Z' >= 1 TeV.

An excluded interval that lies wholly above the perturbative coupling 4 pi is dropped (the bound
does not constrain a perturbative Z' there). Masses in GeV; couplings dimensionless.
"""
from __future__ import annotations

import math

import numpy as np

from .. import constants as C
from .. import units
from ..bound_registry import ComputedBound, register_bound
from ..model.charges import ChargeAssignment
from ..model.zprime import ZPrime
from ..settings import DEFAULT
from . import contact, g2, nue, nuphilic, reactor, stellar, trident

__all__ = ["LEP_MIN_MASS"]

#: Lowest Z' mass for the LEP/ILC contact-interaction bounds (well above sqrt(s) = 209 GeV).
LEP_MIN_MASS = 1.0 * units.TeV
_G_PERTURBATIVE = 4 * math.pi


def _perturbative(intervals) -> tuple:
    return tuple((lo, hi) for lo, hi in intervals if lo <= _G_PERTURBATIVE)


def _open_above(g_lo: float) -> tuple:
    return _perturbative(((g_lo, math.inf),)) if math.isfinite(g_lo) else ()


def _unit(ch: ChargeAssignment, mass: float) -> ZPrime:
    return ZPrime(mass, 1.0, ch)


def _charged(ch: ChargeAssignment) -> bool:
    """A model with U(1) charges (the minimal dark photon has none: its bounds are tabulated)."""
    return any(ch.L) or any(ch.e) or any(ch.Q) or any(ch.u) or any(ch.d) or ch.nu_matrix is not None


def _is_nuphilic(ch: ChargeAssignment) -> bool:
    return ch.effective and not any(ch.L) and not any(ch.e) and not any(ch.Q) and ch.nu_matrix is not None


def _lam(ch, mass) -> float:
    return float(np.max(np.abs(_unit(ch, mass).neutrino_couplings())))


def _lam_mumu(ch, mass) -> float:
    return abs(float(_unit(ch, mass).neutrino_couplings()[1, 1]))


def _has_nu_e(ch, mass) -> bool:
    """A neutrino and an electron coupling (nu-e scattering); the electron one may be the loop mixing."""
    zp = _unit(ch, mass)
    return _charged(ch) and bool(np.any(np.diag(zp.neutrino_couplings()) != 0)) and zp.couplings("e", 0.0)[0] != 0


_REF2 = "seed 002 sec. 3"


def _nuphilic_entries():
    def higgs(which):
        def excluded(ch, m):
            return _open_above(nuphilic.higgs_invisible_lambda_max(m, which) / _lam(ch, m))

        def criterion(ch, m):
            B, G1 = nuphilic.HIGGS_INV_BR_LIMITS[which], nuphilic.higgs_width(m, 1.0)
            return lambda g: (g * _lam(ch, m)) ** 2 * G1 / (C.Gamma_h_SM + (g * _lam(ch, m)) ** 2 * G1) - B
        return excluded, criterion

    for which, ref, status in (("LHC", f"{_REF2}.B (BR < 24%)", "existing"),
                               ("HL-LHC", f"{_REF2}.B (BR < 2.5%)", "projection"),
                               ("ATLAS 2023", "ATLAS, PLB 842 (2023) 137963 (BR < 10.7%); seed 002 sec. 3.B method",
                                "existing")):
        exc, crit = higgs(which)
        register_bound(ComputedBound(f"Higgs invisible ({which})", which, ref,
                                     lambda ch, m: _is_nuphilic(ch), exc, crit, status))

    def mumu_applies(ch, m):
        return _is_nuphilic(ch) and _lam_mumu(ch, m) > 0

    register_bound(ComputedBound(
        "W width", "W", f"{_REF2}.C (42 MeV)", mumu_applies,
        lambda ch, m: _open_above(nuphilic.w_width_lambda_max(m) / _lam_mumu(ch, m)),
        lambda ch, m: (lambda g: (g * _lam_mumu(ch, m)) ** 2 * nuphilic.w_width(m, 1.0) - C.Gamma_W_err)))
    for meson, label, ref, lim, source in (
            ("K", "K -> mu nu V", "K+", nuphilic.MESON_BR_LIMITS["K"], f"{_REF2}.E"),
            ("pi", "pi -> mu nu V", "pi+", nuphilic.MESON_BR_LIMITS["pi"], f"{_REF2}.E"),
            ("K", "K -> mu nu V (NA62 2021)", "NA62", nuphilic.K_BR_LIMIT_NA62, "NA62, PLB 816 (2021) 136259")):
        def meson_exc(ch, m, meson=meson, lim=lim):
            return _open_above(nuphilic.meson_lambda_max(meson, m, lim) / _lam_mumu(ch, m))

        def meson_crit(ch, m, meson=meson, lim=lim):
            G1, tau = nuphilic.meson_width(meson, m, 1.0), nuphilic.MESONS[meson][3]
            return lambda g: (g * _lam_mumu(ch, m)) ** 2 * G1 * tau - lim
        register_bound(ComputedBound(label, ref, f"{source} (BR < {lim:g})", mumu_applies, meson_exc, meson_crit))
    register_bound(ComputedBound(
        "Z invisible", "LEP", f"{_REF2}.D (2 sigma of Gamma_inv)", lambda ch, m: _is_nuphilic(ch),
        lambda ch, m: _open_above(nuphilic.z_invisible_lambda_max(m) / _lam(ch, m)),
        lambda ch, m: (lambda g: (g * _lam(ch, m)) ** 2 * nuphilic.z_width(m, 1.0) - 2 * C.Gamma_Z_inv_err)))


def _scattering_entries():
    def borexino_crit(ch, m):
        return lambda g: abs(nue.borexino_rate_ratio(ZPrime(m, g, ch)) - 1) - nue.BOREXINO_MAX_DEVIATION

    register_bound(ComputedBound(
        "Borexino 7Be", "Borexino", "seed 001 app. A; Borexino PRL 107 (2011) 141302", _has_nu_e,
        lambda ch, m: _perturbative(nue.borexino_bound(ch, m).excluded), borexino_crit))

    def texono_applies(ch, m):
        return _has_nu_e(ch, m) and _unit(ch, m).neutrino_couplings()[0, 0] != 0

    def texono_crit(ch, m):
        room = reactor.TEXONO_ROOM
        return lambda g: abs(reactor.texono_ratio(ZPrime(m, g, ch)) - reactor.TEXONO["xi"]) - room

    register_bound(ComputedBound(
        "TEXONO (computed)", "TEXONO",
        "TEXONO CsI(Tl), Deniz et al., PRD 81 (2010) 072001 (xi = 1.08 +- 0.26, T = 3-8 MeV); reactor spectra "
        "Mueller et al. 2011", texono_applies,
        lambda ch, m: _perturbative(reactor.texono_bound(ch, m).excluded), texono_crit))

    def wd_crit(ch, m):
        target = stellar.C_V_PLASMON * C.G_F
        return lambda g: max(abs(v) for v in stellar.g_zprime_plasmon(ZPrime(m, g, ch)).values()) - target

    register_bound(ComputedBound(
        "White dwarf cooling", "WD", "seed 001 sec. II.A (its refs. 44, 45)",
        lambda ch, m: _has_nu_e(ch, m) and m >= stellar.WD_MIN_MASS,
        lambda ch, m: _open_above(stellar.white_dwarf_g_max(ch, m)), wd_crit))

    def ccfr_applies(ch, m):
        zp = _unit(ch, m)
        return (_charged(ch) and zp.neutrino_couplings()[1, 1] != 0 and zp.couplings("mu", 0.0)[0] != 0
                and m >= trident.CCFR_MIN_MASS)

    def ccfr_crit(ch, m):
        limit = trident.CCFR_RATIO + 1.96 * trident.CCFR_RATIO_ERR
        return lambda g: trident.trident_ratio(ZPrime(m, g, ch)) - limit

    register_bound(ComputedBound(
        "CCFR trident (contact)", "CCFR", "arXiv:1406.2332; CCFR PRL 66 (1991) 3117", ccfr_applies,
        lambda ch, m: _open_above(trident.ccfr_g_max(ch, m)), ccfr_crit))

    def charm2_crit(ch, m):
        r, s = trident.TRIDENT_DATA["CHARM-II"]
        return lambda g: trident.trident_ratio(ZPrime(m, g, ch)) - (r + 1.96 * s)

    register_bound(ComputedBound(
        "CHARM-II trident (contact)", "CHARM-II", "arXiv:1406.2332; CHARM-II Phys. Lett. B 245 (1990) 271", ccfr_applies,
        lambda ch, m: _open_above(trident.trident_g_max(ch, m, "CHARM-II")), charm2_crit))


def _g2_entries():
    def measurement(lep):
        return None if lep == "mu" else tuple(g2.datasets()["wp2025"]["e_alt"])

    for lep, ref in (("mu", "g-2 (dataset: settings.g2_dataset)"), ("e", "g-2, alpha(Rb), arXiv:2506.03069 et al.")):
        def excluded(ch, m, settings=None, lep=lep):
            return _open_above(g2.g2_g_max(ch, m, lep, measurement=measurement(lep), settings=settings or DEFAULT))

        def criterion(ch, m, settings=None, lep=lep):
            c, s = measurement(lep) or g2.measured(lep, None, settings or DEFAULT)
            return lambda g: g2.delta_a(ZPrime(m, g, ch), lep) - (c + 2.0 * s)

        def year(settings, lep=lep):
            # the electron bound uses Delta a_e = +4.8(3.0)e-13 (alpha from Rb), published by Morel et al. in 2020
            return int(g2.datasets()[(settings or DEFAULT).g2_dataset]["year"]) if lep == "mu" else 2020
        register_bound(ComputedBound(f"(g-2)_{lep}", "g-2", ref, lambda ch, m: _charged(ch), excluded, criterion,
                                     settings_aware=True, year=year))


def _contact_entries():
    def x(ch, f):
        return abs(ch.lepton_LR(f)[0])

    def lep(chan, f, projection=False):
        bound = contact.ilc_bound_m_over_g if projection else (lambda: contact.lep_bound_m_over_g(chan))

        def applies(ch, m):
            return _charged(ch) and m >= LEP_MIN_MASS and x(ch, "e") * x(ch, f) > 0

        def excluded(ch, m):
            return _open_above(m / (bound() * math.sqrt(x(ch, "e") * x(ch, f))))

        def criterion(ch, m):
            return lambda g: g * math.sqrt(x(ch, "e") * x(ch, f)) / m - 1 / bound()
        return applies, excluded, criterion

    for chan, f in (("e e", "e"), ("mu mu", "mu")):
        register_bound(ComputedBound(f"LEP e+e- -> {chan}", "LEP", "seed 000 eq. 7 (its ref. 23)", *lep(chan, f)))
    register_bound(ComputedBound("ILC e+e- -> mu mu", "ILC", "seed 000 (ILC sensitivity)",
                                 *lep("mu mu", "mu", projection=True), status="projection"))


_nuphilic_entries()
_scattering_entries()
_g2_entries()
_contact_entries()
