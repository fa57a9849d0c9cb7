"""Writes for the work programme: its phases, what members commit (against a phase or a site)
and the milestones of the document that records a commitment. Each is checked in ``access``
and written to the audit log, like the rest of ``services``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from partnerhomes.web.governance.models import (
    Commitment,
    CommitmentKind,
    CommitmentMilestone,
    PartnershipMember,
    PhaseStatus,
    WorkPhase,
)
from partnerhomes.web.governance.services import (
    AnyUser,
    audit_change,
    check_owner,
    visibility_or_default,
)
from partnerhomes.web.organisations import access
from partnerhomes.web.organisations.models import Organisation, Partnership


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


# --- phases ----------------------------------------------------------------------------------

def _check_phase(name: str, start: dt.date, end: dt.date, status: str,
                 budget: Decimal | None) -> None:
    if not name.strip():
        raise ValidationError({"name": "A phase needs a name."})
    if end < start:
        raise ValidationError({"end": f"A phase cannot end ({end:%d %B %Y}) before it "
                                      f"starts ({start:%d %B %Y})."})
    if status not in PhaseStatus.values:
        raise ValidationError(f"Unknown phase status {status!r}.")
    if budget is not None and budget < 0:
        raise ValidationError({"budget": "A phase's budget cannot be negative."})


def _phase_detail(phase: WorkPhase) -> dict[str, Any]:
    return {"name": phase.name, "objectives": phase.objectives,
            "budget": None if phase.budget is None else str(phase.budget),
            "funding_sources": phase.funding_sources, "start": phase.start.isoformat(),
            "end": phase.end.isoformat(), "status": phase.status,
            "visibility": phase.visibility}


@transaction.atomic
def phase_create(*, actor: AnyUser, owner: Organisation, partnership: Partnership, name: str,
                 start: dt.date, end: dt.date, status: str = PhaseStatus.PLANNED,
                 objectives: str = "", budget: Decimal | None = None,
                 funding_sources: str = "", visibility: str = "") -> WorkPhase:
    """Add a phase to the partnership's work programme (its end not before its start)."""
    check_owner(actor, owner, partnership)
    _check_phase(name, start, end, status, budget)
    phase = WorkPhase.objects.create(
        owner=owner, visibility=visibility_or_default(owner, visibility), created_by_id=actor.pk,
        partnership=partnership, name=name, objectives=objectives, budget=budget,
        funding_sources=funding_sources, start=start, end=end, status=status)
    audit_change(actor, owner, "governance_phase_create", "work_phase", phase.pk,
                 {"partnership": partnership.pk, **_phase_detail(phase)})
    return phase


@transaction.atomic
def phase_update(*, actor: AnyUser, phase: WorkPhase, name: str, start: dt.date,
                 end: dt.date, status: str, objectives: str = "",
                 budget: Decimal | None = None, funding_sources: str = "",
                 visibility: str = "") -> WorkPhase:
    """Change a phase's fields under the rules of :func:`phase_create`."""
    access.require_change(actor, phase)
    _check_phase(name, start, end, status, budget)
    before = _phase_detail(phase)
    phase.name, phase.objectives, phase.budget = name, objectives, budget
    phase.funding_sources, phase.start, phase.end, phase.status = (funding_sources, start, end,
                                                                   status)
    phase.visibility = visibility or phase.visibility
    phase.save()
    audit_change(actor, phase.owner, "governance_phase_update", "work_phase", phase.pk,
                 {"from": before, "to": _phase_detail(phase)})
    return phase


# --- commitments -----------------------------------------------------------------------------

def _check_commitment(member: PartnershipMember, kind: str, amount: Decimal,
                      phase: WorkPhase | None, signed_on: dt.date | None,
                      met_on: dt.date | None) -> None:
    if kind not in CommitmentKind.values:
        raise ValidationError(f"Unknown commitment kind {kind!r}.")
    if amount < 0:
        raise ValidationError({"amount": "A commitment's amount cannot be negative."})
    if phase is not None and phase.partnership_id != member.partnership_id:
        raise ValidationError({"phase": f"The phase {phase} is another partnership's."})
    if signed_on is not None and met_on is not None and met_on < signed_on:
        raise ValidationError({"met_on": "A commitment cannot be met before the document "
                                         "recording it was signed."})


def _commitment_detail(commitment: Commitment) -> dict[str, Any]:
    return {"member": commitment.member_id, "kind": commitment.kind,
            "amount": str(commitment.amount), "phase": commitment.phase_id,
            "phase_or_site": commitment.phase_or_site,
            "document_name": commitment.document_name,
            "signed_on": _day(commitment.signed_on), "due": _day(commitment.due),
            "met_on": _day(commitment.met_on), "visibility": commitment.visibility}


@transaction.atomic
def commitment_create(*, actor: AnyUser, owner: Organisation, member: PartnershipMember,
                      kind: str, amount: Decimal, phase: WorkPhase | None = None,
                      phase_or_site: str = "", document_name: str = "",
                      signed_on: dt.date | None = None, due: dt.date | None = None,
                      met_on: dt.date | None = None, visibility: str = "") -> Commitment:
    """Record what a member has committed, against a phase of the same partnership or a site
    (free text), with the document that records it, its due date and the date it was met."""
    check_owner(actor, owner, member.partnership)
    _check_commitment(member, kind, amount, phase, signed_on, met_on)
    commitment = Commitment.objects.create(
        owner=owner, visibility=visibility_or_default(owner, visibility), created_by_id=actor.pk,
        member=member, kind=kind, amount=amount, phase=phase, phase_or_site=phase_or_site,
        document_name=document_name, signed_on=signed_on, due=due, met_on=met_on)
    audit_change(actor, owner, "governance_commitment_create", "commitment", commitment.pk,
                 _commitment_detail(commitment))
    return commitment


@transaction.atomic
def commitment_update(*, actor: AnyUser, commitment: Commitment, kind: str, amount: Decimal,
                      phase: WorkPhase | None = None, phase_or_site: str = "",
                      document_name: str = "", signed_on: dt.date | None = None,
                      due: dt.date | None = None, met_on: dt.date | None = None,
                      visibility: str = "") -> Commitment:
    """Change a commitment (not its member) under the rules of :func:`commitment_create`;
    recording ``met_on`` is how a commitment is marked met."""
    access.require_change(actor, commitment)
    _check_commitment(commitment.member, kind, amount, phase, signed_on, met_on)
    before = _commitment_detail(commitment)
    commitment.kind, commitment.amount, commitment.phase = kind, amount, phase
    commitment.phase_or_site, commitment.document_name = phase_or_site, document_name
    commitment.signed_on, commitment.due, commitment.met_on = signed_on, due, met_on
    commitment.visibility = visibility or commitment.visibility
    commitment.save()
    audit_change(actor, commitment.owner, "governance_commitment_update", "commitment",
                 commitment.pk, {"from": before, "to": _commitment_detail(commitment)})
    return commitment


# --- milestones ------------------------------------------------------------------------------

def _milestone_detail(milestone: CommitmentMilestone) -> dict[str, Any]:
    return {"commitment": milestone.commitment_id, "text": milestone.text,
            "due": milestone.due.isoformat(), "met_on": _day(milestone.met_on)}


@transaction.atomic
def milestone_create(*, actor: AnyUser, commitment: Commitment, text: str, due: dt.date,
                     met_on: dt.date | None = None) -> CommitmentMilestone:
    """Add a milestone to a commitment's document (e.g. an MOU's)."""
    access.require_change(actor, commitment)
    milestone = CommitmentMilestone.objects.create(commitment=commitment, text=text, due=due,
                                                   met_on=met_on)
    audit_change(actor, commitment.owner, "governance_milestone_create", "commitment_milestone",
                 milestone.pk, _milestone_detail(milestone))
    return milestone


@transaction.atomic
def milestone_update(*, actor: AnyUser, milestone: CommitmentMilestone, text: str,
                     due: dt.date, met_on: dt.date | None = None) -> CommitmentMilestone:
    """Change a milestone's text or dates; recording ``met_on`` marks it met."""
    access.require_change(actor, milestone)
    before = _milestone_detail(milestone)
    milestone.text, milestone.due, milestone.met_on = text, due, met_on
    milestone.save()
    audit_change(actor, milestone.commitment.owner, "governance_milestone_update",
                 "commitment_milestone", milestone.pk,
                 {"from": before, "to": _milestone_detail(milestone)})
    return milestone
