"""The REST API (django-ninja): the same operations as the pages, for scripts and other tools.

Authentication: ``Authorization: Bearer <token>`` (tokens from the account page), or the browser
session, for which django-ninja checks the CSRF token on unsafe methods. OpenAPI document at
``/api/openapi.json``, interactive docs at ``/api/docs``. Access decisions are those of
``organisations/access.py``: an invisible record is 404, a visible one you may not change is 403.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import File, Form, NinjaAPI, Schema, Status
from ninja.files import UploadedFile
from ninja.security import APIKeyCookie, HttpBearer, SessionAuth

from partnerhomes.web.assumptions import selectors as assumption_selectors
from partnerhomes.web.delivery.api import router as delivery_router
from partnerhomes.web.governance.api import router as governance_router
from partnerhomes.web.jobs.selectors import job_get_visible_to
from partnerhomes.web.organisations import access
from partnerhomes.web.organisations.models import Organisation, Visibility
from partnerhomes.web.organisations.selectors import user_for_token_digest
from partnerhomes.web.organisations.services import token_digest
from partnerhomes.web.programmes.api import DashboardPlanOut, dashboard_plan_out
from partnerhomes.web.programmes.api import router as programmes_router
from partnerhomes.web.schemes.api import router as schemes_router
from partnerhomes.web.schemes.selectors import appraised_by_council
from partnerhomes.web.sites import selectors, services
from partnerhomes.web.sites.forms import check_upload


class TokenAuth(HttpBearer):
    """A token created on the account page, sent as ``Authorization: Bearer <token>``."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token_digest(token_digest(token))
        if user is not None:
            request.user = user
        return user


class BrowserSessionAuth(SessionAuth):
    """The browser's session, CSRF-checked for unsafe methods; a request that carries no
    session cookie is simply not authenticated by it (401), instead of failing a CSRF check
    (403) it never needed, e.g. a script whose token was wrong."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if self.param_name not in request.COOKIES:
            return None
        return super()._get_key(request)


session_auth: APIKeyCookie = BrowserSessionAuth()
api = NinjaAPI(title="PartnerHomes API", version="1", auth=[TokenAuth(), session_auth],
               urls_namespace="api")
api.add_router("/", schemes_router)
api.add_router("/", programmes_router)
api.add_router("/", governance_router)
api.add_router("/", delivery_router)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(error) or "Forbidden"}, status=403)


class SiteOut(Schema):
    id: int
    owner: str
    visibility: str
    gss_code: str
    site_reference: str
    site_name_address: str
    longitude: float | None
    latitude: float | None
    hectares: float | None
    maximum_net_dwellings: int | None
    category: str
    pipeline_stage: str
    planning_status: str

    @staticmethod
    def resolve_owner(site: Any) -> str:
        return str(site.owner.name)


class SiteDetailOut(SiteOut):
    record: dict[str, Any]


class SitePage(Schema):
    count: int
    items: list[SiteOut]


class VisibilityIn(Schema):
    visibility: Visibility


class JobOut(Schema):
    id: int
    kind: str
    status: str
    progress: str
    result: dict[str, Any]
    error: str


class ImportRunOut(Schema):
    id: int
    owner_id: int
    files: list[str]
    rows_in: int
    n_accepted: int
    n_rejected: int
    issues: list[dict[str, Any]]
    rejected: list[dict[str, Any]]


class CouncilTotal(Schema):
    gss_code: str
    council: str
    n_sites: int
    homes: int
    hectares: float


class CategoryTotal(Schema):
    category: str
    n_sites: int
    homes: int


class AppraisedCouncilOut(Schema):
    gss_code: str
    council: str
    n_viable: int
    n_not_viable: int
    homes: float
    residual_land_value: float


class DashboardOut(Schema):
    by_council: list[CouncilTotal]
    by_category: list[CategoryTotal]
    appraised_by_council: list[AppraisedCouncilOut]
    plan: DashboardPlanOut | None


class ParameterOut(Schema):
    name: str
    label: str
    unit: str
    value: str
    start: str
    status: str
    source: str
    is_by_place: bool


@api.get("/sites", response=SitePage, tags=["sites"])
def site_list(request: HttpRequest, gss_code: str = "", category: str = "",
              pipeline_stage: str = "", planning_status: str = "", text: str = "",
              limit: int = 100, offset: int = 0) -> dict[str, Any]:
    """Sites you may see, filtered; ``limit`` at most 1000."""
    found = selectors.site_list_visible_to(request.user, selectors.SiteFilters(
        gss_code=gss_code, category=category, pipeline_stage=pipeline_stage,
        planning_status=planning_status, text=text))
    limit = max(1, min(limit, 1000))
    return {"count": found.count(), "items": list(found[offset:offset + limit])}


@api.get("/sites/{site_id}", response=SiteDetailOut, tags=["sites"])
def site_detail(request: HttpRequest, site_id: int) -> Any:
    """One site with its whole canonical record."""
    return selectors.site_get_visible_to(request.user, site_id)


@api.patch("/sites/{site_id}", response=SiteDetailOut, tags=["sites"])
def site_update(request: HttpRequest, site_id: int, payload: VisibilityIn) -> Any:
    """Change who may see a site (analyst or admin of its owner)."""
    site = selectors.site_get_visible_to(request.user, site_id)
    return services.site_set_visibility(actor=request.user, site=site,
                                        visibility=str(payload.visibility.value))


@api.post("/imports", response={202: JobOut}, tags=["sites"])
def import_create(request: HttpRequest, owner_id: Form[int], file: File[UploadedFile],
                  visibility: Form[str] = "", gss_code: Form[str] = "") -> Status[Any]:
    """Queue the import of a register or partner list for an organisation; poll the job."""
    access.require_write_for(request.user, owner_id)
    owner = Organisation.objects.get(pk=owner_id)
    if visibility and visibility not in Visibility.values:
        raise PermissionDenied(f"visibility must be one of {', '.join(Visibility.values)}")
    upload = check_upload(file)
    job = services.import_queue(actor=access.signed_in(request), owner=owner, files=[upload],
                                visibility=visibility or access.default_visibility(owner),
                                gss_code=gss_code.strip().upper())
    return Status(202, job)


@api.get("/imports/{run_id}", response=ImportRunOut, tags=["sites"])
def import_detail(request: HttpRequest, run_id: int) -> Any:
    """An import run: counts, the issue log and the rejected rows."""
    return selectors.import_run_get_visible_to(request.user, run_id)


@api.get("/jobs/{job_id}", response=JobOut, tags=["jobs"])
def job_detail(request: HttpRequest, job_id: int) -> Any:
    """A job's status, progress and result."""
    return job_get_visible_to(request.user, job_id)


@api.get("/dashboard", response=DashboardOut, tags=["dashboard"])
def dashboard(request: HttpRequest) -> dict[str, Any]:
    """What the dashboard shows: pipeline totals by council and by category over the sites you
    may see, appraised schemes by council, and the latest plan you may see (homes by tenure
    and year, the partnership uplift by mechanism, its homes by council), or null."""
    pipeline = selectors.pipeline_visible_to(request.user)
    return {"by_council": pipeline.by_council, "by_category": pipeline.by_category,
            "appraised_by_council": appraised_by_council(request.user),
            "plan": dashboard_plan_out(request.user)}


@api.get("/parameters", response=list[ParameterOut], tags=["assumptions"])
def parameter_list(request: HttpRequest, prefix: str = "",
                   at: dt.date | None = None) -> Any:
    """Parameters with their default value in force on ``at`` (today by default)."""
    return assumption_selectors.parameter_rows(assumption_selectors.base_tree(),
                                               at or dt.date.today(), prefix)
