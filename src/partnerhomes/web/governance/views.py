"""Governance pages: parse the request, call selectors or services, render."""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from partnerhomes.web.governance import selectors, services
from partnerhomes.web.governance.forms import ActionForm, DecisionForm
from partnerhomes.web.governance.models import Meeting
from partnerhomes.web.organisations import access


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The ambitions and their measures against targets, overdue actions, commitments, members
    and meetings the user may see."""
    today = dt.date.today()
    return render(request, "governance/overview.html", {
        "ambitions": selectors.ambitions_visible_to(request.user)[:50],
        "overdue_actions": selectors.overdue_actions_visible_to(request.user, today)[:200],
        "commitments": selectors.commitments_visible_to(request.user)[:500],
        "members": selectors.members_visible_to(request.user)[:500],
        "meetings": selectors.meetings_visible_to(request.user)[:200], "today": today})


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
    rows = [[c.pk, c.member.partnership.name, c.member.organisation.name, c.kind, c.amount,
             c.phase_or_site, c.document_name, c.signed_on.isoformat() if c.signed_on else "",
             c.owner.name, c.visibility]
            for c in selectors.commitments_visible_to(request.user)]
    return _csv("commitments.csv", ["id", "partnership", "member", "kind", "amount",
                                    "phase_or_site", "document", "signed_on", "recorded_by",
                                    "visibility"], rows)
