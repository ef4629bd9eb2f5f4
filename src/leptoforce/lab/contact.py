"""Heavy-Z' bounds of seed 000: LEP contact interactions, the ILC projection, loop-induced direct detection.

LEP (seed 000 eq. 7, its ref. 23): four-fermion operators
    L_eff = 4 pi / ((1 + delta) Lambda^2) sum_{i,j = L,R} eta_ij (e_bar_i gamma_mu e_i)(f_bar_j gamma^mu f_j),
delta = 1 for f = e, 0 otherwise. A vector Z' of couplings g Q_e, g Q_f exchanged at s << m_Z'^2 gives
the operators with coefficient g^2 Q_e Q_f / m_Z'^2 per (i, j) (and g^2 Q_e^2/(2 m_Z'^2) for f = e, since
the current is squared). Two conventions are offered:

* ``"seed000"`` (the paper's): m_Z'/g >= Lambda sqrt((1 + delta)/(4 pi)). Lambda = 18 (21.7) TeV for
  e+e- -> e+e- (mu+mu-) gives 7.2 (6.1) TeV, and the ILC reach Lambda = 75 TeV in mu+mu- gives 21 TeV.
* ``"matched"``: matching the operator coefficients literally, the 1/2 of the squared current cancels
  the 1/(1 + delta), so m_Z'/g >= Lambda/sqrt(4 pi) for both channels (5.1 TeV for Bhabha). We note the
  sqrt2 difference for e+e- -> e+e-; the mu mu number, which is the stronger bound, is the same.

Direct detection (seed 000 eqs. 8-9): the loop-induced spin-independent bound of its ref. 26, rescaled
by the authors to PandaX-II and to the LZ reach: g^2 q_psi (M/m_Z')^2 <~ 1 with M = 1170 GeV (current)
and 3058 GeV (LZ). These are the paper's fitted scales, valid for m_Z' ~ O(TeV) and q_e = q_mu = 1.

Masses in GeV internal units; couplings dimensionless.
"""
from __future__ import annotations

import math

from .. import inputs
from ..errors import InvalidInputError
from ..validate import broadcasting, checked

__all__ = ["LEP_LAMBDA", "ILC_LAMBDA", "contact_scale_bound", "lep_bound_m_over_g", "ilc_bound_m_over_g",
           "dd_loop_g_max", "DD_SCALE"]

#: LEP lower limits on Lambda [GeV] quoted by seed 000 (its ref. 23) for e+e- -> e+e-, mu+mu-.
LEP_LAMBDA = {"e e": inputs.value("lep.lambda_ee"), "mu mu": inputs.value("lep.lambda_mumu")}
#: ILC (1000 fb^-1, e+e- -> mu+mu-) reach on Lambda [GeV], seed 000 "ILC sensitivity" (its refs. 38, 41).
ILC_LAMBDA = {"mu mu": inputs.value("ilc.lambda_mumu")}
#: Mass scales of seed 000 eqs. (8) (PandaX-II-rescaled) and (9) (LZ projection) [GeV].
DD_SCALE = {"current": inputs.value("dd_loop.scale_current"), "LZ": inputs.value("dd_loop.scale_lz")}

_CONVENTIONS = ("seed000", "matched")


@broadcasting('Lambda')
@checked(Lambda="pos", channel=("e e", "mu mu", "tau tau"), convention=_CONVENTIONS)
def contact_scale_bound(Lambda: float, channel: str, convention: str = "seed000") -> float:
    """Lower bound on m_Z'/g [GeV] from a contact-interaction limit Lambda [GeV] (module doc, seed 000 eq. 7)."""
    if not (Lambda > 0 and math.isfinite(Lambda)):
        raise InvalidInputError(f"Lambda={Lambda!r} must be finite and > 0 (GeV internal units)")
    if channel not in ("e e", "mu mu", "tau tau"):
        raise InvalidInputError(f"channel={channel!r} is unknown; allowed: 'e e', 'mu mu', 'tau tau'")
    if convention not in _CONVENTIONS:
        raise InvalidInputError(f"convention={convention!r} is unknown; allowed: {', '.join(_CONVENTIONS)}")
    delta = 1.0 if channel == "e e" else 0.0
    if convention == "seed000":
        return Lambda * math.sqrt((1 + delta) / (4 * math.pi))
    return Lambda / math.sqrt(4 * math.pi)


@checked(channel=("e e", "mu mu"), convention=_CONVENTIONS)
def lep_bound_m_over_g(channel: str = "mu mu", convention: str = "seed000") -> float:
    """LEP bound on m_Z'/g [GeV] for U(1)_{e-mu} with |q_e| = |q_mu| = 1 (seed 000: 7.2 TeV ee, 6.1 TeV mu mu)."""
    if channel not in LEP_LAMBDA:
        raise InvalidInputError(f"channel={channel!r} has no LEP limit here; allowed: {', '.join(LEP_LAMBDA)}")
    return contact_scale_bound(LEP_LAMBDA[channel], channel, convention)


@checked(convention=_CONVENTIONS)
def ilc_bound_m_over_g(convention: str = "seed000") -> float:
    """ILC projected bound on m_Z'/g [GeV] from e+e- -> mu+mu- (seed 000: 21 TeV)."""
    return contact_scale_bound(ILC_LAMBDA["mu mu"], "mu mu", convention)


@broadcasting('m_zprime', 'q_psi')
@checked(m_zprime="pos", q_psi="pos", which=("current", "LZ"))
def dd_loop_g_max(m_zprime: float, q_psi: float, which: str = "current") -> float:
    """Largest g_{e mu} allowed by loop-induced direct detection (seed 000 eq. 8, or eq. 9 for ``which="LZ"``).

    g^2 q_psi (M/m_Z')^2 <= 1  =>  g_max = (m_Z'/M) / sqrt(q_psi). m_Z' in GeV, q_psi > 0 dimensionless.
    """
    if which not in DD_SCALE:
        raise InvalidInputError(f"which={which!r} is unknown; allowed: {', '.join(DD_SCALE)}")
    if not (m_zprime > 0 and math.isfinite(m_zprime)):
        raise InvalidInputError(f"m_zprime={m_zprime!r} must be finite and > 0")
    if not (q_psi > 0 and math.isfinite(q_psi)):
        raise InvalidInputError(f"q_psi={q_psi!r} must be finite and > 0")
    return (m_zprime / DD_SCALE[which]) / math.sqrt(q_psi)
