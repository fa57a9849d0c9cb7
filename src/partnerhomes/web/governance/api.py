"""API for governance records (mounted on the API of ``web/api.py``): lists of the members,
ambitions with their success measures, meetings, actions, work-programme phases, commitments
and their milestones the caller may see; and the writes the pages make, each through the same
service in ``services`` or ``programme_services`` (which checks ``access`` and writes the
audit event).

Access as on the pages: a record in the path you may not see is 404, one you may see but not
change is 403; creating a top-level record needs the analyst or admin role in an organisation
that is in a partnership (403 otherwise). A body field naming something you may not choose
(an owner you do not record for, a partnership or member you may not see, an attendee outside
the partnership...) is refused as the page's form refuses it, as an error on that field: 422
with ``detail`` (``field: message``, as the delivery API) and ``errors`` (messages by field,
``__all__`` for the record as a whole). A rule a service enforces (a phase ending before it
starts, a member leaving before it joined, a commitment met before it was signed...) comes back
the same way. A malformed body (a missing field, an unknown choice, a bad date) is django-ninja's
own 422, naming the field in each error's ``loc``.
A meeting's notes are never returned (a one-to-one's are for its attendees only: see the page);
they may be written when a meeting is created."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Annotated, Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from partnerhomes.web.governance import programme_services, selectors, services
from partnerhomes.web.governance.models import (
    ActionStatus,
    ActualSource,
    CommitmentKind,
    MeetingKind,
    Metric,
    PhaseStatus,
)
from partnerhomes.web.organisations import access
from partnerhomes.web.organisations.models import Organisation, Visibility

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


# --- writes ----------------------------------------------------------------------------------

Text = Annotated[str, Field(min_length=1, max_length=5000)]
Optional_text = Annotated[str, Field(max_length=5000)]
Amount = Annotated[Decimal, Field(max_digits=14, decimal_places=2)]
Chosen = TypeVar("Chosen", bound=Model)
Found = TypeVar("Found", bound=access.OwnedRecord)


class Refusal(Schema):
    detail: str


class GovernanceProblem(Schema):
    """A write refused as the page refuses it: ``detail`` as the delivery API's 422
    (``field: message; ...``) and the same messages by field (``__all__``: the whole record)."""

    detail: str
    errors: dict[str, list[str]]


REFUSALS: dict[int, Any] = {403: Refusal, 404: Refusal, 422: GovernanceProblem}


class MemberJoinIn(Schema):
    partnership_id: int
    owner_id: int = Field(description="The organisation recording it (analyst or admin).")
    organisation_id: int = Field(description="The organisation joining.")
    joined: dt.date
    visibility: Visibility | None = Field(None, description="Blank: the owner's default.")


class MemberLeaveIn(Schema):
    left: dt.date


class RepresentativeIn(Schema):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    role: Annotated[str, Field(min_length=1, max_length=100,
                               description="For example, chief executive or lead officer.")]


class RepresentativeOut(Schema):
    id: int
    member_id: int
    name: str
    role: str


class AmbitionIn(Schema):
    partnership_id: int
    owner_id: int
    text: Text
    visibility: Visibility | None = None


class AmbitionUpdateIn(Schema):
    text: Text
    visibility: Visibility | None = Field(None, description="Left out: unchanged.")


class MeasureIn(Schema):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    unit: Annotated[str, Field(max_length=50)] = ""
    baseline: Amount
    target: Amount
    target_date: dt.date
    actual_source: ActualSource
    metric: Metric = Metric.NONE
    period_start: dt.date | None = None
    actual: Amount | None = None
    source: Annotated[str, Field(max_length=300)] = ""


class ActualIn(Schema):
    actual: Amount
    source: Annotated[str, Field(max_length=300)]


class MeetingIn(Schema):
    partnership_id: int
    owner_id: int
    date: dt.date
    kind: MeetingKind
    title: Annotated[str, Field(min_length=1, max_length=200)]
    attendee_ids: Annotated[list[int], Field(min_length=1)]
    agenda: Optional_text = ""
    notes: Optional_text = Field("", description="Written, never returned.")
    visibility: Visibility | None = None


class DecisionIn(Schema):
    text: Text


class DecisionOut(Schema):
    id: int
    meeting_id: int
    text: str


class ActionIn(Schema):
    text: Text
    action_owner_id: int = Field(description="An organisation of the meeting's partnership.")
    due: dt.date
    decision_id: int | None = Field(None, description="A decision of the same meeting.")


class ActionStatusIn(Schema):
    status: ActionStatus


class PhaseIn(Schema):
    partnership_id: int
    owner_id: int
    name: Annotated[str, Field(min_length=1, max_length=200)]
    objectives: Optional_text = ""
    budget: Amount | None = None
    funding_sources: Optional_text = ""
    start: dt.date
    end: dt.date
    status: PhaseStatus = PhaseStatus.PLANNED
    visibility: Visibility | None = None


class CommitmentIn(Schema):
    owner_id: int
    member_id: int = Field(description="The member committing (its partnership's).")
    kind: CommitmentKind
    amount: Amount
    phase_id: int | None = Field(None, description="A phase of the member's partnership.")
    phase_or_site: Annotated[str, Field(max_length=200)] = ""
    document_name: Annotated[str, Field(max_length=200)] = ""
    signed_on: dt.date | None = None
    due: dt.date | None = None
    met_on: dt.date | None = None
    visibility: Visibility | None = None


class MilestoneIn(Schema):
    text: Annotated[str, Field(min_length=1, max_length=300)]
    due: dt.date
    met_on: dt.date | None = None


class MetIn(Schema):
    met_on: dt.date | None = Field(description="The date it was met; null: not met.")


# Field names of the services' errors that the API names otherwise.
API_FIELDS = {"attendees": "attendee_ids"}


def _api_field(field: str, names: set[str]) -> str:
    """The input field an error of a service names (``owner`` is ``owner_id`` here)."""
    field = API_FIELDS.get(field, field)
    return f"{field}_id" if field not in names and f"{field}_id" in names else field


def _problem(error: ValidationError, names: Iterable[str]) -> dict[str, Any]:
    raw = (error.message_dict if hasattr(error, "error_dict")
           else {NON_FIELD_ERRORS: list(error.messages)})
    fields = set(names)
    errors = {_api_field(field, fields): list(messages) for field, messages in raw.items()}
    return {"detail": "; ".join(f"{field}: {' '.join(messages)}"
                                for field, messages in errors.items()),
            "errors": errors}


def _write(payload: Schema, write: Callable[[], Any], status: int = 200) -> Status[Any]:
    """``status`` and what ``write`` returns, or 422 naming the field a refusal names (the
    choices of the page's form, then the service's rules). Access refusals (404, 403) pass."""
    try:
        return Status(status, write())
    except ValidationError as error:
        return Status(422, _problem(error, type(payload).model_fields))


def _chosen(queryset: QuerySet[Chosen], pk: int, field: str) -> Chosen:
    """The record ``pk`` among the choices the page's form offers, else an error on ``field``
    (as the form: it says no more about a record it does not offer)."""
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: f"{pk} is not one you may choose here."})
    return found


def _chosen_all(queryset: QuerySet[Chosen], pks: list[int], field: str) -> list[Chosen]:
    found = {int(record.pk): record for record in queryset.filter(pk__in=pks)}
    missing = [str(pk) for pk in pks if pk not in found]
    if missing:
        raise ValidationError({field: f"Not ones you may choose here: {', '.join(missing)}."})
    return [found[pk] for pk in dict.fromkeys(pks)]


def _changeable(request: HttpRequest, get: Callable[[Any, int], Found], pk: int) -> Found:
    """The record ``pk`` if the caller may change it: 404 unseen, 403 seen only."""
    record: Found = access.require_change(request.user, get(request.user, pk))
    return record


def _recording(request: HttpRequest, partnership_id: int | None, owner_id: int
               ) -> tuple[Any, Organisation]:
    """The partnership and owner of a new top-level record, chosen as on the create pages:
    403 unless the caller is analyst or admin in an organisation of a partnership."""
    access.require_partnership_writer(request.user)
    partnerships = selectors.recording_partnerships_for(request.user)
    partnership = (None if partnership_id is None
                   else _chosen(partnerships, partnership_id, "partnership_id"))
    owner = _chosen(selectors.recording_organisations_for(request.user), owner_id, "owner_id")
    return partnership, owner


def _visibility(value: Visibility | None) -> str:
    return "" if value is None else str(value.value)


# Members.

@router.post("/governance/members", response={201: MemberOut, **REFUSALS})
def member_join(request: HttpRequest, payload: MemberJoinIn) -> Status[Any]:
    """Record an organisation joining a partnership on a date (it is added to the
    partnership: membership is open)."""
    actor = access.signed_in(request)

    def write() -> Any:
        partnership, owner = _recording(request, payload.partnership_id, payload.owner_id)
        organisation = _chosen(Organisation.objects.all(), payload.organisation_id,
                               "organisation_id")
        return services.member_join(actor=actor, owner=owner, partnership=partnership,
                                    organisation=organisation, joined=payload.joined,
                                    visibility=_visibility(payload.visibility))
    return _write(payload, write, 201)


@router.put("/governance/members/{member_id}/left", response={200: MemberOut, **REFUSALS})
def member_leave(request: HttpRequest, member_id: int, payload: MemberLeaveIn) -> Status[Any]:
    """Record the date a member left (it is kept, with its history)."""
    member = _changeable(request, selectors.member_get_visible_to, member_id)
    return _write(payload, lambda: services.member_leave(actor=request.user, member=member,
                                                         left=payload.left))


@router.post("/governance/members/{member_id}/representatives",
             response={201: RepresentativeOut, **REFUSALS})
def representative_add(request: HttpRequest, member_id: int, payload: RepresentativeIn
                       ) -> Status[Any]:
    """Add a member's representative in a role."""
    member = _changeable(request, selectors.member_get_visible_to, member_id)
    return _write(payload, lambda: services.representative_add(
        actor=request.user, member=member, name=payload.name, role=payload.role), 201)


@router.put("/governance/representatives/{representative_id}",
            response={200: RepresentativeOut, **REFUSALS})
def representative_update(request: HttpRequest, representative_id: int,
                          payload: RepresentativeIn) -> Status[Any]:
    """Correct a representative's name or role."""
    representative = _changeable(request, selectors.representative_get_visible_to,
                                 representative_id)
    return _write(payload, lambda: services.representative_update(
        actor=request.user, representative=representative, name=payload.name,
        role=payload.role))


# Ambitions and their success measures.

@router.post("/governance/ambitions", response={201: AmbitionOut, **REFUSALS})
def ambition_create(request: HttpRequest, payload: AmbitionIn) -> Status[Any]:
    """Record a partnership's joint ambition in words."""
    actor = access.signed_in(request)

    def write() -> Any:
        partnership, owner = _recording(request, payload.partnership_id, payload.owner_id)
        return services.ambition_create(actor=actor, owner=owner, partnership=partnership,
                                        text=payload.text,
                                        visibility=_visibility(payload.visibility))
    return _write(payload, write, 201)


@router.put("/governance/ambitions/{ambition_id}", response={200: AmbitionOut, **REFUSALS})
def ambition_update(request: HttpRequest, ambition_id: int, payload: AmbitionUpdateIn
                    ) -> Status[Any]:
    """Replace an ambition's words (and its visibility, when given)."""
    ambition = _changeable(request, selectors.ambition_get_visible_to, ambition_id)
    return _write(payload, lambda: services.ambition_update(
        actor=request.user, ambition=ambition, text=payload.text,
        visibility=_visibility(payload.visibility)))


def _measure_fields(payload: MeasureIn) -> dict[str, Any]:
    return {"name": payload.name, "unit": payload.unit, "baseline": payload.baseline,
            "target": payload.target, "target_date": payload.target_date,
            "actual_source": str(payload.actual_source.value),
            "metric": str(payload.metric.value), "period_start": payload.period_start,
            "actual": payload.actual, "source": payload.source}


@router.post("/governance/ambitions/{ambition_id}/measures",
             response={201: MeasureOut, **REFUSALS})
def measure_create(request: HttpRequest, ambition_id: int, payload: MeasureIn) -> Status[Any]:
    """Add a success measure to an ambition: a computed one names its metric, an entered
    actual its source."""
    ambition = _changeable(request, selectors.ambition_get_visible_to, ambition_id)
    return _write(payload, lambda: services.measure_create(
        actor=request.user, ambition=ambition, **_measure_fields(payload)), 201)


@router.put("/governance/measures/{measure_id}", response={200: MeasureOut, **REFUSALS})
def measure_update(request: HttpRequest, measure_id: int, payload: MeasureIn) -> Status[Any]:
    """Replace every field of a success measure, under the rules of its creation."""
    measure = _changeable(request, selectors.measure_get_visible_to, measure_id)
    return _write(payload, lambda: services.measure_update(
        actor=request.user, measure=measure, **_measure_fields(payload)))


@router.put("/governance/measures/{measure_id}/actual", response={200: MeasureOut, **REFUSALS})
def measure_actual_enter(request: HttpRequest, measure_id: int, payload: ActualIn
                         ) -> Status[Any]:
    """Enter an entered measure's actual with its source."""
    measure = _changeable(request, selectors.measure_get_visible_to, measure_id)
    return _write(payload, lambda: services.measure_actual_enter(
        actor=request.user, measure=measure, actual=payload.actual, source=payload.source))


# Meetings, decisions and actions.

@router.post("/governance/meetings", response={201: MeetingOut, **REFUSALS})
def meeting_create(request: HttpRequest, payload: MeetingIn) -> Status[Any]:
    """Record a workshop or one-to-one with the organisations of the partnership that
    attended (its notes are written, never returned)."""
    actor = access.signed_in(request)

    def write() -> Any:
        partnership, owner = _recording(request, payload.partnership_id, payload.owner_id)
        attendees = _chosen_all(
            selectors.organisations_in(selectors.recording_partnerships_for(request.user)),
            payload.attendee_ids, "attendee_ids")
        return services.meeting_create(
            actor=actor, owner=owner, partnership=partnership, date=payload.date,
            kind=str(payload.kind.value), title=payload.title, attendees=attendees,
            agenda=payload.agenda, notes=payload.notes,
            visibility=_visibility(payload.visibility))
    return _write(payload, write, 201)


@router.post("/governance/meetings/{meeting_id}/decisions",
             response={201: DecisionOut, **REFUSALS})
def decision_create(request: HttpRequest, meeting_id: int, payload: DecisionIn) -> Status[Any]:
    """Record a decision taken at a meeting."""
    meeting = _changeable(request, selectors.meeting_get_visible_to, meeting_id)
    return _write(payload, lambda: services.decision_create(actor=request.user, meeting=meeting,
                                                            text=payload.text), 201)


@router.post("/governance/meetings/{meeting_id}/actions", response={201: ActionOut, **REFUSALS})
def action_create(request: HttpRequest, meeting_id: int, payload: ActionIn) -> Status[Any]:
    """Record an action from a meeting (and perhaps one of its decisions), owned by an
    organisation of the partnership, due on a date."""
    meeting = _changeable(request, selectors.meeting_get_visible_to, meeting_id)

    def write() -> Any:
        owner = _chosen(meeting.partnership.organisations.all(), payload.action_owner_id,
                        "action_owner_id")
        decision = (None if payload.decision_id is None
                    else _chosen(meeting.decisions.all(), payload.decision_id, "decision_id"))
        return services.action_create(actor=request.user, meeting=meeting, text=payload.text,
                                      action_owner=owner, due=payload.due, decision=decision)
    return _write(payload, write, 201)


@router.put("/governance/actions/{action_id}/status", response={200: ActionOut, **REFUSALS})
def action_status_set(request: HttpRequest, action_id: int, payload: ActionStatusIn
                      ) -> Status[Any]:
    """Set an action's status (open, done, dropped)."""
    action = _changeable(request, selectors.action_get_visible_to, action_id)
    return _write(payload, lambda: services.action_status_set(
        actor=request.user, action=action, status=str(payload.status.value)))


# Work programme: phases, commitments, milestones.

@router.post("/governance/phases", response={201: PhaseOut, **REFUSALS})
def phase_create(request: HttpRequest, payload: PhaseIn) -> Status[Any]:
    """Add a phase to a partnership's work programme."""
    actor = access.signed_in(request)

    def write() -> Any:
        partnership, owner = _recording(request, payload.partnership_id, payload.owner_id)
        return programme_services.phase_create(
            actor=actor, owner=owner, partnership=partnership, name=payload.name,
            start=payload.start, end=payload.end, status=str(payload.status.value),
            objectives=payload.objectives, budget=payload.budget,
            funding_sources=payload.funding_sources, visibility=_visibility(payload.visibility))
    return _write(payload, write, 201)


@router.post("/governance/commitments", response={201: CommitmentOut, **REFUSALS})
def commitment_create(request: HttpRequest, payload: CommitmentIn) -> Status[Any]:
    """Record what a member has committed, against a phase of its partnership or a site in
    words, with the document that records it."""
    actor = access.signed_in(request)

    def write() -> Any:
        _, owner = _recording(request, None, payload.owner_id)
        partnerships = selectors.recording_partnerships_for(request.user)
        member = _chosen(selectors.members_visible_to(request.user).filter(
            partnership__in=partnerships), payload.member_id, "member_id")
        phase = (None if payload.phase_id is None else _chosen(
            selectors.phases_visible_to(request.user).filter(partnership__in=partnerships),
            payload.phase_id, "phase_id"))
        return programme_services.commitment_create(
            actor=actor, owner=owner, member=member, kind=str(payload.kind.value),
            amount=payload.amount, phase=phase, phase_or_site=payload.phase_or_site,
            document_name=payload.document_name, signed_on=payload.signed_on, due=payload.due,
            met_on=payload.met_on, visibility=_visibility(payload.visibility))
    return _write(payload, write, 201)


@router.put("/governance/commitments/{commitment_id}/met",
            response={200: CommitmentOut, **REFUSALS})
def commitment_met(request: HttpRequest, commitment_id: int, payload: MetIn) -> Status[Any]:
    """Mark a commitment met on a date (null: not met); its other fields are kept."""
    commitment = _changeable(request, selectors.commitment_get_visible_to, commitment_id)
    return _write(payload, lambda: programme_services.commitment_update(
        actor=request.user, commitment=commitment, kind=commitment.kind,
        amount=commitment.amount, phase=commitment.phase,
        phase_or_site=commitment.phase_or_site, document_name=commitment.document_name,
        signed_on=commitment.signed_on, due=commitment.due, met_on=payload.met_on))


@router.post("/governance/commitments/{commitment_id}/milestones",
             response={201: MilestoneOut, **REFUSALS})
def milestone_create(request: HttpRequest, commitment_id: int, payload: MilestoneIn
                     ) -> Status[Any]:
    """Add a milestone to a commitment's document (e.g. an MOU's)."""
    commitment = _changeable(request, selectors.commitment_get_visible_to, commitment_id)
    return _write(payload, lambda: programme_services.milestone_create(
        actor=request.user, commitment=commitment, text=payload.text, due=payload.due,
        met_on=payload.met_on), 201)


@router.put("/governance/milestones/{milestone_id}/met",
            response={200: MilestoneOut, **REFUSALS})
def milestone_met(request: HttpRequest, milestone_id: int, payload: MetIn) -> Status[Any]:
    """Mark a milestone met on a date (null: not met); its text and due date are kept."""
    milestone = _changeable(request, selectors.milestone_get_visible_to, milestone_id)
    return _write(payload, lambda: programme_services.milestone_update(
        actor=request.user, milestone=milestone, text=milestone.text, due=milestone.due,
        met_on=payload.met_on))
