"""Governance rules added with the create and edit pages: a phase's dates, a measure's source
of actual, commitments and milestones met only from their met-on date, a member who left shown
as former with its history, membership without overlaps, attendees from the partnership, and
the overdue rule on the pages (due today is not overdue)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from partnerhomes.web.governance import programme_services, services
from partnerhomes.web.governance.models import (
    Action,
    Ambition,
    Commitment,
    CommitmentMilestone,
    Meeting,
    PartnershipMember,
    SuccessMeasure,
    WorkPhase,
)
from partnerhomes.web.organisations.models import AuditEvent, Partnership

from .personas import Cast
from .test_persona_governance import programme_records

DAY = dt.timedelta(days=1)


def _owner_client(cast: Cast) -> Client:
    client = Client()
    client.force_login(cast.users[("owner", "analyst")])
    return client


@pytest.mark.parametrize("days", [-400, -1, 0, 1, 90])
def test_a_commitment_and_a_milestone_are_met_only_from_their_met_on_date(days: int) -> None:
    met_on = dt.date(2026, 6, 30)
    on = met_on + dt.timedelta(days=days)
    assert Commitment(met_on=met_on).is_met(on) is (days >= 0)
    assert Commitment(met_on=met_on).is_outstanding(on) is (days < 0)
    assert CommitmentMilestone(met_on=met_on, due=met_on).is_met(on) is (days >= 0)
    assert not Commitment(met_on=None).is_met(on)


def test_commitments_csv_says_met_or_outstanding_and_names_the_phase(cast: Cast) -> None:
    records = programme_records(cast, "partnership")
    commitment = records["phase_commitment"]
    assert isinstance(commitment, Commitment)
    admin = cast.users[("owner", "admin")]
    today = dt.date.today()
    programme_services.commitment_update(actor=admin, commitment=commitment,
                                         kind=commitment.kind, amount=commitment.amount,
                                         phase=commitment.phase, met_on=today + DAY)
    rows = list(csv.DictReader(io.StringIO(
        _owner_client(cast).get("/governance/commitments.csv").content.decode())))
    by_id = {int(r["id"]): r for r in rows}
    assert by_id[commitment.pk]["met_or_outstanding"] == "outstanding"  # met tomorrow
    assert by_id[commitment.pk]["phase"] == "partnership phase"
    programme_services.commitment_update(actor=admin, commitment=commitment,
                                         kind=commitment.kind, amount=commitment.amount,
                                         phase=commitment.phase, met_on=today)
    rows = list(csv.DictReader(io.StringIO(
        _owner_client(cast).get("/governance/commitments.csv").content.decode())))
    assert {int(r["id"]): r for r in rows}[commitment.pk]["met_or_outstanding"] == "met"
    assert {r["met_or_outstanding"] for r in rows} == {"met", "outstanding"}


@pytest.mark.parametrize(("end_days", "refused"), [(-1, True), (0, False), (270, False)])
def test_a_phase_cannot_end_before_it_starts(cast: Cast, end_days: int, refused: bool) -> None:
    start = dt.date(2026, 4, 1)
    partnership = Partnership.objects.get(name="Test partnership")
    kwargs = {"actor": cast.users[("owner", "admin")], "owner": cast.organisations["owner"],
              "partnership": partnership, "name": "Phase", "start": start,
              "end": start + dt.timedelta(days=end_days)}
    if refused:
        with pytest.raises(ValidationError, match="cannot end"):
            programme_services.phase_create(**kwargs)  # type: ignore[arg-type]
    else:
        programme_services.phase_create(**kwargs)  # type: ignore[arg-type]
    response = _owner_client(cast).post("/governance/phases/new/", {
        "partnership": partnership.pk, "owner": cast.organisations["owner"].pk,
        "name": "Phase by page", "start": start.isoformat(),
        "end": (start + dt.timedelta(days=end_days)).isoformat(), "status": "planned"})
    assert response.status_code == (400 if refused else 302)
    if refused:
        assert "cannot end" in response.content.decode()
    assert WorkPhase.objects.filter(name="Phase by page").exists() is not refused


def test_a_phase_edit_keeps_the_rule(cast: Cast) -> None:
    phase = programme_records(cast, "private")["phase"]
    assert isinstance(phase, WorkPhase)
    response = _owner_client(cast).post(f"/governance/phases/{phase.pk}/edit/", {
        "name": phase.name, "start": "2026-05-01", "end": "2026-04-30", "status": "planned"})
    assert response.status_code == 400
    phase.refresh_from_db()
    assert (phase.start, phase.end) == (dt.date(2026, 1, 1), dt.date(2026, 9, 30))


MEASURE = {"name": "Affordable starts", "baseline": "0", "target": "300",
           "target_date": "2030-03-31"}


@pytest.mark.parametrize(("fields", "field_in_error"), [
    ({"actual_source": "computed"}, "metric"),
    ({"actual_source": "computed", "metric": "affordable_starts", "actual": "12"}, "actual"),
    ({"actual_source": "computed", "metric": "affordable_starts",
      "period_start": "2031-01-01"}, "period_start"),
    ({"actual_source": "entered", "metric": "sme_homes"}, "metric"),
    ({"actual_source": "entered", "actual": "12"}, "source"),
    ({"actual_source": "computed", "metric": "affordable_starts",
      "period_start": "2026-04-01"}, None),
    ({"actual_source": "entered", "actual": "12", "source": "IMS return"}, None),
    ({"actual_source": "entered"}, None),
])
def test_a_measures_source_of_actual_is_checked(cast: Cast, fields: dict[str, str],
                                                field_in_error: str | None) -> None:
    ambition = programme_records(cast, "partnership")["ambition"]
    assert isinstance(ambition, Ambition)
    before = SuccessMeasure.objects.count()
    response = _owner_client(cast).post(f"/governance/ambitions/{ambition.pk}/measures/new/",
                                        {**MEASURE, **fields})
    if field_in_error is None:
        assert response.status_code == 302
        assert SuccessMeasure.objects.count() == before + 1
    else:
        assert response.status_code == 400
        assert SuccessMeasure.objects.count() == before
        page = response.content.decode()
        assert f'id="id_{field_in_error}_1_error"' in page  # the error sits on that field


def test_a_computed_measure_without_a_metric_is_refused_by_the_service(cast: Cast) -> None:
    ambition = programme_records(cast, "partnership")["ambition"]
    assert isinstance(ambition, Ambition)
    with pytest.raises(ValidationError, match="metric"):
        services.measure_create(actor=cast.users[("owner", "admin")], ambition=ambition,
                                name="Starts", baseline=Decimal(0), target=Decimal(1),
                                target_date=dt.date(2030, 3, 31), actual_source="computed")


def test_a_member_who_left_shows_as_former_with_its_history(cast: Cast) -> None:
    records = programme_records(cast, "partnership")
    member = records["member"]
    assert isinstance(member, PartnershipMember)
    client = _owner_client(cast)
    left = dt.date.today() - DAY
    assert client.post(f"/governance/members/{member.pk}/leave/",
                       {"left": left.isoformat()}).status_code == 302
    member.refresh_from_db()
    assert member.left == left and not member.is_current()
    overview = client.get("/governance/").content.decode()
    current, former = overview.split('id="members"')[1].split('id="former-members"')
    assert "Partner Homes" not in current.split("</table>")[0]
    assert "Partner Homes" in former.split("</table>")[0]
    assert left.strftime("%-d %b %Y") in former.split("</table>")[0]
    page = client.get(f"/governance/members/{member.pk}/").content.decode()
    assert "Former member" in page and "A. Chief" in page and "partnership MOU" in page
    assert AuditEvent.objects.filter(action="governance_member_leave",
                                     object_id=str(member.pk)).exists()


def test_a_member_leaving_later_is_still_current(cast: Cast) -> None:
    member = programme_records(cast, "partnership")["member"]
    assert isinstance(member, PartnershipMember)
    services.member_leave(actor=cast.users[("owner", "admin")], member=member,
                          left=dt.date.today() + DAY)
    overview = _owner_client(cast).get("/governance/").content.decode()
    former = overview.split('id="former-members"')[1].split("</table>")[0]
    assert "Partner Homes" not in former and "No former members." in former


def test_membership_does_not_overlap_but_a_former_member_may_rejoin(cast: Cast) -> None:
    member = programme_records(cast, "partnership")["member"]
    assert isinstance(member, PartnershipMember)
    admin, owner = cast.users[("owner", "admin")], cast.organisations["owner"]
    join = {"actor": admin, "owner": owner, "partnership": member.partnership,
            "organisation": member.organisation}
    with pytest.raises(ValidationError, match="already recorded"):
        services.member_join(**join, joined=dt.date(2026, 5, 1))  # type: ignore[arg-type]
    services.member_leave(actor=admin, member=member, left=dt.date(2026, 6, 30))
    with pytest.raises(ValidationError, match="already recorded"):
        services.member_join(**join, joined=dt.date(2026, 6, 29))  # type: ignore[arg-type]
    again = services.member_join(**join, joined=dt.date(2026, 6, 30))  # type: ignore[arg-type]
    assert PartnershipMember.objects.filter(organisation=member.organisation).count() == 2
    assert again.is_current(dt.date(2026, 7, 1)) and not member.is_current(dt.date(2026, 7, 1))


def test_attendees_come_from_the_partnership(cast: Cast) -> None:
    partnership = Partnership.objects.get(name="Test partnership")
    with pytest.raises(ValidationError, match="Outsider Builders"):
        services.meeting_create(actor=cast.users[("owner", "admin")],
                                owner=cast.organisations["owner"], partnership=partnership,
                                date=dt.date(2026, 2, 2), kind="workshop", title="x",
                                attendees=[cast.organisations["outsider"]])
    page = _owner_client(cast).get("/governance/meetings/new/").content.decode()
    assert "Partner Homes" in page and "Outsider Builders" not in page


def test_a_commitment_is_against_a_phase_of_its_own_partnership(cast: Cast) -> None:
    records = programme_records(cast, "partnership")
    member = records["member"]
    assert isinstance(member, PartnershipMember)
    admin, owner = cast.users[("owner", "admin")], cast.organisations["owner"]
    other = Partnership.objects.create(name="Other partnership")
    other.organisations.add(owner)
    elsewhere = programme_services.phase_create(
        actor=admin, owner=owner, partnership=other, name="Elsewhere",
        start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    with pytest.raises(ValidationError, match="another partnership"):
        programme_services.commitment_create(actor=admin, owner=owner, member=member,
                                             kind="money", amount=Decimal(1), phase=elsewhere)
    with pytest.raises(ValidationError, match="before the document"):
        programme_services.commitment_create(
            actor=admin, owner=owner, member=member, kind="money", amount=Decimal(1),
            signed_on=dt.date(2026, 5, 1), met_on=dt.date(2026, 4, 30))


def test_the_overview_shows_phases_with_their_commitments_and_milestones(cast: Cast) -> None:
    records = programme_records(cast, "partnership")
    page = _owner_client(cast).get("/governance/").content.decode()
    phase = records["phase"]
    assert isinstance(phase, WorkPhase)
    card = page.split(f'id="phase-{phase.pk}"')[1].split("</dl>")[0]
    assert "1 Jan 2026 to 30 Sep 2026" in card and "£20,000" in card
    assert "Advisory grant" in card and "Partner Homes: Staff time (days) 40" in card
    assert "Outstanding" in card
    commitments = page.split('id="commitments"')[1].split("</table>")[0]
    assert "Pipeline agreed (due 30 Jun 2026)" in commitments


@pytest.mark.parametrize(("days", "overdue"), [(-1, True), (0, False), (1, False)])
def test_an_action_due_today_is_not_on_the_overdue_lists(cast: Cast, days: int,
                                                        overdue: bool) -> None:
    meeting = programme_records(cast, "partnership")["meeting"]
    assert isinstance(meeting, Meeting)
    services.action_create(actor=cast.users[("owner", "admin")], meeting=meeting,
                           text="The action under test", action_owner=meeting.owner,
                           due=dt.date.today() + dt.timedelta(days=days))
    client = _owner_client(cast)
    for url in ("/", "/governance/"):
        listed = client.get(url).content.decode().split('id="overdue-actions"')[1]
        assert ("The action under test" in listed.split("</table>")[0]) is overdue, url


def test_an_action_marked_done_leaves_the_overdue_list(cast: Cast) -> None:
    action = programme_records(cast, "partnership")["action"]
    assert isinstance(action, Action) and action.is_overdue()
    client = _owner_client(cast)
    assert client.post(f"/governance/actions/{action.pk}/status/",
                       {"status": "done"}).status_code == 302
    dashboard = client.get("/").content.decode()
    assert "Draft SPV terms" not in dashboard.split('id="overdue-actions"')[1]
    assert AuditEvent.objects.filter(action="governance_action_status").exists()


@pytest.mark.parametrize(("org", "expected"), [("owner", "22"), ("partner", "7")])
def test_the_overview_shows_a_computed_measures_actual_from_the_records_the_user_sees(
        cast: Cast, org: str, expected: str) -> None:
    from partnerhomes.reports.delivery import Homes
    from partnerhomes.web.delivery import services as delivery

    today = dt.date.today()
    for visibility, homes in (("private", Homes(social_rent=10, shared_ownership=5,
                                                market_sale=20)),
                              ("partnership", Homes(affordable_rent=7, market_sale=4))):
        delivery.stage_record(actor=cast.users[("owner", "analyst")],
                              site=cast.sites[visibility], stage="start_on_site", planned=None,
                              actual=today - dt.timedelta(days=30), homes=homes, today=today)
    ambition = services.ambition_create(
        actor=cast.users[("owner", "admin")], owner=cast.organisations["owner"],
        partnership=Partnership.objects.get(name="Test partnership"), text="Build",
        visibility="partnership")
    measure = services.measure_create(
        actor=cast.users[("owner", "admin")], ambition=ambition, name="Affordable starts",
        baseline=Decimal(0), target=Decimal(100), target_date=today + dt.timedelta(days=365),
        actual_source="computed", metric="affordable_starts")
    client = Client()
    client.force_login(cast.users[(org, "viewer")])
    row = client.get("/governance/").content.decode().split(f'id="measure-{measure.pk}"')[1]
    cells = row.split("</tr>")[0].split('govuk-table__cell--numeric">')
    assert [c.split("<")[0] for c in cells[1:]] == ["0", "100", expected]
