"""In the browser: an analyst opens a site, follows it to its delivery page, records the start
on site (planned and actual dates, homes by tenure) and sees it on the board: in the quarter of
its actual date against the plan, and in the slippage list as late; then the printable
summary. Screenshots in the test's temporary folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from partnerhomes.reports.delivery import Quarter
from partnerhomes.web.programmes.models import PlanRun, PlanStatus, Programme

from ..personas import Cast
from .browsing import sign_in

pytestmark = pytest.mark.e2e



def _plan(cast: Cast, year: int) -> None:
    programme = Programme.objects.create(owner=cast.organisations["owner"],
                                         visibility="partnership", name="Canvey programme",
                                         document={})
    trajectory = [{"year": year, "tenure": "social_rent", "gss_code": "E07000069",
                   "route": "council_direct", "starts": 48.0, "completions": 0.0},
                  {"year": year + 1, "tenure": "social_rent", "gss_code": "E07000069",
                   "route": "council_direct", "starts": 0.0, "completions": 48.0}]
    PlanRun.objects.create(programme=programme, status=PlanStatus.DONE,
                           tables={"trajectory": trajectory, "plan": []})


def test_record_a_start_on_site_and_see_it_on_the_board(
        page: Page, live_server: LiveServer, cast: Cast, tmp_path: Path) -> None:
    today = dt.date.today()
    actual, planned = today - dt.timedelta(days=20), today - dt.timedelta(days=110)
    quarter = Quarter.of(actual)
    _plan(cast, Quarter.of(planned).year)
    site = cast.sites["partnership"]
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, "owner_analyst")
    page.goto(f"{live_server.url}/sites/{site.pk}/")
    page.click("#site-delivery-link")
    expect(page.locator("#not-tracked")).to_be_visible()
    page.select_option("select[name=stage-stage]", "start_on_site")
    page.fill("input[name=stage-planned]", planned.isoformat())
    page.fill("input[name=stage-actual]", actual.isoformat())
    page.fill("input[name=stage-homes_social_rent]", "14")
    page.fill("input[name=stage-homes_market_sale]", "6")
    page.click("input[name=record_stage], button[name=record_stage]")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Start on site recorded")
    expect(page.locator("#stage-start_on_site")).to_contain_text("Late")
    expect(page.locator("#stage-start_on_site")).to_contain_text("owner_analyst")
    page.screenshot(path=tmp_path / "delivery-site.png", full_page=True)

    page.click("a.govuk-header__link[href='/delivery/board/']")
    expect(page.locator("h1")).to_have_text("Board dashboard")
    row = page.locator(f"#quarter-{quarter.year}-q{quarter.number}")
    expect(row).to_contain_text(quarter.label)
    expect(row.locator("td").nth(1)).to_have_text("20")  # actual starts, all homes
    expect(row.locator("td").nth(3)).to_have_text("14")  # actual starts, affordable
    expect(page.locator("#board-slippage")).to_contain_text("Partnership site, Canvey Island")
    expect(page.locator("#board-slippage")).to_contain_text("1 site late")
    expect(page.locator("#board-slippage")).to_contain_text("Start on site")
    expect(page.locator("#delivery-chart svg")).to_be_visible()
    page.screenshot(path=tmp_path / "delivery-board.png", full_page=True)

    page.click("#board-print-link")
    expect(page.locator("h1")).to_have_text("Board summary")
    expect(page.locator(".govuk-header")).to_have_count(0)
    page.emulate_media(media="print")
    page.screenshot(path=tmp_path / "delivery-board-print.png", full_page=True)
    print(f"screenshots: {tmp_path}")
