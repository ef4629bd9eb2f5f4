"""Natural units for leptoforce: hbar = c = k_B = 1 and energies in GeV.

Every quantity inside leptoforce is a plain float in this system. Users multiply by
a unit to enter a value (``10 * MeV``, ``1e-26 * cm**3 / s``) and divide by a unit to
read one out (``sigma / (cm**2 / g)``). This module is the only place where
conversion factors are written.

Conversion factors (CODATA 2018, exact or to the quoted digits):
    hbar   = 6.582119569e-25 GeV s
    hbar c = 1.973269804e-14 GeV cm
    k_B    = 8.617333262e-14 GeV / K
    1 g    = 5.60958860e23 GeV (c^2 = 1)
    1 pc   = 3.0856775814913673e16 m (IAU 2015 exact definition)
    1 yr   = 365.25 d (Julian year)

Unit-system rescaling
---------------------
The numerical value of ``GeV`` is 1 by default. Setting the environment variable
``LEPTOFORCE_UNIT_GEV`` to another positive number *before import* rescales every
unit consistently (all dimensionful units derive from ``GeV``). Dimensionless results
must not change; the test suite uses this (as ``wimprates`` does with
``numericalunits``) to catch a missing or doubled unit factor.
"""
from __future__ import annotations

import math
import os
import re

from .errors import InvalidInputError

__all__ = [
    "GeV", "MeV", "keV", "eV", "TeV", "PeV",
    "s", "ms", "us", "ns", "ps", "minute", "hour", "day", "year",
    "cm", "m", "km", "mm", "um", "nm", "fm", "pc", "kpc", "Mpc",
    "g", "kg", "tonne", "K", "barn", "pb", "fb", "zb",
    "hbar_GeV_s", "hbarc_GeV_cm", "parse_quantity", "UNIT_NAMES", "DIMENSIONS",
]


def _unit_scale_from_env() -> float:
    raw = os.environ.get("LEPTOFORCE_UNIT_GEV", "1.0")
    try:
        val = float(raw)
    except ValueError as exc:  # pragma: no cover - configuration error
        raise InvalidInputError(
            f"environment variable LEPTOFORCE_UNIT_GEV={raw!r} is not a number; "
            "it must be a positive float (default 1.0)") from exc
    if not (val > 0 and math.isfinite(val)):
        raise InvalidInputError(
            f"environment variable LEPTOFORCE_UNIT_GEV={raw!r} must be a positive finite float")
    return val


# --- energy -------------------------------------------------------------------------
GeV: float = _unit_scale_from_env()
MeV = 1e-3 * GeV
keV = 1e-6 * GeV
eV = 1e-9 * GeV
TeV = 1e3 * GeV
PeV = 1e6 * GeV

# --- fundamental conversion factors (CODATA 2018) -------------------------------------
hbar_GeV_s = 6.582119569e-25      # hbar in GeV s
hbarc_GeV_cm = 1.973269804e-14    # hbar c in GeV cm
kB_GeV_per_K = 8.617333262e-14    # Boltzmann constant in GeV / K
gram_in_GeV = 5.60958860e23       # 1 g c^2 in GeV

# --- time -----------------------------------------------------------------------------
s = 1.0 / (hbar_GeV_s * GeV)
ms = 1e-3 * s
us = 1e-6 * s
ns = 1e-9 * s
ps = 1e-12 * s
minute = 60.0 * s
hour = 3600.0 * s
day = 86400.0 * s
year = 365.25 * day

# --- length ---------------------------------------------------------------------------
cm = 1.0 / (hbarc_GeV_cm * GeV)
m = 100.0 * cm
km = 1e3 * m
mm = 0.1 * cm
um = 1e-4 * cm
nm = 1e-7 * cm
fm = 1e-13 * cm
pc = 3.0856775814913673e16 * m
kpc = 1e3 * pc
Mpc = 1e6 * pc

# --- mass, temperature, cross section -------------------------------------------------
g = gram_in_GeV * GeV
kg = 1e3 * g
tonne = 1e3 * kg
K = kB_GeV_per_K * GeV
barn = 1e-24 * cm**2
pb = 1e-12 * barn
fb = 1e-15 * barn
zb = 1e-21 * barn

#: Unit names understood by :func:`parse_quantity` (case-sensitive, as physicists write them).
UNIT_NAMES: dict[str, float] = {
    "GeV": GeV, "MeV": MeV, "keV": keV, "eV": eV, "TeV": TeV, "PeV": PeV,
    "s": s, "ms": ms, "us": us, "ns": ns, "ps": ps, "min": minute, "h": hour, "d": day, "yr": year,
    "cm": cm, "m": m, "km": km, "mm": mm, "um": um, "nm": nm, "fm": fm,
    "pc": pc, "kpc": kpc, "Mpc": Mpc,
    "g": g, "kg": kg, "t": tonne, "K": K,
    "b": barn, "pb": pb, "fb": fb, "zb": zb,
}

#: The kind of each unit and its power of GeV in natural units (hbar = c = k_B = 1).
_UNIT_KIND: dict[str, tuple[str, int]] = {
    **{u_: ("energy", 1) for u_ in ("GeV", "MeV", "keV", "eV", "TeV", "PeV")},
    **{u_: ("time", -1) for u_ in ("s", "ms", "us", "ns", "ps", "min", "h", "d", "yr")},
    **{u_: ("length", -1) for u_ in ("cm", "m", "km", "mm", "um", "nm", "fm", "pc", "kpc", "Mpc")},
    **{u_: ("mass", 1) for u_ in ("g", "kg", "t")},
    "K": ("temperature", 1),
    **{u_: ("area", -2) for u_ in ("b", "pb", "fb", "zb")},
}

#: Dimensions :func:`parse_quantity` can check: (power of GeV, unit kinds allowed in the expression).
DIMENSIONS: dict[str, tuple[int, frozenset]] = {
    "dimensionless": (0, frozenset()),
    "energy": (1, frozenset({"energy"})),
    "mass": (1, frozenset({"energy", "mass"})),
    "temperature": (1, frozenset({"energy", "temperature"})),
    "length": (-1, frozenset({"length", "energy"})),
    "time": (-1, frozenset({"time", "energy"})),
    "cross_section": (-2, frozenset({"area", "length", "energy"})),
    "sigma_v": (-2, frozenset({"area", "length", "time", "energy"})),
    "sigma_over_mass": (-3, frozenset({"area", "length", "mass", "energy"})),
}

_NUMBER = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
_FACTOR = r"[A-Za-z]+(?:\^[+-]?\d+)?"
_QUANTITY_RE = re.compile(
    rf"^\s*(?P<num>{_NUMBER})\s*(?P<unit>{_FACTOR}(?:\s*[*/]\s*{_FACTOR})*)?\s*$")
_FACTOR_RE = re.compile(r"([*/]?)\s*([A-Za-z]+)(?:\^([+-]?\d+))?")


def _unit_value(expr: str, name: str) -> tuple[float, int, set]:
    """(value, power of GeV, kinds used) of a unit expression such as 'cm^3/s'."""
    value, power, kinds = 1.0, 0, set()
    for op, unit, exp in _FACTOR_RE.findall(expr):
        if unit not in UNIT_NAMES:
            raise InvalidInputError(
                f"{name}: unknown unit {unit!r} in {expr!r}; known units are "
                f"{', '.join(sorted(UNIT_NAMES))}")
        k = int(exp) if exp else 1
        if op == "/":
            k = -k
        value *= UNIT_NAMES[unit] ** k
        kind, p = _UNIT_KIND[unit]
        power += k * p
        kinds.add(kind)
    return value, power, kinds


def parse_quantity(text: str | float | int, name: str = "quantity",
                   dimension: str | None = None) -> float:
    """Parse ``"10MeV"``, ``"2.6 TeV"``, ``"1e-26 cm^3/s"`` or a bare number into internal units.

    Parameters
    ----------
    text : str or number
        A number optionally followed by a unit expression (factors joined by ``*`` or ``/``,
        each optionally raised to an integer power with ``^``). Bare numbers are returned as is
        (already in internal units, GeV for energies).
    name : str
        The parameter name, used in error messages.
    dimension : str or None
        One of :data:`DIMENSIONS` ("energy", "mass", "temperature", "length", "time",
        "cross_section", "sigma_v", "sigma_over_mass", "dimensionless"): a unit expression of
        another dimension is refused ("1 s" for an energy, "5e-4 MeV" for a coupling). ``None``
        accepts any unit.

    Returns
    -------
    float
        The value in internal natural units (GeV = 1); finite.

    Raises
    ------
    InvalidInputError
        For malformed text (``"10 MeVV"``), unknown units, a non-finite number, or a unit of the
        wrong dimension.
    """
    if dimension is not None and dimension not in DIMENSIONS:
        raise InvalidInputError(f"dimension={dimension!r} is unknown; allowed: {', '.join(DIMENSIONS)}")
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        value = float(text)
        if not math.isfinite(value):
            raise InvalidInputError(f"{name}={text!r} must be a finite number")
        return value
    if not isinstance(text, str):
        raise InvalidInputError(f"{name}: expected a number or text like '10MeV', got {text!r}")
    match = _QUANTITY_RE.match(text)
    if match is None:
        raise InvalidInputError(
            f"{name}: cannot parse {text!r}; write a number with an optional unit, "
            "for example '10MeV', '2.6 TeV' or '1e-26 cm^3/s'")
    number = float(match.group("num"))
    if not math.isfinite(number):
        raise InvalidInputError(f"{name}={text!r} must be a finite number")
    unit = match.group("unit")
    if not unit:
        return number
    value, power, kinds = _unit_value(unit, name)
    if dimension is not None:
        want, allowed = DIMENSIONS[dimension]
        if dimension == "dimensionless":
            raise InvalidInputError(f"{name}={text!r}: this parameter is dimensionless; write a bare number")
        if power != want or not kinds <= allowed:
            what = dimension.replace("_", " ")
            article = "an" if what[0] in "aeiou" else "a"
            raise InvalidInputError(f"{name}={text!r} is not {article} {what}")
    out = number * value
    if not math.isfinite(out):
        raise InvalidInputError(f"{name}={text!r} overflows the internal units")
    return out
