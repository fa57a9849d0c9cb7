"""API for programmes (mounted on the API of ``web/api.py``): list, read, create and edit
programmes (the programme file's content as JSON, without ``sites``), queue a plan (202 with its
job; poll ``/api/jobs/{id}``), read a plan's results. Access as on the pages: an invisible
programme is 404, a visible one you may not change is 403; a programme that is not valid is 422.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status

from partnerhomes.programme.file import ProgrammeFileError
from partnerhomes.web.organisations import access
from partnerhomes.web.organisations.models import Organisation, Visibility
from partnerhomes.web.programmes import selectors, services

router = Router(tags=["programmes"])


class ProgrammeOut(Schema):
    id: int
    name: str
    owner_id: int
    owner: str
    visibility: str

    @staticmethod
    def resolve_owner(programme: Any) -> str:
        return str(programme.owner.name)


class ProgrammeDetailOut(ProgrammeOut):
    document: dict[str, Any]


class ProgrammeIn(Schema):
    name: str
    document: dict[str, Any]
    visibility: Visibility | None = None


class ProgrammeCreateIn(ProgrammeIn):
    owner_id: int


class PlanOut(Schema):
    id: int
    programme_id: int
    status: str
    job_id: int | None
    headline: dict[str, float]
    parameters_digest: str
    code_version: str


class PlanDetailOut(PlanOut):
    solver: dict[str, Any]
    conflicts: list[str]
    site_ids: list[int]
    tables: dict[str, list[dict[str, Any]]]


class PlanCouncilOut(Schema):
    gss_code: str
    council: str
    sites: int
    homes: float
    affordable_homes: float
    homes_social_rent: float
    homes_affordable_rent: float
    homes_shared_ownership: float
    homes_market_sale: float
    grant: float


class DashboardPlanOut(Schema):
    """The latest plan a user may see, as the dashboard shows it."""

    id: int
    programme_id: int
    programme: str
    created_at: dt.datetime
    headline: dict[str, float]
    homes_by_tenure_and_year: list[dict[str, Any]]
    uplift: list[dict[str, Any]]
    by_council: list[PlanCouncilOut]


def dashboard_plan_out(user: Any) -> dict[str, Any] | None:
    """:class:`DashboardPlanOut` for ``user`` (None when there is no plan it may see)."""
    shown = selectors.dashboard_plan(user)
    run = shown["plan"]
    if run is None:
        return None
    return {"id": run.pk, "programme_id": run.programme_id, "programme": run.programme.name,
            "created_at": run.created_at, "headline": run.headline,
            "homes_by_tenure_and_year": shown["plan_by_year"], "uplift": shown["plan_uplift"],
            "by_council": shown["plan_by_council"]}


class Problem(Schema):
    detail: str


@router.get("/programmes", response=list[ProgrammeOut])
def programme_list(request: HttpRequest) -> Any:
    """Programmes you may see."""
    return list(selectors.programme_list_visible_to(request.user)[:1000])


@router.post("/programmes", response={201: ProgrammeDetailOut, 422: Problem})
def programme_create(request: HttpRequest, payload: ProgrammeCreateIn) -> Status[Any]:
    """Save a programme for one of your organisations (analyst or admin)."""
    access.require_write_for(request.user, payload.owner_id)
    try:
        programme = services.programme_create(
            actor=access.signed_in(request),
            owner=Organisation.objects.get(pk=payload.owner_id), name=payload.name,
            document=payload.document,
            visibility=payload.visibility.value if payload.visibility else "")
    except ProgrammeFileError as error:
        return Status(422, {"detail": str(error)})
    return Status(201, programme)


@router.get("/programmes/{programme_id}", response=ProgrammeDetailOut)
def programme_detail(request: HttpRequest, programme_id: int) -> Any:
    """One programme with its document (the programme file format, without ``sites``)."""
    return selectors.programme_get_visible_to(request.user, programme_id)


@router.put("/programmes/{programme_id}", response={200: ProgrammeDetailOut, 422: Problem})
def programme_update(request: HttpRequest, programme_id: int,
                     payload: ProgrammeIn) -> Status[Any]:
    """Replace a programme's name, document and visibility (analyst or admin of its owner)."""
    programme = access.require_change(
        request.user, selectors.programme_get_visible_to(request.user, programme_id))
    try:
        return Status(200, services.programme_update(
            actor=request.user, programme=programme, name=payload.name,
            document=payload.document,
            visibility=payload.visibility.value if payload.visibility else programme.visibility))
    except ProgrammeFileError as error:
        return Status(422, {"detail": str(error)})


@router.post("/programmes/{programme_id}/plans", response={202: PlanOut})
def programme_plan(request: HttpRequest, programme_id: int,
                   uplift: bool = True) -> Status[Any]:
    """Queue a plan of the programme; 202 with the run and its job."""
    programme = selectors.programme_get_visible_to(request.user, programme_id)
    return Status(202, services.plan_start(actor=access.signed_in(request),
                                           programme=programme, uplift=uplift))


@router.get("/plans/{run_id}", response=PlanDetailOut)
def plan_detail(request: HttpRequest, run_id: int) -> Any:
    """A plan: headline, solver, the sites used and its tables (plan, trajectory, uplift,
    exemplars, sme_lots, absorption) with stable field names."""
    return selectors.run_get_visible_to(request.user, run_id)


@router.get("/plans/{run_id}/summary")
def plan_summary(request: HttpRequest, run_id: int) -> HttpResponse:
    """The plan's one-page summary (self-contained HTML)."""
    run = selectors.run_get_visible_to(request.user, run_id)
    return HttpResponse(run.summary_html, content_type="text/html; charset=utf-8")
