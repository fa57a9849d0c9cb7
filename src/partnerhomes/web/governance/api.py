"""API for governance records (mounted on the API of ``web/api.py``): lists of the members,
ambitions with their success measures, meetings, actions, work-programme phases, commitments
and their milestones the caller may see.
A meeting's notes are not listed (a one-to-one's are for its attendees only: see the page)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from partnerhomes.web.governance import selectors

router = Router(tags=["governance"])


class MemberOut(Schema):
    id: int
    partnership: str
    organisation: str
    joined: dt.date
    left: dt.date | None
    representatives: list[dict[str, str]]
    owner: str
    visibility: str

    @staticmethod
    def resolve_partnership(member: Any) -> str:
        return str(member.partnership.name)

    @staticmethod
    def resolve_organisation(member: Any) -> str:
        return str(member.organisation.name)

    @staticmethod
    def resolve_representatives(member: Any) -> list[dict[str, str]]:
        return [{"name": r.name, "role": r.role} for r in member.representatives.all()]

    @staticmethod
    def resolve_owner(member: Any) -> str:
        return str(member.owner.name)


class MeasureOut(Schema):
    id: int
    name: str
    unit: str
    baseline: float
    target: float
    target_date: dt.date
    actual_source: str
    metric: str
    period_start: dt.date | None
    actual: float | None
    source: str


class AmbitionOut(Schema):
    id: int
    partnership: str
    text: str
    measures: list[MeasureOut]
    owner: str
    visibility: str

    @staticmethod
    def resolve_partnership(ambition: Any) -> str:
        return str(ambition.partnership.name)

    @staticmethod
    def resolve_measures(ambition: Any) -> list[Any]:
        return list(ambition.measures.all())

    @staticmethod
    def resolve_owner(ambition: Any) -> str:
        return str(ambition.owner.name)


class MeetingOut(Schema):
    id: int
    partnership: str
    date: dt.date
    kind: str
    title: str
    attendees: list[str]
    agenda: str
    owner: str
    visibility: str

    @staticmethod
    def resolve_partnership(meeting: Any) -> str:
        return str(meeting.partnership.name)

    @staticmethod
    def resolve_attendees(meeting: Any) -> list[str]:
        return [str(o.name) for o in meeting.attendees.all()]

    @staticmethod
    def resolve_owner(meeting: Any) -> str:
        return str(meeting.owner.name)


class ActionOut(Schema):
    id: int
    meeting_id: int
    decision_id: int | None
    text: str
    action_owner: str
    due: dt.date
    status: str
    is_overdue: bool

    @staticmethod
    def resolve_action_owner(action: Any) -> str:
        return str(action.action_owner.name)

    @staticmethod
    def resolve_is_overdue(action: Any) -> bool:
        return bool(action.is_overdue())


class PhaseOut(Schema):
    id: int
    partnership: str
    name: str
    objectives: str
    budget: float | None
    funding_sources: str
    start: dt.date
    end: dt.date
    status: str
    owner: str
    visibility: str

    @staticmethod
    def resolve_partnership(phase: Any) -> str:
        return str(phase.partnership.name)

    @staticmethod
    def resolve_owner(phase: Any) -> str:
        return str(phase.owner.name)


class MilestoneOut(Schema):
    id: int
    commitment_id: int
    text: str
    due: dt.date
    met_on: dt.date | None
    is_met: bool

    @staticmethod
    def resolve_is_met(milestone: Any) -> bool:
        return bool(milestone.is_met())


class CommitmentOut(Schema):
    id: int
    member_id: int
    organisation: str
    kind: str
    amount: float
    phase_id: int | None
    phase_or_site: str
    document_name: str
    signed_on: dt.date | None
    due: dt.date | None
    met_on: dt.date | None
    is_met: bool
    milestones: list[MilestoneOut]
    owner: str
    visibility: str

    @staticmethod
    def resolve_organisation(commitment: Any) -> str:
        return str(commitment.member.organisation.name)

    @staticmethod
    def resolve_is_met(commitment: Any) -> bool:
        return bool(commitment.is_met())

    @staticmethod
    def resolve_milestones(commitment: Any) -> list[Any]:
        return list(commitment.milestones.all())

    @staticmethod
    def resolve_owner(commitment: Any) -> str:
        return str(commitment.owner.name)


@router.get("/governance/members", response=list[MemberOut])
def member_list(request: HttpRequest) -> Any:
    """Partnership members you may see, those who left included."""
    return list(selectors.members_visible_to(request.user)[:1000])


@router.get("/governance/ambitions", response=list[AmbitionOut])
def ambition_list(request: HttpRequest) -> Any:
    """Ambitions you may see, with their success measures."""
    return list(selectors.ambitions_visible_to(request.user)[:200])


@router.get("/governance/meetings", response=list[MeetingOut])
def meeting_list(request: HttpRequest) -> Any:
    """Meetings you may see (without their notes)."""
    return list(selectors.meetings_visible_to(request.user)[:1000])


@router.get("/governance/actions", response=list[ActionOut])
def action_list(request: HttpRequest, overdue: bool = False) -> Any:
    """Actions you may see; ``overdue=true`` for the open ones past their due date."""
    found = (selectors.overdue_actions_visible_to(request.user) if overdue
             else selectors.actions_visible_to(request.user))
    return list(found[:5000])


@router.get("/governance/commitments", response=list[CommitmentOut])
def commitment_list(request: HttpRequest) -> Any:
    """Commitments you may see."""
    return list(selectors.commitments_visible_to(request.user)[:5000])


@router.get("/governance/phases", response=list[PhaseOut])
def phase_list(request: HttpRequest) -> Any:
    """Work-programme phases you may see, earliest first."""
    return list(selectors.phases_visible_to(request.user)[:1000])


@router.get("/governance/milestones", response=list[MilestoneOut])
def milestone_list(request: HttpRequest) -> Any:
    """Milestones of the commitments you may see, soonest due first."""
    return list(selectors.milestones_visible_to(request.user)[:5000])
