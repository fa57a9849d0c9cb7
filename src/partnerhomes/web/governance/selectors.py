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
    Meeting,
    MeetingKind,
    PartnershipMember,
)
from partnerhomes.web.organisations import access

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
    """Commitments ``user`` may see."""
    return (Commitment.objects.filter(access.visible_filter(user))
            .select_related("member__organisation", "member__partnership", "owner"))
