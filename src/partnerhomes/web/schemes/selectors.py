"""Reads for schemes: what a user may see, one scheme, one appraisal run, the latest runs."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from partnerhomes.sites.councils import council_names
from partnerhomes.web.organisations import access
from partnerhomes.web.schemes.models import AppraisalRun, RunStatus, Scheme

AnyUser = AbstractBaseUser | AnonymousUser


def scheme_list_visible_to(user: AnyUser) -> QuerySet[Scheme]:
    """Schemes ``user`` may see, most recently changed first."""
    return (Scheme.objects.filter(access.visible_filter(user)).select_related("owner", "site")
            .defer("inputs"))


def scheme_get_visible_to(user: AnyUser, scheme_id: int) -> Scheme:
    """One scheme, or 404 when it does not exist or ``user`` may not see it."""
    return access.require_view(user, Scheme.objects.select_related("owner", "site")
                               .filter(pk=scheme_id).first())


def run_list_for(scheme: Scheme) -> QuerySet[AppraisalRun]:
    """A (visible) scheme's appraisal runs, newest first, without their bulky fields."""
    return (scheme.runs.select_related("created_by")
            .defer("results", "cashflow", "workbook", "inputs"))


def run_get_visible_to(user: AnyUser, run_id: int) -> AppraisalRun:
    """One appraisal run, or 404 unless ``user`` may see its scheme."""
    return access.require_view(user, AppraisalRun.objects.select_related(
        "scheme__owner", "created_by", "job").filter(pk=run_id).first())


def scheme_list_for_site(user: AnyUser, site_id: int) -> QuerySet[Scheme]:
    """The schemes made from a site that ``user`` may see."""
    return scheme_list_visible_to(user).filter(site_id=site_id)


def appraised_by_council(user: AnyUser) -> list[dict[str, Any]]:
    """Per council, over the latest finished appraisal of each scheme ``user`` may see: schemes
    viable and not viable, homes, and the sum of residual land values [GBP]."""
    latest: dict[int, dict[str, Any]] = {}
    rows = (AppraisalRun.objects.filter(access.visible_filter(user, via="scheme__"),
                                        status=RunStatus.DONE)
            .exclude(residual_land_value=None).order_by("scheme_id", "-created_at", "-id")
            .values("scheme_id", "gss_code", "verdict", "residual_land_value", "dwellings"))
    for row in rows:
        latest.setdefault(row["scheme_id"], dict(row))
    names = council_names()
    totals: dict[str, dict[str, Any]] = {}
    for found in latest.values():
        code = found["gss_code"] or "default"
        total = totals.setdefault(code, {
            "gss_code": code, "council": names.get(code, "Elsewhere"), "n_viable": 0,
            "n_not_viable": 0, "homes": 0.0, "residual_land_value": 0.0})
        total["n_viable" if found["verdict"] == "viable" else "n_not_viable"] += 1
        total["homes"] += found["dwellings"] or 0.0
        total["residual_land_value"] += found["residual_land_value"]
    return [totals[code] for code in sorted(totals)]
