"""The observable registry (issue 20): every observable of every built-in family is registered with a unit,
a description and a citation, and evaluates one point through its family."""
import pytest

from leptoforce.errors import InvalidInputError
from leptoforce.scenarios import families, observable, observables


def test_every_listed_observable_of_a_family_is_registered():
    obs = observables()
    for name, fam in families().items():
        if name == "zprime":
            names = [n for n in obs if ":" not in n]
            assert {"total_width_GeV", "lifetime_s", "delta_a_mu"} <= set(names)
            continue
        if isinstance(fam.known, (tuple, list)):
            listed = fam.known
        else:                              # parametrised names: the head before ':' is registered
            listed = [n for n in obs if n.startswith(name + ":")]
            assert listed, name
            listed = [n.split(":", 1)[1] for n in listed]
        for o in listed:
            key = f"{name}:{o.split(':')[0]}"
            assert key in obs, key
            e = obs[key]
            assert e.description and e.citation, key


def test_units_parse():
    from leptoforce import units
    for name, o in observables().items():
        if o.unit:
            units.parse_quantity(f"1 {o.unit}", name=name)


def test_a_family_observable_evaluates_one_point_like_the_family():
    fam = families()["rhn"]
    point = {"mass": 1.0, "g": 1e-9, "m_N1": 0.1}
    direct = fam(point, {}, ("zp_width_GeV",))["zp_width_GeV"]
    assert observable("rhn:zp_width_GeV").func(point) == pytest.approx(direct, rel=0, abs=0)
    assert direct > 0


def test_unknown_observable_names_the_closest():
    with pytest.raises(InvalidInputError, match="rhn:therml.*rhn:thermal"):
        observable("rhn:therml")
