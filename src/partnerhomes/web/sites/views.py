"""Site pages: parse the request, call selectors or services, render."""

from __future__ import annotations

from functools import cached_property, lru_cache
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_http_methods

from partnerhomes.sites.councils import council_names
from partnerhomes.web.organisations import access
from partnerhomes.web.organisations.selectors import organisation_list_writable
from partnerhomes.web.schemes.forms import SiteAppraisalForm
from partnerhomes.web.schemes.selectors import scheme_list_for_site
from partnerhomes.web.sites import selectors, services
from partnerhomes.web.sites.forms import (
    FilterKey,
    ImportForm,
    SiteFilterForm,
    VisibilityForm,
    filter_form_html,
    filter_key,
)
from partnerhomes.web.sites.outlines import council_outlines

PAGE_SIZE = 50


def _filters(request: HttpRequest) -> tuple[SiteFilterForm, selectors.SiteFilters]:
    form = SiteFilterForm(request.GET or None)
    return form, _filters_for(filter_key(request.GET))


@lru_cache(maxsize=512)
def _filters_for(key: FilterKey) -> selectors.SiteFilters:
    """The filters a query string asks for, validated by the filter form (which depends on the
    filter values alone), once per distinct filter."""
    form = SiteFilterForm(dict(key) or None)
    if form.is_valid():
        data = form.cleaned_data
        return selectors.SiteFilters(
            gss_code=data["gss_code"], category=data["category"],
            pipeline_stage=data["pipeline_stage"], planning_status=data["planning_status"],
            text=data["text"].strip())
    return selectors.SiteFilters()


ROW_HTML = (
    '<tr class="govuk-table__row"><td class="govuk-table__cell">'
    '<a class="govuk-link" href="{prefix}{id}/">{name}</a></td>'
    '<td class="govuk-table__cell">{gss_code}</td><td class="govuk-table__cell">{owner}</td>'
    '<td class="govuk-table__cell">{category}</td><td class="govuk-table__cell">{stage}</td>'
    '<td class="govuk-table__cell govuk-table__cell--numeric">{homes}</td>'
    '<td class="govuk-table__cell govuk-table__cell--numeric">{hectares}</td>'
    '<td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--grey">{visibility}'
    '</strong></td></tr>\n')


def _text(value: object) -> str:
    return "" if value is None else escape(value)


def site_rows_html(rows: Any, prefix: str) -> SafeString:
    """The site table's rows (GOV.UK table markup, every value escaped). Written here rather
    than in the template: 50 rows x 8 cells through the template engine cost more than the
    page's queries (docs/methodology/web.md, "Speed")."""
    return mark_safe("".join(ROW_HTML.format(
        prefix=prefix, id=int(row["id"]),
        name=_text(row["site_name_address"] or row["site_reference"]),
        gss_code=_text(row["gss_code"]), owner=_text(row["owner__name"]),
        category=_text(row["category"]), stage=_text(row["pipeline_stage"]),
        homes=_text(row["maximum_net_dwellings"]), hectares=_text(row["hectares"]),
        visibility=_text(row["visibility"])) for row in rows))


class CountedPaginator(Paginator):  # type: ignore[type-arg]  # not subscriptable at run time
    """A paginator told its count (counted on the sites alone, without the join the page's
    columns need)."""

    def __init__(self, object_list: Any, per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


@login_required
def site_list(request: HttpRequest) -> HttpResponse:
    filters = _filters_for(filter_key(request.GET))
    sites = selectors.site_list_visible_to(request.user, filters)
    page = CountedPaginator(selectors.site_rows(sites), PAGE_SIZE,
                            sites.count()).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "sites/site_list.html", {
        "form_html": filter_form_html(filter_key(request.GET)), "page": page,
        "rows_html": site_rows_html(page, reverse("site_list")),
        "query": query.urlencode(),
        "can_import": bool(access.writable_organisation_ids(request.user))})


@login_required
def site_map(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    points = selectors.site_points(selectors.site_list_visible_to(request.user, filters))
    tiles = settings.OSM_TILE_URL if settings.MAP_TILES == "osm" else ""
    outlines = council_outlines({str(p["gss_code"]) for p in points} - {""})
    return render(request, "sites/site_map.html", {
        "form": form, "points": points, "tiles": tiles, "n_points": len(points),
        "outlines": outlines.collection if outlines else None,
        "outlines_attribution": outlines.attribution if outlines else ""})


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
