"""A plan of one scenario made from a plan of another: a first solution for the uplift's solves.

The pooled partnership's plan is usually close to a good plan of a scenario with fewer
mechanisms, but it breaks some of that scenario's rows (land it may not use, a council's share
of grant, a pool per council). :func:`repair` drops the options the scenario does not allow, then
drops chosen options one at a time, each time the one that removes the most scaled violation of
the broken rows per unit of objective given up, until every row holds (or no drop helps). The
result is checked against every row and bound of the scenario's model before it is returned, so
it is a valid first solution however the greedy choice went.

Not represented: adding options back or raising a pooled option's grant (only drops; HiGHS
improves the plan from there), and the pools' scale-saving columns in the choice of drop (they
are recomputed exactly after each drop by :meth:`MilpArrays.solution`).
"""

from __future__ import annotations

import time

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from partnerhomes.programme.model import UNIT, MilpArrays
from partnerhomes.programme.search import ROW_TOLERANCE, satisfies

FloatArray = npt.NDArray[np.float64]


def _violation(activity: FloatArray, lower: FloatArray, upper: FloatArray) -> FloatArray:
    result: FloatArray = np.maximum(activity - upper, 0.0) + np.maximum(lower - activity, 0.0)
    return result


def repair(model: MilpArrays, x: FloatArray, grant: FloatArray, *, seconds: float = 10.0
           ) -> tuple[FloatArray, FloatArray] | None:
    """A choice of options (0/1) and per-option grant [GBP] that satisfy ``model``, made from
    the plan ``x``, ``grant`` of another scenario by dropping options (module doc); None if no
    drop helps any more or ``seconds`` run out."""
    began = time.perf_counter()
    n = model.n_options
    chosen_x = np.where(model.col_upper[:n] >= 0.5, np.round(x[:n]), 0.0)
    chosen_grant = np.where(chosen_x > 0.5, grant, 0.0)
    csc = sp.csc_matrix(model.matrix)
    bound = np.where(np.isfinite(model.row_upper), model.row_upper, model.row_lower)
    scale = np.maximum(1.0, np.abs(bound))
    tolerance = ROW_TOLERANCE * scale
    pooled = model.grant_group >= 0
    loss_per = np.abs(model.cost[:n]) + 1e-9
    while time.perf_counter() - began < seconds:
        values = model.solution(chosen_x, chosen_grant)
        activity = model.matrix @ values
        violation = _violation(activity, model.row_lower, model.row_upper)
        if np.all(violation <= tolerance):
            return (chosen_x, chosen_grant) if satisfies(model, values) else None
        chosen = np.nonzero(chosen_x > 0.5)[0]
        if not chosen.size:
            return None
        # what dropping each chosen option takes off every row: its x column and its grant
        delta = csc[:, chosen]
        has = pooled[chosen]
        if has.any():
            columns = model.grant_offset + model.grant_group[chosen[has]]
            weights = sp.diags(chosen_grant[chosen[has]] / UNIT)
            pick = sp.csr_matrix((np.ones(int(has.sum())), (np.arange(int(has.sum())),
                                                            np.nonzero(has)[0])),
                                 shape=(int(has.sum()), chosen.size))
            delta = delta + csc[:, columns] @ weights @ pick
        coo = sp.coo_matrix(delta)
        after = _violation(activity[coo.row] - coo.data, model.row_lower[coo.row],
                           model.row_upper[coo.row])
        gain = np.bincount(coo.col, weights=(violation[coo.row] - after) / scale[coo.row],
                           minlength=chosen.size)
        best = int(np.argmax(gain / loss_per[chosen]))
        if gain[best] <= 0:
            return None
        chosen_x[chosen[best]] = 0.0
        chosen_grant[chosen[best]] = 0.0
    return None
