"""Reads for sites: what a user may see, filtered; the map's points; import runs; totals."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, QuerySet, Sum

from partnerhomes.sites.councils import council_names
from partnerhomes.web.organisations import access
from partnerhomes.web.sites.models import ImportRun, Site

User = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class SiteFilters:
    """The site list's filters; blank means any."""

    gss_code: str = ""
    category: str = ""
    pipeline_stage: str = ""
    planning_status: str = ""
    owner: int | None = None
    text: str = ""


def site_list_visible_to(user: User, filters: SiteFilters | None = None) -> QuerySet[Site]:
    """Sites ``user`` may see, filtered, with their owners."""
    found = Site.objects.filter(access.visible_filter(user)).select_related("owner")
    chosen = filters or SiteFilters()
    for field in ("gss_code", "category", "pipeline_stage", "planning_status"):
        value = getattr(chosen, field)
        if value:
            found = found.filter(**{field: value})
    if chosen.owner is not None:
        found = found.filter(owner_id=chosen.owner)
    if chosen.text:
        found = found.filter(site_name_address__icontains=chosen.text) | found.filter(
            site_reference__icontains=chosen.text)
    return found


def site_get_visible_to(user: User, site_id: int) -> Site:
    """One site, or 404 when it does not exist or ``user`` may not see it."""
    return access.require_view(user, Site.objects.select_related("owner", "import_run")
                               .filter(pk=site_id).first())


def site_points(sites: QuerySet[Site]) -> list[dict[str, Any]]:
    """The map's markers: id, name, homes and position of each site with coordinates."""
    rows = sites.exclude(longitude=None).exclude(latitude=None).values_list(
        "id", "site_name_address", "maximum_net_dwellings", "longitude", "latitude",
        "visibility")
    return [{"id": i, "name": name, "homes": homes, "lon": lon, "lat": lat, "visibility": vis}
            for i, name, homes, lon, lat, vis in rows]


def pipeline_by_council(user: User) -> list[dict[str, Any]]:
    """Per council: number of sites, homes (maximum net dwellings) and hectares ``user`` sees."""
    names = council_names()
    rows = (site_list_visible_to(user).order_by().values("gss_code")
            .annotate(n_sites=Count("id"), homes=Sum("maximum_net_dwellings"),
                      hectares=Sum("hectares")).order_by("gss_code"))
    return [{"gss_code": r["gss_code"], "council": names.get(r["gss_code"], r["gss_code"]),
             "n_sites": r["n_sites"], "homes": r["homes"] or 0,
             "hectares": round(r["hectares"] or 0.0, 1)} for r in rows]


def pipeline_by_category(user: User) -> list[dict[str, Any]]:
    """Per category: number of sites and homes ``user`` sees."""
    rows = (site_list_visible_to(user).order_by().values("category")
            .annotate(n_sites=Count("id"), homes=Sum("maximum_net_dwellings"))
            .order_by("category"))
    return [{"category": r["category"] or "(none)", "n_sites": r["n_sites"],
             "homes": r["homes"] or 0} for r in rows]


def import_run_get_visible_to(user: User, run_id: int) -> ImportRun:
    """One import run (its issue log and rejected rows), or 404."""
    return access.require_view(user, ImportRun.objects.select_related("owner")
                               .filter(pk=run_id).first())


def import_run_list_visible_to(user: User) -> QuerySet[ImportRun]:
    """Import runs ``user`` may see, newest first."""
    return ImportRun.objects.filter(access.visible_filter(user)).select_related("owner")
