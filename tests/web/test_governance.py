"""Governance records (issue 8, first slice): each rule on its own, and the persona matrix over
services and selectors (the rule stated in personas.py, independently of access.py)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerhomes.web.governance import programme_services, selectors, services
from partnerhomes.web.governance.models import (
    Action,
    ActionStatus,
    Commitment,
    Meeting,
    PartnershipMember,
)
from partnerhomes.web.organisations.models import AuditEvent, Partnership

from .personas import CASES, ORGS, ROLES, Cast, may_change, may_see

TODAY = dt.date(2026, 11, 29)


def _records(cast: Cast, visibility: str) -> dict[str, object]:
    admin, owner = cast.users[("owner", "admin")], cast.organisations["owner"]
    partnership = Partnership.objects.get(name="Test partnership")
    member = services.member_join(actor=admin, owner=owner, partnership=partnership,
                                  organisation=cast.organisations["partner"],
                                  joined=dt.date(2025, 4, 1), visibility=visibility)
    ambition = services.ambition_create(actor=admin, owner=owner, partnership=partnership,
                                        text=f"{visibility} ambition", visibility=visibility)
    meeting = services.meeting_create(
        actor=admin, owner=owner, partnership=partnership, date=dt.date(2026, 1, 5),
        kind="workshop", title=f"{visibility} workshop", visibility=visibility,
        attendees=[cast.organisations["owner"], cast.organisations["partner"]],
        notes="workshop notes")
    decision = services.decision_create(actor=admin, meeting=meeting, text="Form an SPV")
    action = services.action_create(actor=admin, meeting=meeting, decision=decision,
                                    text="Draft SPV terms", due=dt.date(2026, 2, 1),
                                    action_owner=cast.organisations["partner"])
    commitment = programme_services.commitment_create(
        actor=admin, owner=owner, member=member, kind="money", amount=Decimal("250000"),
        phase_or_site="Phase one", document_name="MOU", signed_on=dt.date(2025, 6, 1),
        visibility=visibility)
    return {"member": member, "ambition": ambition, "meeting": meeting, "action": action,
            "commitment": commitment}


# --- rules --------------------------------------------------------------------------------

@pytest.mark.parametrize(("status", "due", "overdue"), [
    (ActionStatus.OPEN, TODAY - dt.timedelta(days=1), True),
    (ActionStatus.OPEN, TODAY, False),
    (ActionStatus.OPEN, TODAY + dt.timedelta(days=1), False),
    (ActionStatus.DONE, TODAY - dt.timedelta(days=30), False),
    (ActionStatus.DROPPED, TODAY - dt.timedelta(days=30), False),
])
def test_an_action_is_overdue_when_open_and_past_due(status: str, due: dt.date,
                                                     overdue: bool) -> None:
    assert Action(status=status, due=due).is_overdue(TODAY) is overdue


def test_overdue_query_matches_the_rule(cast: Cast) -> None:
    records = _records(cast, "partnership")
    admin = cast.users[("owner", "admin")]
    meeting = records["meeting"]
    assert isinstance(meeting, Meeting)
    for days, status in ((-3, "open"), (0, "open"), (5, "open"), (-9, "done")):
        action = services.action_create(actor=admin, meeting=meeting, text=f"{days}",
                                        due=TODAY + dt.timedelta(days=days),
                                        action_owner=cast.organisations["owner"])
        services.action_status_set(actor=admin, action=action, status=status)
    every = selectors.actions_visible_to(admin)
    overdue = selectors.overdue_actions_visible_to(admin, TODAY)
    assert {a.pk for a in overdue} == {a.pk for a in every if a.is_overdue(TODAY)}
    assert len(overdue) == 2  # the fixture's action (due 1 Feb 2026) and -3 days


def test_a_member_who_left_keeps_its_history(cast: Cast) -> None:
    records = _records(cast, "partnership")
    member = records["member"]
    assert isinstance(member, PartnershipMember)
    admin = cast.users[("owner", "admin")]
    services.representative_add(actor=admin, member=member, name="A. Chief",
                                role="Chief executive")
    services.member_leave(actor=admin, member=member, left=dt.date(2026, 3, 31))
    member.refresh_from_db()
    assert member.is_current(dt.date(2026, 3, 30)) and not member.is_current(TODAY)
    seen = selectors.members_visible_to(admin).get(pk=member.pk)
    assert [r.role for r in seen.representatives.all()] == ["Chief executive"]
    assert Commitment.objects.filter(member=member).count() == 1
    with pytest.raises(ValidationError):
        services.member_leave(actor=admin, member=member, left=dt.date(2020, 1, 1))


def test_membership_is_open_to_new_organisations(cast: Cast) -> None:
    partnership = Partnership.objects.get(name="Test partnership")
    services.member_join(actor=cast.users[("owner", "admin")],
                         owner=cast.organisations["owner"], partnership=partnership,
                         organisation=cast.organisations["outsider"],
                         joined=dt.date(2026, 9, 1))
    assert partnership.organisations.filter(pk=cast.organisations["outsider"].pk).exists()


def test_an_entered_actual_needs_a_source_and_a_computed_one_is_not_entered(
        cast: Cast) -> None:
    records = _records(cast, "partnership")
    admin, ambition = cast.users[("owner", "admin")], records["ambition"]
    kwargs = {"actor": admin, "ambition": ambition, "name": "Affordable starts a year",
              "baseline": Decimal(120), "target": Decimal(300),
              "target_date": dt.date(2030, 3, 31)}
    with pytest.raises(ValidationError):
        services.measure_create(**kwargs, actual_source="entered",  # type: ignore[arg-type]
                                actual=Decimal(150))
    with pytest.raises(ValidationError):
        services.measure_create(**kwargs, actual_source="computed",  # type: ignore[arg-type]
                                actual=Decimal(150))
    measure = services.measure_create(**kwargs, actual_source="entered",  # type: ignore[arg-type]
                                      actual=Decimal(150), source="HE IMS return Q2")
    services.measure_actual_enter(actor=admin, measure=measure, actual=Decimal(170),
                                  source="HE IMS return Q3")
    measure.refresh_from_db()
    assert measure.actual == Decimal(170)


def test_one_to_one_notes_are_read_only_by_attending_organisations(cast: Cast) -> None:
    partnership = Partnership.objects.get(name="Test partnership")
    meeting = services.meeting_create(
        actor=cast.users[("owner", "admin")], owner=cast.organisations["owner"],
        partnership=partnership, date=dt.date(2026, 2, 2), kind="one_to_one",
        title="One-to-one", attendees=[cast.organisations["owner"]], notes="confidential",
        visibility="public")
    for org, role in itertools.product(ORGS, ROLES):
        user = cast.users[(org, role)]
        assert selectors.meeting_get_visible_to(user, meeting.pk) == meeting
        expected = "confidential" if org == "owner" else None
        assert selectors.meeting_notes_for(user, meeting) == expected


def test_every_change_is_audited(cast: Cast) -> None:
    _records(cast, "private")
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"governance_member_join", "governance_ambition_create",
            "governance_meeting_create", "governance_decision_create",
            "governance_action_create", "governance_commitment_create"} <= actions


def test_the_owner_must_be_in_the_partnership(cast: Cast) -> None:
    partnership = Partnership.objects.get(name="Test partnership")
    with pytest.raises(ValidationError):
        services.ambition_create(actor=cast.users[("outsider", "admin")],
                                 owner=cast.organisations["outsider"],
                                 partnership=partnership, text="Not ours")


# --- persona matrix ----------------------------------------------------------------------

@pytest.mark.parametrize(("org", "role", "visibility"), CASES)
def test_selectors_show_exactly_the_visible_records(cast: Cast, org: str, role: str,
                                                    visibility: str) -> None:
    records = _records(cast, visibility)
    user = cast.users[(org, role)]
    seen = may_see(org, visibility)
    assert selectors.members_visible_to(user).filter(pk=records["member"].pk  # type: ignore[attr-defined]
                                                     ).exists() == seen
    assert selectors.ambitions_visible_to(user).exists() == seen
    assert selectors.meetings_visible_to(user).exists() == seen
    assert selectors.actions_visible_to(user).exists() == seen
    assert selectors.overdue_actions_visible_to(user, TODAY).exists() == seen
    assert selectors.commitments_visible_to(user).exists() == seen
    meeting = records["meeting"]
    assert isinstance(meeting, Meeting)
    if seen:
        assert selectors.meeting_get_visible_to(user, meeting.pk) == meeting
        assert selectors.meeting_notes_for(user, meeting) == "workshop notes"
    else:
        from django.http import Http404
        with pytest.raises(Http404):
            selectors.meeting_get_visible_to(user, meeting.pk)


@pytest.mark.parametrize(("org", "role", "visibility"), CASES)
def test_only_owner_analysts_and_admins_change_records(cast: Cast, org: str, role: str,
                                                       visibility: str) -> None:
    from django.http import Http404

    records = _records(cast, visibility)
    user = cast.users[(org, role)]
    meeting, action = records["meeting"], records["action"]
    assert isinstance(meeting, Meeting) and isinstance(action, Action)
    changes = [
        lambda: services.decision_create(actor=user, meeting=meeting, text="Decided"),
        lambda: services.action_status_set(actor=user, action=action, status="done"),
        lambda: services.meeting_notes_update(actor=user, meeting=meeting, notes="new"),
        lambda: services.ambition_update(actor=user, ambition=records["ambition"],  # type: ignore[arg-type]
                                         text="new"),
        lambda: services.member_leave(actor=user, member=records["member"],  # type: ignore[arg-type]
                                      left=TODAY),
    ]
    for change in changes:
        if may_change(org, role):
            change()
        else:
            expected = PermissionDenied if may_see(org, visibility) else Http404
            with pytest.raises(expected):
                change()
    partnership = Partnership.objects.get(name="Test partnership")
    own = cast.organisations[org]
    if org == "outsider" or role == "viewer":
        with pytest.raises((PermissionDenied, ValidationError)):
            services.meeting_create(actor=user, owner=own, partnership=partnership,
                                    date=TODAY, kind="workshop", title="x", attendees=[])
    else:
        services.meeting_create(actor=user, owner=own, partnership=partnership, date=TODAY,
                                kind="workshop", title="x", attendees=[own])
