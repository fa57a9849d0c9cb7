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


ROW_FIELDS = ("id", "site_name_address", "site_reference", "gss_code", "owner__name", "category",
              "pipeline_stage", "maximum_net_dwellings", "hectares", "visibility")


def site_rows(sites: QuerySet[Site]) -> QuerySet[Site, dict[str, Any]]:
    """The list's columns only, as plain rows (no model instances to build per site)."""
    rows: QuerySet[Site, dict[str, Any]] = sites.values(*ROW_FIELDS)
    return rows


def site_get_visible_to(user: User, site_id: int) -> Site:
    """One site, or 404 when it does not exist or ``user`` may not see it."""
    return access.require_view(user, Site.objects.select_related("owner", "import_run")
                               .filter(pk=site_id).first())


def site_points(sites: QuerySet[Site]) -> list[dict[str, Any]]:
    """The map's markers: id, name, homes, position and council of each site with
    coordinates."""
    rows = sites.exclude(longitude=None).exclude(latitude=None).values_list(
        "id", "site_name_address", "maximum_net_dwellings", "longitude", "latitude",
        "visibility", "gss_code")
    return [{"id": i, "name": name, "homes": homes, "lon": lon, "lat": lat, "visibility": vis,
             "gss_code": code} for i, name, homes, lon, lat, vis, code in rows]


def _pipeline_groups(user: User) -> list[dict[str, Any]]:
    """Sites, homes and hectares ``user`` sees per (council, category): one query."""
    groups = (site_list_visible_to(user).order_by().values("gss_code", "category")
              .annotate(n_sites=Count("id"), homes=Sum("maximum_net_dwellings"),
                        hectares=Sum("hectares")))
    return [dict(group) for group in groups]


def _totals_by(groups: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    totals: dict[str, dict[str, Any]] = {}
    for group in groups:
        total = totals.setdefault(group[key], {"n_sites": 0, "homes": 0, "hectares": 0.0})
        total["n_sites"] += group["n_sites"]
        total["homes"] += group["homes"] or 0
        total["hectares"] += group["hectares"] or 0.0
    return dict(sorted(totals.items()))


@dataclass(frozen=True)
class Pipeline:
    """The dashboard's pipeline totals: by council and by category."""

    by_council: list[dict[str, Any]]
    by_category: list[dict[str, Any]]


def pipeline_visible_to(user: User) -> Pipeline:
    """Per council (sites, homes = maximum net dwellings, hectares) and per category (sites,
    homes) over the sites ``user`` may see, from one grouped query."""
    groups = _pipeline_groups(user)
    names = council_names()
    by_council = [{"gss_code": code, "council": names.get(code, code), "n_sites": t["n_sites"],
                   "homes": t["homes"], "hectares": round(t["hectares"], 1)}
                  for code, t in _totals_by(groups, "gss_code").items()]
    by_category = [{"category": category or "(none)", "n_sites": t["n_sites"],
                    "homes": t["homes"]} for category, t in _totals_by(groups, "category").items()]
    return Pipeline(by_council, by_category)


def import_run_get_visible_to(user: User, run_id: int) -> ImportRun:
    """One import run (its issue log and rejected rows), or 404."""
    return access.require_view(user, ImportRun.objects.select_related("owner")
                               .filter(pk=run_id).first())


def import_run_list_visible_to(user: User) -> QuerySet[ImportRun]:
    """Import runs ``user`` may see, newest first."""
    return ImportRun.objects.filter(access.visible_filter(user)).select_related("owner")
