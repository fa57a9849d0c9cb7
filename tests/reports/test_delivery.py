"""The delivery rules: quarters, the spreading of a year's plan, actual starts and completions
from records, slippage and the success measures computed from records (laws, then examples)."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerhomes.appraisal.inputs import TENURES
from partnerhomes.reports.delivery import (
    COMPLETION,
    METRICS,
    START,
    Flow,
    Homes,
    Quarter,
    SiteDelivery,
    StageDates,
    actual_by_quarter,
    delivery_by_quarter,
    measure_actual,
    measure_status,
    planned_by_quarter,
    planned_by_year,
    quarter_range,
    site_slippage,
    slippage_list,
    stage_slippage,
)

TODAY = dt.date(2026, 11, 29)
days = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2032, 12, 31))
homes = st.builds(Homes, *(st.integers(0, 60) for _ in TENURES))


@st.composite
def records(draw: st.DrawFn, n_max: int = 8) -> list[SiteDelivery]:
    out = []
    for site_id in range(draw(st.integers(0, n_max))):
        stages = []
        for stage in (START, COMPLETION):
            if draw(st.booleans()):
                stages.append(StageDates(stage, planned=draw(st.none() | days),
                                         actual=draw(st.none() | days), homes=draw(homes)))
        out.append(SiteDelivery(site_id, f"site {site_id}", tuple(stages),
                                exemplar=draw(st.booleans()), sme_builder=draw(st.booleans()),
                                carbon_standard=draw(st.sampled_from(
                                    ["", "future_homes_standard", "net_zero"]))))
    return out


def _site(site_id: int = 1, **stages: tuple[dt.date | None, dt.date | None, Homes]
          ) -> SiteDelivery:
    return SiteDelivery(site_id, f"site {site_id}", tuple(
        StageDates(name, planned, actual, h) for name, (planned, actual, h) in stages.items()))


# --- records --------------------------------------------------------------------------------

def test_homes_fields_are_the_project_tenure_codes() -> None:
    assert tuple(f.name for f in fields(Homes)) == TENURES


def test_affordable_is_the_planners_affordable_first_homes_counted_in_all_homes_only() -> None:
    one_each = Homes(1, 1, 1, 1, 1)
    assert (one_each.total, one_each.affordable) == (5, 3)


@pytest.mark.parametrize("bad", [-1, 2.5, "3"])
def test_homes_refuse_negative_or_fractional_counts_naming_the_tenure(bad: object) -> None:
    with pytest.raises(ValueError, match="social_rent"):
        Homes(social_rent=bad)  # type: ignore[arg-type]


def test_an_unknown_stage_or_carbon_standard_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="'started'"):
        StageDates("started")
    with pytest.raises(ValueError, match="passivhaus"):
        SiteDelivery(1, "x", carbon_standard="passivhaus")


def test_homes_are_carried_forward_from_the_nearest_earlier_stage_with_homes() -> None:
    approved, started = Homes(social_rent=10), Homes(social_rent=8, market_sale=2)
    record = _site(approved=(None, None, approved), start_on_site=(None, None, started),
                   completed=(None, dt.date(2026, 1, 1), Homes()))
    assert record.homes_at("permission_granted") == approved
    assert record.homes_at(START) == started
    assert record.homes_at(COMPLETION) == started
    assert record.homes_at("identified") == Homes()


def test_current_stage_is_the_latest_stage_reached() -> None:
    record = _site(identified=(None, dt.date(2024, 1, 1), Homes()),
                   permission_granted=(None, dt.date(2025, 1, 1), Homes()),
                   start_on_site=(dt.date(2026, 1, 1), None, Homes()))
    assert record.current_stage == "permission_granted"
    assert _site().current_stage == ""


# --- quarters -------------------------------------------------------------------------------

@pytest.mark.parametrize(("day", "quarter"), [
    (dt.date(2027, 3, 31), Quarter(2026, 4)), (dt.date(2027, 4, 1), Quarter(2027, 1)),
    (dt.date(2026, 6, 30), Quarter(2026, 1)), (dt.date(2026, 7, 1), Quarter(2026, 2)),
    (dt.date(2026, 12, 31), Quarter(2026, 3)), (dt.date(2027, 1, 1), Quarter(2026, 4)),
])
def test_quarter_boundaries(day: dt.date, quarter: Quarter) -> None:
    assert Quarter.of(day) == quarter


@given(days)
def test_a_day_lies_within_its_quarter(day: dt.date) -> None:
    quarter = Quarter.of(day)
    assert quarter.start <= day <= quarter.end
    assert quarter.next().start == quarter.end + dt.timedelta(days=1)


def test_quarter_range_is_consecutive_and_covers_a_year_in_four() -> None:
    quarters = quarter_range(Quarter(2026, 1), Quarter(2026, 4))
    assert [q.label for q in quarters] == ["2026-27 Q1", "2026-27 Q2", "2026-27 Q3",
                                           "2026-27 Q4"]
    assert (quarters[0].start, quarters[-1].end) == (dt.date(2026, 4, 1), dt.date(2027, 3, 31))


# --- planned trajectory ---------------------------------------------------------------------

def test_planned_years_from_trajectory_rows_count_affordable_tenures_only_as_affordable() -> None:
    rows = [{"year": 2026, "tenure": "social_rent", "starts": 40.0, "completions": 0.0},
            {"year": 2026, "tenure": "market_sale", "starts": 60.0, "completions": 0.0},
            {"year": 2026, "tenure": "first_homes", "starts": 5.0, "completions": 0.0},
            {"year": 2027, "tenure": "shared_ownership", "starts": 0.0, "completions": 20.0}]
    years = planned_by_year(rows)
    assert years[2026] == Flow(105.0, 40.0, 0.0, 0.0)
    assert years[2027] == Flow(0.0, 0.0, 20.0, 20.0)


def test_a_bad_trajectory_row_is_named() -> None:
    with pytest.raises(ValueError, match="row 2 tenure: 'council_flats'"):
        planned_by_year([{"year": 2026, "tenure": "social_rent", "starts": 1},
                         {"year": 2026, "tenure": "council_flats", "starts": 1}])


@given(st.dictionaries(st.integers(2020, 2040), st.builds(
    Flow, *(st.floats(0, 1e4, allow_nan=False) for _ in range(4))), max_size=6))
def test_spreading_keeps_each_years_total_in_its_own_four_quarters(
        years: dict[int, Flow]) -> None:
    quarters = planned_by_quarter(years)
    for year, flow in years.items():
        in_year = [quarters[q] for q in quarters if q.year == year]
        assert len(in_year) == 4
        assert sum(q.starts for q in in_year) == pytest.approx(flow.starts)
        assert sum(q.completions for q in in_year) == pytest.approx(flow.completions)
        assert len({q.starts for q in in_year}) == 1  # evenly


# --- actual starts and completions ----------------------------------------------------------

@settings(max_examples=60)
@given(records())
def test_quarterly_totals_sum_to_the_records(found: list[SiteDelivery]) -> None:
    rows = delivery_by_quarter({}, found)
    started = [r for r in found if r.actual(START) is not None]
    completed = [r for r in found if r.actual(COMPLETION) is not None]
    assert sum(row.actual.starts for row in rows) == sum(r.homes_at(START).total
                                                         for r in started)
    assert sum(row.actual.affordable_completions for row in rows) == sum(
        r.homes_at(COMPLETION).affordable for r in completed)
    if rows:
        assert rows[-1].actual_cumulative == sum((row.actual for row in rows), Flow())


@settings(max_examples=60)
@given(records(), days)
def test_cumulative_to_a_quarter_counts_exactly_the_records_delivered_by_its_end(
        found: list[SiteDelivery], day: dt.date) -> None:
    last = Quarter.of(day)
    rows = delivery_by_quarter({}, found, first=Quarter(2019, 1), last=last)
    expected = sum(r.homes_at(COMPLETION).total for r in found
                   if r.actual(COMPLETION) is not None and r.actual(COMPLETION) <= last.end)
    assert rows[-1].actual_cumulative.completions == expected


def test_a_record_with_no_actual_date_never_counts_as_delivered() -> None:
    planned_only = _site(start_on_site=(dt.date(2026, 5, 1), None, Homes(social_rent=30)),
                         completed=(dt.date(2027, 5, 1), None, Homes(social_rent=30)))
    assert actual_by_quarter([planned_only]) == {}
    assert measure_actual("affordable_starts", [planned_only], None, dt.date(2030, 1, 1)) == 0


def test_starts_on_31_march_and_1_april_fall_in_different_years() -> None:
    march = _site(1, start_on_site=(None, dt.date(2027, 3, 31), Homes(social_rent=10)))
    april = _site(2, start_on_site=(None, dt.date(2027, 4, 1), Homes(market_sale=7)))
    quarters = actual_by_quarter([march, april])
    assert quarters[Quarter(2026, 4)] == Flow(starts=10, affordable_starts=10)
    assert quarters[Quarter(2027, 1)] == Flow(starts=7, affordable_starts=0)


def test_planned_and_actual_side_by_side_with_cumulatives() -> None:
    years = {2026: Flow(40.0, 20.0, 0.0, 0.0)}
    done = _site(start_on_site=(None, dt.date(2026, 8, 15), Homes(social_rent=12,
                                                                   market_sale=3)))
    rows = delivery_by_quarter(years, [done])
    assert [r.quarter.label for r in rows] == ["2026-27 Q1", "2026-27 Q2", "2026-27 Q3",
                                               "2026-27 Q4"]
    assert rows[1].planned.starts == 10.0 and rows[1].actual.starts == 15
    assert rows[1].actual.affordable_starts == 12
    assert rows[3].planned_cumulative.starts == 40.0 and rows[3].actual_cumulative.starts == 15


# --- slippage -------------------------------------------------------------------------------

@given(days, st.integers(-400, 400))
def test_slippage_is_zero_on_the_day_positive_when_late_negative_when_early(
        planned: dt.date, offset: int) -> None:
    actual = planned + dt.timedelta(days=offset)
    months = stage_slippage(StageDates(START, planned, actual), TODAY)
    assert months is not None
    assert (months > 0, months == 0, months < 0) == (offset > 0, offset == 0, offset < 0)


def test_a_stage_not_reached_slips_until_today_once_due_and_not_before() -> None:
    due = StageDates(START, planned=dt.date(2026, 8, 29))
    assert stage_slippage(due, TODAY) == pytest.approx(92 / (365.25 / 12))
    assert stage_slippage(StageDates(START, planned=TODAY), TODAY) == 0
    assert stage_slippage(StageDates(START, planned=TODAY + dt.timedelta(days=1)),
                          TODAY) is None
    assert stage_slippage(StageDates(START, actual=TODAY), TODAY) is None


@given(days, days)
def test_slippage_of_an_unreached_stage_grows_with_time(planned: dt.date, today: dt.date
                                                        ) -> None:
    later = today + dt.timedelta(days=30)
    now, then = (stage_slippage(StageDates(START, planned=planned), d) for d in (today, later))
    if now is not None:
        assert then is not None and then > now


def test_a_site_is_measured_at_its_latest_reached_or_due_stage() -> None:
    caught_up = _site(
        planning_submitted=(dt.date(2025, 1, 1), dt.date(2025, 7, 1), Homes()),
        permission_granted=(dt.date(2026, 1, 1), dt.date(2025, 12, 20), Homes()),
        start_on_site=(dt.date(2027, 6, 1), None, Homes()))
    slip = site_slippage(caught_up, TODAY)
    assert slip is not None and slip.stage == "permission_granted" and not slip.is_late
    stuck = _site(2, permission_granted=(dt.date(2025, 1, 1), dt.date(2025, 1, 1), Homes()),
                  start_on_site=(dt.date(2026, 5, 29), None, Homes()))
    slip = site_slippage(stuck, TODAY)
    assert slip is not None and slip.stage == START and slip.is_late
    assert round(slip.months, 1) == 6.0
    assert site_slippage(_site(3, completed=(dt.date(2030, 1, 1), None, Homes())),
                         TODAY) is None
    assert [s.site_id for s in slippage_list([caught_up, stuck], TODAY)] == [2, 1]


# --- success measures -----------------------------------------------------------------------

def _measure_records() -> list[SiteDelivery]:
    return [
        SiteDelivery(1, "exemplar", (
            StageDates(START, actual=dt.date(2025, 6, 1), homes=Homes(social_rent=20,
                                                                       market_sale=10)),
            StageDates(COMPLETION, actual=dt.date(2026, 6, 1))),
            exemplar=True, carbon_standard="net_zero"),
        SiteDelivery(2, "sme", (
            StageDates(START, actual=dt.date(2026, 1, 10), homes=Homes(
                affordable_rent=5, shared_ownership=5, first_homes=2)),
            StageDates(COMPLETION, actual=dt.date(2026, 12, 1))),  # after today
            sme_builder=True, carbon_standard="future_homes_standard"),
        SiteDelivery(3, "late", (
            StageDates(START, planned=dt.date(2026, 1, 1), homes=Homes(social_rent=50)),)),
    ]


@pytest.mark.parametrize(("metric", "start", "expected"), [
    ("affordable_starts", None, 30.0),
    ("affordable_starts", dt.date(2025, 7, 1), 10.0),
    ("affordable_completions", None, 20.0),
    ("social_rent_share", None, 100.0),
    ("exemplar_homes", None, 30.0),
    ("sme_homes", None, 0.0),
    ("net_zero_share", None, 100.0),
    ("net_zero_share", dt.date(2026, 7, 1), None),
])
def test_each_metric_counts_the_records_delivered_in_the_period(
        metric: str, start: dt.date | None, expected: float | None) -> None:
    assert measure_actual(metric, _measure_records(), start, TODAY) == expected


def test_the_period_includes_both_of_its_ends() -> None:
    found = _measure_records()
    assert measure_actual("affordable_starts", found, dt.date(2026, 1, 10),
                          dt.date(2026, 1, 10)) == 10.0
    assert measure_actual("affordable_starts", found, dt.date(2026, 1, 11), TODAY) == 0.0


@settings(max_examples=60)
@given(records(), st.none() | days, days)
def test_computed_measures_match_the_records_they_count(
        found: list[SiteDelivery], start: dt.date | None, end: dt.date) -> None:
    def within(day: dt.date | None) -> bool:
        return day is not None and (start is None or start <= day) and day <= end

    completed = [r for r in found if within(r.actual(COMPLETION))]
    assert measure_actual("affordable_starts", found, start, end) == sum(
        r.homes_at(START).affordable for r in found if within(r.actual(START)))
    assert measure_actual("exemplar_homes", found, start, end) == sum(
        r.homes_at(COMPLETION).total for r in completed if r.exemplar)
    assert measure_actual("sme_homes", found, start, end) == sum(
        r.homes_at(COMPLETION).total for r in completed if r.sme_builder)
    share = measure_actual("social_rent_share", found, start, end)
    affordable = sum(r.homes_at(COMPLETION).affordable for r in completed)
    assert (share is None) == (affordable == 0)
    if share is not None:
        assert 0 <= share <= 100
    for metric in METRICS:  # a wider period never counts fewer homes
        narrow, wide = (measure_actual(metric, found, s, end) for s in (start, None))
        if metric.endswith("_share"):
            continue
        assert wide is not None and narrow is not None and wide >= narrow


def test_an_unknown_metric_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="'grant_secured'"):
        measure_actual("grant_secured", [], None, TODAY)


@pytest.mark.parametrize(("baseline", "target", "actual", "start", "status"), [
    (0, 100, None, dt.date(2026, 4, 1), "no actual"),
    (0, 100, 100, dt.date(2026, 4, 1), "met"),
    (0, 100, 70, dt.date(2026, 4, 1), "on track"),  # 8 of 12 months gone: 66.5 expected
    (0, 100, 60, dt.date(2026, 4, 1), "off track"),
    (0, 100, 60, None, "not yet met"),
    (50, 20, 20, None, "met"),  # a target below its baseline is met at or below it
    (50, 20, 40, dt.date(2026, 4, 1), "off track"),
])
def test_measure_status(baseline: float, target: float, actual: float | None,
                        start: dt.date | None, status: str) -> None:
    assert measure_status(baseline, target, actual, dt.date(2027, 3, 31), TODAY,
                          start) == status


def test_a_measure_not_met_by_its_target_date_is_missed() -> None:
    assert measure_status(0, 100, 99, dt.date(2026, 3, 31), TODAY) == "missed"
    assert measure_status(0, 100, 99, TODAY, TODAY, dt.date(2026, 1, 1)) == "off track"
