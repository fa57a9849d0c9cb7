"""Repair: a pooled plan cut down to another scenario's rules keeps every rule of that scenario
(checked independently) and is never an empty plan when the pooled plan fits as it is."""

from __future__ import annotations

import numpy as np
import pytest
from programme_checker import violations
from programme_instances import random_options, random_programme

from partnerhomes.parameters import ParameterTree
from partnerhomes.programme.model import build_model
from partnerhomes.programme.repair import repair
from partnerhomes.programme.solve import solve
from partnerhomes.programme.uplift import scenarios


@pytest.mark.parametrize("seed", range(70, 78))
def test_repaired_pooled_plan_keeps_every_rule_of_each_scenario(tree: ParameterTree,
                                                               seed: int) -> None:
    rng = np.random.default_rng(seed)
    programme = random_programme(rng, committed_sites=[])
    options = random_options(rng, programme, tree, n_sites=10, per_site=4)
    table = options.table
    need, pooled_flag = table["grant_needed"].to_numpy(), table["is_pooled"].to_numpy()
    pooled = solve(build_model(options, programme, tree), need, pooled_flag, time_limit=20,
                   gap=0.0, threads=1)
    repaired_any = 0
    for _name, mechanisms in scenarios():
        model = build_model(options, programme, tree, mechanisms)
        found = repair(model, pooled.values[:options.n_options], pooled.grant)
        if found is None:
            continue
        x, grant = found
        chosen = np.nonzero(x > 0.5)[0]
        assert set(chosen) <= set(pooled.chosen.tolist())  # only drops
        assert violations(options, programme, tree, mechanisms, chosen.tolist(),
                          {int(i): float(grant[i]) for i in chosen}) == []
        repaired_any += 1
    assert repaired_any >= 1  # the pooled scenario itself: its own plan holds as it is


def test_repair_returns_a_plan_that_already_holds_unchanged(tree: ParameterTree) -> None:
    rng = np.random.default_rng(3)
    programme = random_programme(rng, committed_sites=[])
    options = random_options(rng, programme, tree, n_sites=8, per_site=3)
    _name, alone = scenarios()[0]
    model = build_model(options, programme, tree, alone)
    plan = solve(model, options.table["grant_needed"].to_numpy(),
                 options.table["is_pooled"].to_numpy(), time_limit=20, gap=0.0, threads=1)
    found = repair(model, plan.values[:options.n_options], plan.grant)
    assert found is not None
    np.testing.assert_array_equal(found[0], np.round(plan.values[:options.n_options]))
