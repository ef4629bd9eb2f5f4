"""Compiled three-bath evolution (numba; plain Python if numba is missing): the equations of
:func:`leptoforce.thermal.neff.neff_three_bath` (seed 001 eqs. 11-15) with an analytic Jacobian, integrated by
the L-stable Rosenbrock pair of Shampine & Reichelt (SIAM J. Sci. Comput. 18 (1997) 1, the ode23s method:
order 2, error estimate of order 3).

The thermodynamic integrals enter as cubic splines in ln x (x = m/T) on a uniform grid, passed as their
polynomial coefficients ``c[k, i]`` (scipy's ``CubicSpline.c`` layout: value = sum_k c[k, i] d^(3-k), d = lx - lx_i).
State y = (T, T', t) against N = ln a; temperatures in GeV, t in GeV^-1. Free of policy: the tolerances, the
tables and the error handling live in :mod:`leptoforce.thermal.neff`.
"""
from __future__ import annotations

import math

import numpy as np

from .._jit import njit

__all__ = ["three_bath_march"]


@njit(cache=True)
def _spline(c, lx0, dlx, n, lx):
    """(value, first, second derivative) in ln x of the spline with coefficients c (uniform knots)."""
    i = int((lx - lx0) / dlx)
    if i < 0:
        i = 0
    elif i > n - 2:
        i = n - 2
    d = lx - (lx0 + i * dlx)
    a3, a2, a1, a0 = c[0, i], c[1, i], c[2, i], c[3, i]
    v = ((a3 * d + a2) * d + a1) * d + a0
    d1 = (3.0 * a3 * d + 2.0 * a2) * d + a1
    d2 = 6.0 * a3 * d + 2.0 * a2
    return v, d1, d2


@njit(cache=True)
def _species(m, T, cs, cr, lx0, dlx, n, s_lo, r_lo):
    """(s, ds/dT, d2s/dT2, rho) of one massive species at temperature T from ln(s/T^3), ln(rho/T^4) splines.

    Beyond the table's upper end (x > 80) the species is Boltzmann-gone (0); below its lower end it is
    ultra-relativistic (s = s_lo T^3, rho = r_lo T^4), as in the Python form of the module."""
    lx = math.log(m / T)
    if lx > lx0 + (n - 1) * dlx:
        return 0.0, 0.0, 0.0, 0.0
    if lx < lx0:
        return s_lo * T ** 3, 3.0 * s_lo * T * T, 6.0 * s_lo * T, r_lo * T ** 4
    S, S1, S2 = _spline(cs, lx0, dlx, n, lx)
    R, _, _ = _spline(cr, lx0, dlx, n, lx)
    f = math.exp(S)
    s = f * T ** 3
    ds = s / T * (3.0 - S1)
    d2s = T * f * ((3.0 - S1) * (2.0 - S1) + S2)
    return s, ds, d2s, math.exp(R) * T ** 4


@njit(cache=True)
def _transfer(m, T, cq, lx0, dlx, n, q_lo):
    """(q, dq/dT) of the heat-transfer density q = exp(Q(ln x)) T^4 (rho_Z' or m n_Z'; 0 beyond the table)."""
    lx = math.log(m / T)
    if lx > lx0 + (n - 1) * dlx:
        return 0.0, 0.0
    if lx < lx0:
        return q_lo * T ** 4, 4.0 * q_lo * T ** 3
    Q, Q1, _ = _spline(cq, lx0, dlx, n, lx)
    q = math.exp(Q) * T ** 4
    return q, q / T * (4.0 - Q1)


@njit(cache=True)
def _rhs_jac(N, T, Tp, par, tab_e, tab_z, tab_q, lx0, dlx, n, lo_vals, want_jac):
    """f = (dT/dN, dT'/dN, dt/dN) and, if ``want_jac``, the Jacobian in (T, T') and df/dN."""
    m_e, m_z, gamma, T_dec, n_free, n_coup, s_gam, r_gam, s_nu1, r_nu1, M = (
        par[0], par[1], par[2], par[3], par[4], par[5], par[6], par[7], par[8], par[9], par[10])
    se, dse, d2se, re = _species(m_e, T, tab_e[0], tab_e[1], lx0, dlx, n, lo_vals[0], lo_vals[1])
    sz, dsz, d2sz, rz = _species(m_z, Tp, tab_z[0], tab_z[1], lx0, dlx, n, lo_vals[2], lo_vals[3])
    s1 = s_gam * T ** 3 + se
    ds1 = 3.0 * s_gam * T * T + dse
    d2s1 = 6.0 * s_gam * T + d2se
    r1 = r_gam * T ** 4 + re
    s3 = 2.0 * n_coup * s_nu1 * Tp ** 3 + sz
    ds3 = 6.0 * n_coup * s_nu1 * Tp * Tp + dsz
    d2s3 = 12.0 * n_coup * s_nu1 * Tp + d2sz
    r3 = 2.0 * n_coup * r_nu1 * Tp ** 4 + rz
    Tnu = T_dec * math.exp(-N)
    rfree = 2.0 * n_free * r_nu1 * Tnu ** 4
    rho = r1 + rfree + r3
    H = math.sqrt(rho / 3.0) / M
    Q = 0.0
    dQ_T = 0.0
    dQ_Tp = 0.0
    if gamma > 0.0:
        qp, dqp = _transfer(m_z, Tp, tab_q, lx0, dlx, n, lo_vals[4])
        qT, dqT = _transfer(m_z, T, tab_q, lx0, dlx, n, lo_vals[4])
        Q = gamma * (qp - qT)
        dQ_T = -gamma * dqT
        dQ_Tp = gamma * dqp
    A1 = Q / (T * H) - 3.0 * s1
    A3 = -Q / (Tp * H) - 3.0 * s3
    f = np.empty(3)
    f[0] = A1 / ds1
    f[1] = A3 / ds3
    f[2] = 1.0 / H
    J = np.zeros((3, 3))
    fN = np.zeros(3)
    if want_jac:
        c = 1.0 / (6.0 * H * M * M)
        dH_T = T * ds1 * c               # d rho/dT = T ds/dT for each bath (zero chemical potential)
        dH_Tp = Tp * ds3 * c
        dH_N = -4.0 * rfree * c
        dA1_T = dQ_T / (T * H) - Q / (T * T * H) - Q / (T * H * H) * dH_T - 3.0 * ds1
        dA1_Tp = dQ_Tp / (T * H) - Q / (T * H * H) * dH_Tp
        dA3_T = -dQ_T / (Tp * H) + Q / (Tp * H * H) * dH_T
        dA3_Tp = -dQ_Tp / (Tp * H) + Q / (Tp * Tp * H) + Q / (Tp * H * H) * dH_Tp - 3.0 * ds3
        J[0, 0] = dA1_T / ds1 - A1 * d2s1 / (ds1 * ds1)
        J[0, 1] = dA1_Tp / ds1
        J[1, 0] = dA3_T / ds3
        J[1, 1] = dA3_Tp / ds3 - A3 * d2s3 / (ds3 * ds3)
        J[2, 0] = -dH_T / (H * H)
        J[2, 1] = -dH_Tp / (H * H)
        fN[0] = -Q / (T * H * H) * dH_N / ds1
        fN[1] = Q / (Tp * H * H) * dH_N / ds3
        fN[2] = -dH_N / (H * H)
    return f, J, fN


@njit(cache=True)
def _solve(W, b, x):
    """x = W^-1 b for W = [[a, b, 0], [c, d, 0], [e, f, 1]] (the t row does not feed back)."""
    det = W[0, 0] * W[1, 1] - W[0, 1] * W[1, 0]
    x[0] = (b[0] * W[1, 1] - W[0, 1] * b[1]) / det
    x[1] = (W[0, 0] * b[1] - W[1, 0] * b[0]) / det
    x[2] = b[2] - W[2, 0] * x[0] - W[2, 1] * x[1]


@njit(cache=True)
def three_bath_march(par, tab_e, tab_z, tab_q, lx0, dlx, n, lo_vals, T_end, N_end, rtol, atol, h0, max_steps):
    """Integrate from N = 0, y = (T_dec, T_dec, 0) until T <= T_end (the last point is interpolated onto
    T = T_end) or N = N_end. Returns (N, Y, count, status, n_rejected): status 0 reached T_end, 1 reached
    N_end first, 2 exceeded max_steps, 3 the step size underflowed (stiffness or a bad table)."""
    d = 1.0 / (2.0 + math.sqrt(2.0))
    e32 = 6.0 + math.sqrt(2.0)
    Ns = np.empty(max_steps + 1)
    Ys = np.empty((max_steps + 1, 3))
    y = np.empty(3)
    y[0] = par[3]
    y[1] = par[3]
    y[2] = 0.0
    N = 0.0
    Ns[0] = N
    for i in range(3):
        Ys[0, i] = y[i]
    k = 0
    h = h0
    rejected = 0
    W = np.empty((3, 3))
    F0 = np.zeros(3)
    F1 = np.zeros(3)
    fN = np.zeros(3)
    b = np.zeros(3)
    k1 = np.zeros(3)
    k2 = np.zeros(3)
    k3 = np.zeros(3)
    ynew = np.zeros(3)
    yst = np.zeros(3)
    while True:
        if k >= max_steps:
            return Ns, Ys, k + 1, 2, rejected
        if N + h > N_end:
            h = N_end - N
        # the three stages of ode23s, through one call site of the right-hand side and with explicit loops over
        # the three components (array expressions would multiply the compile time)
        err = 1e10
        Nst = N
        for i in range(3):
            yst[i] = y[i]
        for st in range(3):
            if yst[0] <= 0.0 or yst[1] <= 0.0:
                break
            F, J, fNst = _rhs_jac(Nst, yst[0], yst[1], par, tab_e, tab_z, tab_q, lx0, dlx, n, lo_vals, st == 0)
            if st == 0:
                for i in range(3):
                    F0[i] = F[i]
                    fN[i] = fNst[i]
                    for j in range(3):
                        W[i, j] = (1.0 if i == j else 0.0) - h * d * J[i, j]
                    b[i] = F0[i] + h * d * fN[i]
                _solve(W, b, k1)
                Nst = N + 0.5 * h
                for i in range(3):
                    yst[i] = y[i] + 0.5 * h * k1[i]
            elif st == 1:
                for i in range(3):
                    F1[i] = F[i]
                    b[i] = F1[i] - k1[i]
                _solve(W, b, k2)
                Nst = N + h
                for i in range(3):
                    k2[i] += k1[i]
                    ynew[i] = y[i] + h * k2[i]
                    yst[i] = ynew[i]
            else:
                for i in range(3):
                    b[i] = F[i] - e32 * (k2[i] - F1[i]) - 2.0 * (k1[i] - F0[i]) + h * d * fN[i]
                _solve(W, b, k3)
                err = 0.0
                for i in range(3):
                    sc = atol[i] + rtol * max(abs(y[i]), abs(ynew[i]))
                    e = abs(h / 6.0 * (k1[i] - 2.0 * k2[i] + k3[i])) / sc
                    if e > err:
                        err = e
        if err <= 1.0:
            N_new = N + h
            k += 1
            if ynew[0] <= T_end:
                # the last step crossed T_end: interpolate (linearly in ln T) onto it
                w = (math.log(y[0]) - math.log(T_end)) / (math.log(y[0]) - math.log(ynew[0]))
                Ns[k] = N + w * h
                for i in range(3):
                    Ys[k, i] = y[i] + w * (ynew[i] - y[i])
                Ys[k, 0] = T_end
                return Ns, Ys, k + 1, 0, rejected
            N = N_new
            for i in range(3):
                y[i] = ynew[i]
            Ns[k] = N
            for i in range(3):
                Ys[k, i] = y[i]
            if N >= N_end:
                return Ns, Ys, k + 1, 1, rejected
            fac = 5.0 if err == 0.0 else min(5.0, 0.8 * err ** (-1.0 / 3.0))
            h = h * fac
        else:
            rejected += 1
            h = h * max(0.2, 0.8 * err ** (-1.0 / 3.0))
            if h < 1e-14:
                return Ns, Ys, k + 1, 3, rejected
