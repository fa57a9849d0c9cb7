"""Everything a planning run reports, computed once for every door (the CLI and the web).

From a solved :class:`~partnerhomes.programme.plan.PlanRun`: the plan table, the trajectory of
starts and completions, the absorption effect on large sites, the partnership uplift by
mechanism, the exemplar shortlist, the SME lots and the headline and solver figures. Not
represented: how they are written or shown (files in ``cli/plan.py``, pages in ``web/``), and
an infeasible run (the doors report its conflicting limits before asking for outputs).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from partnerhomes.appraisal.inputs import TENURES
from partnerhomes.parameters import ParameterTree
from partnerhomes.programme.exemplar import exemplar_shortlist
from partnerhomes.programme.options import build_out_terms
from partnerhomes.programme.plan import PlanRun, headline, plan_partners, plan_table
from partnerhomes.programme.sme_lots import appraise_lots
from partnerhomes.programme.trajectory import absorption_effect, plan_trajectory
from partnerhomes.programme.uplift import partnership_uplift

Progress = Callable[[str], None]


@dataclass(frozen=True)
class PlanOutputs:
    """The tables and figures of one solved programme (homes [dwellings], money [GBP])."""

    run: PlanRun
    n_sites: int
    plan: pd.DataFrame
    trajectory: pd.DataFrame
    absorption: pd.DataFrame
    uplift: pd.DataFrame
    exemplars: pd.DataFrame
    lots: pd.DataFrame
    lot_sites: pd.DataFrame
    headline: dict[str, float]
    solver: dict[str, Any]


def plan_outputs(run: PlanRun, tree: ParameterTree, sites: pd.DataFrame, *,
                 uplift: bool = True, progress: Progress = lambda text: None) -> PlanOutputs:
    """Lay out a feasible run; ``uplift`` also solves the scenarios of working alone and with
    each mechanism (five more solves sharing ``objective.uplift_time_limit_seconds``, by
    default twice the plan's limit)."""
    programme, options, result = run.programme, run.options, run.plan
    chosen = options.table.iloc[result.chosen].reset_index(drop=True)
    trajectory = plan_trajectory(chosen, options.starts[result.chosen],
                                 options.completions[result.chosen], options.years, TENURES)
    trajectory = trajectory[(trajectory["starts"] > 0) | (trajectory["completions"] > 0)]
    terms = build_out_terms(tree, programme.valuation_date)
    largest = float(options.table["homes"].max()) if options.n_options else 0.0
    absorption = absorption_effect(max(largest, terms.large_site_min_dwellings), terms)
    uplift_table = pd.DataFrame()
    if uplift:
        progress("Measuring what each way of working together adds (five more solves)")
        uplift_table = partnership_uplift(options, programme, tree, pooled=result)
    progress("Exemplar sites and SME lots")
    exemplars = exemplar_shortlist(options, programme, result.chosen)
    lots, lot_sites = appraise_lots(tree, programme, sites)
    solver = {
        "status": result.status, "objective": round(result.objective, 2),
        "bound": round(result.bound, 2), "gap": round(result.gap, 5),
        "solve_seconds": round(result.solve_seconds, 2),
        "time_limit_seconds": result.time_limit_seconds, "options": options.n_options,
        "options_dropped": options.dropped, "options_seconds": round(run.options_seconds, 2),
        "build_seconds": round(run.build_seconds, 3), "parameters_digest": tree.digest()}
    figures = plan_partners(tree, programme, options, result)
    return PlanOutputs(run=run, n_sites=len(sites), plan=plan_table(options, result, figures),
                       trajectory=trajectory, absorption=absorption, uplift=uplift_table,
                       exemplars=exemplars, lots=lots, lot_sites=lot_sites,
                       headline=headline(options, result), solver=solver)
