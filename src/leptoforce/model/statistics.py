"""One vocabulary for the statistics of a particle species, shared by the thermal and SIDM engines.

``"fermion"`` and ``"boson"`` are quantum statistics (Fermi-Dirac / Bose-Einstein occupation in a bath;
antisymmetric / symmetric two-particle states in scattering of identical particles); ``"boltzmann"`` is
the classical limit of the occupation numbers (thermal engine only) and ``"distinguishable"`` a
scattering of non-identical particles (SIDM only). Spellings used in the literature are accepted and
mapped onto these (``"scalar"``, ``"Bose-Einstein"``, ``"Fermi-Dirac"``, ``"Maxwell-Boltzmann"``, ...).
"""
from __future__ import annotations

from ..errors import InvalidInputError
from ..validate import suggest

__all__ = ["FERMION", "BOSON", "BOLTZMANN", "DISTINGUISHABLE", "THERMAL", "SCATTERING", "QUANTUM", "ALIASES",
           "canonical_statistics", "statistics_spec"]

FERMION, BOSON, BOLTZMANN, DISTINGUISHABLE = "fermion", "boson", "boltzmann", "distinguishable"
#: Occupation numbers of a species in a thermal bath.
THERMAL = (FERMION, BOSON, BOLTZMANN)
#: Two-body scattering: distinct particles or identical fermions / bosons.
SCATTERING = (DISTINGUISHABLE, FERMION, BOSON)
#: Quantum statistics only (a relativistic relic yield, spin weights).
QUANTUM = (FERMION, BOSON)
#: Other spellings, lower case, mapped onto the vocabulary.
ALIASES = {"scalar": BOSON, "bose": BOSON, "bose-einstein": BOSON, "be": BOSON, "fermi": FERMION,
           "fermi-dirac": FERMION, "fd": FERMION, "maxwell-boltzmann": BOLTZMANN, "classical": BOLTZMANN,
           "mb": BOLTZMANN}


def canonical_statistics(name: str, value, allowed=THERMAL + (DISTINGUISHABLE,)) -> str:
    """``value`` as one of ``allowed`` (an alias mapped onto it), else an error naming ``name`` and what is allowed."""
    allowed = tuple(allowed)
    if isinstance(value, str):
        key = value.strip().lower().replace("_", "-").replace(" ", "-")
        key = ALIASES.get(key, key)
        if key in allowed:
            return key
    hint = suggest(value, allowed) if isinstance(value, str) else ""
    raise InvalidInputError(f"{name}={value!r} is unknown{hint}; allowed: {', '.join(allowed)} "
                            f"(aliases: {', '.join(sorted(a for a, c in ALIASES.items() if c in allowed))})")


def statistics_spec(allowed):
    """A spec for :func:`leptoforce.validate.checked`: the argument mapped onto ``allowed``."""
    allowed = tuple(allowed)

    def spec(name, value):
        return canonical_statistics(name, value, allowed)

    spec.__name__ = f"statistics in {allowed}"
    return spec
