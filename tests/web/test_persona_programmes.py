"""Programmes and plans, every page and API endpoint, for owner / partner / outsider x
viewer / analyst / admin (the rule stated in personas.py, independently of access.py)."""

from __future__ import annotations

import pytest

from partnerhomes.web.programmes.models import PlanRun, Programme

from .personas import (
    CASES,
    PERSONAS,
    VISIBILITIES,
    Cast,
    may_change,
    may_see,
    signed_in,
)
from .programmes_cast import DOCUMENT, make_programmes


@pytest.mark.parametrize(("org", "role"), PERSONAS)
def test_programme_lists_show_exactly_the_visible_programmes(cast: Cast, org: str,
                                                             role: str) -> None:
    make_programmes(cast)
    client = signed_in(cast, org, role)
    expected = {f"{v.capitalize()} programme" for v in VISIBILITIES if may_see(org, v)}
    assert {p["name"] for p in client.get("/api/programmes").json()} == expected
    page = client.get("/programmes/").content.decode()
    for visibility in VISIBILITIES:
        assert (f"{visibility.capitalize()} programme" in page) == may_see(org, visibility)
    can_create = role in ("analyst", "admin")
    assert client.get("/programmes/new/").status_code == (200 if can_create else 403)


@pytest.mark.parametrize(("org", "role", "visibility"), CASES)
def test_programme_and_plan_pages_are_404_unless_visible(cast: Cast, org: str, role: str,
                                                         visibility: str) -> None:
    programme, run = make_programmes(cast)[visibility]
    client = signed_in(cast, org, role)
    expected = 200 if may_see(org, visibility) else 404
    for url in (f"/programmes/{programme.pk}/", f"/plans/{run.pk}/",
                f"/plans/{run.pk}/summary.html", f"/api/programmes/{programme.pk}",
                f"/api/plans/{run.pk}", f"/api/plans/{run.pk}/summary"):
        assert client.get(url).status_code == expected, url


@pytest.mark.parametrize(("org", "role", "visibility"), CASES)
def test_only_owner_analysts_and_admins_edit_or_plan(cast: Cast, org: str, role: str,
                                                     visibility: str) -> None:
    programme, _ = make_programmes(cast)[visibility]
    client = signed_in(cast, org, role)
    if may_change(org, role):
        expected_page, expected_api, expected_plan = 200, 200, 202
    elif may_see(org, visibility):
        expected_page = expected_api = expected_plan = 403
    else:
        expected_page = expected_api = expected_plan = 404
    runs_before = PlanRun.objects.filter(programme=programme).count()
    assert client.get(f"/programmes/{programme.pk}/edit/").status_code == expected_page
    response = client.put(f"/api/programmes/{programme.pk}",
                          {"name": "Renamed", "document": DOCUMENT},
                          content_type="application/json")
    assert response.status_code == expected_api
    assert client.post(f"/api/programmes/{programme.pk}/plans").status_code == expected_plan
    page = client.post(f"/programmes/{programme.pk}/plan/")
    assert page.status_code == (302 if may_change(org, role) else expected_plan)
    programme.refresh_from_db()
    assert (programme.name == "Renamed") == may_change(org, role)
    added = PlanRun.objects.filter(programme=programme).count() - runs_before
    assert added == (2 if may_change(org, role) else 0)
    detail = client.get(f"/programmes/{programme.pk}/")
    if may_see(org, visibility):
        assert ('id="run-plan"' in detail.content.decode()) == may_change(org, role)


@pytest.mark.parametrize(("org", "role"), PERSONAS)
def test_creating_a_programme_for_another_organisation_is_refused(cast: Cast, org: str,
                                                                  role: str) -> None:
    client = signed_in(cast, org, role)
    owner = cast.organisations["owner"]
    response = client.post("/api/programmes", {"owner_id": owner.pk, "name": "Mine",
                                               "document": DOCUMENT},
                           content_type="application/json")
    assert response.status_code == (201 if may_change(org, role) else 403)
    assert Programme.objects.filter(name="Mine").exists() == may_change(org, role)


@pytest.mark.parametrize(("org", "role"), PERSONAS)
def test_dashboard_shows_the_latest_visible_plan(cast: Cast, org: str, role: str) -> None:
    made = make_programmes(cast)
    client = signed_in(cast, org, role)
    latest = client.get("/").context["plan"]
    visible = [run for v, (_, run) in made.items() if may_see(org, v)]
    if not visible:
        assert latest is None
    else:
        assert latest is not None and latest.pk == max(run.pk for run in visible)
