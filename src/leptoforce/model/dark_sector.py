"""Dark-sector particles of the seed analyses, as immutable validated objects.

- :class:`DiracFermion`: the vector-like Dirac DM psi of seed 000 (U(1)_X charge q_psi).
- :class:`PseudoDiracPair`: the vector-like pair N, N_bar of seed 001 split by a dark-Higgs
  Yukawa into Majorana states N1, N2 (mass matrix eqs. 16-17, couplings eqs. 18-19).
- :class:`MajoranaRHN`: the right-handed neutrino N1 of seed 004 (mass, active mixing).
- :class:`SterileNeutrino`: nu_4 of seed 002 (mass m4, mixing angle with one active flavour).
- :class:`DarkHiggs`: the U(1)_X-breaking scalar phi of seeds 001 and 004.

All masses in GeV internal units, couplings dimensionless.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .. import constants as C
from ..errors import InvalidInputError
from ..validate import boolean, choice, instance
from ..validate import coupling as _coupling
from ..validate import real as _finite
from ..validate import positive as _positive
from .charges import FLAVOURS

__all__ = ["DiracFermion", "PseudoDiracPair", "MajoranaRHN", "SterileNeutrino", "DarkHiggs"]


@dataclass(frozen=True)
class DiracFermion:
    """Vector-like Dirac fermion with U(1)_X charge ``charge`` (seed 000: psi with q_psi).

    Couples as g * charge * Z'_mu psi_bar gamma^mu psi (pure vector, anomaly free).
    """

    mass: float
    charge: float
    name: str = "psi"

    def __post_init__(self) -> None:
        object.__setattr__(self, "mass", _positive("mass", self.mass))
        object.__setattr__(self, "charge", _finite("charge", self.charge))

    def zprime_channels(self, g: float) -> list[tuple[str, float, float, float, float, bool]]:
        """Z' decay channels (label, m1, m2, g_V, g_A, identical): one Dirac pair psi psi_bar."""
        return [(f"{self.name} {self.name}", self.mass, self.mass, g * self.charge, 0.0, False)]


@dataclass(frozen=True)
class PseudoDiracPair:
    """The vector-like pair (N, N_bar) of seed 001 with Majorana mass eigenstates N1, N2.

    Mass matrix (seed 001 eq. 16), in the Weyl basis (N, N_bar):

        M = [[y_N v_Phi/sqrt2, m_N], [m_N, y_Nbar v_Phi/sqrt2]],

    Takagi-diagonalised as U^* M U^dagger = diag(M1, M2), 0 <= M1 <= M2 (eq. 17). The Z' and
    phi couplings of the Majorana states follow eq. (18):

        L > (g Q_N/2) Z'_mu N_i_bar [i Im C_ij + Re C_ij gamma5] gamma^mu N_j,
            C_ij = U_i1 U_j1^* - U_i2 U_j2^*,
        L > -(1/(2 sqrt2)) phi N_i_bar [Re Y_ij - i Im Y_ij gamma5] N_j,
            Y_ij = y_N U_i1^* U_j1^* + y_Nbar U_i2^* U_j2^*.

    (Eq. 18 prints g'/4 for Q_N = 1/2; the charge is kept explicit here.) In the pseudo-Dirac
    limit y_N = y_Nbar = y, m_N >> y v this reproduces eq. (19): N1 = (N - N_bar)/(sqrt2 i),
    M_{1,2} = m_N -+ y v/sqrt2, a purely off-diagonal vector coupling i g Q_N Z' N2_bar gamma N1
    and the Yukawa -(y/2 sqrt2) phi(-N1_bar N1 + N2_bar N2).

    Parameters: m_N, v_Phi [GeV]; y_N, y_Nbar dimensionless; charge Q_N of N (N_bar has -Q_N).
    """

    m_N: float
    y_N: float
    y_Nbar: float
    v_Phi: float
    charge: float = 0.5
    name: str = "N"

    def __post_init__(self) -> None:
        object.__setattr__(self, "m_N", _positive("m_N", self.m_N))
        object.__setattr__(self, "v_Phi", _positive("v_Phi", self.v_Phi))
        object.__setattr__(self, "y_N", _coupling("y_N", self.y_N))
        object.__setattr__(self, "y_Nbar", _coupling("y_Nbar", self.y_Nbar))
        object.__setattr__(self, "charge", _finite("charge", self.charge))

    @classmethod
    def pseudo_dirac(cls, m_N: float, y: float, m_zprime: float, g: float, q_phi: float = -1.0,
                     charge: float = 0.5) -> "PseudoDiracPair":
        """Seed 001's pseudo-Dirac case y_N = y_Nbar = y with v_Phi = m_Z'/(g |Q_Phi|)."""
        return cls(m_N=m_N, y_N=y, y_Nbar=y, v_Phi=m_zprime / (g * abs(q_phi)), charge=charge)

    @property
    def mass_matrix(self) -> np.ndarray:
        """The symmetric 2x2 Majorana mass matrix of eq. (16) [GeV]."""
        a = self.y_N * self.v_Phi / math.sqrt(2)
        b = self.y_Nbar * self.v_Phi / math.sqrt(2)
        return np.array([[a, self.m_N], [self.m_N, b]])

    @cached_property
    def _takagi(self) -> tuple[np.ndarray, np.ndarray]:
        lam, orth = np.linalg.eigh(self.mass_matrix)
        order = np.argsort(np.abs(lam))
        lam, orth = lam[order], orth[:, order]
        phase = np.where(lam >= 0, 1.0 + 0j, 1j)
        u_dag = orth * phase[None, :]
        return np.abs(lam), u_dag.conj().T

    @property
    def masses(self) -> tuple[float, float]:
        """(M1, M2) with 0 <= M1 <= M2 [GeV]."""
        m = self._takagi[0]
        return float(m[0]), float(m[1])

    @property
    def U(self) -> np.ndarray:
        """The unitary matrix of eq. (17): (N1, N2)^T = U (N, N_bar)^T."""
        return self._takagi[1]

    @property
    def delta_M(self) -> float:
        """Mass splitting M2 - M1 [GeV] (= sqrt2 y v_Phi in the pseudo-Dirac case)."""
        m1, m2 = self.masses
        return m2 - m1

    def gauge_matrix(self) -> np.ndarray:
        """C_ij = U_i1 U_j1^* - U_i2 U_j2^* of eq. (18) (complex 2x2)."""
        U = self.U
        return np.outer(U[:, 0], U[:, 0].conj()) - np.outer(U[:, 1], U[:, 1].conj())

    def yukawa_matrix(self) -> np.ndarray:
        """Y_ij = y_N U_i1^* U_j1^* + y_Nbar U_i2^* U_j2^* of eq. (18) (complex symmetric 2x2)."""
        Uc = self.U.conj()
        return self.y_N * np.outer(Uc[:, 0], Uc[:, 0]) + self.y_Nbar * np.outer(Uc[:, 1], Uc[:, 1])

    def zprime_channels(self, g: float) -> list[tuple[str, float, float, float, float, bool]]:
        """Z' decay channels (label, m1, m2, g_V, g_A, identical) to the Majorana states.

        From eq. (18), with the Majorana identities N1_bar g^mu N2 = -N2_bar g^mu N1 and
        N1_bar g^mu g5 N2 = +N2_bar g^mu g5 N1, the (1,2)+(2,1) terms combine into one
        N2_bar gamma^mu (g_V - g_A gamma5) N1 with |g_V| = g Q_N |Im C_21|, |g_A| = g Q_N |Re C_12|
        (distinct particles: Feynman rule as for a Dirac pair). The diagonal terms are
        L = c N_i_bar gamma^mu gamma5 N_i with c = g Q_N Re(C_ii)/2, an identical Majorana pair.
        """
        C_ = self.gauge_matrix()
        m1, m2 = self.masses
        out = []
        for i, mi in ((0, m1), (1, m2)):
            ga = g * self.charge * C_[i, i].real
            out.append((f"{self.name}{i + 1} {self.name}{i + 1}", mi, mi, 0.0, ga / 2.0, True))
        gv12 = g * self.charge * abs(C_[1, 0].imag)
        ga12 = g * self.charge * abs(C_[1, 0].real)
        out.append((f"{self.name}1 {self.name}2", m1, m2, gv12, ga12, False))
        return out


@dataclass(frozen=True)
class MajoranaRHN:
    """A Majorana right-handed neutrino (seed 004's N1): mass and active-sterile mixing.

    ``generation`` picks its U(1)_X charge from the model's ``nu_R`` (index 1-based);
    ``theta2`` = sin^2 theta_1 (dimensionless), the active-sterile mixing.
    """

    mass: float
    theta2: float = 0.0
    generation: int = 1
    name: str = "N1"

    def __post_init__(self) -> None:
        object.__setattr__(self, "mass", _positive("mass", self.mass))
        t = _finite("theta2", self.theta2)
        if not (0 <= t < 1):
            raise InvalidInputError(f"theta2={self.theta2!r} must lie in [0, 1)")
        object.__setattr__(self, "theta2", t)
        if isinstance(self.generation, bool) or self.generation not in (1, 2, 3):
            raise InvalidInputError(f"generation={self.generation!r} must be 1, 2 or 3")

    @classmethod
    def from_yukawas(cls, mass: float, sum_y2: float, **kw) -> "MajoranaRHN":
        """N1 with theta^2 = sum_a |y_a1|^2 v_H^2 / M^2 (seed 004 below eq. 2.8; v_H = 246 GeV)."""
        return cls(mass=mass, theta2=sum_y2 * C.v_H**2 / mass**2, **kw)


@dataclass(frozen=True)
class SterileNeutrino:
    """Sterile neutrino nu_4 of seed 002: mass m4 [GeV] and mixing sin^2(2 theta) with ``flavour``.

    ``majorana`` selects the Majorana (default) or Dirac case of seed 002 eqs. 2.2-2.4.
    """

    m4: float
    sin2_2theta: float
    flavour: str = "mu"
    majorana: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "m4", _positive("m4", self.m4))
        s = _finite("sin2_2theta", self.sin2_2theta)
        if not (0 <= s <= 1):
            raise InvalidInputError(f"sin2_2theta={self.sin2_2theta!r} must lie in [0, 1]")
        object.__setattr__(self, "sin2_2theta", s)
        choice("flavour", self.flavour, FLAVOURS)
        object.__setattr__(self, "majorana", boolean("majorana", self.majorana))

    @property
    def theta(self) -> float:
        """Mixing angle theta (radians)."""
        return 0.5 * math.asin(math.sqrt(self.sin2_2theta))


@dataclass(frozen=True)
class DarkHiggs:
    """The U(1)_X-breaking scalar phi (seed 001 Table I: Q_Phi = -1; seed 004: S).

    The vev follows from the Z' mass: v_Phi = m_Z' / (g |Q_Phi|) (seed 001 below eq. 2).
    """

    mass: float
    charge: float = -1.0
    name: str = "phi"

    def __post_init__(self) -> None:
        object.__setattr__(self, "mass", _positive("mass", self.mass))
        c = _finite("charge", self.charge)
        if c == 0:
            raise InvalidInputError("charge=0: a dark Higgs must be charged under U(1)_X to break it")
        object.__setattr__(self, "charge", c)

    def vev(self, zp) -> float:
        """v_Phi = m_Z'/(g |Q_Phi|) [GeV]."""
        from .zprime import ZPrime
        instance("zp", zp, ZPrime)
        return zp.mass / (zp.g * abs(self.charge))
