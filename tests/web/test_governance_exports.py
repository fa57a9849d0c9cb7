"""Governance CSV exports and API lists for owner / partner / outsider x viewer / analyst /
admin (the rule stated in personas.py, independently of access.py)."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from .personas import CASES, Cast, may_see, signed_in
from .test_governance import _records


@pytest.mark.parametrize(("org", "role", "visibility"), CASES)
def test_csv_exports_hold_exactly_the_visible_records(cast: Cast, org: str, role: str,
                                                      visibility: str) -> None:
    _records(cast, visibility)
    client = signed_in(cast, org, role)
    seen = may_see(org, visibility)
    actions = client.get("/governance/actions.csv")
    assert actions.status_code == 200 and actions["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(actions.content.decode())))
    assert [r["action"] for r in rows] == (["Draft SPV terms"] if seen else [])
    if seen:
        assert rows[0]["overdue"] == "True" and rows[0]["owner_organisation"] == "Partner Homes"
    commitments = client.get("/governance/commitments.csv")
    rows = list(csv.DictReader(io.StringIO(commitments.content.decode())))
    assert [(r["member"], r["kind"], r["document"]) for r in rows] == (
        [("Partner Homes", "money", "MOU")] if seen else [])


def test_csv_exports_need_sign_in(db: None) -> None:
    for url in ("/governance/actions.csv", "/governance/commitments.csv", "/governance/"):
        assert Client().get(url).status_code == 302


@pytest.mark.parametrize(("org", "role", "visibility"), CASES)
def test_api_lists_hold_exactly_the_visible_records(cast: Cast, org: str, role: str,
                                                    visibility: str) -> None:
    _records(cast, visibility)
    client = signed_in(cast, org, role)
    expected = 1 if may_see(org, visibility) else 0
    for name in ("members", "ambitions", "meetings", "actions", "commitments"):
        response = client.get(f"/api/governance/{name}")
        assert response.status_code == 200, name
        assert len(response.json()) == expected, name
    overdue = client.get("/api/governance/actions?overdue=true").json()
    assert [a["text"] for a in overdue] == (["Draft SPV terms"] if expected else [])
    if expected:
        assert overdue[0]["is_overdue"] is True
        assert "notes" not in client.get("/api/governance/meetings").json()[0]
        assert client.get("/api/governance/commitments").json()[0]["amount"] == 250000


def test_api_lists_need_authentication(db: None) -> None:
    assert Client().get("/api/governance/actions").status_code == 401
