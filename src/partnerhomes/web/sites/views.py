"""Site pages: parse the request, call selectors or services, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from partnerhomes.sites.councils import council_names
from partnerhomes.web.organisations import access
from partnerhomes.web.organisations.selectors import organisation_list_writable
from partnerhomes.web.schemes.forms import SiteAppraisalForm
from partnerhomes.web.schemes.selectors import scheme_list_for_site
from partnerhomes.web.sites import selectors, services
from partnerhomes.web.sites.forms import (
    ImportForm,
    SiteFilterForm,
    VisibilityForm,
    filter_form_html,
    filter_key,
)

PAGE_SIZE = 50


def _filters(request: HttpRequest) -> tuple[SiteFilterForm, selectors.SiteFilters]:
    form = SiteFilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        return form, selectors.SiteFilters(
            gss_code=data["gss_code"], category=data["category"],
            pipeline_stage=data["pipeline_stage"], planning_status=data["planning_status"],
            text=data["text"].strip())
    return form, selectors.SiteFilters()


@login_required
def site_list(request: HttpRequest) -> HttpResponse:
    _, filters = _filters(request)
    sites = selectors.site_list_visible_to(request.user, filters)
    page = Paginator(selectors.site_rows(sites), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "sites/site_list.html", {
        "form_html": filter_form_html(filter_key(request.GET)), "page": page,
        "query": query.urlencode(),
        "can_import": bool(access.writable_organisation_ids(request.user))})


@login_required
def site_map(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    points = selectors.site_points(selectors.site_list_visible_to(request.user, filters))
    tiles = settings.OSM_TILE_URL if settings.MAP_TILES == "osm" else ""
    return render(request, "sites/site_map.html",
                  {"form": form, "points": points, "tiles": tiles, "n_points": len(points)})


@login_required
@require_http_methods(["GET", "POST"])
def site_detail(request: HttpRequest, site_id: int) -> HttpResponse:
    site = selectors.site_get_visible_to(request.user, site_id)
    can_change = access.can_change(request.user, site)
    form = VisibilityForm(initial={"visibility": site.visibility})
    if request.method == "POST":
        form = VisibilityForm(request.POST)
        access.require_change(request.user, site)
        if form.is_valid():
            services.site_set_visibility(actor=request.user, site=site,
                                         visibility=form.cleaned_data["visibility"])
            messages.success(request, "Visibility saved.")
            return redirect("site_detail", site_id=site.pk)
    owners = organisation_list_writable(request.user)
    return render(request, "sites/site_detail.html", {
        "site": site, "can_change": can_change, "form": form,
        "appraise_form": SiteAppraisalForm(owners=owners) if owners.exists() else None,
        "schemes": scheme_list_for_site(request.user, site.pk),
        "council": council_names().get(site.gss_code, site.gss_code),
        "record": sorted((k, v) for k, v in site.record.items() if v not in (None, ""))})


@login_required
@require_http_methods(["GET", "POST"])
def site_import(request: HttpRequest) -> HttpResponse:
    owners = organisation_list_writable(request.user)
    access.require_writer_somewhere(request.user)
    form = ImportForm(request.POST or None, request.FILES or None, owners=owners)
    if request.method == "POST" and form.is_valid():
        owner = form.cleaned_data["owner"]
        job = services.import_queue(
            actor=access.signed_in(request), owner=owner, files=[form.cleaned_data["file"]],
            visibility=form.cleaned_data["visibility"] or access.default_visibility(owner),
            gss_code=form.cleaned_data["gss_code"].strip().upper())
        return redirect("job_detail", job_id=job.pk)
    return render(request, "sites/site_import.html", {"form": form})


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    runs = selectors.import_run_list_visible_to(request.user)[:100]
    return render(request, "sites/import_list.html", {"runs": runs})


@login_required
def import_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = selectors.import_run_get_visible_to(request.user, run_id)
    rejected_columns = list(run.rejected[0].keys())[:8] if run.rejected else []
    return render(request, "sites/import_detail.html", {
        "run": run, "rejected_columns": rejected_columns,
        "rejected_rows": [[row.get(c) for c in rejected_columns] for row in run.rejected]})
