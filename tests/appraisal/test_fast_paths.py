"""Laws of the engine's fast paths: the Newton residual, the in-place closing balance, the
month-major net cashflow and the prefix sign counts give the answers of the plain methods."""

from __future__ import annotations

import itertools
import math
from typing import Any

import appraisal_reference as reference
import numpy as np
import pytest
from appraisal_strategies import schemes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from partnerhomes.appraisal import (
    appraise,
    assumptions,
    cashflow,
    costs,
    examples,
    finance,
    residual,
    revenue,
    valuation,
)
from partnerhomes.appraisal import inputs as inputs_module
from partnerhomes.appraisal.inputs import SchemeInputs
from partnerhomes.parameters import load_tree

TREE = load_tree()
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def resolved(case: Any) -> tuple[SchemeInputs, int]:
    scheme_table, phases, units, min_periods = case
    inputs, errors = assumptions.resolve(TREE, scheme_table, phases, units)
    assert errors == []
    return inputs, min_periods


@FAST
@given(schemes())
def test_the_newton_residual_lands_within_a_pound_of_the_reference_bisection(case: Any) -> None:
    inputs, min_periods = resolved(case)
    results = appraise.appraise(inputs, min_periods=min_periods)  # default tolerance: £1
    for i in range(inputs.n_schemes):
        expected = reference.appraise_one(reference.scheme_dict(inputs, i), min_periods)
        assert abs(results["residual_land_value"][i] - expected["residual_land_value"]) <= 1.0


@FAST
@given(schemes())
def test_at_the_residual_profit_equals_the_developer_return_to_rounding(case: Any) -> None:
    inputs, _ = resolved(case)
    results = appraise.appraise(inputs.replace(land_price=np.full(inputs.n_schemes, np.nan)))
    scale = (np.abs(results["gdv"]) + np.abs(results["total_cost"])
             + np.abs(results["residual_land_value"]))
    gap = results["profit"] - results["developer_return"]
    assert np.all(np.abs(gap) <= 1e-12 * scale + 1e-6)
    assert np.all(results["residual_iterations"] <= 8)


def piecewise(kinks: Any, slopes: Any, value_at_zero: float) -> Any:
    """f(x) = value_at_zero + ∫₀ˣ slope: slopes[k] on [kinks[k−1], kinks[k]) (sorted kinks)."""
    edges = np.concatenate([[-np.inf], kinks, [np.inf]])

    def f(x: Any, positions: Any) -> tuple[Any, Any]:
        del positions
        x = np.asarray(x, dtype=np.float64)
        piece = np.searchsorted(kinks, x, side="right")
        # value at x: integrate the slope from 0 to x piece by piece
        value = np.full(x.shape, value_at_zero)
        for k, slope in enumerate(slopes):
            low, high = edges[k], edges[k + 1]
            covered = np.clip(x, low, high) - np.clip(0.0, low, high)
            value = value + slope * covered
        return value, np.asarray(slopes)[piece]

    return f


@settings(max_examples=200, deadline=None)
@given(kinks=hnp.arrays(np.float64, st.integers(1, 6), elements=st.floats(-1e6, 1e6),
                        unique=True),
       steepness=st.lists(st.floats(1.0, 5.0), min_size=7, max_size=7),
       value_at_zero=st.floats(-1e7, 1e7), start=st.floats(-2e6, 2e6), concave=st.booleans())
def test_newton_finds_the_root_of_a_decreasing_piecewise_linear_function(
        kinks: Any, steepness: list[float], value_at_zero: float, start: float,
        concave: bool) -> None:
    kinks = np.sort(kinks)
    magnitudes = steepness[: kinks.size + 1]
    # concave: the slope only gets steeper; otherwise any order of steepnesses ≥ 1
    slopes = -np.cumsum(magnitudes) if concave else -np.asarray(magnitudes)
    f = piecewise(kinks, slopes, value_at_zero)
    root, evaluations = residual.solve_newton(f, np.array([start]), tolerance=1.0)
    # the root by bisection
    low, high = -1e9, 1e9
    for _ in range(200):
        middle = 0.5 * (low + high)
        low, high = (middle, high) if f(np.array([middle]), None)[0][0] > 0 else (low, middle)
    assert abs(root[0] - 0.5 * (low + high)) <= 0.5
    if concave:  # one Newton step per linear piece at most, then exact
        assert evaluations[0] <= kinks.size + 3
        assert abs(f(root, None)[0][0]) <= 1e-6 * (1.0 + abs(value_at_zero))


def test_newton_gives_nan_where_the_objective_is_not_finite() -> None:
    def f(x: Any, positions: Any) -> tuple[Any, Any]:
        return np.where(positions == 1, np.nan, 5.0 - x), -np.ones(x.shape)

    roots, _ = residual.solve_newton(f, np.zeros(2))
    assert roots[0] == 5.0 and math.isnan(roots[1])


@settings(max_examples=100, deadline=None)
@given(n=st.integers(1, 6), months=st.integers(1, 24), seed=st.integers(0, 2**32 - 1))
def test_closing_balance_with_lumps_equals_the_recursion_on_the_full_flows(
        n: int, months: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    exits = np.sort(rng.integers(0, months, n))[::-1].copy()
    flows = rng.normal(0, 1e5, (months, n)) * (np.arange(months)[:, None] <= exits)
    debit, credit = rng.uniform(0, 0.02, n), rng.uniform(0, 0.01, n)
    lump_month = rng.integers(0, exits + 1)
    amount, slope = rng.normal(0, 1e5, n), rng.uniform(0.5, 2.0, n)
    balance, derivative = finance.closing_balance_and_slope(
        flows, debit, credit, exits, [(lump_month, amount, slope)])
    full = flows.copy()
    full[lump_month, np.arange(n)] -= amount
    expected = finance.final_balance(full, debit, credit, exits)
    np.testing.assert_allclose(balance, expected, rtol=1e-12, atol=1e-6)
    # the slope is dB/dx when the lump moves by slope × dx: exact away from a sign change
    step = 1e-3
    moved = finance.closing_balance_and_slope(flows, debit, credit, exits,
                                              [(lump_month, amount + slope * step, slope)])[0]
    finite_difference = (moved - balance) / step
    kinked = np.abs(finite_difference - derivative) > 1e-6 * np.abs(derivative) + 1e-6
    assert kinked.sum() <= n // 2  # a sign change between x and x + step moves few schemes


@FAST
@given(schemes())
def test_the_net_cashflow_is_the_sum_of_its_lines(case: Any) -> None:
    inputs, min_periods = resolved(case)
    flows = cashflow.build_cashflow(inputs, min_periods=min_periods)
    lines = flows.line_matrices()
    expected = sum((matrix if name in cashflow.RECEIPT_LINES else -matrix
                    for name, matrix in lines.items()), start=np.zeros(flows.net.shape))
    scale = sum(np.abs(matrix) for matrix in lines.values()).max(initial=1.0)
    np.testing.assert_allclose(flows.net, expected, rtol=0, atol=1e-12 * scale)
    assert flows.net.shape == (inputs.n_schemes, flows.n_periods)
    after_exit = np.arange(flows.n_periods) > flows.exit_month[:, np.newaxis]
    assert np.all(flows.net[after_exit] == 0.0)


@settings(max_examples=100, deadline=None)
@given(n=st.integers(1, 8), months=st.integers(1, 30), seed=st.integers(0, 2**32 - 1))
def test_irr_skipping_closed_months_equals_irr_on_every_month(n: int, months: int,
                                                             seed: int) -> None:
    rng = np.random.default_rng(seed)
    exits = rng.integers(0, months, n)
    flows = rng.normal(0, 1e5, (months, n)) * (rng.random((months, n)) < 0.7)
    flows[0] = -np.abs(flows[0]) - 1.0
    flows *= np.arange(months)[:, None] <= exits
    np.testing.assert_array_equal(valuation.irr_by_month(flows, exit_month=exits),
                                  valuation.irr_by_month(flows))
    np.testing.assert_array_equal(valuation.sign_changes(flows),
                                  _plain_sign_changes(flows))


def _plain_sign_changes(flows_by_month: Any) -> Any:
    """Sign changes counted one scheme at a time, zeros (below 1e-9 of the largest) skipped."""
    counts = []
    for column in flows_by_month.T:
        biggest = np.abs(column).max(initial=0.0)
        signs = [1 if x > 0 else -1 for x in column if abs(x) > valuation.SIGN_NOISE * biggest]
        counts.append(sum(1 for a, b in itertools.pairwise(signs) if a != b))
    return np.array(counts)


@FAST
@given(schemes())
def test_the_summarised_balance_path_equals_the_stored_one(case: Any) -> None:
    inputs, min_periods = resolved(case)
    summary = appraise.appraise(inputs, min_periods=min_periods)
    full = appraise.appraise(inputs, min_periods=min_periods, include_cashflow=True)
    assert full.cashflow is not None
    for name, values in summary.values.items():  # asking for the matrices changes nothing
        if values.dtype.kind in "fib":
            np.testing.assert_array_equal(values, full[name], err_msg=name)
    balance, interest = full.cashflow["balance"], full.cashflow["interest"]
    peak, month = valuation.peak_debt(balance)
    np.testing.assert_array_equal(summary["peak_debt"], peak)
    np.testing.assert_array_equal(summary["peak_debt_month"], month)
    np.testing.assert_array_equal(summary["break_even_month"], valuation.break_even_month(balance))
    scale = np.abs(interest).sum(axis=1) + 1.0
    assert np.all(np.abs(summary["interest_charged"] + np.minimum(interest, 0).sum(axis=1))
                  <= 1e-12 * scale)
    assert np.all(np.abs(summary["interest_earned"] - np.maximum(interest, 0).sum(axis=1))
                  <= 1e-12 * scale)
    np.testing.assert_array_equal(summary["profit"], balance[:, -1])


@settings(max_examples=200, deadline=None)
@given(cost=st.floats(1.0, 1e8), gain=st.floats(-0.9, 5.0), cost_month=st.integers(0, 30),
       gap=st.integers(1, 60))
def test_the_two_lump_start_is_the_irr_of_two_lumps(cost: float, gain: float, cost_month: int,
                                                    gap: int) -> None:
    months = cost_month + gap + 1
    flows = np.zeros((months, 1))
    flows[cost_month, 0], flows[cost_month + gap, 0] = -cost, cost * (1.0 + gain)
    start = valuation._two_lump_start(flows, np.array([0.0]), np.array([np.inf]))
    assert math.isclose(float(start[0]), (1.0 + gain) ** (-1.0 / gap), rel_tol=1e-12)
    # outside the bracket it falls back to v = 1 (a monthly rate of 0)
    above = start + 1.0
    assert valuation._two_lump_start(flows, above, above + 1.0).tolist() == [1.0]


@settings(max_examples=100, deadline=None)
@given(n=st.integers(1, 8), months=st.integers(2, 40), seed=st.integers(0, 2**32 - 1))
def test_irr_from_the_two_lump_start_has_an_npv_of_zero(n: int, months: int, seed: int) -> None:
    """Conventional flows of any shape (costs, then receipts, zeros between): the IRR found
    from the two-lump start discounts them to 0, within its bracket."""
    rng = np.random.default_rng(seed)
    switch = rng.integers(1, months, n)
    exits = np.sort(rng.integers(switch, months))[::-1].copy()
    switch = np.minimum(switch, exits)
    month = np.arange(months)[:, None]
    size = rng.lognormal(10, 2, (months, n)) * (rng.random((months, n)) < 0.8)
    flows = np.where(month < switch, -size, size * rng.uniform(0.2, 3.0, n))
    flows[0] = -np.abs(flows[0]) - 1.0
    flows[exits, np.arange(n)] = np.abs(flows[exits, np.arange(n)]) + 1.0
    flows *= month <= exits
    irr = valuation.irr_by_month(flows, exit_month=exits)
    np.testing.assert_array_equal(irr, valuation.irr_by_month(flows))
    found = np.isfinite(irr)
    in_bracket = np.array([_npv_sign_change(flows[:, i]) for i in range(n)])
    assert np.array_equal(found, in_bracket)
    v = (1.0 + irr[found]) ** (-1.0 / 12.0)
    npv = (flows[:, found] * v ** month).sum(axis=0)
    scale = (np.abs(flows[:, found]) * v ** month).sum(axis=0)
    assert np.all(np.abs(npv) <= 1e-9 * scale)


def _npv_sign_change(flows: Any) -> bool:
    """Whether NPV changes sign over the monthly rate bracket (conventional flows)."""
    low_rate, high_rate = valuation.IRR_BRACKET_MONTHLY
    t = np.arange(flows.size)
    ends = [float((flows * (1.0 + rate) ** -t).sum()) for rate in (low_rate, high_rate)]
    return ends[0] * ends[1] < 0


@settings(max_examples=100, deadline=None)
@given(n=st.integers(1, 12), months=st.integers(1, 24), seed=st.integers(0, 2**32 - 1))
def test_the_closing_balance_of_some_schemes_is_theirs_among_all(n: int, months: int,
                                                                 seed: int) -> None:
    """f(L) and f′(L) of a subset of schemes (gathered when fewer than half, else one pass over
    all with the others at their last price) equal theirs in a pass over all, to the bit."""
    rng = np.random.default_rng(seed)
    exits = np.sort(rng.integers(0, months, n))[::-1].copy()
    static = rng.normal(0, 1e5, (months, n)) * (np.arange(months)[:, None] <= exits)
    thresholds = np.tile([[0.0], [150e3], [250e3]], (1, n))  # band-major (B, S)
    by_scheme = {
        "debit": rng.uniform(0, 0.02, n), "credit": rng.uniform(0, 0.01, n),
        "fee_rate": rng.uniform(0, 0.02, n), "cost": rng.uniform(0, 1e6, n),
        "target": rng.uniform(0, 1e5, n), "thresholds": thresholds,
        "rates": np.tile([[0.0], [0.02], [0.05]], (1, n)), "arrangement": rng.uniform(0, 0.01, n),
        "exit": rng.uniform(0, 0.01, n), "land_month": rng.integers(0, exits + 1)}
    closing = appraise._Closing(static, exits, by_scheme)
    land = rng.uniform(-2e5, 6e5, n)
    every_value, every_slope = closing(land, np.arange(n))
    for size in range(1, n + 1):
        positions = np.sort(rng.choice(n, size, replace=False))
        moved = rng.uniform(-2e5, 6e5, n)  # the others' last prices must not matter
        closing(moved, np.arange(n))
        value, slope = closing(land[positions], positions)
        np.testing.assert_array_equal(value, every_value[positions])
        np.testing.assert_array_equal(slope, every_slope[positions])


@settings(max_examples=200, deadline=None)
@given(available=hnp.arrays(np.float64, st.integers(1, 8),
                            elements=st.floats(-1e6, 1e8, allow_subnormal=False)),
       rates=st.lists(st.floats(0.0, 0.2), min_size=3, max_size=3).map(sorted),
       fee_rate=st.floats(0.0, 0.05), padded=st.booleans())
def test_the_static_residual_pays_exactly_what_is_available(
        available: Any, rates: list[float], fee_rate: float, padded: bool) -> None:
    """L + SDLT(L) + fees × max(L, 0) = available (L = available when it is ≤ 0), band by band
    with bands padded at the front by empty ones as the inputs are."""
    n = available.size
    thresholds = np.tile([0.0, 0.0, 150e3, 250e3] if padded else [0.0, 150e3, 250e3], (n, 1))
    band_rates = np.tile(([0.0] if padded else []) + rates, (n, 1))
    fees = np.full(n, fee_rate)
    land = residual.static_residual(available, thresholds, band_rates, fees)
    paid = land + costs.banded_sdlt(thresholds, band_rates, land) + fees * np.maximum(land, 0.0)
    np.testing.assert_allclose(paid, available, rtol=1e-12, atol=1e-6)
    assert np.all(land <= np.maximum(available, 0.0) + 1e-6)


@settings(max_examples=200, deadline=None)
@given(values=hnp.arrays(np.float64, st.tuples(st.integers(0, 5), st.integers(0, 3),
                                                st.integers(0, 10)),
                         elements=st.floats(-1e12, 1e12, allow_subnormal=False)),
       data=st.data())
def test_column_sums_are_numpys_sums_to_the_bit(values: Any, data: Any) -> None:
    """Bit for bit below 8 columns (numpy adds so few in order); numpy's own sum from 8."""
    width = values.shape[-1]
    columns = data.draw(st.lists(st.integers(0, max(width - 1, 0)), unique=True)
                        if width else st.just([]))
    picked = inputs_module.sum_last_axis(values, columns)
    if len(columns) < 8:
        np.testing.assert_array_equal(picked, values[..., columns].sum(axis=-1))
    else:  # a pairwise sum of a gathered copy: its rounding may depend on the copy's alignment
        np.testing.assert_allclose(picked, values[..., columns].sum(axis=-1), rtol=1e-15,
                                   atol=1e-3)
    np.testing.assert_array_equal(inputs_module.sum_last_axis(values), values.sum(axis=-1))


@settings(max_examples=200, deadline=None)
@given(price=hnp.arrays(np.float64, st.integers(1, 6), elements=st.floats(-1e6, 1e9)),
       rates=st.lists(st.floats(0.0, 0.2), min_size=1, max_size=5),
       steps=st.lists(st.floats(0.0, 5e5), min_size=5, max_size=5))
def test_banded_sdlt_is_the_plain_sum_over_bands(price: Any, rates: list[float],
                                                 steps: list[float]) -> None:
    """Σ_k rate_k × clip(L − threshold_k, 0, width_k) (the last band open), 0 for L ≤ 0, and
    the same numbers bit for bit as on the (S, B) matrix summed with numpy."""
    n, bands = price.size, len(rates)
    thresholds = np.tile(np.concatenate([[0.0], np.cumsum(steps[:bands - 1])]), (n, 1))
    band_rates = np.tile(rates, (n, 1))
    tax = costs.banded_sdlt(thresholds, band_rates, price)
    base = np.maximum(price, 0.0)[:, np.newaxis]
    width = np.concatenate([np.diff(thresholds, axis=1), np.full((n, 1), np.inf)], axis=1)
    np.testing.assert_array_equal(
        tax, (np.minimum(np.maximum(base - thresholds, 0.0), width) * band_rates).sum(axis=1))
    for i in range(n):
        plain = sum(rate * min(max(max(float(price[i]), 0.0) - low, 0.0), high - low)
                    for rate, low, high in zip(rates, thresholds[i],
                                               [*thresholds[i, 1:], math.inf],
                                               strict=True))
        assert math.isclose(float(tax[i]), plain, rel_tol=1e-12, abs_tol=1e-9)


@pytest.mark.parametrize("unknown", [False, True])
def test_sums_by_phase_and_tenure_are_the_plain_masked_sums(unknown: bool) -> None:
    """One bincount over (scheme, phase, tenure) cells, the cells shared between quantities:
    each cell is the plain sum of its lines; a line of an unknown tenure counts nowhere."""
    inputs = examples.two_schemes()
    if unknown:
        inputs = inputs.replace(line_tenure=np.where(np.arange(inputs.line_tenure.size) == 0, 9,
                                                     inputs.line_tenure))
    cells = revenue.tenure_cells(inputs)
    assert (cells[1] is None) == (not unknown)
    values = inputs.line_count * 1000.0 + np.arange(inputs.line_count.size)
    table = revenue.by_phase_and_tenure(inputs, values, cells)
    np.testing.assert_array_equal(table, revenue.by_phase_and_tenure(inputs, values))
    for s, p, k in itertools.product(range(inputs.n_schemes), range(inputs.n_phases),
                                     range(table.shape[2])):
        lines = ((inputs.line_scheme == s) & (inputs.line_phase == p)
                 & (inputs.line_tenure == k))
        assert table[s, p, k] == values[lines].sum()


@settings(max_examples=200, deadline=None)
@given(kinks=hnp.arrays(np.float64, st.integers(1, 6), elements=st.floats(-1e6, 1e6),
                        unique=True),
       steepness=st.lists(st.floats(1.0, 5.0), min_size=7, max_size=7),
       value_at_zero=st.floats(-1e7, 1e7), start=st.floats(-2e6, 2e6), concave=st.booleans())
def test_newton_stopping_on_the_piece_finds_the_same_root_in_no_more_steps(
        kinks: Any, steepness: list[float], value_at_zero: float, start: float,
        concave: bool) -> None:
    """A Newton point that falls within x's linear piece is the root: stopping there (without
    the evaluation confirming it) gives the root the confirmed search gives."""
    kinks = np.sort(kinks)
    magnitudes = steepness[: kinks.size + 1]
    slopes = -np.cumsum(magnitudes) if concave else -np.asarray(magnitudes)
    f = piecewise(kinks, slopes, value_at_zero)

    def falls(x: Any, positions: Any) -> tuple[Any, Any, Any]:
        value, slope = f(x, positions)
        below = [kinks[kinks <= point] for point in x]  # a kink at x: no room to fall
        room = np.array([point - edges.max() if edges.size else np.inf
                         for point, edges in zip(x, below, strict=True)])
        return value, slope, room

    plain, plain_steps = residual.solve_newton(f, np.array([start]), tolerance=1.0)
    root, steps = residual.solve_newton(f, np.array([start]), tolerance=1.0, falls=falls)
    scale = 1.0 + abs(value_at_zero)
    assert abs(root[0] - plain[0]) <= 1e-9 * (abs(plain[0]) + scale)
    assert steps[0] <= plain_steps[0]
    if concave:
        assert abs(f(root, None)[0][0]) <= 1e-6 * scale


@settings(max_examples=100, deadline=None)
@given(n=st.integers(1, 6), months=st.integers(2, 24), seed=st.integers(0, 2**32 - 1))
def test_the_closing_balance_is_linear_as_far_as_the_land_can_fall(n: int, months: int,
                                                                   seed: int) -> None:
    """Within the reported fall no month's opening balance changes side of 0, so the closing
    balance moves by exactly its slope × the distance fallen (to rounding)."""
    rng = np.random.default_rng(seed)
    exits = np.sort(rng.integers(1, months, n))[::-1].copy()
    flows = rng.normal(0, 1e5, (months, n)) * (np.arange(months)[:, None] <= exits)
    debit, credit = rng.uniform(0.001, 0.02, n), rng.uniform(0, 0.001, n)
    lump_month = rng.integers(0, exits + 1)
    amount, slope = rng.normal(0, 1e5, n), rng.uniform(0.5, 2.0, n)
    fall = np.full(n, np.inf)
    balance, derivative = finance.closing_balance_and_slope(
        flows, debit, credit, exits, [(lump_month, amount, slope)], fall=fall)
    within = np.where(np.isfinite(fall), 0.999 * fall, 1e5)
    moved = finance.closing_balance_and_slope(
        flows, debit, credit, exits, [(lump_month, amount - slope * within, slope)])[0]
    expected = balance - derivative * within
    scale = np.abs(flows).sum(axis=0) + np.abs(amount) + np.abs(slope * within) + 1.0
    assert np.all(np.abs(moved - expected) <= 1e-9 * scale)


@FAST
@given(hnp.arrays(np.int64, st.integers(0, 300), elements=st.one_of(
    st.integers(0, 200), st.integers(-5, 70_000))))
def test_latest_exit_first_is_the_stable_descending_sort(months: Any) -> None:
    # radix sort on 16 bits when the months fit, numpy's stable sort of −months otherwise
    order = finance.latest_exit_first(months)
    assert order.tolist() == np.argsort(-months, kind="stable").tolist()
