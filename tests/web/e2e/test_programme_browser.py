"""In the browser: an analyst sets a small programme's resources, runs the planner as a job,
follows its progress to the plan and sees the plan table, the trajectory and the partnership
uplift; the dashboard then shows the plan; a viewer cannot run it."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from partnerhomes.web.jobs import services as jobs

from ..personas import Cast
from .browsing import sign_in

pytestmark = pytest.mark.e2e



def test_set_resources_run_the_planner_and_see_the_plan(page: Page, live_server: LiveServer,
                                                        cast: Cast, screenshots: Path) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, "owner_analyst")
    page.goto(f"{live_server.url}/programmes/")
    page.click("#new-programme")
    page.fill("#id_name", "Canvey programme")
    page.select_option("select[name=owner]", label="Owner Council")
    page.fill("#id_first_year", "2026")
    page.fill("#id_last_year", "2029")
    page.fill("#id_grant", "2000000")
    page.fill("#id_time_limit_seconds", "10")
    page.fill("input[name=councils-0-gss_code]", "E07000069")
    page.fill("input[name=councils-0-name]", "Owner Council")
    page.fill("input[name=councils-0-borrowing_headroom]", "3000000")
    page.fill("input[name=councils-0-starts_capacity]", "60")
    page.fill("input[name=councils-0-housing_associations]", "Partner Homes")
    page.fill("input[name=associations-0-name]", "Partner Homes")
    page.fill("input[name=associations-0-equity]", "1000000")
    page.fill("input[name=associations-0-debt_capacity]", "5000000")
    page.fill("input[name=associations-0-starts_capacity]", "80")
    page.screenshot(path=screenshots / "21-programme-form.png", full_page=True)
    page.click("#save-programme")
    expect(page.locator("#programme-councils")).to_contain_text("Owner Council")
    page.screenshot(path=screenshots / "22-programme.png", full_page=True)
    programme_url = page.url
    page.click("#run-plan")
    expect(page.locator("h1")).to_have_text("Planning the programme")
    expect(page.locator("#job-status")).to_have_text("Queued")
    assert jobs.job_run_pending() == 1  # the worker's step, run here on the test's database
    page.reload()
    expect(page.locator("#job-status")).to_have_text("Done")
    page.click("#plan-link")
    expect(page.locator("h1")).to_have_text("The plan")
    expect(page.locator("#plan-table tbody tr")).to_have_count(3)
    expect(page.locator("#uplift tbody tr")).to_have_count(6)
    expect(page.locator("#uplift")).to_contain_text("Pooled partnership")
    expect(page.locator("#trajectory-chart svg")).to_be_visible()
    expect(page.locator("#uplift-chart svg")).to_be_visible()
    page.screenshot(path=screenshots / "23-plan.png", full_page=True)
    page.click("#summary-link")
    expect(page.locator("h1")).to_have_text("Canvey programme")
    page.screenshot(path=screenshots / "24-plan-summary-report.png", full_page=True)
    page.goto(f"{live_server.url}/")
    expect(page.locator("#plan-by-year")).to_be_visible()
    expect(page.locator("#plan-uplift")).to_contain_text("Partners alone")
    page.screenshot(path=screenshots / "25-dashboard-with-plan.png", full_page=True)
    page.click("button:has-text('Sign out'), input[value='Sign out']")

    sign_in(page, live_server, "partner_viewer")  # a partner sees the plan but cannot run it
    page.goto(programme_url)
    expect(page.locator("#plans")).to_contain_text("Done")
    expect(page.locator("#run-plan")).to_have_count(0)


def test_compare_delivery_routes_for_a_scheme(page: Page, live_server: LiveServer, cast: Cast,
                                              screenshots: Path) -> None:
    from ..schemes_cast import make_schemes

    scheme, _ = make_schemes(cast)["partnership"]
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, "partner_viewer")
    page.goto(f"{live_server.url}/schemes/{scheme.pk}/")
    page.click("#compare-routes-link")
    page.click("#compare-routes")
    expect(page.locator("#routes-compared thead th")).to_have_count(5)
    expect(page.locator("#routes-compared")).to_contain_text("Council net cost")
    expect(page.locator("#route-risks")).to_contain_text("Build cost")
    page.screenshot(path=screenshots / "26-routes-compared.png", full_page=True)
    with page.expect_download() as download:
        page.click("#download-routes")
    assert download.value.suggested_filename.endswith("-routes.xlsx")
