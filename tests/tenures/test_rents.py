"""Rent rules: formula rent, policy by year, caps, convergence, Affordable Rent, SO, First Homes."""

from __future__ import annotations

import logging

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerhomes.parameters import ParameterTree, load_tree
from partnerhomes.tenures.rents import (
    RentRuleError,
    affordable_rent,
    first_homes_price,
    formula_rent_2000,
    rent_cap,
    rent_change,
    shared_ownership_rent,
    social_rent,
    social_rent_path,
)

ON = "2026-04-01"



def test_formula_rent_of_the_domain_reference_example(tree: ParameterTree) -> None:
    rent = formula_rent_2000(tree, ["E07000066", "E06000033"], [2, 2], [60_000, 60_000])
    assert rent == pytest.approx([59.14, 59.14], abs=0.005)


def test_bedroom_weights_raise_the_earnings_part_only(tree: ParameterTree) -> None:
    rents = formula_rent_2000(tree, ["E07000066"] * 8, [0, 1, 2, 3, 4, 5, 6, 9], [60_000] * 8)
    steps = np.diff(rents[:7])
    assert np.allclose(steps, 0.7 * 54.62 * 325.90 / 316.40 * 0.1)
    assert rents[7] == rents[6]  # 6 or more bedrooms share the top weight


def test_rent_policy_by_year(tree: ParameterTree) -> None:
    assert [rent_change(tree, year) for year in (2016, 2017, 2018, 2019)] == [-0.01] * 4
    assert rent_change(tree, 2023) == 0.07  # the ceiling year
    assert rent_change(tree, 2023, actual=False) == pytest.approx(0.111)  # formula: CPI + 1%
    assert rent_change(tree, 2026) == pytest.approx(0.048)
    assert rent_change(tree, 2030) == pytest.approx(0.03)  # long-run CPI 2% + 1%
    assert rent_change(tree, 2036) == pytest.approx(0.02)  # after the settlement: CPI


def test_rent_caps_bind_on_large_valuable_homes(tree: ParameterTree) -> None:
    result = social_rent(tree, ["E07000066"] * 2, [2, 6], [60_000, 400_000], 2026)
    assert result.bound.tolist() == ["formula", "rent_cap"]
    assert result.rent[1] == pytest.approx(result.rent_cap[1])
    assert (result.rent <= result.rent_cap).all()


def test_rent_caps_rise_by_cpi_plus_one_and_a_half(tree: ParameterTree) -> None:
    assert rent_cap(tree, [2], 2020)[0] == pytest.approx(164.24)
    assert rent_cap(tree, [2], 2021)[0] == pytest.approx(164.24 * (1 + 0.005 + 0.015))
    assert np.isinf(rent_cap(tree, [2], 2019)[0])


def test_convergence_adds_its_step_but_stops_at_formula_rent(tree: ParameterTree) -> None:
    path = social_rent_path(tree, [100.0, 100.0, 120.0], [100.5, 130.0, 110.0], 2026, 3)
    assert path[0, 0] == pytest.approx(104.8)  # no step in 2026-27
    assert path[1, 1] == pytest.approx(104.8 * 1.03 + 1)  # £1 in 2027-28
    assert path[1, 2] == pytest.approx((104.8 * 1.03 + 1) * 1.03 + 2)  # £2 from 2028-29
    assert path[2, 1] == pytest.approx(120 * 1.048 * 1.03)  # above formula: CPI + 1% only
    assert path[0, 1] == pytest.approx(100.5 * 1.048 * 1.03)  # capped at formula rent


def test_affordable_rent_is_the_lower_of_80_percent_and_lha(tree: ParameterTree) -> None:
    result = affordable_rent(tree, [200.0, 300.0], [201.37, 201.37], ON)
    assert result.rent.tolist() == [160.0, 201.37]
    assert result.bound.tolist() == ["market_share", "lha"]


def test_a_proposed_rent_above_the_cap_is_refused(tree: ParameterTree) -> None:
    with pytest.raises(RentRuleError, match="above its cap"):
        affordable_rent(tree, [200.0], [201.37], ON, proposed=[170.0])
    kept = affordable_rent(tree, [200.0], [201.37], ON, proposed=[150.0])
    assert kept.rent.tolist() == [150.0] and kept.bound.tolist() == ["proposed"]


def test_shared_ownership_rent_on_the_unsold_equity(tree: ParameterTree) -> None:
    assert shared_ownership_rent(tree, [120_000.0], [0.25], ON).tolist() == [2475.0]


@pytest.mark.parametrize("share", [0.05, 1.2, -0.1])
def test_a_share_outside_10_to_100_percent_is_refused(tree: ParameterTree, share: float) -> None:
    with pytest.raises(RentRuleError, match="10%–100%"):
        shared_ownership_rent(tree, [200_000.0], [share], ON)


@settings(max_examples=30, deadline=None)
@given(st.floats(0.1, 1.0), st.floats(50_000, 900_000))
def test_so_rent_falls_as_the_share_rises(share: float, value: float) -> None:
    tree = load_tree()
    more = min(share + 0.05, 1.0)
    assert shared_ownership_rent(tree, value, more, ON) <= shared_ownership_rent(
        tree, value, share, ON) + 1e-9


def test_first_homes_discount_and_price_cap(tree: ParameterTree) -> None:
    result = first_homes_price(tree, ["E07000066", "E07000066", "E09000007"],
                               [300_000.0, 400_000.0, 500_000.0], ON)
    assert result.price.tolist() == [210_000.0, 250_000.0, 350_000.0]
    assert result.bound.tolist() == ["discount", "price_cap", "discount"]
    assert result.discount[1] == pytest.approx(0.375)
    with pytest.raises(RentRuleError, match="below 30%"):
        first_homes_price(tree, ["E07000066"], [300_000.0], ON, discount=0.2)


def test_unknown_council_codes(tree: ParameterTree, caplog: pytest.LogCaptureFixture) -> None:
    with pytest.raises(RentRuleError, match="not a GSS council code"):
        formula_rent_2000(tree, ["Basildon"], [2], [60_000])
    with caplog.at_level(logging.WARNING):
        rent = formula_rent_2000(tree, ["E07000012"], [2], [60_000])
    assert "E07000012" in caplog.text  # logged correction: national average earnings
    assert rent[0] == pytest.approx(0.7 * 54.62 + 0.3 * 54.62 * 60_000 / 49_750)


def test_negative_or_fractional_bedrooms_are_refused(tree: ParameterTree) -> None:
    with pytest.raises(RentRuleError, match="bedrooms"):
        formula_rent_2000(tree, ["E07000066"], [-1], [60_000])


def test_the_rents_command_shows_each_home_and_its_bound(tmp_path: pytest.TempPathFactory
                                                         ) -> None:
    from typer.testing import CliRunner

    from partnerhomes.cli.tenures import app

    homes = tmp_path / "homes.yaml"  # type: ignore[operator]
    homes.write_text(
        "homes:\n"
        "  - {tenure: social_rent, council: E07000066, bedrooms: 2, property_value_1999: 60000}\n"
        "  - {tenure: affordable_rent, council: E07000068, bedrooms: 2}\n"
        "  - {tenure: shared_ownership, council: E07000069, market_value: 120000, share: 0.25}\n"
        "  - {tenure: first_homes, council: E07000068, market_value: 450000}\n",
        encoding="utf-8")
    result = CliRunner().invoke(app, ["rents", str(homes)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for text in ("formula", "lha", "2,475.00", "price_cap"):
        assert text in result.output
    bad = tmp_path / "bad.yaml"  # type: ignore[operator]
    bad.write_text("- {tenure: shared_ownership, market_value: 1, share: 0.05}\n",
                   encoding="utf-8")
    refused = CliRunner().invoke(app, ["rents", str(bad)])
    assert refused.exit_code == 1 and "10%–100%" in refused.output
