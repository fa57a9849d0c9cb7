"""Partnership uplift: the programme's own plan is the pooled row, and no scenario loses homes."""

from __future__ import annotations

import numpy as np
from programme_instances import random_options, random_programme

from partnerhomes.parameters import ParameterTree
from partnerhomes.programme.model import build_model
from partnerhomes.programme.plan import headline
from partnerhomes.programme.solve import solve
from partnerhomes.programme.uplift import partnership_uplift


def test_uplift_reports_the_programme_plan_as_the_pooled_row(tree: ParameterTree) -> None:
    rng = np.random.default_rng(5)
    programme = random_programme(rng)
    options = random_options(rng, programme, tree)
    model = build_model(options, programme, tree, None)
    table = options.table
    plan = solve(model, table["grant_needed"].to_numpy(), table["is_pooled"].to_numpy(),
                 time_limit=30, gap=0.0, threads=1)
    uplift = partnership_uplift(options, programme, tree, time_limit=30, pooled=plan)
    pooled = uplift.set_index("scenario").loc["pooled partnership"]
    assert pooled["affordable_homes"] == headline(options, plan)["affordable_homes"]
    assert (uplift["extra_affordable_homes"] >= -1e-9).all()
