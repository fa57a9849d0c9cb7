"""Programme pages: parse the request, call selectors or services, render."""

from __future__ import annotations

from typing import Any, cast

import pandas as pd
import yaml
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_POST

from partnerhomes.programme.file import ProgrammeFileError
from partnerhomes.reports.plan_summary import Certainty, uplift_words
from partnerhomes.sites.councils import council_names
from partnerhomes.web.dashboard.templatetags.money import money
from partnerhomes.web.organisations import access
from partnerhomes.web.organisations.selectors import organisation_list_writable
from partnerhomes.web.programmes import planning, selectors, services
from partnerhomes.web.programmes.forms import (
    AssociationFormSet,
    CouncilFormSet,
    ProgrammeForm,
    association_initial,
    association_rows,
    council_initial,
    council_rows,
)
from partnerhomes.web.programmes.models import Programme


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    return render(request, "programmes/programme_list.html", {
        "programmes": selectors.programme_list_visible_to(request.user)[:200],
        "can_create": bool(access.writable_organisation_ids(request.user))})


def _edit(request: HttpRequest, programme: Programme | None) -> HttpResponse:
    owners = organisation_list_writable(request.user) if programme is None else None
    document: dict[str, Any] = programme.document if programme is not None else {}
    if request.method == "POST":
        form = ProgrammeForm(request.POST, request.FILES, owners=owners)
        councils = CouncilFormSet(request.POST, prefix="councils")
        associations = AssociationFormSet(request.POST, prefix="associations")
        upload = form.is_valid() and form.cleaned_data.get("programme_file")
        if upload or (form.is_valid() and councils.is_valid() and associations.is_valid()):
            try:
                new = (services.document_from_yaml(upload) if upload else services.document_check(
                    form.document(council_rows(councils), association_rows(associations))))
                return _save(request, programme, form, new)
            except ProgrammeFileError as error:
                form.add_error("programme_file" if upload else None, str(error))
    else:
        initial = (ProgrammeForm.initial_from(programme.name, programme.visibility, document)
                   if programme is not None else {})
        form = ProgrammeForm(initial=initial, owners=owners)
        councils = CouncilFormSet(initial=council_initial(document), prefix="councils")
        associations = AssociationFormSet(initial=association_initial(document),
                                          prefix="associations")
    return render(request, "programmes/programme_form.html", {
        "form": form, "councils": councils, "associations": associations,
        "programme": programme})


def _save(request: HttpRequest, programme: Programme | None, form: ProgrammeForm,
          document: dict[str, Any]) -> HttpResponse:
    data = form.cleaned_data
    if programme is None:
        programme = services.programme_create(
            actor=access.signed_in(request), owner=data["owner"], name=data["name"],
            document=document, visibility=data["visibility"])
    else:
        services.programme_update(actor=request.user, programme=programme, name=data["name"],
                                  document=document,
                                  visibility=data["visibility"] or programme.visibility)
    messages.success(request, "Programme saved.")
    return redirect("programme_detail", programme_id=programme.pk)


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    access.require_writer_somewhere(request.user)
    return _edit(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = access.require_change(
        request.user, selectors.programme_get_visible_to(request.user, programme_id))
    return _edit(request, programme)


@login_required
def programme_detail(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = selectors.programme_get_visible_to(request.user, programme_id)
    document = programme.document
    form = ProgrammeForm.initial_from(programme.name, programme.visibility, document)
    objectives = dict(cast(list[tuple[str, str]], cast(
        forms.ChoiceField, ProgrammeForm.base_fields["objective"]).choices))
    return render(request, "programmes/programme_detail.html", {
        "programme": programme, "runs": selectors.run_list_for(programme)[:50],
        "can_change": access.can_change(request.user, programme),
        "document": document, "form": form,
        "grant_text": by_year_money(document.get("grant", 0.0)),
        "objective_text": objectives.get(form["objective"], form["objective"]),
        "councils": [{**council, "headroom_text": by_year_money(
            council.get("borrowing_headroom", 0.0))} for council in document.get("councils") or []],
        "associations": [{**association,
                          "equity_text": by_year_money(association.get("equity", 0.0)),
                          "debt_text": by_year_money(association.get("debt_capacity", 0.0))}
                         for association in document.get("housing_associations") or []]})


def by_year_money(value: Any) -> str:
    """An amount a year, or by year, in pounds: consecutive years with the same amount as one
    span.

    >>> by_year_money(2e6), by_year_money({2026: 3e7, 2027: 4e7, 2028: 4e7, "2030": 4e7})
    ('£2,000,000', '2026: £30,000,000; 2027–2028: £40,000,000; 2030: £40,000,000')
    """
    if not isinstance(value, dict):
        return money(value)
    spans: list[list[Any]] = []
    for year, amount in sorted((int(year), amount) for year, amount in value.items()):
        if spans and spans[-1][2] == amount and spans[-1][1] == year - 1:
            spans[-1][1] = year
        else:
            spans.append([year, year, amount])
    return "; ".join(f"{first}{'' if last == first else f'–{last}'}: {money(amount)}"
                     for first, last, amount in spans)


@login_required
@require_POST
def programme_plan(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = selectors.programme_get_visible_to(request.user, programme_id)
    run = services.plan_start(actor=access.signed_in(request), programme=programme)
    return redirect("job_detail", job_id=run.job_id)


@login_required
def plan_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = selectors.run_get_visible_to(request.user, run_id)
    uplift = uplift_rows(run.table("uplift"),
                         str((run.document.get("objective") or {}).get("kind", "")))
    names = council_names()
    return render(request, "programmes/plan_detail.html", {
        "run": run, "programme": run.programme, "headline": run.headline,
        "plan": [{**row, "route_label": str(row.get("route", "")).replace("_", " "),
                  "mix_label": str(row.get("mix", "")).replace("_", " "),
                  "council": names.get(str(row.get("gss_code")), row.get("gss_code"))}
                 for row in run.table("plan")],
        "uplift": uplift, "exemplars": run.table("exemplars"),
        "uplift_unproven": any(row["is_proven"] is False for row in uplift),
        "lots": run.table("sme_lots"),
        "by_year": planning.homes_by_tenure_and_year(run.table("trajectory")),
        "alone": uplift[0] if uplift else None, "pooled": uplift[-1] if uplift else None,
        # the charts are SVG drawn by matplotlib on the server, not user input
        "trajectory_chart": mark_safe(run.charts.get("trajectory", "")),
        "uplift_chart": mark_safe(run.charts.get("uplift", ""))})


def uplift_rows(uplift: list[dict[str, Any]], objective_kind: str) -> list[dict[str, Any]]:
    """The uplift table's rows with how sure each figure is, in the summary report's words
    (``reports/plan_summary.py``): ``is_proven``; ``mark`` "≥" before the affordable homes of a
    scenario the solver did not prove within the time allowed ("≤" before its grant under least
    grant), ``could_be`` the most (least grant) its gap allows, ``words`` the figure as the
    report says it ("at least N; could be up to about M (not proven within the time
    allowed)") and ``extra_words`` the extra over acting alone as a range when either plan is
    not proven ("" when both are)."""
    if not uplift:
        return []
    least = objective_kind == "least_grant"
    words = uplift_words(pd.DataFrame(uplift), objective_kind or "weighted_affordable_homes")
    rows = []
    for k, (row, said) in enumerate(zip(uplift, words.to_dict("records"), strict=True)):
        sure = Certainty.of(row, least_grant=least)
        alone = Certainty.of(uplift[0], least_grant=least)
        unproven = sure.is_proven is False
        uncertain_extra = k > 0 and not least and (unproven or alone.is_proven is False)
        rows.append({
            **row, "is_proven": sure.is_proven,
            "mark": ("≤ " if least else "≥ ") if unproven else "",
            "could_be": sure.limit if unproven else None,
            "words": said["grant" if least else "affordable_homes"],
            "extra_words": said["extra"] if uncertain_extra else ""})
    return rows


@login_required
def plan_summary(request: HttpRequest, run_id: int) -> HttpResponse:
    """The planner's self-contained summary page (``reports/plan_summary.py``)."""
    run = selectors.run_get_visible_to(request.user, run_id)
    response = HttpResponse(run.summary_html or "<p>No summary: the plan did not finish.</p>")
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


SITES_FILE = "sites.csv"


def programme_file_text(programme: Programme) -> str:
    """The programme as a programme file for ``partnerhomes plan`` (docs/methodology/
    programme.md §2), naming ``sites.csv`` beside it as its sites table."""
    document: dict[str, Any] = programme.document
    ordered: dict[str, Any] = {key: document[key] for key in (
        "name", "description", "is_illustrative") if key in document}
    ordered["sites"] = SITES_FILE
    ordered.update({k: v for k, v in document.items() if k not in ordered})
    header = (f"# Programme file of {programme.name!r} from PartnerHomes, for\n"
              f"#   partnerhomes plan <this file>\n"
              f"# Its sites table: save the programme page's {SITES_FILE} beside this file (the\n"
              f"# pipeline sites the person who downloads it may see in these councils).\n")
    return header + yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True)


@login_required
def programme_file(request: HttpRequest, programme_id: int) -> HttpResponse:
    """Download the programme file (.yaml) that ``partnerhomes plan`` reads."""
    programme = selectors.programme_get_visible_to(request.user, programme_id)
    response = HttpResponse(programme_file_text(programme),
                            content_type="application/yaml; charset=utf-8")
    name = slugify(programme.name)[:60] or "programme"
    response["Content-Disposition"] = f'attachment; filename="{name}.yaml"'
    return response


@login_required
def programme_sites(request: HttpRequest, programme_id: int) -> HttpResponse:
    """Download the sites table a plan of this programme would use now: the pipeline sites you
    may see in its councils (the planner's canonical columns)."""
    programme = selectors.programme_get_visible_to(request.user, programme_id)
    codes = [str(c.get("gss_code")) for c in programme.document.get("councils") or []]
    table, _ = selectors.sites_table_visible_to(request.user, codes)
    response = HttpResponse(table.to_csv(index=False), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{SITES_FILE}"'
    return response
