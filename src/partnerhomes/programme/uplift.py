"""Partnership uplift: the same programme solved with partners acting alone and pooled, and with
each mechanism of working together switched on by itself.

Not represented: the cost of running the partnership, and mechanisms other than the four
(``pooled_land``, ``cross_subsidy``, ``scale_savings``, ``shared_grant``). Acting alone means
all four off: each council plans its own land and the land of the associations it works with,
with its share of the grant (``councils[].grant_share``, else equal), its own joint-venture pool
and no scale savings; associations still keep within their own capacity across the councils
they serve.

**Nesting.** Every plan of the stand-alone scenario is a plan of each one-mechanism scenario,
and every plan of those is a plan of the pooled partnership (more land, one pool instead of
several, savings that only help, one pot instead of shares of it). So:

- each scenario starts from the best of the plans it contains or that can be repaired into it
  (a first solution HiGHS improves): the stand-alone plan for each mechanism scenario, so it
  never reports fewer homes than alone even when stopped at its time limit, and the pooled plan
  cut down to the scenario's rules by :func:`repair.repair` for every scenario;
- the pooled plan's bound bounds every scenario, and each mechanism scenario's bound bounds the
  stand-alone one: each reported bound is the tightest of its own and those of the scenarios
  that contain it, and each gap is measured against it.

**Time.** ``objective.uplift_time_limit_seconds`` (default twice the plan's time limit) is
shared by the five solves: each is given what is left divided by the solves left, so time a
scenario does not need passes on. A scenario is *proven* when its gap is within
``objective.gap``; otherwise its homes are those of the best plan found (a lower bound on its
optimum) and its bound says how far off it can be.
"""

from __future__ import annotations

import dataclasses
import time

import numpy as np
import numpy.typing as npt
import pandas as pd

from partnerhomes.parameters import ParameterTree
from partnerhomes.programme.file import MECHANISMS, Mechanisms, Programme
from partnerhomes.programme.model import build_model
from partnerhomes.programme.options import OptionSet
from partnerhomes.programme.plan import headline
from partnerhomes.programme.repair import repair
from partnerhomes.programme.solve import Plan, solve

FloatArray = npt.NDArray[np.float64]
REPAIR_SHARE = 0.25  # most of a scenario's time spent repairing first solutions

ALONE = Mechanisms(pooled_land=False, cross_subsidy=False, scale_savings=False,
                   shared_grant=False)
POOLED = Mechanisms()


def scenarios() -> list[tuple[str, Mechanisms]]:
    """Partners alone, each mechanism on by itself, then everything pooled."""
    one_each = [(f"alone + {name.replace('_', ' ')}", ALONE.model_copy(update={name: True}))
                for name in MECHANISMS]
    return [("partners alone", ALONE), *one_each, ("pooled partnership", POOLED)]


def _contains(outer: Mechanisms, inner: Mechanisms) -> bool:
    """Whether every plan of ``inner`` is a plan of ``outer`` (each mechanism on in ``inner``
    is on in ``outer``)."""
    return all(getattr(outer, m) or not getattr(inner, m) for m in MECHANISMS)


def _gap(objective: float, bound: float) -> float:
    if not np.isfinite(objective) or not np.isfinite(bound):
        return float("nan")
    return max(abs(bound - objective) / max(abs(objective), 1e-9), 0.0)


def solve_scenario(options: OptionSet, programme: Programme, tree: ParameterTree,
                   mechanisms: Mechanisms, *, time_limit: float, threads: int | None,
                   starts: list[tuple[FloatArray, FloatArray]]) -> Plan:
    """Solve one scenario from the best first solution repaired from ``starts`` (plans of other
    scenarios: options chosen, grant per option [GBP]); ``solve_seconds`` counts the repair."""
    began = time.perf_counter()
    model = build_model(options, programme, tree, mechanisms)
    best: tuple[FloatArray, FloatArray] | None = None
    best_cost = np.inf
    for x, grant in starts:
        left = REPAIR_SHARE * time_limit - (time.perf_counter() - began)
        found = repair(model, x, grant, seconds=max(left, 0.1))
        if found is not None:
            cost = float(model.cost @ model.solution(*found))
            if cost < best_cost:
                best, best_cost = found, cost
    table = options.table
    plan = solve(model, table["grant_needed"].to_numpy(np.float64),
                 table["is_pooled"].to_numpy(bool),
                 time_limit=max(time_limit - (time.perf_counter() - began), 1.0),
                 gap=programme.objective.gap, threads=threads, start=best)
    return dataclasses.replace(plan, solve_seconds=time.perf_counter() - began)


def partnership_uplift(options: OptionSet, programme: Programme, tree: ParameterTree, *,
                       time_limit: float | None = None, threads: int | None = None,
                       pooled: Plan | None = None) -> pd.DataFrame:
    """One row per scenario: homes by tenure, grant, grant per home, the extra over alone, and
    the solver's figures (objective, bound, gap, proven, status, seconds, time limit).

    ``pooled`` is the programme's own plan (every mechanism on) when already solved: it is the
    "pooled partnership" row as it stands, so the uplift and the plan report the same homes.
    ``time_limit`` is the total for the solves (default :meth:`Objective.uplift_seconds`).
    Homes [dwellings]; grant [GBP]; times [s].
    """
    plans: dict[str, Plan] = {}
    limits: dict[str, float] = {}
    listed = scenarios()
    budget = time_limit if time_limit is not None else programme.objective.uplift_seconds()
    # the pooled plan first (repaired into every other scenario), then alone, then the rest
    order = [listed[-1], listed[0], *listed[1:-1]]
    if pooled is not None:
        plans["pooled partnership"] = pooled
        limits["pooled partnership"] = pooled.time_limit_seconds
        order = order[1:]
    started = time.perf_counter()
    for k, (name, mechanisms) in enumerate(order):
        limits[name] = max((budget - (time.perf_counter() - started)) / (len(order) - k), 1.0)
        # plans it contains first (they hold as they are), then the others, repaired
        solved = sorted((other for other in plans if plans[other].chosen.size),
                        key=lambda other: not _contains(mechanisms, dict(listed)[other]))
        starts = [(plans[other].values[:options.n_options], plans[other].grant)
                  for other in solved]
        plans[name] = solve_scenario(options, programme, tree, mechanisms,
                                     time_limit=limits[name], threads=threads, starts=starts)
    maximise = programme.objective.kind != "least_grant"
    tighter = min if maximise else max
    rows = []
    for name, mechanisms in listed:
        plan = plans[name]
        bound = plan.bound
        for other, outer in listed:
            if other != name and _contains(outer, mechanisms) and np.isfinite(
                    plans[other].bound):
                bound = tighter(bound, plans[other].bound) if np.isfinite(bound) else (
                    plans[other].bound)
        gap = _gap(plan.objective, bound)
        totals = headline(options, plan)
        rows.append({"scenario": name, **{m: getattr(mechanisms, m) for m in MECHANISMS},
                     **totals, "objective": plan.objective, "bound": bound, "gap": gap,
                     "is_proven": bool(np.isfinite(gap) and gap <= programme.objective.gap
                                       + 1e-9),
                     "status": plan.status, "solve_seconds": plan.solve_seconds,
                     "time_limit_seconds": limits[name]})
    table = pd.DataFrame(rows)
    base = table.iloc[0]
    for column in ("affordable_homes", "weighted_homes", "homes_social_rent",
                   "homes_affordable_rent", "homes_shared_ownership", "homes", "grant"):
        table[f"extra_{column}"] = table[column] - base[column]
    return table
