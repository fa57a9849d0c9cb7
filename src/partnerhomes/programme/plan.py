"""One planning run: read the sites, build and appraise the options, build the MILP, solve it,
and lay the plan out as tables.

Not represented: anything the modules it calls leave out (see each). Units: homes [dwellings],
money [GBP], years are financial years, times [s].
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from partnerhomes.parameters import ParameterTree
from partnerhomes.programme import partners
from partnerhomes.programme.file import Mechanisms, Programme
from partnerhomes.programme.model import MilpArrays, build_model
from partnerhomes.programme.options import OptionSet, build_options
from partnerhomes.programme.solve import Plan, solve

PLAN_COLUMNS = (
    "option_id", "site_reference", "gss_code", "owner", "mix", "density", "route", "start_year",
    "homes", "homes_market_sale", "homes_social_rent", "homes_affordable_rent",
    "homes_shared_ownership", "homes_first_homes", "affordable_homes", "weighted_homes",
    "grant", "grant_needed", "value", "land_value", "capital", "build_years",
    *partners.FIGURES,
)


@dataclass(frozen=True)
class PlanRun:
    """A solved programme with its options, model and timings [s]."""

    programme: Programme
    options: OptionSet
    model: MilpArrays
    plan: Plan
    options_seconds: float
    build_seconds: float


def read_sites(programme: Programme) -> pd.DataFrame:
    """The programme's sites table (CSV)."""
    return pd.read_csv(programme.sites, low_memory=False)


def solve_options(options: OptionSet, programme: Programme, tree: ParameterTree,
                  mechanisms: Mechanisms | None = None, *, time_limit: float | None = None,
                  start: tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]] | None = None,
                  threads: int | None = None
                  ) -> tuple[MilpArrays, Plan, float]:
    """Build and solve the MILP over ``options``; returns the model, plan and build time [s]."""
    started = time.perf_counter()
    model = build_model(options, programme, tree, mechanisms)
    built = time.perf_counter() - started
    table = options.table
    plan = solve(model, table["grant_needed"].to_numpy(np.float64),
                 table["is_pooled"].to_numpy(bool),
                 time_limit=time_limit or programme.objective.time_limit_seconds,
                 gap=programme.objective.gap, threads=threads, start=start)
    return model, plan, built


def run_plan(programme: Programme, tree: ParameterTree, sites: pd.DataFrame | None = None,
             *, threads: int | None = None) -> PlanRun:
    """Appraise every option and solve the programme as its file says."""
    started = time.perf_counter()
    options = build_options(tree, programme, read_sites(programme) if sites is None else sites)
    appraised = time.perf_counter() - started
    model, plan, built = solve_options(options, programme, tree, threads=threads)
    return PlanRun(programme, options, model, plan, appraised, built)


def plan_partners(tree: ParameterTree, programme: Programme, options: OptionSet, plan: Plan
                  ) -> pd.DataFrame | None:
    """Each chosen option's partners (:data:`partners.FIGURES`) through the vehicles engine at
    the grant the plan gives it (the options table holds them at the option's most grant);
    None when the options carry no appraised schemes (test instances)."""
    if options.schemes is None or not plan.chosen.size:
        return None
    table = options.table.iloc[plan.chosen]
    return partners.option_figures(
        tree, programme, options.schemes, table["scheme"].to_numpy(np.int64),
        table["route"].to_numpy(str), partners.land_holder(table), plan.grant[plan.chosen],
        table["first_tranche"].to_numpy(np.float64))


def plan_table(options: OptionSet, plan: Plan, figures: pd.DataFrame | None = None
               ) -> pd.DataFrame:
    """The chosen options, one row each, with the grant each receives [GBP]; ``figures``
    (:func:`plan_partners`, in the order of ``plan.chosen``) replace the partners' figures."""
    table = options.table.iloc[plan.chosen].copy()
    table["grant"] = plan.grant[plan.chosen]
    if figures is not None:
        for name in partners.FIGURES:
            table[name] = figures[name].to_numpy(np.float64)
    return table.loc[:, list(PLAN_COLUMNS)].sort_values(
        ["start_year", "gss_code", "site_reference"]).reset_index(drop=True)


def headline(options: OptionSet, plan: Plan) -> dict[str, float]:
    """Totals of a plan: homes by tenure [dwellings], grant [GBP], grant per affordable home."""
    table = plan_table(options, plan)
    totals = {name: float(table[name].sum()) for name in (
        "homes", "affordable_homes", "weighted_homes", "homes_social_rent",
        "homes_affordable_rent", "homes_shared_ownership", "homes_market_sale", "grant")}
    totals["sites"] = float(len(table))
    totals["grant_per_affordable_home"] = (totals["grant"] / totals["affordable_homes"]
                                           if totals["affordable_homes"] else 0.0)
    return totals
