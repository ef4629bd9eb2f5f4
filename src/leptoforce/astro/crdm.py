"""Dark matter boosted by cosmic-ray electrons, and its electron recoils in a detector (seed 003 Scenario 2).

Cosmic-ray electrons. The local interstellar electron spectrum (LIS) is the Bischoff et al. parametrisation
(arXiv:1902.10438; formula in ``data/cre/electron_LIS_Bischoff2019_parametrisation.csv``, in
m^-2 s^-1 sr^-1 GeV^-1) below ``T_switch`` = 50 GeV and the AMS-02 electron flux (Aguilar et al., Phys.
Rep. 894 (2021) 1, Table 2; log-log interpolation between bin mean energies) above, where solar modulation
is negligible; the two agree to 2% at 50 GeV. The flux is taken isotropic and homogeneous inside the
region where the boost is counted. Integration range: ``T_e_range`` = (2 MeV, 90 GeV), the range quoted
by seed 003 (its ref. 46); electrons outside it are not counted.

Halo. The Milky Way NFW of :func:`leptoforce.astro.halo.milky_way_nfw` (r_s = 20 kpc,
rho_sun = 0.4 GeV/cm^3 at R_sun = 8.178 kpc). The line-of-sight integral J(b, l) = int dl rho (seed 003,
below eq. 10) runs from the Earth to the boundary of the cosmic-ray region, a cylinder of radius
``R_cr`` = 10 kpc and half-height ``h_cr`` = 1 kpc about the Galactic centre and plane (the seed does not
say; electrons above a GeV lose their energy within about a kpc of the disk). The sky integral
J_tot = int dOmega J(b, l) is reported as an effective distance D_eff = J_tot/(4 pi rho_sun). The boosted
flux is proportional to J_tot, so a best-fit cross section scales as J_tot^-1/2 (effective case).

Boosted flux (seed 003 eq. 10, summed over the sky):

    dPhi_chi/dT_chi = (J_tot/m_chi) int dT_e (dPhi_e/dOmega dT_e) dsigma/dT_chi(T_e, T_chi),

with, for an electron of kinetic energy T_e on DM at rest, the vector-mediator cross section (seed 003
eq. 8 with the roles of e and DM exchanged)

    dsigma/dT_chi = g^4/(4 pi) [2 m_chi (m_e + T_e)^2 - T_chi ((m_e + m_chi)^2 + 2 m_chi T_e) + m_chi T_chi^2]
                    / [(T_e^2 + 2 m_e T_e)(2 m_chi T_chi + m_X^2)^2],        g^2 = g_e g_chi,

or the constant-cross-section replacement sigma/T_chi^max(T_e), with T_chi^max of seed 003 eq. 9 (roles
exchanged). Both are a sum of products of a function of T_chi and a function of T_e, so the T_e integral
reduces to tail integrals of the electron flux weighted by (m_e + T_e)^2 C, C and T_e C, with
C = 1/(T_e^2 + 2 m_e T_e), taken from the kinematic minimum T_e^min(T_chi) (exact, no grid masks).

Detector. The recoil spectrum per target electron is the same construction one level down (seed 003 eq. 8
and eq. 9 as written: DM of kinetic energy T_chi on an electron at rest):

    dR/dT_r = N_e int_{T_chi^min(T_r)} dT_chi dPhi_chi/dT_chi dsigma/dT_r(T_chi, T_r).

The rate scales as g^8 (mediator) or sigma^2 (effective). No attenuation of the DM flux in the Earth or
the atmosphere (the seed neglects it too). Units: internal GeV (cross sections GeV^-2, fluxes
``units.cm**-2 / units.s / units.GeV``), recoil spectra in events/(t yr keV) per tonne of xenon.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from .. import constants as C
from .. import units
from ..data import load_table
from ..errors import InvalidInputError, OutOfDomainError
from ..lab.targets import ATOMS_PER_TONNE, T_GRID_KEV
from .halo import NFW, milky_way_nfw
from ..validate import broadcasting, checked, fields, integer, positive, sequence
from ..numerics import readonly

__all__ = ["electron_lis", "J_los", "J_total", "D_eff", "t_max_target", "t_min_projectile",
           "BoostedDM", "T_SWITCH"]

#: Energy above which the AMS-02 flux replaces the Bischoff LIS [GeV].
T_SWITCH = 50.0 * units.GeV


def _bischoff(T_GeV):
    """Bischoff et al. 2019 electron LIS [m^-2 s^-1 sr^-1 GeV^-1] at kinetic energy T [GeV] (number)."""
    E0 = 0.5110e-3
    b2 = 1 - (E0 / (T_GeV + E0)) ** 2
    return 255.0 / b2 / T_GeV * ((T_GeV + 0.63) / 1.63) ** -2.43 + 6.4 * T_GeV ** 2 * ((T_GeV + 15) / 16) ** -26


@lru_cache(maxsize=None)
def _ams02():
    t = load_table("cre", "ams02_electron_flux_physrep2021.csv")
    return readonly((np.log(t[:, 2]), np.log(t[:, 6])))


@checked(T="posarray")
def electron_lis(T):
    """Cosmic-ray electron flux dPhi/dOmega dT [internal: m^-2 s^-1 sr^-1 GeV^-1 in units] at T [GeV] (module doc).

    Raises above the last AMS-02 bin (1.18 TeV) or for T <= 0 rather than extrapolating.
    """
    T = np.asarray(T, float)
    Tg = T / units.GeV
    lx, ly = _ams02()
    if np.any(Tg <= 0) or np.any(Tg > math.exp(lx[-1])):
        raise OutOfDomainError(f"electron_lis: T must lie in (0, {math.exp(lx[-1]):.0f} GeV], got {Tg.min():.3g}-{Tg.max():.3g} GeV")
    ts = T_SWITCH / units.GeV
    low = _bischoff(np.minimum(Tg, ts))
    high = np.exp(np.interp(np.log(np.maximum(Tg, ts)), lx, ly))
    f = np.where(Tg < ts, low, high)
    return f / (units.m ** 2 * units.s * units.GeV)


def _halo_arg(name, value):
    """A halo: any object with a ``density(r)`` method (an :class:`NFW` or a user's profile)."""
    if not callable(getattr(value, "density", None)):
        raise InvalidInputError(f"{name} must be a halo profile with a density(r) method (e.g. NFW), got "
                                f"{type(value).__name__}")
    return value


def _cylinder_exit(R0: float, dx, dy, dz, R_cyl: float, h: float) -> np.ndarray:
    """Distance from the Sun (x = R0, y = z = 0) to the exit of the cylinder |z| < h, rho < R_cyl along (dx, dy, dz)."""
    a = dx * dx + dy * dy
    bq = R0 * dx
    cq = R0 * R0 - R_cyl * R_cyl
    with np.errstate(divide="ignore", invalid="ignore"):
        s_r = np.where(a > 0, (-bq + np.sqrt(bq * bq - a * cq)) / a, np.inf)
        s_z = np.where(np.abs(dz) > 0, h / np.abs(dz), np.inf)
    return np.minimum(s_r, s_z)


@checked(b="realarray", l="realarray", halo=_halo_arg, R_cr="pos", h_cr="pos", n="int")
def J_los(b, l, halo: NFW | None = None, R_cr: float = 10 * units.kpc, h_cr: float = 1 * units.kpc,
          n: int = 64) -> np.ndarray:
    """Line-of-sight integral J(b, l) = int dl rho_DM [GeV^4 internal, i.e. GeV/cm^2 with units] (module doc).

    ``b``, ``l``: Galactic latitude and longitude [rad] (broadcast); the integral runs to the exit of the
    cosmic-ray cylinder (R_cr, h_cr) [GeV^-1]. Gauss-Legendre in ln(s) with ``n`` nodes from 1e-6 kpc.
    """
    halo = milky_way_nfw() if halo is None else halo
    R0 = C.R_sun_GC
    if not (R_cr > R0 and h_cr > 0):
        raise InvalidInputError(f"need R_cr > R_sun = {R0 / units.kpc:.3f} kpc and h_cr > 0, got "
                                f"{R_cr / units.kpc!r} kpc, {h_cr / units.kpc!r} kpc")
    b, l = np.broadcast_arrays(np.asarray(b, float), np.asarray(l, float))
    dx, dy, dz = -np.cos(b) * np.cos(l), np.cos(b) * np.sin(l), np.sin(b)   # x axis: GC -> Sun
    smax = _cylinder_exit(R0, dx, dy, dz, R_cr, h_cr)
    xg, wg = np.polynomial.legendre.leggauss(n)
    s0 = 1e-6 * units.kpc
    ls = np.log(s0) + (np.log(smax)[..., None] - np.log(s0)) * (xg + 1) / 2
    s = np.exp(ls)
    ws = wg * (np.log(smax)[..., None] - np.log(s0)) / 2 * s
    x = R0 + s * dx[..., None]
    y = s * dy[..., None]
    z = s * dz[..., None]
    r = np.sqrt(x * x + y * y + z * z)
    return np.sum(ws * halo.density(r), axis=-1)


@broadcasting('R_cr', 'h_cr')
@lru_cache(maxsize=16)
@checked(R_cr="pos", h_cr="pos", n_b="int", n_l="int")
def J_total(R_cr: float = 10 * units.kpc, h_cr: float = 1 * units.kpc, n_b: int = 96, n_l: int = 96) -> float:
    """Sky integral J_tot = int dOmega J(b, l) [GeV^4 sr internal] for the Milky Way NFW (module doc).

    Gauss-Legendre in sin(b) with the latitude split at the angles where the line of sight leaves through
    the cylinder's top, and in l (split at 0, pi/2, pi, 3pi/2).
    """
    xb, wb = np.polynomial.legendre.leggauss(n_b)
    xl, wl = np.polynomial.legendre.leggauss(n_l)
    tot = 0.0
    for lo, hi in ((-1.0, -0.05), (-0.05, 0.05), (0.05, 1.0)):
        sb = lo + (hi - lo) * (xb + 1) / 2
        wsb = wb * (hi - lo) / 2
        for k in range(4):
            l = k * math.pi / 2 + math.pi / 4 * (xl + 1)
            wlk = wl * math.pi / 4
            J = J_los(np.arcsin(sb)[:, None], l[None, :], R_cr=R_cr, h_cr=h_cr)
            tot += float(np.sum(wsb[:, None] * wlk[None, :] * J))
    return tot


@broadcasting('R_cr', 'h_cr')
@checked(R_cr="pos", h_cr="pos")
def D_eff(R_cr: float = 10 * units.kpc, h_cr: float = 1 * units.kpc) -> float:
    """Effective distance J_tot/(4 pi rho_sun) [GeV^-1 internal; divide by units.kpc]."""
    return J_total(R_cr, h_cr) / (4 * math.pi * C.rho_DM_local)


@checked(T_proj="nonnegarray", m_proj="pos", m_target="pos")
def t_max_target(T_proj, m_proj: float, m_target: float):
    """Largest kinetic energy [GeV] given to a target at rest by a projectile of kinetic energy T [GeV] (seed 003 eq. 9)."""
    T = np.asarray(T_proj, float)
    return 2 * m_target * (T * T + 2 * m_proj * T) / ((m_proj + m_target) ** 2 + 2 * m_target * T)


@checked(T_target="nonnegarray", m_proj="pos", m_target="pos")
def t_min_projectile(T_target, m_proj: float, m_target: float):
    """Smallest projectile kinetic energy [GeV] that can give a target at rest kinetic energy T [GeV] (inverse of eq. 9)."""
    T = np.asarray(T_target, float)
    a = T / 2 - m_proj
    return a + np.sqrt(a * a + T * (m_proj + m_target) ** 2 / (2 * m_target))


def _log_tails(x, f):
    """Tail integrals int_x^{x_max} f dx on a log grid (trapezoid in ln x), same shape as f (last axis)."""
    g = f * x
    seg = 0.5 * (g[..., 1:] + g[..., :-1]) * np.diff(np.log(x))
    out = np.zeros_like(f)
    out[..., :-1] = np.cumsum(seg[..., ::-1], axis=-1)[..., ::-1]
    return out


def _interp_tail(xq, x, tails):
    """Tail integral at xq (log-linear interpolation; zero beyond the grid's end)."""
    return np.interp(np.log(xq), np.log(x), tails, right=0.0)


@dataclass
class BoostedDM:
    """Cosmic-ray-electron-boosted DM flux and its electron-recoil spectrum (module doc).

    Construct once (tail integrals of the electron flux); :meth:`flux` and :meth:`recoil_spectrum` then
    take (m_chi, m_X) or (m_chi, sigma) in GeV / GeV^-2. ``T_r_keV`` is the true recoil grid [keV];
    ``n_e_per_tonne`` the target electrons per tonne (default: 26 per xenon atom, seed 003).
    """

    T_r_keV: np.ndarray = field(default_factory=lambda: T_GRID_KEV.copy())
    n_e_per_tonne: float | None = None
    T_e_range: tuple[float, float] = (2 * units.MeV, 90 * units.GeV)
    R_cr: float = 10 * units.kpc
    h_cr: float = 1 * units.kpc
    n_Te: int = 1200
    n_Tchi: int = 1100

    def __post_init__(self):
        fields(self, "BoostedDM.", T_r_keV="posarray", n_e_per_tonne="pos", R_cr="pos", h_cr="pos",
               n_Te=lambda n, v: integer(n, v, minimum=10), n_Tchi=lambda n, v: integer(n, v, minimum=10))
        self.T_e_range = sequence("BoostedDM.T_e_range", list(self.T_e_range), length=2)
        lo, hi = (positive("BoostedDM.T_e_range", x) for x in self.T_e_range)
        if not (0 < lo < hi):
            raise InvalidInputError(f"T_e_range={self.T_e_range!r} must satisfy 0 < lo < hi (GeV)")
        if self.n_e_per_tonne is None:
            self.n_e_per_tonne = 26.0 * ATOMS_PER_TONNE
        Te = np.geomspace(lo, hi, self.n_Te)
        phi = electron_lis(Te)
        Cc = 1.0 / (Te * Te + 2 * C.m_e * Te)
        self._Te = Te
        self._tA = _log_tails(Te, phi * (C.m_e + Te) ** 2 * Cc)
        self._tC = _log_tails(Te, phi * Cc)
        self._tTC = _log_tails(Te, phi * Te * Cc)
        self._J = J_total(self.R_cr, self.h_cr)
        self._Tr = np.asarray(self.T_r_keV, float) * units.keV
        self._Tchi = np.geomspace(1e-3 * units.keV, hi, self.n_Tchi)
        self._conv = self.n_e_per_tonne * units.year * units.keV

    # -- step 1: the boosted flux ---------------------------------------------------------------
    def _flux_parts(self, m_chi: float):
        """(F0, F1, F2) on the T_chi grid: dPhi/dT_chi = (J/m) [2 m F0 - T F1 + m T^2 F2] g^4/(4 pi)/(2 m T + m_X^2)^2
        for the mediator, and (J/m) sigma F1/(2 m) for a constant sigma (module doc)."""
        tmin = np.maximum(t_min_projectile(self._Tchi, C.m_e, m_chi), self._Te[0])
        F0 = _interp_tail(tmin, self._Te, self._tA)
        F2 = _interp_tail(tmin, self._Te, self._tC)
        TC = _interp_tail(tmin, self._Te, self._tTC)
        return F0, (C.m_e + m_chi) ** 2 * F2 + 2 * m_chi * TC, F2

    @checked(m_chi="pos", m_X="pos", g="gpos", sigma="nonneg")
    def flux(self, m_chi: float, m_X: float | None = None, g: float = 1.0, sigma: float | None = None) -> np.ndarray:
        """dPhi_chi/dT_chi [internal] on :attr:`T_chi` for the mediator (m_X, g = sqrt(g_e g_chi)) or a constant ``sigma`` [GeV^-2]."""
        T = self._Tchi
        F0, F1, F2 = self._flux_parts(m_chi)
        if sigma is not None:
            # sigma / T_chi^max(T_e) = sigma [(m_e + m)^2 C + 2 m T_e C]/(2 m)
            return self._J / m_chi * sigma * F1 / (2 * m_chi)
        if m_X is None:
            raise InvalidInputError("give m_X (the mediator mass, GeV) or sigma (a constant cross section)")
        num = 2 * m_chi * F0 - T * F1 + m_chi * T * T * F2
        return self._J / m_chi * g ** 4 / (4 * math.pi) * np.maximum(num, 0.0) / (2 * m_chi * T + m_X ** 2) ** 2

    @property
    def T_chi(self) -> np.ndarray:
        return self._Tchi

    # -- step 2: recoils -----------------------------------------------------------------------
    @checked(m_chi="pos", m_X="pos", g="gpos", sigma="nonneg")
    def recoil_spectrum(self, m_chi: float, m_X: float | None = None, g: float = 1.0,
                        sigma: float | None = None) -> np.ndarray:
        """dR/dT_r [events/(t yr keV)] on ``T_r_keV`` (true recoil energy; module doc)."""
        phi = self.flux(m_chi, m_X, g, sigma)
        T = self._Tchi
        Cp = 1.0 / (T * T + 2 * m_chi * T)
        tmin = t_min_projectile(self._Tr, m_chi, C.m_e)
        te_needed = float(t_min_projectile(np.min(tmin), C.m_e, m_chi))
        if te_needed > self.T_e_range[1]:
            raise OutOfDomainError(
                f"m_chi={m_chi:g} GeV: recoils above {np.min(self._Tr) / units.keV:g} keV need cosmic-ray electrons above "
                f"{te_needed:.3g} GeV, beyond the tabulated T_e_range up to {self.T_e_range[1]:g} GeV (no extrapolation)")
        if sigma is not None:
            # sigma / T_r^max(T_chi) = sigma [(m_e + m)^2 C' + 2 m_e T_chi C']/(2 m_e)
            w = phi * ((C.m_e + m_chi) ** 2 * Cp + 2 * C.m_e * T * Cp) / (2 * C.m_e)
            rate = sigma * _interp_tail(tmin, T, _log_tails(T, w))
        else:
            tA = _log_tails(T, phi * (m_chi + T) ** 2 * Cp)
            tC = _log_tails(T, phi * Cp)
            tTC = _log_tails(T, phi * T * Cp)
            a = _interp_tail(tmin, T, tA)
            c = _interp_tail(tmin, T, tC)
            tc = _interp_tail(tmin, T, tTC)
            Tr = self._Tr
            num = 2 * C.m_e * a - Tr * ((C.m_e + m_chi) ** 2 * c + 2 * C.m_e * tc) + C.m_e * Tr * Tr * c
            rate = g ** 4 / (4 * math.pi) * np.maximum(num, 0.0) / (2 * C.m_e * Tr + m_X ** 2) ** 2
        return rate * self._conv


def _check_mass(name, m):
    if m is None or not (np.isfinite(m) and m > 0):
        raise InvalidInputError(f"{name}={m!r} must be finite and > 0 (GeV)")
