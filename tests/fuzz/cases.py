"""The public API, case by case: a cheap valid call of every public function and class, with the roles
of its parameters (see :mod:`contract`). Expensive objects are built once, on first use."""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from leptoforce import units as u
from leptoforce import validate as V

from .contract import Case

MeV, GeV, keV = u.MeV, u.GeV, u.keV


# ---- shared objects --------------------------------------------------------------------------------
@lru_cache(maxsize=None)
def obj(name: str):
    from leptoforce.model import DarkHiggs, DiracFermion, MajoranaRHN, SterileNeutrino, ZPrime
    if name == "zp":
        return ZPrime(10 * MeV, 5e-4, "Lmu-Ltau")
    if name == "zp_bl":
        return ZPrime(100 * MeV, 1e-4, "B-L")
    if name == "zp_emu":
        return ZPrime(10 * MeV, 1e-4, "Le-Lmu")
    if name == "zp_rhn":
        return ZPrime(1 * GeV, 1e-5, "B-L", rhn_masses=(0.1 * GeV,), loop_mixing=False)
    if name == "zp_nuphilic":
        return ZPrime(10 * MeV, 1e-3, "nuphilic-mumu")
    if name == "phi":
        return DarkHiggs(15 * MeV)
    if name == "n1":
        return MajoranaRHN(10 * keV, 1e-10)
    if name == "sterile":
        return SterileNeutrino(7.1 * keV, 1e-10)
    if name == "dirac":
        return DiracFermion(1 * GeV, 1.0)
    if name == "yukawa":
        from leptoforce.sidm import Yukawa
        return Yukawa(10 * GeV, 10 * MeV, 1e-3)
    if name == "rhn_system":
        from leptoforce.thermal.rhn import RHNSystem
        return RHNSystem(obj("zp_rhn"))
    if name == "annihilation":
        from leptoforce.thermal.annihilation import DiracZPrimeAnnihilation
        return DiracZPrimeAnnihilation("Le-Lmu")
    if name == "nfw":
        from leptoforce.astro.halo import milky_way_nfw
        return milky_way_nfw()
    if name == "prop":
        from leptoforce.astro.propagation import Propagation
        return Propagation.preset("MED")
    if name == "solar":
        from leptoforce.astro.solar import SolarNeutrinos
        return SolarNeutrinos()
    if name == "recoil":
        from leptoforce.astro.solar_recoil import SolarNuRecoil
        return SolarNuRecoil()
    if name == "boosted":
        from leptoforce.astro.crdm import BoostedDM
        return BoostedDM(n_Te=200, n_Tchi=200)
    if name == "xe_response":
        from leptoforce.experiments.xenon1t import Response
        return Response()
    if name == "xe_lik":
        from leptoforce.experiments.xenon1t import XenonLikelihood
        return XenonLikelihood()
    if name == "dampe_data":
        from leptoforce.experiments.dampe import load_dampe2017
        return load_dampe2017()
    if name == "dampe_like":
        from leptoforce.experiments.dampe import DampeLikelihood
        return DampeLikelihood(obj("dampe_data"))
    if name == "dampe_templates":
        from leptoforce.experiments.dampe import SignalTemplates
        return SignalTemplates(m_range_GeV=(1000.0, 2000.0), n_m=8, M_sub_range=(2.5e5, 6e7), n_M=2)
    if name == "emu_like":
        from leptoforce.inference.dampe_emu import DampeEmuLikelihood, LikelihoodSettings
        return DampeEmuLikelihood(LikelihoodSettings(n_m=24, n_M=2))
    if name == "limit_babar":
        from leptoforce.experiments.limits import registry
        return registry()["BaBar2014"]
    if name == "sterile_prod":
        from leptoforce.thermal.sterile import ProductionGrid, SterileProduction
        return SterileProduction(1 * GeV, grid=ProductionGrid(n_x=8, z_per_decade=20))
    if name == "partners":
        from leptoforce.thermal.sterile_rates import partners_for
        return partners_for(obj("zp_nuphilic"), "mu")
    raise KeyError(name)


def _m(name, method):
    """A method of a shared object, as a keyword-only callable."""
    def call(**kw):
        return getattr(obj(name), method)(**kw)
    call.__name__ = f"{name}.{method}"
    return call


def _sv_const(s, m=None):
    return 1e-8 + 0.0 * np.asarray(s, float)


def cases() -> list[Case]:
    from leptoforce import cache, constants, data, numerics, settings, units
    from leptoforce.astro import crdm, halo, neutron_star, propagation, solar, spectra
    from leptoforce.decays import dark_higgs, hadrons, sterile, zprime as zdec
    from leptoforce.experiments import bounds, dampe, limits, planck, xenon1t, xenonnt_bound
    from leptoforce.inference import terms
    from leptoforce.lab import contact, g2, nue, nuphilic, reactor, stellar, trident
    from leptoforce.model import (ChargeAssignment, DarkHiggs, DiracFermion, MajoranaRHN, PseudoDiracPair,
                                  SterileNeutrino, ZPrime, charges, zprime)
    from leptoforce.sidm import averages, partial_waves, yukawa
    from leptoforce.scenarios.pseudo_dirac import PseudoDiracSIDM
    from leptoforce.thermal import averages as tav
    from leptoforce.thermal import freezein, freezeout, neff, relics, rhn, sterile_rates, thermo

    C = Case
    out = [
        # ---- core ---------------------------------------------------------------------------------
        C("units.parse_quantity", units.parse_quantity, dict(text="10MeV", name="--mass", dimension="energy"),
          {"dimension": "choice"}),
        C("constants.record", constants.record, dict(name="m_mu"), {"name": "choice"}),
        C("data.table_header", data.table_header, dict(folder="gstar", name="saikawa_shirai_2018_gstar_subsample.csv"),
          {"folder": "choice", "name": "choice"}),
        C("data.load_table", data.load_table, dict(folder="gstar", name="saikawa_shirai_2018_gstar_subsample.csv"),
          {"folder": "choice", "name": "choice"}),
        C("cache.cache_key", cache.cache_key, dict(kind="x", inputs={"a": 1.0}), {"inputs": "obj"}),
        C("settings.Settings", settings.Settings, dict(quad_rtol=1e-10, sidm_rtol=1e-3, sidm_step=0.1, sidm_l_cap=20000,
                                                       quad_limit=200, bound_xtol=1e-8, hadron_method="rratio"),
          {"quad_rtol": "tol", "sidm_rtol": "tol", "sidm_step": "pos", "sidm_l_cap": "int", "quad_limit": "int",
           "bound_xtol": "tol", "hadron_method": "choice"}),
        C("numerics.lowest_excluded", numerics.lowest_excluded,
          dict(excess=lambda lg: lg + 3, g_floor=1e-9, g_ceiling=1.0, xtol=1e-8), {"g_floor": "pos", "g_ceiling": "pos",
                                                                                  "xtol": "tol"}),
        C("numerics.excluded_intervals", numerics.excluded_intervals,
          dict(excess=lambda lg: lg + 3, g_floor=1e-9, g_ceiling=1.0, n_grid=11, xtol=1e-8),
          {"g_floor": "pos", "g_ceiling": "pos", "n_grid": "int", "xtol": "tol"}),
        C("validate.positive", V.positive, dict(name="x", value=1.0), {"value": "pos"}, aliases={"value": ("x",)}),
        # ---- model --------------------------------------------------------------------------------
        C("ZPrime", ZPrime, dict(mass=10 * MeV, g=1e-4, charges="Lmu-Ltau", epsilon=0.0, loop_mixing=True),
          {"mass": "pos", "g": "gpos", "charges": "choice", "epsilon": "real", "loop_mixing": "bool"}),
        C("ZPrime(rhn)", ZPrime, dict(mass=1 * GeV, g=1e-4, charges="B-L", rhn_masses=(0.1,)),
          {"rhn_masses": "obj"}),
        C("ZPrime.epsilon_at", _m("zp", "epsilon_at"), dict(q2=0.0), {"q2": "real"}),
        C("ZPrime.couplings", _m("zp", "couplings"), dict(f="mu", q2=0.0), {"f": "choice", "q2": "real"}),
        C("ZPrime.with_", _m("zp", "with_"), dict(mass=20 * MeV), {"mass": "pos"}),
        C("model.preset", charges.preset, dict(name="B-L"), {"name": "choice"}),
        C("model.lepton_flavour_plus_bl", charges.lepton_flavour_plus_bl, dict(i="mu", j="tau", eps=0.2),
          {"i": "choice", "j": "choice", "eps": "real"}),
        C("model.neutrinophilic", charges.neutrinophilic, dict(lam={"mu mu": 1.0}), {"lam": "obj"}),
        C("ChargeAssignment", ChargeAssignment, dict(name="x", L=(1.0, -1.0, 0.0), e=(1.0, -1.0, 0.0)),
          {"L": "obj", "e": "obj", "effective": "bool"}),
        C("model.anomaly_coefficients", charges.anomaly_coefficients, dict(ch=charges.preset("B-L")), {"ch": "obj"}),
        C("DiracFermion", DiracFermion, dict(mass=1.0, charge=1.0), {"mass": "pos", "charge": "real"}),
        C("PseudoDiracPair", PseudoDiracPair, dict(m_N=1.0, y_N=0.1, y_Nbar=0.1, v_Phi=10.0, charge=0.5),
          {"m_N": "pos", "y_N": "coupling", "y_Nbar": "coupling", "v_Phi": "pos", "charge": "real"}),
        C("MajoranaRHN", MajoranaRHN, dict(mass=1e-5, theta2=1e-10, generation=1),
          {"mass": "pos", "theta2": "prob", "generation": "int"}),
        C("SterileNeutrino", SterileNeutrino, dict(m4=7e-6, sin2_2theta=1e-10, flavour="mu", majorana=True),
          {"m4": "pos", "sin2_2theta": "prob", "flavour": "choice", "majorana": "bool"}),
        C("DarkHiggs", DarkHiggs, dict(mass=0.015, charge=-1.0), {"mass": "pos", "charge": "real"}),
        C("DarkHiggs.vev", lambda zp: DarkHiggs(0.015).vev(zp), dict(zp=obj("zp")), {"zp": "obj"}),
        C("loop_kinetic_mixing", zprime.loop_kinetic_mixing, dict(zp=obj("zp"), q2=0.0), {"zp": "obj", "q2": "real"}),
        C("loop_zzp_mixing", zprime.loop_zzp_mixing, dict(zp=obj("zp")), {"zp": "obj"}),
        C("unit_coupling_zprime", zprime.unit_coupling_zprime, dict(mass=0.01, charges="Lmu-Ltau", purpose="x"),
          {"mass": "pos", "charges": "choice"}),
        # ---- decays -------------------------------------------------------------------------------
        C("two_body_width", zdec.two_body_width, dict(m=1.0, m1=0.1, m2=0.1, gv=1e-3, ga=0.0, nc=1),
          {"m": "pos", "m1": "nonneg", "m2": "nonneg", "gv": "real", "ga": "real", "nc": "int", "identical": "bool"}),
        C("mumu_width_unit", __import__("leptoforce.decays.twobody", fromlist=["x"]).mumu_width_unit, dict(m=1.0),
          {"m": "pos"}),
        C("numerics.readonly", __import__("leptoforce.numerics", fromlist=["x"]).readonly,
          dict(obj={"a": [1.0, 2.0]}), {}),
        C("partial_widths", zdec.partial_widths, dict(zp=obj("zp")), {"zp": "obj", "hadron_method": "choice"}),
        C("total_width", zdec.total_width, dict(zp=obj("zp_bl")), {"zp": "obj"}),
        C("branching_ratios", zdec.branching_ratios, dict(zp=obj("zp_bl")), {"zp": "obj"}),
        C("branching_ratio", zdec.branching_ratio, dict(zp=obj("zp_bl"), channel="e e"), {"zp": "obj", "channel": "choice"}),
        C("lifetime", zdec.lifetime, dict(zp=obj("zp")), {"zp": "obj"}),
        C("ctau", zdec.ctau, dict(zp=obj("zp")), {"zp": "obj"}),
        C("neutrino_widths", zdec.neutrino_widths, dict(zp=obj("zp")), {"zp": "obj"}),
        C("hadronic_width", hadrons.hadronic_width, dict(zp=obj("zp_bl"), method="vmd"), {"zp": "obj", "method": "choice"}),
        C("r_ratio", hadrons.r_ratio, dict(m=1.0), {"m": "pos"}),
        C("vmd_components", hadrons.vmd_components, dict(m=0.8), {"m": "pos"}),
        C("alpha_s_one_loop", hadrons.alpha_s_one_loop, dict(mu=10.0), {"mu": "pos"}),
        C("dark_higgs.width_zz", dark_higgs.width_zz, dict(phi=obj("phi"), zp=obj("zp")), {"phi": "obj", "zp": "obj"}),
        C("dark_higgs.width_z_nunu", dark_higgs.width_z_nunu, dict(phi=obj("phi"), zp=obj("zp")),
          {"phi": "obj", "zp": "obj"}),
        C("dark_higgs.F_three_body", dark_higgs.F_three_body, dict(r=1.5, w=1e-6), {"r": "pos", "w": "nonneg"}),
        C("dark_higgs.widths", dark_higgs.widths, dict(phi=obj("phi"), zp=obj("zp")), {"phi": "obj", "zp": "obj"}),
        C("dark_higgs.lifetime", dark_higgs.lifetime, dict(phi=obj("phi"), zp=obj("zp")), {"phi": "obj", "zp": "obj"}),
        C("dark_higgs.lifetime_curve", dark_higgs.lifetime_curve, dict(zp=obj("zp"), masses=[0.015, 0.018]),
          {"zp": "obj", "masses": "posarray", "charge": "real"}),
        C("sterile.width_3nu", sterile.width_3nu, dict(n1=obj("n1")), {"n1": "obj"}),
        C("sterile.lifetime_3nu", sterile.lifetime_3nu, dict(n1=obj("n1")), {"n1": "obj"}),
        C("sterile.lifetime_condition", sterile.lifetime_condition, dict(mass=1e-5, sum_y2=1e-16),
          {"mass": "pos", "sum_y2": "nonneg"}),
        C("sterile.sum_y2_at_universe_age", sterile.sum_y2_at_universe_age, dict(mass=1e-5), {"mass": "pos"}),
        # ---- lab ----------------------------------------------------------------------------------
        C("contact.contact_scale_bound", contact.contact_scale_bound, dict(Lambda=18e3, channel="e e"),
          {"Lambda": "pos", "channel": "choice", "convention": "choice"}),
        C("contact.lep_bound_m_over_g", contact.lep_bound_m_over_g, dict(channel="mu mu"),
          {"channel": "choice", "convention": "choice"}),
        C("contact.ilc_bound_m_over_g", contact.ilc_bound_m_over_g, dict(convention="seed000"), {"convention": "choice"}),
        C("contact.dd_loop_g_max", contact.dd_loop_g_max, dict(m_zprime=2600.0, q_psi=2.0),
          {"m_zprime": "pos", "q_psi": "pos", "which": "choice"}),
        C("g2.delta_a", g2.delta_a, dict(zp=obj("zp"), lepton="mu"), {"zp": "obj", "lepton": "choice"}),
        C("g2.delta_a_vector", g2.delta_a_vector, dict(m_lepton=0.105, m_zprime=0.01, g_v=1e-4),
          {"m_lepton": "pos", "m_zprime": "pos", "g_v": "coupling"}),
        C("g2.delta_a_axial", g2.delta_a_axial, dict(m_lepton=0.105, m_zprime=0.01, g_a=1e-4),
          {"m_lepton": "pos", "m_zprime": "pos", "g_a": "coupling"}),
        C("g2.vector_loop_integral", g2.vector_loop_integral, dict(r=2.0), {"r": "nonneg"}),
        C("g2.vector_loop_closed_form", g2.vector_loop_closed_form, dict(r=2.0), {"r": "nonneg"}),
        C("g2.measured", g2.measured, dict(lepton="mu", dataset="wp2025"), {"lepton": "choice", "dataset": "choice"}),
        C("g2.g2_g_max", g2.g2_g_max, dict(charges="Lmu-Ltau", mass=0.01, lepton="mu", n_sigma=2.0),
          {"charges": "choice", "mass": "pos", "lepton": "choice", "n_sigma": "pos", "dataset": "choice"}),
        C("g2.g_max_from_unit_delta_a", g2.g_max_from_unit_delta_a, dict(delta_a_unit=1e-3, room=1e-9),
          {"delta_a_unit": "real", "room": "pos"}),
        C("g2.g2_favoured_band", g2.g2_favoured_band,
          dict(charges="Lmu-Ltau", mass=0.01, lepton="mu", dataset="seed001-davier2011", n_sigma=1.0),
          {"charges": "choice", "mass": "pos", "n_sigma": "pos", "dataset": "choice"}),
        C("nue.sm_couplings", nue.sm_couplings, dict(flavour="e", sin2w=0.231), {"flavour": "choice", "sin2w": "prob"}),
        C("nue.effective_couplings", nue.effective_couplings, dict(flavour="mu", T=1e-4, zp=obj("zp")),
          {"flavour": "choice", "T": "nonneg", "zp": "obj"}),
        C("nue.dsigma_dT", nue.dsigma_dT, dict(E_nu=1e-3, T=1e-4, flavour="e", zp=obj("zp")),
          {"E_nu": "pos", "T": "nonneg", "flavour": "choice", "zp": "obj", "antineutrino": "bool"}),
        C("nue.sigma_total", nue.sigma_total, dict(E_nu=1e-3, flavour="e", zp=obj("zp"), T_min=1e-4),
          {"E_nu": "pos", "T_min": "nonneg", "T_max": "pos", "flavour": "choice", "zp": "obj"}),
        C("nue.sigma_total_sm_closed", nue.sigma_total_sm_closed, dict(E_nu=1e-3, flavour="mu"),
          {"E_nu": "pos", "flavour": "choice"}),
        C("nue.t_max", nue.t_max, dict(E_nu=1e-3), {"E_nu": "pos"}),
        C("nue.solar_flavour_fractions", nue.solar_flavour_fractions, dict(P_ee=0.51), {"P_ee": "prob"}),
        C("nue.solar_pee_msw", nue.solar_pee_msw, dict(E_nu=1e-3, n_e=1e-18), {"E_nu": "pos", "n_e": "pos"}),
        C("nue.cos2theta12_matter", nue.cos2theta12_matter, dict(E_nu=1e-3, n_e=1e-18), {"E_nu": "pos", "n_e": "pos"}),
        C("nue.borexino_rate_ratio", nue.borexino_rate_ratio, dict(zp=obj("zp"), P_ee=0.51),
          {"zp": "obj", "P_ee": "prob", "E_nu": "pos", "T_min": "nonneg", "flavour_split": "choice"}),
        C("xenonnt_bound.xenonnt_bound", xenonnt_bound.xenonnt_bound, dict(charges="Lmu-Ltau", mass=0.01),
          {"charges": "choice", "mass": "pos"}),
        C("xenonnt_bound.xenonnt_delta_chi2", xenonnt_bound.xenonnt_delta_chi2, dict(charges="B-L", mass=1e-3),
          {"charges": "choice", "mass": "pos"}),
        C("nue.borexino_bound", nue.borexino_bound, dict(charges="Lmu-Ltau", mass=0.01, n_grid=11),
          {"charges": "choice", "mass": "pos", "max_deviation": "pos", "P_ee": "prob", "g_floor": "pos",
           "g_ceiling": "pos", "n_grid": "int"}),
        C("nuphilic.higgs_width", nuphilic.higgs_width, dict(m_V=0.01, lam=1.0), {"m_V": "pos", "lam": "coupling"}),
        C("nuphilic.w_width", nuphilic.w_width, dict(m_V=0.01, lam=1.0), {"m_V": "pos", "lam": "coupling"}),
        C("nuphilic.z_width", nuphilic.z_width, dict(m_V=0.01, lam=1.0), {"m_V": "pos", "lam": "coupling"}),
        C("nuphilic.meson_width", nuphilic.meson_width, dict(meson="K", m_V=0.01, lam=1.0),
          {"meson": "choice", "m_V": "pos", "lam": "coupling", "lepton_mass": "nonneg"}),
        C("nuphilic.F_higgs", nuphilic.F_higgs, dict(h=0.1), {"h": "nonneg"}),
        C("nuphilic.F_w", nuphilic.F_w, dict(w=0.1), {"w": "nonneg"}),
        C("nuphilic.higgs_invisible_lambda_max", nuphilic.higgs_invisible_lambda_max, dict(m_V=0.01, which="LHC"),
          {"m_V": "pos", "which": "choice"}),
        C("nuphilic.w_width_lambda_max", nuphilic.w_width_lambda_max, dict(m_V=0.01), {"m_V": "pos"}),
        C("nuphilic.z_invisible_lambda_max", nuphilic.z_invisible_lambda_max, dict(m_V=0.01, n_sigma=2.0),
          {"m_V": "pos", "n_sigma": "pos"}),
        C("nuphilic.meson_lambda_max", nuphilic.meson_lambda_max, dict(meson="pi", m_V=0.01),
          {"meson": "choice", "m_V": "pos"}),
        C("reactor.reactor_spectrum", reactor.reactor_spectrum, dict(E_nu=5e-3), {"E_nu": "pos", "fractions": "obj"}),
        C("reactor.texono_ratio", reactor.texono_ratio, dict(zp=obj("zp_bl")), {"zp": "obj", "fractions": "obj"}),
        C("reactor.texono_bound", reactor.texono_bound, dict(charges="B-L", mass=0.1),
          {"charges": "choice", "mass": "pos", "g_floor": "pos", "g_ceiling": "pos"}),
        C("SolarNuRecoil.spectrum", _m("recoil", "spectrum"), dict(charges="Le-Lmu", mass=0.01, g=1e-5),
          {"charges": "choice", "mass": "pos", "g": "nonneg", "mode": "choice"}),
        C("SolarNuRecoil.unit_shifts", _m("recoil", "unit_shifts"), dict(charges="Le-Lmu", mass=0.01),
          {"charges": "choice", "mass": "pos"}),
        C("stellar.g_zprime_plasmon", stellar.g_zprime_plasmon, dict(zp=obj("zp")), {"zp": "obj"}),
        C("stellar.white_dwarf_g_max", stellar.white_dwarf_g_max, dict(charges="Lmu-Ltau", mass=0.01),
          {"charges": "choice", "mass": "pos", "c_v": "pos"}),
        C("trident.trident_ratio", trident.trident_ratio, dict(zp=obj("zp")), {"zp": "obj", "sin2w": "prob"}),
        C("trident.ccfr_g_max", trident.ccfr_g_max, dict(charges="Lmu-Ltau", mass=10.0),
          {"charges": "choice", "mass": "pos", "z": "pos"}),
        # ---- thermal ------------------------------------------------------------------------------
        C("thermo.gstar_rho", thermo.gstar_rho, dict(T=1.0), {"T": "pos"}),
        C("thermo.gstar_s", thermo.gstar_s, dict(T=1.0), {"T": "pos"}),
        C("thermo.dlngs_dlnT", thermo.dlngs_dlnT, dict(T=1.0), {"T": "pos"}),
        C("thermo.gstar_all", thermo.gstar_all, dict(T=1.0), {"T": "pos"}),
        C("thermo.hubble", thermo.hubble, dict(T=1.0), {"T": "pos", "g": "pos"}),
        C("thermo.entropy_density", thermo.entropy_density, dict(T=1.0), {"T": "pos", "g": "pos"}),
        C("thermo.radiation_density", thermo.radiation_density, dict(T=1.0), {"T": "pos", "g": "pos"}),
        C("thermo.number_density", thermo.number_density, dict(m=1.0, T=0.5, g=2.0),
          {"m": "nonneg", "T": "pos", "g": "pos", "statistics": "choice"}),
        C("thermo.energy_density", thermo.energy_density, dict(m=1.0, T=0.5, g=2.0),
          {"m": "nonneg", "T": "pos", "g": "pos", "statistics": "choice"}),
        C("thermo.pressure", thermo.pressure, dict(m=1.0, T=0.5, g=2.0), {"m": "nonneg", "T": "pos", "g": "pos"}),
        C("thermo.entropy_density_species", thermo.entropy_density_species, dict(m=1.0, T=0.5, g=2.0),
          {"m": "nonneg", "T": "pos", "g": "pos"}),
        C("thermo.equilibrium", thermo.equilibrium, dict(m=1.0, T=0.5, g=2.0), {"m": "nonneg", "T": "pos", "g": "pos"}),
        C("thermo.number_density_boltzmann", thermo.number_density_boltzmann, dict(m=1.0, T=0.5, g=2.0),
          {"m": "nonneg", "T": "pos", "g": "pos"}),
        C("averages.sigma_v_thermal", tav.sigma_v_thermal, dict(sigma=lambda s: 1e-8, m=1.0, T=0.05),
          {"m": "pos", "T": "pos", "rtol": "tol", "resonances": "obj"}),
        C("averages.node_tables", tav.node_tables, dict(x=[3.0, 20.0], n=16), {"x": "posarray", "n": "int"}),
        C("averages.sigma_v_thermal_nodes", tav.sigma_v_thermal_nodes, dict(sigma=_sv_const, m=1.0, x=20.0, n=32),
          {"m": "pos", "x": "pos", "n": "int"}),
        C("averages.Resonance", tav.Resonance, dict(mass=1.0, width=0.01), {"mass": "pos", "width": "pos"}),
        C("freezeout.relic_abundance", freezeout.relic_abundance, dict(m=100.0, sigma_v=2e-9, n_grid=40),
          {"m": "pos", "sigma_v": "pos", "g": "pos", "x_start": "pos", "rtol": "tol", "n_grid": "int",
           "self_conjugate": "bool"}),
        C("freezeout.relic_abundance_batch", freezeout.relic_abundance_batch, dict(m=[100.0, 200.0], sigma_v=2e-9),
          {"m": "posarray", "sigma_v": "pos", "g": "pos", "x_start": "pos", "n_steps": "int", "x_end": "pos",
           "not_in_equilibrium": "choice"}),
        C("freezeout.relic_abundance_semianalytic", freezeout.relic_abundance_semianalytic, dict(m=100.0, sigma_v=2e-9),
          {"m": "pos", "sigma_v": "pos", "g": "pos"}),
        C("freezeout.omega_h2_from_yield", freezeout.omega_h2_from_yield, dict(m=100.0, Y=1e-12),
          {"m": "pos", "Y": "nonneg"}),
        C("freezeout.coannihilation_sigma_v", lambda masses, dofs: freezeout.coannihilation_sigma_v(
            masses, dofs, lambda x: np.eye(len(masses)) * 1e-9)(20.0), dict(masses=[1.0, 1.1], dofs=[2.0, 2.0]),
          {"masses": "posarray", "dofs": "posarray"}),
        C("freezein.reaction_density", freezein.reaction_density, dict(sigma=lambda s: 1e-10, m_a=0.0, m_b=0.0, T=1.0),
          {"m_a": "nonneg", "m_b": "nonneg", "T": "pos", "g_a": "pos", "g_b": "pos", "rtol": "tol"}),
        C("freezein.resonant_density", freezein.resonant_density,
          dict(T=0.3, M=1.0, width=1e-3, width_in=lambda E: 1e-4 * E, width_out=lambda E: 1e-4 * E, s_min=0.0),
          {"T": "pos", "M": "pos", "width": "pos", "s_min": "nonneg", "spin": "count0", "method": "choice", "rtol": "tol"}),
        C("freezein.decay_density", freezein.decay_density, dict(T=0.3, M=1.0, g=3.0, width=1e-3),
          {"T": "pos", "M": "pos", "g": "pos", "width": "nonneg"}),
        C("freezein.freezein_yield", freezein.freezein_yield, dict(rate=lambda T: 1e-30 * T**4, T_min=1e-3, T_max=10.0),
          {"T_min": "pos", "T_max": "pos", "gstar": "pos", "n_per_reaction": "pos", "rtol": "tol", "method": "choice",
           "dlnT": "pos"}),
        C("neff.neff_three_bath", neff.neff_three_bath, dict(m_zp=0.01, gamma_ee=0.0, rtol=1e-6),
          {"m_zp": "pos", "gamma_ee": "nonneg", "T_dec": "pos", "T_end": "pos", "rtol": "tol",
           "time_dilation": "bool"}),
        C("neff.gamma_zp_ee", neff.gamma_zp_ee, dict(m_zp=0.01, eps=1e-5), {"m_zp": "pos", "eps": "real"}),
        C("neff.neff_standard_instantaneous", neff.neff_standard_instantaneous, dict(T_dec=1.5e-3), {"T_dec": "pos"}),
        C("neff.neff_zprime", neff.neff_zprime, dict(zp=obj("zp")), {"zp": "obj", "T_dec": "pos"}),
        C("neff.neff_mass_bound", neff.neff_mass_bound, dict(eps=1e-5), {"eps": "finite", "neff_max": "pos",
                                                                         "T_dec": "pos", "m_lo": "pos", "m_hi": "pos"},
          base=False),
        C("relics.relativistic_yield", relics.relativistic_yield, dict(g=2.0, gstar_s_dec=10.75),
          {"g": "pos", "gstar_s_dec": "pos", "statistics": "choice"}),
        C("relics.relativistic_relic_omega_h2", relics.relativistic_relic_omega_h2, dict(m=1e-5),
          {"m": "pos", "g": "pos", "gstar_s_dec": "pos", "statistics": "choice"}),
        C("relics.DecoupledSpecies", relics.DecoupledSpecies, dict(g=3.0, statistics="boson", gstar_s_dec=100.0),
          {"g": "pos", "statistics": "choice", "gstar_s_dec": "pos"}),
        C("relics.delta_neff_decoupled", relics.delta_neff_decoupled,
          dict(species=[relics.DecoupledSpecies(3.0, "boson", 100.0)]), {"species": "obj", "gstar_nu_dec": "pos"}),
        C("rhn.amp2_b", rhn.amp2_b, dict(s=10.0, t=-2.0, M=1.0, m=0.1), {"s": "pos", "M": "pos", "m": "nonneg",
                                                                         "t": "real"}),
        C("rhn.amp2_c", rhn.amp2_c, dict(s=10.0, t=-2.0, M=1.0, m=0.1), {"s": "pos", "M": "pos", "m": "nonneg",
                                                                         "t": "real"}),
        C("rhn.amp2_a_paper", rhn.amp2_a_paper, dict(s=10.0, t=-2.0, m_n=0.1, m_f=0.0),
          {"s": "pos", "m_n": "nonneg", "m_f": "nonneg", "t": "real"}),
        C("rhn.sigma_b", rhn.sigma_b, dict(zp=obj("zp_rhn"), s=10.0), {"zp": "obj", "s": "posarray"}),
        C("rhn.sigma_c", rhn.sigma_c, dict(zp=obj("zp_rhn"), s=10.0), {"zp": "obj", "s": "posarray", "index": "count0"}),
        C("rhn.n_eq_boltzmann", rhn.n_eq_boltzmann, dict(m=1.0, T=0.5, g=2.0), {"m": "nonneg", "T": "pos", "g": "pos"}),
        C("RHNSystem", rhn.RHNSystem, dict(zp=obj("zp_rhn")), {"zp": "obj", "index": "count0"}),
        C("RHNSystem.width_sm", _m("rhn_system", "width_sm"), dict(E=1.0), {"E": "posarray"}),
        C("RHNSystem.width_nn", _m("rhn_system", "width_nn"), dict(E=1.0), {"E": "posarray"}),
        C("RHNSystem.gamma_a", _m("rhn_system", "gamma_a"), dict(T=0.3), {"T": "pos", "method": "choice"}),
        C("RHNSystem.rate_a", _m("rhn_system", "rate_a"), dict(T=0.3), {"T": "pos"}),
        C("RHNSystem.rate_b", _m("rhn_system", "rate_b"), dict(T=0.3), {"T": "pos"}),
        C("RHNSystem.rate_c", _m("rhn_system", "rate_c"), dict(T=0.3), {"T": "pos"}),
        C("RHNSystem.sigma_a", _m("rhn_system", "sigma_a"), dict(s=1.0), {"s": "posarray"}),
        C("rhn.omega_eq37", rhn.omega_eq37, dict(g=5e-12, tau=0.4), {"g": "gpos", "tau": "prob", "gstar": "pos",
                                                                     "c_f": "pos", "f_norm": "pos"}),
        C("rhn.omega_eq313", rhn.omega_eq313, dict(g=4.5e-6), {"g": "gpos", "gstar": "pos"}),
        C("rhn.f_tau", rhn.f_tau, dict(tau=0.5), {"tau": "prob"}),
        C("rhn.vs_eq41", rhn.vs_eq41, dict(m_zp=1.0), {"m_zp": "pos", "omega_h2": "pos", "gstar": "pos"}),
        C("DiracZPrimeAnnihilation", lambda charges: __import__("leptoforce.thermal.annihilation", fromlist=["x"])
          .DiracZPrimeAnnihilation(charges), dict(charges="Le-Lmu"), {"charges": "choice"}),
        C("DiracZPrimeAnnihilation.width", _m("annihilation", "width"), dict(m_zp=2600.0, g=0.1, q_psi=1.0, m_psi=1500.0),
          {"m_zp": "posarray", "g": "posarray", "q_psi": "realarray", "m_psi": "posarray"}),
        C("DiracZPrimeAnnihilation.sigma_v0", _m("annihilation", "sigma_v0"),
          dict(m_psi=1500.0, m_zp=2600.0, g=0.1, q_psi=1.0), {"m_psi": "posarray", "m_zp": "posarray", "g": "posarray",
                                                              "q_psi": "realarray", "channel": "choice"}),
        C("DiracZPrimeAnnihilation.sigma_v_rel", _m("annihilation", "sigma_v_rel"),
          dict(v_rel=1e-3, m_psi=1500.0, m_zp=2600.0, g=0.1, q_psi=1.0), {"v_rel": "posarray", "m_psi": "posarray"}),
        C("DiracZPrimeAnnihilation.branching", _m("annihilation", "branching"), dict(m_psi=1500.0), {"m_psi": "posarray"}),
        C("DiracZPrimeAnnihilation.omega_h2", _m("annihilation", "omega_h2"),
          dict(m_psi=1500.0, m_zp=2600.0, g=0.1, q_psi=1.0, n_steps=200),
          {"m_psi": "posarray", "m_zp": "posarray", "g": "posarray", "q_psi": "realarray", "n_steps": "int",
           "n_nodes": "int", "n_avg": "int", "chunk": "int"}),
        C("sterile_rates.sigma_nunu", sterile_rates.sigma_nunu, dict(s=1e-4, m_V=0.01), {"s": "posarray", "m_V": "pos",
                                                                                        "lam": "coupling"}),
        C("sterile_rates.sigma_nunubar", sterile_rates.sigma_nunubar, dict(s=2e-4, m_V=0.01),
          {"s": "posarray", "m_V": "pos", "lam": "coupling", "width": "pos"}),
        C("sterile_rates.sigma_nu_other", sterile_rates.sigma_nu_other, dict(s=1e-4, m_V=0.01),
          {"s": "posarray", "m_V": "pos", "coupling_product": "real"}),
        C("sterile_rates.sigma_annihilation", sterile_rates.sigma_annihilation, dict(s=2e-4, m_V=0.01),
          {"s": "posarray", "m_V": "pos", "final_mass": "nonneg", "final_dof": "pos", "width": "pos"}),
        C("sterile_rates.sigma_nu_lepton", sterile_rates.sigma_nu_lepton, dict(s=1e-4, m_V=0.01),
          {"s": "posarray", "m_V": "pos"}),
        C("sterile_rates.potential_v", sterile_rates.potential_v, dict(E=1e-3, T=1e-3, m_V=0.01),
          {"E": "posarray", "T": "posarray", "m_V": "pos", "lam": "coupling", "nodes": "int"}),
        C("sterile_rates.potential_v_heavy", sterile_rates.potential_v_heavy, dict(E=1e-3, T=1e-3, m_V=0.01),
          {"E": "posarray", "T": "posarray", "m_V": "pos", "lam": "coupling"}),
        C("sterile_rates.potential_v_light", sterile_rates.potential_v_light, dict(E=1e-3, T=1e-3),
          {"E": "posarray", "T": "posarray", "lam": "coupling"}),
        C("sterile_rates.potential_sm", sterile_rates.potential_sm, dict(E=1e-3, T=1e-3),
          {"E": "posarray", "T": "posarray", "flavour": "choice", "form": "choice"}),
        C("sterile_rates.rate_sm", sterile_rates.rate_sm, dict(E=1e-3, T=1e-3), {"E": "posarray", "T": "posarray",
                                                                                "flavour": "choice"}),
        C("sterile_rates.onshell_rate", sterile_rates.onshell_rate, dict(E=1e-3, T=1e-3, m_V=0.01),
          {"E": "posarray", "T": "posarray", "m_V": "pos", "coupling": "coupling"}),
        C("sterile_rates.rate_v_heavy", sterile_rates.rate_v_heavy, dict(E=1e-3, T=1e-3, m_V=0.01),
          {"E": "posarray", "T": "posarray", "m_V": "pos", "lam": "coupling"}),
        C("sterile_rates.rate_v_light", sterile_rates.rate_v_light, dict(T=1e-3, m_V=0.01),
          {"T": "posarray", "m_V": "pos", "lam": "coupling"}),
        C("sterile_rates.partners_for", sterile_rates.partners_for, dict(zp=obj("zp_nuphilic"), flavour="mu"),
          {"zp": "obj", "flavour": "choice"}),
        C("sterile_rates.rate_v_offshell", sterile_rates.rate_v_offshell,
          dict(zp_or_partners=obj("zp_nuphilic"), m_V=0.01, E=1e-3, T=1e-3),
          {"zp_or_partners": "obj", "m_V": "pos", "E": "posarray", "T": "posarray", "flavour": "choice", "nodes": "int"}),
        C("sterile_rates.RateInterpolator", sterile_rates.RateInterpolator,
          dict(partners=obj("partners"), m_V=0.01, r_min=1e-3, r_max=10.0, per_decade=4, nodes=6),
          {"partners": "obj", "m_V": "pos", "r_min": "pos", "r_max": "pos", "per_decade": "int", "nodes": "int"}),
        C("SterileProduction.solve", _m("sterile_prod", "solve"), dict(g=1e-3, sterile=obj("sterile")),
          {"g": "gnonneg", "sterile": "obj", "conventions": "choice"}),
        # ---- sidm ---------------------------------------------------------------------------------
        C("Yukawa", yukawa.Yukawa, dict(m_chi=10.0, m_phi=0.01, alpha=1e-3),
          {"m_chi": "pos", "m_phi": "pos", "alpha": "pos", "attractive": "bool", "statistics": "choice"}),
        C("Yukawa.cross_sections", _m("yukawa", "cross_sections"), dict(v=1e-3, method="born"),
          {"v": "pos", "method": "choice"}),
        C("Yukawa.sigma_T", _m("yukawa", "sigma_T"), dict(v=1e-3), {"v": "pos", "method": "choice"}),
        C("Yukawa.sigma_T_over_m", _m("yukawa", "sigma_T_over_m"), dict(v=1e-3), {"v": "pos"}),
        C("Yukawa.regime", _m("yukawa", "regime"), dict(v=1e-3), {"v": "pos"}),
        C("yukawa.born_k2_sigma", yukawa.born_k2_sigma, dict(a=10.0, b=1.0), {"a": "pos", "b": "pos",
                                                                              "statistics": "choice"}),
        C("yukawa.classical_sigma_T", yukawa.classical_sigma_T, dict(beta=1.0, m_phi=0.01),
          {"beta": "pos", "m_phi": "pos", "attractive": "bool"}),
        C("yukawa.per_mass_cm2_g", yukawa.per_mass_cm2_g, dict(sigma=1.0, m_chi=10.0), {"sigma": "nonneg", "m_chi": "pos"}),
        C("partial_waves.phase_shifts", partial_waves.phase_shifts, dict(a=1.0, b=1.0), {"a": "pos", "b": "pos",
                                                                                          "attractive": "bool"}),
        C("partial_waves.cross_sections_from_phases", partial_waves.cross_sections_from_phases,
          dict(delta=np.array([0.1, 0.01])), {"delta": "obj", "statistics": "choice"}),
        C("partial_waves.spin_weights", partial_waves.spin_weights, dict(statistics="fermion"), {"statistics": "choice"}),
        C("averages.maxwell_average", averages.maxwell_average, dict(yukawa=obj("yukawa"), v_mean=1e-4, method="born"),
          {"yukawa": "obj", "v_mean": "pos", "quantity": "choice", "method": "choice", "rtol": "tol"}),
        C("averages.mean_velocity_from_dispersion", averages.mean_velocity_from_dispersion, dict(sigma_0=1e-4),
          {"sigma_0": "pos"}),
        C("PseudoDiracSIDM", PseudoDiracSIDM, dict(m_zprime=0.01, g=5e-4, m_phi=0.015, M1=100.0, y=0.1),
          {"m_zprime": "pos", "g": "gpos", "m_phi": "pos", "M1": "pos", "y": "gpos"}),
        C("PseudoDiracSIDM.relic", PseudoDiracSIDM.relic, dict(m_zprime=0.01, g=5e-4, m_phi=0.015, M1=100.0),
          {"m_zprime": "pos", "g": "gpos", "m_phi": "pos", "M1": "pos", "method": "choice"}),
        C("PseudoDiracSIDM.sigma_v_eff_paper", lambda x: PseudoDiracSIDM(0.01, 5e-4, 0.015, 100.0, 0.1)
          .sigma_v_eff_paper(x), dict(x=20.0), {"x": "pos"}),
        # ---- astro --------------------------------------------------------------------------------
        C("crdm.electron_lis", crdm.electron_lis, dict(T=1.0), {"T": "posarray"}),
        C("crdm.J_los", crdm.J_los, dict(b=0.1, l=0.1, n=16), {"b": "real", "l": "real", "n": "int", "R_cr": "pos",
                                                                "h_cr": "pos"}),
        C("crdm.D_eff", crdm.D_eff, dict(), {"R_cr": "pos", "h_cr": "pos"}),
        C("crdm.J_total", crdm.J_total, dict(n_b=16, n_l=16), {"R_cr": "pos", "h_cr": "pos", "n_b": "int", "n_l": "int"}),
        C("crdm.t_max_target", crdm.t_max_target, dict(T_proj=1.0, m_proj=1e-3, m_target=1e-3),
          {"T_proj": "posarray", "m_proj": "pos", "m_target": "pos"}),
        C("crdm.t_min_projectile", crdm.t_min_projectile, dict(T_target=1e-6, m_proj=1e-3, m_target=1e-3),
          {"T_target": "posarray", "m_proj": "pos", "m_target": "pos"}),
        C("BoostedDM", crdm.BoostedDM, dict(n_Te=50, n_Tchi=50), {"n_Te": "int", "n_Tchi": "int", "R_cr": "pos",
                                                                  "h_cr": "pos", "n_e_per_tonne": "pos"}),
        C("BoostedDM.flux", _m("boosted", "flux"), dict(m_chi=1e-3, m_X=1e-2, g=1e-3),
          {"m_chi": "pos", "m_X": "pos", "g": "gpos", "sigma": "nonneg"}),
        C("BoostedDM.recoil_spectrum", _m("boosted", "recoil_spectrum"), dict(m_chi=1e-3, m_X=1e-2, g=1e-3),
          {"m_chi": "pos", "m_X": "pos", "g": "gpos", "sigma": "nonneg"}),
        C("NFW", halo.NFW, dict(rho_s=1.0, r_s=1.0), {"rho_s": "pos", "r_s": "pos"}),
        C("NFW.density", lambda r: obj("nfw").density(r), dict(r=1e35), {"r": "posarray"}),
        C("NFW.mass", lambda r: obj("nfw").mass(r), dict(r=1e35), {"r": "posarray"}),
        C("halo.SubhaloConventions", halo.SubhaloConventions, dict(concentration="moline2017"),
          {"concentration": "choice", "tidal": "choice", "mass": "choice"}),
        C("halo.subhalo", halo.subhalo, dict(M_sub=1e6 * __import__("leptoforce").constants.M_sun),
          {"M_sub": "pos", "R_gc": "pos", "conventions": "obj"}),
        C("halo.concentration", halo.concentration, dict(M200=1e6 * __import__("leptoforce").constants.M_sun),
          {"M200": "pos", "model": "choice", "R_gc": "pos"}),
        C("halo.j_factor_cone", halo.j_factor_cone, dict(halo=obj("nfw"), distance=8.5 * u.kpc, theta=0.1, n_psi=16,
                                                         n_l=16),
          {"halo": "obj", "distance": "pos", "theta": "pos", "n_psi": "int", "n_l": "int"}),
        C("neutron_star.NeutronStar", neutron_star.NeutronStar, dict(), {"mass": "pos", "radius": "pos", "Y_e": "prob",
                                                                         "p_F": "pos"}),
        C("neutron_star.capture_rate_electrons", neutron_star.capture_rate_electrons, dict(m_chi=1.0, m_X=0.01, g=1e-3),
          {"m_chi": "pos", "m_X": "pos", "g": "gpos", "rho": "pos", "vbar": "pos"}),
        C("neutron_star.geometric_rate", neutron_star.geometric_rate, dict(m_chi=1.0), {"m_chi": "pos", "rho": "pos",
                                                                                        "vbar": "pos"}),
        C("neutron_star.geometric_rate_eq11", neutron_star.geometric_rate_eq11, dict(m_chi=1.0),
          {"m_chi": "pos", "rho": "pos"}),
        C("neutron_star.sigma_dm_electron", neutron_star.sigma_dm_electron, dict(m_chi=1.0, m_X=0.01, g=1e-3, K=0.1, n=64),
          {"m_chi": "pos", "m_X": "pos", "g": "gpos", "K": "pos", "n": "int"}),
        C("neutron_star.heating_temperature", neutron_star.heating_temperature, dict(rate=1e-10, m_chi=1.0),
          {"rate": "nonneg", "m_chi": "pos"}),
        C("neutron_star.pauli_factor", neutron_star.pauli_factor, dict(m_chi=1.0), {"m_chi": "pos"}),
        C("propagation.Propagation", propagation.Propagation, dict(D0=1e-20, delta=0.7, b0=1e-16),
          {"D0": "pos", "delta": "real", "b0": "pos"}),
        C("Propagation.preset", propagation.Propagation.preset, dict(name="MED"), {"name": "choice",
                                                                                  "U_eV_per_cm3": "pos"}),
        C("Propagation.lambda2", lambda E, E0: obj("prop").lambda2(E, E0), dict(E=10.0, E0=100.0),
          {"E": "posarray", "E0": "pos"}),
        C("propagation.b0_thomson", propagation.b0_thomson, dict(U_eV_per_cm3=1.0), {"U_eV_per_cm3": "pos"}),
        C("propagation.point_source_density", propagation.point_source_density,
          dict(r=1e35, E=10.0, E0=100.0, rate=1.0, prop=obj("prop")),
          {"r": "nonneg", "E": "posarray", "E0": "pos", "rate": "nonneg", "prop": "obj"}),
        C("propagation.SourceKernel", propagation.SourceKernel, dict(halo=__import__("leptoforce.astro.halo", fromlist=["x"]).NFW(1e-30, 1e34, 1e35), distance=1e35, n_lambda=16, n_nodes=8),
          {"halo": "obj", "distance": "pos", "n_lambda": "int", "n_nodes": "int"}),
        C("solar.SolarNeutrinos", solar.SolarNeutrinos, dict(n_grid=100), {"composition": "choice", "pee": "choice",
                                                                           "pee_value": "prob", "n_grid": "int",
                                                                           "n_e_over_NA": "pos"}),
        C("SolarNeutrinos.tail_moments", lambda E_min: obj("solar").tail_moments(E_min), dict(E_min=1e-4),
          {"E_min": "posarray"}),
        C("SolarNeutrinos.continuum", lambda E: obj("solar").continuum(E), dict(E=1e-3), {"E": "posarray"}),
        C("spectra.fsr_beta", spectra.fsr_beta, dict(m_dm=1000.0, m_f=0.1), {"m_dm": "pos", "m_f": "pos"}),
        C("spectra.structure_function", spectra.structure_function, dict(x=0.5, beta=0.1), {"x": "posarray",
                                                                                             "beta": "pos"}),
        C("spectra.structure_function_cdf", spectra.structure_function_cdf, dict(x=0.5, beta=0.1),
          {"x": "posarray", "beta": "pos"}),
        C("spectra.michel_unpolarised", spectra.michel_unpolarised, dict(z=0.5), {"z": "realarray"}),
        C("spectra.muon_electron_spectrum", spectra.muon_electron_spectrum, dict(x=0.5, m_dm=1000.0, n=16),
          {"x": "posarray", "m_dm": "pos", "fsr": "bool", "n": "int"}),
        C("spectra.fsr_photon_spectrum", spectra.fsr_photon_spectrum, dict(x=0.5, m_dm=1000.0, m_f=0.1),
          {"x": "posarray", "m_dm": "pos", "m_f": "pos"}),
        C("spectra.lepton_mass", spectra.lepton_mass, dict(channel="mu mu"), {"channel": "choice"}),
        # ---- experiments --------------------------------------------------------------------------
        C("dampe.double_broken_power_law", dampe.double_broken_power_law,
          dict(E_GeV=100.0, phi0=247.2, gamma=3.09, dgamma1=0.1, dgamma2=-0.97, ebr2=885.4),
          {"E_GeV": "posarray", "phi0": "pos", "gamma": "real", "dgamma1": "real", "dgamma2": "real", "ebr2": "pos",
           "ebr1": "pos", "delta": "pos"}),
        C("dampe.fit_background", dampe.fit_background, dict(errors="quadrature"), {"errors": "choice", "data": "obj"}),
        C("dampe.Response", dampe.Response, dict(data=obj("dampe_data"), n_fine=200),
          {"data": "obj", "resolution": "pos", "E_min_GeV": "pos", "E_max_GeV": "pos", "n_fine": "int"}),
        C("DampeData.sigma", lambda errors: obj("dampe_data").sigma(errors), dict(errors="stat"), {"errors": "choice"}),
        C("dampe.SignalSettings", dampe.SignalSettings, dict(distance_kpc=0.1),
          {"distance_kpc": "pos", "propagation": "choice", "U_eV_per_cm3": "pos", "annihilation": "choice"}),
        C("dampe.electron_flux", dampe.electron_flux,
          dict(E=np.array([100.0, 1000.0]), m=1500.0, sigma_v=1e-8, halo=obj("nfw"),
               branching={"e e": 1.0}),
          {"E": "posarray", "m": "pos", "sigma_v": "nonneg", "halo": "obj", "branching": "obj"}),
        C("SignalTemplates.signal", lambda m, sigma_v_cm3s, M_sub, branching: obj("dampe_templates").signal(
            m, sigma_v_cm3s, M_sub, branching),
          dict(m=np.array([1500.0]), sigma_v_cm3s=1e-25, M_sub=1e6 * __import__("leptoforce").constants.M_sun,
               branching={"e e": 1 / 3, "mu mu": 1 / 3, "nu nu": 1 / 3}),
          {"m": "posarray", "sigma_v_cm3s": "nonneg", "M_sub": "pos", "branching": "obj"}),
        C("DampeLikelihood.chi2", lambda signal: obj("dampe_like").chi2(signal), dict(signal=np.zeros((1, 38))),
          {"signal": "obj"}),
        C("limits.dark_photon", limits.dark_photon, dict(mass=0.1, eps=1e-3), {"mass": "pos", "eps": "real"}),
        C("limits.recast_bound", limits.recast_bound, dict(limit=obj("limit_babar"), charges="B-L", mass=0.5),
          {"limit": "obj", "charges": "choice", "mass": "pos"}),
        C("limits.production_ratio", limits.production_ratio, dict(zp=obj("zp_bl"), mode="e_e"),
          {"zp": "obj", "mode": "choice"}),
        C("limits.decay_width", limits.decay_width, dict(zp=obj("zp_bl"), mode="e_e"), {"zp": "obj", "mode": "choice"}),
        C("Limit.coupling_window", lambda m: obj("limit_babar").coupling_window(m), dict(m=0.5), {"m": "pos"}),
        C("planck.f_eff_electron", planck.f_eff_electron, dict(E=1.0), {"E": "posarray"}),
        C("planck.f_eff_channel", planck.f_eff_channel, dict(channel="e e", m=100.0), {"channel": "choice",
                                                                                       "m": "posarray"}),
        C("planck.f_eff", planck.f_eff, dict(m=100.0, branching={"e e": 1.0}), {"m": "posarray", "branching": "obj"}),
        C("planck.p_ann", planck.p_ann, dict(sigma_v=1e-8, m=100.0, f=0.5),
          {"sigma_v": "nonneg", "m": "posarray", "f": "prob", "dirac": "bool"}),
        C("xenon1t.efficiency", xenon1t.efficiency, dict(E_keV=5.0), {"E_keV": "posarray"}),
        C("xenon1t.background_rates", xenon1t.background_rates, dict(model="B0"), {"model": "choice",
                                                                                    "sampling": "choice"}),
        C("xenon1t.electrons_per_atom", xenon1t.electrons_per_atom, dict(T_keV=5.0), {"T_keV": "posarray",
                                                                                      "counting": "choice"}),
        C("xenon1t.Resolution", xenon1t.Resolution, dict(a=0.31, b=0.0037), {"a": "nonneg", "b": "nonneg"}),
        C("xenon1t.Resolution.sigma", lambda T_keV: xenon1t.Resolution().sigma(T_keV), dict(T_keV=5.0),
          {"T_keV": "posarray"}),
        C("xenon1t.Response", xenon1t.Response, dict(efficiency_at="true"), {"efficiency_at": "choice",
                                                                             "resolution": "obj"}),
        C("xenon1t.Response.fold", lambda dRdT: obj("xe_response").fold(dRdT),
          dict(dRdT=np.ones(len(obj("xe_response").T))), {"dRdT": "obj"}),
        C("xenon1t.XenonLikelihood", xenon1t.XenonLikelihood, dict(background="B0"), {"background": "choice",
                                                                                      "sampling": "choice"}),
        C("XenonLikelihood.chi2", lambda signal: obj("xe_lik").chi2(signal), dict(signal=0.0), {"signal": "real"}),
        C("XenonLikelihood.poisson_deviance", lambda signal: obj("xe_lik").poisson_deviance(signal), dict(signal=0.0),
          {"signal": "real"}),
        C("bounds.bounds_at", bounds.bounds_at, dict(model="Lmu-Ltau", mass=0.01), {"model": "choice", "mass": "pos"}),
        C("bounds.bounds_table", bounds.bounds_table, dict(model="Le-Lmu", mass=0.01), {"model": "choice",
                                                                                       "mass": "pos"}),
        # ---- inference ----------------------------------------------------------------------------
        C("terms.gaussian", terms.gaussian, dict(x=1.0, mu=0.0, sigma=1.0), {"x": "real", "mu": "real", "sigma": "pos"}),
        C("terms.upper_limit", terms.upper_limit, dict(y=1.0, y_lim=2.0, cl=0.95), {"y": "real", "y_lim": "pos",
                                                                                   "cl": "prob"}),
        C("terms.z_of_cl", terms.z_of_cl, dict(cl=0.9), {"cl": "prob"}),
        C("DampeEmuLikelihood.evaluate", lambda **kw: obj("emu_like").evaluate(**kw),
          dict(m_psi=1500.0, r=1.7, q_psi=1.0, g=0.1, M_sub=1e6 * __import__("leptoforce").constants.M_sun),
          {"m_psi": "posarray", "r": "posarray", "q_psi": "posarray", "g": "posarray", "M_sub": "posarray"}),
        # ---- functions without parameters: called once ----------------------------------------------
        *[C(f"{f.__module__}.{f.__name__}", f, {}, {}) for f in (
            halo.rho_crit, halo.milky_way_nfw, cache.cache_dir, constants.all_records, constants.data_version,
            data.data_versions, data.load_sidm_constraints, dampe.load_dampe2017, freezeout.s0,
            freezeout.rho_crit_over_h2, thermo.gstar_range)],
        C("bounds.envelope_g_max", bounds.envelope_g_max, dict(results=[]), {"results": "obj"}),
        C("limits.load_limit_file", limits.load_limit_file, dict(path=_limit_file(), shape="upper"),
          {"path": "obj", "shape": "choice"}, nan_ok=True),
        C("terms.profile_2d", terms.profile_2d, dict(x=np.array([1.0, 2.0]), y=np.array([1.0, 2.0]),
                                                     chi2=np.array([0.0, 1.0]), x_edges=np.array([0.0, 1.5, 3.0]),
                                                     y_edges=np.array([0.0, 1.5, 3.0])),
          {"x": "obj", "chi2": "obj", "x_edges": "obj"}),
        C("solar_recoil.e_nu_min", __import__("leptoforce.astro.solar_recoil", fromlist=["x"]).e_nu_min, dict(T=1e-6),
          {"T": "posarray"}),
        C("numerics.bracketed_root", numerics.bracketed_root, dict(f=lambda x: x - 1.0, a=0.0, b=2.0, xtol=1e-10,
                                                                   what="root"),
          {"a": "real", "b": "real", "xtol": "tol"}),
        C("sterile.dodelson_widrow", __import__("leptoforce.thermal.sterile", fromlist=["x"]).dodelson_widrow,
          dict(sterile=obj("sterile"), grid=__import__("leptoforce.thermal.sterile", fromlist=["x"]).ProductionGrid(
              n_x=8, z_per_decade=20)), {"sterile": "obj", "grid": "obj", "sm_potential": "choice"}),
        C("xenon1t.fit_scenario1", lambda **kw: __import__("leptoforce.inference.xenon1t", fromlist=["x"]).fit_scenario1(
            obj("recoil"), obj("xe_response"), obj("xe_lik"), **kw), dict(charges="Le-Lmu", n=8),
          {"charges": "choice", "mode": "choice", "n": "int", "m_range": "obj"}),
        C("xenon1t.scan_scenario1", lambda **kw: __import__("leptoforce.inference.xenon1t", fromlist=["x"]).scan_scenario1(
            obj("recoil"), obj("xe_response"), obj("xe_lik"), **kw), dict(charges="Le-Lmu", m_X=[0.01, 0.1],
                                                                          g=[1e-6, 1e-5]),
          {"charges": "choice", "m_X": "posarray", "g": "posarray", "mode": "choice"}),
        C("xenon1t.fit_effective", lambda **kw: __import__("leptoforce.inference.xenon1t", fromlist=["x"]).fit_effective(
            obj("boosted"), obj("xe_response"), obj("xe_lik"), **kw), dict(n=6), {"n": "int", "m_range": "obj"}),
        C("model.as_charges", __import__("leptoforce.model.charges", fromlist=["x"]).as_charges,
          dict(value="B-L", param="charges"), {"value": "choice"}, aliases={"value": ("charges",)}),
        C("model.charges_arg", __import__("leptoforce.model.charges", fromlist=["x"]).charges_arg,
          dict(name="charges", value="B-L"), {"value": "choice"}, aliases={"value": ("charges",)}),
        C("xenon1t.fit_mediator", lambda **kw: __import__("leptoforce.inference.xenon1t", fromlist=["x"]).fit_mediator(
            obj("boosted"), obj("xe_response"), obj("xe_lik"), **kw), dict(scan=_mediator_scan()), {"scan": "obj"}),
        C("data.table_path", data.table_path, dict(folder="gstar", name="saikawa_shirai_2018_gstar_subsample.csv"),
          {"folder": "choice", "name": "choice"}),
        C("model.statistics.canonical_statistics", __import__("leptoforce.model.statistics", fromlist=["x"]).canonical_statistics,
          dict(name="statistics", value="scalar", allowed=("fermion", "boson")), {"value": "choice"},
          aliases={"value": ("statistics",)}),
        C("model.statistics.statistics_spec", __import__("leptoforce.model.statistics", fromlist=["x"]).statistics_spec,
          dict(allowed=("fermion", "boson")), {}),
        C("limits.limit", __import__("leptoforce.experiments.limits", fromlist=["x"]).limit, dict(name="BaBar_4mu"),
          {"name": "choice"}, aliases={"name": ("limit",)}, nan_ok=True),
        C("limits.bibliography_keys", __import__("leptoforce.experiments.limits", fromlist=["x"]).bibliography_keys,
          dict(text="@article{a:2020,\n}\n"), {}),
        C("bounds.computed_record", __import__("leptoforce.experiments.bounds", fromlist=["x"]).computed_record,
          dict(name="Borexino 7Be"), {"name": "choice"}, aliases={"name": ("computed bound",)}),
        C("trident.trident_g_max", __import__("leptoforce.lab.trident", fromlist=["x"]).trident_g_max,
          dict(charges="Lmu-Ltau", mass=10.0, experiment="CHARM-II"), {"mass": "pos", "charges": "choice", "experiment": "choice"}),
        C("thermal.bounds.thermalisation_g_min", __import__("leptoforce.thermal.bounds", fromlist=["x"]).thermalisation_g_min,
          dict(ch="Lmu-Ltau", m=0.01), {"ch": "choice", "m": "pos"}),
        C("thermal.bounds.delta_neff", __import__("leptoforce.thermal.bounds", fromlist=["x"]).delta_neff,
          dict(ch="Lmu-Ltau", m=0.01, g=1e-4), {"ch": "choice", "m": "pos", "g": "coupling"}),
        C("thermal.bounds.neff_excluded", __import__("leptoforce.thermal.bounds", fromlist=["x"]).neff_excluded,
          dict(ch="Lmu-Ltau", m=0.02, data="Planck 2018"), {"ch": "choice", "m": "pos", "data": "choice"}, inf_ok=True),
        C("atlas.atlas", __import__("leptoforce.experiments.atlas", fromlist=["x"]).atlas,
          dict(model="Lmu-Ltau", mass_range=(0.3, 3.0), n_masses=5, progress=False),
          {"model": "choice", "n_masses": "int", "inputs": "choice"}, inf_ok=True, nan_ok=True),
        C("atlas.limit_layers", __import__("leptoforce.experiments.atlas", fromlist=["x"]).limit_layers,
          dict(model="B-L", masses=[1.0, 2.0], progress=False), {"model": "choice", "masses": "posarray"},
          nan_ok=True, inf_ok=True),
        C("atlas.envelope", __import__("leptoforce.experiments.atlas", fromlist=["x"]).envelope, dict(layers=[], n=3),
          {"n": "int"}, inf_ok=True),
        C("atlas.thermal_target", __import__("leptoforce.experiments.atlas", fromlist=["x"]).thermal_target,
          dict(model="B-L", masses=[30.0], ratio=3.0), {"model": "choice", "masses": "posarray", "ratio": "pos"}, nan_ok=True),
        C("atlas.resolve_inputs", __import__("leptoforce.experiments.atlas", fromlist=["x"]).resolve_inputs,
          dict(value="seed001"), {"value": "choice"}, aliases={"value": ("inputs",)}),
        C("jsonutil.strict_json", __import__("leptoforce.jsonutil", fromlist=["x"]).strict_json,
          dict(obj={"a": [1.0, float("inf")]}), {}),
        C("atlas.excluded_by", __import__("leptoforce.experiments.atlas", fromlist=["x"]).excluded_by,
          dict(layers=[], masses=[1.0, 2.0], mass=1.5, g=1e-3),
          {"layers": "obj", "masses": "posarray", "mass": "pos", "g": "gpos"}),
        C("atlas.allowed_fraction", __import__("leptoforce.experiments.atlas", fromlist=["x"]).allowed_fraction,
          dict(layers=[], masses=[1.0, 2.0], curve_m=[1.1, 1.9], curve_g=[1e-3, 2e-3]),
          {"layers": "obj", "masses": "posarray", "curve_m": "posarray", "curve_g": "posarray"}),
        C("direct.lz2024_si_limit", __import__("leptoforce.experiments.direct", fromlist=["x"]).lz2024_si_limit,
          dict(m_chi=40.0), {"m_chi": "posarray", "expected": "bool"}),
        C("direct.lz2024_table", __import__("leptoforce.experiments.direct", fromlist=["x"]).lz2024_table, {}, {}),
        C("atlas.registry_version", __import__("leptoforce.experiments.atlas", fromlist=["x"]).registry_version, {}, {}),
        C("inputs.input_set", __import__("leptoforce.inputs", fromlist=["x"]).input_set, dict(name="paper-seed001"),
          {"name": "choice"}, aliases={"name": ("input set",)}),
        C("inputs.get", __import__("leptoforce.inputs", fromlist=["x"]).get, dict(name="texono.xi"), {"name": "choice"},
          aliases={"name": ("input",)}),
        C("inputs.value", __import__("leptoforce.inputs", fromlist=["x"]).value, dict(name="ccfr.ratio", set="library"),
          {"name": "choice", "set": "choice"}, aliases={"name": ("input",), "set": ("input set",)}),
        *[C(f"{f.__module__}.{f.__name__}", f, {}, {}) for f in (
            __import__("leptoforce.inputs", fromlist=["x"]).sets, __import__("leptoforce.model.mixing",
                                                                             fromlist=["x"]).pmns_abs2)],
        C("cache.configure_numba_cache", cache.configure_numba_cache, {}, {}),
        C("cache.cached_arrays", cache.cached_arrays, dict(kind="fuzz", inputs={"a": 1},
                                                           compute=lambda: {"x": np.arange(3.0)}),
          {"inputs": "obj", "compute": "obj"}),
        C("scenarios.zprime_observables", __import__("leptoforce.scenarios.zprime", fromlist=["x"]).zprime_observables,
          dict(zp=obj("zp"), names=("delta_a_mu", "br:mu mu")), {"zp": "obj", "names": "obj"}),
        C("scenarios.zprime_report", __import__("leptoforce.scenarios.zprime", fromlist=["x"]).zprime_report,
          dict(zp=obj("zp")), {"zp": "obj"}, inf_ok=True),
        C("scenarios.zprime_family", __import__("leptoforce.scenarios.zprime", fromlist=["x"]).zprime_family,
          dict(point={"mass": 0.01, "g": 1e-4}, model={}, observables=("delta_a_mu",)), {"point": "obj"}),
        C("scenarios.rhn_family", __import__("leptoforce.scenarios.rhn", fromlist=["x"]).rhn_family,
          dict(point={"mass": 1e-3, "g": 1e-10}, model={"m_N1": 1e-5}, observables=("thermal",)), {"point": "obj"}),
        C("scenarios.sterile_family", __import__("leptoforce.scenarios.sterile", fromlist=["x"]).sterile_family,
          dict(point={"m_V": 1.0, "g": 1e-3, "m4": 7e-6, "sin2_2theta": 1e-10}, model={"n_x": 8, "z_per_decade": 20},
               observables=("omega_h2",)), {"point": "obj"}),
        C("scenarios.dampe_family", __import__("leptoforce.scenarios.dampe_emu", fromlist=["x"]).dampe_family,
          dict(points={"m_psi": np.array([1500.0]), "r": np.array([1.7]), "q_psi": np.array([1.0]),
                       "g": np.array([0.1]), "M_sub_Msun": np.array([1e6])}, model={"n_m": 24, "n_M": 2},
               observables=("total",)), {"points": "obj"}),
        C("xenon1t.scan_mediator", lambda **kw: __import__("leptoforce.inference.xenon1t", fromlist=["x"]).scan_mediator(
            obj("boosted"), obj("xe_response"), obj("xe_lik"), **kw), dict(m_chi=[1e-3], m_X=[1e-2], g=[1e-3, 1e-2]),
          {"m_chi": "posarray", "m_X": "posarray", "g": "posarray"}),
    ]
    return out


def _mediator_scan():
    from leptoforce.inference.xenon1t import scan_mediator
    return scan_mediator(obj("boosted"), obj("xe_response"), obj("xe_lik"), [1e-3, 2e-3], [1e-2, 2e-2], [1e-3, 1e-2])


def _limit_file():
    from importlib import resources
    return resources.files("leptoforce.data.limits").joinpath("darkcast_BaBar_Lees2014xha_darkphoton.csv")
