"""Exception hierarchy of leptoforce.

- :class:`InvalidInputError`: the caller asked for something not allowed (negative mass,
  unknown channel, anomalous charges...). Stop and fix the input.
- :class:`OutOfDomainError`: a valid request outside the domain a table or approximation
  covers (no silent extrapolation).
- :class:`ComputationError`: numerical trouble (non-convergence, NaN). A scan records the
  point as failed (log-likelihood ``-inf``) and goes on.
"""
from __future__ import annotations

__all__ = ["LeptoforceError", "InvalidInputError", "OutOfDomainError", "ComputationError"]


class LeptoforceError(Exception):
    """Base class of every error raised by leptoforce."""


class InvalidInputError(LeptoforceError, ValueError):
    """Bad input: the message names the parameter, the value and what is allowed."""


class OutOfDomainError(LeptoforceError, ValueError):
    """A request outside the validity domain of a table or of an approximation."""


class ComputationError(LeptoforceError, ArithmeticError):
    """A numerical procedure failed (no convergence, non-finite result)."""
