"""Reads for programmes: what a user may see, one programme, one plan run, the planner's sites
table from the pipeline sites a user may see, and the dashboard's latest plan."""

from __future__ import annotations

from typing import Any

import pandas as pd
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from partnerhomes.sites.councils import council_names
from partnerhomes.web.organisations import access
from partnerhomes.web.programmes.models import PlanRun, PlanStatus, Programme
from partnerhomes.web.programmes.planning import homes_by_tenure_and_year
from partnerhomes.web.sites.models import Site

AnyUser = AbstractBaseUser | AnonymousUser
SITE_COLUMNS = ("gss_code", "site_reference", "site_name_address", "longitude", "latitude",
                "hectares", "planning_status", "maximum_net_dwellings",
                "minimum_net_dwellings", "category", "pipeline_stage", "land_type")
BULKY = ("document", "tables", "charts", "summary_html", "site_ids")


def programme_list_visible_to(user: AnyUser) -> QuerySet[Programme]:
    """Programmes ``user`` may see, most recently changed first."""
    return (Programme.objects.filter(access.visible_filter(user)).select_related("owner")
            .defer("document"))


def programme_get_visible_to(user: AnyUser, programme_id: int) -> Programme:
    """One programme, or 404 when it does not exist or ``user`` may not see it."""
    return access.require_view(user, Programme.objects.select_related("owner")
                               .filter(pk=programme_id).first())


def run_list_for(programme: Programme) -> QuerySet[PlanRun]:
    """A (visible) programme's plan runs, newest first, without their bulky fields."""
    return programme.runs.select_related("created_by", "job").defer(*BULKY)


def run_get_visible_to(user: AnyUser, run_id: int) -> PlanRun:
    """One plan run, or 404 unless ``user`` may see its programme."""
    return access.require_view(user, PlanRun.objects.select_related(
        "programme__owner", "created_by", "job").filter(pk=run_id).first())


def sites_table_visible_to(user: AnyUser, gss_codes: list[str]) -> tuple[pd.DataFrame,
                                                                         list[int]]:
    """The planner's sites table (canonical columns, ``owner_organisation`` as the landowner
    when the record does not say) of the pipeline sites ``user`` may see in the programme's
    councils, and their ids."""
    found = (Site.objects.filter(access.visible_filter(user), gss_code__in=gss_codes)
             .select_related("owner").order_by("gss_code", "site_reference", "id"))
    records, ids = [], []
    for site in found:
        record: dict[str, Any] = {**site.record}
        record.update({name: getattr(site, name) for name in SITE_COLUMNS})
        record["owner_organisation"] = (site.record.get("owner_organisation")
                                        or site.owner.name)
        records.append(record)
        ids.append(int(site.pk))
    return pd.DataFrame.from_records(records), ids


def latest_plan_visible_to(user: AnyUser) -> PlanRun | None:
    """The newest finished plan of any programme ``user`` may see, or None."""
    return (PlanRun.objects.filter(access.visible_filter(user, via="programme__"),
                                   status=PlanStatus.DONE)
            .select_related("programme").defer("summary_html", "charts", "document", "site_ids")
            .order_by("-created_at", "-id").first())


PLAN_COUNCIL_FIELDS = ("homes", "affordable_homes", "homes_social_rent", "homes_affordable_rent",
                       "homes_shared_ownership", "homes_market_sale", "grant")


def plan_by_council(plan_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A plan's sites totalled by council: sites, homes by tenure, affordable homes [dwellings]
    and grant [GBP], by GSS code."""
    names = council_names()
    totals: dict[str, dict[str, Any]] = {}
    for row in plan_rows:
        code = str(row.get("gss_code") or "")
        total = totals.setdefault(code, {"gss_code": code, "council": names.get(code, code),
                                         "sites": 0, **dict.fromkeys(PLAN_COUNCIL_FIELDS, 0.0)})
        total["sites"] += 1
        for name in PLAN_COUNCIL_FIELDS:
            total[name] += float(row.get(name) or 0.0)
    return [totals[code] for code in sorted(totals)]


def dashboard_plan(user: AnyUser) -> dict[str, Any]:
    """The latest plan ``user`` may see, its homes completed by tenure and year, the
    partnership uplift by mechanism and its homes by council (empty when there is no plan)."""
    run = latest_plan_visible_to(user)
    if run is None:
        return {"plan": None, "plan_by_year": [], "plan_uplift": [], "plan_by_council": []}
    return {"plan": run, "plan_by_year": homes_by_tenure_and_year(run.table("trajectory")),
            "plan_uplift": run.table("uplift"), "plan_by_council": plan_by_council(
                run.table("plan"))}
