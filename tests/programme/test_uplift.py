"""Partnership uplift: the programme's own plan is the pooled row; nested scenarios are monotone
and each reports a bound as tight as the scenarios that contain it allow."""

from __future__ import annotations

import numpy as np
import pytest
from programme_instances import random_options, random_programme

from partnerhomes.parameters import ParameterTree
from partnerhomes.programme.file import Programme
from partnerhomes.programme.model import build_model
from partnerhomes.programme.plan import headline
from partnerhomes.programme.solve import solve
from partnerhomes.programme.uplift import partnership_uplift, scenarios


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


def _exact(rng: np.random.Generator) -> Programme:
    """Grant scarce and unevenly shared (70:30), other resources ample: instances where pooled
    land, cross-subsidy and shared grant each add homes on their own."""
    programme = random_programme(rng, objective={"kind": "weighted_affordable_homes",
                                                 "gap": 0.0, "time_limit_seconds": 30,
                                                 "uplift_time_limit_seconds": 150})
    return programme.with_changes(
        grant=float(rng.uniform(0.2e6, 1.0e6)),
        councils=[{**c.model_dump(), "borrowing_headroom": 2e7, "starts_capacity": 400,
                   "grant_share": share} for c, share in zip(programme.councils, (0.7, 0.3),
                                                             strict=True)],
        housing_associations=[{**h.model_dump(), "equity": 1e7, "debt_capacity": 5e7,
                               "starts_capacity": 400} for h in programme.housing_associations])


# seeds where cross-subsidy (61, 62, 70) or shared grant (64, 66, 78) adds homes by itself
@pytest.mark.parametrize("seed", [61, 62, 64, 66, 70, 78])
def test_nested_scenarios_solved_to_optimality_are_monotone(tree: ParameterTree,
                                                           seed: int) -> None:
    """alone ≤ each mechanism on by itself ≤ pooled, every optimum proven and equal to a solve
    of that scenario from scratch (no first solution, no borrowed bound)."""
    rng = np.random.default_rng(seed)
    programme = _exact(rng)
    options = random_options(rng, programme, tree, n_sites=8, per_site=4)
    table = partnership_uplift(options, programme, tree, threads=1).set_index("scenario")
    assert table["is_proven"].all(), table[["objective", "bound", "gap", "status"]]
    objective = table["objective"]
    alone, pooled = objective["partners alone"], objective["pooled partnership"]
    assert (objective.iloc[2:5] > alone + 1e-6).any()  # a mechanism besides land matters
    for name, mechanisms in scenarios():
        assert alone - 1e-6 <= objective[name] <= pooled + 1e-6, name
        model = build_model(options, programme, tree, mechanisms)
        cold = solve(model, options.table["grant_needed"].to_numpy(),
                     options.table["is_pooled"].to_numpy(), time_limit=30, gap=0.0, threads=1)
        assert objective[name] == pytest.approx(cold.objective, rel=1e-7, abs=1e-6), name


@pytest.mark.parametrize("seed", range(50, 53))
def test_every_scenario_reports_a_bound_nested_like_its_plans(tree: ParameterTree,
                                                              seed: int) -> None:
    rng = np.random.default_rng(seed)
    programme = random_programme(rng)
    options = random_options(rng, programme, tree, n_sites=10, per_site=4)
    table = partnership_uplift(options, programme, tree, time_limit=20, threads=1)
    table = table.set_index("scenario")
    assert (table["bound"] >= table["objective"] - 1e-6).all()
    np.testing.assert_allclose(table["gap"], (table["bound"] - table["objective"])
                               / table["objective"].abs(), rtol=1e-9, atol=1e-12)
    assert (table["is_proven"] == (table["gap"] <= programme.objective.gap + 1e-9)).all()
    pooled_bound = table.at["pooled partnership", "bound"]
    for name, _mechanisms in scenarios()[1:-1]:
        assert table.at["partners alone", "bound"] <= table.at[name, "bound"] + 1e-9
        assert table.at[name, "bound"] <= pooled_bound + 1e-9
    assert (table["time_limit_seconds"] > 0).all()
