"""Solving: infeasible programmes name their conflicting limits; the MPS file round-trips."""

from __future__ import annotations

from pathlib import Path

import highspy
import numpy as np
from programme_instances import random_options, random_programme

from partnerhomes.parameters import ParameterTree
from partnerhomes.programme.model import build_model
from partnerhomes.programme.solve import solve, write_mps


def test_infeasible_programme_names_its_conflicting_limits(tree: ParameterTree) -> None:
    rng = np.random.default_rng(7)
    programme = random_programme(rng)
    options = random_options(rng, programme, tree, n_sites=6, per_site=3)
    total = float(options.table.groupby("site")["affordable_homes"].max().sum())
    starved = programme.with_changes(grant=0.0, objective={"kind": "least_grant",
                                                            "target_homes": total})
    model = build_model(options, starved, tree)
    plan = solve(model, options.table["grant_needed"].to_numpy(),
                 options.table["is_pooled"].to_numpy(), time_limit=20, gap=0.0)
    assert plan.chosen.size == 0 and plan.conflicts
    names = " | ".join(c.limit for c in plan.conflicts)
    assert "grant (partnership)" in names or "target of" in names
    assert all(c.amount > 0 for c in plan.conflicts)


def test_committed_site_without_grant_names_the_grant_limit(tree: ParameterTree) -> None:
    for seed in range(8, 60):  # an instance with a site that needs grant whatever its option
        rng = np.random.default_rng(seed)
        programme = random_programme(rng)
        options = random_options(rng, programme, tree, n_sites=5, per_site=2)
        by_site = options.table.groupby("site_reference")
        needy = (by_site["grant_needed"].min() > 0) & ~by_site["is_pooled"].any()
        if needy.any():
            break
    site = str(needy[needy].index[0])
    committed = programme.with_changes(
        grant=0.0, committed_sites=[site],
        councils=[{**c.model_dump(), "borrowing_headroom": 1e12}
                  for c in programme.councils],
        housing_associations=[{**h.model_dump(), "equity": 1e12, "debt_capacity": 1e12,
                               "starts_capacity": 1e6} for h in programme.housing_associations],
        sme_frameworks=[{**f.model_dump(), "starts_capacity": 1e6}
                        for f in programme.sme_frameworks])
    committed = committed.with_changes(councils=[{**c.model_dump(), "starts_capacity": 1e6,
                                                  "minimum_affordable_share": None}
                                                 for c in committed.councils])
    model = build_model(options, committed, tree)
    plan = solve(model, options.table["grant_needed"].to_numpy(),
                 options.table["is_pooled"].to_numpy(), time_limit=20, gap=0.0)
    names = [c.limit for c in plan.conflicts]
    assert plan.chosen.size == 0
    assert any(name.startswith("grant (partnership)") or name.startswith("joint-venture pool")
               for name in names), names


def test_mps_round_trip_gives_the_same_optimum(tree: ParameterTree, tmp_path: Path) -> None:
    rng = np.random.default_rng(9)
    programme = random_programme(rng)
    options = random_options(rng, programme, tree, n_sites=8, per_site=3)
    model = build_model(options, programme, tree)
    plan = solve(model, options.table["grant_needed"].to_numpy(),
                 options.table["is_pooled"].to_numpy(), time_limit=20, gap=0.0)
    path = write_mps(model, tmp_path / "programme.mps")
    h = highspy.Highs()  # type: ignore[no-untyped-call]
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.readModel(str(path))
    h.run()
    assert -h.getInfo().objective_function_value == np.float64(plan.objective).round(6) or (
        abs(-h.getInfo().objective_function_value - plan.objective) < 1e-6 * max(
            1.0, abs(plan.objective)))
