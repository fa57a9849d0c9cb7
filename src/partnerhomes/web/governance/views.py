"""Governance pages: parse the request, call selectors or services, render."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from partnerhomes.web.delivery.selectors import computed_actual
from partnerhomes.web.governance import selectors, services
from partnerhomes.web.governance.forms import ActionForm, DecisionForm
from partnerhomes.web.governance.models import ActualSource, Meeting, SuccessMeasure
from partnerhomes.web.governance.selectors import AnyUser
from partnerhomes.web.organisations import access


def _measure_actual(measure: SuccessMeasure, user: AnyUser, today: dt.date
                    ) -> Decimal | None:
    """A measure's actual for the overview: an entered one's as entered; a computed one's
    counted from the delivery records ``user`` may see (``delivery.selectors``)."""
    if measure.actual_source == ActualSource.ENTERED:
        return measure.actual
    return computed_actual(measure, user, today)


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The work programme's phases with the commitments against each, the ambitions and their
    measures against targets, overdue actions, commitments (met or outstanding, with their
    milestones), current and former members, and meetings: as far as the user may see them."""
    today = dt.date.today()
    user = request.user
    changeable = access.change_checker(user)
    commitments = list(selectors.commitments_visible_to(user)[:500])
    phases = list(selectors.phases_visible_to(user)[:100])
    members = list(selectors.members_visible_to(user)[:500])
    ambitions = list(selectors.ambitions_visible_to(user)[:50])
    return render(request, "governance/overview.html", {
        "phases": [(p, [c for c in commitments if c.phase_id == p.pk]) for p in phases],
        "ambitions": [(a, [(m, _measure_actual(m, user, today)) for m in a.measures.all()])
                      for a in ambitions],
        "commitments": commitments,
        "overdue_actions": selectors.overdue_actions_visible_to(user, today)[:200],
        "members": [m for m in members if m.left is None or m.left > today],
        "former_members": [m for m in members if m.left is not None and m.left <= today],
        "meetings": selectors.meetings_visible_to(user)[:200], "today": today,
        "changeable_phases": {p.pk for p in phases if changeable(p)},
        "changeable_ambitions": {a.pk for a in ambitions if changeable(a)},
        "changeable_commitments": {c.pk for c in commitments if changeable(c)},
        "changeable_members": {m.pk for m in members if changeable(m)},
        "can_record": bool(access.partnership_writer_ids(user))})


@login_required
def member_detail(request: HttpRequest, member_id: int) -> HttpResponse:
    """A member: when it joined and left, its representatives and the commitments the user may
    see (a member who left keeps all of them)."""
    member = selectors.member_get_visible_to(request.user, member_id)
    return render(request, "governance/member_detail.html", {
        "member": member, "can_change": access.can_change(request.user, member),
        "commitments": selectors.commitments_visible_to(request.user).filter(member=member),
        "today": dt.date.today()})


@login_required
def commitment_detail(request: HttpRequest, commitment_id: int) -> HttpResponse:
    """A commitment, met or outstanding, with its document's milestones."""
    commitment = selectors.commitment_get_visible_to(request.user, commitment_id)
    return render(request, "governance/commitment_detail.html", {
        "commitment": commitment, "can_change": access.can_change(request.user, commitment),
        "milestones": commitment.milestones.all(), "today": dt.date.today()})


def _meeting_page(request: HttpRequest, meeting: Meeting, decision_form: DecisionForm | None,
                  action_form: ActionForm | None, status: int = 200) -> HttpResponse:
    can_change = access.can_change(request.user, meeting)
    context: dict[str, Any] = {
        "meeting": meeting, "notes": selectors.meeting_notes_for(request.user, meeting),
        "decisions": meeting.decisions.all(),
        "actions": meeting.actions.select_related("action_owner", "decision"),
        "can_change": can_change, "today": dt.date.today()}
    if can_change:
        context["decision_form"] = decision_form or DecisionForm()
        context["action_form"] = action_form or ActionForm(meeting=meeting)
    return render(request, "governance/meeting_detail.html", context, status=status)


@login_required
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get_visible_to(request.user, meeting_id)
    return _meeting_page(request, meeting, None, None)


@login_required
@require_POST
def decision_record(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access.require_change(
        request.user, selectors.meeting_get_visible_to(request.user, meeting_id))
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _meeting_page(request, meeting, form, None, status=400)
    services.decision_create(actor=request.user, meeting=meeting,
                             text=form.cleaned_data["text"])
    messages.success(request, "Decision recorded.")
    return redirect("governance_meeting", meeting_id=meeting.pk)


@login_required
@require_POST
def action_record(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access.require_change(
        request.user, selectors.meeting_get_visible_to(request.user, meeting_id))
    form = ActionForm(request.POST, meeting=meeting)
    if not form.is_valid():
        return _meeting_page(request, meeting, None, form, status=400)
    data = form.cleaned_data
    services.action_create(actor=request.user, meeting=meeting, text=data["text"],
                           action_owner=data["action_owner"], due=data["due"],
                           decision=data["decision"])
    messages.success(request, "Action recorded.")
    return redirect("governance_meeting", meeting_id=meeting.pk)


def _csv(filename: str, header: list[str], rows: list[list[Any]]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


@login_required
def actions_csv(request: HttpRequest) -> HttpResponse:
    """The actions the user may see, as CSV."""
    today = dt.date.today()
    rows = [[a.pk, a.meeting.title, a.meeting.date.isoformat(), a.decision_id or "", a.text,
             a.action_owner.name, a.due.isoformat(), a.status, a.is_overdue(today)]
            for a in selectors.actions_visible_to(request.user)]
    return _csv("actions.csv", ["id", "meeting", "meeting_date", "decision_id", "action",
                                "owner_organisation", "due", "status", "overdue"], rows)


@login_required
def commitments_csv(request: HttpRequest) -> HttpResponse:
    """The commitments the user may see, as CSV."""
    today = dt.date.today()
    rows = [[c.pk, c.member.partnership.name, c.member.organisation.name, c.kind, c.amount,
             c.phase.name if c.phase else "", c.phase_or_site, c.document_name,
             _day(c.signed_on), _day(c.due), _day(c.met_on),
             "met" if c.is_met(today) else "outstanding", c.owner.name, c.visibility]
            for c in selectors.commitments_visible_to(request.user)]
    return _csv("commitments.csv", ["id", "partnership", "member", "kind", "amount", "phase",
                                    "phase_or_site", "document", "signed_on", "due", "met_on",
                                    "met_or_outstanding", "recorded_by", "visibility"], rows)


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else ""
