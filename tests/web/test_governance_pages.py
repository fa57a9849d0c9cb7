"""Governance pages for owner / partner / outsider x viewer / analyst / admin (the rule stated
in personas.py, independently of access.py): the overview, a meeting, recording a decision and
an action, and overdue actions on the dashboard."""

from __future__ import annotations

import datetime as dt

import pytest

from partnerhomes.web.governance.models import Action, Decision, Meeting

from .personas import CASES, Cast, may_change, may_see, signed_in
from .test_governance import _records


@pytest.mark.parametrize(("org", "role", "visibility"), CASES)
def test_overview_and_dashboard_show_exactly_the_visible_records(
        cast: Cast, org: str, role: str, visibility: str) -> None:
    _records(cast, visibility)
    client = signed_in(cast, org, role)
    seen = may_see(org, visibility)
    overview = client.get("/governance/")
    assert overview.status_code == 200
    page = overview.content.decode()
    assert (f"{visibility} ambition" in page) == seen
    assert (f"{visibility} workshop" in page) == seen
    assert ("Draft SPV terms" in page) == seen  # overdue: due 1 Feb 2026
    assert ("MOU" in page) == seen
    dashboard = client.get("/").content.decode()
    assert ("Draft SPV terms" in dashboard) == seen
    assert 'href="/governance/"' in dashboard


@pytest.mark.parametrize(("org", "role", "visibility"), CASES)
def test_meeting_page_is_404_unless_visible(cast: Cast, org: str, role: str,
                                            visibility: str) -> None:
    meeting = _records(cast, visibility)["meeting"]
    assert isinstance(meeting, Meeting)
    response = signed_in(cast, org, role).get(f"/governance/meetings/{meeting.pk}/")
    assert response.status_code == (200 if may_see(org, visibility) else 404)
    if response.status_code == 200:
        page = response.content.decode()
        assert "Form an SPV" in page and "Draft SPV terms" in page
        assert "workshop notes" in page
        assert ('id="action-form"' in page) == may_change(org, role)


@pytest.mark.parametrize(("org", "role", "visibility"), CASES)
def test_only_owner_analysts_and_admins_record_decisions_and_actions(
        cast: Cast, org: str, role: str, visibility: str) -> None:
    meeting = _records(cast, visibility)["meeting"]
    assert isinstance(meeting, Meeting)
    client = signed_in(cast, org, role)
    decision = client.post(f"/governance/meetings/{meeting.pk}/decisions/",
                           {"decision-text": "Commission a delivery model"})
    action = client.post(f"/governance/meetings/{meeting.pk}/actions/", {
        "action-text": "Write the brief", "action-due": "2027-01-31",
        "action-action_owner": cast.organisations["owner"].pk})
    expected = 302 if may_change(org, role) else 403 if may_see(org, visibility) else 404
    assert (decision.status_code, action.status_code) == (expected, expected)
    made = expected == 302
    assert Decision.objects.filter(text="Commission a delivery model").exists() == made
    assert Action.objects.filter(text="Write the brief").exists() == made


def test_an_invalid_action_is_shown_again_with_its_errors(cast: Cast) -> None:
    meeting = _records(cast, "private")["meeting"]
    assert isinstance(meeting, Meeting)
    client = signed_in(cast, "owner", "analyst")
    response = client.post(f"/governance/meetings/{meeting.pk}/actions/",
                           {"action-text": "No date"})
    assert response.status_code == 400
    assert "govuk-error-message" in response.content.decode()
    assert not Action.objects.filter(text="No date").exists()


def test_one_to_one_notes_on_the_meeting_page(cast: Cast) -> None:
    from partnerhomes.web.governance import services
    from partnerhomes.web.organisations.models import Partnership

    meeting = services.meeting_create(
        actor=cast.users[("owner", "admin")], owner=cast.organisations["owner"],
        partnership=Partnership.objects.get(name="Test partnership"), date=dt.date(2026, 2, 2),
        kind="one_to_one", title="Owner one-to-one", attendees=[cast.organisations["owner"]],
        notes="confidential words", visibility="partnership")
    for org in ("owner", "partner"):
        page = signed_in(cast, org, "viewer").get(f"/governance/meetings/{meeting.pk}/")
        assert page.status_code == 200
        assert ("confidential words" in page.content.decode()) == (org == "owner")
