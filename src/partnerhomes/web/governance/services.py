"""Writes for governance records, each checked in ``access`` and written to the audit log.

Creating a top-level record needs the analyst or admin role in its owner organisation, which
must be in the partnership; changing one (or its representatives, measures, decisions and
actions) needs that role in its owner.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction

from partnerhomes.web.governance.models import (
    Action,
    ActionStatus,
    ActualSource,
    Ambition,
    Decision,
    Meeting,
    MeetingKind,
    Metric,
    PartnershipMember,
    Representative,
    SuccessMeasure,
)
from partnerhomes.web.organisations import access
from partnerhomes.web.organisations.models import Organisation, Partnership
from partnerhomes.web.organisations.services import audit_record

AnyUser = AbstractBaseUser | AnonymousUser


def check_owner(actor: AnyUser, owner: Organisation, partnership: Partnership) -> None:
    """403 unless ``actor`` may create records for ``owner``; refused unless ``owner`` is in
    the partnership the record is about."""
    access.require_write_for(actor, owner.pk)
    if not partnership.organisations.filter(pk=owner.pk).exists():
        raise ValidationError({"owner": f"{owner} is not in the partnership {partnership}."})


def audit_change(actor: AnyUser, owner: Organisation, action: str, object_type: str,
                 object_id: object, detail: dict[str, Any]) -> None:
    """One audit event for a governance change, under the owner organisation."""
    audit_record(actor=actor, organisation=owner, action=action, object_type=object_type,
                 object_id=object_id, detail=detail)


def visibility_or_default(owner: Organisation, visibility: str) -> str:
    """The visibility asked for, else the owner's default (``access.default_visibility``)."""
    return visibility or access.default_visibility(owner)


@transaction.atomic
def member_join(*, actor: AnyUser, owner: Organisation, partnership: Partnership,
                organisation: Organisation, joined: dt.date, visibility: str = ""
                ) -> PartnershipMember:
    """Record that ``organisation`` joined the partnership on ``joined`` (it is added to the
    partnership if it was not already in it: membership is open)."""
    check_owner(actor, owner, partnership)
    overlapping = PartnershipMember.objects.filter(
        partnership=partnership, organisation=organisation).exclude(left__lte=joined)
    if overlapping.exists():
        raise ValidationError({"organisation": f"{organisation} is already recorded as a "
                                               f"member of {partnership} on {joined:%d %B %Y}."})
    member = PartnershipMember.objects.create(
        owner=owner, visibility=visibility_or_default(owner, visibility), created_by_id=actor.pk,
        partnership=partnership, organisation=organisation, joined=joined)
    partnership.organisations.add(organisation)
    audit_change(actor, owner, "governance_member_join", "partnership_member", member.pk,
                 {"partnership": partnership.pk, "organisation": organisation.pk,
                  "joined": joined.isoformat()})
    return member


@transaction.atomic
def member_leave(*, actor: AnyUser, member: PartnershipMember, left: dt.date
                 ) -> PartnershipMember:
    """Record the date a member left; the member and its commitments are kept."""
    access.require_change(actor, member)
    if left < member.joined:
        raise ValidationError({"left": "A member cannot leave before it joined."})
    member.left = left
    member.save(update_fields=["left", "updated_at"])
    audit_change(actor, member.owner, "governance_member_leave", "partnership_member", member.pk,
                 {"left": left.isoformat()})
    return member


@transaction.atomic
def representative_add(*, actor: AnyUser, member: PartnershipMember, name: str, role: str
                       ) -> Representative:
    """Add a member's representative in a role (e.g. chief executive, lead officer)."""
    access.require_change(actor, member)
    representative = Representative.objects.create(member=member, name=name, role=role)
    audit_change(actor, member.owner, "governance_representative_add", "representative",
                 representative.pk, {"member": member.pk, "name": name, "role": role})
    return representative


@transaction.atomic
def representative_update(*, actor: AnyUser, representative: Representative, name: str,
                          role: str) -> Representative:
    """Correct a representative's name or role."""
    access.require_change(actor, representative)
    before = {"name": representative.name, "role": representative.role}
    representative.name, representative.role = name, role
    representative.save(update_fields=["name", "role"])
    audit_change(actor, representative.member.owner, "governance_representative_update",
                 "representative", representative.pk, {"from": before, "to": {"name": name,
                                                                              "role": role}})
    return representative


@transaction.atomic
def ambition_create(*, actor: AnyUser, owner: Organisation, partnership: Partnership,
                    text: str, visibility: str = "") -> Ambition:
    """Record the partnership's joint ambition in words."""
    check_owner(actor, owner, partnership)
    ambition = Ambition.objects.create(
        owner=owner, visibility=visibility_or_default(owner, visibility),
        created_by_id=actor.pk, partnership=partnership, text=text)
    audit_change(actor, owner, "governance_ambition_create", "ambition", ambition.pk,
                 {"partnership": partnership.pk, "text": text})
    return ambition


@transaction.atomic
def ambition_update(*, actor: AnyUser, ambition: Ambition, text: str, visibility: str = ""
                    ) -> Ambition:
    """Replace an ambition's words (and its visibility, when given)."""
    access.require_change(actor, ambition)
    before = {"text": ambition.text, "visibility": ambition.visibility}
    ambition.text, ambition.visibility = text, visibility or ambition.visibility
    ambition.save(update_fields=["text", "visibility", "updated_at"])
    audit_change(actor, ambition.owner, "governance_ambition_update", "ambition", ambition.pk,
                 {"from": before, "to": {"text": text, "visibility": ambition.visibility}})
    return ambition


def _check_measure(actual_source: str, actual: Decimal | None, source: str,
                   metric: str = "", period_start: dt.date | None = None,
                   target_date: dt.date | None = None) -> None:
    """A computed measure names the metric it counts and has no entered actual; an entered
    one has no metric or period, and an entered actual names its source."""
    if actual_source not in ActualSource.values:
        raise ValidationError(f"Unknown source of actual {actual_source!r}.")
    if metric not in Metric.values:
        raise ValidationError(f"Unknown metric {metric!r}.")
    if actual_source == ActualSource.COMPUTED:
        if not metric:
            raise ValidationError({"metric": "A computed measure needs the metric it counts."})
        if actual is not None:
            raise ValidationError({"actual": "A computed actual comes from delivery records, "
                                             "not entry."})
        if period_start is not None and target_date is not None and period_start > target_date:
            raise ValidationError({"period_start": "A measure's period cannot start after its "
                                                   "target date."})
    else:
        if metric or period_start is not None:
            raise ValidationError({"metric": "An entered measure has no metric or period: "
                                             "those are for measures computed from delivery "
                                             "records."})
        if actual is not None and not source.strip():
            raise ValidationError({"source": "An entered actual needs its source."})


def _measure_detail(measure: SuccessMeasure) -> dict[str, Any]:
    return {"name": measure.name, "unit": measure.unit, "baseline": str(measure.baseline),
            "target": str(measure.target), "target_date": measure.target_date.isoformat(),
            "actual_source": measure.actual_source, "metric": measure.metric,
            "period_start": measure.period_start.isoformat() if measure.period_start else None,
            "actual": None if measure.actual is None else str(measure.actual),
            "source": measure.source}


@transaction.atomic
def measure_create(*, actor: AnyUser, ambition: Ambition, name: str, baseline: Decimal,
                   target: Decimal, target_date: dt.date, actual_source: str,
                   unit: str = "", actual: Decimal | None = None, source: str = "",
                   metric: str = "", period_start: dt.date | None = None
                   ) -> SuccessMeasure:
    """Add a success measure to an ambition: a computed one names its metric, an entered
    actual its source."""
    access.require_change(actor, ambition)
    _check_measure(actual_source, actual, source, metric, period_start, target_date)
    measure = SuccessMeasure.objects.create(
        ambition=ambition, name=name, unit=unit, baseline=baseline, target=target,
        target_date=target_date, actual_source=actual_source, metric=metric,
        period_start=period_start, actual=actual, source=source)
    audit_change(actor, ambition.owner, "governance_measure_create", "success_measure", measure.pk,
                 {"ambition": ambition.pk, **_measure_detail(measure)})
    return measure


@transaction.atomic
def measure_update(*, actor: AnyUser, measure: SuccessMeasure, name: str, baseline: Decimal,
                   target: Decimal, target_date: dt.date, actual_source: str,
                   unit: str = "", actual: Decimal | None = None, source: str = "",
                   metric: str = "", period_start: dt.date | None = None
                   ) -> SuccessMeasure:
    """Change every field of a success measure, under the rules of :func:`measure_create`."""
    access.require_change(actor, measure)
    _check_measure(actual_source, actual, source, metric, period_start, target_date)
    before = _measure_detail(measure)
    for field, value in (("name", name), ("unit", unit), ("baseline", baseline),
                         ("target", target), ("target_date", target_date),
                         ("actual_source", actual_source), ("metric", metric),
                         ("period_start", period_start), ("actual", actual),
                         ("source", source)):
        setattr(measure, field, value)
    measure.save()
    audit_change(actor, measure.ambition.owner, "governance_measure_update", "success_measure",
                 measure.pk, {"from": before, "to": _measure_detail(measure)})
    return measure


@transaction.atomic
def measure_actual_enter(*, actor: AnyUser, measure: SuccessMeasure, actual: Decimal,
                         source: str) -> SuccessMeasure:
    """Enter a measure's actual with its source (entered measures only)."""
    access.require_change(actor, measure)
    _check_measure(measure.actual_source, actual, source)
    before = None if measure.actual is None else str(measure.actual)
    measure.actual, measure.source = actual, source
    measure.save(update_fields=["actual", "source"])
    audit_change(actor, measure.ambition.owner, "governance_measure_actual", "success_measure",
                 measure.pk, {"from": before, "to": str(actual), "source": source})
    return measure


def _check_attendees(partnership: Partnership, attendees: Sequence[Organisation]) -> None:
    inside = set(partnership.organisations.values_list("id", flat=True))
    outside = [str(o) for o in attendees if o.pk not in inside]
    if outside:
        raise ValidationError({"attendees": f"Not in the partnership {partnership}: "
                                             f"{', '.join(outside)}."})


@transaction.atomic
def meeting_create(*, actor: AnyUser, owner: Organisation, partnership: Partnership,
                   date: dt.date, kind: str, title: str, attendees: Sequence[Organisation],
                   agenda: str = "", notes: str = "", visibility: str = "") -> Meeting:
    """Record a workshop or one-to-one with the organisations that attended."""
    check_owner(actor, owner, partnership)
    if kind not in MeetingKind.values:
        raise ValidationError(f"Unknown meeting kind {kind!r}.")
    _check_attendees(partnership, attendees)
    meeting = Meeting.objects.create(
        owner=owner, visibility=visibility_or_default(owner, visibility), created_by_id=actor.pk,
        partnership=partnership, date=date, kind=kind, title=title, agenda=agenda,
        notes=notes)
    meeting.attendees.set(attendees)
    audit_change(actor, owner, "governance_meeting_create", "meeting", meeting.pk,
                 {"partnership": partnership.pk, "date": date.isoformat(), "kind": kind,
                  "title": title, "attendees": sorted(o.pk for o in attendees)})
    return meeting


@transaction.atomic
def meeting_update(*, actor: AnyUser, meeting: Meeting, date: dt.date, kind: str, title: str,
                   attendees: Sequence[Organisation], agenda: str,
                   notes: str | None = None, visibility: str = "") -> Meeting:
    """Change a meeting's date, kind, title, attendees and agenda, and its notes unless
    ``notes`` is None (a user who may not read a one-to-one's notes cannot replace them:
    the page leaves them out). The audit log records the notes' length, not their text."""
    access.require_change(actor, meeting)
    if kind not in MeetingKind.values:
        raise ValidationError(f"Unknown meeting kind {kind!r}.")
    _check_attendees(meeting.partnership, attendees)
    before = {"date": meeting.date.isoformat(), "kind": meeting.kind, "title": meeting.title,
              "attendees": sorted(meeting.attendees.values_list("id", flat=True)),
              "visibility": meeting.visibility}
    meeting.date, meeting.kind, meeting.title, meeting.agenda = date, kind, title, agenda
    meeting.visibility = visibility or meeting.visibility
    if notes is not None:
        meeting.notes = notes
    meeting.save()
    meeting.attendees.set(attendees)
    after = {"date": date.isoformat(), "kind": kind, "title": title,
             "attendees": sorted(o.pk for o in attendees), "visibility": meeting.visibility}
    audit_change(actor, meeting.owner, "governance_meeting_update", "meeting", meeting.pk,
                 {"from": before, "to": after,
                  "notes_characters": None if notes is None else len(notes)})
    return meeting


@transaction.atomic
def meeting_notes_update(*, actor: AnyUser, meeting: Meeting, notes: str) -> Meeting:
    """Replace a meeting's notes (the audit log records that they changed, not their text,
    since a one-to-one's notes are confidential to its attendees)."""
    access.require_change(actor, meeting)
    meeting.notes = notes
    meeting.save(update_fields=["notes", "updated_at"])
    audit_change(actor, meeting.owner, "governance_meeting_notes", "meeting", meeting.pk,
                 {"characters": len(notes)})
    return meeting


@transaction.atomic
def decision_create(*, actor: AnyUser, meeting: Meeting, text: str) -> Decision:
    """Record a decision taken at a meeting."""
    access.require_change(actor, meeting)
    decision = Decision.objects.create(meeting=meeting, text=text)
    audit_change(actor, meeting.owner, "governance_decision_create", "decision", decision.pk,
                 {"meeting": meeting.pk, "text": text})
    return decision


@transaction.atomic
def action_create(*, actor: AnyUser, meeting: Meeting, text: str,
                  action_owner: Organisation, due: dt.date,
                  decision: Decision | None = None) -> Action:
    """Record an action from a meeting, owned by an organisation, due on a date."""
    access.require_change(actor, meeting)
    if decision is not None and decision.meeting_id != meeting.pk:
        raise ValidationError({"decision": "The decision was taken at another meeting."})
    action = Action.objects.create(meeting=meeting, decision=decision, text=text,
                                   action_owner=action_owner, due=due)
    audit_change(actor, meeting.owner, "governance_action_create", "action", action.pk,
                 {"meeting": meeting.pk, "decision": decision.pk if decision else None,
                  "text": text, "action_owner": action_owner.pk, "due": due.isoformat()})
    return action


@transaction.atomic
def action_status_set(*, actor: AnyUser, action: Action, status: str) -> Action:
    """Change an action's status (open, done, dropped)."""
    access.require_change(actor, action)
    if status not in ActionStatus.values:
        raise ValidationError(f"Unknown action status {status!r}.")
    before, action.status = action.status, status
    action.save(update_fields=["status", "updated_at"])
    audit_change(actor, action.meeting.owner, "governance_action_status", "action", action.pk,
                 {"from": before, "to": status})
    return action
