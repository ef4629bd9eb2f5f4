"""Brute-force spin sums by explicit Dirac matrices: an independent check of printed |M|^2 formulae.

f(p1) f_bar(p2) -> V(k1) V(k2) through t- and u-channel fermion exchange, vertex gamma^mu (vector)
or gamma^mu gamma5 (axial), unit coupling, summed over all spins and polarisations with
sum eps eps* = -g (+ k k/M^2 with ``longitudinal=True``). Dirac representation, metric (+,-,-,-).
"""
import numpy as np

_I2, _Z = np.eye(2), np.zeros((2, 2))
_SIG = (np.array([[0, 1], [1, 0]]), np.array([[0, -1j], [1j, 0]]), np.array([[1, 0], [0, -1]]))
G0 = np.block([[_I2, _Z], [_Z, -_I2]]).astype(complex)
GAMMA = [G0] + [np.block([[_Z, s], [-s, _Z]]) for s in _SIG]
G5 = 1j * GAMMA[0] @ GAMMA[1] @ GAMMA[2] @ GAMMA[3]
ETA = np.diag([1.0, -1.0, -1.0, -1.0])
ONE = np.eye(4)


def slash(p):
    return sum(ETA[m, m] * p[m] * GAMMA[m] for m in range(4))


def amp2_ffVV(s: float, cos: float, m: float, M: float, axial: bool = False, longitudinal: bool = False):
    """(sum |M|^2, t, u) for f(m) f_bar -> V(M) V at c.m. energy^2 s and scattering angle cos."""
    E = np.sqrt(s) / 2
    p, k, sn = np.sqrt(E * E - m * m), np.sqrt(E * E - M * M), np.sqrt(1 - cos * cos)
    p1, p2 = np.array([E, 0, 0, p]), np.array([E, 0, 0, -p])
    k1, k2 = np.array([E, k * sn, 0, k * cos]), np.array([E, -k * sn, 0, -k * cos])
    t = (p1 - k1) @ ETA @ (p1 - k1)
    u = (p1 - k2) @ ETA @ (p1 - k2)
    V = [g @ G5 if axial else g for g in GAMMA]
    prop_t = slash(p1 - k1) + m * ONE
    prop_u = slash(p1 - k2) + m * ONE

    def O(a, b):
        return V[b] @ prop_t @ V[a] / (t - m * m) + V[a] @ prop_u @ V[b] / (u - m * m)

    def pol(kk):
        kl = ETA @ kk
        return -ETA + (np.outer(kl, kl) / M**2 if longitudinal else 0.0)

    P1, P2 = pol(k1), pol(k2)
    Os = [[O(a, b) for b in range(4)] for a in range(4)]
    Ob = [[G0 @ Os[a][b].conj().T @ G0 for b in range(4)] for a in range(4)]
    A, B = slash(p2) - m * ONE, slash(p1) + m * ONE
    tot = 0.0
    for a in range(4):
        for b in range(4):
            for r in range(4):
                for q in range(4):
                    w = P1[a, r] * P2[b, q]
                    if w != 0:
                        tot += w * np.trace(A @ Os[a][b] @ B @ Ob[r][q])
    return float(np.real(tot)), float(t), float(u)
