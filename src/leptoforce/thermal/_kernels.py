"""Compiled inner loop of the batch freeze-out solver (numba; plain Python if numba is missing).

Free of physics conventions: it marches dW/du = -A(u) (e^W - e^{2 W_eq(u) - W}) with BDF2 on a
uniform grid in u, given the coefficient tables. The equation, its tables and the error policy
live in :func:`leptoforce.thermal.freezeout.relic_abundance_batch`.
"""
from __future__ import annotations

import math

import numpy as np

from .._jit import njit

__all__ = ["bdf2_march", "ppoly3_eval"]


@njit(cache=True, error_model="numpy")
def _newton(rhs_c, coef, a, we2, W):
    """Solve W + coef a (e^W - e^{we2 - W}) = rhs_c (monotone in W). Returns (W, last |step|)."""
    step = 1.0
    for _ in range(30):
        e1 = math.exp(W)
        e2 = math.exp(we2 - W)
        G = W + coef * a * (e1 - e2) - rhs_c
        dG = 1.0 + coef * a * (e1 + e2)
        step = G / dG
        W = W - step
        if abs(step) < 1e-12:
            return W, 0.0
    return W, abs(step)


@njit(cache=True, error_model="numpy")
def bdf2_march(A, Weq, h):
    """BDF2 march of dW/du = -A (e^W - e^{2 Weq - W}) for each column of A, Weq (shape (K+1, N)).

    Starts on equilibrium, W(0) = Weq[0]; the first step is backward Euler, the others BDF2 with
    step h[j] (uniform per column). Each implicit step is solved by Newton's method, starting from
    W_{k-1} where Weq_k lies above it and from min(2 W_{k-1} - W_{k-2}, W_{k-1}) otherwise.
    Returns (W at the last node, shape (N,); the number of steps whose Newton step stayed >= 1e-8).
    """
    K = A.shape[0] - 1
    N = A.shape[1]
    out = np.empty(N)
    fails = 0
    for j in range(N):
        hj = h[j]
        W2 = Weq[0, j]
        W1, st = _newton(W2, hj, A[1, j], 2.0 * Weq[1, j], Weq[1, j])
        if not st < 1e-8:          # also counts a NaN step
            fails += 1
        for k in range(2, K + 1):
            rhs_c = (4.0 * W1 - W2) / 3.0
            weq = Weq[k, j]
            guess = weq if weq > W1 else 2.0 * W1 - W2
            if guess > W1:
                guess = W1
            Wn, st = _newton(rhs_c, 2.0 * hj / 3.0, A[k, j], 2.0 * weq, guess)
            if not st < 1e-8:
                fails += 1
            W2 = W1
            W1 = Wn
        out[j] = W1
    return out, fails


@njit(cache=True, error_model="numpy")
def ppoly3_eval(breaks, c1, c2, c3, x):
    """Three piecewise polynomials on the same breakpoints (the first two of one degree), evaluated at every x
    (scipy's PPoly layout:
    value = sum_k c[k, i] (x - breaks[i])^(K-1-k) on [breaks[i], breaks[i+1]), the last interval closed).
    x must lie inside [breaks[0], breaks[-1]] (the caller checks). Returns an array (3, x.size)."""
    nb = breaks.size
    out = np.empty((3, x.size))
    for j in range(x.size):
        v = x[j]
        lo, hi = 0, nb - 1
        while hi - lo > 1:                   # breaks[lo] <= v < breaks[hi]
            mid = (lo + hi) // 2
            if breaks[mid] <= v:
                lo = mid
            else:
                hi = mid
        d = v - breaks[lo]
        a1 = c1[0, lo]
        a2 = c2[0, lo]
        a3 = c3[0, lo]
        for k in range(1, c1.shape[0]):
            a1 = a1 * d + c1[k, lo]
            a2 = a2 * d + c2[k, lo]
        for k in range(1, c3.shape[0]):
            a3 = a3 * d + c3[k, lo]
        out[0, j] = a1
        out[1, j] = a2
        out[2, j] = a3
    return out
