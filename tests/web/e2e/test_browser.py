"""In the browser: sign in, import a register, see its sites on the map, and check that a
second organisation cannot see the first one's private records."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from partnerhomes.web.jobs import services as jobs
from partnerhomes.web.sites import selectors

from ..personas import Cast
from .browsing import sign_in

pytestmark = pytest.mark.e2e
REGISTER = (Path(__file__).parents[2] / "sites" / "data"
            / "planning-data-brownfield-land-sample.csv")



def test_import_map_and_confidentiality(page: Page, live_server: LiveServer, cast: Cast,
                                        screenshots: Path) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, "partner_analyst")
    page.screenshot(path=screenshots / "01-dashboard.png", full_page=True)
    page.goto(f"{live_server.url}/sites/import/")
    page.set_input_files("input[type=file]", REGISTER)
    page.select_option("select[name=owner]", label="Partner Homes")
    page.screenshot(path=screenshots / "02-import-form.png", full_page=True)
    page.click("input[type=submit][value=Import], button:has-text('Import')")
    expect(page.locator("#job-status")).to_have_text("Queued")
    assert jobs.job_run_pending() == 1  # the worker's step, run here on the test's database
    page.reload()
    expect(page.locator("#job-status")).to_have_text("Done")
    page.click("#import-link")
    expect(page.locator("#import-counts")).to_contain_text("Rows in = accepted + rejected")
    page.screenshot(path=screenshots / "03-import-issue-log.png", full_page=True)
    page.goto(f"{live_server.url}/sites/map/")
    visible = selectors.site_list_visible_to(cast.users[("partner", "analyst")])
    imported = visible.filter(owner=cast.organisations["partner"]).count()
    assert imported > 0 and visible.count() == imported + 2  # + partnership and public sites
    points = selectors.site_points(visible)
    expect(page.locator("#map")).to_have_attribute("data-markers", str(len(points)))
    page.wait_for_timeout(300)
    page.screenshot(path=screenshots / "04-map.png", full_page=True)
    page.goto(f"{live_server.url}/sites/")
    page.click("text=Made-up car park")
    expect(page.locator("#visibility")).to_contain_text("Private")
    private_url = page.url
    page.screenshot(path=screenshots / "05-site-page.png", full_page=True)
    page.click("button:has-text('Sign out'), input[value='Sign out']")

    sign_in(page, live_server, "owner_admin")
    response = page.goto(private_url)
    assert response is not None and response.status == 404
    page.goto(f"{live_server.url}/sites/")
    expect(page.locator("#sites")).not_to_contain_text("Made-up car park")
    page.screenshot(path=screenshots / "06-other-organisation-site-list.png", full_page=True)
