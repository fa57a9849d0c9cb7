"""Writes for governance records, each checked in ``access`` and written to the audit log.

Creating a top-level record needs the analyst or admin role in its owner organisation, which
must be in the partnership; changing one (or its representatives, measures, decisions and
actions) needs that role in its owner.
"""

from __future__ import annotations

import datetime as dt
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
    Commitment,
    CommitmentKind,
    Decision,
    Meeting,
    MeetingKind,
    PartnershipMember,
    Representative,
    SuccessMeasure,
)
from partnerhomes.web.organisations import access
from partnerhomes.web.organisations.models import Organisation, Partnership
from partnerhomes.web.organisations.services import audit_record

AnyUser = AbstractBaseUser | AnonymousUser


def _check_owner(actor: AnyUser, owner: Organisation, partnership: Partnership) -> None:
    access.require_write_for(actor, owner.pk)
    if not partnership.organisations.filter(pk=owner.pk).exists():
        raise ValidationError(f"{owner} is not in the partnership {partnership}.")


def _audit(actor: AnyUser, owner: Organisation, action: str, object_type: str,
           object_id: object, detail: dict[str, Any]) -> None:
    audit_record(actor=actor, organisation=owner, action=action, object_type=object_type,
                 object_id=object_id, detail=detail)


def _visibility(owner: Organisation, visibility: str) -> str:
    return visibility or access.default_visibility(owner)


@transaction.atomic
def member_join(*, actor: AnyUser, owner: Organisation, partnership: Partnership,
                organisation: Organisation, joined: dt.date, visibility: str = ""
                ) -> PartnershipMember:
    """Record that ``organisation`` joined the partnership on ``joined`` (it is added to the
    partnership if it was not already in it: membership is open)."""
    _check_owner(actor, owner, partnership)
    member = PartnershipMember.objects.create(
        owner=owner, visibility=_visibility(owner, visibility), created_by_id=actor.pk,
        partnership=partnership, organisation=organisation, joined=joined)
    partnership.organisations.add(organisation)
    _audit(actor, owner, "governance_member_join", "partnership_member", member.pk,
           {"partnership": partnership.pk, "organisation": organisation.pk,
            "joined": joined.isoformat()})
    return member


@transaction.atomic
def member_leave(*, actor: AnyUser, member: PartnershipMember, left: dt.date
                 ) -> PartnershipMember:
    """Record the date a member left; the member and its commitments are kept."""
    access.require_change(actor, member)
    if left < member.joined:
        raise ValidationError("A member cannot leave before it joined.")
    member.left = left
    member.save(update_fields=["left", "updated_at"])
    _audit(actor, member.owner, "governance_member_leave", "partnership_member", member.pk,
           {"left": left.isoformat()})
    return member


@transaction.atomic
def representative_add(*, actor: AnyUser, member: PartnershipMember, name: str, role: str
                       ) -> Representative:
    """Add a member's representative in a role (e.g. chief executive, lead officer)."""
    access.require_change(actor, member)
    representative = Representative.objects.create(member=member, name=name, role=role)
    _audit(actor, member.owner, "governance_representative_add", "representative",
           representative.pk, {"member": member.pk, "name": name, "role": role})
    return representative


@transaction.atomic
def ambition_create(*, actor: AnyUser, owner: Organisation, partnership: Partnership,
                    text: str, visibility: str = "") -> Ambition:
    """Record the partnership's joint ambition in words."""
    _check_owner(actor, owner, partnership)
    ambition = Ambition.objects.create(owner=owner, visibility=_visibility(owner, visibility),
                                       created_by_id=actor.pk, partnership=partnership,
                                       text=text)
    _audit(actor, owner, "governance_ambition_create", "ambition", ambition.pk,
           {"partnership": partnership.pk, "text": text})
    return ambition


@transaction.atomic
def ambition_update(*, actor: AnyUser, ambition: Ambition, text: str) -> Ambition:
    """Replace an ambition's words."""
    access.require_change(actor, ambition)
    before, ambition.text = ambition.text, text
    ambition.save(update_fields=["text", "updated_at"])
    _audit(actor, ambition.owner, "governance_ambition_update", "ambition", ambition.pk,
           {"from": before, "to": text})
    return ambition


def _check_measure(actual_source: str, actual: Decimal | None, source: str) -> None:
    if actual_source not in ActualSource.values:
        raise ValidationError(f"Unknown source of actual {actual_source!r}.")
    if actual_source == ActualSource.ENTERED and actual is not None and not source.strip():
        raise ValidationError("An entered actual needs its source.")
    if actual_source == ActualSource.COMPUTED and actual is not None:
        raise ValidationError("A computed actual comes from delivery records, not entry.")


@transaction.atomic
def measure_create(*, actor: AnyUser, ambition: Ambition, name: str, baseline: Decimal,
                   target: Decimal, target_date: dt.date, actual_source: str,
                   unit: str = "", actual: Decimal | None = None, source: str = ""
                   ) -> SuccessMeasure:
    """Add a success measure to an ambition; an entered actual must name its source."""
    access.require_change(actor, ambition)
    _check_measure(actual_source, actual, source)
    measure = SuccessMeasure.objects.create(
        ambition=ambition, name=name, unit=unit, baseline=baseline, target=target,
        target_date=target_date, actual_source=actual_source, actual=actual, source=source)
    _audit(actor, ambition.owner, "governance_measure_create", "success_measure", measure.pk,
           {"ambition": ambition.pk, "name": name, "baseline": str(baseline),
            "target": str(target), "target_date": target_date.isoformat(),
            "actual_source": actual_source})
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
    _audit(actor, measure.ambition.owner, "governance_measure_actual", "success_measure",
           measure.pk, {"from": before, "to": str(actual), "source": source})
    return measure


@transaction.atomic
def meeting_create(*, actor: AnyUser, owner: Organisation, partnership: Partnership,
                   date: dt.date, kind: str, title: str, attendees: list[Organisation],
                   agenda: str = "", notes: str = "", visibility: str = "") -> Meeting:
    """Record a workshop or one-to-one with the organisations that attended."""
    _check_owner(actor, owner, partnership)
    if kind not in MeetingKind.values:
        raise ValidationError(f"Unknown meeting kind {kind!r}.")
    meeting = Meeting.objects.create(
        owner=owner, visibility=_visibility(owner, visibility), created_by_id=actor.pk,
        partnership=partnership, date=date, kind=kind, title=title, agenda=agenda,
        notes=notes)
    meeting.attendees.set(attendees)
    _audit(actor, owner, "governance_meeting_create", "meeting", meeting.pk,
           {"partnership": partnership.pk, "date": date.isoformat(), "kind": kind,
            "title": title, "attendees": sorted(o.pk for o in attendees)})
    return meeting


@transaction.atomic
def meeting_notes_update(*, actor: AnyUser, meeting: Meeting, notes: str) -> Meeting:
    """Replace a meeting's notes (the audit log records that they changed, not their text,
    since a one-to-one's notes are confidential to its attendees)."""
    access.require_change(actor, meeting)
    meeting.notes = notes
    meeting.save(update_fields=["notes", "updated_at"])
    _audit(actor, meeting.owner, "governance_meeting_notes", "meeting", meeting.pk,
           {"characters": len(notes)})
    return meeting


@transaction.atomic
def decision_create(*, actor: AnyUser, meeting: Meeting, text: str) -> Decision:
    """Record a decision taken at a meeting."""
    access.require_change(actor, meeting)
    decision = Decision.objects.create(meeting=meeting, text=text)
    _audit(actor, meeting.owner, "governance_decision_create", "decision", decision.pk,
           {"meeting": meeting.pk, "text": text})
    return decision


@transaction.atomic
def action_create(*, actor: AnyUser, meeting: Meeting, text: str,
                  action_owner: Organisation, due: dt.date,
                  decision: Decision | None = None) -> Action:
    """Record an action from a meeting, owned by an organisation, due on a date."""
    access.require_change(actor, meeting)
    if decision is not None and decision.meeting_id != meeting.pk:
        raise ValidationError("The decision was taken at another meeting.")
    action = Action.objects.create(meeting=meeting, decision=decision, text=text,
                                   action_owner=action_owner, due=due)
    _audit(actor, meeting.owner, "governance_action_create", "action", action.pk,
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
    _audit(actor, action.meeting.owner, "governance_action_status", "action", action.pk,
           {"from": before, "to": status})
    return action


@transaction.atomic
def commitment_create(*, actor: AnyUser, owner: Organisation, member: PartnershipMember,
                      kind: str, amount: Decimal, phase_or_site: str = "",
                      document_name: str = "", signed_on: dt.date | None = None,
                      visibility: str = "") -> Commitment:
    """Record what a member has committed, against a phase or site, with its document."""
    _check_owner(actor, owner, member.partnership)
    if kind not in CommitmentKind.values:
        raise ValidationError(f"Unknown commitment kind {kind!r}.")
    if amount < 0:
        raise ValidationError("A commitment's amount cannot be negative.")
    commitment = Commitment.objects.create(
        owner=owner, visibility=_visibility(owner, visibility), created_by_id=actor.pk,
        member=member, kind=kind, amount=amount, phase_or_site=phase_or_site,
        document_name=document_name, signed_on=signed_on)
    _audit(actor, owner, "governance_commitment_create", "commitment", commitment.pk,
           {"member": member.pk, "kind": kind, "amount": str(amount),
            "phase_or_site": phase_or_site, "document_name": document_name,
            "signed_on": signed_on.isoformat() if signed_on else None})
    return commitment
