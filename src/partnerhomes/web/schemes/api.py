"""API for schemes and appraisals (mounted on the API of ``web/api.py``): list, read, create
and edit schemes, run an appraisal, read its results, download its workbook, appraise a site,
compare delivery routes for a scheme (as ``/vehicles/`` does; nothing is stored).
Access as on the pages: an invisible scheme is 404, a visible one you may not change is 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status

from partnerhomes.web.assumptions.selectors import base_tree
from partnerhomes.web.organisations import access
from partnerhomes.web.organisations.models import Organisation, Visibility
from partnerhomes.web.schemes import appraising, selectors, services, vehicles
from partnerhomes.web.schemes.models import AppraisalRun
from partnerhomes.web.sites.selectors import site_get_visible_to

router = Router(tags=["schemes"])


class SchemeOut(Schema):
    id: int
    name: str
    owner_id: int
    owner: str
    visibility: str
    site_id: int | None

    @staticmethod
    def resolve_owner(scheme: Any) -> str:
        return str(scheme.owner.name)


class SchemeDetailOut(SchemeOut):
    inputs: dict[str, Any]


class SchemeIn(Schema):
    name: str
    inputs: dict[str, Any]
    visibility: Visibility | None = None


class SchemeCreateIn(SchemeIn):
    owner_id: int


class RunOut(Schema):
    id: int
    scheme_id: int
    status: str
    job_id: int | None
    verdict: str
    residual_land_value: float | None
    parameters_digest: str
    code_version: str
    errors: list[dict[str, Any]]


class RunDetailOut(RunOut):
    results: dict[str, Any]
    cashflow: dict[str, list[float]]


class SiteAppraisalIn(Schema):
    owner_id: int


def _inputs(inputs: dict[str, Any]) -> dict[str, Any]:
    unknown = appraising.unknown_fields(inputs)
    if unknown:
        raise PermissionDenied(f"not fields of the scheme format: {', '.join(unknown)}")
    return inputs


def _started(run: AppraisalRun) -> Status[Any]:
    return Status(202 if run.job_id is not None else 201, run)


@router.get("/schemes", response=list[SchemeOut])
def scheme_list(request: HttpRequest) -> Any:
    """Schemes you may see."""
    return list(selectors.scheme_list_visible_to(request.user)[:1000])


@router.post("/schemes", response={201: SchemeDetailOut})
def scheme_create(request: HttpRequest, payload: SchemeCreateIn) -> Status[Any]:
    """Save a scheme for one of your organisations (analyst or admin)."""
    access.require_write_for(request.user, payload.owner_id)
    scheme = services.scheme_create(
        actor=access.signed_in(request), owner=Organisation.objects.get(pk=payload.owner_id),
        name=payload.name, inputs=_inputs(payload.inputs),
        visibility=payload.visibility.value if payload.visibility else "")
    return Status(201, scheme)


@router.get("/schemes/{scheme_id}", response=SchemeDetailOut)
def scheme_detail(request: HttpRequest, scheme_id: int) -> Any:
    """One scheme with its inputs (the scheme file format)."""
    return selectors.scheme_get_visible_to(request.user, scheme_id)


@router.put("/schemes/{scheme_id}", response=SchemeDetailOut)
def scheme_update(request: HttpRequest, scheme_id: int, payload: SchemeIn) -> Any:
    """Replace a scheme's name, inputs and visibility (analyst or admin of its owner)."""
    scheme = selectors.scheme_get_visible_to(request.user, scheme_id)
    return services.scheme_update(
        actor=request.user, scheme=scheme, name=payload.name, inputs=_inputs(payload.inputs),
        visibility=payload.visibility.value if payload.visibility else scheme.visibility)


@router.post("/schemes/{scheme_id}/appraisals", response={201: RunOut, 202: RunOut})
def scheme_appraise(request: HttpRequest, scheme_id: int,
                    background: bool | None = None) -> Status[Any]:
    """Appraise a scheme: 201 with the run when done now, 202 with its job when queued."""
    scheme = selectors.scheme_get_visible_to(request.user, scheme_id)
    return _started(services.appraisal_start(actor=access.signed_in(request), scheme=scheme,
                                             background=background))


@router.post("/sites/{site_id}/appraisals", response={201: RunOut, 202: RunOut})
def site_appraise(request: HttpRequest, site_id: int, payload: SiteAppraisalIn) -> Status[Any]:
    """Appraise a site's typology scheme, saved for one of your organisations."""
    site = site_get_visible_to(request.user, site_id)
    access.require_write_for(request.user, payload.owner_id)
    actor = access.signed_in(request)
    try:
        scheme = services.scheme_from_site(actor=actor, site=site,
                                           owner=Organisation.objects.get(pk=payload.owner_id))
    except ValueError as error:
        raise PermissionDenied(f"this site cannot be appraised: {error}") from error
    return _started(services.appraisal_start(actor=actor, scheme=scheme))


@router.get("/appraisals/{run_id}", response=RunDetailOut)
def run_detail(request: HttpRequest, run_id: int) -> Any:
    """An appraisal run: results (stable field names), sensitivity, monthly cashflow."""
    return selectors.run_get_visible_to(request.user, run_id)


@router.get("/appraisals/{run_id}/workbook")
def run_workbook(request: HttpRequest, run_id: int) -> HttpResponse:
    """The run's Excel workbook (summary, results, errors, provenance, monthly cashflow)."""
    run = selectors.run_get_visible_to(request.user, run_id)
    response = HttpResponse(bytes(run.workbook), content_type=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response["Content-Disposition"] = f'attachment; filename="appraisal-{run.pk}.xlsx"'
    return response


class RoutesIn(Schema):
    scheme_id: int
    routes: str | dict[str, Any]


class RoutesOut(Schema):
    scheme_id: int
    scheme: str
    routes: list[str]
    records: list[dict[str, Any]]
    errors: list[str]


class RoutesProblem(Schema):
    detail: str


@router.post("/vehicles/compare", response={200: RoutesOut, 422: RoutesProblem},
             tags=["vehicles"])
def vehicles_compare(request: HttpRequest, payload: RoutesIn) -> Status[Any]:
    """Compare delivery routes for a scheme you may see: ``routes`` is the route definition
    document (docs/methodology/vehicles.md §3, ``partners:`` and ``routes:``) as YAML text or
    as JSON. One record per route with the figures of ``partnerhomes vehicles compare``
    (homes by tenure, council net cost, ``<partner>.capital``/``profit``/``irr``...,
    ``risk.<name>``); an infinite figure is ``"inf"``, one that is not a number null. A scheme
    you may not see is 404; definitions that cannot be compared are 422 with the reason."""
    scheme = selectors.scheme_get_visible_to(request.user, payload.scheme_id)
    try:
        records, errors = vehicles.compare_records(scheme.inputs, scheme.name, payload.routes,
                                                   base_tree())
    except vehicles.RoutesError as error:
        return Status(422, {"detail": str(error)})
    return Status(200, {"scheme_id": scheme.pk, "scheme": scheme.name,
                        "routes": [str(r["route"]) for r in records], "records": records,
                        "errors": errors})
