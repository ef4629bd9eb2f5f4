"""Compiled inner loops of the partial-wave solver (numba; plain Python if numba is missing).

Kept free of physics conventions: they integrate w'' = -(G0(t) - kappa^2) w on a uniform grid
with Numerov's method and sum Legendre series. The physics and the choice of grids live in
:mod:`leptoforce.sidm.partial_waves`.
"""
from __future__ import annotations

import math

import numpy as np

from .._jit import njit

_BIG = 1e150


@njit(cache=True, error_model="numpy")
def numerov_block(G0, h, t0, kappas, starts, c1s, i_a, i_b):
    """Integrate the regular solution for each kappa and return (w_a, w_b, log-scale difference).

    The equation on the uniform grid t_i = t0 + i h is w'' + (G0_i - kappa^2) w = 0. Each row j
    starts at index ``starts[j]`` with w proportional to e^{kappa t} (1 + c1 x), the regular
    behaviour near the origin (x = e^t), and is rescaled whenever it grows past 1e150. Returned:
    w at the two matching indices i_a < i_b and ln(scale_a / scale_b), so that the true ratio is
    w_a / w_b * exp(lsd).
    """
    n_l = kappas.size
    out = np.empty((n_l, 3))
    h12 = h * h / 12.0
    for j in range(n_l):
        k2 = kappas[j] * kappas[j]
        i0 = starts[j]
        ta = t0 + i0 * h
        x0 = math.exp(ta)
        x1 = math.exp(ta + h)
        w_prev = 1.0 + c1s[j] * x0
        w_cur = math.exp(kappas[j] * h) * (1.0 + c1s[j] * x1)
        f_prev = 1.0 + h12 * (G0[i0] - k2)
        f_cur = 1.0 + h12 * (G0[i0 + 1] - k2)
        lscale = 0.0
        wa = 0.0
        la = 0.0
        for i in range(i0 + 1, i_b):
            f_next = 1.0 + h12 * (G0[i + 1] - k2)
            w_next = ((12.0 - 10.0 * f_cur) * w_cur - f_prev * w_prev) / f_next
            w_prev = w_cur
            w_cur = w_next
            f_prev = f_cur
            f_cur = f_next
            if abs(w_cur) > _BIG:
                w_cur /= _BIG
                w_prev /= _BIG
                lscale += math.log(_BIG)
            if i + 1 == i_a:
                wa = w_cur
                la = lscale
        out[j, 0] = wa
        out[j, 1] = w_cur
        out[j, 2] = la - lscale
    return out


@njit(cache=True, error_model="numpy")
def legendre_amplitudes(c, coef_re, coef_im):
    """Even- and odd-ell parts of sum_l coef_l P_l(c) at the nodes c (complex coefficients).

    Returns an array (4, n_c): Re/Im of the even part, Re/Im of the odd part.
    """
    n_c = c.size
    n_l = coef_re.size
    out = np.zeros((4, n_c))
    for i in range(n_c):
        x = c[i]
        p_prev = 1.0
        p_cur = x
        er = coef_re[0]
        ei = coef_im[0]
        orr = 0.0
        oi = 0.0
        if n_l > 1:
            orr = coef_re[1] * x
            oi = coef_im[1] * x
        for ell in range(1, n_l - 1):
            p_next = ((2 * ell + 1) * x * p_cur - ell * p_prev) / (ell + 1)
            p_prev = p_cur
            p_cur = p_next
            if (ell + 1) % 2 == 0:
                er += coef_re[ell + 1] * p_cur
                ei += coef_im[ell + 1] * p_cur
            else:
                orr += coef_re[ell + 1] * p_cur
                oi += coef_im[ell + 1] * p_cur
        out[0, i] = er
        out[1, i] = ei
        out[2, i] = orr
        out[3, i] = oi
    return out
