"""The programme MILP: exact on small instances, every rule holds, pooling never loses."""

from __future__ import annotations

import itertools
from collections import defaultdict

import numpy as np
import pytest
from programme_checker import primary, scale_saving, violations
from programme_instances import random_options, random_programme
from scipy.optimize import linprog

from partnerhomes.parameters import ParameterTree
from partnerhomes.programme.file import Mechanisms, Programme
from partnerhomes.programme.model import DELAY_WEIGHT, GRANT_WEIGHT, build_model
from partnerhomes.programme.options import OptionSet
from partnerhomes.programme.solve import Plan, solve

ALONE = Mechanisms(pooled_land=False, cross_subsidy=False, scale_savings=False,
                   shared_grant=False)


def _solve(options: OptionSet, programme: Programme, tree: ParameterTree,
           mechanisms: Mechanisms | None = None) -> Plan:
    model = build_model(options, programme, tree, mechanisms)
    table = options.table
    return solve(model, table["grant_needed"].to_numpy(), table["is_pooled"].to_numpy(),
                 time_limit=30, gap=0.0, threads=1)


def _least_pooled_grant(options: OptionSet, programme: Programme, tree: ParameterTree,
                        mechanisms: Mechanisms, chosen: list[int]) -> dict[int, float] | None:
    """For a fixed choice, the least grant that meets every money rule (an LP over the pooled
    options' grants, written out row by row), or None if no grant does."""
    t = options.table
    fixed = {i: float(t.at[i, "grant_needed"]) for i in chosen if not t.at[i, "is_pooled"]}
    pooled = [i for i in chosen if t.at[i, "is_pooled"]]
    years = programme.years_list()
    a_rows: list[list[float]] = []
    b: list[float] = []
    shares = programme.grant_shares()
    groups = [0] if mechanisms.shared_grant else list(range(len(programme.councils)))
    for y in range(len(years)):
        for group in groups:
            members = [i for i in chosen if mechanisms.shared_grant or t.at[i, "council"] == group]
            limit = programme.grant_by_year()[y] * (1.0 if mechanisms.shared_grant
                                                    else shares[group])
            a_rows.append([options.grant_paid[j, y] if j in members else 0.0 for j in pooled])
            b.append(limit - sum(fixed.get(i, 0.0) * options.grant_paid[i, y] for i in members))
    r = options.resources
    for index, amount, per_grant, limits in (
        (r.council_index, r.council_amount, r.council_per_grant,
         [programme.by_year(c.borrowing_headroom) for c in programme.councils]),
        (r.association_index, r.equity_amount, r.equity_per_grant,
         [programme.by_year(h.equity) for h in programme.housing_associations]),
        (r.association_index, r.debt_amount, r.debt_per_grant,
         [programme.by_year(h.debt_capacity) for h in programme.housing_associations]),
    ):
        for k, limit in enumerate(limits):
            for y in range(len(years)):
                members = [i for i in chosen if index[i] == k]
                f = {i: options.starts[i, y] / t.at[i, "homes"] for i in members}
                a_rows.append([-f[j] * per_grant[j] if j in f else 0.0 for j in pooled])
                b.append(limit[y] - sum(f[i] * amount[i] for i in members))
    pools: dict[int, list[int]] = defaultdict(list)
    for i in pooled:
        pools[0 if mechanisms.cross_subsidy else int(t.at[i, "council"])].append(i)
    for members in pools.values():
        saving = (scale_saving(tree, programme, float(t.loc[members, "homes"].sum()),
                               float(t.loc[members, "build_cost"].sum()))
                  if mechanisms.scale_savings else 0.0)
        a_rows.append([-1.0 if j in members else 0.0 for j in pooled])
        b.append(float(t.loc[members, "value"].sum()) + saving)
    if not pooled:
        return fixed if all(v >= -1e-6 for v in b) else None
    bounds = [(0.0, float(min(t.at[j, "grant_needed"], t.at[j, "grant_cap"]))) for j in pooled]
    result = linprog(np.ones(len(pooled)), A_ub=np.array(a_rows), b_ub=np.array(b),
                     bounds=bounds, method="highs")
    if result.status != 0:
        return None
    return {**fixed, **{j: float(g) for j, g in zip(pooled, result.x, strict=True)}}


def brute_force(options: OptionSet, programme: Programme, tree: ParameterTree,
                mechanisms: Mechanisms) -> float:
    """The best objective (with the tie-breaks) over every choice of at most one option a site."""
    t = options.table
    per_site = [[*list(rows), None] for rows in t.groupby("site").indices.values()]
    best = -np.inf
    for combination in itertools.product(*per_site):
        chosen = [int(i) for i in combination if i is not None]
        grant = _least_pooled_grant(options, programme, tree, mechanisms, chosen)
        if grant is None:
            continue
        # the LP met the money rules; the checker must agree before the choice counts
        if violations(options, programme, tree, mechanisms, chosen, grant):
            continue
        share = t["affordable_homes"] / t["homes"]
        value = primary(options, programme, chosen) - sum(
            DELAY_WEIGHT * t.at[i, "delay_home_years"] * share[i] for i in chosen
        ) - GRANT_WEIGHT * sum(grant.values())
        best = max(best, value)
    return best


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
@pytest.mark.parametrize("pooled", [True, False])
def test_optimum_equals_brute_force_enumeration(tree: ParameterTree, seed: int,
                                                pooled: bool) -> None:
    rng = np.random.default_rng(seed)
    programme = random_programme(rng)
    options = random_options(rng, programme, tree, n_sites=5, per_site=3)
    mechanisms = Mechanisms() if pooled else ALONE
    plan = _solve(options, programme, tree, mechanisms)
    expected = brute_force(options, programme, tree, mechanisms)
    assert plan.objective == pytest.approx(expected, rel=1e-6, abs=1e-6)


@pytest.mark.parametrize("seed", range(10, 22))
def test_every_rule_holds_in_every_returned_plan(tree: ParameterTree, seed: int) -> None:
    rng = np.random.default_rng(seed)
    programme = random_programme(rng, committed_sites=[])
    options = random_options(rng, programme, tree, n_sites=int(rng.integers(4, 12)),
                             per_site=int(rng.integers(2, 6)))
    for mechanisms in (Mechanisms(), ALONE, Mechanisms(cross_subsidy=False)):
        plan = _solve(options, programme, tree, mechanisms)
        grant = {int(i): float(plan.grant[i]) for i in plan.chosen}
        assert violations(options, programme, tree, mechanisms, plan.chosen.tolist(),
                          grant) == []


@pytest.mark.parametrize("seed", range(30, 38))
def test_pooled_optimum_is_never_below_stand_alone(tree: ParameterTree, seed: int) -> None:
    rng = np.random.default_rng(seed)
    programme = random_programme(rng)
    options = random_options(rng, programme, tree, n_sites=8, per_site=4)
    pooled = _solve(options, programme, tree, Mechanisms())
    alone = _solve(options, programme, tree, ALONE)
    assert primary(options, programme, pooled.chosen.tolist()) >= primary(
        options, programme, alone.chosen.tolist()) - 1e-3


def test_least_grant_objective_meets_its_target_with_least_grant(tree: ParameterTree) -> None:
    rng = np.random.default_rng(5)
    programme = random_programme(rng)
    options = random_options(rng, programme, tree, n_sites=6, per_site=3)
    best = _solve(options, programme, tree)
    target = 0.5 * float(options.table.iloc[best.chosen]["affordable_homes"].sum())
    least = programme.with_changes(objective={"kind": "least_grant", "target_homes": target})
    plan = _solve(options, least, tree)
    assert options.table.iloc[plan.chosen]["affordable_homes"].sum() >= target - 1e-6
    assert plan.grant.sum() <= best.grant.sum() + 1e-3
    grant = {int(i): float(plan.grant[i]) for i in plan.chosen}
    assert violations(options, least, tree, least.mechanisms, plan.chosen.tolist(), grant) == []


def test_most_homes_by_year_counts_only_completions_by_then(tree: ParameterTree) -> None:
    rng = np.random.default_rng(6)
    programme = random_programme(rng)
    options = random_options(rng, programme, tree, n_sites=5, per_site=3)
    early = programme.with_changes(objective={"kind": "most_homes_by_year", "by_year": 2027})
    plan = _solve(options, early, tree)
    expected = brute_force(options, early, tree, early.mechanisms)
    assert plan.objective == pytest.approx(expected, rel=1e-6, abs=1e-6)
