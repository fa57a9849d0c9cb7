"""In the browser without a network: the site map draws its sites over council boundaries
(no tiles), and each council is labelled."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from partnerhomes.web.sites import outlines

from ..personas import Cast
from ..test_site_map_outlines import _write
from .browsing import sign_in

pytestmark = pytest.mark.e2e


def test_map_without_tiles_shows_council_boundaries(
        page: Page, live_server: LiveServer, cast: Cast, screenshots: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    if outlines.source() is None:  # no shared data here: an illustrative outline instead
        monkeypatch.setenv("PARTNERHOMES_BOUNDARIES", str(_write(tmp_path)))
    page.set_viewport_size({"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, live_server, "owner_viewer")
    page.goto(f"{live_server.url}/sites/map/")
    expect(page.locator("#map")).to_have_attribute("data-markers", "3")
    expect(page.locator("#map")).to_have_attribute("data-councils", "1")
    expect(page.locator(".ph-council-label")).to_have_text("Castle Point")
    expect(page.locator("#map-background")).to_contain_text("council boundaries")
    assert errors == []
    page.wait_for_timeout(300)
    page.screenshot(path=screenshots / "map-council-boundaries.png", full_page=True)
