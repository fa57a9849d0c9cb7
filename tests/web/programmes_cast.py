"""Programmes for the persona cast: a small programme over the owner council's three sites
(one per visibility), and a plan of it computed once per test session, then copied."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from partnerhomes.parameters import load_tree
from partnerhomes.web.programmes import planning, selectors, services
from partnerhomes.web.programmes.models import PlanRun, Programme

from .personas import VISIBILITIES, Cast

DOCUMENT: dict[str, Any] = {
    "name": "Canvey programme", "valuation_date": "2026-06-30",
    "years": {"first": 2026, "last": 2029}, "grant": 2_000_000,
    "councils": [{"gss_code": "E07000069", "name": "Owner Council",
                  "borrowing_headroom": 3_000_000, "starts_capacity": 60,
                  "housing_associations": ["Partner Homes"]}],
    "housing_associations": [{"name": "Partner Homes", "equity": 1_000_000,
                              "debt_capacity": 5_000_000, "starts_capacity": 80}],
    "objective": {"time_limit_seconds": 10},
}


@lru_cache(maxsize=1)
def outcome(cast_sites: int = 3) -> planning.PlanOutcome:
    """The plan of DOCUMENT over the cast's three sites (as the owner sees them)."""
    from django.contrib.auth.models import User

    sites, _ = selectors.sites_table_visible_to(User.objects.get(username="owner_viewer"),
                                                ["E07000069"])
    assert len(sites) == cast_sites
    return planning.plan_document(DOCUMENT, sites, load_tree())


def make_programmes(cast: Cast) -> dict[str, tuple[Programme, PlanRun]]:
    """One programme per visibility, owned by the owner council, each with a done plan."""
    made = {}
    for visibility in VISIBILITIES:
        programme = services.programme_create(
            actor=cast.users[("owner", "admin")], owner=cast.organisations["owner"],
            name=f"{visibility.capitalize()} programme", document=DOCUMENT,
            visibility=visibility)
        run = PlanRun.objects.create(programme=programme, document=programme.document,
                                     created_by=cast.users[("owner", "admin")])
        made[visibility] = (programme, services.plan_run_record(
            run, outcome(), [s.pk for s in cast.sites.values()]))
    return made
