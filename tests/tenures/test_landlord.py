"""The landlord appraisal: presets, scalar reference, numerical laws, hurdles and grant."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerhomes.parameters import ParameterTree
from partnerhomes.tenures.landlord import (
    LandlordTerms,
    affordable_additionality,
    appraise,
    council_hra,
    grant_benchmarks,
    housing_association,
    irr,
    schemes,
)
from partnerhomes.tenures.rents import RentRuleError

from .reference import Scheme, appraise_one

ON = "2026-04-01"



@pytest.fixture(scope="module")
def terms(tree: ParameterTree) -> LandlordTerms:
    return housing_association(tree, ON)


def a_scheme(**overrides: float) -> dict[str, float]:
    base = dict(social_rent_homes=10.0, affordable_rent_homes=4.0, shared_ownership_homes=6.0,
                social_rent_per_week=150.0, affordable_rent_per_week=190.0,
                shared_ownership_value=320_000.0, build_cost_per_home=190_000.0,
                price=2_600_000.0, grant=400_000.0)
    base.update(overrides)
    return base


def test_presets_read_their_parameters(tree: ParameterTree) -> None:
    ha = housing_association(tree, ON)
    hra = council_hra(tree, ON)
    assert ha.horizon_years == 40 and ha.discount_rate == 0.06
    assert hra.horizon_years == 50
    assert hra.loan_rate == pytest.approx(0.05 + 0.004)  # gilts + PWLB HRA margin
    assert hra.voids_rate == ha.voids_rate  # HRA falls back to the HA's allowances
    assert ha.rent_change[0] == pytest.approx(0.048)  # 2026-27: Sept 2025 CPI 3.8% + 1%


def test_presets_are_overridable(terms: LandlordTerms) -> None:
    changed = terms.replace(discount_rate=0.045, horizon_years=60)
    assert changed.discount_rate == 0.045 and changed.horizon_years == 60
    assert terms.discount_rate == 0.06


scheme_values = st.fixed_dictionaries({
    "first_year": st.integers(2026, 2032),
    "social_rent_homes": st.integers(0, 30).map(float),
    "affordable_rent_homes": st.integers(0, 10).map(float),
    "shared_ownership_homes": st.integers(0, 10).map(float),
    "social_rent_per_week": st.floats(80, 250),
    "affordable_rent_per_week": st.floats(120, 300),
    "shared_ownership_value": st.floats(150_000, 500_000),
    "first_tranche_rate": st.floats(0.1, 0.75),
    "build_cost_per_home": st.floats(100_000, 250_000),
    "price": st.floats(0, 8_000_000),
    "grant": st.floats(0, 2_000_000),
})


@settings(max_examples=40, deadline=None)
@given(st.lists(scheme_values, min_size=1, max_size=5), st.integers(30, 60))
def test_vectorised_equals_the_scalar_reference(terms: LandlordTerms,
                                                rows: list[dict[str, float]],
                                                horizon: int) -> None:
    changed = terms.replace(horizon_years=horizon)
    columns = {key: [row[key] for row in rows] for key in rows[0]}
    result = appraise(schemes(**columns), changed)
    for k, row in enumerate(rows):
        expected = appraise_one(Scheme(**row), changed)  # type: ignore[arg-type]
        assert result.npv[k] == pytest.approx(expected["npv"], rel=1e-9, abs=1e-4)
        assert result.peak_debt[k] == pytest.approx(expected["peak_debt"], rel=1e-9, abs=1e-4)
        assert np.allclose(result.cashflows["net_cashflow"][k], expected["flows"], rtol=1e-9)
        both_nan = math.isnan(expected["payback_year"]) and math.isnan(result.payback_year[k])
        assert both_nan or result.payback_year[k] == expected["payback_year"]


@settings(max_examples=40, deadline=None)
@given(scheme_values, st.floats(0.0, 0.12), st.floats(0.001, 0.05))
def test_npv_falls_as_the_discount_rate_rises(terms: LandlordTerms, row: dict[str, float],
                                              rate: float, step: float) -> None:
    homes = schemes(**row)  # type: ignore[arg-type]
    low = appraise(homes, terms.replace(discount_rate=rate)).npv[0]
    high = appraise(homes, terms.replace(discount_rate=rate + step)).npv[0]
    if (appraise(homes, terms).cashflows["net_cashflow"] >= 0).all():
        assert high <= low + 1e-6


@settings(max_examples=40, deadline=None)
@given(scheme_values, st.floats(1.0, 3_000_000))
def test_payback_is_later_with_more_debt(terms: LandlordTerms, row: dict[str, float],
                                         extra: float) -> None:
    homes = schemes(**row)  # type: ignore[arg-type]
    more = schemes(**{**row, "price": row["price"] + extra})  # type: ignore[arg-type]
    early = appraise(homes, terms).payback_year[0]
    late = appraise(more, terms).payback_year[0]
    assert math.isnan(late) or (not math.isnan(early) and late >= early)


def test_zero_staircasing_keeps_the_equity_and_its_rent_constant(terms: LandlordTerms) -> None:
    flat = terms.replace(staircasing_rate=0.0, rent_change=np.zeros_like(terms.rent_change))
    result = appraise(schemes(2027, **a_scheme()), flat)
    rent = result.cashflows["shared_ownership_rent"][0]
    assert np.allclose(rent, rent[0]) and rent[0] == pytest.approx(6 * 0.75 * 320_000 * 0.0275)
    assert not result.cashflows["staircasing_receipts"].any()


def test_staircasing_lowers_rent_pro_rata_and_brings_receipts(terms: LandlordTerms) -> None:
    flat = terms.replace(staircasing_rate=0.1, rent_change=np.zeros_like(terms.rent_change))
    result = appraise(schemes(2027, **a_scheme()), flat)
    rent = result.cashflows["shared_ownership_rent"][0]
    assert rent[1] / rent[0] == pytest.approx(0.9)
    assert result.cashflows["staircasing_receipts"][0, 0] > 0


def test_irr_discounts_the_flows_to_zero(terms: LandlordTerms) -> None:
    result = appraise(schemes(2027, **a_scheme()), terms)
    at_irr = appraise(schemes(2027, **a_scheme()), terms.replace(discount_rate=result.irr[0]))
    assert at_irr.npv[0] == pytest.approx(0.0, abs=1e-3)


def test_irr_is_nan_without_a_sign_change() -> None:
    assert np.isnan(irr([[100.0, 10.0, 10.0]])[0])
    assert irr([[-100.0, 110.0]])[0] == pytest.approx(0.1)


def test_paying_the_max_price_meets_both_hurdles_exactly(terms: LandlordTerms) -> None:
    first = appraise(schemes(2027, **a_scheme()), terms)
    at_max = appraise(schemes(2027, **a_scheme(price=float(first.max_price[0]))), terms)
    assert at_max.npv[0] >= -1e-3
    assert at_max.payback_year[0] <= terms.payback_limit_years


def test_the_grant_needed_closes_the_gap(terms: LandlordTerms, tree: ParameterTree) -> None:
    homes = schemes(2027, **a_scheme(grant=0.0, price=4_500_000.0))
    need = appraise(homes, terms).grant_needed
    assert need[0] > 0
    funded = appraise(schemes(2027, **a_scheme(grant=float(need[0]) + 1.0,
                                               price=4_500_000.0)), terms)
    assert funded.meets_hurdles[0]
    compared = grant_benchmarks(tree, homes, need, ON)
    assert compared["grant_per_home"][0] == pytest.approx(need[0] / 20)
    assert compared["grant_per_social_rent_home"][0] == pytest.approx(need[0] / 10)
    assert compared["benchmark_per_home_sahp_average_multiple"][0] == pytest.approx(
        need[0] / 20 / 130_000)


def test_affordable_additionality_counts_whole_homes_up_to_the_market_homes() -> None:
    extra = affordable_additionality([1_000_000.0, 1_000_000.0], [350_000.0, 350_000.0],
                                     [150_000.0, 150_000.0], market_homes=[10.0, 3.0])
    assert extra.tolist() == [5.0, 3.0]


def test_bad_inputs_are_refused() -> None:
    with pytest.raises(RentRuleError, match="10–100%"):
        schemes(2027, shared_ownership_homes=2, first_tranche_rate=0.05)
    with pytest.raises(RentRuleError, match="≥ 0"):
        schemes(2027, social_rent_homes=-1)


def test_terms_are_a_frozen_dataclass(terms: LandlordTerms) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        terms.discount_rate = 0.1  # type: ignore[misc]


def test_the_landlord_command_prints_json_per_scheme(tmp_path: pytest.TempPathFactory) -> None:
    import json

    from typer.testing import CliRunner

    from partnerhomes.cli.tenures import app

    spec = tmp_path / "landlord.yaml"  # type: ignore[operator]
    spec.write_text(
        "landlord: council_hra\nterms: {discount_rate: 0.055}\nschemes:\n"
        "  - {name: A, first_year: 2027, social_rent_homes: 12, shared_ownership_homes: 6,\n"
        "     social_rent_per_week: 160, shared_ownership_value: 320000,\n"
        "     build_cost_per_home: 190000, price: 3200000, grant: 600000}\n"
        "  - {name: B, first_year: 2028, affordable_rent_homes: 8,\n"
        "     affordable_rent_per_week: 175, price: 1500000}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["landlord", str(spec), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [row["name"] for row in rows] == ["A", "B"]
    assert rows[0]["landlord"] == "council_hra" and rows[0]["horizon_years"] == 50
    assert rows[1]["grant_needed"] > 0 and rows[1]["meets_hurdles"] is False


SUMMARY_FIELDS = ("net_capital_cost", "npv", "irr", "payback_year", "peak_debt",
                  "minimum_interest_cover", "max_price", "grant_needed", "meets_hurdles", "price")


@settings(max_examples=40, deadline=None)
@given(st.lists(scheme_values, min_size=1, max_size=8), st.integers(20, 60),
       st.lists(st.booleans(), min_size=8, max_size=8))
def test_the_summary_only_path_equals_the_full_path(terms: LandlordTerms,
                                                    rows: list[dict[str, float]], horizon: int,
                                                    at_max: list[bool]) -> None:
    """``cashflows=False`` skips the lines, not the metrics: every metric is identical."""
    changed = terms.replace(horizon_years=horizon)
    homes = schemes(**{key: [row[key] for row in rows] for key in rows[0]})
    flags = np.array(at_max[:len(rows)])
    full = appraise(homes, changed, at_max_price=flags)
    summary = appraise(homes, changed, at_max_price=flags, cashflows=False)
    assert summary.cashflows == {} and "net_cashflow" in full.cashflows
    for name in SUMMARY_FIELDS:
        assert np.array_equal(getattr(summary, name), getattr(full, name), equal_nan=True), name


@settings(max_examples=40, deadline=None)
@given(st.lists(scheme_values, min_size=1, max_size=6), st.integers(20, 60))
def test_the_metrics_agree_with_the_cashflow_lines(terms: LandlordTerms,
                                                   rows: list[dict[str, float]],
                                                   horizon: int) -> None:
    """The metrics (from year profiles × each scheme's amounts) equal the same quantities
    computed plainly from the cashflow lines (each line by its own formula)."""
    changed = terms.replace(horizon_years=horizon)
    result = appraise(schemes(**{key: [row[key] for row in rows] for key in rows[0]}), changed)
    lines = result.cashflows
    parts = (lines["gross_rent"] - lines["voids"] - lines["bad_debts"]
             + lines["shared_ownership_rent"] - lines["management"] - lines["maintenance"]
             - lines["major_repairs"] - lines["unrecovered_service_costs"])
    assert np.allclose(lines["net_operating_income"], parts, rtol=1e-12, atol=1e-6)
    net = lines["net_cashflow"]
    flows = np.concatenate([-result.net_capital_cost[:, None], net], axis=1)
    assert np.allclose(irr(flows), result.irr, rtol=1e-9, atol=1e-12, equal_nan=True)
    t = np.arange(1, horizon + 1)
    npv = -result.net_capital_cost + (net * (1 + changed.discount_rate) ** -t).sum(axis=1)
    assert np.allclose(result.npv, npv, rtol=1e-9, atol=1e-4)
    for k in range(len(rows)):  # the loan year by year
        debt = changed.loan_share * max(result.net_capital_cost[k], 0.0)
        cover = math.inf
        for year in range(horizon):
            interest = changed.loan_rate * max(debt, 0.0)
            if interest > 0:
                cover = min(cover, lines["net_operating_income"][k, year] / interest)
            assert lines["interest"][k, year] == pytest.approx(interest, rel=1e-9, abs=1e-4)
            debt = debt * (1 + changed.loan_rate) - net[k, year]
            assert lines["closing_debt"][k, year] == pytest.approx(debt, rel=1e-9, abs=1e-4)
        if abs(cover) < 1e6:  # not a tiny interest left by rounding after repayment
            assert result.minimum_interest_cover[k] == pytest.approx(cover, rel=1e-9)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-1e6, 1e6), min_size=2, max_size=40), st.floats(-0.5, 0.9))
def test_the_irr_slope_is_the_derivative_of_the_npv(cash: list[float], rate: float) -> None:
    """Newton's slope: the NPV's derivative, checked against a central difference."""
    from partnerhomes.tenures.landlord import _npv_and_slope

    by_year = np.array(cash)[:, None]
    everyone = np.arange(1)
    value, slope = _npv_and_slope(by_year, np.array([rate]), everyone)
    t = np.arange(len(cash))
    assert value[0] == pytest.approx(float((by_year[:, 0] * (1 + rate) ** -t).sum()),
                                     rel=1e-9, abs=1e-6)
    h = 1e-6
    up, _ = _npv_and_slope(by_year, np.array([rate + h]), everyone)
    down, _ = _npv_and_slope(by_year, np.array([rate - h]), everyone)
    slope_size = float(np.abs(by_year[:, 0] * t * (1 + rate) ** (-t - 1.0)).sum())
    value_size = float(np.abs(by_year[:, 0] * (1 + rate) ** -t).sum())
    rounding = 8 * np.finfo(float).eps * value_size / h  # of the difference quotient
    assert slope[0] == pytest.approx((up[0] - down[0]) / (2 * h),
                                     abs=1e-6 * slope_size + rounding + 1e-9)


@settings(max_examples=60, deadline=None)
@given(st.floats(1_000, 1e7), st.lists(st.floats(0, 1e6), min_size=1, max_size=50))
def test_the_irr_of_conventional_flows_is_their_root(outlay: float, income: list[float]) -> None:
    """One outlay then income: one IRR, which a root of the NPV lies within 1e−9 of (Newton
    lands on the root; a root found exactly is kept, not bisected away)."""
    flows = np.array([[-outlay, *income]])
    rate = irr(flows)[0]
    if math.isnan(rate):  # no sign change on [−99%, 100%]
        return
    t = np.arange(flows.shape[1])

    def npv(r: float) -> float:
        return float((flows[0] * (1 + r) ** -t).sum())

    step = 1e-9 * max(1.0, abs(rate))
    assert npv(rate - step) * npv(rate + step) <= 0


@settings(max_examples=60, deadline=None)
@given(st.floats(1_000, 1e7), st.lists(st.floats(1, 1e6), min_size=5, max_size=50))
def test_the_irr_stopped_on_a_predicted_step_is_the_newton_limit(outlay: float,
                                                                  income: list[float]) -> None:
    """Newton stops when two Newton steps predict a third under a thousandth of the tolerance:
    the rate it returns is the limit of Newton's iteration run on until its steps vanish
    (plain Newton from the returned rate moves it by less than 1e-12)."""
    flows = np.array([[-outlay, *income]])
    rate = irr(flows)[0]
    if math.isnan(rate):
        return
    t = np.arange(flows.shape[1], dtype=np.float64)
    r = rate
    for _ in range(50):  # plain Newton on the NPV from the returned rate
        npv = float((flows[0] * (1 + r) ** -t).sum())
        slope = float((-t * flows[0] * (1 + r) ** (-t - 1)).sum())
        step = npv / slope
        r -= step
        if abs(step) <= 1e-15:
            break
    assert abs(r - rate) <= 1e-12


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1), st.integers(0, 4), st.floats(0, 40),
                          st.floats(50, 400), st.floats(100_000, 600_000)),
                min_size=1, max_size=30))
def test_the_landlord_homes_are_plain_sums_over_the_lines(
        lines: list[tuple[int, int, float, float, float]]) -> None:
    """The landlord view's homes (one ``np.bincount`` per quantity by scheme and tenure) equal
    sums over each scheme's lines of each tenure, taken one line at a time."""
    from partnerhomes.appraisal import examples, landlord_view
    from partnerhomes.appraisal.inputs import (
        AFFORDABLE_RENT,
        SHARED_OWNERSHIP,
        SOCIAL_RENT,
    )

    base = examples.two_schemes()
    inputs = base.replace(
        line_scheme=np.array([line[0] for line in lines]),
        line_phase=np.zeros(len(lines), dtype=np.int64),
        line_tenure=np.array([line[1] for line in lines]),
        line_count=np.array([line[2] for line in lines]),
        line_rent_per_week=np.array([line[3] for line in lines]),
        line_market_value=np.array([line[4] for line in lines]),
        line_gia_m2=np.full(len(lines), 70.0), line_build_cost_per_m2=np.full(len(lines), 2_000.0))
    homes = landlord_view.landlord_homes(inputs, [1.0, 2.0])
    for scheme in range(2):
        def total(tenures: tuple[int, ...], value: int | None = None,
                  scheme: int = scheme) -> float:
            out = 0.0
            for line in lines:
                if line[0] == scheme and line[1] in tenures:
                    out += line[2] * (1.0 if value is None else line[value])
            return out

        def mean(tenures: tuple[int, ...], value: int) -> float:
            count = total(tenures)
            return total(tenures, value) / count if count > 0 else 0.0

        rented = (SOCIAL_RENT, AFFORDABLE_RENT)
        assert homes.social_rent_homes[scheme] == total((SOCIAL_RENT,))
        assert homes.affordable_rent_homes[scheme] == total((AFFORDABLE_RENT,))
        assert homes.shared_ownership_homes[scheme] == total((SHARED_OWNERSHIP,))
        assert homes.social_rent_per_week[scheme] == pytest.approx(mean((SOCIAL_RENT,), 3))
        assert homes.affordable_rent_per_week[scheme] == pytest.approx(
            mean((AFFORDABLE_RENT,), 3))
        assert homes.shared_ownership_value[scheme] == pytest.approx(
            mean((SHARED_OWNERSHIP,), 4))
        assert homes.build_cost_per_home[scheme] == pytest.approx(
            140_000.0 if total(rented) > 0 else 0.0)


@settings(max_examples=40, deadline=None)
@given(st.lists(scheme_values, min_size=1, max_size=6), st.integers(20, 60),
       st.floats(0.2, 1.0), st.integers(5, 60))
def test_a_landlord_paying_its_maximum_price_meets_its_hurdles(
        terms: LandlordTerms, rows: list[dict[str, float]], horizon: int, loan_share: float,
        payback_limit: int) -> None:
    """At the maximum price NPV ≥ 0 and the loan is repaid within the limit by construction;
    both sit on their limit to rounding, which the hurdle test allows (£1e−6)."""
    changed = terms.replace(horizon_years=horizon, loan_share=loan_share,
                            payback_limit_years=payback_limit)
    homes = schemes(**{key: [row[key] for row in rows] for key in rows[0]})
    for lines in (True, False):
        result = appraise(homes, changed, at_max_price=True, cashflows=lines)
        assert result.meets_hurdles.all()
        assert (result.npv >= -1e-6).all()
        assert (result.payback_year <= min(payback_limit, horizon)).all()


def test_flows_of_zeros_have_no_irr(terms: LandlordTerms) -> None:
    """No homes at no price: every flow is zero, no sign change, no IRR (not an arbitrary
    rate); likewise for :func:`irr`."""
    assert np.isnan(irr([[0.0, 0.0, 0.0]])[0])
    result = appraise(schemes([2027, 2027], social_rent_homes=[0.0, 10.0],
                              social_rent_per_week=150.0, price=[0.0, 1_000_000.0]), terms)
    assert np.isnan(result.irr[0]) and not np.isnan(result.irr[1])


def test_the_irr_converges_when_newton_would_crawl() -> None:
    """An outlay repaid by fast-falling income (a landlord's flows at 30% staircasing):
    IRR ≈ −10.4%. From 5%, Newton's first step lands near −93%, where the NPV behaves like its
    highest power and plain Newton creeps back ≈ 2.5% a step (100 steps do not reach the
    root); halving the bracket instead whenever a step would not halve the last one does."""
    flows = np.array([[
        -7135361.34, 384542.09, 282936.2, 210228.14, 158268.32, 121207.64, 94848.17, 76177.07,
        63032.13, 53861.67, 47065.98, 24091.23, 20258.14, 17479.76, 15454.78, 13966.96, 12861.1,
        12025.75, 11380.84, 10868.78, 10448.15, 10089.06, 9769.91, 9475.07, 9193.13, 8915.74,
        8636.71, 8351.44, 8056.41, 7748.89, 7426.73, 7088.16, 6731.68, 6355.99, 5959.92,
        5542.36, 5102.3, 4638.71, 4150.61, 3636.98, 3096.84]])
    rate = irr(flows)[0]
    t = np.arange(flows.shape[1])

    def npv(r: float) -> float:
        return float((flows[0] * (1 + r) ** -t).sum())

    assert rate == pytest.approx(-0.10434, abs=1e-5)
    assert npv(rate - 1e-9) * npv(rate + 1e-9) <= 0
