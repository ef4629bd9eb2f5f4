"""Dark-Higgs decays: phi -> Z'Z' and phi -> Z' nu nu_bar (seed 001, appendix C).

Units: masses and widths in GeV internal units; lifetimes in internal units (divide by ``units.s``).
"""
from __future__ import annotations

import math
import warnings

import numpy as np
from scipy import integrate

from ..errors import ComputationError, OutOfDomainError
from ..model.dark_sector import DarkHiggs
from ..model.zprime import ZPrime
from ..settings import DEFAULT, Settings
from .zprime import total_width
from ..validate import broadcasting, checked

__all__ = ["width_zz", "width_z_nunu", "F_three_body", "widths", "lifetime"]


@checked(phi=DarkHiggs, zp=ZPrime)
def width_zz(phi: DarkHiggs, zp: ZPrime) -> float:
    """Gamma(phi -> Z'Z') [GeV], seed 001 eq. (C1):

    g^2 Q_Phi^2 /(32 pi) * sqrt(m_phi^2 - 4 m^2) (m_phi^4 - 4 m_phi^2 m^2 + 12 m^4)/(m_phi^2 m^2).
    Zero below threshold m_phi <= 2 m_Z'.
    """
    mphi, m = phi.mass, zp.mass
    if mphi <= 2 * m:
        return 0.0
    return (zp.g**2 * phi.charge**2 / (32 * math.pi) * math.sqrt(mphi**2 - 4 * m**2)
            * (mphi**4 - 4 * mphi**2 * m**2 + 12 * m**4) / (mphi**2 * m**2))


@broadcasting('r', 'w')
@checked(r="pos", w="nonneg", settings=Settings)
def F_three_body(r: float, w: float = 0.0, settings: Settings = DEFAULT) -> float:
    """F(r) of seed 001 eqs. (C3)-(C5), by numerical double integration (dimensionless).

    F(r) = int_0^{(r-1)^2} dx int_{y-}^{y+} dy [r^2(y-1) - x(y-2) - y(y-1)] / [(x-1)^2 + w^2],
    y_pm = (r^2 - x + 1 pm sqrt(r^4 - 2 r^2 (x+1) + (x-1)^2)) / 2.

    Reconstructed from the extracted text, where the square root and the "- x + 1" of (C4)-(C5)
    were split across lines; x = m_nunu^2/m_Z'^2, w = Gamma_Z'/m_Z' (the Breit-Wigner of the
    off-shell Z'; irrelevant for r < 2 where x < 1). The inner y integral is polynomial and is
    done in closed form; the outer x integral by adaptive quadrature.
    """
    if r <= 1:
        return 0.0
    r2 = r * r

    def inner(x):
        disc = r2 * r2 - 2 * r2 * (x + 1) + (x - 1) ** 2
        if disc <= 0:
            return 0.0
        # The integrand in y is -y^2 + b y + c = -(y - b/2)^2 + h^2 + 2x with b = r^2 - x + 1,
        # h = sqrt(disc)/2 the half-width of [y-, y+]; its integral is (4/3) h^3 + 4 x h
        # (written this way to avoid the cancellation of the antiderivative near x -> 1).
        h = 0.5 * math.sqrt(disc)
        return (4.0 / 3.0 * h**3 + 4.0 * x * h) / ((x - 1) ** 2 + w * w)

    xmax = (r - 1) ** 2
    # Substitute x = xmax (1 - t^2): removes the square-root endpoint behaviour of h at x = xmax
    # and resolves the Z' pole when xmax -> 1 (r -> 2), where break points at t ~ sqrt(w) help.
    def integrand_t(t):
        return inner(xmax * (1 - t * t)) * 2 * xmax * t

    pts = None
    if abs(xmax - 1) < 0.1 and r <= 2:
        t0 = math.sqrt(max(1 - 1 / xmax, 0.0)) if xmax > 1 else 0.0
        pts = sorted({min(0.999, t0 + k * math.sqrt(max(w, 1e-300))) for k in (1, 10, 100, 1000)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", integrate.IntegrationWarning)
        val, err = integrate.quad(integrand_t, 0.0, 1.0, epsabs=settings.quad_atol,
                                  epsrel=max(settings.quad_rtol, 1e-12), limit=4 * settings.quad_limit,
                                  points=pts)
    if not math.isfinite(val) or val < 0 or err > 1e-3 * abs(val):
        raise ComputationError(f"F(r={r}) integration failed (value {val}, error {err})")
    return val


@checked(phi=DarkHiggs, zp=ZPrime, settings=Settings)
def width_z_nunu(phi: DarkHiggs, zp: ZPrime, settings: Settings = DEFAULT) -> float:
    """Gamma(phi -> Z' nu nu_bar) [GeV], seed 001 eq. (C2):

    g^4 Q_Phi^2 m_Z'^4 / (32 pi^3 m_phi^3) F(m_phi/m_Z'), with w = Gamma_Z'/m_Z' in F.
    Used for m_Z' < m_phi < 2 m_Z' (seed 001 app. C). For m_phi >= 2 m_Z' the on-shell part of
    this three-body rate *is* phi -> Z'Z' (eq. C1) followed by Z' -> nu nu; adding both would double
    count, so this function returns 0 there and :func:`widths` uses (C1).
    Normalisation check (tests): equals int ds/pi Gamma(phi -> Z' V*(s)) sqrt(s) Gamma(V* -> nu nu)/
    ((s - m^2)^2 + ...), i.e. (C2) counts both neutrino flavours of L_mu - L_tau.
    """
    r = phi.mass / zp.mass
    if r <= 1 or r > 2:
        return 0.0
    w = total_width(zp, settings) / zp.mass
    return (zp.g**4 * phi.charge**2 * zp.mass**4 / (32 * math.pi**3 * phi.mass**3)
            * F_three_body(r, w, settings))


@checked(phi=DarkHiggs, zp=ZPrime, settings=Settings)
def widths(phi: DarkHiggs, zp: ZPrime, settings: Settings = DEFAULT) -> dict[str, float]:
    """Channel dict {"Z' Z'", "Z' nu nu", "total"} of phi widths [GeV].

    Valid for m_phi >= m_Z' (seed 001 app. C). Near threshold (m_phi -> m_Z') the three-body
    phase space closes and the lifetime grows without bound: at (m_Z', g') = (10 MeV, 5e-4) it
    exceeds 1 s for m_phi below about 1.06 m_Z' (seed 001 says "< 1 s for m_phi > m_Z'"). Below, phi decays to four neutrinos through two
    off-shell Z' (seed 001 sec. II.B), which is not implemented: OutOfDomainError.
    """
    if phi.mass < zp.mass:
        raise OutOfDomainError(
            f"m_phi={phi.mass:g} GeV < m_Z'={zp.mass:g} GeV: phi -> 4 nu via two off-shell Z' is not "
            "implemented (seed 001 app. C covers m_phi >= m_Z')")
    out = {"Z' Z'": width_zz(phi, zp), "Z' nu nu": width_z_nunu(phi, zp, settings)}
    out["total"] = out["Z' Z'"] + out["Z' nu nu"]
    return out


@checked(phi=DarkHiggs, zp=ZPrime, settings=Settings)
def lifetime(phi: DarkHiggs, zp: ZPrime, settings: Settings = DEFAULT) -> float:
    """phi lifetime (internal units; divide by ``units.s``). See :func:`widths` for the domain."""
    tot = widths(phi, zp, settings)["total"]
    if tot <= 0:
        raise ComputationError("phi width is zero")
    return 1.0 / tot


@checked(zp=ZPrime, masses="posarray", charge="real", settings=Settings)
def lifetime_curve(zp: ZPrime, masses: np.ndarray, charge: float = -1.0, settings: Settings = DEFAULT) -> np.ndarray:
    """phi lifetime (internal units) on an array of m_phi [GeV] >= m_Z' (seed 001 Fig. 4 right)."""
    return np.array([lifetime(DarkHiggs(float(m), charge), zp, settings) for m in masses])
