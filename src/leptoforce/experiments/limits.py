"""Tabulated limits, their metadata, and darkcast-style recasting to any U(1) model.

The registry (``data/limits/registry.toml``) lists every curve: experiment, reference, the model it is
given for (dark photon epsilon or B-L g), the production and decay modes and the lifetime window of
the search, CL, existing or projection; and the curves the seeds show that we have no table for
("missing", with their reference).

Recasting (Ilten, Soreq, Williams, Xue, "Serendipity in dark photon searches", JHEP 06 (2018) 004,
arXiv:1801.04847, sec. 2-3). The signal of a search scales as

    N(X) = sigma_P(X) x BR(X -> D) x eff(tau_X),

with the production cross section sigma_P proportional to a combination of couplings fixed by the
production mode, and eff the probability that X decays inside the window. For a model X whose
couplings are all proportional to g (every anomaly-free U(1) without tree-level mixing; the loop
mixing is proportional to g too), sigma_P = g^2 r_P sigma_P(A', eps = 1) and Gamma_X = g^2 Gamma_X(1), so the
excluded couplings solve N_X(g) >= N_A'(eps_limit) at each mass:

* prompt (t0 = 0, t1 = inf): g_min = eps_lo sqrt(BR_A'(D) / (r_P BR_X(D)));
* a proper-time cut t1 (KLOE, NA48/2, LHCb): eff = 1 - exp(-t1 Gamma), solved numerically;
* a displaced window (beam dumps, darkcast "lratio" = decay length/shield length):
  eff = exp(-a Gamma) - exp(-a (1 + lratio) Gamma), with the unknown a (boost x shield length) fixed at
  each mass by requiring the lower and upper edges of the dark-photon band to give the same signal;
  the model is then excluded where its signal exceeds that one (an interval in g, or nothing).

Production ratios r_P (vector couplings g_f of the model at q^2 = m^2, dark photon g_f = -eps e Q_f):
e_e and e_brem: (|g_V,e|^2 + |g_A,e|^2)/e^2; p_brem: |2 g_u + g_d|^2/e^2 (coherent proton charge, which
ignores the different rho/omega form factors darkcast uses; documented approximation);
pi0_gamma: |Q_u g_u - Q_d g_d|^2/(e (Q_u^2 - Q_d^2))^2 (the anomaly); eta_gamma: the octet combination
|Q_u g_u + Q_d g_d - 2 Q_s g_s|^2/(e (Q_u^2 + Q_d^2 - 2 Q_s^2))^2 (eta-eta' mixing neglected);
"mc" (LHCb's Monte-Carlo production fractions, not vendored): only models whose couplings are all
proportional to the dark photon's can be recast. Decay widths come from :mod:`leptoforce.decays.zprime`
(pi+ pi- from the darkcast rho component of :mod:`leptoforce.decays.hadrons`).

Masses in GeV internal units; couplings dimensionless. Outside a curve's mass range a limit says
nothing (no extrapolation); darkcast's "no limit" markers (1e5) and plotting closures (coupling >= 1)
are gaps.
"""
from __future__ import annotations

import math
import os
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np
from scipy import optimize

from .. import inputs
from .. import constants as C
from .. import units
from ..decays import zprime as zdec
from ..decays.hadrons import vmd_components
from ..decays.twobody import mumu_width_unit
from ..errors import ComputationError, InvalidInputError, OutOfDomainError
from ..model.charges import ChargeAssignment, as_charges, preset
from ..settings import DEFAULT, Settings
from ..validate import checked
from ..model.zprime import ZPrime, unit_coupling_zprime
from ..numerics import readonly

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["Limit", "LimitError", "registry", "limit", "bibliography_keys", "load_limit_file", "dark_photon", "BoundResult",
           "recast_bound", "production_ratio", "decay_width", "PRODUCTION_MODES", "DECAY_MODES", "DIRECT_ONLY", "KINDS",
           "STATUSES", "CATEGORIES", "CURVE_MODELS"]

PRODUCTION_MODES = ("e_e", "e_brem", "p_brem", "pi0_gamma", "eta_gamma", "pi0_eta", "mu_brem", "mc", "nu_e_scattering",
                    "sn_cooling", "direct")
#: Production modes whose curves are used for their own model only (never recast).
DIRECT_ONLY = ("nu_e_scattering", "sn_cooling", "direct")
#: Kinds, statuses and categories of registry entries.
KINDS = ("tabulated", "computed", "missing")
STATUSES = ("existing", "projection")
CATEGORIES = ("laboratory", "astrophysics", "cosmology")
#: Models a tabulated curve may be given for (the dark photon's coupling is epsilon, the others' g).
CURVE_MODELS = ("dark_photon", "B-L", "Lmu-Ltau", "Le-Lmu", "Le-Ltau")
DECAY_MODES = ("e_e", "mu_mu", "pi+_pi-", "invisible")
_MARKER = 1.0          # couplings >= 1 in a limit table are darkcast markers / plotting closures


class LimitError(InvalidInputError):
    """A malformed limit file or registry entry (the message names the file and line)."""


#: The minimal dark photon: no U(1) charges, kinetic mixing only.
DARK_PHOTON = ChargeAssignment("dark-photon", description="minimal dark photon (kinetic mixing only)")


@checked(mass="pos", eps="real")
def dark_photon(mass: float, eps: float) -> ZPrime:
    """A dark photon of mass [GeV] and kinetic mixing ``eps`` (|eps| < 1) as a :class:`ZPrime`."""
    return ZPrime(mass, 1.0, DARK_PHOTON, epsilon=eps, loop_mixing=False)


@dataclass(frozen=True)
class Limit:
    """One registry entry (the record of ``data/limits/registry.toml``; its header lists the fields).

    ``mass``, ``lower``, ``upper`` are arrays (GeV internal, coupling) for tabulated curves; ``publication``
    is the citation (``reference`` is the same string), ``bibkey`` its key in ``bibliography.bib``,
    ``year`` the publication year, ``computed`` the name of a computed bound in
    :mod:`leptoforce.bound_registry`.
    """

    name: str
    experiment: str
    kind: str
    status: str
    publication: str
    label: str = ""
    group: str = ""
    category: str = "laboratory"
    bibkey: str = ""
    year: int = 0
    last_checked: str = ""
    process: str = ""
    constrains: tuple = ()
    computed: str = ""
    data_source: str = ""
    data_version: str = ""
    attribution: str = ""
    reason: str = ""
    notes: str = ""
    scale: float | None = None
    shape: str = ""
    model: str = ""
    coupling: str = ""
    production: dict = field(default_factory=dict)
    decay: tuple = ()
    efficiency: str = "prompt"
    lratio: float | None = None
    t1_kind: str | None = None
    cl: str = "unstated"
    file: str | None = None
    mass: np.ndarray | None = field(default=None, repr=False, compare=False)
    lower: np.ndarray | None = field(default=None, repr=False, compare=False)
    upper: np.ndarray | None = field(default=None, repr=False, compare=False)

    @property
    def reference(self) -> str:
        """The publication (kept under its older name)."""
        return self.publication

    def record(self) -> dict:
        """The entry as a plain dict (``leptoforce limits show``, ``atlas.json``): every field except the arrays,
        with the mass range of a curve in GeV."""
        out = {k: v for k, v in self.__dict__.items() if k not in ("mass", "lower", "upper") and v not in (None, "", ())}
        out["production"] = dict(self.production)
        out["decay"] = list(self.decay)
        out["constrains"] = list(self.constrains)
        if self.mass is not None:
            out["mass_range_GeV"] = [float(self.mass[0] / units.GeV), float(self.mass[-1] / units.GeV)]
        return out

    @property
    def units(self) -> dict[str, str]:
        """Units of the tabulated columns."""
        return {"mass": "GeV", "coupling": "dimensionless (" + (self.coupling or "n/a") + ")"}

    @property
    def mass_range(self) -> tuple[float, float] | None:
        """(min, max) mass [GeV internal] of the curve, or None for untabulated entries."""
        if self.mass is None:
            return None
        return float(self.mass[0]), float(self.mass[-1])

    @checked(_result="inf_ok", m="pos")
    def coupling_window(self, m: float) -> tuple[float, float] | None:
        """Excluded (lo, hi) coupling of the curve's own model at mass m [GeV]; None outside or in a gap.

        Interpolated log-linearly between neighbouring rows; a gap (marker) on either side is a gap.
        """
        if self.mass is None:
            raise InvalidInputError(f"limit {self.name!r} has no table (kind {self.kind!r})")
        x = self.mass
        if not (x[0] <= m <= x[-1]):
            return None
        k = int(np.searchsorted(x, m, side="right"))
        k = min(max(k, 1), len(x) - 1)
        i, j = k - 1, k
        if m == x[i]:
            j = i
        lo = self._interp(self.lower, i, j, m)
        if lo is None:
            return None
        hi = math.inf if self.upper is None else self._interp(self.upper, i, j, m)
        if hi is None or hi <= lo:
            return None
        return lo, hi

    def _interp(self, y, i, j, m):
        a, b = y[i], y[j]
        if not (np.isfinite(a) and np.isfinite(b)):
            return None
        if i == j or self.mass[j] == self.mass[i]:
            return float(a)
        t = math.log(m / self.mass[i]) / math.log(self.mass[j] / self.mass[i])
        return float(math.exp((1 - t) * math.log(a) + t * math.log(b)))


def _path_arg(name, value):
    if isinstance(value, (str, bytes)) or hasattr(value, "read_text") or isinstance(value, os.PathLike):
        return value
    raise InvalidInputError(f"{name} must be a file path, got {type(value).__name__} {value!r}")


def _model_arg(name, value):
    """A U(1) model for recasting: the dark photon (by name or object), a preset name or a ChargeAssignment."""
    if isinstance(value, str) and value == DARK_PHOTON.name:
        return value
    return as_charges(value, name)


@checked(path=_path_arg, shape=("upper", "band"), drop_last_row="bool")
def load_limit_file(path, shape: str, drop_last_row: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Parse a limit CSV (``#`` header; a column-name row; mass_GeV, lower[, upper]).

    Returns (mass [GeV internal], lower, upper or None), sorted by mass with duplicate masses reduced to
    their first row; markers (>= 1, i.e. darkcast's 1e5 "no limit" and plotting closures) become NaN.
    Raises :class:`LimitError` naming the file and line for anything malformed.
    """
    name = getattr(path, "name", str(path))
    try:
        text = path.read_text() if hasattr(path, "read_text") else open(path).read()
    except OSError as exc:
        raise LimitError(f"path={name!r}: cannot read the limit file ({exc.strerror or exc})") from None
    ncol = 3 if shape == "band" else 2
    header_seen = False
    rows = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        parts = [p.strip() for p in s.split(",")]
        if not header_seen:
            header_seen = True
            if len(parts) != ncol or not parts[0].startswith("mass"):
                raise LimitError(f"{name} line {lineno}: expected a header with {ncol} columns starting with "
                                 f"'mass', got {s!r}")
            continue
        if len(parts) != ncol:
            raise LimitError(f"{name} line {lineno}: expected {ncol} comma-separated numbers, got {s!r}")
        try:
            vals = [float(p) for p in parts]
        except ValueError:
            raise LimitError(f"{name} line {lineno}: not a number in {s!r}") from None
        if not all(math.isfinite(v) and v > 0 for v in vals):
            raise LimitError(f"{name} line {lineno}: values must be finite and > 0, got {s!r}")
        rows.append(vals)
    if not header_seen or len(rows) < 2:
        raise LimitError(f"{name}: needs a header and at least two data rows")
    if drop_last_row:
        rows = rows[:-1]
    arr = np.array(rows)
    if np.any(np.diff(arr[:, 0]) < 0):
        bad = int(np.argmax(np.diff(arr[:, 0]) < 0)) + 1
        raise LimitError(f"{name}: masses must not decrease (data row {bad + 1}: {arr[bad, 0]!r} after "
                         f"{arr[bad - 1, 0]!r})")
    _, first = np.unique(arr[:, 0], return_index=True)
    arr = arr[np.sort(first)]
    coup = arr[:, 1:].copy()
    coup[coup >= _MARKER] = np.nan
    mass = arr[:, 0] * units.GeV
    return mass, coup[:, 0], (coup[:, 1] if ncol == 3 else None)


_REQUIRED = ("label", "experiment", "kind", "status", "category", "publication", "bibkey", "year", "last_checked")
_REQUIRED_TAB = ("file", "shape", "model", "coupling", "process", "constrains", "production", "decay", "efficiency", "cl",
                 "data_source")
_REQUIRED_COMPUTED = ("computed", "process", "constrains", "cl", "data_source")


def _validate_entry(name: str, e: dict, bibkeys: set | None = None) -> None:
    """Refuse a registry entry that lacks a field of its kind or names an unknown mode (one line naming both)."""
    for key in _REQUIRED:
        if key not in e or e[key] in ("", None):
            raise LimitError(f"registry.toml [{name}]: missing '{key}' (every entry names its publication, BibTeX key, "
                             "year and the date it was last checked)")
    for key, allowed in (("kind", KINDS), ("status", STATUSES), ("category", CATEGORIES)):
        if e[key] not in allowed:
            raise LimitError(f"registry.toml [{name}]: {key} {e[key]!r} must be one of {', '.join(allowed)}")
    if not isinstance(e["year"], int) or not 1900 < e["year"] <= 2100:
        raise LimitError(f"registry.toml [{name}]: year {e['year']!r} must be a publication year")
    if bibkeys is not None and e["bibkey"] not in bibkeys:
        raise LimitError(f"registry.toml [{name}]: bibkey {e['bibkey']!r} is not in bibliography.bib")
    if e["kind"] == "missing":
        if not e.get("reason"):
            raise LimitError(f"registry.toml [{name}]: a missing entry says why ('reason') and where it is published")
        return
    required = _REQUIRED_TAB if e["kind"] == "tabulated" else _REQUIRED_COMPUTED
    for key in required:
        if key not in e:
            raise LimitError(f"registry.toml [{name}]: {e['kind']} entry lacks '{key}'")
    if e["kind"] == "computed":
        return
    if e["shape"] not in ("upper", "band"):
        raise LimitError(f"registry.toml [{name}]: shape {e['shape']!r} must be 'upper' or 'band'")
    if e["model"] not in CURVE_MODELS:
        raise LimitError(f"registry.toml [{name}]: model {e['model']!r} must be one of {', '.join(CURVE_MODELS)}")
    for p in e["production"]:
        if p not in PRODUCTION_MODES:
            raise LimitError(f"registry.toml [{name}]: production {p!r} unknown; allowed {PRODUCTION_MODES}")
    for d in e["decay"]:
        if d not in DECAY_MODES:
            raise LimitError(f"registry.toml [{name}]: decay {d!r} unknown; allowed {DECAY_MODES}")
    if e["efficiency"] not in ("prompt", "t1", "lratio"):
        raise LimitError(f"registry.toml [{name}]: efficiency {e['efficiency']!r} unknown; allowed: prompt, t1, lratio")
    if e["efficiency"] == "lratio" and not e.get("lratio", 0) > 0:
        raise LimitError(f"registry.toml [{name}]: efficiency 'lratio' needs lratio > 0")
    if e["efficiency"] == "t1" and e.get("t1_kind") not in _T1_KINDS:
        raise LimitError(f"registry.toml [{name}]: efficiency 't1' needs t1_kind in {tuple(_T1_KINDS)}")


@checked(text=str)
def bibliography_keys(text: str) -> set[str]:
    """The keys of a BibTeX file's entries."""
    import re
    return set(re.findall(r"^@\w+\{([^,\s]+),", text, flags=re.M))


_FIELDS = ("label", "group", "experiment", "kind", "status", "category", "publication", "bibkey", "year", "last_checked", "process",
           "computed", "data_source", "data_version", "attribution", "reason", "notes", "scale")


def _limit(name: str, e: dict, root) -> Limit:
    kw = {k: e[k] for k in _FIELDS if k in e}
    kw["constrains"] = tuple(e.get("constrains", ()))
    if e["kind"] == "tabulated":
        path = root.joinpath(e["file"])
        mass, lo, hi = load_limit_file(path, e["shape"], e.get("drop_last_row", False))
        kw.update(shape=e["shape"], model=e["model"], coupling=e["coupling"], production=dict(e["production"]),
                  decay=tuple(e["decay"]), efficiency=e["efficiency"], lratio=e.get("lratio"),
                  t1_kind=e.get("t1_kind"), cl=e["cl"], file=e["file"], mass=mass, lower=lo, upper=hi)
    elif e["kind"] == "computed":
        kw.update(cl=e["cl"])
    else:
        kw.update(model=e.get("model", ""))
    return readonly(Limit(name=name, **kw))


@lru_cache(maxsize=None)
def registry() -> dict[str, Limit]:
    """Every limit record the package knows, keyed by name (tabulated curves loaded; computed and missing
    entries carry their metadata). Checked on load: every field of its kind, modes, the BibTeX key."""
    root = resources.files("leptoforce.data.limits")
    raw = tomllib.loads(root.joinpath("registry.toml").read_text())
    keys = bibliography_keys(root.joinpath("bibliography.bib").read_text())
    out = {}
    for name, e in raw.items():
        _validate_entry(name, e, keys)
        out[name] = _limit(name, e, root)
    return readonly(out)


@checked(name=str)
def limit(name: str) -> Limit:
    """The registry record ``name`` (a registry key, a label, or the name of a computed bound)."""
    reg = registry()
    if name in reg:
        return reg[name]
    for lim in reg.values():
        if name in (lim.label, lim.computed):
            return lim
    from ..validate import suggest
    raise InvalidInputError(f"limit {name!r} is unknown{suggest(name, list(reg))}; `leptoforce limits list` shows them")


# ---- production and decay of any model ---------------------------------------------------------------

def _gv(zp: ZPrime, f: str) -> complex:
    gv, _ = zp.couplings(f, zp.mass ** 2)
    return complex(gv)


@checked(zp=ZPrime, mode=str)
def production_ratio(zp: ZPrime, mode: str) -> float:
    """sigma_P(zp)/sigma_P(dark photon, eps = 1) for darkcast production ``mode`` (module doc). Dimensionless.

    Mode "mc" (LHCb's Monte-Carlo production fractions, not vendored) is defined only for models whose
    couplings are proportional to the dark photon's; for any other model it raises InvalidInputError.
    """
    r = _production_ratio(zp, mode)
    if math.isnan(r):
        raise InvalidInputError(f"mode={mode!r}: the production fractions of this search are not vendored, so only "
                                f"models proportional to the dark photon can be recast; {zp.charges.name!r} is not")
    return r


def _production_ratio(zp: ZPrime, mode: str) -> float:
    e = C.e
    if mode in ("e_e", "e_brem"):
        gv, ga = zp.couplings("e", zp.mass ** 2)
        return (abs(gv) ** 2 + abs(ga) ** 2) / e ** 2
    if mode == "mu_brem":
        gv, ga = zp.couplings("mu", zp.mass ** 2)
        return (abs(gv) ** 2 + abs(ga) ** 2) / e ** 2
    if mode == "pi0_eta":
        return _production_ratio(zp, "pi0_gamma" if zp.mass < C.m_pi0 else "eta_gamma")
    if mode == "p_brem":
        return abs(2 * _gv(zp, "u") + _gv(zp, "d")) ** 2 / e ** 2
    if mode == "pi0_gamma":
        return abs(2 / 3 * _gv(zp, "u") + 1 / 3 * _gv(zp, "d")) ** 2 / (e * (4 / 9 - 1 / 9)) ** 2
    if mode == "eta_gamma":
        val = 2 / 3 * _gv(zp, "u") - 1 / 3 * _gv(zp, "d") + 2 / 3 * _gv(zp, "s")
        return abs(val) ** 2 / (e * (4 / 9 + 1 / 9 - 2 / 9)) ** 2
    if mode == "mc":
        # only a model proportional to the dark photon: every vector coupling g_f = k e Q_f, no axial part
        ks = []
        for f, q in (("e", -1.0), ("mu", -1.0), ("u", 2 / 3), ("d", -1 / 3), ("s", -1 / 3), ("c", 2 / 3), ("b", -1 / 3)):
            gv, ga = zp.couplings(f, zp.mass ** 2)
            if ga != 0:
                return math.nan
            ks.append(complex(gv) / (e * q))
        if not np.allclose(ks, ks[0], rtol=1e-9, atol=0):
            return math.nan
        return abs(ks[0]) ** 2
    raise InvalidInputError(f"production mode {mode!r} cannot be recast; recastable: e_e, e_brem, mu_brem, p_brem, "
                            "pi0_gamma, eta_gamma, pi0_eta, mc")


@checked(zp=ZPrime, mode=DECAY_MODES, widths=dict)
def decay_width(zp: ZPrime, mode: str, widths: dict | None = None) -> float:
    """Partial width [GeV] of ``zp`` into darkcast final state ``mode`` (e_e, mu_mu, pi+_pi-, invisible)."""
    w = widths if widths is not None else zdec.partial_widths(zp)
    if mode == "e_e":
        return w["e e"]
    if mode == "mu_mu":
        return w["mu mu"]
    if mode == "invisible":
        return w["nu nu"] + sum(v for k, v in w.items() if k not in ("e e", "mu mu", "tau tau", "nu nu", "hadrons", "total"))
    if mode == "pi+_pi-":
        m = zp.mass
        if m >= 2.0 * units.GeV or m <= 2 * C.m_pi_charged:
            return 0.0
        c_rho = (_gv(zp, "u") - _gv(zp, "d")) / C.e
        return mumu_width_unit(m) * abs(c_rho) ** 2 * vmd_components(m)["rho"]
    raise InvalidInputError(f"decay mode {mode!r} is unknown; allowed: {', '.join(DECAY_MODES)}")


def _t1(kind: str, m: float) -> float:
    # natural units: a flight distance L at boost gamma is a proper time L/gamma
    if kind == "kloe":
        mphi = C.m_phi1020
        gamma = (mphi ** 2 + m ** 2) / (2 * mphi * m)
        return inputs.value("darkcast.kloe_length") / gamma
    if kind == "na48":
        gamma = inputs.value("darkcast.na48_energy") / m
        return inputs.value("darkcast.na48_length") / gamma
    if kind == "lhcb":
        dm = m - 2 * C.m_mu
        if dm <= 0:
            return math.inf
        return inputs.value("darkcast.lhcb_t_slope") / dm + inputs.value("darkcast.lhcb_t_const")
    if kind == "cms2019":
        # darkcast's CMS 2019 file: no impact-parameter cut below 45 GeV, ~5 ps up to 130 GeV, then linear in m
        if m < inputs.value("darkcast.cms_m_nocut"):
            return math.inf
        if m < inputs.value("darkcast.cms_m_flat"):
            return inputs.value("darkcast.cms_t_flat")
        return inputs.value("darkcast.cms_t_slope") * m + inputs.value("darkcast.cms_t_const")
    raise InvalidInputError(f"t1_kind {kind!r} unknown")


_T1_KINDS = ("kloe", "na48", "lhcb", "cms2019")


@dataclass(frozen=True)
class BoundResult:
    """What one limit says about one model at one mass.

    ``kind``: "tabulated" (the curve is for this model), "recast", "outside" (mass not covered or in a gap),
    "not applicable" (the curve cannot be recast to this model: no such production, or a neutrino-scattering
    curve of another model), "missing" (no table). ``g_excluded`` lists excluded coupling intervals (hi may
    be inf); ``g_max`` is the lower edge of the first one (inf when nothing is excluded).
    """

    name: str
    experiment: str
    kind: str
    reference: str
    g_excluded: tuple[tuple[float, float], ...] = ()
    note: str = ""
    label: str = ""
    category: str = "laboratory"
    status: str = "existing"
    year: int = 0

    @property
    def projection(self) -> bool:
        return self.status == "projection"

    @property
    def g_max(self) -> float:
        return self.g_excluded[0][0] if self.g_excluded else math.inf


def _model_name(charges) -> str:
    if isinstance(charges, str):
        if charges == DARK_PHOTON.name:
            return charges
        charges = preset(charges)
    return charges.name


def _unit_model(charges, mass: float, **zp_kwargs) -> tuple[ZPrime, float]:
    """(Z' at a reference coupling, factor that scales its rates and widths to unit coupling)."""
    if _model_name(charges) == DARK_PHOTON.name:
        return dark_photon(mass, 0.5), 4.0
    return unit_coupling_zprime(mass, charges, "recasting", **zp_kwargs), 1.0


@checked(limit=Limit, charges=_model_arg, mass="pos", direct="bool", settings=Settings)
def recast_bound(limit: Limit, charges, mass: float, direct: bool = True, settings: Settings = DEFAULT,
                 **zp_kwargs) -> BoundResult:
    """Excluded couplings g of the U(1) ``charges`` at ``mass`` [GeV] from ``limit`` (module doc).

    For the dark photon (``charges="dark-photon"`` or :data:`DARK_PHOTON`) the coupling is epsilon.
    ``direct=False`` recasts even when the curve is given for this very model (a consistency check:
    the recast of a curve to its own model must return the curve). The roots are found to
    ``settings.recast_xtol`` in log10 g on grids of ``settings.recast_nodes`` nodes.
    """
    base = dict(name=limit.name, experiment=limit.experiment, reference=limit.reference, label=limit.label or limit.name,
                category=limit.category, status=limit.status, year=limit.year)
    if limit.kind == "computed":
        raise InvalidInputError(f"limit={limit.name!r} is a computed bound ({limit.computed!r}): evaluate it with "
                                "leptoforce.experiments.bounds.bounds_at")
    if limit.kind == "missing":
        return BoundResult(kind="missing", note="no table available", **base)
    name = _model_name(charges)
    same = (limit.model == "dark_photon" and name == DARK_PHOTON.name) or (limit.model == name)
    window = limit.coupling_window(mass)
    if window is None:
        return BoundResult(kind="outside", note="mass outside the curve or in a gap of it", **base)
    if same and direct:
        return BoundResult(kind="tabulated", g_excluded=(window,), **base)
    if any(p in DIRECT_ONLY for p in limit.production):
        why = ("a neutrino-scattering curve of another model (the computed nu-e bounds apply)"
               if "nu_e_scattering" in limit.production else "a curve used for its own model only (not recast)")
        return BoundResult(kind="not applicable", note=why, **base)
    ref, ref_scale = _unit_model(DARK_PHOTON if limit.model == "dark_photon" else preset(limit.model), mass,
                                 **({} if limit.model == "dark_photon" else {"loop_mixing": False}))
    zp, scale = _unit_model(charges, mass, **zp_kwargs)
    try:
        r_model = sum(w * _production_ratio(zp, p) for p, w in limit.production.items()) * scale
        r_ref = sum(w * _production_ratio(ref, p) for p, w in limit.production.items()) * ref_scale
    except OutOfDomainError as exc:
        return BoundResult(kind="outside", note=str(exc), **base)
    if not math.isfinite(r_model):
        return BoundResult(kind="not applicable", note="production fractions of this search are not vendored; "
                           "only models proportional to the dark photon can be recast", **base)
    wm, wr = zdec.partial_widths(zp), zdec.partial_widths(ref)
    dm = sum(decay_width(zp, d, wm) for d in limit.decay) * scale
    Gm = wm["total"] * scale
    if limit.model == "dark_photon" and "invisible" in limit.decay:
        # an invisible dark-photon search assumes A' -> dark states dominate: darkcast's files set the invisible
        # width to 99 x the visible one, BR(A' -> invisible) = 0.99, independent of the visible widths
        Gr = 100.0 * wr["total"] * ref_scale
        dr = 99.0 * wr["total"] * ref_scale
    else:
        dr = sum(decay_width(ref, d, wr) for d in limit.decay) * ref_scale
        Gr = wr["total"] * ref_scale
    if r_model <= 0 or dm <= 0 or Gm <= 0:
        return BoundResult(kind="recast", note="the model has no such production or decay: not constrained", **base)
    if not (r_ref > 0 and dr > 0 and Gr > 0):
        return BoundResult(kind="outside", note="the curve's own model has no such decay at this mass", **base)
    case = _Recast(limit, mass, window, r_model * dm / Gm, r_ref * dr / Gr, Gm, Gr, settings)
    return _perturbative(_RECASTS[limit.efficiency](case, base))


def _perturbative(res: BoundResult) -> BoundResult:
    """Drop the part of an exclusion above the perturbative coupling 4 pi (nothing is said about g > 4 pi)."""
    top = 4 * math.pi
    if not res.g_excluded:
        return res
    kept = tuple((lo, hi) for lo, hi in res.g_excluded if lo <= top)
    if kept == res.g_excluded:
        return res
    from dataclasses import replace
    return replace(res, g_excluded=kept, note=(res.note + " excluded only above g = 4 pi").strip() if not kept else res.note)


@dataclass(frozen=True)
class _Recast:
    """What a recast case needs: the curve's window at this mass, production x branching of the model and of the
    reference (``rb_model``, ``rb_ref``), their total widths at unit coupling [GeV] and the numerical settings."""

    limit: Limit
    mass: float
    window: tuple
    rb_model: float
    rb_ref: float
    G_model: float
    G_ref: float
    settings: Settings


def _recast_prompt(c: _Recast, base: dict) -> BoundResult:
    """A prompt search: the signal is g^2 x production x BR, so the lower edge scales with sqrt(rb_ref/rb_model)."""
    g_lo = c.window[0] * math.sqrt(c.rb_ref / c.rb_model)
    return BoundResult(kind="recast", g_excluded=((g_lo, math.inf),), **base)


def _recast_t1(c: _Recast, base: dict) -> BoundResult:
    """A search with efficiency 1 - exp(-t1 Gamma) (decays within a detector of proper-time reach t1)."""
    t1 = _t1(c.limit.t1_kind, c.mass)
    lo = c.window[0]

    def eff(G):
        return -math.expm1(-t1 * G)
    n_lim = lo ** 2 * c.rb_ref * eff(lo ** 2 * c.G_ref)

    def f(lg):
        g2 = 10 ** (2 * lg)
        return g2 * c.rb_model * eff(g2 * c.G_model) - n_lim
    top = math.log10(4 * math.pi)
    if f(top) < 0:
        return BoundResult(kind="recast", note="not excluded up to g = 4 pi", **base)
    lg = optimize.brentq(f, -15, top, xtol=c.settings.recast_xtol)
    return BoundResult(kind="recast", g_excluded=((10 ** lg, math.inf),), **base)


def _recast_displaced(c: _Recast, base: dict) -> BoundResult:
    """A beam dump: fix the decay-volume parameter from the two edges of the reference band, then find the
    model's window (the signal g^2 rb (e^{-a G g^2} - e^{-a G (1+r) g^2}) is unimodal in g^2)."""
    lo, hi = c.window
    if not math.isfinite(hi):
        raise LimitError(f"limit {c.limit.name!r}: a displaced ('lratio') search needs an upper edge")
    r = c.limit.lratio
    nodes, xtol = c.settings.recast_nodes, c.settings.recast_xtol

    def eff_d(X, e2):  # X = a * Gamma(coupling 1); e2 = coupling^2
        return math.exp(-X * e2) - math.exp(-X * (1 + r) * e2)

    def h(lx):
        X = 10 ** lx
        return lo ** 2 * eff_d(X, lo ** 2) - hi ** 2 * eff_d(X, hi ** 2)
    xs = np.linspace(-2 - 2 * math.log10(hi), 2 - 2 * math.log10(lo), nodes)
    hs = np.array([h(x) for x in xs])
    sign = np.nonzero(np.diff(np.sign(hs)))[0]
    if len(sign) == 0:
        raise ComputationError(f"limit {c.limit.name!r} at m = {c.mass / units.GeV:g} GeV: could not fix the decay "
                               "window from the band edges")
    lX = optimize.brentq(h, xs[sign[0]], xs[sign[0] + 1], xtol=xtol)
    a = 10 ** lX / c.G_ref                # a in units of 1/GeV (boosted shield length)
    n_lim = lo ** 2 * c.rb_ref * eff_d(a * c.G_ref, lo ** 2)

    def n_model(lg):
        g2 = 10 ** (2 * lg)
        return g2 * c.rb_model * eff_d(a * c.G_model, g2)
    # the signal is unimodal in g^2: locate its maximum, then the two crossings
    lgs = np.linspace(-12, math.log10(4 * math.pi), nodes)
    ns = np.array([n_model(x) for x in lgs])
    k = int(np.argmax(ns))
    if ns[k] < n_lim:
        return BoundResult(kind="recast", note="signal below the limit at every coupling", **base)
    res = optimize.minimize_scalar(lambda x: -n_model(x), bracket=(lgs[max(k - 1, 0)], lgs[k], lgs[min(k + 1, nodes - 1)]))
    peak = res.x
    g_a = 10 ** optimize.brentq(lambda x: n_model(x) - n_lim, lgs[0], peak, xtol=xtol) if n_model(lgs[0]) < n_lim else 0.0
    g_b = 10 ** optimize.brentq(lambda x: n_model(x) - n_lim, peak, lgs[-1], xtol=xtol) if n_model(lgs[-1]) < n_lim else math.inf
    return BoundResult(kind="recast", g_excluded=((g_a, g_b),), **base)


#: One recast per kind of efficiency in the registry (``efficiency`` of an entry).
_RECASTS = {"prompt": _recast_prompt, "t1": _recast_t1, "lratio": _recast_displaced}
