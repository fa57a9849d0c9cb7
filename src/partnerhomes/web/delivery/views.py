"""Delivery pages: the tracked sites, a site's delivery (stages and the forms to record them),
the board and its printable summary, and the CSV of delivery records. Parse, call, render."""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from partnerhomes.appraisal.inputs import TENURES
from partnerhomes.reports import delivery as rules
from partnerhomes.reports.plan_summary import TENURE_LABELS
from partnerhomes.sites.councils import council_names
from partnerhomes.web.delivery import selectors, services
from partnerhomes.web.delivery.board import board_for
from partnerhomes.web.delivery.forms import FlagsForm, StageForm
from partnerhomes.web.delivery.models import DeliveryRecord, Stage
from partnerhomes.web.organisations import access
from partnerhomes.web.sites.models import Site

STAGE_LABELS = dict(Stage.choices)


def _row(record: DeliveryRecord, today: dt.date) -> dict[str, Any]:
    plain = selectors.as_delivery(record)
    stage = plain.current_stage
    slip = rules.site_slippage(plain, today)
    return {"record": record, "site": record.site, "stage": STAGE_LABELS.get(stage, ""),
            "homes": plain.homes_at(stage or rules.STAGES[0]), "slip": slip}


@login_required
def record_list(request: HttpRequest) -> HttpResponse:
    """The tracked sites the user may see: current stage, homes at it, slippage."""
    today = dt.date.today()
    rows = [_row(r, today) for r in selectors.records_visible_to(request.user)[:2000]]
    return render(request, "delivery/record_list.html", {"rows": rows, "today": today})


def _stage_rows(record: DeliveryRecord | None, today: dt.date) -> list[dict[str, Any]]:
    stages = {s.stage: s for s in record.stages.all()} if record is not None else {}
    rows = []
    for name in rules.STAGES:
        stage = stages.get(name)
        plain = (rules.StageDates(name, stage.planned, stage.actual, selectors.homes_of(stage))
                 if stage is not None else None)
        rows.append({"name": name, "label": STAGE_LABELS[name], "stage": stage,
                     "homes": plain.homes if plain is not None else None,
                     "slip": rules.stage_slippage(plain, today) if plain is not None else None})
    return rows


def _site_page(request: HttpRequest, site: Site, record: DeliveryRecord | None,
               stage_form: StageForm | None = None, flags_form: FlagsForm | None = None,
               status: int = 200) -> HttpResponse:
    today = dt.date.today()
    can_change = access.can_change(request.user, site)
    run, _ = selectors.planned_trajectory(request.user)
    context: dict[str, Any] = {
        "site": site, "record": record, "stages": _stage_rows(record, today),
        "council": council_names().get(site.gss_code, site.gss_code),
        "can_change": can_change, "today": today, "tenures": TENURES,
        "tenure_labels": [TENURE_LABELS[t] for t in TENURES],
        "plan": run, "plan_row": selectors.plan_row_for_site(run, site)}
    if can_change:
        chosen = request.GET.get("stage", "")
        existing = next((s for s in record.stages.all() if s.stage == chosen), None) \
            if record is not None else None
        context["stage_form"] = stage_form or StageForm(
            initial=StageForm.initial_from(existing) if existing else {"stage": chosen})
        context["flags_form"] = flags_form or FlagsForm(initial={
            "exemplar": record.exemplar, "sme_builder": record.sme_builder,
            "carbon_standard": record.carbon_standard} if record is not None else None)
    return render(request, "delivery/site_delivery.html", context, status=status)


@login_required
def site_delivery(request: HttpRequest, site_id: int) -> HttpResponse:
    """A site's delivery: its stages with planned and actual dates, homes and slippage."""
    site, record = selectors.site_with_record(request.user, site_id)
    return _site_page(request, site, record)


@login_required
@require_POST
def stage_save(request: HttpRequest, site_id: int) -> HttpResponse:
    site, record = selectors.site_with_record(request.user, site_id)
    access.require_change(request.user, site)
    form = StageForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.stage_record(actor=request.user, site=site, stage=data["stage"],
                                  planned=data["planned"], actual=data["actual"],
                                  homes=form.homes())
        except ValidationError as error:
            form.add_error(None, error)  # a dict of errors goes to its fields
        else:
            messages.success(request, f"{STAGE_LABELS[data['stage']]} recorded.")
            return redirect("delivery_site", site_id=site.pk)
    return _site_page(request, site, record, stage_form=form, status=400)


@login_required
@require_POST
def flags_save(request: HttpRequest, site_id: int) -> HttpResponse:
    site, record = selectors.site_with_record(request.user, site_id)
    access.require_change(request.user, site)
    form = FlagsForm(request.POST)
    if not form.is_valid():
        return _site_page(request, site, record, flags_form=form, status=400)
    data = form.cleaned_data
    services.flags_set(actor=request.user, site=site, exemplar=data["exemplar"],
                       sme_builder=data["sme_builder"],
                       carbon_standard=data["carbon_standard"] or "")
    messages.success(request, "Flags saved.")
    return redirect("delivery_site", site_id=site.pk)


def _board_context(request: HttpRequest) -> dict[str, Any]:
    board = board_for(request.user)
    # the chart is SVG drawn by matplotlib on the server from numbers, not user input
    return {"board": board, "chart": mark_safe(board.chart)}


@login_required
def board(request: HttpRequest) -> HttpResponse:
    """The board dashboard: measures, delivery against the programme, slippage, commitments,
    decisions, overdue actions and the work programme."""
    return render(request, "delivery/board.html", _board_context(request))


@login_required
def board_print(request: HttpRequest) -> HttpResponse:
    """The board summary as one plain printable page (no navigation)."""
    return render(request, "delivery/board_print.html", _board_context(request))


CSV_HEADER = ["site_id", "site_reference", "site_name_address", "gss_code", "owner",
              "visibility", "exemplar", "sme_builder", "carbon_standard", "stage", "planned",
              "actual", *(f"homes_{t}" for t in TENURES), "recorded_by",
              "recorded_by_organisation", "recorded_at"]


def _csv_rows(records: list[DeliveryRecord]) -> list[list[Any]]:
    out = []
    for record in records:
        site = record.site
        order = {name: i for i, name in enumerate(rules.STAGES)}
        for stage in sorted(record.stages.all(), key=lambda s: order[s.stage]):
            out.append([
                site.pk, site.site_reference, site.site_name_address, site.gss_code,
                site.owner.name, site.visibility, record.exemplar, record.sme_builder,
                record.carbon_standard, stage.stage,
                stage.planned.isoformat() if stage.planned else "",
                stage.actual.isoformat() if stage.actual else "",
                *(getattr(stage, f"homes_{t}") for t in TENURES),
                stage.recorded_by.username if stage.recorded_by else "",
                stage.recorded_by_organisation.name if stage.recorded_by_organisation else "",
                stage.recorded_at.isoformat(timespec="seconds")])
    return out


@login_required
def records_csv(request: HttpRequest) -> HttpResponse:
    """The delivery records the user may see, one row a stage, as CSV."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="delivery-records.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    writer.writerows(_csv_rows(list(selectors.records_visible_to(request.user))))
    return response
