"""The vectorised engine equals the plain scalar reference on random schemes (relative 1e-9)."""

from __future__ import annotations

import math
from typing import Any

import appraisal_reference as reference
from appraisal_strategies import schemes
from hypothesis import HealthCheck, given, settings

from partnerhomes.appraisal import appraise, assumptions
from partnerhomes.parameters import load_tree

TREE = load_tree()
COMPARED = (
    "gdv", "gdv_market_sale", "gdv_social_rent", "gdv_affordable_rent", "gdv_shared_ownership",
    "gdv_first_homes", "build_cost", "externals", "abnormals", "contingency", "net_zero_uplift",
    "professional_fees", "cil", "section_106", "county_infrastructure", "rams",
    "biodiversity_net_gain", "sales_marketing", "sales_legal", "affordable_legal",
    "development_cost", "developer_return", "residual_land_value", "surplus", "profit",
    "finance_cost", "interest_charged", "interest_earned", "sdlt", "total_cost", "npv",
    "peak_debt", "irr", "exit_month",
)


def close(engine: float, scalar: float, atol: float = 1e-5) -> bool:
    if math.isnan(engine) or math.isnan(scalar):
        return math.isnan(engine) and math.isnan(scalar)
    return abs(engine - scalar) <= 1e-9 * max(abs(engine), abs(scalar)) + atol


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schemes())
def test_vectorised_engine_equals_scalar_reference(case: Any) -> None:
    scheme_table, phases, units, min_periods = case
    inputs, errors = assumptions.resolve(TREE, scheme_table, phases, units)
    assert errors == []
    results = appraise.appraise(inputs, min_periods=min_periods, tolerance=1e-6)
    assert results.errors == []
    for i in range(inputs.n_schemes):
        expected = reference.appraise_one(reference.scheme_dict(inputs, i), min_periods)
        for name in COMPARED:
            got = float(results[name][i])
            assert close(got, expected[name]), (name, i, got, expected[name])
