"""Options appraised through the vehicles engine: the programme's per-partner figures equal a
direct comparison of the same scheme and route, and the engine's laws hold over every option."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from partnerhomes.demo.programme import demo_programme
from partnerhomes.demo.sites import demo_sites
from partnerhomes.parameters import ParameterTree
from partnerhomes.programme import partners
from partnerhomes.programme.file import Programme, ProgrammeFileError, parse_programme
from partnerhomes.programme.options import OptionSet, build_options, route_resources
from partnerhomes.vehicles import options as vehicle_options


@pytest.fixture(scope="module")
def demo(tree: ParameterTree) -> tuple[Programme, OptionSet]:
    sites = demo_sites().iloc[:60]  # every route and land holder, a few seconds
    programme = parse_programme(demo_programme(sites, "sites.csv"), Path("."))
    return programme, build_options(tree, programme, sites)


def _sample(options: OptionSet, per_kind: int = 3) -> np.ndarray:
    table = options.table.assign(holder=partners.land_holder(options.table))
    rows = table.groupby(["route", "holder"]).head(per_kind).index.to_numpy()
    return np.asarray(rows, dtype=np.int64)


def _direct(tree: ParameterTree, programme: Programme, options: OptionSet, i: int,
            grant: float) -> tuple[dict[str, float], vehicle_options.RouteResult]:
    """A `partnerhomes vehicles compare` of option i's scheme and route with its grant."""
    row = options.table.iloc[i]
    assert options.schemes is not None
    inputs = options.schemes.take([int(row["scheme"])])
    route = partners.vehicle_route(str(row["route"]),
                                   str(partners.land_holder(options.table.iloc[[i]])[0]),
                                   partners.vehicle_terms(tree, programme))
    homes = float(row["homes_social_rent"] + row["homes_affordable_rent"]
                  + row["homes_shared_ownership"])
    route = dataclasses.replace(route, grant_per_affordable_home=grant / homes if homes else 0.0)
    comparison = vehicle_options.compare(tree, inputs, [route])
    assert len(comparison.routes[0].project.row_id) == 1
    return comparison.table()[0], comparison.routes[0]


@pytest.mark.parametrize("at", ["most grant", "a random grant"])
def test_programme_partners_equal_a_direct_vehicles_comparison(
        tree: ParameterTree, demo: tuple[Programme, OptionSet], at: str) -> None:
    programme, options = demo
    rows = _sample(options)
    assert set(options.table.loc[rows, "route"]) == {"council_direct", "housing_association",
                                                    "joint_venture"}
    limit = options.table["grant_limit"].to_numpy()
    grant = limit[rows] if at == "most grant" else (
        np.random.default_rng(3).uniform(0.0, 1.0, rows.size) * limit[rows])
    if at == "most grant":
        found = options.table.loc[rows, list(partners.FIGURES)].reset_index(drop=True)
    else:
        table = options.table.iloc[rows]
        found = partners.option_figures(
            tree, programme, options.schemes, table["scheme"].to_numpy(np.int64),
            table["route"].to_numpy(str), partners.land_holder(table), grant,
            table["first_tranche"].to_numpy(np.float64))
    for k, i in enumerate(rows):
        record, result = _direct(tree, programme, options, int(i), float(grant[k]))
        assert record["grant"] == pytest.approx(grant[k], rel=1e-9, abs=1e-3)
        for member in result.terms.members:
            if member == "landowner":
                continue
            for ours, theirs in (("capital", "capital"), ("return", "profit"), ("irr", "irr")):
                expected = record[f"{member}.{theirs}"]
                value = found.at[k, f"{member}_{ours}"]
                if np.isnan(expected):
                    assert np.isnan(value)
                else:
                    assert value == pytest.approx(expected, rel=1e-6, abs=1.0), (i, member, ours)
        vehicle = result.vehicle
        assert found.at[k, "vehicle_surplus"] == pytest.approx(
            float(vehicle.surplus_before_finance[0] - vehicle.interest[0] - vehicle.fees[0]),
            rel=1e-6, abs=1.0)
        tranche = options.table["first_tranche"].to_numpy()[[i]]
        for partner in ("council", "association"):
            assert found.at[k, f"{partner}_funding"] == pytest.approx(
                float(partners.funding(result, partner, tranche)[0]), rel=1e-6, abs=1.0)


def test_grant_never_raises_a_partners_funding_and_adds_at_least_itself_to_the_surplus(
        tree: ParameterTree, demo: tuple[Programme, OptionSet]) -> None:
    programme, options = demo
    table = options.table
    at_zero = partners.option_figures(
        tree, programme, options.schemes, table["scheme"].to_numpy(np.int64),
        table["route"].to_numpy(str), partners.land_holder(table), np.zeros(len(table)),
        table["first_tranche"].to_numpy(np.float64))
    limit = table["grant_limit"].to_numpy()
    assert (limit > 0).sum() > 10
    for partner in ("council", "association"):
        assert (table[f"{partner}_funding"].to_numpy()
                <= at_zero[f"{partner}_funding"].to_numpy() + 1.0).all()
    # grant is cash in; finance can only fall, so the surplus rises by at least the grant
    gain = table["vehicle_surplus"].to_numpy() - at_zero["vehicle_surplus"].to_numpy()
    assert (gain >= limit - 1.0).all()


def test_resources_are_the_engines_funding_at_the_options_grant(
        tree: ParameterTree, demo: tuple[Programme, OptionSet]) -> None:
    programme, options = demo
    table, r = options.table, options.resources
    terms = partners.vehicle_terms(tree, programme)
    limit = table["grant_limit"].to_numpy()
    council = r.council_amount - r.council_per_grant * limit
    association = (r.equity_amount + r.debt_amount
                   - (r.equity_per_grant + r.debt_per_grant) * limit)
    has_council = r.council_index >= 0
    np.testing.assert_allclose(council[has_council],
                               table["council_funding"].to_numpy()[has_council], rtol=1e-12)
    has_association = r.association_index >= 0
    np.testing.assert_allclose(association[has_association],
                               table["association_funding"].to_numpy()[has_association],
                               rtol=1e-9, atol=1e-6)
    np.testing.assert_allclose(r.equity_amount, terms.association_equity_share
                               * (r.equity_amount + r.debt_amount), rtol=1e-12)
    pooled = table["is_pooled"].to_numpy(bool)
    assert (r.council_per_grant[~pooled] == 0).all() and (r.equity_per_grant[~pooled] == 0).all()


def test_programme_file_vehicle_terms_reach_the_engine(
        tree: ParameterTree, demo: tuple[Programme, OptionSet]) -> None:
    programme, options = demo
    changed = programme.with_changes(vehicle_terms={"joint_venture_council_profit_share": 0.8,
                                                    "senior_debt_loan_to_cost": 0.5})
    terms = partners.vehicle_terms(tree, changed)
    assert (terms.council_profit_share, terms.loan_to_cost) == (0.8, 0.5)
    route = partners.vehicle_route("joint_venture", "council", terms)
    assert route.profit_split == pytest.approx({"council": 0.8, "association": 0.2})
    assert route.debt[0].loan_to_cost == 0.5
    resources = route_resources(terms, options.table)
    pooled = options.table["is_pooled"].to_numpy(bool)
    assert (resources.council_per_grant[pooled] == 0.8).all()
    defaults = partners.vehicle_terms(tree, programme)
    assert defaults.council_profit_share == tree.number(
        "programme.routes.joint_venture_council_profit_share", programme.valuation_date)


@pytest.mark.parametrize(("terms", "field"), [
    ({"senior_debt_loan_to_cost": 1.5}, "vehicle_terms.senior_debt_loan_to_cost"),
    ({"joint_venture_council_profit_share": -0.1},
     "vehicle_terms.joint_venture_council_profit_share"),
    ({"equity_share": 0.2}, "vehicle_terms.equity_share"),
])
def test_bad_vehicle_terms_name_their_field(demo: tuple[Programme, OptionSet],
                                            terms: dict[str, float], field: str) -> None:
    programme, _options = demo
    document = {**programme.model_dump(mode="json"), "vehicle_terms": terms}
    with pytest.raises(ProgrammeFileError, match=field.replace(".", r"\.")):
        parse_programme(document, Path("."))


def test_plan_table_reports_partners_at_the_plans_grant(
        tree: ParameterTree, demo: tuple[Programme, OptionSet]) -> None:
    from partnerhomes.programme.plan import plan_partners, plan_table, solve_options

    programme, options = demo
    _model, plan, _built = solve_options(options, programme, tree, time_limit=20, threads=1)
    figures = plan_partners(tree, programme, options, plan)
    assert figures is not None
    table = plan_table(options, plan, figures)
    chosen = options.table.iloc[plan.chosen]
    expected = partners.option_figures(
        tree, programme, options.schemes, chosen["scheme"].to_numpy(np.int64),
        chosen["route"].to_numpy(str), partners.land_holder(chosen), plan.grant[plan.chosen],
        chosen["first_tranche"].to_numpy(np.float64))
    expected.index = chosen["option_id"].to_numpy()
    reported = table.set_index("option_id").loc[expected.index, list(partners.FIGURES)]
    pd.testing.assert_frame_equal(reported, expected, check_names=False)


@pytest.mark.parametrize("fraction", [0.0, 0.5])
def test_a_pooled_options_draw_below_its_most_grant_is_not_below_the_engines(
        tree: ParameterTree, demo: tuple[Programme, OptionSet], fraction: float) -> None:
    """Below L the planner counts the shortfall in profit shares, one for one; the engine's
    funding falls by less (grant arrives partly at hand-over, after the peak), so the partners'
    draw in the planner is at least the engine's at that grant."""
    programme, options = demo
    rows = np.nonzero(options.table["is_pooled"].to_numpy(bool)
                      & (options.table["grant_limit"].to_numpy() > 0))[0]
    assert rows.size > 10
    table, r = options.table.iloc[rows], options.resources
    grant = fraction * table["grant_limit"].to_numpy()
    engine = partners.option_figures(
        tree, programme, options.schemes, table["scheme"].to_numpy(np.int64),
        table["route"].to_numpy(str), partners.land_holder(table), grant,
        table["first_tranche"].to_numpy(np.float64))
    planner = (r.council_amount[rows] - r.council_per_grant[rows] * grant
               + r.equity_amount[rows] + r.debt_amount[rows]
               - (r.equity_per_grant[rows] + r.debt_per_grant[rows]) * grant)
    counted = engine["council_funding"].to_numpy() + engine["association_funding"].to_numpy()
    assert (planner >= counted - 1.0).all()
