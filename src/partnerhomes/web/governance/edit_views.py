"""Governance create and edit pages: members (joining, leaving, representatives), the ambition
and its measures, meetings, an action's status, work-programme phases, commitments and their
milestones. Each parses its form, calls a service (which checks ``access`` and writes the audit
event) and redirects; a write the service refuses comes back as the form's errors (400).

Creating a top-level record needs the analyst or admin role in an organisation that is in a
partnership (403 otherwise); changing one needs ``access.require_change`` on the record (404
when it is not visible, 403 when it is seen but not changeable)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from partnerhomes.web.governance import programme_services, selectors, services
from partnerhomes.web.governance.forms import (
    ActionStatusForm,
    AmbitionForm,
    CommitmentForm,
    MeasureForm,
    MeetingForm,
    MemberJoinForm,
    MemberLeaveForm,
    MilestoneForm,
    PhaseForm,
    RepresentativeForm,
)
from partnerhomes.web.organisations import access

GET_POST = require_http_methods(["GET", "POST"])
Data = dict[str, Any]


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _initial(record: Model, form_class: type[Form], **extra: Any) -> Data:
    """A record's values for the fields of ``form_class`` that it has."""
    names = [n for n in form_class.base_fields if n not in ("partnership", "owner", "member")]
    return {**{n: getattr(record, n) for n in names if hasattr(record, n)}, **extra}


def _refuse(form: Form, error: ValidationError) -> None:
    """Put a service's refusal on the form: on the field it names, else on the whole form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _form_page(request: HttpRequest, form: Form, *, title: str, back: str,
               write: Callable[[Data], Model], done: Callable[[Model], str],
               intro: str = "") -> HttpResponse:
    """Render ``form``; on a valid POST, ``write`` it and redirect to ``done(record)``."""
    if request.method == "POST" and form.is_valid():
        try:
            record = write(form.cleaned_data)
        except ValidationError as error:
            _refuse(form, error)
        else:
            messages.success(request, f"{title}: saved.")
            return redirect(done(record))
    return render(request, "governance/record_form.html",
                  {"form": form, "title": title, "back": back, "intro": intro},
                  status=400 if request.method == "POST" else 200)


def _recording(request: HttpRequest) -> Any:
    access.require_partnership_writer(request.user)
    return (selectors.recording_partnerships_for(request.user),
            selectors.recording_organisations_for(request.user))


def _overview(anchor: str) -> str:
    return f"{reverse('governance_overview')}#{anchor}"


def _member_url(record: Model) -> str:
    return reverse("governance_member", args=[record.pk])


def _meeting_url(record: Model) -> str:
    return reverse("governance_meeting", args=[record.pk])


def _commitment_url(record: Model) -> str:
    return reverse("governance_commitment", args=[record.pk])


# --- members ---------------------------------------------------------------------------------

@login_required
@GET_POST
def member_join(request: HttpRequest) -> HttpResponse:
    form = MemberJoinForm(_data(request), recording=_recording(request))
    actor = access.signed_in(request)
    return _form_page(
        request, form, title="Record a member joining", back=_overview("members"),
        intro="Membership is open: an organisation joining is added to the partnership.",
        write=lambda d: services.member_join(
            actor=actor, owner=d["owner"], partnership=d["partnership"],
            organisation=d["organisation"], joined=d["joined"], visibility=d["visibility"]),
        done=_member_url)


@login_required
@GET_POST
def member_leave(request: HttpRequest, member_id: int) -> HttpResponse:
    member = access.require_change(request.user,
                                   selectors.member_get_visible_to(request.user, member_id))
    form = MemberLeaveForm(_data(request), initial={"left": member.left})
    return _form_page(
        request, form, title=f"Record that {member.organisation} left", back=_member_url(member),
        intro="The member is kept, with its representatives and commitments.",
        write=lambda d: services.member_leave(actor=request.user, member=member, left=d["left"]),
        done=_member_url)


@login_required
@GET_POST
def representative_add(request: HttpRequest, member_id: int) -> HttpResponse:
    member = access.require_change(request.user,
                                   selectors.member_get_visible_to(request.user, member_id))
    return _form_page(
        request, RepresentativeForm(_data(request)),
        title=f"Add a representative of {member.organisation}", back=_member_url(member),
        write=lambda d: services.representative_add(actor=request.user, member=member,
                                                    name=d["name"], role=d["role"]),
        done=lambda r: _member_url(member))


@login_required
@GET_POST
def representative_edit(request: HttpRequest, representative_id: int) -> HttpResponse:
    representative = access.require_change(request.user, selectors.representative_get_visible_to(
        request.user, representative_id))
    member = representative.member
    form = RepresentativeForm(_data(request), initial=_initial(representative,
                                                               RepresentativeForm))
    return _form_page(
        request, form, title=f"Change a representative of {member.organisation}",
        back=_member_url(member),
        write=lambda d: services.representative_update(
            actor=request.user, representative=representative, name=d["name"], role=d["role"]),
        done=lambda r: _member_url(member))


# --- ambition and measures -------------------------------------------------------------------

@login_required
@GET_POST
def ambition_create(request: HttpRequest) -> HttpResponse:
    form = AmbitionForm(_data(request), recording=_recording(request))
    actor = access.signed_in(request)
    return _form_page(
        request, form, title="Record the joint ambition", back=_overview("ambitions"),
        write=lambda d: services.ambition_create(
            actor=actor, owner=d["owner"], partnership=d["partnership"], text=d["text"],
            visibility=d["visibility"]),
        done=lambda a: _overview(f"ambition-{a.pk}"))


@login_required
@GET_POST
def ambition_edit(request: HttpRequest, ambition_id: int) -> HttpResponse:
    ambition = access.require_change(
        request.user, selectors.ambition_get_visible_to(request.user, ambition_id))
    form = AmbitionForm(_data(request), initial=_initial(ambition, AmbitionForm))
    return _form_page(
        request, form, title="Change the joint ambition", back=_overview(f"ambition-{ambition.pk}"),
        write=lambda d: services.ambition_update(actor=request.user, ambition=ambition,
                                                 text=d["text"], visibility=d["visibility"]),
        done=lambda a: _overview(f"ambition-{a.pk}"))


MEASURE_INTRO = ("A computed measure counts delivery records with its metric (from the date it "
                 "counts from, or all records, to its target date or today); an entered "
                 "measure's actual is typed in with its source.")


def _measure_fields(d: Data) -> Data:
    return {name: d[name] for name in ("name", "unit", "baseline", "target", "target_date",
                                        "actual_source", "metric", "period_start", "actual",
                                        "source")}


@login_required
@GET_POST
def measure_create(request: HttpRequest, ambition_id: int) -> HttpResponse:
    ambition = access.require_change(
        request.user, selectors.ambition_get_visible_to(request.user, ambition_id))
    return _form_page(
        request, MeasureForm(_data(request)), title="Add a success measure",
        back=_overview(f"ambition-{ambition.pk}"), intro=MEASURE_INTRO,
        write=lambda d: services.measure_create(actor=request.user, ambition=ambition,
                                                **_measure_fields(d)),
        done=lambda m: _overview(f"ambition-{ambition.pk}"))


@login_required
@GET_POST
def measure_edit(request: HttpRequest, measure_id: int) -> HttpResponse:
    measure = access.require_change(
        request.user, selectors.measure_get_visible_to(request.user, measure_id))
    form = MeasureForm(_data(request), initial=_initial(measure, MeasureForm))
    back = _overview(f"ambition-{measure.ambition_id}")
    return _form_page(
        request, form, title=f"Change the measure {measure.name}", back=back,
        intro=MEASURE_INTRO,
        write=lambda d: services.measure_update(actor=request.user, measure=measure,
                                                **_measure_fields(d)),
        done=lambda m: back)


# --- meetings and actions --------------------------------------------------------------------

@login_required
@GET_POST
def meeting_create(request: HttpRequest) -> HttpResponse:
    recording = _recording(request)
    form = MeetingForm(_data(request), recording=recording,
                       attendee_choices=selectors.organisations_in(recording[0]))
    actor = access.signed_in(request)
    return _form_page(
        request, form, title="Record a meeting", back=_overview("meetings"),
        intro="A one-to-one's notes are read only by the organisations that attended.",
        write=lambda d: services.meeting_create(
            actor=actor, owner=d["owner"], partnership=d["partnership"], date=d["date"],
            kind=d["kind"], title=d["title"], attendees=list(d["attendees"]),
            agenda=d["agenda"], notes=d["notes"], visibility=d["visibility"]),
        done=_meeting_url)


@login_required
@GET_POST
def meeting_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access.require_change(
        request.user, selectors.meeting_get_visible_to(request.user, meeting_id))
    notes = selectors.meeting_notes_for(request.user, meeting)
    initial = _initial(meeting, MeetingForm, attendees=list(meeting.attendees.all()),
                       notes=notes or "")
    form = MeetingForm(_data(request), initial=initial, with_notes=notes is not None,
                       attendee_choices=meeting.partnership.organisations.all())
    return _form_page(
        request, form, title=f"Change {meeting.title}", back=_meeting_url(meeting),
        intro="" if notes is not None else "The notes of this one-to-one are read and changed "
                                           "only by the organisations that attended.",
        write=lambda d: services.meeting_update(
            actor=request.user, meeting=meeting, date=d["date"], kind=d["kind"],
            title=d["title"], attendees=list(d["attendees"]), agenda=d["agenda"],
            notes=d["notes"] if notes is not None else None, visibility=d["visibility"]),
        done=_meeting_url)


@login_required
@GET_POST
def action_status(request: HttpRequest, action_id: int) -> HttpResponse:
    action = access.require_change(request.user,
                                   selectors.action_get_visible_to(request.user, action_id))
    form = ActionStatusForm(_data(request), initial={"status": action.status})
    return _form_page(
        request, form, title="Change an action's status", back=_meeting_url(action.meeting),
        intro=action.text,
        write=lambda d: services.action_status_set(actor=request.user, action=action,
                                                   status=d["status"]),
        done=lambda a: _meeting_url(action.meeting))


# --- work programme --------------------------------------------------------------------------

def _phase_fields(d: Data) -> Data:
    return {name: d[name] for name in ("name", "objectives", "budget", "funding_sources",
                                        "start", "end", "status", "visibility")}


@login_required
@GET_POST
def phase_create(request: HttpRequest) -> HttpResponse:
    form = PhaseForm(_data(request), recording=_recording(request))
    actor = access.signed_in(request)
    return _form_page(
        request, form, title="Add a phase to the work programme", back=_overview("phases"),
        write=lambda d: programme_services.phase_create(
            actor=actor, owner=d["owner"], partnership=d["partnership"], **_phase_fields(d)),
        done=lambda p: _overview(f"phase-{p.pk}"))


@login_required
@GET_POST
def phase_edit(request: HttpRequest, phase_id: int) -> HttpResponse:
    phase = access.require_change(request.user,
                                  selectors.phase_get_visible_to(request.user, phase_id))
    form = PhaseForm(_data(request), initial=_initial(phase, PhaseForm))
    return _form_page(
        request, form, title=f"Change {phase.name}", back=_overview(f"phase-{phase.pk}"),
        write=lambda d: programme_services.phase_update(actor=request.user, phase=phase,
                                                        **_phase_fields(d)),
        done=lambda p: _overview(f"phase-{p.pk}"))


def _commitment_fields(d: Data) -> Data:
    return {name: d[name] for name in ("kind", "amount", "phase", "phase_or_site",
                                        "document_name", "signed_on", "due", "met_on",
                                        "visibility")}


@login_required
@GET_POST
def commitment_create(request: HttpRequest) -> HttpResponse:
    partnerships, owners = _recording(request)
    form = CommitmentForm(
        _data(request), recording=(partnerships, owners),
        members=selectors.members_visible_to(request.user).filter(partnership__in=partnerships),
        phases=selectors.phases_visible_to(request.user).filter(partnership__in=partnerships))
    actor = access.signed_in(request)
    return _form_page(
        request, form, title="Record a commitment", back=_overview("commitments"),
        write=lambda d: programme_services.commitment_create(
            actor=actor, owner=d["owner"], member=d["member"], **_commitment_fields(d)),
        done=_commitment_url)


@login_required
@GET_POST
def commitment_edit(request: HttpRequest, commitment_id: int) -> HttpResponse:
    commitment = access.require_change(
        request.user, selectors.commitment_get_visible_to(request.user, commitment_id))
    form = CommitmentForm(
        _data(request), initial=_initial(commitment, CommitmentForm), members=None,
        phases=selectors.phases_visible_to(request.user).filter(
            partnership=commitment.member.partnership_id))
    return _form_page(
        request, form, title=f"Change {commitment.member.organisation}'s commitment",
        back=_commitment_url(commitment),
        write=lambda d: programme_services.commitment_update(
            actor=request.user, commitment=commitment, **_commitment_fields(d)),
        done=_commitment_url)


@login_required
@GET_POST
def milestone_add(request: HttpRequest, commitment_id: int) -> HttpResponse:
    commitment = access.require_change(
        request.user, selectors.commitment_get_visible_to(request.user, commitment_id))
    return _form_page(
        request, MilestoneForm(_data(request)), title="Add a milestone",
        back=_commitment_url(commitment),
        write=lambda d: programme_services.milestone_create(
            actor=request.user, commitment=commitment, text=d["text"], due=d["due"],
            met_on=d["met_on"]),
        done=lambda m: _commitment_url(commitment))


@login_required
@GET_POST
def milestone_edit(request: HttpRequest, milestone_id: int) -> HttpResponse:
    milestone = access.require_change(
        request.user, selectors.milestone_get_visible_to(request.user, milestone_id))
    form = MilestoneForm(_data(request), initial=_initial(milestone, MilestoneForm))
    return _form_page(
        request, form, title="Change a milestone", back=_commitment_url(milestone.commitment),
        write=lambda d: programme_services.milestone_update(
            actor=request.user, milestone=milestone, text=d["text"], due=d["due"],
            met_on=d["met_on"]),
        done=lambda m: _commitment_url(milestone.commitment))
