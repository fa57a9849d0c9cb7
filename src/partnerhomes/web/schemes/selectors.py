"""Reads for schemes: what a user may see, one scheme, one appraisal run, the latest runs."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from partnerhomes.web.organisations import access
from partnerhomes.web.schemes.models import AppraisalRun, Scheme

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
