"""Scan family ``sterile-secret``: sterile-neutrino dark matter with secret interactions (seed 002).

Physics in :mod:`leptoforce.thermal.sterile` (seed 002 sec. 3-4); this module maps scan points to it.
"""
from __future__ import annotations

from ..errors import InvalidInputError
from ..model.dark_sector import SterileNeutrino
from ..thermal.sterile import CONVENTIONS, ProductionGrid, cached_production
from .registry import describe_family, merged, register_family

__all__ = ["STERILE_OBSERVABLES", "sterile_family"]


def _known(name: str) -> bool:
    head, _, conv = name.partition(":")
    return head in STERILE_OBSERVABLES and (not conv or (head == "omega_h2" and conv in CONVENTIONS))


STERILE_OBSERVABLES = ("omega_h2", "omega_h2_literal", "mean_p_over_Tnu", "Y")
describe_family("sterile-secret", {
    "omega_h2": ("", "Omega h^2 of the sterile neutrino in the model's conventions (omega_h2:C for conventions C)",
                 "seed 002 eqs. 2.8 and 3.14 (leptoforce.thermal.sterile)"),
    "omega_h2_literal": ("", "Omega h^2 with eq. 3.14 read literally (no antineutrino factor, s at T_f)", "seed 002 eq. 3.14"),
    "mean_p_over_Tnu": ("", "mean momentum of the relic sterile neutrinos over the active-neutrino temperature", "leptoforce.thermal.sterile.SterileResult"),
    "Y": ("", "yield n_4 / s (both helicities)", "seed 002 eq. 3.14"),
})


@register_family("sterile-secret", parameters={"m_V": "energy", "g": "dimensionless", "m4": "energy",
                                             "sin2_2theta": "dimensionless"},
                 options={"charges": str, "flavour": str, "conventions": str, "sm_potential": str, "n_x": int,
                          "z_per_decade": int}, known=_known)
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
    vals = merged(point, model, ("m_V", "g", "m4", "sin2_2theta"), "sterile-secret")
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
