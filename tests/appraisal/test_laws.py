"""Numerical laws of the appraisal: monotonicity, zero-rate limits, IRR ⇔ NPV 0, modes agree."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pandas as pd
import pytest
from appraisal_strategies import schemes
from hypothesis import HealthCheck, given, settings

from partnerhomes.appraisal import appraise, assumptions, costs, examples, valuation
from partnerhomes.appraisal.inputs import SchemeInputs
from partnerhomes.parameters import ParameterTree, load_tree

TREE = load_tree()
SLACK = 1e-3  # [GBP] the residual is solved to 1e-6 here; monotone comparisons allow this much


def rlv(inputs: SchemeInputs) -> Any:
    return appraise.appraise(inputs, tolerance=1e-6)["residual_land_value"]


def resolved(case: Any) -> SchemeInputs:
    scheme_table, phases, units, _ = case
    inputs, errors = assumptions.resolve(TREE, scheme_table, phases, units)
    assert errors == []
    return inputs


LAW_SETTINGS = settings(max_examples=40, deadline=None,
                        suppress_health_check=[HealthCheck.too_slow])


@LAW_SETTINGS
@given(schemes())
def test_residual_land_value_falls_when_build_cost_rises(case: Any) -> None:
    inputs = resolved(case)
    dearer = inputs.replace(line_build_cost_per_m2=inputs.line_build_cost_per_m2 * 1.1)
    assert np.all(rlv(dearer) <= rlv(inputs) + SLACK)


@LAW_SETTINGS
@given(schemes())
def test_residual_land_value_rises_with_sales_values(case: Any) -> None:
    inputs = resolved(case)
    richer = inputs.replace(line_market_value=inputs.line_market_value * 1.1)
    assert np.all(rlv(richer) >= rlv(inputs) - SLACK)


@LAW_SETTINGS
@given(schemes())
def test_residual_land_value_falls_when_interest_rate_rises(case: Any) -> None:
    inputs = resolved(case)
    dearer = inputs.replace(debit_rate=inputs.debit_rate + 0.02)
    assert np.all(rlv(dearer) <= rlv(inputs) + SLACK)


def mixed_scheme(tree: ParameterTree, affordable_share: float) -> SchemeInputs:
    schemes_table = pd.DataFrame([{"scheme_id": "M", "gss_code": "E07000066",
                                   "valuation_date": "2026-06-30", "hectares": 2.0}])
    units = pd.DataFrame([
        {"scheme_id": "M", "tenure": "market_sale", "unit_type": "house_3_bed",
         "count": 80 * (1 - affordable_share)},
        {"scheme_id": "M", "tenure": "social_rent", "unit_type": "house_3_bed",
         "count": 80 * affordable_share * 0.7},
        {"scheme_id": "M", "tenure": "shared_ownership", "unit_type": "house_3_bed",
         "count": 80 * affordable_share * 0.3},
    ])
    inputs, errors = assumptions.resolve(tree, schemes_table, pd.DataFrame(), units)
    assert errors == []
    return inputs


def test_residual_land_value_falls_when_affordable_share_rises(tree: ParameterTree) -> None:
    values = [float(rlv(mixed_scheme(tree, share))[0]) for share in np.linspace(0, 0.5, 6)]
    assert all(later < earlier for earlier, later in itertools.pairwise(values))


def test_residual_land_value_falls_when_build_time_rises() -> None:
    inputs = examples.two_schemes()
    longer = inputs.replace(phase_build_months=inputs.phase_build_months + 6,
                            phase_sales_start_month=inputs.phase_sales_start_month + 6)
    assert np.all(rlv(longer) < rlv(inputs))


@LAW_SETTINGS
@given(schemes())
def test_zero_interest_gives_zero_finance_cost_and_the_static_residual(case: Any) -> None:
    inputs = resolved(case)
    zeros = np.zeros(inputs.n_schemes)
    free = inputs.replace(debit_rate=zeros, credit_rate=zeros, arrangement_fee_rate=zeros,
                          exit_fee_rate=zeros)
    results = appraise.appraise(free, tolerance=1e-6)
    np.testing.assert_allclose(results["finance_cost"], 0.0, atol=1e-9)
    # static residual: L + SDLT(L) + fees(L) = GDV − development cost − developer return
    target = results["gdv"] - results["development_cost"] - results["developer_return"]
    low, high = target - abs(target) - 1e7, target + 1.0
    for _ in range(200):
        middle = 0.5 * (low + high)
        spent = (middle + costs.sdlt(free, middle)
                 + (free.land_agent_fee_rate + free.land_legal_fee_rate) * np.maximum(middle, 0))
        low, high = np.where(spent < target, middle, low), np.where(spent < target, high, middle)
    np.testing.assert_allclose(results["residual_land_value"], 0.5 * (low + high), rtol=1e-9,
                               atol=1e-5)


@LAW_SETTINGS
@given(schemes())
def test_irr_reproduces_an_npv_of_zero(case: Any) -> None:
    inputs = resolved(case)
    results = appraise.appraise(inputs, include_cashflow=True)
    assert results.cashflow is not None
    unlevered = (results.cashflow["net"] + results.cashflow["arrangement_fee"]
                 + results.cashflow["exit_fee"])
    irr = results["irr"]
    found = np.isfinite(irr)
    npv = valuation.npv(unlevered[found], irr[found])
    # the scale of the sum is that of its discounted terms (large when the IRR is near −100%)
    scale = valuation.npv(np.abs(unlevered[found]), irr[found])
    assert np.all(np.abs(npv) <= 1e-9 * scale)


@LAW_SETTINGS
@given(schemes())
def test_viability_and_residual_modes_agree(case: Any) -> None:
    inputs = resolved(case)
    residual = appraise.appraise(inputs.replace(land_price=np.full(inputs.n_schemes, np.nan)),
                                 tolerance=1e-6)
    paid = appraise.appraise(inputs.replace(land_price=residual["residual_land_value"]))
    scale = 1.0 + np.abs(paid["gdv"]) + np.abs(paid["total_cost"])
    assert np.all(np.abs(paid["surplus"]) <= 1e-6 + 1e-12 * scale)


def test_residual_is_solved_to_within_one_pound() -> None:
    results = appraise.appraise(examples.two_schemes())
    assert np.all(np.abs(results["surplus_at_residual"]) < 1.0)


@pytest.mark.parametrize("curve", ["smoothstep", "straight_line"])
def test_build_cost_is_spent_in_full_whatever_the_curve(curve: str) -> None:
    from partnerhomes.appraisal import phasing

    results = appraise.appraise(examples.two_schemes(), curve=getattr(phasing, curve),
                                include_cashflow=True)
    assert results.cashflow is not None
    np.testing.assert_allclose(results.cashflow["build_cost"].sum(axis=1),
                               results["build_cost"], rtol=1e-12)
