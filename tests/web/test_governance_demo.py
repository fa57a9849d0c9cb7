"""The demo partnership's illustrative governance record: its shape (two phases, a nine-month
phase one funded by a small grant, a joint ambition with computed and entered measures, workshops
and one-to-ones with decisions and actions, an SPV commitment, an MOU with Homes England and its
milestones, a housing association that joined later), that some actions are overdue and some
open but not yet due relative to the day it was loaded, and that it is deterministic."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from partnerhomes.demo.partnership import members
from partnerhomes.web.governance import selectors
from partnerhomes.web.governance.demo import LATE_JOINER, load_governance_demo
from partnerhomes.web.governance.models import (
    Action,
    ActionStatus,
    Commitment,
    CommitmentMilestone,
    Meeting,
    PartnershipMember,
    SuccessMeasure,
    WorkPhase,
)
from partnerhomes.web.organisations.demo import KINDS, PARTNERSHIP_NAME, demo_load
from partnerhomes.web.organisations.models import (
    AuditEvent,
    Membership,
    Organisation,
    OrganisationKind,
    Partnership,
    Role,
)

TODAYS = [dt.date(2026, 11, 29), dt.date(2027, 2, 28), dt.date(2028, 1, 31)]


def _partnership(name: str) -> tuple[Partnership, dict[str, User]]:
    organisations = []
    for member in members():
        organisation, _ = Organisation.objects.get_or_create(
            name=member.name, defaults={"kind": KINDS.get(member.kind, OrganisationKind.OTHER)})
        organisations.append(organisation)
    partnership = Partnership.objects.create(name=name)
    partnership.organisations.set(organisations)
    users = {}
    for org_name in ("Castle Point Borough Council", "Saltmarsh Homes (illustrative)"):
        user, _ = User.objects.get_or_create(username=org_name[:20])
        Membership.objects.get_or_create(user=user, organisation=Organisation.objects.get(
            name=org_name), defaults={"role": Role.ANALYST})
        users[org_name] = user
    return partnership, users


def _snapshot(partnership: Partnership) -> list[Any]:
    """Everything of the record but ids and timestamps."""
    rows: list[Any] = []
    rows += [(p.name, p.start, p.end, p.status, p.budget, p.funding_sources, p.objectives)
             for p in WorkPhase.objects.filter(partnership=partnership)]
    rows += [(m.organisation.name, m.joined, m.left, [(r.name, r.role) for r in
                                                     m.representatives.all()])
             for m in PartnershipMember.objects.filter(partnership=partnership)]
    rows += [(m.name, m.baseline, m.target, m.target_date, m.metric, m.period_start, m.actual,
              m.source) for m in SuccessMeasure.objects.filter(
                  ambition__partnership=partnership)]
    for meeting in Meeting.objects.filter(partnership=partnership).order_by("date"):
        rows.append((meeting.date, meeting.kind, meeting.title, meeting.notes,
                     sorted(o.name for o in meeting.attendees.all()),
                     [d.text for d in meeting.decisions.all()],
                     [(a.text, a.action_owner.name, a.due, a.status)
                      for a in meeting.actions.all()]))
    for c in Commitment.objects.filter(member__partnership=partnership).order_by("id"):
        rows.append((c.member.organisation.name, c.owner.name, c.kind, c.amount,
                     c.phase.name if c.phase else None, c.document_name, c.signed_on, c.due,
                     c.met_on, [(m.text, m.due, m.met_on) for m in c.milestones.all()]))
    return rows


@pytest.mark.parametrize("today", TODAYS)
def test_the_demo_record_has_the_programme_shape(db: None, today: dt.date) -> None:
    partnership, users = _partnership("Demo")
    assert load_governance_demo(partnership=partnership, users=users, today=today) >= 4
    one, two = WorkPhase.objects.filter(partnership=partnership)
    assert (one.end - one.start).days in range(270, 280)  # nine months
    assert one.budget is not None and one.budget <= 50000 and "grant" in one.funding_sources
    assert one.status == "complete" and two.status == "in_progress"
    assert one.end < two.start <= today <= two.end and "exemplar" in two.name
    measures = list(SuccessMeasure.objects.filter(ambition__partnership=partnership))
    assert 4 <= len(measures) <= 6
    computed = {m.metric for m in measures if m.actual_source == "computed"}
    assert computed <= {"affordable_starts", "affordable_completions", "social_rent_share",
                        "exemplar_homes", "sme_homes", "net_zero_share"} and len(computed) >= 3
    assert all(m.source for m in measures if m.actual_source == "entered")
    assert any(m.actual_source == "entered" for m in measures)
    meetings = Meeting.objects.filter(partnership=partnership)
    assert {m.kind for m in meetings} == {"workshop", "one_to_one"}
    assert all(m.date <= today for m in meetings)
    actions = Action.objects.filter(meeting__partnership=partnership)
    assert any(a.is_overdue(today) for a in actions)
    assert any(a.status == ActionStatus.OPEN and not a.is_overdue(today) for a in actions)
    assert any(a.status == ActionStatus.DONE for a in actions)
    assert all(a.due >= a.meeting.date for a in actions)
    assert "SPV" in " ".join(d.text for m in meetings for d in m.decisions.all())
    documents = {c.document_name: c for c in Commitment.objects.filter(
        member__partnership=partnership)}
    spv = next(c for name, c in documents.items() if "SPV" in name)
    mou = next(c for name, c in documents.items() if "Homes England" in name)
    assert mou.member.organisation.kind == "homes_england" and mou.signed_on is not None
    assert mou.milestones.count() >= 2 and spv.milestones.exists()
    assert any(m.is_met(today) for m in CommitmentMilestone.objects.filter(commitment=mou))
    assert any(c.is_met(today) for c in documents.values())
    assert any(not c.is_met(today) for c in documents.values())
    joined = {m.organisation.name: m.joined for m in
              PartnershipMember.objects.filter(partnership=partnership)}
    assert joined[LATE_JOINER] > one.end and joined[LATE_JOINER] <= today
    assert all(day == one.start for name, day in joined.items() if name != LATE_JOINER)
    assert AuditEvent.objects.filter(action="governance_meeting_create").count() == len(meetings)


def test_the_demo_record_is_deterministic_for_a_day_and_refuses_a_second_load(
        db: None) -> None:
    first, users = _partnership("First")
    second, _ = _partnership("Second")
    load_governance_demo(partnership=first, users=users, today=TODAYS[0])
    load_governance_demo(partnership=second, users=users, today=TODAYS[0])
    assert _snapshot(first) == _snapshot(second)
    with pytest.raises(ValueError, match="already has governance records"):
        load_governance_demo(partnership=first, users=users, today=TODAYS[0])
    later, _ = _partnership("Later")
    load_governance_demo(partnership=later, users=users, today=TODAYS[1])
    assert _snapshot(later) != _snapshot(first)


def test_load_demo_records_the_governance_and_its_one_to_one_notes_stay_private(
        db: None, tmp_path: Path) -> None:
    today = dt.date.today()
    demo_load(tmp_path / "demo", today=today)
    partnership = Partnership.objects.get(name=PARTNERSHIP_NAME)
    saltmarsh = User.objects.get(username="saltmarsh")
    homes_england = User.objects.get(username="homesengland")
    for user in (saltmarsh, homes_england):
        assert selectors.overdue_actions_visible_to(user, today).exists()
        assert selectors.phases_visible_to(user).count() == 2
    one_to_one = Meeting.objects.get(partnership=partnership, title__contains="Homes England")
    assert selectors.meeting_notes_for(homes_england, one_to_one) is not None
    assert selectors.meeting_notes_for(saltmarsh, one_to_one) is None
    client = Client()
    client.force_login(User.objects.get(username="castlepoint"))
    page = client.get("/governance/").content.decode()
    assert "Phase one: build the partnership" in page and "partnership of choice" in page
    assert "Computed from delivery records" in page and LATE_JOINER in page
    dashboard = client.get("/").content.decode().split('id="overdue-actions"')[1]
    assert "Commission legal and tax advice on the SPV structure" in dashboard
