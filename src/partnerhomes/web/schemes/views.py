"""Scheme and appraisal pages: parse the request, call selectors or services, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_POST

from partnerhomes.web.organisations import access
from partnerhomes.web.organisations.selectors import organisation_list_writable
from partnerhomes.web.schemes import selectors, services, summary
from partnerhomes.web.schemes.forms import (
    PhaseFormSet,
    SchemeForm,
    SiteAppraisalForm,
    UnitFormSet,
    formset_rows,
)
from partnerhomes.web.schemes.models import Scheme
from partnerhomes.web.sites.selectors import site_get_visible_to


@login_required
def scheme_list(request: HttpRequest) -> HttpResponse:
    return render(request, "schemes/scheme_list.html", {
        "schemes": selectors.scheme_list_visible_to(request.user)[:200],
        "can_create": bool(access.writable_organisation_ids(request.user))})


def _edit(request: HttpRequest, scheme: Scheme | None) -> HttpResponse:
    """The scheme form with its phase and unit rows, for a new or an existing scheme."""
    owners = organisation_list_writable(request.user) if scheme is None else None
    inputs: dict[str, Any] = scheme.inputs if scheme is not None else {"units": []}
    if request.method == "POST":
        form = SchemeForm(request.POST, request.FILES, owners=owners)
        phases = PhaseFormSet(request.POST, prefix="phases")
        units = UnitFormSet(request.POST, prefix="units")
        if form.is_valid() and phases.is_valid() and units.is_valid():
            new_inputs = {**form.scheme_inputs(), "phases": formset_rows(phases),
                          "units": formset_rows(units)}
            upload = form.cleaned_data.get("schedule")
            try:
                if upload is not None:
                    new_inputs["units"] = services.schedule_read(upload)
            except services.ScheduleError as error:
                form.add_error("schedule", str(error))
            else:
                return _save(request, scheme, form, new_inputs)
    else:
        initial = (SchemeForm.initial_from(scheme.name, scheme.visibility, inputs)
                   if scheme is not None else {})
        form = SchemeForm(initial=initial, owners=owners)
        phases = PhaseFormSet(initial=inputs.get("phases") or [], prefix="phases")
        units = UnitFormSet(initial=inputs.get("units") or [], prefix="units")
    return render(request, "schemes/scheme_form.html", {
        "form": form, "phases": phases, "units": units, "scheme": scheme})


def _save(request: HttpRequest, scheme: Scheme | None, form: SchemeForm,
          inputs: dict[str, Any]) -> HttpResponse:
    data = form.cleaned_data
    if scheme is None:
        scheme = services.scheme_create(actor=access.signed_in(request), owner=data["owner"],
                                        name=data["name"], inputs=inputs,
                                        visibility=data["visibility"])
    else:
        services.scheme_update(actor=request.user, scheme=scheme, name=data["name"],
                               inputs=inputs, visibility=data["visibility"] or scheme.visibility)
    messages.success(request, "Scheme saved.")
    return redirect("scheme_detail", scheme_id=scheme.pk)


@login_required
@require_http_methods(["GET", "POST"])
def scheme_create(request: HttpRequest) -> HttpResponse:
    access.require_writer_somewhere(request.user)
    return _edit(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def scheme_edit(request: HttpRequest, scheme_id: int) -> HttpResponse:
    scheme = access.require_change(request.user,
                                   selectors.scheme_get_visible_to(request.user, scheme_id))
    return _edit(request, scheme)


@login_required
def scheme_detail(request: HttpRequest, scheme_id: int) -> HttpResponse:
    scheme = selectors.scheme_get_visible_to(request.user, scheme_id)
    return render(request, "schemes/scheme_detail.html", {
        "scheme": scheme, "runs": selectors.run_list_for(scheme)[:50],
        "can_change": access.can_change(request.user, scheme),
        "inputs": input_rows(scheme.inputs),
        "phases": [[f"{summary.label(key)}: {summary.input_text(key, value)}"
                    for key, value in phase.items() if value not in (None, "")]
                   for phase in scheme.inputs.get("phases") or []],
        "units": summary.unit_rows(scheme.inputs.get("units") or [])})


def input_rows(inputs: dict[str, Any]) -> list[tuple[str, str]]:
    """A scheme's inputs as (label, value) in words: the form's own labels and choices for the
    fields it asks for (a council by name, "Brownfield"), any other field by
    :func:`summary.label` with its value by :func:`summary.input_text`."""
    fields = SchemeForm().fields
    rows = []
    ordered = [key for key in fields if key in inputs] + [key for key in inputs
                                                          if key not in fields]
    for key in ordered:  # the form's order, then the other fields as written
        value = inputs[key]
        if key in ("phases", "units") or value in (None, ""):
            continue
        field = fields.get(key)
        if field is None:
            rows.append((summary.label(key), summary.input_text(key, value)))
            continue
        choices = dict(getattr(field, "choices", None) or [])
        text = (str(choices[value]) if isinstance(value, str) and value in choices
                else summary.input_text(key, value))
        rows.append((str(field.label).removesuffix(" (YYYY-MM-DD)"), text))
    return rows


@login_required
@require_POST
def scheme_appraise(request: HttpRequest, scheme_id: int) -> HttpResponse:
    scheme = selectors.scheme_get_visible_to(request.user, scheme_id)
    return _appraise(request, scheme)


def _appraise(request: HttpRequest, scheme: Scheme) -> HttpResponse:
    run = services.appraisal_start(actor=access.signed_in(request), scheme=scheme)
    if run.job_id is not None:
        return redirect("job_detail", job_id=run.job_id)
    return redirect("run_detail", run_id=run.pk)


@login_required
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = selectors.run_get_visible_to(request.user, run_id)
    result = run.result
    return render(request, "schemes/run_detail.html", {
        "run": run, "scheme": run.scheme, "result": result,
        "sections": summary.sections(result), "chart": summary.chart(run.cashflow),
        "grid": summary.grid(run.results.get("sensitivity")),
        "one_way": summary.one_way(run.results.get("sensitivity_one_way"))})


@login_required
def run_workbook(request: HttpRequest, run_id: int) -> HttpResponse:
    run = selectors.run_get_visible_to(request.user, run_id)
    response = HttpResponse(bytes(run.workbook), content_type=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    name = slugify(run.scheme.name)[:60] or "scheme"
    response["Content-Disposition"] = f'attachment; filename="{name}-appraisal-{run.pk}.xlsx"'
    return response


@login_required
@require_POST
def site_appraise(request: HttpRequest, site_id: int) -> HttpResponse:
    site = site_get_visible_to(request.user, site_id)
    access.require_writer_somewhere(request.user)
    form = SiteAppraisalForm(request.POST, owners=organisation_list_writable(request.user))
    if not form.is_valid():
        messages.error(request, "Choose an organisation to appraise the site for.")
        return redirect("site_detail", site_id=site.pk)
    try:
        scheme = services.scheme_from_site(actor=access.signed_in(request), site=site,
                                           owner=form.cleaned_data["owner"])
    except ValueError as error:
        messages.error(request, f"This site cannot be appraised: {error}")
        return redirect("site_detail", site_id=site.pk)
    return _appraise(request, scheme)
