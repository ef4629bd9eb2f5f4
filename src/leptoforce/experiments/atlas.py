"""The limits atlas of one U(1): every existing and projected limit over a mass range, as the field draws it.

:func:`atlas` evaluates :func:`leptoforce.experiments.bounds.bounds_at` on a log grid of masses and groups
the results into layers, one per physical limit (the registry's ``group``: versions of one search, or the
tabulated and the computed form of one measurement, are one layer; their union is drawn). It returns an
:class:`Atlas` with

* ``layers``: name, category (laboratory, astrophysics, cosmology), status (existing, projection), the
  registry entries it joins and, per mass, up to three excluded coupling intervals;
* ``envelope``: per mass, the smallest coupling any existing limit excludes and the layer that sets it;
* ``bands``: favoured regions (the muon g-2 band of the chosen data set, where the data favour one);
* ``targets``: optional thermal-relic coupling lines for a dark-matter benchmark (:func:`thermal_target`);
* ``missing``: the registry's missing entries that would constrain this model, with their publications;
* ``versions``: the SHA-256 of the registry and the bibliography, the input set and the software.

:func:`excluded_by` names the existing layers that exclude one point (m, g), and :func:`allowed_fraction` the share
of a curve (a relic-density line, a benchmark track) that no existing limit excludes: the question "does this
still hold" asked of a line in the plane.

``inputs="current"`` uses every limit; ``inputs="paper-seedNNN"`` (or ``"seedNNN"``) only the limits
published up to that paper's year, and its g-2 data set where it names one. Masses in GeV internal units;
couplings dimensionless (epsilon for the dark photon, g otherwise).
"""
from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from importlib import resources

import numpy as np

from .. import inputs as _inputs
from .. import units
from ..errors import ComputationError, InvalidInputError, OutOfDomainError
from ..progress import track
from ..provenance import versions
from ..validate import checked, in_range, instance, integer, sequence, suggest
from ..settings import DEFAULT, Settings
from .bounds import _charges, bounds_at
from .limits import DARK_PHOTON, registry

__all__ = ["Atlas", "Layer", "atlas", "limit_layers", "envelope", "excluded_by", "allowed_fraction", "thermal_target", "resolve_inputs", "registry_version", "N_INTERVALS",
           "DEFAULT_MASS_RANGE"]

#: Excluded intervals kept per mass and layer (the N_eff bounds may open a window).
N_INTERVALS = 3
#: Default mass range of an atlas [GeV internal].
DEFAULT_MASS_RANGE = (1 * units.keV, 100 * units.GeV)


@dataclass
class Layer:
    """One physical limit over the atlas masses: ``intervals[i, k] = (lo, hi)`` (NaN where nothing is excluded)."""

    name: str
    category: str
    status: str
    members: list
    kinds: list
    references: list
    intervals: np.ndarray = field(repr=False)

    @property
    def projection(self) -> bool:
        return self.status == "projection"

    @property
    def lowest(self) -> np.ndarray:
        """The lowest excluded coupling per mass (NaN where nothing is excluded)."""
        return self.intervals[:, 0, 0]

    def as_dict(self, masses) -> dict:
        def num(x):
            return None if not np.isfinite(x) else float(x)
        return {"name": self.name, "category": self.category, "status": self.status, "members": self.members,
                "kinds": self.kinds, "references": self.references,
                "excluded": [[[num(a), (None if b == math.inf else num(b))] for a, b in row if np.isfinite(a)]
                             for row in self.intervals],
                "mass_GeV": [float(m / units.GeV) for m in masses]}


@dataclass
class Atlas:
    """The result of :func:`atlas` (module doc)."""

    model: str
    coupling: str
    masses: np.ndarray
    layers: list
    envelope: np.ndarray
    envelope_setter: list
    bands: list
    targets: list
    missing: list
    inputs: str
    until: int | None
    g2_dataset: str
    versions: dict

    def layer(self, name: str) -> Layer:
        for lay in self.layers:
            if lay.name == name:
                return lay
        raise InvalidInputError(f"layer {name!r} is not in the atlas{suggest(name, [x.name for x in self.layers])}")

    def envelope_rows(self) -> list[tuple[float, float, str]]:
        """(mass [GeV], g_max, the layer that sets it) per mass; g_max inf where nothing existing excludes."""
        return [(float(m / units.GeV), float(g), s) for m, g, s in zip(self.masses, self.envelope, self.envelope_setter)]

    def as_dict(self) -> dict:
        """JSON form (``atlas.json``): every layer with its registry records, the envelope, bands, targets."""
        reg = registry()
        records = {n: reg[n].record() for lay in self.layers for n in lay.members if n in reg}
        for lay in self.layers:
            for n in lay.members:
                if n not in reg:
                    for rec in reg.values():
                        if rec.computed == n:
                            records[n] = rec.record()
        return {"model": self.model, "coupling": self.coupling, "inputs": self.inputs, "until": self.until,
                "g2_dataset": self.g2_dataset, "mass_GeV": [float(m / units.GeV) for m in self.masses],
                "layers": [lay.as_dict(self.masses) for lay in self.layers],
                "envelope": [{"mass_GeV": m, "g_max": (None if not math.isfinite(g) else g), "set_by": s}
                             for m, g, s in self.envelope_rows()],
                "bands": [{k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in b.items()} for b in self.bands],
                "targets": [{k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in t.items()} for t in self.targets],
                "missing": self.missing, "records": records, "versions": self.versions}


def registry_version() -> dict:
    """Short SHA-256 of ``registry.toml`` and ``bibliography.bib`` (the stamp of an atlas)."""
    root = resources.files("leptoforce.data.limits")
    return {f: hashlib.sha256(root.joinpath(f).read_bytes()).hexdigest()[:12] for f in ("registry.toml", "bibliography.bib")}


@checked(value=str, _result=None)
def resolve_inputs(value: str) -> tuple[str, int | None]:
    """(input-set name, year limit) for ``"current"``, ``"paper-seedNNN"`` or ``"seedNNN"``; a named error otherwise."""
    if value == "current":
        return "current", None
    name = value if value.startswith("paper-") else f"paper-{value}"
    known = [s for s in _inputs.sets() if s.startswith("paper-")]
    if name not in known:
        raise InvalidInputError(f"inputs={value!r} is unknown{suggest(value, ['current'] + known)}; allowed: current, "
                                + ", ".join(known) + " (or seedNNN)")
    return name, _inputs.input_set(name).year


def _g2_dataset(input_set: str) -> str:
    from ..settings import DEFAULT
    if input_set == "current":
        return DEFAULT.g2_dataset
    try:
        return str(_inputs.value("g2.dataset", input_set))
    except InvalidInputError:
        return DEFAULT.g2_dataset


def _group(r) -> str:
    reg = registry()
    rec = reg.get(r.name)
    if rec is None:
        for x in reg.values():
            if x.computed == r.name:
                rec = x
                break
    if rec is None:
        return r.label or r.name
    return rec.group or rec.label or rec.name


def _model_couplings(ch, mass) -> set:
    """Fermion labels the model couples to at tree level or through its loop mixing (for the missing list)."""
    from ..model.zprime import ZPrime
    if ch.name == DARK_PHOTON.name:
        return {"e", "u", "d", "s", "p"}      # its muon searches are e+e- and pp ones; no neutrino coupling
    zp = ZPrime(mass, 1.0, ch)
    out = {f for f in ("e", "mu", "tau", "u", "d", "s") if zp.couplings(f, 0.0)[0] != 0}
    if np.any(np.diag(zp.neutrino_couplings()) != 0):
        out |= {"nu", "nu_e", "nu_mu"}
    return out


@checked(model=lambda n, v: _charges(v, n), masses="posarray", until=lambda n, v: v, projections="bool", settings=Settings,
         progress="bool")
def limit_layers(model, masses, until: int | None = None, projections: bool = True, settings: Settings = DEFAULT,
                 progress: bool = True) -> list[Layer]:
    """The layers (module doc) of ``model`` over ``masses`` [GeV internal]: one per registry group, each the union of its
    members' excluded intervals; ``until`` (a year) keeps the limits published up to it."""
    ch = model
    masses = np.asarray(masses, float)
    n = len(masses)
    layers: dict[str, dict] = {}
    for k, m in enumerate(track(masses, f"limits of {ch.name}", n, "masses", enabled=None if progress else False)):
        for r in bounds_at(ch, float(m), include_missing=False, until=until, projections=projections, settings=settings):
            if r.kind not in ("computed", "tabulated", "recast"):
                continue
            g = _group(r)
            lay = layers.setdefault(g, dict(category=r.category, status=r.status, members=[], kinds=[], references=[],
                                            iv=np.full((n, N_INTERVALS, 2), np.nan)))
            if r.name not in lay["members"]:
                lay["members"].append(r.name)
                lay["kinds"].append(r.kind)
                lay["references"].append(r.reference)
            if r.status == "existing":
                lay["status"] = "existing"
            if not r.g_excluded:
                continue
            merged = _union([tuple(x) for x in lay["iv"][k] if np.isfinite(x[0])] + list(r.g_excluded))
            for j, (a, b) in enumerate(merged[:N_INTERVALS]):
                lay["iv"][k, j] = (a, b)
    return [Layer(nm, d["category"], d["status"], d["members"], d["kinds"], d["references"], d["iv"])
            for nm, d in layers.items() if np.any(np.isfinite(d["iv"][:, 0, 0]))]


@checked(layers=lambda n, v: [instance(n, x, Layer) for x in sequence(n, v)], n=lambda n, v: integer(n, v, minimum=1),
         _result="inf_ok")
def envelope(layers: list[Layer], n: int) -> tuple[np.ndarray, list]:
    """(smallest coupling excluded by an existing layer, the layer's name) per mass; inf and "" where none excludes."""
    env = np.full(n, np.inf)
    setter = [""] * n
    for lay in layers:
        if lay.projection:
            continue
        low = lay.lowest
        for k in range(n):
            if np.isfinite(low[k]) and low[k] < env[k]:
                env[k], setter[k] = low[k], lay.name
    return env, setter


@checked(model=lambda n, v: _charges(v, n), mass_range=lambda n, v: v, n_masses=lambda n, v: integer(n, v, minimum=5),
         inputs=str, projections="bool", progress="bool")
def atlas(model, mass_range=DEFAULT_MASS_RANGE, n_masses: int = 81, inputs: str = "current", projections: bool = True,
          targets=(), progress: bool = True) -> Atlas:
    """The atlas of ``model`` (preset name, ``"dark-photon"`` or ChargeAssignment) over ``mass_range`` [GeV internal]
    on ``n_masses`` log-spaced masses (module doc). ``targets``: (label, ratio, q_psi) for Dirac dark matter of mass
    m_Z'/ratio (:func:`thermal_target`)."""
    from dataclasses import replace as _replace
    ch = model
    if not (isinstance(mass_range, (tuple, list)) and len(mass_range) == 2):
        raise InvalidInputError(f"mass_range={mass_range!r} must be (low, high) masses in GeV")
    lo = in_range("mass_range[0]", mass_range[0], 1e-9, 1e6, unit="GeV")
    hi = in_range("mass_range[1]", mass_range[1], 1e-9, 1e6, unit="GeV")
    if not lo < hi:
        raise InvalidInputError(f"mass_range={mass_range!r}: the lower mass must be below the upper one")
    set_name, until = resolve_inputs(inputs)
    dataset = _g2_dataset(set_name)
    settings = _replace(DEFAULT, g2_dataset=dataset)
    masses = np.geomspace(lo, hi, n_masses)
    layers = limit_layers(ch, masses, until, projections, settings, progress)
    if not any(not lay.projection for lay in layers):
        raise InvalidInputError(f"mass_range={lo / units.GeV:g}-{hi / units.GeV:g} GeV: no limit of {ch.name!r} excludes "
                                "anything there (outside every curve and computed bound)")
    env, setter = envelope(layers, n_masses)
    bands = _g2_band(ch, masses, dataset, settings)
    tlines = [thermal_target(ch, masses, ratio, q, label) for label, ratio, q in targets]
    couplings = _model_couplings(ch, float(masses[len(masses) // 2]))
    missing = [{"name": r.name, "label": r.label, "publication": r.publication, "reason": r.reason, "status": r.status}
               for r in registry().values() if r.kind == "missing" and (until is None or r.year <= until)
               and (not r.model or r.model == ch.name) and _relevant(r.constrains, couplings)]
    return Atlas(ch.name, "epsilon" if ch.name == DARK_PHOTON.name else "g", masses, layers, env, setter, bands,
                 tlines, missing, set_name, until, dataset,
                 {"registry": registry_version(), "input_set": set_name, **versions()})


def _intervals_at(lay: Layer, log_m: np.ndarray, x: float) -> list:
    """The excluded intervals of ``lay`` at log-mass ``x``: each interval's edges interpolated linearly in
    (log m, log g) between the two grid masses around ``x`` where both have it, the nearer mass's otherwise."""
    k = int(np.clip(np.searchsorted(log_m, x) - 1, 0, len(log_m) - 2))
    t = (x - log_m[k]) / (log_m[k + 1] - log_m[k])
    a, b = lay.intervals[k], lay.intervals[k + 1]
    near = a if t < 0.5 else b
    out = []
    for j in range(a.shape[0]):
        if np.isfinite(a[j, 0]) and np.isfinite(b[j, 0]):
            lo = math.exp((1 - t) * math.log(a[j, 0]) + t * math.log(b[j, 0]))
            hi = (math.exp((1 - t) * math.log(a[j, 1]) + t * math.log(b[j, 1]))
                  if math.isfinite(a[j, 1]) and math.isfinite(b[j, 1]) else float(near[j, 1]))
            out.append((lo, hi))
        elif np.isfinite(near[j, 0]):
            out.append((float(near[j, 0]), float(near[j, 1])))
    return out


def _grid(masses) -> np.ndarray:
    m = np.asarray(masses, float)
    if m.ndim != 1 or len(m) < 2 or not np.all(np.diff(m) > 0):
        raise InvalidInputError(f"masses must be the increasing mass grid (>= 2 masses) the layers were computed on "
                                f"(got shape {m.shape})")
    return np.log(m)


@checked(masses="posarray", mass="pos", g="gpos")
def excluded_by(layers: list, masses, mass: float, g: float) -> list[str]:
    """Names of the existing layers (:func:`limit_layers` over ``masses`` [GeV internal]) that exclude the coupling
    ``g`` (dimensionless) at ``mass`` [GeV internal]; the layers' intervals are interpolated between grid masses in
    (log m, log g).

    Raises :class:`OutOfDomainError` for a mass outside the grid (no extrapolation)."""
    log_m = _grid(masses)
    for lay in sequence("layers", layers):
        instance("layers[...]", lay, Layer)
        if lay.intervals.shape[0] != len(log_m):
            raise InvalidInputError(f"layer {lay.name!r} has {lay.intervals.shape[0]} masses, the grid {len(log_m)}")
    x = math.log(mass)
    if not (log_m[0] - 1e-12 <= x <= log_m[-1] + 1e-12):
        raise OutOfDomainError(f"mass={mass / units.GeV:g} GeV is outside the layers' grid "
                               f"{math.exp(log_m[0]) / units.GeV:g}-{math.exp(log_m[-1]) / units.GeV:g} GeV")
    return [lay.name for lay in layers if not lay.projection and any(lo <= g <= hi for lo, hi in _intervals_at(lay, log_m, x))]


@checked(masses="posarray", curve_m="posarray", curve_g="posarray")
def allowed_fraction(layers: list, masses, curve_m, curve_g) -> tuple[float, list]:
    """(share of the curve's length in the (log m, log g) plane that no existing layer excludes, the layers that
    exclude some of it). ``curve_m`` [GeV internal], ``curve_g`` (dimensionless): the points of one polyline
    (>= 2 points, inside the layers' mass grid ``masses`` [GeV internal]); a segment counts as allowed or excluded
    by its midpoint. The share is dimensionless, in [0, 1]."""
    cm, cg = np.asarray(curve_m, float), np.asarray(curve_g, float)
    if cm.shape != cg.shape or cm.ndim != 1 or len(cm) < 2:
        raise InvalidInputError(f"curve_m and curve_g must be two 1-d arrays of the same length >= 2 "
                                f"(got shapes {cm.shape} and {cg.shape})")
    lm, lg = np.log(cm), np.log(cg)
    seg = np.hypot(np.diff(lm), np.diff(lg))
    total = float(seg.sum())
    if total <= 0:
        raise InvalidInputError("curve_m, curve_g: the curve has zero length")
    allowed, names = 0.0, []
    for k, length in enumerate(seg):
        hit = excluded_by(layers, masses, math.exp(0.5 * (lm[k] + lm[k + 1])), math.exp(0.5 * (lg[k] + lg[k + 1])))
        if hit:
            names += [n for n in hit if n not in names]
        else:
            allowed += float(length)
    return allowed / total, names


def _relevant(needs, couplings) -> bool:
    """A missing limit matters for a model that has every coupling it needs (a neutrino one included)."""
    needs = set(needs or ())
    if not needs:
        return True
    has_nu = any(c.startswith("nu") for c in couplings)
    if any(c.startswith("nu") for c in needs) and not has_nu:
        return False
    return bool({c for c in needs if not c.startswith("nu")} & couplings) or (has_nu and all(c.startswith("nu") for c in needs))


def _union(intervals):
    iv = sorted((float(a), float(b)) for a, b in intervals)
    out = []
    for a, b in iv:
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _g2_band(ch, masses, dataset, settings) -> list:
    """The 2 sigma g-2 favoured band of the data set where the data favour a positive Delta a_mu (else none)."""
    from ..lab import g2
    if ch.name == DARK_PHOTON.name:
        return []
    lo, hi = np.full(len(masses), np.nan), np.full(len(masses), np.nan)
    c, s = g2.measured("mu", dataset, settings)
    if c - 2 * s <= 0:
        return []           # the data do not favour a non-zero Z' contribution at 2 sigma: no band
    for k, m in enumerate(masses):
        try:
            lo[k], hi[k] = g2.g2_favoured_band(ch, float(m), "mu", dataset, 2.0, settings)
        except ComputationError:
            continue
    if not np.any(np.isfinite(lo)):
        return []
    return [{"label": f"(g-2)_mu favoured (2 sigma, {dataset})", "lo": lo, "hi": hi, "dataset": dataset}]


@checked(model=lambda n, v: _charges(v, n), masses="posarray", ratio="pos", q_psi="real", _result=None)
def thermal_target(model, masses, ratio: float = 3.0, q_psi: float = 1.0, label: str | None = None) -> dict:
    """The coupling g at which a Dirac fermion of mass m_Z'/``ratio`` and charge ``q_psi`` has Omega h^2 = 0.12 by
    freeze-out through the Z' (:class:`leptoforce.thermal.annihilation.DiracZPrimeAnnihilation`, seed 000), per Z' mass
    [GeV]; NaN where no perturbative coupling gives it or freeze-out does not apply. Bisection in ln g, vectorised."""
    from ..thermal.annihilation import DiracZPrimeAnnihilation
    ch = model
    ratio = in_range("ratio", ratio, 1.0, 1e3, lo_open=True)
    masses = np.asarray(masses, float)
    ann = DiracZPrimeAnnihilation(ch)
    mpsi = masses / ratio
    target = 0.12
    lo, hi = np.full(masses.shape, -12.0), np.full(masses.shape, math.log10(4 * math.pi))
    with np.errstate(invalid="ignore"):
        om_hi = ann.omega_h2(mpsi, masses, 10 ** hi, q_psi)
    ok = np.isfinite(om_hi) & (om_hi < target)       # the largest coupling annihilates enough
    for _ in range(40):
        mid = 0.5 * (lo + hi)
        om = np.full(masses.shape, np.nan)
        if ok.any():
            om[ok] = ann.omega_h2(mpsi[ok], masses[ok], 10 ** mid[ok], q_psi)
        over = ~(om < target)          # too much DM (or not in equilibrium): need a larger coupling
        lo = np.where(ok & over, mid, lo)
        hi = np.where(ok & ~over, mid, hi)
    g = np.where(ok, 10 ** (0.5 * (lo + hi)), np.nan)
    return {"label": label or f"Dirac DM, m_Z' = {ratio:g} m_DM: Omega h^2 = 0.12", "g": g, "ratio": ratio, "q_psi": q_psi}
