"""Reads for governance records: what a user may see, and the open actions past their due date.
Visibility is decided by ``access.visible_filter`` in the one query that reads the records."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from partnerhomes.web.governance.models import (
    Action,
    ActionStatus,
    Ambition,
    Commitment,
    CommitmentMilestone,
    Meeting,
    MeetingKind,
    PartnershipMember,
    Representative,
    SuccessMeasure,
    WorkPhase,
)
from partnerhomes.web.organisations import access
from partnerhomes.web.organisations.models import Organisation, Partnership

AnyUser = AbstractBaseUser | AnonymousUser


def members_visible_to(user: AnyUser) -> QuerySet[PartnershipMember]:
    """Partnership members ``user`` may see, those who left included (their history stays)."""
    return (PartnershipMember.objects.filter(access.visible_filter(user))
            .select_related("organisation", "partnership", "owner")
            .prefetch_related("representatives"))


def ambitions_visible_to(user: AnyUser) -> QuerySet[Ambition]:
    """Ambitions ``user`` may see, with their success measures."""
    return (Ambition.objects.filter(access.visible_filter(user))
            .select_related("partnership", "owner").prefetch_related("measures"))


def meetings_visible_to(user: AnyUser) -> QuerySet[Meeting]:
    """Meetings ``user`` may see (their notes are read with :func:`meeting_notes_for`)."""
    return (Meeting.objects.filter(access.visible_filter(user))
            .select_related("partnership", "owner").prefetch_related("attendees"))


def meeting_get_visible_to(user: AnyUser, meeting_id: int) -> Meeting:
    """One meeting, or 404 when it does not exist or ``user`` may not see it."""
    return access.require_view(user, meetings_visible_to(user).filter(pk=meeting_id).first())


def meeting_notes_for(user: AnyUser, meeting: Meeting) -> str | None:
    """The meeting's notes if ``user`` may read them (a one-to-one's: attendees only)."""
    attendees = {int(o.pk) for o in meeting.attendees.all()}
    if access.can_view_attended_notes(user, meeting, attendees,
                                      restricted=meeting.kind == MeetingKind.ONE_TO_ONE):
        return meeting.notes
    return None


def actions_visible_to(user: AnyUser) -> QuerySet[Action]:
    """Actions of the meetings ``user`` may see, soonest due first."""
    return (Action.objects.filter(access.visible_filter(user, via="meeting__"))
            .select_related("meeting", "action_owner", "decision"))


def overdue_actions_visible_to(user: AnyUser, today: dt.date | None = None
                               ) -> QuerySet[Action]:
    """Open actions past their due date that ``user`` may see (the rule of
    :meth:`Action.is_overdue`, as a query)."""
    return actions_visible_to(user).filter(status=ActionStatus.OPEN,
                                           due__lt=today or dt.date.today())


def commitments_visible_to(user: AnyUser) -> QuerySet[Commitment]:
    """Commitments ``user`` may see, with their phase and milestones."""
    return (Commitment.objects.filter(access.visible_filter(user))
            .select_related("member__organisation", "member__partnership", "owner", "phase")
            .prefetch_related("milestones"))


def milestones_visible_to(user: AnyUser) -> QuerySet[CommitmentMilestone]:
    """Milestones of the commitments ``user`` may see, soonest due first."""
    return (CommitmentMilestone.objects.filter(access.visible_filter(user, via="commitment__"))
            .select_related("commitment__member__organisation"))


def phases_visible_to(user: AnyUser) -> QuerySet[WorkPhase]:
    """Work-programme phases ``user`` may see, earliest first. A phase's commitments are read
    with :func:`commitments_visible_to` (a commitment has a visibility of its own)."""
    return (WorkPhase.objects.filter(access.visible_filter(user))
            .select_related("partnership", "owner"))


def member_get_visible_to(user: AnyUser, member_id: int) -> PartnershipMember:
    """One member, or 404 when it does not exist or ``user`` may not see it."""
    return access.require_view(user, members_visible_to(user).filter(pk=member_id).first())


def representative_get_visible_to(user: AnyUser, representative_id: int) -> Representative:
    """One representative (seen with its member), or 404."""
    return access.require_view(user, Representative.objects.filter(
        access.visible_filter(user, via="member__"), pk=representative_id)
        .select_related("member__owner", "member__organisation").first())


def ambition_get_visible_to(user: AnyUser, ambition_id: int) -> Ambition:
    """One ambition, or 404."""
    return access.require_view(user, ambitions_visible_to(user).filter(pk=ambition_id).first())


def measure_get_visible_to(user: AnyUser, measure_id: int) -> SuccessMeasure:
    """One success measure (seen with its ambition), or 404."""
    return access.require_view(user, SuccessMeasure.objects.filter(
        access.visible_filter(user, via="ambition__"), pk=measure_id)
        .select_related("ambition__owner").first())


def action_get_visible_to(user: AnyUser, action_id: int) -> Action:
    """One action (seen with its meeting), or 404."""
    return access.require_view(user, actions_visible_to(user).filter(pk=action_id).first())


def phase_get_visible_to(user: AnyUser, phase_id: int) -> WorkPhase:
    """One work-programme phase, or 404."""
    return access.require_view(user, phases_visible_to(user).filter(pk=phase_id).first())


def commitment_get_visible_to(user: AnyUser, commitment_id: int) -> Commitment:
    """One commitment, or 404."""
    return access.require_view(user,
                               commitments_visible_to(user).filter(pk=commitment_id).first())


def milestone_get_visible_to(user: AnyUser, milestone_id: int) -> CommitmentMilestone:
    """One milestone (seen with its commitment), or 404."""
    return access.require_view(user,
                               milestones_visible_to(user).filter(pk=milestone_id).first())


def recording_organisations_for(user: AnyUser) -> QuerySet[Organisation]:
    """Organisations ``user`` may record a partnership's governance for (analyst or admin, in
    a partnership): the choice of owner on the create pages."""
    return Organisation.objects.filter(pk__in=access.partnership_writer_ids(user))


def recording_partnerships_for(user: AnyUser) -> QuerySet[Partnership]:
    """Partnerships one of those organisations is in: the choice of partnership."""
    return (Partnership.objects.filter(organisations__in=access.partnership_writer_ids(user))
            .distinct().order_by("name"))


def organisations_in(partnerships: QuerySet[Partnership]) -> QuerySet[Organisation]:
    """The organisations in any of ``partnerships`` (a meeting's possible attendees)."""
    return Organisation.objects.filter(partnerships__in=partnerships).distinct()
