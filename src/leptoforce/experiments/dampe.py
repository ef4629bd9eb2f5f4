"""DAMPE 2017 cosmic-ray e+e- spectrum: data, background, detector response, DM signal, likelihood.

Data: Table 1 of G. Ambrosi et al. (DAMPE), Nature 552 (2017) 63, arXiv:1711.10981 (packaged in
``data/cre``). Each bin's flux is compared at its characteristic energy E_mean; errors are statistical
and systematic in quadrature by default (seed 000 does not say; with quadrature and the 1.41 TeV bin
left out the background fit reproduces the seed's five numbers to 0.5%, see tests).

Background (seed 000 eq. 6): the smoothly double-broken power law

    Phi_bkg = Phi0 E^-gamma [1 + (E_br1/E)^delta]^(dgamma1/delta) [1 + (E/E_br2)^delta]^(dgamma2/delta),

E in GeV, Phi in GeV^-1 m^-2 s^-1 sr^-1, with E_br1 = 50 GeV and delta = 10 fixed.

Energy response: the reconstructed energy of an electron of true energy E is Gaussian with
sigma_E/E = ``resolution`` (default 1.5%, the DAMPE design figure above 100 GeV: J. Chang et al.,
Astropart. Phys. 95 (2017) 6, arXiv:1706.08453). The predicted flux in a bin is the migration-weighted
average int dE Phi(E) P(E -> bin) / Delta E_bin (:class:`Response`). The background is smooth on the
scale of the resolution and is compared point-wise at E_mean, as the seed's fit does.

Signal: a steady nearby subhalo (:mod:`leptoforce.astro.halo`), e+- injected by psi psi_bar -> l+ l-
(:mod:`leptoforce.astro.spectra`) and propagated (:mod:`leptoforce.astro.propagation`):

    Phi(E) = 1/(4 pi) <sigma v>/(k m^2) 1/b(E) sum_ch 2 BR_ch int dx g_ch(x) S(lambda(E, x m)),

with k = 4 for a Dirac psi (n_psi = n_psibar = rho/2, rate density n_psi n_psibar <sigma v>) or
k = 2 for the self-conjugate convention (rate density rho^2 <sigma v>/(2 m^2)); the choice is
:class:`SignalSettings.annihilation`. Templates per channel on a grid of m (and of M_sub) are built
once and cached on disk by their inputs (:class:`SignalTemplates`).

Likelihood (:class:`DampeLikelihood`): chi^2 of background + signal with E_br2 and dgamma2 profiled
(the other background parameters fixed at the background-only fit, as in the seed), vectorised over
many signal hypotheses by a damped Gauss-Newton iteration.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

import numpy as np
from scipy import optimize, special

from .. import inputs
from .. import constants as C
from .. import units
from ..astro.halo import NFW, SubhaloConventions, subhalo
from ..astro.propagation import DIFFUSION_SETS, Propagation, SourceKernel
from ..astro.spectra import CRE_CHANNELS, fsr_beta, muon_electron_spectrum, structure_function
from ..cache import cached_arrays
from ..data import load_table
from ..errors import ComputationError, InvalidInputError, OutOfDomainError
from ..validate import array, checked, fields, integer, positive, probability, sequence

__all__ = ["DampeData", "load_dampe2017", "double_broken_power_law", "BackgroundFit", "fit_background",
           "BKG_PAPER", "Response", "SignalSettings", "electron_flux", "SignalTemplates", "DampeLikelihood",
           "FLUX_UNIT", "PEAK_BIN_GEV"]

#: The flux unit of the DAMPE table, GeV^-1 m^-2 s^-1 sr^-1, in internal units.
FLUX_UNIT = 1.0 / (units.GeV * units.m ** 2 * units.s)
#: Characteristic energy [GeV] of the bin holding the excess (1318-1514 GeV).
_SEED000 = "paper-seed000"  # the eq. 6 background model and its fit are seed 000's
PEAK_BIN_GEV = inputs.value("dampe.peak_bin", _SEED000)
#: Seed 000, Sec. III: background-only fit (Phi0 [GeV^-1 m^-2 s^-1 sr^-1], gamma, dgamma1, dgamma2, E_br2 [GeV]).
BKG_PAPER = {k: inputs.value(f"results.background.{k}", _SEED000) for k in ("phi0", "gamma", "dgamma1", "dgamma2", "ebr2")}
_EBR1, _DELTA = inputs.value("dampe.ebr1", _SEED000), inputs.value("dampe.delta", _SEED000)
_ERRORS = ("quadrature", "stat", "linear")


@dataclass(frozen=True)
class DampeData:
    """The DAMPE 2017 table: bin edges and E_mean [GeV], flux and errors [GeV^-1 m^-2 s^-1 sr^-1]."""

    E_lo: np.ndarray
    E_hi: np.ndarray
    E_mean: np.ndarray
    flux: np.ndarray
    stat: np.ndarray
    sys: np.ndarray

    def sigma(self, errors: str = "quadrature") -> np.ndarray:
        """1-sigma error per bin: stat and sys in quadrature (default), stat only, or their sum."""
        if errors not in _ERRORS:
            raise InvalidInputError(f"errors={errors!r}; allowed: {', '.join(_ERRORS)}")
        if errors == "quadrature":
            return np.hypot(self.stat, self.sys)
        if errors == "stat":
            # the first bin's stat error is printed as 0.00e-2 (rounded): use its systematic one there
            return np.where(self.stat > 0, self.stat, self.sys)
        return self.stat + self.sys

    def mask(self, exclude=()) -> np.ndarray:
        """Boolean mask of the bins kept when the bins with E_mean in ``exclude`` [GeV] are left out."""
        keep = np.ones(self.E_mean.size, bool)
        for e in exclude:
            hit = np.isclose(self.E_mean, e, rtol=1e-3)
            if not hit.any():
                raise InvalidInputError(f"exclude: no DAMPE bin has E_mean = {e!r} GeV; E_mean values: "
                                        f"{', '.join(f'{x:g}' for x in self.E_mean)}")
            keep &= ~hit
        return keep


def load_dampe2017() -> DampeData:
    """DAMPE 2017 CRE flux (Ambrosi et al., Nature 552 (2017) 63, arXiv:1711.10981, Table 1)."""
    t = load_table("cre", "dampe2017_cre.csv")
    return DampeData(t[:, 0], t[:, 1], t[:, 2], t[:, 9], t[:, 10], t[:, 11])


@checked(E_GeV="posarray", phi0="pos", gamma="real", dgamma1="real", dgamma2="real", ebr2="pos", ebr1="pos", delta="pos")
def double_broken_power_law(E_GeV, phi0, gamma, dgamma1, dgamma2, ebr2, ebr1: float = _EBR1,
                            delta: float = _DELTA):
    """Seed 000 eq. 6 [GeV^-1 m^-2 s^-1 sr^-1] at E [GeV] (numbers, not internal units; see module doc)."""
    E = np.asarray(E_GeV, float)
    return (phi0 * E ** -gamma * (1 + (ebr1 / E) ** delta) ** (dgamma1 / delta)
            * (1 + (E / ebr2) ** delta) ** (dgamma2 / delta))


@dataclass(frozen=True)
class BackgroundFit:
    """Best-fit background parameters (keys of :data:`BKG_PAPER`), chi^2 and degrees of freedom."""

    params: dict
    chi2: float
    ndof: int
    errors: dict = field(default_factory=dict)


@checked(data=DampeData, errors=_ERRORS)
def fit_background(data: DampeData | None = None, exclude=(PEAK_BIN_GEV,), errors: str = "quadrature") -> BackgroundFit:
    """Fit eq. 6 (five free parameters) to DAMPE without the excess bin(s) (seed 000, Sec. III).

    Least squares in (flux - model)/sigma; parameter errors from the Jacobian (Delta chi^2 = 1).
    """
    data = data or load_dampe2017()
    keep = data.mask(exclude)
    E, F, sig = data.E_mean[keep], data.flux[keep], data.sigma(errors)[keep]
    keys = ("phi0", "gamma", "dgamma1", "dgamma2", "ebr2")

    def resid(p):
        return (double_broken_power_law(E, *p) - F) / sig
    start = np.array([BKG_PAPER[k] for k in keys]) * np.array([1.05, 1.0, 0.8, 0.9, 1.1])
    res = optimize.least_squares(resid, start, x_scale=[100, 0.1, 0.05, 0.3, 100], xtol=1e-13, ftol=1e-13)
    if not res.success:
        raise ComputationError(f"background fit failed: {res.message}")
    try:
        cov = np.linalg.inv(res.jac.T @ res.jac)
        errs = dict(zip(keys, np.sqrt(np.diag(cov))))
    except np.linalg.LinAlgError:
        errs = {}
    return BackgroundFit(dict(zip(keys, res.x)), float(2 * res.cost), int(keep.sum() - len(keys)), errs)


class Response:
    """Migration from true energy (a fine log grid) to the DAMPE bins with Gaussian resolution.

    ``matrix @ flux_fine`` gives the bin-averaged reconstructed flux (same units as flux_fine).
    """

    @checked(data=DampeData, resolution="pos", E_min_GeV="pos", E_max_GeV="pos",
             n_fine=lambda n, v: integer(n, v, minimum=10))
    def __init__(self, data: DampeData, resolution: float = 0.015, E_min_GeV: float = 10.0,
                 E_max_GeV: float = 6000.0, n_fine: int = 1400):
        if not E_min_GeV < E_max_GeV:
            raise InvalidInputError(f"need E_min_GeV < E_max_GeV, got {E_min_GeV!r}, {E_max_GeV!r}")
        if not (0 < resolution < 0.5):
            raise InvalidInputError(f"resolution={resolution!r} must be in (0, 0.5) (sigma_E/E)")
        self.resolution = float(resolution)
        self.E = np.geomspace(E_min_GeV, E_max_GeV, n_fine) * units.GeV
        Eg = self.E / units.GeV
        w = np.zeros_like(Eg)
        dE = np.diff(Eg)
        w[:-1] += dE / 2
        w[1:] += dE / 2
        sig = resolution * Eg
        P = (special.ndtr((data.E_hi[:, None] - Eg[None, :]) / sig[None, :])
             - special.ndtr((data.E_lo[:, None] - Eg[None, :]) / sig[None, :]))
        self.matrix = P * w[None, :] / (data.E_hi - data.E_lo)[:, None]


@dataclass(frozen=True)
class SignalSettings:
    """Every convention of the DAMPE signal (module docs of this module and :mod:`leptoforce.astro`).

    Defaults: the set that brings seed 000's Fig. 1 point (m = 1.54 TeV, <sigma v> = 6.82e-25 cm^3/s,
    M_sub = 1.25e6 Msun at 0.1 kpc) onto the observed excess in the 1.41 TeV bin: Bullock et al. 2001
    concentration, Jacobi tidal radius, M_sub = bound mass, MED diffusion, b0 = 1.02e-16 GeV^-1 s^-1,
    the Dirac factor k = 4, FSR on, 1.5% resolution. The other sets move the flux by up to x100
    (``leptoforce reproduce dampe-emu`` tabulates them).

    distance_kpc: subhalo distance from Earth; halo: :class:`SubhaloConventions`; propagation: a
    Donato et al. set name; U_eV_per_cm3: energy density for b0; annihilation: "dirac" (k = 4) or
    "self-conjugate" (k = 2); fsr: final-state radiation on the leptons; resolution: sigma_E/E.
    """

    distance_kpc: float = 0.1
    halo: SubhaloConventions = SubhaloConventions("bullock2001", "jacobi", "bound")
    propagation: str = "MED"
    U_eV_per_cm3: float = 1.0
    annihilation: str = "dirac"
    fsr: bool = True
    resolution: float = 0.015

    def __post_init__(self) -> None:
        fields(self, "SignalSettings.", distance_kpc="pos", halo=SubhaloConventions, propagation=tuple(DIFFUSION_SETS),
               U_eV_per_cm3="pos", annihilation=("dirac", "self-conjugate"), fsr="bool", resolution="pos")
        if self.annihilation not in ("dirac", "self-conjugate"):
            raise InvalidInputError(f"annihilation={self.annihilation!r}; allowed: 'dirac', 'self-conjugate'")
        if not (self.distance_kpc > 0 and math.isfinite(self.distance_kpc)):
            raise InvalidInputError(f"distance_kpc={self.distance_kpc!r} must be positive")

    @property
    def k(self) -> float:
        return 4.0 if self.annihilation == "dirac" else 2.0

    def prop(self) -> Propagation:
        return Propagation.preset(self.propagation, self.U_eV_per_cm3)

    def key(self) -> dict:
        return asdict(self)


def _channel_integrals(E, m, kernel: SourceKernel, prop: Propagation, channel: str, fsr: bool,
                       n: int = 32) -> np.ndarray:
    """I_ch(E) = int_{E/m}^1 dx g_ch(x) S(lambda(E, x m)) [GeV^8] for each E < m (0 above)."""
    out = np.zeros_like(E)
    ok = E < m * (1 - 1e-9)
    if not ok.any():
        return out
    Ev = E[ok][:, None]
    xE = Ev / m
    tg, wg = np.polynomial.legendre.leggauss(n)
    t, w = (tg + 1) / 2, wg / 2
    # panel A: x in [xE, xc], variable v = sqrt(x - xE) (lambda^2 grows linearly in x - xE)
    d = kernel.d
    dE_scale = 9 * d * d * prop.b(Ev) / (4 * prop.D(Ev))
    xc = np.minimum(xE + (1 - xE) / 2, xE + dE_scale / m)
    vA = np.sqrt(xc - xE) * t[None, :]
    xA = xE + vA ** 2
    wA = w[None, :] * np.sqrt(xc - xE) * 2 * vA                       # dx = 2 v dv
    SA = kernel(np.sqrt(prop.lambda2(Ev, xA * m)))
    if channel == "e e":
        if not fsr:
            return _line_only(E, m, kernel, prop, ok)
        beta = fsr_beta(m, C.m_e)
        IA = np.sum(wA * structure_function(xA, beta) * SA, axis=1)
        # panel B: x in [xc, 1]; singular part in u = (1 - x)^(beta/2), regular part in x
        umax = (1 - xc) ** (beta / 2)
        u = umax * t[None, :]
        xB = 1 - u ** (2 / beta)
        SB = kernel(np.sqrt(prop.lambda2(Ev, xB * m)))
        sing = (1 + 3 * beta / 8) * np.sum(w[None, :] * umax * SB, axis=1)
        xR = xc + (1 - xc) * t[None, :]
        SR = kernel(np.sqrt(prop.lambda2(Ev, xR * m)))
        reg = -beta / 4 * np.sum(w[None, :] * (1 - xc) * (1 + xR) * SR, axis=1)
        out[ok] = IA + sing + reg
    elif channel == "mu mu":
        xs = np.linspace(0.0, 1.0, 801)
        gs = muon_electron_spectrum(xs, m, fsr=fsr)
        IA = np.sum(wA * np.interp(xA, xs, gs) * SA, axis=1)
        xB = xc + (1 - xc) * t[None, :]
        SB = kernel(np.sqrt(prop.lambda2(Ev, xB * m)))
        IB = np.sum(w[None, :] * (1 - xc) * np.interp(xB, xs, gs) * SB, axis=1)
        out[ok] = IA + IB
    else:
        raise InvalidInputError(f"channel {channel!r} has no e+- spectrum here; implemented: {', '.join(CRE_CHANNELS)}")
    return out


def _line_only(E, m, kernel, prop, ok):
    out = np.zeros_like(E)
    out[ok] = kernel(np.sqrt(prop.lambda2(E[ok], m)))
    return out


@checked(E="posarray", m="pos", sigma_v="nonneg", halo=NFW, settings=SignalSettings, branching=dict,
         kernel=SourceKernel)
def electron_flux(E, m: float, sigma_v: float, halo: NFW, settings: SignalSettings = SignalSettings(),
                  branching: dict | None = None, kernel: SourceKernel | None = None) -> np.ndarray:
    """e+ + e- flux at Earth dPhi/dE [internal units: GeV^-1 x area^-1 x time^-1 x sr^-1] from a subhalo.

    E [GeV] (array), m [GeV], sigma_v [GeV^-2] (the psi psi_bar <sigma v>), ``branching`` the
    annihilation branching ratios by channel (e.g. U(1)_{e-mu} of seed 000: a third each into e e, mu mu
    and neutrinos). Module doc for the formula (seed 000 Sec. III, refs. 17-20).
    """
    if branching is None:
        raise InvalidInputError("branching is required: the annihilation branching ratios by channel, e.g. "
                                "{'e e': 1/3, 'mu mu': 1/3, 'nu nu': 1/3} for U(1)_{e-mu} (seed 000)")
    E = np.atleast_1d(E)
    br = {ch: probability(f"branching[{ch!r}]", v) for ch, v in branching.items()}
    prop = settings.prop()
    kern = kernel or SourceKernel(halo, settings.distance_kpc * units.kpc)
    tot = np.zeros_like(E)
    for ch, b in br.items():
        if ch == "nu nu" or b <= 0:                # neutrinos give no e+-
            continue
        tot += 2 * b * _channel_integrals(E, m, kern, prop, ch, settings.fsr)   # raises for channels without e+-
    return sigma_v / (settings.k * m * m) / prop.b(E) * tot / (4 * math.pi)


def _range_arg(name, value):
    lo, hi = sequence(name, list(value) if isinstance(value, tuple) else value, length=2)
    lo, hi = positive(name, lo), positive(name, hi)
    if not lo < hi:
        raise InvalidInputError(f"{name}={value!r} must be (low, high) with low < high")
    return (lo, hi)


class SignalTemplates:
    """Binned DAMPE signal per channel per unit <sigma v>, on grids of m_psi and M_sub.

    ``table[ch]`` has shape (n_Msub, n_m, n_bins): the migration-weighted bin flux
    [GeV^-1 m^-2 s^-1 sr^-1] for <sigma v> = 1 cm^3/s and branching ratio 1 into ``ch``. Built once per
    settings and grid, cached on disk (:mod:`leptoforce.cache`). :meth:`signal` interpolates linearly in
    ln m and ln M_sub (the grids are fine compared with the 1.5% resolution: the default m step is 0.4%).
    """

    @checked(settings=SignalSettings, m_range_GeV=_range_arg, n_m=lambda n, v: integer(n, v, minimum=2),
             M_sub_range=_range_arg, n_M="int", data=DampeData)
    def __init__(self, settings: SignalSettings = SignalSettings(), m_range_GeV=(400.0, 5500.0), n_m: int = 660,
                 M_sub_range=(1e5, 1e8), n_M: int = 5, data: DampeData | None = None):
        self.settings = settings
        self.data = data or load_dampe2017()
        self.m = np.geomspace(*m_range_GeV, n_m) * units.GeV
        self.M_sub = np.geomspace(*M_sub_range, n_M) * C.M_sun
        key = {"settings": settings.key(), "m": list(m_range_GeV), "n_m": n_m,
               "M_sub": list(M_sub_range), "n_M": n_M, "bins": self.data.E_mean.tolist(), "version": 2}
        arrays = cached_arrays("dampe-templates", key, self._build)
        self.table = {ch: arrays[ch] for ch in CRE_CHANNELS}

    def _build(self) -> dict:
        s = self.settings
        resp = Response(self.data, s.resolution)
        prop = s.prop()
        out = {ch: np.zeros((self.M_sub.size, self.m.size, self.data.E_mean.size)) for ch in CRE_CHANNELS}
        sv1 = units.cm ** 3 / units.s
        for i, M in enumerate(self.M_sub):
            halo = subhalo(M, s.halo)
            kern = SourceKernel(halo, s.distance_kpc * units.kpc)
            for j, m in enumerate(self.m):
                for ch in CRE_CHANNELS:
                    I = _channel_integrals(resp.E, m, kern, prop, ch, s.fsr)
                    flux = sv1 / (s.k * m * m) / prop.b(resp.E) * 2 * I / (4 * math.pi) / FLUX_UNIT
                    out[ch][i, j] = resp.matrix @ flux
        for ch, arr in out.items():
            if np.any(~np.isfinite(arr)) or np.any(arr < 0):
                raise ComputationError(f"DAMPE template {ch} is not finite and non-negative")
        return out

    @checked(m="posarray", sigma_v_cm3s="nonnegarray", M_sub="posarray", branching=dict)
    def signal(self, m, sigma_v_cm3s, M_sub, branching: dict) -> np.ndarray:
        """Binned signal [GeV^-1 m^-2 s^-1 sr^-1], shape (N, n_bins), for arrays m [GeV], <sigma v> [cm^3/s],
        M_sub [GeV] and branching ratios {channel: array or float} (channels without e+- are ignored)."""
        m = np.atleast_1d(m)
        sv = np.broadcast_to(np.asarray(sigma_v_cm3s, float), m.shape)
        Ms = np.broadcast_to(np.asarray(M_sub, float), m.shape)
        for ch, v in branching.items():
            array(f"branching[{ch!r}]", v, nonnegative=True)
        lm, lM = np.log(self.m), np.log(self.M_sub)
        unknown = set(branching) - set(CRE_CHANNELS) - {"nu nu"}
        if unknown:
            raise InvalidInputError(f"channels {sorted(unknown)} have no e+- spectrum here; implemented: "
                                    f"{', '.join(CRE_CHANNELS)} (and 'nu nu', which gives none)")
        if np.any(m < self.m[0]) or np.any(m > self.m[-1]):
            raise OutOfDomainError(f"m_psi outside the template range {self.m[0]:g}-{self.m[-1]:g} GeV")
        if np.any(Ms < self.M_sub[0] * (1 - 1e-9)) or np.any(Ms > self.M_sub[-1] * (1 + 1e-9)):
            raise OutOfDomainError(f"M_sub outside the template range {self.M_sub[0] / C.M_sun:.3g}-"
                                   f"{self.M_sub[-1] / C.M_sun:.3g} Msun")
        fj = np.clip(np.interp(np.log(m), lm, np.arange(lm.size)), 0, lm.size - 1 - 1e-12)
        j = fj.astype(int)
        tj = (fj - j)[:, None]
        if lM.size > 1:
            fi = np.clip(np.interp(np.log(Ms), lM, np.arange(lM.size)), 0, lM.size - 1 - 1e-12)
        else:
            fi = np.zeros_like(m)
        i = fi.astype(int)
        ti = (fi - i)[:, None]
        i1 = np.minimum(i + 1, lM.size - 1)
        out = np.zeros((m.size, self.data.E_mean.size))
        for ch in CRE_CHANNELS:
            b = np.broadcast_to(np.asarray(branching.get(ch, 0.0), float), m.shape)
            if not np.any(b > 0):
                continue
            T = self.table[ch]
            # log-linear in M_sub (the flux is a power of M_sub to good accuracy), linear in ln m
            lo = (1 - tj) * T[i, j] + tj * T[i, j + 1]
            hi = (1 - tj) * T[i1, j] + tj * T[i1, j + 1]
            with np.errstate(divide="ignore"):
                val = np.where((lo > 0) & (hi > 0), np.exp((1 - ti) * np.log(np.maximum(lo, 1e-300))
                                                             + ti * np.log(np.maximum(hi, 1e-300))), (1 - ti) * lo + ti * hi)
            out += b[:, None] * val
        return out * sv[:, None]


class DampeLikelihood:
    """chi^2 of background + signal against DAMPE, with (E_br2, dgamma2) profiled (module doc).

    The other background parameters are fixed at ``background`` (default: our background-only fit,
    which reproduces the seed's). :meth:`chi2` takes signal arrays of shape (N, n_bins) and returns
    the profiled chi^2 (N,) and the profiled (E_br2, dgamma2).
    """

    @checked(data=DampeData, background=BackgroundFit, errors=_ERRORS)
    def __init__(self, data: DampeData | None = None, background: BackgroundFit | None = None,
                 errors: str = "quadrature", exclude=()):
        self.data = data or load_dampe2017()
        self.bkg = background or fit_background(self.data, errors=errors)
        self.keep = self.data.mask(exclude)
        self.E = self.data.E_mean[self.keep]
        self.F = self.data.flux[self.keep]
        self.sig = self.data.sigma(errors)[self.keep]
        p = self.bkg.params
        self.base = p["phi0"] * self.E ** -p["gamma"] * (1 + (_EBR1 / self.E) ** _DELTA) ** (p["dgamma1"] / _DELTA)
        self.p0 = np.array([math.log(p["ebr2"]), p["dgamma2"]])
        self.chi2_bkg_only = float(np.sum(((self._bkg(self.p0[None, :]) - self.F) / self.sig) ** 2))

    def _bkg(self, th):
        lnE = np.log(self.E)[None, :]
        z = np.exp(_DELTA * (lnE - th[:, :1]))
        return self.base[None, :] * (1 + z) ** (th[:, 1:2] / _DELTA)

    def chi2(self, signal, n_iter: int = 25):
        """Profiled chi^2 (N,), and theta (N, 2) = (ln E_br2 [GeV], dgamma2) at the minimum."""
        S = np.atleast_2d(array("signal", signal, nonnegative=True))
        if S.ndim != 2 or S.shape[1] != self.data.E_mean.size:
            raise InvalidInputError(f"signal must have shape (N, {self.data.E_mean.size}) (one row per point, one "
                                    f"column per DAMPE bin), got {S.shape}")
        S = S[:, self.keep]
        N = S.shape[0]
        th = np.repeat(self.p0[None, :], N, axis=0)
        lam = np.full(N, 1e-3)
        lnE = np.log(self.E)[None, :]

        def resid(th_):
            return (self._bkg(th_) + S - self.F) / self.sig, self._bkg(th_)
        r, B = resid(th)
        chi = np.sum(r * r, axis=1)
        for _ in range(n_iter):
            z = np.exp(_DELTA * (lnE - th[:, :1]))
            J0 = B * (-th[:, 1:2] * z / (1 + z)) / self.sig            # d/d ln E_br2
            J1 = B * np.log1p(z) / _DELTA / self.sig                    # d/d dgamma2
            a00, a01, a11 = (J0 * J0).sum(1), (J0 * J1).sum(1), (J1 * J1).sum(1)
            g0, g1 = (J0 * r).sum(1), (J1 * r).sum(1)
            a00d, a11d = a00 * (1 + lam), a11 * (1 + lam)
            det = a00d * a11d - a01 * a01
            det = np.where(np.abs(det) > 0, det, 1e-300)
            d0 = -(a11d * g0 - a01 * g1) / det
            d1 = -(a00d * g1 - a01 * g0) / det
            trial = th + np.stack([d0, d1], axis=1)
            trial[:, 0] = np.clip(trial[:, 0], math.log(200.0), math.log(5000.0))
            trial[:, 1] = np.clip(trial[:, 1], -4.0, 1.0)
            r_t, B_t = resid(trial)
            chi_t = np.sum(r_t * r_t, axis=1)
            better = chi_t < chi
            th = np.where(better[:, None], trial, th)
            r = np.where(better[:, None], r_t, r)
            B = np.where(better[:, None], B_t, B)
            chi = np.where(better, chi_t, chi)
            lam = np.where(better, lam * 0.3, lam * 10)
        if np.any(~np.isfinite(chi)):
            raise ComputationError("DAMPE chi^2 is not finite")
        return chi, th

    @checked(m_GeV="pos", templates=SignalTemplates, branching=dict, M_sub="pos")
    def fit_signal(self, m_GeV: float, templates: "SignalTemplates", branching: dict, M_sub: float):
        """Best <sigma v> [cm^3/s] at fixed m (profile over E_br2, dgamma2); returns (sv, chi2, Delta chi2)."""
        def f(lsv):
            s = templates.signal(np.array([m_GeV * units.GeV]), 10.0 ** lsv, M_sub, branching)
            return float(self.chi2(s)[0][0])
        grid = np.linspace(-28, -21, 71)
        vals = np.array([f(v) for v in grid])
        k = int(np.argmin(vals))
        lo, hi = grid[max(k - 1, 0)], grid[min(k + 1, grid.size - 1)]
        res = optimize.minimize_scalar(f, bounds=(lo, hi), method="bounded", options={"xatol": 1e-5})
        return 10.0 ** res.x, float(res.fun), float(self.chi2_bkg_only - res.fun)

