"""In the browser: an organisation's admin adds a member (the initial password is shown once)
and changes a role; screenshots of the organisation page and the member added."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from partnerhomes.web.organisations.models import Membership

from ..personas import Cast
from .browsing import sign_in

pytestmark = pytest.mark.e2e


def test_admin_adds_a_member_and_changes_a_role(page: Page, live_server: LiveServer,
                                                 cast: Cast, screenshots: Path) -> None:
    owner = cast.organisations["owner"]
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, "owner_admin")
    page.goto(f"{live_server.url}/account/")
    page.click(f"a:has-text('{owner.name}')")
    expect(page.locator("#members")).to_contain_text("owner_viewer")
    page.screenshot(path=screenshots / "organisation-page.png", full_page=True)
    page.click("#add-member")
    page.fill("#id_identifier", "new.enabler")
    page.fill("#id_email", "new.enabler@example.org")
    page.select_option("#id_role", "analyst")
    page.click("input[name=add_member], button[name=add_member]")
    password = page.locator("#initial-password").inner_text()
    assert User.objects.get(username="new.enabler").check_password(password)
    page.screenshot(path=screenshots / "organisation-member-added.png", full_page=True)
    page.goto(f"{live_server.url}/organisations/{owner.pk}/")
    page.click("a:has-text('Change'):has(span:has-text('new.enabler'))")
    page.select_option("#id_role", "viewer")
    page.click("input[name=set_role], button[name=set_role]")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("new.enabler is now viewer")
    assert Membership.objects.get(user__username="new.enabler", organisation=owner).role == "viewer"
