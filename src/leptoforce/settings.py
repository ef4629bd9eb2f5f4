"""Numerical tolerances and method choices, as one frozen object recorded in every output.

Use :data:`DEFAULT` or make a variant with :func:`dataclasses.replace`::

    from dataclasses import replace
    from leptoforce.settings import DEFAULT
    precise = replace(DEFAULT, quad_rtol=1e-12)
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

from .errors import InvalidInputError
from .validate import fields, in_range, integer

__all__ = ["Settings", "DEFAULT", "HADRON_METHODS", "G2_DATASETS"]

#: Methods for Z' -> hadrons below the perturbative threshold, see :mod:`leptoforce.decays.hadrons`.
HADRON_METHODS = ("rratio", "seed004", "vmd")
#: Versions of the measured lepton g-2 discrepancies, see :mod:`leptoforce.lab.g2`.
G2_DATASETS = ("seed001-davier2011", "seed001-hagiwara2011", "wp2025")


@dataclass(frozen=True)
class Settings:
    """Numerical settings.

    Attributes
    ----------
    quad_rtol, quad_atol : float
        Relative/absolute tolerance of one-dimensional adaptive quadratures (g-2 integral,
        dark-Higgs three-body integral, loop-mixing Feynman-parameter integral).
    hadron_method : str
        Default method for Z' -> hadrons below ``perturbative_hadron_threshold``:
        ``"rratio"`` (e+e- R ratio rescaled by the flavour charges), ``"seed004"`` (the
        literal Gamma_mumu * R of seed 004 App. A) or ``"vmd"`` (darkcast vector-meson dominance).
    perturbative_hadron_threshold : float
        Z' mass in GeV above which quarks are treated perturbatively (the R-ratio tables are
        only light-quark there anyway).
    g2_dataset : str
        Which measured Delta a_l to compare with (see :mod:`leptoforce.lab.g2`): today's by default
        (the final FNAL average and the 2025 White Paper); each seed's analysis names its own dataset.
    sidm_rtol : float
        Target relative accuracy of partial-wave cross sections (:mod:`leptoforce.sidm`): the
        ell sum stops when the remaining partial waves change the total by less than this, and
        the automatic method choice uses an approximation only where it is this accurate.
    sidm_step : float
        Numerov step of the partial-wave solver in units of the inverse local wave number (the
        step is sidm_step / max sqrt|g|); halving it is the grid-doubling check.
    sidm_l_cap : int
        Largest partial wave the solver will sum before reporting non-convergence.
    sidm_wkb_l : int
        When the partial-wave sum needs more than this many waves (the semi-classical regime), the waves from
        it on use WKB (Langer-corrected) phase shifts, validated against Numerov on the waves just below; set it
        to ``sidm_l_cap`` or more for Numerov everywhere.
    bound_xtol : float
        Absolute tolerance in log10 g of the root finders that locate coupling bounds
        (:mod:`leptoforce.numerics`).
    recast_xtol : float
        Absolute tolerance in log10 of the roots of a limit recast (:func:`leptoforce.experiments.limits.recast_bound`).
    recast_nodes : int
        Nodes of the grids on which a displaced-decay recast brackets its roots.
    relic_atol : float
        Absolute tolerance of the Radau freeze-out integration in W = ln Y
        (:func:`leptoforce.thermal.freezeout.relic_abundance`; its ``rtol`` is an argument).
    relic_nodes : int
        Nodes of the ln x table of the freeze-out coefficients (ln lambda, ln Y_eq) that the Radau
        right-hand side interpolates (accuracy measured in the function's comments).
    """

    quad_rtol: float = 1e-10
    quad_atol: float = 0.0
    quad_limit: int = 200
    hadron_method: str = "rratio"
    perturbative_hadron_threshold: float = 2.0
    g2_dataset: str = "wp2025"
    sidm_rtol: float = 1e-3
    sidm_step: float = 0.1
    sidm_l_cap: int = 20000
    sidm_wkb_l: int = 100
    bound_xtol: float = 1e-8
    recast_xtol: float = 1e-10
    recast_nodes: int = 600
    relic_atol: float = 1e-10
    relic_nodes: int = 4000

    def __post_init__(self) -> None:
        fields(self, "", quad_rtol="real", quad_atol="real", quad_limit=lambda n, v: integer(n, v, minimum=10),
               hadron_method=HADRON_METHODS, perturbative_hadron_threshold="real", g2_dataset=G2_DATASETS,
               sidm_rtol="real", sidm_step="real", sidm_l_cap=lambda n, v: integer(n, v, minimum=10),
               sidm_wkb_l=lambda n, v: integer(n, v, minimum=16),
               bound_xtol="real", recast_xtol=lambda n, v: in_range(n, v, 1e-14, 1e-3),
               recast_nodes=lambda n, v: integer(n, v, minimum=50), relic_atol=lambda n, v: in_range(n, v, 1e-16, 1e-4),
               relic_nodes=lambda n, v: integer(n, v, minimum=200))
        if not (0 < self.quad_rtol < 1):
            raise InvalidInputError(f"quad_rtol={self.quad_rtol!r} must lie in (0, 1)")
        if self.quad_atol < 0:
            raise InvalidInputError(f"quad_atol={self.quad_atol!r} must be >= 0")
        if self.hadron_method not in HADRON_METHODS:
            raise InvalidInputError(
                f"hadron_method={self.hadron_method!r} is unknown; allowed: {', '.join(HADRON_METHODS)}")
        if self.g2_dataset not in G2_DATASETS:
            raise InvalidInputError(
                f"g2_dataset={self.g2_dataset!r} is unknown; allowed: {', '.join(G2_DATASETS)}")
        if not (1.0 <= self.perturbative_hadron_threshold <= 2.0):
            raise InvalidInputError(
                f"perturbative_hadron_threshold={self.perturbative_hadron_threshold!r} GeV must lie "
                "in [1, 2] GeV (the VMD tables end at 2 GeV; QCD is not perturbative below 1 GeV)")

        if not (0 < self.sidm_rtol < 0.1):
            raise InvalidInputError(f"sidm_rtol={self.sidm_rtol!r} must lie in (0, 0.1)")
        if not (0 < self.sidm_step <= 0.3):
            raise InvalidInputError(f"sidm_step={self.sidm_step!r} must lie in (0, 0.3] (Numerov needs h sqrt|g| << 1)")
        if not (0 < self.bound_xtol <= 1e-3):
            raise InvalidInputError(f"bound_xtol={self.bound_xtol!r} must lie in (0, 1e-3] (log10 of the coupling)")
        if int(self.sidm_l_cap) != self.sidm_l_cap or self.sidm_l_cap < 10:
            raise InvalidInputError(f"sidm_l_cap={self.sidm_l_cap!r} must be an integer >= 10")

    def as_dict(self) -> dict:
        """The settings as a plain dict, for recording in outputs."""
        return asdict(self)


DEFAULT = Settings()
