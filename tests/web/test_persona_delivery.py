"""Delivery pages and API for owner / partner / outsider x viewer / analyst / admin (the rule
stated in personas.py, independently of access.py): lists, board, print, CSV and API show
exactly the records of the sites one may see; a site's delivery page and record are 404 unless
its site is visible; only the owner's analysts and admins record (403 for the others who see)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client

from partnerhomes.reports.delivery import Homes
from partnerhomes.web.delivery import services
from partnerhomes.web.delivery.models import DeliveryRecord, DeliveryStage
from partnerhomes.web.governance.models import (
    Action,
    Ambition,
    Commitment,
    Decision,
    Meeting,
    PartnershipMember,
    SuccessMeasure,
    WorkPhase,
)
from partnerhomes.web.organisations.models import AuditEvent, Partnership

from .personas import (
    CASES,
    PERSONAS,
    VISIBILITIES,
    Cast,
    may_change,
    may_see,
    signed_in,
)

LISTS = ["/delivery/", "/delivery/board/", "/delivery/board/print/", "/delivery/records.csv",
         "/api/delivery"]


def _track_every_site(cast: Cast) -> None:
    """Each of the owner's sites started on site, late (planned a month before)."""
    for visibility, site in cast.sites.items():
        services.stage_record(actor=cast.users[("owner", "admin")], site=site,
                              stage="start_on_site", planned=dt.date(2026, 5, 1),
                              actual=dt.date(2026, 6, 1),
                              homes=Homes(social_rent=10 + VISIBILITIES.index(visibility)))


@pytest.mark.parametrize("url", [*LISTS, "/delivery/sites/1/"])
def test_anonymous_cannot_open_any_delivery_page(db: None, url: str) -> None:
    assert Client().get(url).status_code in (302, 401)


@pytest.mark.parametrize(("org", "role"), PERSONAS)
def test_lists_board_print_csv_and_api_show_exactly_the_visible_records(
        cast: Cast, org: str, role: str) -> None:
    _track_every_site(cast)
    client = signed_in(cast, org, role)
    for url in LISTS:
        response = client.get(url)
        assert response.status_code == 200, url
        if url.endswith((".csv", "/api/delivery")):
            continue
        page = response.content.decode()
        for visibility in VISIBILITIES:
            name = f"{visibility.capitalize()} site, Canvey Island"
            assert (name in page) == may_see(org, visibility), (url, visibility)
    expected = {f"REF-{v}" for v in VISIBILITIES if may_see(org, v)}
    api = client.get("/api/delivery").json()
    assert {item["site_reference"] for item in api} == expected
    rows = list(csv.DictReader(io.StringIO(client.get("/delivery/records.csv")
                                           .content.decode())))
    assert {row["site_reference"] for row in rows} == expected
    board = client.get("/delivery/board/").content.decode()
    started = sum(10 + VISIBILITIES.index(v) for v in VISIBILITIES if may_see(org, v))
    assert f"{len(expected)} delivery record" in board
    assert (f"<strong>{started}</strong>" in board) == bool(expected)


@pytest.mark.parametrize(("org", "role", "visibility"), CASES)
def test_a_sites_delivery_page_and_record_are_404_unless_its_site_is_visible(
        cast: Cast, org: str, role: str, visibility: str) -> None:
    _track_every_site(cast)
    client = signed_in(cast, org, role)
    site = cast.sites[visibility]
    expected = 200 if may_see(org, visibility) else 404
    page = client.get(f"/delivery/sites/{site.pk}/")
    assert page.status_code == expected
    assert client.get(f"/api/delivery/{site.pk}").status_code == expected
    if expected == 200:
        text = page.content.decode()
        assert ('id="stage-form"' in text) == may_change(org, role)
        assert ('id="flags-form"' in text) == may_change(org, role)
        assert "owner_admin" in text  # who recorded the stage


@pytest.mark.parametrize(("org", "role", "visibility"), CASES)
def test_only_owner_analysts_and_admins_record_stages_and_flags(
        cast: Cast, org: str, role: str, visibility: str) -> None:
    client = signed_in(cast, org, role)
    site = cast.sites[visibility]
    allowed, seen = may_change(org, role), may_see(org, visibility)
    page = client.post(f"/delivery/sites/{site.pk}/stages/", {
        "stage-stage": "identified", "stage-actual": "2025-01-15",
        "stage-homes_social_rent": "12"})
    flags = client.post(f"/delivery/sites/{site.pk}/flags/", {"flags-exemplar": "on",
                                                              "flags-carbon_standard": ""})
    api = client.post(f"/api/delivery/{site.pk}/stages",
                      {"stage": "appraised", "actual": "2025-03-01"},
                      content_type="application/json")
    api_flags = client.put(f"/api/delivery/{site.pk}/flags", {"sme_builder": True},
                           content_type="application/json")
    expected_page = 302 if allowed else 403 if seen else 404
    expected_api = 200 if allowed else 403 if seen else 404
    assert (page.status_code, flags.status_code) == (expected_page, expected_page)
    assert (api.status_code, api_flags.status_code) == (expected_api, expected_api)
    stages = set(DeliveryStage.objects.filter(record__site=site).values_list("stage",
                                                                             flat=True))
    assert stages == ({"identified", "appraised"} if allowed else set())
    record = DeliveryRecord.objects.filter(site=site).first()
    assert (record is not None and record.exemplar is False and record.sme_builder) == allowed
    assert AuditEvent.objects.filter(action__startswith="delivery_").count() == (
        4 if allowed else 0)


def test_an_invalid_stage_is_shown_again_with_its_error(cast: Cast) -> None:
    client = signed_in(cast, "owner", "analyst")
    site = cast.sites["private"]
    response = client.post(f"/delivery/sites/{site.pk}/stages/", {
        "stage-stage": "start_on_site", "stage-actual": "2099-01-01"})
    assert response.status_code == 400
    assert "cannot be after today" in response.content.decode()
    api = client.post(f"/api/delivery/{site.pk}/stages",
                      {"stage": "start_on_site", "homes_social_rent": -1},
                      content_type="application/json")
    assert api.status_code == 422 and "social_rent" in api.json()["detail"]
    assert not DeliveryStage.objects.exists()


def test_the_site_page_links_to_its_delivery_and_the_nav_to_the_board(cast: Cast) -> None:
    client = signed_in(cast, "partner", "viewer")
    site = cast.sites["partnership"]
    page = client.get(f"/sites/{site.pk}/").content.decode()
    assert f'href="/delivery/sites/{site.pk}/"' in page
    assert 'href="/delivery/board/"' in page
    printable = client.get("/delivery/board/print/").content.decode()
    assert "govuk-header" not in printable and "@media print" in printable


def _governance(cast: Cast, visibility: str) -> None:
    """One of each governance record the board lists, all of ``visibility`` (made directly:
    the board's reads are under test, not the governance services)."""
    owner = cast.organisations["owner"]
    partnership = Partnership.objects.get()
    common = {"owner": owner, "visibility": visibility}
    ambition = Ambition.objects.create(partnership=partnership, text="Ambition", **common)
    SuccessMeasure.objects.create(
        ambition=ambition, name=f"{visibility} starts measure", baseline=Decimal(0),
        target=Decimal(30), target_date=dt.date(2027, 3, 31), actual_source="computed",
        metric="affordable_starts", period_start=dt.date(2026, 4, 1))
    meeting = Meeting.objects.create(partnership=partnership, date=dt.date(2026, 1, 5),
                                     kind="workshop", title=f"{visibility} workshop", **common)
    Decision.objects.create(meeting=meeting, text=f"{visibility} decision to form an SPV")
    Action.objects.create(meeting=meeting, text=f"{visibility} overdue action",
                          action_owner=owner, due=dt.date(2026, 2, 1))
    member = PartnershipMember.objects.create(partnership=partnership, organisation=owner,
                                              joined=dt.date(2025, 4, 1), **common)
    Commitment.objects.create(member=member, kind="money", amount=Decimal(250000),
                              phase_or_site=f"{visibility} commitment", **common)
    WorkPhase.objects.create(partnership=partnership, name=f"{visibility} phase one",
                             start=dt.date(2025, 4, 1), end=dt.date(2025, 12, 31), **common)


@pytest.mark.parametrize(("org", "role", "visibility"), CASES)
def test_the_board_lists_exactly_the_governance_records_one_may_see(
        cast: Cast, org: str, role: str, visibility: str) -> None:
    _governance(cast, visibility)
    _track_every_site(cast)
    client = signed_in(cast, org, role)
    seen = may_see(org, visibility)
    for url in ("/delivery/board/", "/delivery/board/print/"):
        page = client.get(url).content.decode()
        for text in ("starts measure", "decision to form an SPV", "overdue action",
                     "commitment", "phase one"):
            assert (f"{visibility} {text}" in page) == seen, (url, text)
    if seen:  # the measure's actual: affordable starts on the sites this persona sees
        page = client.get("/delivery/board/").content.decode()
        started = sum(10 + VISIBILITIES.index(v) for v in VISIBILITIES if may_see(org, v))
        assert "Computed from delivery records" in page
        assert f'numeric">{started}</td>' in page
