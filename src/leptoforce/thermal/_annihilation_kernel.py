"""Compiled Gondolo-Gelmini average of psi psi_bar -> Z'* -> f f_bar (numba; plain Python if numba is missing).

The cross section of :mod:`leptoforce.thermal.annihilation` (seed 000 eqs. 3-5 with the fermion masses kept),
evaluated inside the node sum of :func:`leptoforce.thermal.averages.node_tables` for every point of a batch
without numpy temporaries. Masses and s in GeV (internal), cross sections in GeV^-2.
"""
from __future__ import annotations

import math

import numpy as np

from .._jit import njit

__all__ = ["dirac_sigma_v_nodes"]


@njit(cache=True, error_model="numpy")
def dirac_sigma_v_nodes(m, mz, g, q, gam, mf, gv2, ga2, nc, eps_u, kern_u, pref_u, rows_inv):
    """<sigma v> [GeV^-2] at the rows of ``rows_inv`` (shape (R, N): index of each row's x into the tables) for the
    N points (m_psi, m_Z', g, q_psi, Gamma_Z'), channels (m_f, g_V^2, g_A^2, N_c) at unit coupling.

    sigma(s) = N_c g^4 q^2 beta_f (s + 2 m^2) [g_V^2 (1 + 2 m_f^2/s) + g_A^2 beta_f^2]
               / (12 pi beta_psi [(s - m_Z'^2)^2 + m_Z'^2 Gamma^2])   (module doc of thermal.annihilation)."""
    R, N = rows_inv.shape
    n = eps_u.shape[0]
    out = np.empty((R, N))
    for j in range(N):
        m2 = m[j] * m[j]
        mz2 = mz[j] * mz[j]
        mg2 = (mz[j] * gam[j]) ** 2
        coup = g[j] ** 4 * q[j] ** 2 / (12.0 * math.pi)
        for r in range(R):
            u = rows_inv[r, j]
            acc = 0.0
            for k in range(n):
                e = eps_u[k, u]
                s = 4.0 * m2 * (1.0 + e)
                bpsi = math.sqrt(e / (1.0 + e))          # sqrt(1 - 4 m^2/s)
                ff = 0.0
                for c in range(mf.size):
                    t = 4.0 * mf[c] * mf[c] / s
                    if t < 1.0:
                        b = math.sqrt(1.0 - t)
                        ff += nc[c] * b * (gv2[c] * (1.0 + 0.5 * t) + ga2[c] * b * b)
                sig = coup * (s + 2.0 * m2) * ff / (bpsi * ((s - mz2) ** 2 + mg2))
                acc += kern_u[k, u] * sig
            out[r, j] = pref_u[u] * acc
    return out
