"""The limits registry (issue 21): every record complete and sourced, every curve with its source header, no
curve used outside its mass range, and the vendored tables equal to the numbers their publications print."""
import math
from importlib import resources

import numpy as np
import pytest

from leptoforce import units as u
from leptoforce.bound_registry import computed_bounds
from leptoforce.errors import InvalidInputError
from leptoforce.experiments import bounds as B
from leptoforce.experiments import limits as L

REG = L.registry()
ROOT = resources.files("leptoforce.data.limits")
FIELDS_ALL = ("label", "experiment", "kind", "status", "category", "publication", "bibkey", "year", "last_checked")
FIELDS_CURVE = ("process", "constrains", "model", "coupling", "production", "decay", "efficiency", "cl", "file",
                "data_source")


def test_every_record_has_every_field_of_its_kind():
    for name, r in REG.items():
        for f in FIELDS_ALL:
            assert getattr(r, f) not in ("", None, 0), (name, f)
        if r.kind == "tabulated":
            for f in FIELDS_CURVE:
                assert getattr(r, f) not in ("", None), (name, f)
            assert r.constrains, name
        elif r.kind == "computed":
            assert r.computed and r.process and r.constrains and r.cl and r.data_source, name
        else:
            assert r.reason and r.publication, name


def test_every_bibkey_is_in_the_bibliography():
    keys = L.bibliography_keys(ROOT.joinpath("bibliography.bib").read_text())
    assert {r.bibkey for r in REG.values()} <= keys


def test_every_tabulated_file_carries_its_source_header():
    for name, r in REG.items():
        if r.kind != "tabulated":
            continue
        head = [ln for ln in ROOT.joinpath(r.file).read_text().splitlines() if ln.startswith("#")]
        text = " ".join(head)
        assert len(head) >= 3, name
        assert ("Read from" in text or "Source repository" in text), name
        assert any(w in text for w in ("arXiv", "Phys.", "JHEP", "PRL", "PRD", "Lett.", "Rev.", "FORESEE")), name
        assert "Columns" in text or "columns" in text, name


def test_computed_bounds_and_their_records_match_one_to_one():
    names = set(computed_bounds())
    records = {r.computed for r in REG.values() if r.kind == "computed"}
    assert names == records


def test_counts_and_lmu_ltau_direct_limits():
    existing = [r for r in REG.values() if r.status == "existing" and r.kind in ("tabulated", "computed")]
    assert len(existing) >= 60
    # limits that constrain L_mu - L_tau directly (its muon or neutrino charges, not only the loop mixing)
    direct = {"BaBar_4mu", "BelleII2019_invisible", "CCFR_trident", "CHARMII_trident", "g2_mu", "Neff_Planck2018",
              "Neff_ACT_DR6"}
    for n in direct:
        assert REG[n].status == "existing" and REG[n].kind in ("tabulated", "computed"), n
    # the direct L_mu - L_tau results we could not source are listed as missing with their publication
    for n in ("NA64mu_2024", "BelleII2023_invisible", "CMS_Z4mu", "NA62_K_mu_nu_X", "SN1987A_muphilic", "CCFR_light"):
        assert REG[n].kind == "missing" and "arXiv" in REG[n].publication and REG[n].reason, n


def test_a_curve_says_nothing_outside_its_mass_range():
    babar = REG["BaBar_4mu"]
    lo, hi = babar.mass_range
    assert babar.coupling_window(lo * 0.99) is None and babar.coupling_window(hi * 1.01) is None
    r = L.recast_bound(babar, "Le-Lmu", lo * 0.5)
    assert r.kind == "outside" and not r.g_excluded


def test_lookup_by_name_label_or_computed_name():
    assert L.limit("BaBar 4mu").name == "BaBar_4mu"
    assert L.limit("Borexino 7Be").name == "Borexino_7Be"
    with pytest.raises(InvalidInputError, match="did you mean 'BaBar_4mu'"):
        L.limit("Babar_4mu")


@pytest.mark.parametrize("change,needle", [
    (lambda e: e.pop("bibkey"), "missing 'bibkey'"),
    (lambda e: e.update(year="2016"), "year"),
    (lambda e: e.update(production={"x_brem": 1.0}), "production 'x_brem' unknown"),
    (lambda e: e.update(model="L_x"), "model 'L_x'"),
    (lambda e: e.update(bibkey="NoSuch:2000xx"), "not in bibliography.bib"),
])
def test_a_malformed_entry_is_refused_in_one_line(change, needle):
    import tomllib
    raw = tomllib.loads(ROOT.joinpath("registry.toml").read_text())
    e = dict(raw["BaBar_4mu"])
    change(e)
    keys = L.bibliography_keys(ROOT.joinpath("bibliography.bib").read_text())
    with pytest.raises(L.LimitError, match=needle) as exc:
        L._validate_entry("BaBar_4mu", e, keys)
    assert "\n" not in str(exc.value) and "BaBar_4mu" in str(exc.value)


# ---- vendored numbers against those printed in the publications --------------------------------------
def test_babar_4mu_reaches_the_abstracts_7e_4():
    # BaBar, PRD 94 (2016) 011102, abstract: g' limits "down to 7 x 10^-4" (m_Z' < 3 GeV)
    b = REG["BaBar_4mu"]
    assert np.nanmin(b.lower) == pytest.approx(7e-4, rel=0.05)
    assert b.model == "Lmu-Ltau" and b.coupling == "g"


def test_belle2_2019_spans_the_abstracts_5e_2_to_1():
    # Belle II, PRL 124 (2020) 141801, abstract: upper limits on g' "at the level of 5 x 10^-2 - 1 for M_Z' <= 6 GeV"
    b = REG["BelleII2019_invisible"]
    assert np.nanmin(b.lower) == pytest.approx(5e-2, rel=0.05)
    assert b.coupling_window(5.9 * u.GeV)[0] == pytest.approx(1.0, rel=0.05)


def test_recast_of_a_curve_to_its_own_model_returns_the_curve():
    for name, model, m in (("BaBar_4mu", "Lmu-Ltau", 1.0), ("BelleII2019_invisible", "Lmu-Ltau", 0.5),
                           ("BaBar2014", "dark-photon", 2.0), ("NA64_invisible_BL", "B-L", 0.01)):
        lim = REG[name]
        kw = {} if model == "dark-photon" else {"loop_mixing": False}     # the curves assume no kinetic mixing
        direct = L.recast_bound(lim, model, m * u.GeV)
        recast = L.recast_bound(lim, model, m * u.GeV, direct=False, **kw)
        assert direct.kind == "tabulated" and recast.kind == "recast", name
        assert recast.g_max == pytest.approx(direct.g_max, rel=1e-6), name


def test_mu_brem_recast_scales_with_the_muon_charge_and_the_branching():
    # the same L_mu-L_tau curve recast to L_e-L_mu: production ~ g_mu^2 (equal), visible BR(mu mu) differs
    lim = REG["BaBar_4mu"]
    m = 1.0 * u.GeV
    from leptoforce.decays import zprime as zdec
    from leptoforce.model import ZPrime
    br = lambda ch: zdec.branching_ratios(ZPrime(m, 1.0, ch, loop_mixing=False))["mu mu"]  # noqa: E731
    r_lmu = L.recast_bound(lim, "Le-Lmu", m, loop_mixing=False).g_max
    r_self = lim.coupling_window(m)[0]
    assert r_lmu == pytest.approx(r_self * math.sqrt(br("Lmu-Ltau") / br("Le-Lmu")), rel=1e-6)


def test_paper_runs_see_the_limits_of_their_time():
    now = B.bounds_at("Lmu-Ltau", 1 * u.GeV, include_missing=False)
    then = B.bounds_at("Lmu-Ltau", 1 * u.GeV, include_missing=False, until=2015)
    assert "BaBar_4mu" in {r.name for r in now} and "BaBar_4mu" not in {r.name for r in then}
    assert all(r.year <= 2015 for r in then if r.status == "existing")


def test_every_vendored_file_is_used_and_packaged():
    import pathlib
    import tomllib
    folder = pathlib.Path(str(ROOT))
    used = {e.get("file") for e in tomllib.loads(ROOT.joinpath("registry.toml").read_text()).values()}
    orphans = [p.name for p in folder.glob("*.csv") if p.name not in used]
    assert not orphans
    pyproject = pathlib.Path(__file__).resolve().parents[2] / "pyproject.toml"
    if pyproject.exists():
        text = pyproject.read_text()
        assert "*/*.bib" in text and "*/*.csv" in text
