"""Every page and API endpoint, for owner / partner / outsider x viewer / analyst / admin."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from .personas import ORGS, PERSONAS, ROLES, VISIBILITIES, Cast, may_change, may_see, signed_in

SAMPLE = (Path(__file__).parent.parent / "sites" / "data"
          / "planning-data-brownfield-land-sample.csv")
LIST_PAGES = ["/", "/sites/", "/sites/map/", "/imports/", "/assumptions/", "/account/",
              "/assumptions/parameters/finance.debit_rate/"]
LIST_API = ["/api/sites", "/api/dashboard", "/api/parameters?prefix=finance."]


@pytest.mark.parametrize("url", LIST_PAGES + LIST_API)
def test_anonymous_cannot_open_any_page(db: None, url: str) -> None:
    response = Client().get(url)
    assert response.status_code in (302, 401)


@pytest.mark.parametrize(("org", "role"), PERSONAS)
def test_every_persona_can_open_the_list_pages(cast: Cast, org: str, role: str) -> None:
    client = signed_in(cast, org, role)
    for url in LIST_PAGES + LIST_API:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(("org", "role"), PERSONAS)
def test_site_lists_show_exactly_the_visible_sites(cast: Cast, org: str, role: str) -> None:
    client = signed_in(cast, org, role)
    expected = {f"REF-{v}" for v in VISIBILITIES if may_see(org, v)}
    api = client.get("/api/sites").json()
    assert {item["site_reference"] for item in api["items"]} == expected
    page = client.get("/sites/").content.decode()
    for visibility in VISIBILITIES:
        assert (f"{visibility.capitalize()} site" in page) == may_see(org, visibility)
    homes = sum(row["homes"] for row in client.get("/api/dashboard").json()["by_council"])
    assert homes == 40 * len(expected)


@pytest.mark.parametrize(("org", "role", "visibility"),
                         list(itertools.product(ORGS, ROLES, VISIBILITIES)))
def test_site_page_and_api_are_404_unless_visible(cast: Cast, org: str, role: str,
                                                  visibility: str) -> None:
    client = signed_in(cast, org, role)
    site = cast.sites[visibility]
    expected = 200 if may_see(org, visibility) else 404
    assert client.get(f"/sites/{site.pk}/").status_code == expected
    assert client.get(f"/api/sites/{site.pk}").status_code == expected
    run_expected = 200 if org == "owner" else 404  # the import run itself is private
    assert client.get(f"/imports/{cast.run.pk}/").status_code == run_expected
    assert client.get(f"/api/imports/{cast.run.pk}").status_code == run_expected


@pytest.mark.parametrize(("org", "role", "visibility"),
                         list(itertools.product(ORGS, ROLES, VISIBILITIES)))
def test_only_owner_analysts_and_admins_can_change_visibility(
        cast: Cast, org: str, role: str, visibility: str) -> None:
    client = signed_in(cast, org, role)
    site = cast.sites[visibility]
    if may_change(org, role):
        expected_page, expected_api = 302, 200
    elif may_see(org, visibility):
        expected_page, expected_api = 403, 403
    else:
        expected_page, expected_api = 404, 404
    target = "public" if visibility != "public" else "private"
    response = client.post(f"/sites/{site.pk}/", {"visibility": target})
    assert response.status_code == expected_page
    response = client.patch(f"/api/sites/{site.pk}", {"visibility": target},
                            content_type="application/json")
    assert response.status_code == expected_api
    site.refresh_from_db()
    assert (site.visibility == target) == may_change(org, role)


@pytest.mark.parametrize(("org", "role"), PERSONAS)
def test_import_page_needs_analyst_or_admin(cast: Cast, org: str, role: str) -> None:
    client = signed_in(cast, org, role)
    expected = 200 if role in ("analyst", "admin") else 403
    assert client.get("/sites/import/").status_code == expected
    assert client.get("/assumptions/overlays/new/").status_code == expected


@pytest.mark.parametrize(("org", "role"), PERSONAS)
def test_api_import_for_another_organisation_is_refused(cast: Cast, org: str,
                                                        role: str) -> None:
    client = signed_in(cast, org, role)
    owner = cast.organisations["owner"]
    upload = SimpleUploadedFile("register.csv", SAMPLE.read_bytes(), "text/csv")
    response = client.post("/api/imports", {"owner_id": owner.pk, "file": upload})
    assert response.status_code == (202 if may_change(org, role) else 403)
