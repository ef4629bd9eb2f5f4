"""U(1)_X charge assignments as data, and the gauge/gravitational anomaly conditions.

A :class:`ChargeAssignment` lists the U(1)_X charge of every Standard-Model chiral family
(per generation: quark doublet Q, right-handed u, d, lepton doublet L, right-handed e),
of any right-handed neutrinos, and of extra chiral (left-handed Weyl) dark fermions.
Vector-like dark fermions (a Dirac psi of charge q) need no entry: they never contribute
to anomalies.

Anomaly conditions (all fields written as left-handed Weyl spinors, right-handed fields
entering as conjugates with charge -X; Y normalised so that Q_em = T3 + Y):

    SU(3)^2 U(1)_X : sum_colored  T(R) d_2 X      = 0
    SU(2)^2 U(1)_X : sum_doublets T(R) d_3 X      = 0
    U(1)_Y^2 U(1)_X: sum d_3 d_2 Y^2 X            = 0
    U(1)_Y U(1)_X^2: sum d_3 d_2 Y X^2            = 0
    U(1)_X^3       : sum d_3 d_2 X^3              = 0
    grav^2 U(1)_X  : sum d_3 d_2 X                = 0

(e.g. Langacker, Rev. Mod. Phys. 81 (2009) 1199, arXiv:0801.1345, sec. 2.6.) An anomalous
set of charges is refused unless declared ``effective=True`` (an effective theory whose
anomalies are cancelled by heavy fields or Wess-Zumino terms the user accepts).

Presets: L_e-L_mu, L_e-L_tau, L_mu-L_tau (seeds 000, 001, 003), B-L with three right-handed
neutrinos (seed 004), the neutrinophilic vector of seed 002 (couplings lambda_ab to
neutrinos only, an effective theory: seed 002 eq. 3.2), and the anomaly-free family
(L_i - L_j) + eps (B-L) via :func:`lepton_flavour_plus_bl`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..errors import InvalidInputError
from ..validate import boolean, choice, real, sequence, suggest

__all__ = ["ChargeAssignment", "preset", "as_charges", "charges_arg", "PRESETS", "lepton_flavour_plus_bl", "neutrinophilic",
           "anomaly_coefficients", "FLAVOURS"]

FLAVOURS = ("e", "mu", "tau")
_ANOMALY_TOL = 1e-10


def _triple(name: str, value) -> tuple[float, float, float]:
    if isinstance(value, (str, bytes)):
        raise InvalidInputError(f"charges {name}={value!r} must be a sequence of 3 numbers (one per generation)")
    try:
        vals = tuple(float(v) for v in value)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(f"charges {name}={value!r} must be a sequence of 3 numbers (one per generation)") from exc
    if len(vals) != 3 or not all(math.isfinite(v) for v in vals):
        raise InvalidInputError(f"charges {name}={value!r} must be 3 finite numbers (one per generation)")
    return vals  # type: ignore[return-value]


@dataclass(frozen=True)
class ChargeAssignment:
    """U(1)_X charges of the Standard-Model fermions, right-handed neutrinos and chiral dark fermions.

    Parameters
    ----------
    name : str
        Label of the model (``"Lmu-Ltau"``, ``"B-L"``, ...).
    Q, u, d, L, e : sequence of 3 floats
        Charges of the quark doublets, right-handed up and down quarks, lepton doublets and
        right-handed charged leptons, per generation (e, mu, tau order for leptons).
    nu_R : sequence of floats
        Charges of right-handed neutrinos (any number, including none).
    dark_weyl : sequence of floats
        Charges of extra left-handed Weyl dark fermions that are *chiral* under U(1)_X
        (vector-like dark fermions never enter the anomaly sums and need no entry).
    nu_matrix : 3x3 nested tuple or None
        Coupling matrix (in units of the gauge coupling g) of the vector to left-handed
        neutrinos, nu_bar_a gamma^mu P_L nu_b. ``None`` means diag(L). Off-diagonal entries
        describe the neutrinophilic vector of seed 002 (eq. 3.2).
    effective : bool
        Declare the model an effective theory: anomalous charges are then accepted.
    """

    name: str
    Q: tuple[float, float, float] = (0.0, 0.0, 0.0)
    u: tuple[float, float, float] = (0.0, 0.0, 0.0)
    d: tuple[float, float, float] = (0.0, 0.0, 0.0)
    L: tuple[float, float, float] = (0.0, 0.0, 0.0)
    e: tuple[float, float, float] = (0.0, 0.0, 0.0)
    nu_R: tuple[float, ...] = ()
    dark_weyl: tuple[float, ...] = ()
    nu_matrix: tuple[tuple[float, float, float], ...] | None = None
    effective: bool = False
    description: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        for fam in ("Q", "u", "d", "L", "e"):
            object.__setattr__(self, fam, _triple(fam, getattr(self, fam)))
        if not isinstance(self.name, str) or not self.name:
            raise InvalidInputError(f"name={self.name!r} must be a non-empty string")
        for fam in ("nu_R", "dark_weyl"):
            raw = getattr(self, fam)
            try:
                vals = tuple(float(v) for v in sequence(fam, list(raw) if isinstance(raw, tuple) else raw))
            except (TypeError, ValueError):
                raise InvalidInputError(f"charges {fam}={raw!r} must be a list of numbers") from None
            if not all(math.isfinite(v) for v in vals):
                raise InvalidInputError(f"charges {fam}={vals!r} must be finite numbers")
            object.__setattr__(self, fam, vals)
        object.__setattr__(self, "effective", boolean("effective", self.effective))
        if self.nu_matrix is not None:
            try:
                mat = np.asarray(self.nu_matrix, dtype=float)
            except (TypeError, ValueError):
                raise InvalidInputError(f"nu_matrix must be a finite 3x3 matrix, got {self.nu_matrix!r}") from None
            if mat.shape != (3, 3) or not np.all(np.isfinite(mat)):
                raise InvalidInputError(f"nu_matrix must be a finite 3x3 matrix, got {self.nu_matrix!r}")
            if not np.allclose(mat, mat.T):
                raise InvalidInputError("nu_matrix must be symmetric (real couplings lambda_ab = lambda_ba)")
            object.__setattr__(self, "nu_matrix", tuple(tuple(float(x) for x in row) for row in mat))
        if not self.effective:
            bad = {k: v for k, v in anomaly_coefficients(self).items() if abs(v) > _ANOMALY_TOL}
            if bad:
                detail = ", ".join(f"{k} = {v:+.6g}" for k, v in bad.items())
                raise InvalidInputError(
                    f"charge assignment {self.name!r} is anomalous ({detail}); add the fermions that "
                    "cancel the anomalies (e.g. right-handed neutrinos via nu_R, or chiral dark fermions via "
                    "dark_weyl), or declare the model an effective theory with effective=True")

    # -- couplings ------------------------------------------------------------------------
    def lepton_LR(self, flavour: str) -> tuple[float, float]:
        """(X_L, X_R) charges of the charged lepton of ``flavour`` ('e', 'mu', 'tau')."""
        i = _flavour_index(flavour)
        return self.L[i], self.e[i]

    def quark_LR(self, quark: str) -> tuple[float, float]:
        """(X_L, X_R) charges of quark ``quark`` in 'u d s c b t'."""
        table = {"u": (0, "u"), "d": (0, "d"), "c": (1, "u"), "s": (1, "d"), "t": (2, "u"), "b": (2, "d")}
        if quark not in table:
            raise InvalidInputError(f"quark={quark!r} is unknown; allowed: u, d, s, c, b, t")
        gen, kind = table[quark]
        return self.Q[gen], (self.u if kind == "u" else self.d)[gen]

    def neutrino_matrix(self) -> np.ndarray:
        """Coupling matrix to left-handed neutrinos in units of g (3x3, flavour basis e, mu, tau)."""
        if self.nu_matrix is not None:
            return np.asarray(self.nu_matrix, dtype=float)
        return np.diag(self.L)

    def is_anomaly_free(self) -> bool:
        """True if every anomaly coefficient vanishes (to 1e-10)."""
        return all(abs(v) <= _ANOMALY_TOL for v in anomaly_coefficients(self).values())


def _flavour_index(flavour: str, name: str = "flavour") -> int:
    return FLAVOURS.index(choice(name, flavour, FLAVOURS))


def _weyl_content(ch: ChargeAssignment) -> list[tuple[int, int, float, float]]:
    """Left-handed Weyl fields as (d_SU3, d_SU2, Y, X)."""
    out: list[tuple[int, int, float, float]] = []
    for i in range(3):
        out += [(3, 2, 1 / 6, ch.Q[i]), (3, 1, -2 / 3, -ch.u[i]), (3, 1, 1 / 3, -ch.d[i]),
                (1, 2, -1 / 2, ch.L[i]), (1, 1, 1.0, -ch.e[i])]
    out += [(1, 1, 0.0, -x) for x in ch.nu_R]
    out += [(1, 1, 0.0, x) for x in ch.dark_weyl]
    return out


def anomaly_coefficients(ch: ChargeAssignment) -> dict[str, float]:
    """The six anomaly coefficients of ``ch`` (all must vanish for a consistent gauge theory).

    Returns a dict with keys ``SU3^2 X``, ``SU2^2 X``, ``Y^2 X``, ``Y X^2``, ``X^3``, ``grav^2 X``.
    Source: standard triangle-anomaly conditions (Langacker, arXiv:0801.1345, sec. 2.6).
    """
    if not isinstance(ch, ChargeAssignment):
        raise InvalidInputError(f"ch must be a ChargeAssignment, got {type(ch).__name__}")
    a = dict.fromkeys(("SU3^2 X", "SU2^2 X", "Y^2 X", "Y X^2", "X^3", "grav^2 X"), 0.0)
    content = _weyl_content(ch)
    if max(abs(x) for *_, x in content) > 1e6:
        raise InvalidInputError(f"charges of {ch.name!r} exceed 1e6 in magnitude: rescale the gauge coupling instead")
    for d3, d2, y, x in content:
        if d3 == 3:
            a["SU3^2 X"] += 0.5 * d2 * x
        if d2 == 2:
            a["SU2^2 X"] += 0.5 * d3 * x
        n = d3 * d2
        a["Y^2 X"] += n * y * y * x
        a["Y X^2"] += n * y * x * x
        a["X^3"] += n * x ** 3
        a["grav^2 X"] += n * x
    return a


def lepton_flavour_plus_bl(i: str, j: str, eps: float = 0.0, n_nu_R: int | None = None) -> ChargeAssignment:
    """The anomaly-free family X = (L_i - L_j) + eps (B - L).

    Right-handed neutrinos: with eps != 0, three nu_R of charge -eps are needed (B-L part);
    their L_i - L_j charges are taken equal to those of the doublets so that Dirac Yukawas are
    allowed. ``n_nu_R`` may be 0 for eps = 0 (pure L_i - L_j is anomaly free without them).
    """
    ii, jj = _flavour_index(i, "i"), _flavour_index(j, "j")
    if ii == jj:
        raise InvalidInputError(f"lepton_flavour_plus_bl needs two different flavours, got i={i!r}, j={j!r}")
    eps = real("eps", eps)
    lep = [0.0, 0.0, 0.0]
    lep[ii], lep[jj] = 1.0, -1.0
    L = tuple(x - eps for x in lep)
    quark = (eps / 3,) * 3
    if n_nu_R is None:
        n_nu_R = 3 if eps != 0.0 else 0
    if isinstance(n_nu_R, bool) or n_nu_R not in (0, 3):
        raise InvalidInputError(f"n_nu_R={n_nu_R!r}: use 0 (only for eps = 0) or 3")
    nu_R = tuple(L) if n_nu_R == 3 else ()
    label = f"L{i}-L{j}" if eps == 0 else f"(L{i}-L{j})+{eps:g}(B-L)"
    desc = f"L_{i} - L_{j}" if eps == 0 else f"(L_{i} - L_{j}) + {eps:g} (B - L)"
    return ChargeAssignment(label, Q=quark, u=quark, d=quark, L=L, e=L, nu_R=nu_R, description=desc)


def neutrinophilic(lam) -> ChargeAssignment:
    """The neutrinophilic vector of seed 002 (eq. 3.2): L = sum_ab lambda_ab nu_bar_a gamma^mu nu_b V_mu.

    ``lam`` is a 3x3 symmetric matrix (or a dict like ``{"mu mu": 1.0}``) of couplings in units
    of the overall coupling ``g`` of the :class:`~leptoforce.model.ZPrime` that carries it.
    Charged leptons and quarks do not couple. The model descends from dimension-6 operators
    (seed 002 eq. 3.1), so it is an effective theory: ``effective=True``.
    """
    if isinstance(lam, dict):
        mat = np.zeros((3, 3))
        for key, val in lam.items():
            parts = key.split()
            if len(parts) != 2:
                raise InvalidInputError(f"neutrinophilic coupling key {key!r} must look like 'mu mu' or 'e tau'")
            a, b = (_flavour_index(p) for p in parts)
            mat[a, b] = mat[b, a] = real(f"lam[{key!r}]", val)
    else:
        try:
            mat = np.asarray(lam, dtype=float)
        except (TypeError, ValueError):
            raise InvalidInputError(f"lam={lam!r} must be a 3x3 matrix or a dict like {{'mu mu': 1.0}}") from None
        if mat.shape != (3, 3):
            raise InvalidInputError(f"lam must be a 3x3 matrix or a dict like {{'mu mu': 1.0}}, got shape {mat.shape}")
    return ChargeAssignment("nuphilic", nu_matrix=tuple(map(tuple, mat)), effective=True,
                            description="neutrinophilic vector (seed 002 eq. 3.2)")


def _bl() -> ChargeAssignment:
    q = (1 / 3,) * 3
    lep = (-1.0,) * 3
    return ChargeAssignment("B-L", Q=q, u=q, d=q, L=lep, e=lep, nu_R=lep,
                            description="B - L with three right-handed neutrinos (seed 004)")


PRESETS = {
    "Le-Lmu": lambda: lepton_flavour_plus_bl("e", "mu"),
    "Le-Ltau": lambda: lepton_flavour_plus_bl("e", "tau"),
    "Lmu-Ltau": lambda: lepton_flavour_plus_bl("mu", "tau"),
    "B-L": _bl,
    "nuphilic-mumu": lambda: neutrinophilic({"mu mu": 1.0}),
}
_ALIASES = {
    "le-lmu": "Le-Lmu", "emu": "Le-Lmu", "u1emu": "Le-Lmu",
    "le-ltau": "Le-Ltau", "etau": "Le-Ltau",
    "lmu-ltau": "Lmu-Ltau", "mutau": "Lmu-Ltau", "l_mu-l_tau": "Lmu-Ltau",
    "b-l": "B-L", "bl": "B-L", "bminusl": "B-L",
    "nuphilic": "nuphilic-mumu", "nuphilic-mumu": "nuphilic-mumu",
}


def preset(name: str) -> ChargeAssignment:
    """The preset charge assignment ``name`` (case-insensitive; e.g. 'Lmu-Ltau', 'B-L', 'Le-Lmu')."""
    return as_charges(name, "name")


def charges_arg(name: str, value) -> ChargeAssignment:
    """Validation role for a ``charges`` parameter (see :func:`leptoforce.validate.checked`)."""
    return as_charges(value, name)


def as_charges(value, param: str = "charges") -> ChargeAssignment:
    """``value`` as a ChargeAssignment: one already, or a preset name; errors name ``param``."""
    if isinstance(value, ChargeAssignment):
        return value
    if not isinstance(value, str):
        raise InvalidInputError(f"{param} must be a preset name or a ChargeAssignment, got {type(value).__name__} "
                                f"{value!r}")
    key = value if value in PRESETS else _ALIASES.get(value.lower().replace(" ", ""))
    if key is None:
        raise InvalidInputError(f"{param}={value!r} is unknown{suggest(value, PRESETS)}; known models: "
                                f"{', '.join(PRESETS)}")
    return PRESETS[key]()
