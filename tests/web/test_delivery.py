"""Delivery records (issue 8): services and their rules, the measures computed from records,
the board's reads, and the demo records. The access matrix is in test_persona_delivery.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from partnerhomes.reports import delivery as rules
from partnerhomes.reports.delivery import Homes
from partnerhomes.web.delivery import selectors, services
from partnerhomes.web.delivery.board import board_for
from partnerhomes.web.delivery.demo import load_delivery_demo
from partnerhomes.web.delivery.models import DeliveryRecord, DeliveryStage, Stage
from partnerhomes.web.governance import services as governance
from partnerhomes.web.governance.models import Metric, SuccessMeasure
from partnerhomes.web.organisations.models import AuditEvent, Partnership
from partnerhomes.web.programmes.models import PlanRun, PlanStatus, Programme

from .personas import Cast

TODAY = dt.date(2026, 11, 29)


def _start(cast: Cast, visibility: str, actual: dt.date | None, homes: Homes,
           planned: dt.date | None = None) -> DeliveryStage:
    return services.stage_record(actor=cast.users[("owner", "analyst")],
                                 site=cast.sites[visibility], stage="start_on_site",
                                 planned=planned, actual=actual, homes=homes, today=TODAY)


def test_stage_names_are_the_pipeline_stages_and_metrics_are_the_governance_metrics() -> None:
    assert tuple(Stage.values) == rules.STAGES
    assert set(Metric.values) - {""} == set(rules.METRICS)


def test_recording_a_stage_makes_the_record_keeps_who_recorded_it_and_audits(
        cast: Cast) -> None:
    row = _start(cast, "private", dt.date(2026, 9, 1), Homes(social_rent=12, market_sale=8),
                 planned=dt.date(2026, 6, 1))
    assert row.recorded_by == cast.users[("owner", "analyst")]
    assert row.recorded_by_organisation == cast.organisations["owner"]
    assert row.recorded_at is not None
    record = DeliveryRecord.objects.get(site=cast.sites["private"])
    assert (record.owner_id, record.visibility) == (cast.organisations["owner"].pk, "private")
    changed = _start(cast, "private", dt.date(2026, 9, 2), Homes(social_rent=12))
    assert changed.pk == row.pk and DeliveryStage.objects.count() == 1
    events = AuditEvent.objects.filter(action="delivery_stage_record").order_by("id")
    assert events.count() == 2
    assert events[0].detail["from"] is None
    assert events[1].detail["from"]["actual"] == "2026-09-01"
    assert events[1].detail["to"] == {"planned": None, "actual": "2026-09-02",
                                      "homes_market_sale": 0, "homes_social_rent": 12,
                                      "homes_affordable_rent": 0, "homes_shared_ownership": 0,
                                      "homes_first_homes": 0}


def test_flags_are_audited_with_before_and_after(cast: Cast) -> None:
    services.flags_set(actor=cast.users[("owner", "admin")], site=cast.sites["public"],
                       exemplar=True, sme_builder=True, carbon_standard="net_zero")
    event = AuditEvent.objects.get(action="delivery_flags_set")
    assert event.detail["from"] == {"exemplar": False, "sme_builder": False,
                                    "carbon_standard": ""}
    assert event.detail["to"]["carbon_standard"] == "net_zero"
    with pytest.raises(ValidationError, match="passivhaus"):
        services.flags_set(actor=cast.users[("owner", "admin")], site=cast.sites["public"],
                           exemplar=False, sme_builder=False, carbon_standard="passivhaus")


def test_an_actual_date_after_today_is_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError, match="after today"):
        _start(cast, "private", TODAY + dt.timedelta(days=1), Homes())
    assert not DeliveryStage.objects.exists()


def test_homes_cannot_complete_before_they_start(cast: Cast) -> None:
    _start(cast, "private", dt.date(2026, 6, 1), Homes(social_rent=10))
    with pytest.raises(ValidationError, match="complete before they start"):
        services.stage_record(actor=cast.users[("owner", "admin")],
                              site=cast.sites["private"], stage="completed", planned=None,
                              actual=dt.date(2026, 5, 31), homes=Homes(), today=TODAY)
    services.stage_record(actor=cast.users[("owner", "admin")], site=cast.sites["private"],
                          stage="completed", planned=None, actual=dt.date(2026, 6, 1),
                          homes=Homes(), today=TODAY)  # the same day is allowed


@pytest.mark.parametrize(("org", "role", "error"), [
    ("owner", "viewer", PermissionDenied), ("partner", "admin", PermissionDenied),
    ("outsider", "admin", Http404)])
def test_only_owner_analysts_and_admins_record(cast: Cast, org: str, role: str,
                                               error: type[Exception]) -> None:
    with pytest.raises(error):
        services.stage_record(actor=cast.users[(org, role)], site=cast.sites["partnership"],
                              stage="identified", planned=None, actual=dt.date(2026, 1, 1),
                              homes=Homes(), today=TODAY)
    assert not DeliveryRecord.objects.exists()


def _measure(cast: Cast, metric: str, period_start: dt.date | None = None,
             target_date: dt.date = dt.date(2027, 3, 31)) -> SuccessMeasure:
    admin, owner = cast.users[("owner", "admin")], cast.organisations["owner"]
    ambition = governance.ambition_create(actor=admin, owner=owner,
                                          partnership=Partnership.objects.get(),
                                          text="Build", visibility="partnership")
    # made directly: the governance services' checks are not what is tested here
    measure = SuccessMeasure.objects.create(
        ambition=ambition, name=metric or "entered", baseline=Decimal(0), target=Decimal(100),
        target_date=target_date, actual_source="computed" if metric else "entered",
        metric=metric, period_start=period_start)
    return measure


def test_a_computed_measure_matches_the_records_it_counts(cast: Cast) -> None:
    _start(cast, "private", dt.date(2026, 5, 1), Homes(social_rent=10, shared_ownership=5,
                                                       market_sale=20))
    _start(cast, "partnership", dt.date(2026, 8, 1), Homes(affordable_rent=7,
                                                           first_homes=3))
    _start(cast, "public", None, Homes(social_rent=50), planned=dt.date(2026, 7, 1))
    measure = _measure(cast, "affordable_starts", period_start=dt.date(2026, 4, 1))
    owner_view = selectors.computed_actual(measure, cast.users[("owner", "viewer")], TODAY)
    assert owner_view == Decimal(15 + 7)  # the public site has no actual date: not started
    partner_view = selectors.computed_actual(measure, cast.users[("partner", "viewer")],
                                             TODAY)
    assert partner_view == Decimal(7)  # the private site is not the partner's to see
    later = _measure(cast, "affordable_starts", period_start=dt.date(2026, 6, 1))
    assert selectors.computed_actual(later, cast.users[("owner", "viewer")], TODAY) == 7
    ended = _measure(cast, "affordable_starts", target_date=dt.date(2026, 7, 31))
    assert selectors.computed_actual(ended, cast.users[("owner", "viewer")], TODAY) == 15
    entered = _measure(cast, "")
    assert selectors.computed_actual(entered, cast.users[("owner", "viewer")], TODAY) is None


def test_a_computed_measure_counts_only_sites_of_its_partnerships_members(cast: Cast) -> None:
    outsider_site = cast.sites["public"]
    outsider_site.owner = cast.organisations["outsider"]
    outsider_site.save()
    services.stage_record(actor=cast.users[("outsider", "admin")], site=outsider_site,
                          stage="start_on_site", planned=None, actual=dt.date(2026, 5, 1),
                          homes=Homes(social_rent=40), today=TODAY)
    _start(cast, "private", dt.date(2026, 5, 1), Homes(social_rent=10))
    measure = _measure(cast, "affordable_starts")
    assert selectors.computed_actual(measure, cast.users[("outsider", "admin")], TODAY) == 0
    assert selectors.computed_actual(measure, cast.users[("owner", "admin")], TODAY) == 10


def _plan(cast: Cast, visibility: str = "partnership") -> PlanRun:
    programme = Programme.objects.create(owner=cast.organisations["owner"],
                                         visibility=visibility, name="Plan", document={})
    trajectory = [{"year": 2026, "tenure": "social_rent", "gss_code": "E07000069",
                   "route": "council_direct", "starts": 40.0, "completions": 0.0},
                  {"year": 2027, "tenure": "market_sale", "gss_code": "E07000069",
                   "route": "council_direct", "starts": 0.0, "completions": 40.0}]
    return PlanRun.objects.create(programme=programme, status=PlanStatus.DONE,
                                  tables={"trajectory": trajectory, "plan": []})


def test_the_board_sets_the_latest_plan_against_the_records(cast: Cast) -> None:
    _plan(cast)
    _start(cast, "private", dt.date(2026, 5, 10), Homes(social_rent=10, market_sale=5),
           planned=dt.date(2026, 4, 1))
    board = board_for(cast.users[("owner", "viewer")], TODAY)
    labels = [q.quarter.label for q in board.quarters]
    assert labels[0] == "2026-27 Q1" and labels[-1] == "2026-27 Q4"
    first = board.quarters[0]
    assert (first.planned.affordable_starts, first.actual.starts,
            first.actual.affordable_starts) == (10.0, 15, 10)
    assert board.quarters[-1].planned_cumulative.starts == 40.0
    assert board.chart.startswith("<svg")
    assert [s.stage for s in board.slippage] == ["start_on_site"]
    assert board.n_late == 1
    outsider = board_for(cast.users[("outsider", "viewer")], TODAY)
    assert outsider.plan is None and outsider.quarters == [] and outsider.slippage == []


def test_demo_records_show_progress_and_slippage(db: None, tmp_path: Path) -> None:
    from partnerhomes.web.organisations.demo import demo_load

    loaded = demo_load(tmp_path / "demo", today=TODAY).delivery  # with its delivery records
    assert loaded is not None and loaded.n_records == DeliveryRecord.objects.count()
    assert 15 <= loaded.n_records <= 25
    assert loaded.n_completed >= 3 and loaded.n_started > loaded.n_completed
    assert loaded.n_late >= 3
    records = DeliveryRecord.objects.all()
    assert records.filter(exemplar=True).exists() and records.filter(sme_builder=True).exists()
    assert not DeliveryStage.objects.filter(actual__gt=TODAY).exists()
    first = sorted(DeliveryStage.objects.values_list("record__site_id", "stage", "planned",
                                                     "actual"))
    with pytest.raises(ValueError, match="already loaded"):
        load_delivery_demo(today=TODAY)
    assert sorted(DeliveryStage.objects.values_list("record__site_id", "stage", "planned",
                                                    "actual")) == first
