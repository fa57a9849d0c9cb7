"""The dashboard page."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from partnerhomes.web.dashboard.templatetags.money import money
from partnerhomes.web.governance.selectors import overdue_actions_visible_to
from partnerhomes.web.organisations.selectors import membership_list
from partnerhomes.web.programmes.selectors import dashboard_plan
from partnerhomes.web.schemes.selectors import appraised_by_council
from partnerhomes.web.sites import selectors
from partnerhomes.web.sites.forms import SiteFilterForm

CATEGORY_LABELS: dict[str, str] = {value: label for value, label in cast(
    list[tuple[str, str]], cast(forms.ChoiceField, SiteFilterForm.base_fields["category"]).choices)
    if value}
"""A site category's words, as the site list's filter shows them."""
OVERDUE_FIELDS = ("text", "due", "status", "meeting_id", "meeting__title", "meeting__owner_id",
                  "meeting__visibility", "action_owner__name")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    pipeline = selectors.pipeline_visible_to(request.user)
    by_council = pipeline.by_council
    totals = {"n_sites": sum(r["n_sites"] for r in by_council),
              "homes": sum(r["homes"] for r in by_council),
              "hectares": round(sum(r["hectares"] for r in by_council), 1)}
    plan = dashboard_plan(request.user)
    plan["plan_uplift_unproven"] = any(row.get("is_proven") is False
                                       for row in plan["plan_uplift"])
    return render(request, "dashboard/dashboard.html", {
        "by_council": by_council, "by_category": _labelled(pipeline.by_category),
        "totals": totals, "memberships": membership_list(request.user),
        "appraised": [{**row, "residual_land_value_text": money(row["residual_land_value"])}
                      for row in appraised_by_council(request.user)],
        **plan,
        # only what the overdue list shows (its selector also joins each action's decision)
        "overdue_actions": overdue_actions_visible_to(request.user)
        .select_related(None).select_related("meeting", "action_owner")
        .only(*OVERDUE_FIELDS)[:20]})


def _labelled(by_category: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The category rows with their words (``label``) and, for a known category, the value
    that filters the site list to it (``filter``)."""
    return [{**row, "label": CATEGORY_LABELS.get(row["category"], row["category"]),
             "filter": row["category"] if row["category"] in CATEGORY_LABELS else ""}
            for row in by_category]

