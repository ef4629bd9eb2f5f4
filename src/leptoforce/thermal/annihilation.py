"""Annihilation of a vector-like Dirac fermion psi through an s-channel Z', for any U(1) charges.

psi psi_bar -> Z'* -> f f_bar with L = g q_psi Z'_mu psi_bar gamma^mu psi + Z'_mu f_bar gamma^mu (g_V - g_A gamma5) f
(seed 000 eq. 3). The cross section, summed over final spins and averaged over initial ones, is

    sigma(s) = N_c g^2 q_psi^2 beta_f (s + 2 m_psi^2) [g_V^2 (1 + 2 m_f^2/s) + g_A^2 beta_f^2]
               / (12 pi beta_psi [(s - m_Z'^2)^2 + m_Z'^2 Gamma_Z'^2]),

beta_i = sqrt(1 - 4 m_i^2/s) (the Z' longitudinal part drops out: the psi current is conserved). With
v_rel = 2 beta_psi (so s = 16 m^2/(4 - v^2)) and massless f this is seed 000 eq. 4: sigma v_rel =
c_f q_psi^2 q_f^2 g^4 (s + 2 m^2)/(6 pi [(s - m_Z'^2)^2 + m_Z'^2 Gamma^2]), c_f = 1 for a charged lepton
(g_V = g q_f, g_A = 0) and 1/2 for a left-handed neutrino (g_V = g_A = g q_f/2).

Total width (seed 000 eq. 5, with the fermion masses kept): Gamma = sum_f N_c m_Z' beta_f
[g_V^2 (1 + 2 m_f^2/m_Z'^2) + g_A^2 beta_f^2]/(12 pi) + Theta(m_Z' - 2 m_psi) g^2 q_psi^2 beta_psi
(m_Z'^2 + 2 m_psi^2)/(12 pi m_Z'). The loop-induced kinetic mixing is left out (seed 000 neglects it;
for L_e - L_mu it is ~ e g/(6 pi^2) ln(m_mu/m_e), a 2% correction to the charged-lepton couplings).
Quark channels are included for charges with baryon number (free quarks; meant for m_Z' >> 1 GeV).

All functions are vectorised over numpy arrays (broadcast together). Masses and s in GeV (internal);
cross sections in GeV^-2.
"""
from __future__ import annotations

import math

import numpy as np

from ..errors import ComputationError, InvalidInputError
from ..model.charges import FLAVOURS
from ..model.charges import charges_arg
from ..model.zprime import ZPrime, fermion_mass
from ..validate import checked, integer

__all__ = ["DiracZPrimeAnnihilation"]

_QUARKS = ("u", "d", "s", "c", "b", "t")


class DiracZPrimeAnnihilation:
    """psi psi_bar -> Z'* -> f f_bar for charges ``charges`` (preset name or ChargeAssignment); module doc.

    Channels: 'e e', 'mu mu', 'tau tau', 'nu nu' (all flavours together), 'q q' (quarks, if charged).
    Couplings are stored at unit g; every method takes g and q_psi as arrays.
    """

    @checked(charges=charges_arg)
    def __init__(self, charges="Le-Lmu"):
        zp = ZPrime(mass=1000.0, g=1.0, charges=charges, loop_mixing=False)
        self.charges = zp.charges
        rows = []                      # (channel, m_f, gV^2 + ..., Nc) at unit g
        for f in FLAVOURS:
            gv, ga = zp.couplings(f)
            if gv or ga:
                rows.append((f"{f} {f}", fermion_mass(f), float(gv) ** 2, float(ga) ** 2, 1))
        G = zp.neutrino_couplings()
        nu = float(np.sum(G ** 2)) / 4          # sum over flavour pairs of (G/2)^2 (g_V = g_A = G/2)
        if nu:
            rows.append(("nu nu", 0.0, nu, nu, 1))
        for q in _QUARKS:
            gv, ga = zp.couplings(q)
            if gv or ga:
                rows.append((f"{q} {q}", fermion_mass(q), float(gv) ** 2, float(ga) ** 2, 3))
        if not rows:
            raise InvalidInputError(f"charges {charges!r} couple the Z' to no SM fermion")
        self.channels = rows

    @staticmethod
    def _beta(s, m):
        return np.sqrt(np.clip(1 - 4 * m * m / s, 0.0, None))

    def _fermion_factor(self, s, ch):
        _, mf, gv2, ga2, nc = ch
        b = self._beta(s, mf)
        return nc * b * (gv2 * (1 + 2 * mf * mf / s) + ga2 * b * b) * (s > 4 * mf * mf)

    @checked(m_zp="posarray", g="couplingarray", q_psi="realarray", m_psi="posarray")
    def width(self, m_zp, g, q_psi, m_psi):
        """Total Z' width [GeV] (module doc; seed 000 eq. 5 with masses)."""
        m_zp, g, q_psi, m_psi = (np.asarray(a, float) for a in (m_zp, g, q_psi, m_psi))
        s = m_zp * m_zp
        sm = sum(self._fermion_factor(s, ch) for ch in self.channels)
        bpsi = self._beta(s, m_psi)
        dark = q_psi ** 2 * bpsi * (1 + 2 * m_psi ** 2 / s) * (m_zp > 2 * m_psi)
        return g * g * m_zp * (sm + dark) / (12 * math.pi)

    def _beta_sigma(self, s, m_psi, m_zp, g, q_psi, channel, width):
        """beta_psi sigma(s) [GeV^-2] (finite at threshold), summed over channels or one ``channel``."""
        G = self.width(m_zp, g, q_psi, m_psi) if width is None else np.asarray(width, float)
        chans = self.channels if channel is None else [c for c in self.channels if c[0] == channel]
        if not chans:
            raise InvalidInputError(f"channel={channel!r}; this model has {', '.join(c[0] for c in self.channels)}")
        ff = sum(self._fermion_factor(s, ch) for ch in chans)
        prop = (s - m_zp ** 2) ** 2 + (m_zp * G) ** 2
        return g ** 4 * q_psi ** 2 * (s + 2 * m_psi ** 2) * ff / (12 * math.pi * prop)

    @checked(_result="inf_ok", s="posarray", m_zp="posarray", g="couplingarray", q_psi="realarray", m_psi="posarray", width="nonnegarray")
    def sigma(self, s, m_psi, m_zp, g, q_psi, channel: str | None = None, width=None):
        """sigma(s) [GeV^-2] of psi psi_bar -> f f_bar summed over channels (or one ``channel``)."""
        s, m_psi, m_zp, g, q_psi = (np.asarray(a, float) for a in (s, m_psi, m_zp, g, q_psi))
        bpsi = self._beta(s, m_psi)
        with np.errstate(divide="ignore", invalid="ignore"):
            val = self._beta_sigma(s, m_psi, m_zp, g, q_psi, channel, width) / bpsi
        return np.where(bpsi > 0, val, np.inf)

    @checked(v_rel="posarray", m_zp="posarray", g="couplingarray", q_psi="realarray", m_psi="posarray")
    def sigma_v_rel(self, v_rel, m_psi, m_zp, g, q_psi, channel: str | None = None):
        """sigma v_rel [GeV^-2] at relative velocity v_rel (s = 16 m^2/(4 - v^2); seed 000 eq. 4)."""
        v = np.asarray(v_rel, float)
        if np.any(v >= 2):
            raise InvalidInputError(f"v_rel={v_rel!r} must lie in (0, 2) (units of c)")
        m_psi = np.asarray(m_psi, float)
        s = 16 * m_psi ** 2 / (4 - v * v)
        return self.sigma(s, m_psi, m_zp, g, q_psi, channel) * v

    @checked(m_zp="posarray", g="couplingarray", q_psi="realarray", m_psi="posarray")
    def sigma_v0(self, m_psi, m_zp, g, q_psi, channel: str | None = None):
        """s-wave limit v_rel -> 0 of sigma v_rel [GeV^-2] (the <sigma v> of a cold halo and of the CMB era)."""
        m_psi, m_zp, g, q_psi = (np.asarray(a, float) for a in (m_psi, m_zp, g, q_psi))
        # sigma v_rel = 2 beta_psi sigma at s = 4 m_psi^2 (the 1/beta_psi cancels)
        return 2 * self._beta_sigma(4 * m_psi ** 2, m_psi, m_zp, g, q_psi, channel, None)

    @checked(m_psi="posarray")
    def branching(self, m_psi) -> dict:
        """Annihilation branching ratios at v -> 0 by channel (independent of g, q_psi, m_Z')."""
        s = 4 * np.asarray(m_psi, float) ** 2
        parts = {ch[0]: self._fermion_factor(s, ch) for ch in self.channels}
        tot = sum(parts.values())
        return {k: v / tot for k, v in parts.items()}

    @checked(_result=None, m_zp="posarray", g="couplingarray", q_psi="realarray", m_psi="posarray", n_steps="int", n_nodes="int", n_avg=lambda n, v: integer(n, v, minimum=2), chunk="int")
    def omega_h2(self, m_psi, m_zp, g, q_psi, n_steps: int = 300, n_nodes: int = 64, n_avg: int = 41,
                 chunk: int = 256) -> np.ndarray:
        """Relic Omega h^2 of psi + psi_bar (Dirac, 2 spin states each) by the freeze-out engine.

        Gondolo-Gelmini <sigma v>(x) on fixed nodes (the tables of :func:`.averages.node_tables`, the cross
        section of :meth:`sigma` summed over them in compiled code, :mod:`._annihilation_kernel`) at ``n_avg``
        of the solver's x values (every ~8th step), interpolated linearly in ln <sigma v> to the others
        (it is smooth in ln x: the pole lies below threshold for m_Z' < 2 m_psi and is thermally
        broadened above); then the vectorised BDF2 Boltzmann solver
        (:func:`.freezeout.relic_abundance_batch`, Dirac bookkeeping: Omega counts psi and psi_bar).
        Arrays broadcast; evaluated in chunks of ``chunk`` points. Points never in chemical equilibrium
        (Gamma/H < 10 at the start) get NaN: freeze-out does not apply to them.
        """
        from ._annihilation_kernel import dirac_sigma_v_nodes
        from .averages import node_tables
        from .freezeout import relic_abundance_batch

        m_psi, m_zp, g, q_psi = np.broadcast_arrays(*(np.atleast_1d(np.asarray(a, float)) for a in (m_psi, m_zp, g, q_psi)))
        out = np.empty(m_psi.shape)
        ch = self.channels
        mf, gv2, ga2, nc = (np.array([c[i] for c in ch], float) for i in (1, 2, 3, 4))
        for a in range(0, m_psi.size, chunk):
            sl = slice(a, a + chunk)
            mz, gg, qq = m_zp[sl], g[sl], q_psi[sl]
            Gam = np.asarray(self.width(mz, gg, qq, m_psi[sl]), float)

            def sv(x, m, mz=mz, gg=gg, qq=qq, Gam=Gam, mp=m_psi[sl]):
                rows = np.unique(np.linspace(0, x.shape[0] - 1, n_avg).round().astype(int))
                eps_u, kern_u, pref_u, inv = node_tables(x[rows], n_nodes)
                coarse = dirac_sigma_v_nodes(mp, mz, gg, qq, Gam, mf, gv2, ga2, nc, eps_u, kern_u, pref_u,
                                             np.ascontiguousarray(inv))
                if np.any(~np.isfinite(coarse)) or np.any(coarse <= 0):
                    raise ComputationError("<sigma v> of psi psi_bar -> f f_bar is not finite and positive on the nodes")
                # every column shares the row positions: one set of linear weights for all of them
                idx = np.arange(x.shape[0])
                j = np.clip(np.searchsorted(rows, idx, side="right") - 1, 0, rows.size - 2)
                t = ((idx - rows[j]) / (rows[j + 1] - rows[j]))[:, None]
                lc = np.log(coarse)
                return np.exp((1 - t) * lc[j] + t * lc[j + 1])
            out[sl] = relic_abundance_batch(m_psi[sl], sv, g=2.0, self_conjugate=False, n_steps=n_steps,
                                           not_in_equilibrium="nan").omega_h2
        return out
