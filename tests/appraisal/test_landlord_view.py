"""The landlord's view inside the development appraisal: the two values, their laws, grant."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerhomes.appraisal import appraise, assumptions, examples, landlord_view, readers
from partnerhomes.appraisal.inputs import SchemeInputs
from partnerhomes.parameters import ParameterTree
from partnerhomes.tenures import landlord
from partnerhomes.tenures.landlord import LandlordTerms

DATA = Path(__file__).resolve().parent / "data"


def _tenures_reference() -> ModuleType:
    name = "tenures_reference"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, Path(__file__).resolve().parents[1] / "tenures" / "reference.py")
        assert spec is not None and spec.loader is not None  # test set-up, not validation
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="module")
def inputs(tree: ParameterTree) -> SchemeInputs:
    return examples.two_schemes(tree)


def with_terms(inputs: SchemeInputs, terms: LandlordTerms, method: str = "landlord",
               **changes: object) -> SchemeInputs:
    n = inputs.n_schemes
    every = np.empty(n, dtype=object)
    every[:] = [terms] * n
    return inputs.replace(landlord_terms=every,
                          affordable_valuation_method=np.full(n, method, dtype=object),
                          **changes)


def level_terms(terms: LandlordTerms, rate: float, years: int) -> LandlordTerms:
    """Level perpetual-style terms: no growth, no voids, bad debts, repairs or SO costs,
    borrowing and discounting at ``rate``, payback allowed over the whole horizon."""
    zero = np.zeros_like(terms.rent_change)
    return terms.replace(
        discount_rate=rate, loan_rate=rate, horizon_years=years, payback_limit_years=years,
        rent_change=zero, cost_change=zero, house_price_change=zero, voids_rate=0.0,
        bad_debts_rate=0.0, major_repairs_rate=0.0, unrecovered_service_costs_per_dwelling=0.0,
        shared_ownership_management_per_dwelling=0.0, shared_ownership_repairs_per_dwelling=0.0,
        staircasing_rate=0.0)


def test_both_values_are_reported_and_the_default_method_is_capitalisation(
        inputs: SchemeInputs) -> None:
    results = appraise.appraise(inputs)
    assert results["affordable_valuation_method"].tolist() == ["capitalisation"] * 2
    assert results["landlord"].tolist() == ["housing_association"] * 2
    b = 1  # scheme B has affordable homes
    assert results["affordable_value"][b] == results["affordable_value_capitalisation"][b]
    affordable_gdv = (results["gdv_social_rent"] + results["gdv_affordable_rent"]
                      + results["gdv_shared_ownership"])
    assert affordable_gdv[b] == pytest.approx(results["affordable_value"][b], rel=1e-12)
    assert np.isfinite(results["affordable_value_landlord"][b])
    assert math.isnan(results["landlord_npv"][0])  # scheme A has no affordable homes


@pytest.mark.parametrize("years", [40, 125])
def test_capitalisation_and_landlord_agree_on_a_level_perpetual_net_rent(
        inputs: SchemeInputs, years: int) -> None:
    """With the landlord's discount rate equal to the capitalisation yield and a level net
    rent, the landlord's price is the capitalised value times the annuity factor
    1 − (1 + y)^−N (finite horizon vs perpetuity): exact to 1e-9, and within 0.25% at 125 years.
    """
    rate = 0.05
    terms = level_terms(landlord.housing_association(load(), "2026-06-30"), rate, years)
    terms = terms.replace(management_per_dwelling=float(inputs.management_per_dwelling_per_year[1]),
                          maintenance_per_dwelling=float(
                              inputs.maintenance_per_dwelling_per_year[1]))
    same_yield = np.full(inputs.n_schemes, rate)
    work = with_terms(inputs, terms, social_rent_yield=same_yield,
                      affordable_rent_yield=same_yield, shared_ownership_yield=same_yield)
    results = appraise.appraise(work)
    homes = landlord_view.landlord_homes(work, results["affordable_value_capitalisation"])
    first_tranche = (homes.shared_ownership_homes * homes.first_tranche_rate
                     * homes.shared_ownership_value)[1]
    capitalised = results["affordable_value_capitalisation"][1]
    factor = 1.0 - (1.0 + rate) ** -years
    expected = first_tranche + (capitalised - first_tranche) * factor
    assert results["affordable_value_landlord"][1] == pytest.approx(expected, rel=1e-9)
    if years == 125:
        assert results["affordable_value_landlord"][1] == pytest.approx(capitalised, rel=2.5e-3)


def load() -> ParameterTree:
    from partnerhomes.parameters import load_tree
    return load_tree()


def test_the_landlord_method_puts_the_landlords_price_into_the_residual(
        inputs: SchemeInputs) -> None:
    capitalised = appraise.appraise(inputs)
    work = inputs.replace(affordable_valuation_method=np.full(2, "landlord", dtype=object))
    by_landlord = appraise.appraise(work)
    assert by_landlord["affordable_value"][1] == by_landlord["affordable_value_landlord"][1]
    assert by_landlord["affordable_value_landlord"][1] == pytest.approx(
        capitalised["affordable_value_landlord"][1], rel=1e-12)  # the price does not move it
    gap = by_landlord["affordable_value"][1] - capitalised["affordable_value"][1]
    assert by_landlord["gdv"][1] - capitalised["gdv"][1] == pytest.approx(gap, rel=1e-9)
    # Scheme A (no affordable homes) is untouched by the method.
    assert by_landlord["residual_land_value"][0] == capitalised["residual_land_value"][0]
    # At its own maximum price the landlord meets its hurdles and needs no grant.
    assert by_landlord["grant_needed"][1] == pytest.approx(0.0, abs=1e-6)
    assert by_landlord["landlord_npv"][1] >= -1e-6


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(0.03, 0.09), min_size=2, max_size=4))
def test_residual_under_the_landlord_method_rises_with_the_landlords_max_price(
        inputs: SchemeInputs, rates: list[float]) -> None:
    base = landlord.housing_association(load(), "2026-06-30")
    prices, residuals = [], []
    for rate in rates:
        results = appraise.appraise(with_terms(inputs, base.replace(discount_rate=rate)))
        prices.append(results["affordable_value_landlord"][1])
        residuals.append(results["residual_land_value"][1])
    order = np.argsort(prices, kind="stable")
    assert np.all(np.diff(np.asarray(residuals)[order]) >= -1.0)  # RLV solved to £1


def _needing_grant(inputs: SchemeInputs) -> SchemeInputs:
    low_yield = np.full(inputs.n_schemes, 0.03)  # a rich capitalised price the landlord can't pay
    return inputs.replace(social_rent_yield=low_yield, affordable_rent_yield=low_yield,
                          shared_ownership_yield=low_yield)


def test_grant_needed_is_zero_when_the_landlord_already_meets_its_hurdles(
        inputs: SchemeInputs) -> None:
    results = appraise.appraise(inputs)
    assert results["landlord_meets_hurdles"][1]
    assert results["grant_needed"][1] == 0.0
    assert results["grant_needed_per_home"][1] == 0.0


@pytest.mark.parametrize("payback_limit", [30, 40])
def test_grant_needed_meets_the_hurdles_exactly(inputs: SchemeInputs,
                                                payback_limit: int) -> None:
    terms = landlord.housing_association(load(), "2026-06-30").replace(
        payback_limit_years=payback_limit)
    work = with_terms(_needing_grant(inputs), terms, method="capitalisation")
    results = appraise.appraise(work)
    need = results["grant_needed"][1]
    assert need > 0 and not results["landlord_meets_hurdles"][1]
    homes = landlord_view.landlord_homes(work, results["affordable_value"])
    funded = landlord.appraise(landlord.Schemes(**{**homes.__dict__,
                                                   "grant": np.array([0.0, need])}), terms)
    assert funded.npv[1] >= -1e-6 and funded.payback_year[1] <= payback_limit
    payback_binds = funded.npv[1] > 1e-6
    if payback_binds:  # repaid exactly at the limit, not a year earlier
        assert funded.payback_year[1] == payback_limit
    else:
        assert funded.npv[1] == pytest.approx(0.0, abs=1e-6)
    assert results["grant_needed_per_home"][1] == pytest.approx(need / 25)
    assert results["grant_needed_per_social_rent_home"][1] == pytest.approx(need / 10)
    assert results["grant_needed_per_home_over_benchmark_sahp_average"][1] == pytest.approx(
        need / 25 / 130_000)


def test_grant_needed_makes_npv_exactly_zero_where_npv_is_the_binding_hurdle(
        inputs: SchemeInputs) -> None:
    terms = landlord.housing_association(load(), "2026-06-30").replace(
        payback_limit_years=40)  # the whole horizon: only the NPV hurdle can bind here
    work = with_terms(_needing_grant(inputs), terms, method="capitalisation")
    results = appraise.appraise(work)
    assert results["grant_needed"][1] == pytest.approx(-results["landlord_npv"][1], rel=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.floats(0, 5e6), st.floats(0, 5e6))
def test_more_grant_never_buys_fewer_affordable_homes(inputs: SchemeInputs, first: float,
                                                      second: float) -> None:
    low, high = sorted([first, second])
    counts = [appraise.appraise(inputs.replace(grant=np.array([0.0, g])))[
        "affordable_additionality"][1] for g in (low, high)]
    assert counts[0] <= counts[1]
    gap = appraise.appraise(inputs)["grant_per_additional_affordable_home"][1]
    assert counts[1] == min(math.floor(high / gap), 70)  # at most scheme B's 70 market homes


def test_vectorised_landlord_view_equals_the_scalar_reference(inputs: SchemeInputs) -> None:
    """Scheme by scheme and line by line: the homes the landlord takes on, and its NPV,
    payback, peak debt and maximum price from the scalar landlord reference."""
    reference = _tenures_reference()
    terms = landlord.housing_association(load(), "2026-06-30")
    results = appraise.appraise(inputs)
    for s in range(inputs.n_schemes):
        lines = [k for k in range(inputs.line_scheme.size) if inputs.line_scheme[k] == s]
        homes = {"social_rent": 0.0, "affordable_rent": 0.0, "shared_ownership": 0.0}
        rent = {"social_rent": 0.0, "affordable_rent": 0.0}
        so_value, build, rented = 0.0, 0.0, 0.0
        for k in lines:
            tenure = ("market_sale", "social_rent", "affordable_rent", "shared_ownership",
                      "first_homes")[inputs.line_tenure[k]]
            n = float(inputs.line_count[k])
            if tenure in homes:
                homes[tenure] += n
            if tenure in rent:
                rent[tenure] += n * float(inputs.line_rent_per_week[k])
                build += n * float(inputs.line_gia_m2[k] * inputs.line_build_cost_per_m2[k])
                rented += n
            if tenure == "shared_ownership":
                so_value += n * float(inputs.line_market_value[k])
        if sum(homes.values()) == 0:
            assert math.isnan(results["affordable_value_landlord"][s])
            continue
        price = float(results["affordable_value_capitalisation"][s])
        scheme = reference.Scheme(
            first_year=2026, social_rent_homes=homes["social_rent"],
            affordable_rent_homes=homes["affordable_rent"],
            shared_ownership_homes=homes["shared_ownership"],
            social_rent_per_week=rent["social_rent"] / max(homes["social_rent"], 1e-300),
            affordable_rent_per_week=rent["affordable_rent"] / max(homes["affordable_rent"],
                                                                   1e-300),
            shared_ownership_value=so_value / max(homes["shared_ownership"], 1e-300),
            first_tranche_rate=float(inputs.shared_ownership_first_tranche_rate[s]),
            shared_ownership_rent_rate=float(inputs.shared_ownership_rent_rate[s]),
            build_cost_per_home=build / max(rented, 1e-300), price=price)
        expected = reference.appraise_one(scheme, terms)
        assert results["landlord_npv"][s] == pytest.approx(expected["npv"], rel=1e-9)
        assert results["landlord_peak_debt"][s] == pytest.approx(expected["peak_debt"], rel=1e-9)
        assert results["landlord_payback_year"][s] == expected["payback_year"]
        # Max price: the PV of net cashflow, capped by what can be repaid within the limit.
        flows = expected["flows"]
        pv = sum(f / (1 + terms.discount_rate) ** (t + 1) for t, f in enumerate(flows))
        cumulative, best = 0.0, -math.inf
        for t, f in enumerate(flows[: terms.payback_limit_years]):
            cumulative += f / (1 + terms.loan_rate) ** (t + 1)
            best = max(best, cumulative)
        first_tranche = (scheme.shared_ownership_homes * scheme.first_tranche_rate
                         * scheme.shared_ownership_value)
        assert results["affordable_value_landlord"][s] == pytest.approx(
            min(pv, best) + first_tranche, rel=1e-9)


def test_bad_method_landlord_or_first_tranche_is_an_error_naming_the_field(
        tree: ParameterTree) -> None:
    tables = readers.read_schemes(DATA / "mixed_scheme.yaml")
    schemes = tables.schemes.assign(affordable_valuation_method="dcf", landlord="bank",
                                    shared_ownership_first_tranche_rate=0.05)
    _, errors = assumptions.resolve(tree, schemes, tables.phases, tables.units)
    fields = {error.field for error in errors}
    assert {"affordable_valuation_method", "landlord",
            "shared_ownership_first_tranche_rate"} <= fields
    assert any("10%–100%" in error.message for error in errors)


def test_a_council_hra_scheme_uses_pwlb_terms(tree: ParameterTree) -> None:
    tables = readers.read_schemes(DATA / "mixed_scheme.yaml")
    inputs, errors = assumptions.resolve(tree, tables.schemes.assign(landlord="council_hra"),
                                         tables.phases, tables.units)
    assert errors == []
    results = appraise.appraise(inputs)
    hra = landlord.council_hra(tree, "2026-06-30")
    assert results["landlord_discount_rate"][0] == pytest.approx(hra.discount_rate)
    assert results["landlord_payback_limit_years"][0] == hra.payback_limit_years
