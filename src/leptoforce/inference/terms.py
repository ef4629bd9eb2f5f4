"""Generic likelihood terms, as -2 ln L (chi^2-like, zero at the best case).

- :func:`gaussian`: ((x - mu)/sigma)^2.
- :func:`upper_limit`: a one-sided limit on a non-negative quantity y quoted at confidence level CL is
  read as a half-normal likelihood centred at 0 whose CL quantile is the limit:
  -2 ln L = (z_CL y / y_lim)^2, z_CL = Phi^-1((1 + CL)/2) (1.96 at 95%, 1.645 at 90%). So the quoted
  limit sits at -2 ln L = z_CL^2 (3.84 at 95%).
- :func:`profile_2d`: the profile likelihood on a 2-D grid from scattered samples (minimum per cell).
"""
from __future__ import annotations

import numpy as np
from scipy import special

from ..errors import InvalidInputError
from ..validate import broadcasting, checked

__all__ = ["gaussian", "upper_limit", "z_of_cl", "profile_2d", "DCHI2_2D"]

#: Delta chi^2 of 68.27% and 95.45% regions for two parameters (Wilks).
DCHI2_2D = {0.68: 2.30, 0.95: 5.99}


def _chi2_arg(name, value):
    """Sample columns: NaN marks a failed point and is skipped; +inf (an excluded point) is allowed."""
    arr = np.asarray(value, dtype=float) if not isinstance(value, str) else None
    if arr is None or arr.ndim != 1:
        raise InvalidInputError(f"{name} must be a 1-d array of numbers")
    return arr


@broadcasting('cl')
@checked(cl="prob_open")
def z_of_cl(cl: float) -> float:
    """Two-sided normal quantile of a one-sided limit at confidence level ``cl`` (half-normal)."""
    return float(special.ndtri((1 + cl) / 2))


@checked(x="realarray", mu="realarray", sigma="posarray")
def gaussian(x, mu, sigma):
    """((x - mu)/sigma)^2 (arrays broadcast)."""
    return ((np.asarray(x, float) - mu) / sigma) ** 2


@checked(y="nonnegarray", y_lim="posarray", cl="prob_open")
def upper_limit(y, y_lim, cl: float = 0.95):
    """-2 ln L of a non-negative y against an upper limit y_lim at confidence ``cl`` (module doc); ``y_lim`` may be
    an array broadcasting with ``y`` (a limit that depends on the point, e.g. on the DM mass)."""
    return (z_of_cl(cl) * y / y_lim) ** 2


@checked(_result="inf_ok", x=_chi2_arg, y=_chi2_arg, chi2=_chi2_arg, x_edges="realarray", y_edges="realarray")
def profile_2d(x, y, chi2, x_edges, y_edges):
    """Minimum chi^2 in each cell of the grid (x_edges, y_edges); +inf where a cell has no sample.

    Returns an array of shape (len(x_edges) - 1, len(y_edges) - 1).
    """
    x, y, chi2 = (np.asarray(a, float) for a in (x, y, chi2))
    if not (x.ndim == y.ndim == chi2.ndim == 1 and x.size == y.size == chi2.size):
        raise InvalidInputError(f"x, y and chi2 must be 1-d arrays of one length, got shapes {x.shape}, {y.shape}, "
                                f"{chi2.shape}")
    x_edges, y_edges = np.atleast_1d(x_edges), np.atleast_1d(y_edges)
    for name, e in (("x_edges", x_edges), ("y_edges", y_edges)):
        if e.ndim != 1 or e.size < 2 or np.any(np.diff(e) <= 0):
            raise InvalidInputError(f"{name} must be an increasing 1-d array of at least two edges")
    ok = np.isfinite(x) & np.isfinite(y) & np.isfinite(chi2)
    ix = np.searchsorted(x_edges, x[ok], side="right") - 1
    iy = np.searchsorted(y_edges, y[ok], side="right") - 1
    nx, ny = len(x_edges) - 1, len(y_edges) - 1
    inside = (ix >= 0) & (ix < nx) & (iy >= 0) & (iy < ny)
    out = np.full(nx * ny, np.inf)
    np.minimum.at(out, ix[inside] * ny + iy[inside], chi2[ok][inside])
    return out.reshape(nx, ny)
