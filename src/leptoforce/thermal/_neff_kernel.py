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


@njit(cache=True, error_model="numpy")
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


@njit(cache=True, error_model="numpy")
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


@njit(cache=True, error_model="numpy")
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


@njit(cache=True, error_model="numpy")
def _rhs_jac(N, T, Tp, par, cse, cre, csz, crz, tab_q, lx0, dlx, n, lo_vals, want_jac):
    """f = (dT/dN, dT'/dN, dt/dN) and, if ``want_jac``, the Jacobian in (T, T') and df/dN, as one tuple of 12
    numbers: f0, f1, f2, J00, J01, J10, J11, J20, J21, fN0, fN1, fN2 (scalars only: small compiled code)."""
    m_e, m_z, gamma, T_dec, n_free, n_coup, s_gam, r_gam, s_nu1, r_nu1, M = (
        par[0], par[1], par[2], par[3], par[4], par[5], par[6], par[7], par[8], par[9], par[10])
    se, dse, d2se, re = _species(m_e, T, cse, cre, lx0, dlx, n, lo_vals[0], lo_vals[1])
    sz, dsz, d2sz, rz = _species(m_z, Tp, csz, crz, lx0, dlx, n, lo_vals[2], lo_vals[3])
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
    f0 = A1 / ds1
    f1 = A3 / ds3
    f2 = 1.0 / H
    if not want_jac:
        return f0, f1, f2, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0
    c = 1.0 / (6.0 * H * M * M)
    dH_T = T * ds1 * c               # d rho/dT = T ds/dT for each bath (zero chemical potential)
    dH_Tp = Tp * ds3 * c
    dH_N = -4.0 * rfree * c
    dA1_T = dQ_T / (T * H) - Q / (T * T * H) - Q / (T * H * H) * dH_T - 3.0 * ds1
    dA1_Tp = dQ_Tp / (T * H) - Q / (T * H * H) * dH_Tp
    dA3_T = -dQ_T / (Tp * H) + Q / (Tp * H * H) * dH_T
    dA3_Tp = -dQ_Tp / (Tp * H) + Q / (Tp * Tp * H) + Q / (Tp * H * H) * dH_Tp - 3.0 * ds3
    return (f0, f1, f2,
            dA1_T / ds1 - A1 * d2s1 / (ds1 * ds1), dA1_Tp / ds1,
            dA3_T / ds3, dA3_Tp / ds3 - A3 * d2s3 / (ds3 * ds3),
            -dH_T / (H * H), -dH_Tp / (H * H),
            -Q / (T * H * H) * dH_N / ds1, Q / (Tp * H * H) * dH_N / ds3, -dH_N / (H * H))


@njit(cache=True, error_model="numpy")
def three_bath_march(par, cse, cre, csz, crz, tab_q, lx0, dlx, n, lo_vals, T_end, N_end, rtol, atol, h0, max_steps):
    """Integrate from N = 0, y = (T_dec, T_dec, 0) until T <= T_end (the last point is interpolated onto
    T = T_end) or N = N_end. Returns (N, Y, count, status, n_rejected): status 0 reached T_end, 1 reached
    N_end first, 2 exceeded max_steps, 3 the step size underflowed (stiffness or a bad table).

    One ode23s step with W = 1 - h d J, where the t row of J does not feed back (W is block triangular):
    k1 = W^-1 (F0 + h d f_N), k2 = W^-1 (F(y + h k1/2) - k1) + k1, y_new = y + h k2,
    k3 = W^-1 (F(y_new) - e32 (k2 - F1) - 2 (k1 - F0) + h d f_N), error h/6 |k1 - 2 k2 + k3|."""
    d = 1.0 / (2.0 + math.sqrt(2.0))
    e32 = 6.0 + math.sqrt(2.0)
    Ns = np.empty(max_steps + 1)
    Ys = np.empty((max_steps + 1, 3))
    T = par[3]
    Tp = par[3]
    tc = 0.0
    N = 0.0
    Ns[0] = N
    Ys[0, 0] = T
    Ys[0, 1] = Tp
    Ys[0, 2] = tc
    k = 0
    h = h0
    rejected = 0
    while True:
        if k >= max_steps:
            return Ns, Ys, k + 1, 2, rejected
        if N + h > N_end:
            h = N_end - N
        # the three stages through one call site of the right-hand side (one inlined copy: a third of the
        # compile time of three)
        err = 1e10
        hd = h * d
        sN, sT, sTp = N, T, Tp
        F00 = F01 = F02 = fN0 = fN1 = fN2 = 0.0
        w00 = w01 = w10 = w11 = w20 = w21 = det = 0.0
        k10 = k11 = k12 = k20 = k21 = k22 = F10 = F11 = F12 = 0.0
        nT, nTp, nt = T, Tp, tc
        for st in range(3):
            if not (sT > 0.0 and sTp > 0.0):
                break
            r = _rhs_jac(sN, sT, sTp, par, cse, cre, csz, crz, tab_q, lx0, dlx, n, lo_vals, st == 0)
            if st == 0:
                F00, F01, F02 = r[0], r[1], r[2]
                fN0, fN1, fN2 = r[9], r[10], r[11]
                w00, w01, w10, w11 = 1.0 - hd * r[3], -hd * r[4], -hd * r[5], 1.0 - hd * r[6]
                w20, w21 = -hd * r[7], -hd * r[8]
                det = w00 * w11 - w01 * w10
                b0, b1, b2 = F00 + hd * fN0, F01 + hd * fN1, F02 + hd * fN2
                k10 = (b0 * w11 - w01 * b1) / det
                k11 = (w00 * b1 - w10 * b0) / det
                k12 = b2 - w20 * k10 - w21 * k11
                sN, sT, sTp = N + 0.5 * h, T + 0.5 * h * k10, Tp + 0.5 * h * k11
            elif st == 1:
                F10, F11, F12 = r[0], r[1], r[2]
                b0, b1, b2 = F10 - k10, F11 - k11, F12 - k12
                x0 = (b0 * w11 - w01 * b1) / det
                x1 = (w00 * b1 - w10 * b0) / det
                k20, k21, k22 = x0 + k10, x1 + k11, b2 - w20 * x0 - w21 * x1 + k12
                nT, nTp, nt = T + h * k20, Tp + h * k21, tc + h * k22
                sN, sT, sTp = N + h, nT, nTp
            else:
                b0 = r[0] - e32 * (k20 - F10) - 2.0 * (k10 - F00) + hd * fN0
                b1 = r[1] - e32 * (k21 - F11) - 2.0 * (k11 - F01) + hd * fN1
                b2 = r[2] - e32 * (k22 - F12) - 2.0 * (k12 - F02) + hd * fN2
                k30 = (b0 * w11 - w01 * b1) / det
                k31 = (w00 * b1 - w10 * b0) / det
                k32 = b2 - w20 * k30 - w21 * k31
                e0 = abs(h / 6.0 * (k10 - 2.0 * k20 + k30)) / (atol[0] + rtol * max(abs(T), abs(nT)))
                e1 = abs(h / 6.0 * (k11 - 2.0 * k21 + k31)) / (atol[1] + rtol * max(abs(Tp), abs(nTp)))
                e2 = abs(h / 6.0 * (k12 - 2.0 * k22 + k32)) / (atol[2] + rtol * max(abs(tc), abs(nt)))
                err = max(e0, e1, e2)
        if err <= 1.0:
            k += 1
            if nT <= T_end:
                # the last step crossed T_end: interpolate (linearly in ln T) onto it
                w = (math.log(T) - math.log(T_end)) / (math.log(T) - math.log(nT))
                Ns[k] = N + w * h
                Ys[k, 0] = T_end
                Ys[k, 1] = Tp + w * (nTp - Tp)
                Ys[k, 2] = tc + w * (nt - tc)
                return Ns, Ys, k + 1, 0, rejected
            N = N + h
            T, Tp, tc = nT, nTp, nt
            Ns[k] = N
            Ys[k, 0] = T
            Ys[k, 1] = Tp
            Ys[k, 2] = tc
            if N >= N_end:
                return Ns, Ys, k + 1, 1, rejected
            fac = 5.0 if err == 0.0 else min(5.0, 0.8 * err ** (-1.0 / 3.0))
            h = h * fac
        else:
            rejected += 1
            h = h * max(0.2, 0.8 * err ** (-1.0 / 3.0))
            if h < 1e-14:
                return Ns, Ys, k + 1, 3, rejected
