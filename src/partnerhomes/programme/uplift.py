"""Partnership uplift: the same programme solved with partners acting alone and pooled, and with
each mechanism of working together switched on by itself.

Not represented: the cost of running the partnership, and mechanisms other than the four
(``pooled_land``, ``cross_subsidy``, ``scale_savings``, ``shared_grant``). Acting alone means
all four off: each council plans its own land and the land of the associations it works with,
with its share of the grant (``councils[].grant_share``, else equal), its own joint-venture pool
and no scale savings; associations still keep within their own capacity across the councils
they serve. Every scenario's feasible plans include the stand-alone plan, so each is solved
from the stand-alone plan as a first solution and can never report fewer homes than it, even
when stopped at the time limit.
"""

from __future__ import annotations

import pandas as pd

from partnerhomes.parameters import ParameterTree
from partnerhomes.programme.file import MECHANISMS, Mechanisms, Programme
from partnerhomes.programme.options import OptionSet
from partnerhomes.programme.plan import headline, solve_options
from partnerhomes.programme.solve import Plan

ALONE = Mechanisms(pooled_land=False, cross_subsidy=False, scale_savings=False,
                   shared_grant=False)


def scenarios() -> list[tuple[str, Mechanisms]]:
    """Partners alone, each mechanism on by itself, then everything pooled."""
    one_each = [(f"alone + {name.replace('_', ' ')}", ALONE.model_copy(update={name: True}))
                for name in MECHANISMS]
    return [("partners alone", ALONE), *one_each, ("pooled partnership", Mechanisms())]


def partnership_uplift(options: OptionSet, programme: Programme, tree: ParameterTree, *,
                       time_limit: float | None = None, threads: int | None = None,
                       pooled: Plan | None = None) -> pd.DataFrame:
    """One row per scenario: homes by tenure, grant, grant per home, and the extra over alone.

    ``pooled`` is the programme's own plan (every mechanism on) when already solved: it is the
    "pooled partnership" row as it stands, so the uplift and the plan report the same homes.
    Homes [dwellings]; grant [GBP]; ``gap`` is the solver's relative gap when it stopped.
    """
    rows = []
    alone_values = None
    for name, mechanisms in scenarios():
        if pooled is not None and mechanisms == Mechanisms():
            plan = pooled
        else:
            _model, plan, _built = solve_options(options, programme, tree, mechanisms,
                                                 time_limit=time_limit, start=alone_values,
                                                 threads=threads)
        if alone_values is None and plan.chosen.size:
            alone_values = (plan.values[:options.n_options], plan.grant)
        totals = headline(options, plan)
        rows.append({"scenario": name, **{m: getattr(mechanisms, m) for m in MECHANISMS},
                     **totals, "objective": plan.objective, "gap": plan.gap,
                     "status": plan.status, "solve_seconds": plan.solve_seconds})
    table = pd.DataFrame(rows)
    base = table.iloc[0]
    for column in ("affordable_homes", "weighted_homes", "homes_social_rent",
                   "homes_affordable_rent", "homes_shared_ownership", "homes", "grant"):
        table[f"extra_{column}"] = table[column] - base[column]
    return table
