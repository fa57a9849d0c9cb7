"""In the browser: an analyst records a workshop with the partnership's organisations, records a
decision and an action from it with a due date already past, and sees the action on the
dashboard's overdue list; a viewer of the same council sees it too but cannot change it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from partnerhomes.web.governance.models import Action, Meeting
from partnerhomes.web.organisations.models import AuditEvent

from ..personas import Cast
from .browsing import sign_in

pytestmark = pytest.mark.e2e



def test_record_a_workshops_decision_and_action_and_see_it_overdue(
        page: Page, live_server: LiveServer, cast: Cast, tmp_path: Path) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    owner, partner = cast.organisations["owner"], cast.organisations["partner"]
    sign_in(page, live_server, "owner_analyst")
    page.goto(f"{live_server.url}/governance/")
    page.click("#record-links a:has-text('a meeting')")
    expect(page.locator("h1")).to_have_text("Record a meeting")
    page.select_option("select[name=partnership]", label="Test partnership")
    page.fill("input[name=date]", "2026-10-05")
    page.check("input[name=kind][value=workshop]")
    page.fill("input[name=title]", "Workshop: exemplar sites")
    page.check(f"input[name=attendees][value='{owner.pk}']")
    page.check(f"input[name=attendees][value='{partner.pk}']")
    page.fill("textarea[name=agenda]", "Shortlist the exemplar sites")
    page.select_option("select[name=owner]", label="Owner Council")
    page.screenshot(path=tmp_path / "governance-meeting-form.png", full_page=True)
    page.click("#record-form [type=submit]")
    expect(page.locator("h1")).to_have_text("Workshop: exemplar sites")
    meeting = Meeting.objects.get(title="Workshop: exemplar sites")
    assert {o.pk for o in meeting.attendees.all()} == {owner.pk, partner.pk}

    page.fill("textarea[name=decision-text]", "Shortlist three small council sites")
    page.click("#decision-form [type=submit]")
    expect(page.locator("#decisions")).to_contain_text("Shortlist three small council sites")
    due = dt.date.today() - dt.timedelta(days=3)
    page.fill("textarea[name=action-text]", "Bring the shortlist to the board")
    page.select_option("select[name=action-action_owner]", label="Partner Homes")
    page.fill("input[name=action-due]", due.isoformat())
    page.select_option("select[name=action-decision]", index=1)
    page.click("#action-form [type=submit]")
    expect(page.locator("#actions")).to_contain_text("Bring the shortlist to the board")
    expect(page.locator("#actions")).to_contain_text("Overdue")
    action = Action.objects.get(text="Bring the shortlist to the board")
    assert action.is_overdue() and action.decision is not None
    assert action.decision.text == "Shortlist three small council sites"
    page.screenshot(path=tmp_path / "governance-meeting.png", full_page=True)

    page.goto(f"{live_server.url}/")
    overdue = page.locator("#overdue-actions")
    expect(overdue).to_contain_text("Bring the shortlist to the board")
    expect(overdue).to_contain_text(due.strftime("%-d %b %Y"))
    page.screenshot(path=tmp_path / "governance-dashboard.png", full_page=True)
    page.goto(f"{live_server.url}/governance/")
    expect(page.locator("#overdue-actions")).to_contain_text("Bring the shortlist to the board")
    page.screenshot(path=tmp_path / "governance-overview.png", full_page=True)
    assert {"governance_meeting_create", "governance_decision_create",
            "governance_action_create"} <= set(AuditEvent.objects.values_list("action",
                                                                             flat=True))

    page.click("button:has-text('Sign out'), input[value='Sign out']")
    sign_in(page, live_server, "owner_viewer")
    expect(page.locator("#overdue-actions")).to_contain_text("Bring the shortlist to the board")
    page.click("#overdue-actions a:has-text('Workshop: exemplar sites')")
    expect(page.locator("#actions")).to_contain_text("Overdue")
    expect(page.locator("#action-form")).to_have_count(0)
    response = page.goto(f"{live_server.url}/governance/actions/{action.pk}/status/")
    assert response is not None and response.status == 403
