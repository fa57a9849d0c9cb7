"""LP-guided solving of large programmes: relaxation, a first plan, reduced-cost fixing.

HiGHS's root node spends minutes on 10⁵ options: its randomised-rounding heuristic propagates
every fixing through the long yearly resource rows (each holds thousands of options), and
there is no option to switch it off. This module keeps HiGHS away from the full model's root:

1. Solve the LP relaxation (dual simplex, a few seconds). Its value is a valid bound.
2. A first plan: free the ``NEIGHBOURHOODS`` options nearest to the LP's choice (fractional,
   then smallest reduced cost in size) and the options the LP uses on their sites, keep every
   other option as the LP chose it, and solve that smaller MILP (a relaxation-induced
   neighbourhood); widen it once if the plan is not within the gap and at least twice the time
   the first took is left (HiGHS's root can overrun its limit several times over). If no plan
   is found, give up (the caller solves the whole model as before).
3. If the plan is within the gap of the LP bound, stop: the gap is proved by the LP bound.
4. Otherwise fix by reduced cost: an option at 0 in the LP whose reduced cost exceeds the gap
   between the plan and the LP bound cannot be in any better plan (likewise at 1), so the rest
   is solved exactly by HiGHS from the first plan (when few enough options are left; else the
   plan is returned with the LP bound and its gap). A better plan than the first lies in the
   restricted model, so its bound is a bound of the whole problem.

Every step is exact apart from the stopping gap: the reported bound is a true bound and the
plan satisfies every row of the full model (checked on the full matrix before it is returned).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

import highspy
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from partnerhomes.programme.model import MilpArrays

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
HighsFactory = Callable[[MilpArrays, float, float, int | None], highspy.Highs]

INTEGRAL = 1e-6  # LP values this close to 0 or 1 count as integral
ROW_TOLERANCE = 1e-6  # relative; a plan breaking a row by more is rejected
NEIGHBOURHOODS = (3_000, 9_000)  # options nearest to the LP's choice freed, in turn
MOST_LEFT = 20_000  # most options left free after reduced-cost fixing for HiGHS to finish
SAFETY = 1e-7  # relative margin on reduced-cost fixing


@dataclasses.dataclass(frozen=True)
class Guided:
    """The result of :func:`guided_solve`, in the minimising arrays' terms."""

    status: str
    values: FloatArray  # every column of the full model
    objective: float  # c·v + offset
    bound: float
    seconds: float
    stages: dict[str, float]  # seconds and sizes of each step, for reports


def restricted(model: MilpArrays, free: BoolArray, values: FloatArray) -> MilpArrays:
    """The model with the columns outside ``free`` fixed at ``values``: a copy for solving only
    (its option fields still describe the full model)."""
    csc = sp.csc_matrix(model.matrix)
    fixed = ~free
    activity = csc[:, fixed] @ values[fixed]
    return dataclasses.replace(
        model, cost=model.cost[free], matrix=sp.csr_matrix(csc[:, free]),
        row_lower=model.row_lower - activity, row_upper=model.row_upper - activity,
        col_lower=model.col_lower[free], col_upper=model.col_upper[free],
        is_integer=model.is_integer[free],
        offset=model.offset + float(model.cost[fixed] @ values[fixed]))


def _run(h: highspy.Highs, n: int, start: FloatArray | None = None
         ) -> tuple[FloatArray | None, float, float]:
    if start is not None:
        h.setSolution(n, np.arange(n, dtype=np.int32), start)
    h.run()
    info = h.getInfo()
    values = np.asarray(h.getSolution().col_value, dtype=np.float64)
    if info.primal_solution_status != 2 or values.size != n:
        return None, np.inf, float(info.mip_dual_bound)
    return values, float(info.objective_function_value), float(info.mip_dual_bound)


def satisfies(model: MilpArrays, values: FloatArray) -> bool:
    """Whether ``values`` meets every row and bound of ``model`` (integers integral)."""
    activity = model.matrix @ values
    scale = np.maximum(1.0, np.abs(np.where(np.isfinite(model.row_upper), model.row_upper,
                                            model.row_lower)))
    rows_ok = bool(np.all(activity <= model.row_upper + ROW_TOLERANCE * scale)
                   and np.all(activity >= model.row_lower - ROW_TOLERANCE * scale))
    bounds_ok = bool(np.all(values >= model.col_lower - 1e-9)
                     and np.all(values <= model.col_upper + 1e-9))
    integral = values[model.is_integer]
    return rows_ok and bounds_ok and bool(np.all(np.abs(integral - np.round(integral)) < 1e-6))


def _within(objective: float, bound: float, gap: float) -> bool:
    return objective - bound <= gap * max(abs(objective), 1e-9) + 1e-9


def _neighbourhood(model: MilpArrays, site: npt.NDArray[np.int64], lp: FloatArray,
                   reduced: FloatArray, size: int, highs: HighsFactory, time_limit: float,
                   gap: float, threads: int | None, best: FloatArray | None
                   ) -> FloatArray | None:
    """The best plan with every option but those near the LP's choice fixed (step 2)."""
    n = model.n_options
    x = lp[:n]
    fractional = (x > INTEGRAL) & (x < 1 - INTEGRAL)
    closeness = np.where(fractional, -1.0, np.where(model.col_upper[:n] == 0, np.inf,
                                                    np.abs(reduced[:n])))
    nearest = np.argsort(closeness, kind="stable")[:min(size, n)]
    near = np.zeros(n, dtype=bool)
    near[nearest[np.isfinite(closeness[nearest])]] = True
    if best is not None:  # the plan so far stays reachable
        near |= best[:n] > 0.5
    free = np.ones(model.cost.size, dtype=bool)
    free[:n] = near | (np.isin(site, site[near]) & (x > INTEGRAL))
    rounded = np.where(free, lp, np.round(lp))
    values, _objective, _bound = _run(highs(restricted(model, free, rounded), max(time_limit, 1.0),
                                            gap, threads), int(free.sum()),
                                      None if best is None else best[free])
    if values is None:
        return None
    plan = rounded.copy()
    plan[free] = values
    return plan if satisfies(model, plan) else None


def guided_solve(model: MilpArrays, site: npt.NDArray[np.int64], highs: HighsFactory, *,
                 time_limit: float, gap: float, threads: int | None,
                 start: FloatArray | None = None) -> Guided | None:
    """Steps 1–4 of the module doc; None when the LP or the first plan fails (the caller then
    solves the whole model). ``site`` is each option's site; ``start`` a known plan (every
    column) tried as the first plan too."""
    began = time.perf_counter()
    n_cols, n = model.cost.size, model.n_options
    stages: dict[str, float] = {}
    h = highs(model, time_limit, gap, threads)
    h.setOptionValue("solve_relaxation", True)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    lp = np.asarray(h.getSolution().col_value, dtype=np.float64)
    reduced = np.asarray(h.getSolution().col_dual, dtype=np.float64)
    lp_bound = float(h.getInfo().objective_function_value)
    stages["lp_seconds"] = time.perf_counter() - began
    # 2. neighbourhoods of the LP's choice, widening until the gap is met or time runs out
    best = start if start is not None and satisfies(model, start) else None
    took = 0.0  # seconds the last neighbourhood took
    for size in NEIGHBOURHOODS:
        remaining = time_limit - (time.perf_counter() - began)
        # HiGHS's root may overrun its limit by several times on a wider neighbourhood: try
        # one only with at least twice what the last one took still left
        if remaining <= max(1.0, 2.0 * took):
            break
        tried = time.perf_counter()
        found = _neighbourhood(model, site, lp, reduced, size, highs, remaining / 2, gap,
                               threads, best)
        took = time.perf_counter() - tried
        if found is not None and (best is None or model.cost @ found < model.cost @ best):
            best = found
        if best is not None and _within(float(model.cost @ best) + model.offset, lp_bound, gap):
            break
    stages["first_plan_seconds"] = time.perf_counter() - began - stages["lp_seconds"]
    if best is None:
        return None
    incumbent = float(model.cost @ best) + model.offset
    if _within(incumbent, lp_bound, gap):
        return Guided("optimal", best, incumbent, lp_bound, time.perf_counter() - began, stages)
    # 4. reduced-cost fixing against the first plan, then HiGHS on what is left
    slack = incumbent - lp_bound + SAFETY * max(abs(incumbent), 1.0)
    is_x = np.zeros(n_cols, dtype=bool)
    is_x[:n] = True
    at_zero = is_x & (lp <= INTEGRAL) & (reduced > slack)
    at_one = is_x & (lp >= 1 - INTEGRAL) & (-reduced > slack)
    free = ~(at_zero | at_one) & ~(is_x & (model.col_upper == 0))
    fixed_values = np.where(at_one, 1.0, 0.0)
    fixed_values[free] = best[free]
    sub = restricted(model, free, fixed_values)
    stages["options_left"] = float((free & is_x).sum())
    if stages["options_left"] > MOST_LEFT:  # HiGHS's root would not finish: keep the plan
        return Guided("time limit", best, incumbent, lp_bound, time.perf_counter() - began,
                      stages)
    remaining = time_limit - (time.perf_counter() - began)
    values, objective, bound = _run(highs(sub, max(remaining, 1.0), gap, threads),
                                    int(free.sum()), best[free])
    status = "time limit"
    if values is not None and objective < incumbent:
        candidate = fixed_values.copy()
        candidate[free] = values
        if satisfies(model, candidate):
            best, incumbent = candidate, float(model.cost @ candidate) + model.offset
    bound = max(lp_bound, min(bound, incumbent))
    if _within(incumbent, bound, gap):
        status = "optimal"
    return Guided(status, best, incumbent, bound, time.perf_counter() - began, stages)
