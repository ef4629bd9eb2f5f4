"""XENON1T 2020 (SR1) low-energy electronic recoils: data, response, backgrounds, chi^2 and Poisson likelihood.

Publication: E. Aprile et al. (XENON), "Excess electronic recoil events in XENON1T", PRD 102 (2020)
072004, arXiv:2006.09721. The packaged tables (``data/xenon1t``, headers kept) are the binned SR1 rate in
29 one-keV bins from 1 to 30 keV of reconstructed energy, the total efficiency versus reconstructed
energy, and third-party digitisations of the B0 background and of the tritium component (both already
smeared and efficiency-folded, as drawn in the paper's Fig. 4).

Response. A recoil of true energy T deposits a reconstructed energy E distributed as a Gaussian of
width sigma(T) = a sqrt(T) + b T, a = 0.310 sqrt(keV), b = 0.0037 (the XENON1T ER resolution quoted in
arXiv:2006.09721, Sec. II; not in the shared data: entered from the publication, and a parameter of
:class:`Resolution`). The predicted rate in bin i [events/(t yr keV)] from a true spectrum dR/dT is

    r_i = (1/Delta E) int_{bin i} dE eff(E) int dT G(E; T, sigma(T)) dR/dT       (``efficiency_at="reconstructed"``)

with the efficiency applied to the reconstructed energy, as the efficiency is published; seed 003 eq. 5
writes eff(K_r) on the true recoil energy before smearing, available as ``efficiency_at="true"``.

Targets: the xenon atom (electrons per atom by shell, atoms per tonne) and the true-recoil grid live in
:mod:`leptoforce.lab.targets` and are re-exported here.

Statistics. The binned chi^2 uses the published per-bin errors (Poisson, sqrt(N)/exposure); the
Poisson log-likelihood uses the counts N_i = rate_i x exposure, with the exposure 0.6474 t yr that the
published errors imply (N_i are integers to 1e-3 with it; the paper's rounded SR1 exposure is 0.65 t yr).
XENONnT SR0 (``detector="XENONnT"``): E. Aprile et al. (XENON), PRL 129 (2022) 161805, arXiv:2207.11330,
exposure 1.16 t yr. The collaboration's data release (``data/xenonnt``) gives the 433 event energies below
30 keV, the best-fit background B0 and the total efficiency; :func:`load_sr0` bins the events in the same
29 one-keV bins. The release has no resolution function: XENON1T's (above) is used, an assumption the
analyses vary by +-20%. Its per-bin errors are sqrt(N)/exposure with N = 0 given the error of one count
(for the chi^2 only; the Poisson likelihood uses the counts).

Units: energies in keV as plain numbers at this interface (the published binning), rates in
events/(t yr keV).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from scipy import special

from .. import inputs
from ..data import load_table
from ..lab.targets import ATOMS_PER_TONNE, T_GRID_KEV, electrons_per_atom, shell_table
from ..errors import ComputationError, InvalidInputError, OutOfDomainError
from ..validate import array, checked, choice, fields, instance
from ..numerics import readonly

__all__ = ["XenonData", "load_sr1", "load_sr0", "load_efficiency", "load_b0", "load_tritium", "background_rates", "shell_table",
           "electrons_per_atom", "Resolution", "Response", "XenonLikelihood", "ATOMS_PER_TONNE",
           "CHI2_B0_PAPER", "T_GRID_KEV", "DETECTORS", "XENONNT_EXPOSURE"]

#: Detectors of this module.
DETECTORS = ("XENON1T", "XENONnT")
#: XENONnT SR0 exposure [t yr] (arXiv:2207.11330, abstract).
XENONNT_EXPOSURE = inputs.value("xenonnt.sr0_exposure")

#: Seed 003 Fig. 1 caption: chi^2 of the background model B0 alone.
CHI2_B0_PAPER = inputs.value("results.chi2_B0", "paper-seed003")


@dataclass(frozen=True)
class XenonData:
    """SR1 binned data: bin edges [keV], rate and 1-sigma error [events/(t yr keV)], counts, exposure [t yr]."""

    edges: np.ndarray
    rate: np.ndarray
    err: np.ndarray
    exposure: float

    @property
    def centres(self) -> np.ndarray:
        return 0.5 * (self.edges[1:] + self.edges[:-1])

    @property
    def counts(self) -> np.ndarray:
        return np.rint(self.rate * self.exposure * np.diff(self.edges))


@lru_cache(maxsize=None)
def load_sr1() -> XenonData:
    """The SR1 binned spectrum of arXiv:2006.09721 Fig. 4 (``data/xenon1t``); exposure from the errors."""
    t = load_table("xenon1t", "xenon1t2020_sr1_binned_data.csv")
    c, r, e = t[:, 0], t[:, 1], t[:, 2]
    edges = np.append(c - 0.5, c[-1] + 0.5)
    expo = float(np.median(r / e ** 2))
    n = r * expo
    if np.max(np.abs(n - np.rint(n))) > 0.01:
        raise ComputationError("XENON1T SR1 table: counts implied by the errors are not integers")
    return readonly(XenonData(edges, r, e, expo))


@lru_cache(maxsize=None)
def load_sr0() -> XenonData:
    """The XENONnT SR0 events of arXiv:2207.11330 (``data/xenonnt``) in 29 one-keV bins from 1 to 30 keV."""
    ev = load_table("xenonnt", "xenonnt2022_er_events.csv")[:, 0]
    edges = np.arange(1.0, 31.0, 1.0)
    n, _ = np.histogram(ev, edges)
    w = XENONNT_EXPOSURE * np.diff(edges)
    return readonly(XenonData(edges, n / w, np.sqrt(np.maximum(n, 1.0)) / w, XENONNT_EXPOSURE))


@lru_cache(maxsize=None)
def _efficiency_table(detector: str) -> tuple[np.ndarray, np.ndarray]:
    if detector == "XENONnT":
        t = load_table("xenonnt", "xenonnt2022_efficiency.csv")
        return readonly((t[:, 0], t[:, 1]))
    return load_efficiency()


@lru_cache(maxsize=None)
def load_efficiency() -> tuple[np.ndarray, np.ndarray]:
    """(E [keV], total efficiency) of arXiv:2006.09721 Fig. 2, 0-30.06 keV on a 0.21 keV grid."""
    t = load_table("xenon1t", "xenon1t2020_efficiency.csv")
    return t[:, 0], t[:, 3]


@checked(E_keV="nonnegarray", detector=DETECTORS)
def efficiency(E_keV, detector: str = "XENON1T") -> np.ndarray:
    """Total efficiency of ``detector`` at reconstructed energy E [keV]; raises outside its published table."""
    E = np.asarray(E_keV, float)
    x, y = _efficiency_table(detector)
    if detector == "XENONnT":
        # the release's table stops at 29.88 keV, where it is flat (0.815): the last 0.12 keV of the 29-30 keV bin
        # take its end value
        E = np.where((E > x[-1]) & (E <= 30.0 + 1e-9), x[-1], E)
    if np.any(E < x[0]) or np.any(E > x[-1]):
        raise OutOfDomainError(f"efficiency requested at E outside the published table {x[0]}-{x[-1]:.2f} keV "
                                f"(got {E.min():.3g}-{E.max():.3g} keV)")
    return np.interp(E, x, y)


@lru_cache(maxsize=None)
def load_b0() -> tuple[np.ndarray, np.ndarray]:
    """(E [keV], B0 [events/(t yr keV)]): the digitised B0 curve (smeared, efficiency-folded)."""
    t = load_table("xenon1t", "xenon1t2020_B0_digitized.csv")
    return t[:, 0], t[:, 1]


@lru_cache(maxsize=None)
def load_b0_nt() -> tuple[np.ndarray, np.ndarray]:
    """(E [keV], B0 [events/(t yr keV)]): XENONnT SR0's best-fit background model (the collaboration's table)."""
    t = load_table("xenonnt", "xenonnt2022_B0.csv")
    return t[:, 0], t[:, 1]


@lru_cache(maxsize=None)
def load_tritium() -> tuple[np.ndarray, np.ndarray]:
    """(E [keV], tritium [events/(t yr keV)]): the digitised tritium curve of the B0 + 3H fit."""
    t = load_table("xenon1t", "xenon1t2020_tritium_digitized.csv")
    return t[:, 0], t[:, 1]


def _bin_average(x, y, edges, n_sub: int = 40) -> np.ndarray:
    """Average of the piecewise-linear curve (x, y) over each bin (``n_sub`` trapezoid points per bin).

    The digitised tritium curve stops at 29.88 keV: the last 0.12 keV of the 29-30 keV bin take its end
    value (0.15 events/(t yr keV), 0.2% of B0 there); a gap wider than 0.15 keV raises.
    """
    if edges[0] < x[0] or edges[-1] > x[-1] + 0.15:
        raise InvalidInputError(f"bins {edges[0]}-{edges[-1]} keV reach outside the digitised curve {x[0]:.2f}-{x[-1]:.2f} keV")
    out = np.empty(len(edges) - 1)
    for i in range(len(out)):
        s = np.linspace(edges[i], edges[i + 1], n_sub + 1)
        v = np.interp(s, x, y)
        out[i] = np.mean(0.5 * (v[1:] + v[:-1]))
    return out


def background_rates(data: XenonData | None = None, model: str = "B0", sampling: str = "average",
                     detector: str = "XENON1T") -> np.ndarray:
    """Background per bin [events/(t yr keV)]: ``model`` 'B0' or 'B0+3H' (XENON1T only); ``sampling`` 'average'
    over the bin (default) or 'centre' (the curve at the bin centre)."""
    choice("detector", detector, DETECTORS)
    d = (load_sr1() if detector == "XENON1T" else load_sr0()) if data is None else data
    if model not in ("B0", "B0+3H") or (detector == "XENONnT" and model != "B0"):
        raise InvalidInputError(f"background model={model!r} is unknown for {detector}; allowed: "
                                + ("'B0', 'B0+3H'" if detector == "XENON1T" else "'B0'"))
    if sampling not in ("average", "centre"):
        raise InvalidInputError(f"sampling={sampling!r} is unknown; allowed: 'average', 'centre'")
    if detector == "XENONnT":
        curves = [load_b0_nt()]
    else:
        curves = [load_b0()] + ([load_tritium()] if model == "B0+3H" else [])
    total = np.zeros(len(d.rate))
    for x, y in curves:
        total += (_bin_average(x, y, d.edges) if sampling == "average" else np.interp(d.centres, x, y))
    return total


@dataclass(frozen=True)
class Resolution:
    """Gaussian ER resolution sigma(T) = a sqrt(T) + b T, T in keV (arXiv:2006.09721; module doc)."""

    a: float = 0.310
    b: float = 0.0037

    def __post_init__(self):
        fields(self, "Resolution.", a="nonneg", b="nonneg")
        if not (self.a >= 0 and self.b >= 0 and self.a + self.b > 0):
            raise InvalidInputError(f"Resolution needs a >= 0, b >= 0 and a + b > 0, got a={self.a!r}, b={self.b!r}")

    @checked(T_keV="nonnegarray")
    def sigma(self, T_keV):
        """Width [keV] at true energy T [keV]."""
        T = np.asarray(T_keV, float)
        return self.a * np.sqrt(T) + self.b * T


@dataclass(frozen=True)
class Response:
    """Linear map from a true spectrum on :data:`T_GRID_KEV` to binned reconstructed rates (module doc).

    ``resolution=None`` means no smearing (E = T); ``efficiency_at`` is 'reconstructed' (default) or 'true'.
    ``matrix`` [n_bins, n_T] already contains the trapezoid weights of the T grid, so that
    ``matrix @ dRdT`` [events/(t yr keV)] for dR/dT in events/(t yr keV).
    """

    resolution: Resolution | None = field(default_factory=Resolution)
    efficiency_at: str = "reconstructed"
    detector: str = "XENON1T"
    matrix: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        if self.resolution is not None:
            instance("resolution", self.resolution, Resolution)
        if self.efficiency_at not in ("reconstructed", "true"):
            raise InvalidInputError(f"efficiency_at={self.efficiency_at!r} is unknown; allowed: 'reconstructed', 'true'")
        choice("detector", self.detector, DETECTORS)
        object.__setattr__(self, "matrix", _response_matrix(self.resolution, self.efficiency_at, self.detector))

    @property
    def T(self) -> np.ndarray:
        return T_GRID_KEV

    def fold(self, dRdT) -> np.ndarray:
        """Binned rates [events/(t yr keV)] (last axis: bins) from dR/dT on :data:`T_GRID_KEV` (last axis)."""
        arr = array("dRdT", dRdT)
        if arr.ndim == 0 or arr.shape[-1] != T_GRID_KEV.size:
            raise InvalidInputError(f"dRdT must have {T_GRID_KEV.size} entries on its last axis (the T_GRID_KEV grid), "
                                    f"got shape {arr.shape}")
        return arr @ self.matrix.T


def _efficiency_true(T, detector: str = "XENON1T") -> np.ndarray:
    """Efficiency at true energies T [keV] for ``efficiency_at="true"``: the table up to its end (30.06 keV for
    XENON1T) and its last value above, where the XENON1T source continues flat (header of
    xenon1t2020_efficiency.csv: "above ~10 keV the total efficiency is flat at ~0.889"). Only true energies above
    30 keV smeared into the last bins use it."""
    x, _ = _efficiency_table(detector)
    return efficiency(np.clip(T, x[0], x[-1]), detector)


@lru_cache(maxsize=8)
def _response_matrix(res: Resolution | None, eff_at: str, detector: str = "XENON1T") -> np.ndarray:
    d = load_sr1() if detector == "XENON1T" else load_sr0()
    T = T_GRID_KEV
    wT = np.empty_like(T)
    dT = np.diff(T)
    wT[0], wT[-1] = dT[0] / 2, dT[-1] / 2
    wT[1:-1] = (dT[1:] + dT[:-1]) / 2
    nb = len(d.rate)
    M = np.zeros((nb, len(T)))
    if res is None:
        # E = T: the bin picks the true grid points inside it, weighted by the efficiency at E = T.
        eff = _efficiency_true(T, detector)
        for i in range(nb):
            inside = (T >= d.edges[i]) & (T < d.edges[i + 1])
            M[i] = np.where(inside, wT * eff, 0.0) / (d.edges[i + 1] - d.edges[i])
        return M
    s = res.sigma(T)
    for i in range(nb):
        lo, hi = d.edges[i], d.edges[i + 1]
        if eff_at == "true":
            p = 0.5 * (special.erf((hi - T) / (math.sqrt(2) * s)) - special.erf((lo - T) / (math.sqrt(2) * s)))
            M[i] = wT * _efficiency_true(T, detector) * p / (hi - lo)
        else:
            E = np.linspace(lo, hi, 41)
            g = np.exp(-0.5 * ((E[:, None] - T[None, :]) / s[None, :]) ** 2) / (math.sqrt(2 * math.pi) * s[None, :])
            w = np.full(len(E), (hi - lo) / 40)
            w[0] = w[-1] = (hi - lo) / 80
            M[i] = wT * ((w * efficiency(E, detector)) @ g) / (hi - lo)
    return readonly(M)


@dataclass
class XenonLikelihood:
    """Binned chi^2 and Poisson log-likelihood of background + signal against the SR1 data (module doc).

    ``background`` is 'B0' or 'B0+3H' (digitised curves, bin-averaged). Signals are binned rates
    [events/(t yr keV)], a 1-D array or a stack (last axis: bins); both methods are vectorised.
    """

    background: str = "B0"
    sampling: str = "average"
    data: XenonData | None = None
    detector: str = "XENON1T"
    bkg: np.ndarray = field(init=False, repr=False)

    def __post_init__(self):
        choice("background", self.background, ("B0", "B0+3H"))
        choice("sampling", self.sampling, ("average", "centre"))
        choice("detector", self.detector, DETECTORS)
        if self.data is None:
            self.data = load_sr1() if self.detector == "XENON1T" else load_sr0()
        instance("data", self.data, XenonData)
        self.bkg = background_rates(self.data, self.background, self.sampling, self.detector)

    @checked(signal="realarray")
    def chi2(self, signal=0.0) -> np.ndarray:
        """sum_i ((B_i + S_i - d_i)/sigma_i)^2 (dimensionless)."""
        r = (self.bkg + signal - self.data.rate) / self.data.err
        return np.sum(r * r, axis=-1)

    @checked(signal="realarray")
    def poisson_deviance(self, signal=0.0) -> np.ndarray:
        """-2 ln(L/L_saturated) = 2 sum_i [mu_i - N_i + N_i ln(N_i/mu_i)] with mu_i = (B_i + S_i) x exposure."""
        w = self.data.exposure * np.diff(self.data.edges)
        mu = (self.bkg + signal) * w
        if np.any(mu <= 0):
            raise ComputationError("Poisson likelihood: a predicted count is <= 0 (negative signal or background)")
        N = self.data.counts
        return 2 * np.sum(mu - N + special.xlogy(N, N / mu), axis=-1)

    def quadratic(self, shapes) -> tuple[float, np.ndarray, np.ndarray]:
        """(A, B, C) with chi2(s x shape) = A - 2 B s + C s^2 for binned shapes (last axis: bins)."""
        w = 1.0 / self.data.err ** 2
        r = self.data.rate - self.bkg
        shapes = array("shapes", shapes)
        return float(np.sum(w * r * r)), np.sum(w * r * shapes, axis=-1), np.sum(w * shapes * shapes, axis=-1)

    def best_scale(self, shapes) -> tuple[np.ndarray, np.ndarray]:
        """(s, chi2) minimising chi2(s x shape) over s >= 0, closed form, vectorised over shapes (last axis: bins)."""
        A, B, Cq = self.quadratic(shapes)
        if np.any(Cq <= 0):
            raise ComputationError("best_scale: a signal shape is zero in every bin, so its scale cannot be fitted")
        s = np.maximum(B / Cq, 0.0)
        return s, A - 2 * B * s + Cq * s * s
