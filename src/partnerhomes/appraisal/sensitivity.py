"""Sensitivity of the residual land value: one-way (tornado) and two-way grids, all at once.

Not represented: probabilistic analysis (Monte Carlo belongs to ``risk``), changes to timing other
than build months, and correlated moves. Every scenario of every scheme is one copy of the scheme
stacked along axis 0, so a whole grid for a whole pipeline is one call to ``appraise``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from partnerhomes.appraisal import appraise as appraise_module
from partnerhomes.appraisal.inputs import (
    AFFORDABLE_TENURES,
    MARKET_SALE,
    SchemeInputs,
    valid_positions,
    validate,
)

FloatArray = npt.NDArray[np.float64]

STEPS: tuple[float, ...] = (-0.10, -0.05, 0.0, 0.05, 0.10)
"""Default moves [/1]: −10% to +10% in steps of 5% (the issue's "steps of 5%")."""


def _scale_lines(inputs: SchemeInputs, field: str, factor: FloatArray) -> SchemeInputs:
    value = getattr(inputs, field) * (1.0 + factor[inputs.line_scheme])
    return inputs.replace(**{field: value})


def _build_months(inputs: SchemeInputs, factor: FloatArray) -> SchemeInputs:
    months = np.maximum(np.rint(inputs.phase_build_months * (1.0 + factor[:, np.newaxis])), 1)
    delta = months.astype(np.int64) - inputs.phase_build_months
    return inputs.replace(phase_build_months=months.astype(np.int64),
                          phase_sales_start_month=inputs.phase_sales_start_month + delta)


def _affordable_share(inputs: SchemeInputs, factor: FloatArray) -> SchemeInputs:
    """Affordable homes × (1 + factor), market homes reduced to keep the total (≥ 0)."""
    is_affordable = np.isin(inputs.line_tenure, AFFORDABLE_TENURES)
    is_market = inputs.line_tenure == MARKET_SALE
    n = inputs.n_schemes
    affordable = np.bincount(inputs.line_scheme, np.where(is_affordable, inputs.line_count, 0.0),
                             minlength=n)
    market = np.bincount(inputs.line_scheme, np.where(is_market, inputs.line_count, 0.0),
                         minlength=n)
    moved = np.minimum(affordable * factor, market)
    with np.errstate(divide="ignore", invalid="ignore"):
        affordable_scale = np.where(affordable > 0, 1.0 + moved / affordable, 1.0)
        market_scale = np.where(market > 0, 1.0 - moved / market, 1.0)
    scheme = inputs.line_scheme
    count = inputs.line_count * np.where(is_affordable, affordable_scale[scheme],
                                         np.where(is_market, market_scale[scheme], 1.0))
    return inputs.replace(line_count=count)


VARIABLES: dict[str, Callable[[SchemeInputs, FloatArray], SchemeInputs]] = {
    "sales_values": lambda inputs, f: _scale_lines(inputs, "line_market_value", f),
    "build_costs": lambda inputs, f: _scale_lines(inputs, "line_build_cost_per_m2", f),
    "affordable_share": _affordable_share,
    "interest_rate": lambda inputs, f: inputs.replace(debit_rate=inputs.debit_rate * (1.0 + f)),
    "build_months": _build_months,
}
"""Each variable as a function moving it by a relative factor per scheme [/1]."""


@dataclass(frozen=True)
class Sensitivity:
    """Residual land value [GBP] per scheme and scenario cell.

    One-way: ``residual_land_value`` has shape (S, V, K) for variables × steps.
    Two-way: shape (S, K_a, K_b) for steps of the first × second variable.
    """

    scheme_id: npt.NDArray[np.object_]
    variables: tuple[str, ...]
    steps: tuple[float, ...]
    residual_land_value: FloatArray

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {"variables": list(self.variables), "steps": list(self.steps),
                "scheme_id": [str(i) for i in self.scheme_id],
                "residual_land_value": self.residual_land_value.tolist()}


def _stacked(inputs: SchemeInputs, moves: list[dict[str, float]], **options: Any
             ) -> tuple[SchemeInputs, FloatArray]:
    inputs = inputs.take(valid_positions(inputs, validate(inputs)))
    n, copies = inputs.n_schemes, len(moves)
    stacked = inputs.take(np.tile(np.arange(n), copies))
    for name, move in VARIABLES.items():
        factor = np.repeat([cell.get(name, 0.0) for cell in moves], n).astype(np.float64)
        if np.any(factor != 0):
            stacked = move(stacked, factor)
    results = appraise_module.appraise(stacked, **options)
    rlv: FloatArray = results["residual_land_value"].reshape(copies, n).T
    return inputs, rlv


def one_way(inputs: SchemeInputs, variables: Sequence[str] = tuple(VARIABLES),
            steps: Sequence[float] = STEPS, **options: Any) -> Sensitivity:
    """Tornado: each variable moved by each step with the others held [GBP].

    Examples
    --------
    >>> from partnerhomes.appraisal import examples
    >>> result = one_way(examples.two_schemes(), ["build_costs"], [-0.1, 0.0, 0.1])
    >>> bool(np.all(np.diff(result.residual_land_value, axis=2) < 0))
    True
    """
    moves = [{name: step} for name in variables for step in steps]
    kept, rlv = _stacked(inputs, moves, **options)
    return Sensitivity(kept.scheme_id, tuple(variables), tuple(steps),
                       rlv.reshape(kept.n_schemes, len(variables), len(steps)))


def two_way(inputs: SchemeInputs, first: str = "sales_values", second: str = "build_costs",
            steps: Sequence[float] = STEPS, **options: Any) -> Sensitivity:
    """Grid of two variables, each over ``steps`` [GBP], shape (S, K, K).

    Examples
    --------
    >>> from partnerhomes.appraisal import examples
    >>> grid = two_way(examples.two_schemes())
    >>> grid.residual_land_value.shape
    (2, 5, 5)
    """
    moves = [{first: a, second: b} if first != second else {first: a}
             for a in steps for b in steps]
    kept, rlv = _stacked(inputs, moves, **options)
    return Sensitivity(kept.scheme_id, (first, second), tuple(steps),
                       rlv.reshape(kept.n_schemes, len(steps), len(steps)))
