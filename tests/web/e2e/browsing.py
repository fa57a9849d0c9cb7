"""What every browser test does first: sign a cast member in."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from ..personas import PASSWORD


def sign_in(page: Page, server: LiveServer, username: str) -> None:
    """Sign ``username`` (a cast member, e.g. ``owner_analyst``) in and land on the pipeline."""
    page.goto(f"{server.url}/signin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    expect(page.locator("h1")).to_have_text("Pipeline")
