"""Schemes and appraisals, every page and API endpoint, for owner / partner / outsider x
viewer / analyst / admin (the rule stated in personas.py, independently of access.py)."""

from __future__ import annotations

import pytest

from partnerhomes.web.schemes.models import AppraisalRun, Scheme

from .personas import (
    CASES,
    PERSONAS,
    VISIBILITIES,
    Cast,
    may_change,
    may_see,
    signed_in,
)
from .schemes_cast import INPUTS, make_schemes


@pytest.mark.parametrize(("org", "role"), PERSONAS)
def test_scheme_lists_show_exactly_the_visible_schemes(cast: Cast, org: str, role: str) -> None:
    make_schemes(cast)
    client = signed_in(cast, org, role)
    expected = {f"{v.capitalize()} scheme" for v in VISIBILITIES if may_see(org, v)}
    assert {s["name"] for s in client.get("/api/schemes").json()} == expected
    page = client.get("/schemes/").content.decode()
    for visibility in VISIBILITIES:
        assert (f"{visibility.capitalize()} scheme" in page) == may_see(org, visibility)
    can_create = role in ("analyst", "admin")
    assert client.get("/schemes/new/").status_code == (200 if can_create else 403)


@pytest.mark.parametrize(("org", "role", "visibility"), CASES)
def test_scheme_and_appraisal_pages_are_404_unless_visible(cast: Cast, org: str, role: str,
                                                           visibility: str) -> None:
    scheme, run = make_schemes(cast)[visibility]
    client = signed_in(cast, org, role)
    expected = 200 if may_see(org, visibility) else 404
    for url in (f"/schemes/{scheme.pk}/", f"/appraisals/{run.pk}/",
                f"/appraisals/{run.pk}/workbook.xlsx", f"/api/schemes/{scheme.pk}",
                f"/api/appraisals/{run.pk}", f"/api/appraisals/{run.pk}/workbook"):
        assert client.get(url).status_code == expected, url


@pytest.mark.parametrize(("org", "role", "visibility"), CASES)
def test_only_owner_analysts_and_admins_edit_or_appraise(cast: Cast, org: str, role: str,
                                                        visibility: str) -> None:
    scheme, _ = make_schemes(cast)[visibility]
    client = signed_in(cast, org, role)
    if may_change(org, role):
        expected_page, expected_api, expected_run = 200, 200, 201
    elif may_see(org, visibility):
        expected_page = expected_api = expected_run = 403
    else:
        expected_page = expected_api = expected_run = 404
    runs_before = AppraisalRun.objects.filter(scheme=scheme).count()
    assert client.get(f"/schemes/{scheme.pk}/edit/").status_code == expected_page
    response = client.put(f"/api/schemes/{scheme.pk}", {"name": "Renamed", "inputs": INPUTS},
                          content_type="application/json")
    assert response.status_code == expected_api
    response = client.post(f"/api/schemes/{scheme.pk}/appraisals")
    assert response.status_code == expected_run
    page = client.post(f"/schemes/{scheme.pk}/appraise/")
    assert page.status_code == (302 if may_change(org, role) else expected_run)
    scheme.refresh_from_db()
    assert (scheme.name == "Renamed") == may_change(org, role)
    added = AppraisalRun.objects.filter(scheme=scheme).count() - runs_before
    assert added == (2 if may_change(org, role) else 0)


@pytest.mark.parametrize(("org", "role"), PERSONAS)
def test_creating_a_scheme_for_another_organisation_is_refused(cast: Cast, org: str,
                                                               role: str) -> None:
    client = signed_in(cast, org, role)
    owner = cast.organisations["owner"]
    response = client.post("/api/schemes", {"owner_id": owner.pk, "name": "Mine",
                                            "inputs": INPUTS}, content_type="application/json")
    assert response.status_code == (201 if may_change(org, role) else 403)
    assert Scheme.objects.filter(name="Mine").exists() == may_change(org, role)


@pytest.mark.parametrize(("org", "role", "visibility"), CASES)
def test_appraising_a_site_needs_to_see_it_and_write_for_oneself(
        cast: Cast, org: str, role: str, visibility: str) -> None:
    site = cast.sites[visibility]
    client = signed_in(cast, org, role)
    own = cast.organisations[org]
    response = client.post(f"/api/sites/{site.pk}/appraisals", {"owner_id": own.pk},
                           content_type="application/json")
    if not may_see(org, visibility):
        assert response.status_code == 404
    elif role == "viewer":
        assert response.status_code == 403
    else:
        assert response.status_code == 201, response.content
        scheme = Scheme.objects.get(site=site, owner=own)
        assert scheme.visibility == ("private" if org == "partner" else "partnership")


@pytest.mark.parametrize(("org", "role"), PERSONAS)
def test_dashboard_sums_only_the_visible_appraisals(cast: Cast, org: str, role: str) -> None:
    made = make_schemes(cast)
    client = signed_in(cast, org, role)
    rows = client.get("/").context["appraised"]
    visible = [run for v, (_, run) in made.items() if may_see(org, v)]
    assert sum(r["n_viable"] + r["n_not_viable"] for r in rows) == len(visible)
    assert sum(r["residual_land_value"] for r in rows) == pytest.approx(
        sum(run.residual_land_value for run in visible))
