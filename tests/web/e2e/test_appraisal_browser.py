"""In the browser: an analyst creates a scheme, runs its appraisal and sees the summary and the
cashflow chart; another organisation cannot see this private appraisal."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from ..personas import Cast
from .browsing import sign_in

pytestmark = pytest.mark.e2e



def test_create_appraise_and_keep_private(page: Page, live_server: LiveServer, cast: Cast,
                                         screenshots: Path) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, "partner_analyst")
    page.goto(f"{live_server.url}/schemes/")
    page.click("#new-scheme")
    page.fill("#id_name", "Marsh Lane")
    page.select_option("select[name=owner]", label="Partner Homes")
    page.select_option("select[name=gss_code]", value="E07000069")
    page.fill("#id_valuation_date", "2026-06-30")
    page.fill("#id_hectares", "1.2")
    page.fill("#id_site_name", "Marsh Lane depot, Canvey Island")
    rows = [("market_sale", "house_3_bed", "30", "93"), ("social_rent", "house_2_bed", "10", "")]
    for number, (tenure, unit_type, count, gia) in enumerate(rows):
        page.select_option(f"select[name=units-{number}-tenure]", value=tenure)
        page.fill(f"input[name=units-{number}-unit_type]", unit_type)
        page.fill(f"input[name=units-{number}-count]", count)
        page.fill(f"input[name=units-{number}-gia_m2]", gia)
    page.screenshot(path=screenshots / "11-scheme-form.png", full_page=True)
    page.click("#save-scheme")
    expect(page.locator("#scheme-visibility")).to_contain_text("Private")
    page.click("#run-appraisal")
    expect(page.locator("h1")).to_have_text("Appraisal summary")
    expect(page.locator("#summary")).to_contain_text("Gross development value")
    expect(page.locator("#summary")).to_contain_text("Residual land value")
    expect(page.locator("#verdict")).to_be_visible()
    expect(page.locator("#cashflow-chart")).to_have_attribute("data-drawn", "true")
    expect(page.locator("#cashflow-chart .main-svg").first).to_be_visible()
    expect(page.locator("#sensitivity-grid tbody tr")).to_have_count(5)
    page.screenshot(path=screenshots / "12-appraisal-summary.png", full_page=True)
    with page.expect_download() as download:
        page.click("#download-workbook")
    assert download.value.suggested_filename.endswith(".xlsx")
    run_url = page.url
    page.click("button:has-text('Sign out'), input[value='Sign out']")

    sign_in(page, live_server, "owner_admin")  # the partner's partner, but the run is private
    response = page.goto(run_url)
    assert response is not None and response.status == 404
    page.goto(f"{live_server.url}/schemes/")
    expect(page.locator("#schemes")).not_to_contain_text("Marsh Lane")
    page.screenshot(path=screenshots / "13-other-organisation-schemes.png", full_page=True)


def test_appraise_a_site_from_its_page(page: Page, live_server: LiveServer, cast: Cast,
                                       screenshots: Path) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, "owner_analyst")
    page.goto(f"{live_server.url}/sites/{cast.sites['partnership'].pk}/")
    page.click("#site-appraise-form input[type=submit], #site-appraise-form button")
    expect(page.locator("h1")).to_have_text("Appraisal summary")
    expect(page.locator("#summary")).to_contain_text("Residual land value")
    page.screenshot(path=screenshots / "14-site-typology-appraisal.png", full_page=True)
