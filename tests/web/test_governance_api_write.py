"""Governance writes through the API: each endpoint calls the page's service, for the owner's
analyst and admin; the persona matrix (owner / partner / outsider x viewer / analyst / admin,
the rule stated in personas.py, independently of access.py) on every write endpoint; refusals
as 422 naming the field with nothing written; a script's token; a one-to-one's notes in no
response; the OpenAPI document."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from partnerhomes.web.governance.models import (
    Action,
    Ambition,
    Commitment,
    CommitmentMilestone,
    Decision,
    Meeting,
    PartnershipMember,
    Representative,
    SuccessMeasure,
    WorkPhase,
)
from partnerhomes.web.organisations.models import AuditEvent, Partnership
from partnerhomes.web.organisations.services import api_token_create

from .personas import (
    CASES,
    PERSONAS,
    Cast,
    may_change,
    may_see,
    signed_in,
)
from .test_persona_governance import programme_records

API = "/api/governance"


def _send(client: Client, method: str, url: str, body: dict[str, Any], **extra: Any) -> Any:
    send = client.post if method == "POST" else client.put
    return send(url, json.dumps(body), content_type="application/json", **extra)


@dataclass(frozen=True)
class Write:
    """One write of a record that exists: method, URL, a valid body, the audit action it
    writes, and whether its effect is in the database."""

    method: str
    url: str
    body: dict[str, Any]
    audit: str
    done: Callable[[], bool]


def _writes_on_records(cast: Cast, records: dict[str, Any]) -> dict[str, Write]:
    """Every write endpoint whose path names an existing record of the owner's."""
    pk = {name: record.pk for name, record in records.items()}
    measure = records["measure"]
    return {
        "member_leave": Write(
            "PUT", f"{API}/members/{pk['member']}/left", {"left": "2026-10-01"},
            "governance_member_leave",
            lambda: PartnershipMember.objects.get(pk=pk["member"]).left == dt.date(2026, 10, 1)),
        "representative_add": Write(
            "POST", f"{API}/members/{pk['member']}/representatives",
            {"name": "B. Officer", "role": "Lead officer"}, "governance_representative_add",
            lambda: Representative.objects.filter(name="B. Officer").exists()),
        "representative_update": Write(
            "PUT", f"{API}/representatives/{pk['representative']}",
            {"name": "A. Chief", "role": "Chair"}, "governance_representative_update",
            lambda: Representative.objects.get(pk=pk["representative"]).role == "Chair"),
        "ambition_update": Write(
            "PUT", f"{API}/ambitions/{pk['ambition']}", {"text": "New words"},
            "governance_ambition_update",
            lambda: Ambition.objects.get(pk=pk["ambition"]).text == "New words"),
        "measure_create": Write(
            "POST", f"{API}/ambitions/{pk['ambition']}/measures",
            {"name": "Affordable starts", "baseline": 0, "target": 300,
             "target_date": "2030-03-31", "actual_source": "computed",
             "metric": "affordable_starts", "period_start": "2026-04-01"},
            "governance_measure_create",
            lambda: SuccessMeasure.objects.filter(metric="affordable_starts").exists()),
        "measure_update": Write(
            "PUT", f"{API}/measures/{pk['measure']}",
            {"name": "Grant secured", "unit": "£", "baseline": 0, "target": 150000,
             "target_date": "2027-03-31", "actual_source": "entered"},
            "governance_measure_update",
            lambda: SuccessMeasure.objects.get(pk=measure.pk).target == Decimal(150000)),
        "measure_actual": Write(
            "PUT", f"{API}/measures/{pk['measure']}/actual",
            {"actual": 20000, "source": "Award letter"}, "governance_measure_actual",
            lambda: SuccessMeasure.objects.get(pk=measure.pk).actual == Decimal(20000)),
        "decision_create": Write(
            "POST", f"{API}/meetings/{pk['meeting']}/decisions", {"text": "Enter phase two"},
            "governance_decision_create",
            lambda: Decision.objects.filter(text="Enter phase two").exists()),
        "action_create": Write(
            "POST", f"{API}/meetings/{pk['meeting']}/actions",
            {"text": "Shortlist sites", "action_owner_id": cast.organisations["owner"].pk,
             "due": "2026-03-01", "decision_id": records["action"].decision_id},
            "governance_action_create",
            lambda: Action.objects.filter(text="Shortlist sites",
                                          decision=records["action"].decision_id).exists()),
        "action_status": Write(
            "PUT", f"{API}/actions/{pk['action']}/status", {"status": "done"},
            "governance_action_status",
            lambda: Action.objects.get(pk=pk["action"]).status == "done"),
        "commitment_met": Write(
            "PUT", f"{API}/commitments/{pk['phase_commitment']}/met", {"met_on": "2026-09-01"},
            "governance_commitment_update",
            lambda: Commitment.objects.get(pk=pk["phase_commitment"]).met_on
            == dt.date(2026, 9, 1)),
        "milestone_create": Write(
            "POST", f"{API}/commitments/{pk['phase_commitment']}/milestones",
            {"text": "Review", "due": "2027-01-17"}, "governance_milestone_create",
            lambda: CommitmentMilestone.objects.filter(text="Review").exists()),
        "milestone_met": Write(
            "PUT", f"{API}/milestones/{pk['milestone']}/met", {"met_on": "2026-06-20"},
            "governance_milestone_update",
            lambda: CommitmentMilestone.objects.get(pk=pk["milestone"]).met_on
            == dt.date(2026, 6, 20)),
    }


def _creates(cast: Cast, records: dict[str, Any], org: str) -> dict[str, Write]:
    """Every endpoint creating a top-level record, recorded by ``org``'s own organisation."""
    own = cast.organisations[org].pk
    partnership = Partnership.objects.get(name="Test partnership").pk
    return {
        "member_join": Write(
            "POST", f"{API}/members",
            {"partnership_id": partnership, "owner_id": own,
             "organisation_id": cast.organisations["outsider"].pk, "joined": "2026-11-01"},
            "governance_member_join",
            lambda: PartnershipMember.objects.filter(
                organisation=cast.organisations["outsider"]).exists()),
        "ambition_create": Write(
            "POST", f"{API}/ambitions",
            {"partnership_id": partnership, "owner_id": own, "text": f"{org} ambition"},
            "governance_ambition_create",
            lambda: Ambition.objects.filter(text=f"{org} ambition", owner_id=own).exists()),
        "meeting_create": Write(
            "POST", f"{API}/meetings",
            {"partnership_id": partnership, "owner_id": own, "date": "2026-11-02",
             "kind": "workshop", "title": f"{org} workshop",
             "attendee_ids": [cast.organisations["owner"].pk, cast.organisations["partner"].pk]},
            "governance_meeting_create",
            lambda: Meeting.objects.filter(title=f"{org} workshop", owner_id=own).exists()),
        "phase_create": Write(
            "POST", f"{API}/phases",
            {"partnership_id": partnership, "owner_id": own, "name": f"{org} phase",
             "start": "2027-01-01", "end": "2027-12-31", "budget": 5000},
            "governance_phase_create",
            lambda: WorkPhase.objects.filter(name=f"{org} phase", owner_id=own).exists()),
        "commitment_create": Write(
            "POST", f"{API}/commitments",
            {"owner_id": own, "member_id": records["member"].pk, "kind": "land",
             "amount": 1.2, "phase_id": records["phase"].pk,
             "phase_or_site": "Canvey exemplar site"},
            "governance_commitment_create",
            lambda: Commitment.objects.filter(owner_id=own, kind="land").exists()),
    }


# --- the persona matrix ----------------------------------------------------------------------

@pytest.mark.parametrize(("org", "role", "visibility"), CASES)
def test_writes_on_a_record_are_404_unless_visible_and_403_unless_changeable(
        cast: Cast, org: str, role: str, visibility: str) -> None:
    records = programme_records(cast, visibility)
    client = signed_in(cast, org, role)
    changeable = may_change(org, role)
    refused = 403 if may_see(org, visibility) else 404
    for name, write in _writes_on_records(cast, records).items():
        before = AuditEvent.objects.filter(action=write.audit).count()
        response = _send(client, write.method, write.url, write.body)
        if changeable:
            assert response.status_code == (201 if write.method == "POST" else 200), (
                name, response.content)
        else:
            assert response.status_code == refused, (name, response.content)
        assert write.done() == changeable, name
        written = AuditEvent.objects.filter(action=write.audit).count() - before
        assert written == (1 if changeable else 0), name


@pytest.mark.parametrize(("org", "role"), PERSONAS)
def test_creating_needs_a_writer_of_an_organisation_in_the_partnership(
        cast: Cast, org: str, role: str) -> None:
    records = programme_records(cast, "partnership")
    client = signed_in(cast, org, role)
    allowed = org in ("owner", "partner") and role in ("analyst", "admin")
    for name, write in _creates(cast, records, org).items():
        before = AuditEvent.objects.filter(action=write.audit).count()
        response = _send(client, write.method, write.url, write.body)
        assert response.status_code == (201 if allowed else 403), (name, response.content)
        assert write.done() == allowed, name
        events = AuditEvent.objects.filter(action=write.audit)
        assert events.count() - before == (1 if allowed else 0), name
        if allowed:
            event = events.order_by("-id").first()
            assert event is not None and event.object_id == str(response.json()["id"])
            assert (event.actor, event.organisation) == (cast.users[(org, role)],
                                                         cast.organisations[org])


@pytest.mark.parametrize("role", ["analyst", "admin"])
def test_a_partner_cannot_record_in_the_owners_name(cast: Cast, role: str) -> None:
    records = programme_records(cast, "partnership")
    client = signed_in(cast, "partner", role)
    for name, write in _creates(cast, records, "owner").items():
        response = _send(client, write.method, write.url, write.body)
        assert response.status_code == 422, name
        assert list(response.json()["errors"]) == ["owner_id"], name
        assert not write.done(), name


def test_anonymous_writes_are_401_and_write_nothing(cast: Cast) -> None:
    records = programme_records(cast, "public")
    events = AuditEvent.objects.count()
    writes = {**_writes_on_records(cast, records), **_creates(cast, records, "owner")}
    for name, write in writes.items():
        assert _send(Client(), write.method, write.url, write.body).status_code == 401, name
    assert AuditEvent.objects.count() == events


# --- each endpoint for the owner's analyst and admin -------------------------------------

@pytest.mark.parametrize("role", ["analyst", "admin"])
def test_each_write_returns_the_record_as_the_lists_show_it(cast: Cast, role: str) -> None:
    records = programme_records(cast, "private")
    client = signed_in(cast, "owner", role)
    owner, partner = cast.organisations["owner"], cast.organisations["partner"]
    partnership = Partnership.objects.get(name="Test partnership")
    first_event = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()

    phase = _send(client, "POST", f"{API}/phases", {
        "partnership_id": partnership.pk, "owner_id": owner.pk, "name": "Phase three",
        "objectives": "Scale up", "budget": 125000.5, "funding_sources": "Grant",
        "start": "2028-01-01", "end": "2028-12-31", "status": "in_progress"})
    assert phase.status_code == 201
    assert {k: phase.json()[k] for k in ("name", "budget", "status", "visibility", "owner")} == {
        "name": "Phase three", "budget": 125000.5, "status": "in_progress",
        "visibility": "partnership", "owner": "Owner Council"}  # a council's default
    assert phase.json() in client.get(f"{API}/phases").json()

    meeting = _send(client, "POST", f"{API}/meetings", {
        "partnership_id": partnership.pk, "owner_id": owner.pk, "date": "2028-01-10",
        "kind": "workshop", "title": "Phase three launch", "agenda": "Sites",
        "attendee_ids": [owner.pk, partner.pk], "visibility": "private"})
    assert meeting.status_code == 201
    assert set(meeting.json()["attendees"]) == {"Owner Council", "Partner Homes"}
    meeting_id = meeting.json()["id"]
    assert meeting.json() in client.get(f"{API}/meetings").json()

    decision = _send(client, "POST", f"{API}/meetings/{meeting_id}/decisions",
                     {"text": "Adopt phase three"})
    assert decision.status_code == 201
    assert decision.json() == {"id": decision.json()["id"], "meeting_id": meeting_id,
                               "text": "Adopt phase three"}
    action = _send(client, "POST", f"{API}/meetings/{meeting_id}/actions", {
        "text": "Draft the plan", "action_owner_id": partner.pk, "due": "2028-02-01",
        "decision_id": decision.json()["id"]})
    assert action.status_code == 201
    assert {k: action.json()[k] for k in ("action_owner", "status", "decision_id")} == {
        "action_owner": "Partner Homes", "status": "open",
        "decision_id": decision.json()["id"]}
    done = _send(client, "PUT", f"{API}/actions/{action.json()['id']}/status",
                 {"status": "dropped"})
    assert done.status_code == 200 and done.json()["status"] == "dropped"
    assert not done.json()["is_overdue"]

    commitment = _send(client, "POST", f"{API}/commitments", {
        "owner_id": owner.pk, "member_id": records["member"].pk, "kind": "money",
        "amount": 40000, "phase_id": phase.json()["id"], "document_name": "Phase three MOU",
        "signed_on": "2028-01-10", "due": "2028-06-30"})
    assert commitment.status_code == 201
    assert commitment.json()["phase_id"] == phase.json()["id"]
    assert not commitment.json()["is_met"] and commitment.json()["milestones"] == []
    commitment_id = commitment.json()["id"]
    milestone = _send(client, "POST", f"{API}/commitments/{commitment_id}/milestones",
                      {"text": "Plan signed off", "due": "2028-03-31"})
    assert milestone.status_code == 201 and not milestone.json()["is_met"]
    met = _send(client, "PUT", f"{API}/milestones/{milestone.json()['id']}/met",
                {"met_on": "2026-01-02"})
    assert met.status_code == 200 and met.json()["is_met"]
    assert (met.json()["text"], met.json()["due"]) == ("Plan signed off", "2028-03-31")
    met = _send(client, "PUT", f"{API}/commitments/{commitment_id}/met",
                {"met_on": "2028-01-20"})
    assert met.status_code == 200 and met.json()["met_on"] == "2028-01-20"
    assert met.json()["document_name"] == "Phase three MOU"  # the rest is kept
    assert [m["text"] for m in met.json()["milestones"]] == ["Plan signed off"]
    unmet = _send(client, "PUT", f"{API}/commitments/{commitment_id}/met", {"met_on": None})
    assert unmet.status_code == 200 and unmet.json()["met_on"] is None

    joined = _send(client, "POST", f"{API}/members", {
        "partnership_id": partnership.pk, "owner_id": owner.pk,
        "organisation_id": cast.organisations["outsider"].pk, "joined": "2027-05-01"})
    assert joined.status_code == 201
    assert (joined.json()["organisation"], joined.json()["left"]) == ("Outsider Builders", None)
    assert partnership.organisations.filter(pk=cast.organisations["outsider"].pk).exists()
    left = _send(client, "PUT", f"{API}/members/{joined.json()['id']}/left",
                 {"left": "2028-05-01"})
    assert left.status_code == 200 and left.json()["left"] == "2028-05-01"
    assert left.json() in client.get(f"{API}/members").json()  # a former member stays

    ambition = records["ambition"]
    measure = _send(client, "POST", f"{API}/ambitions/{ambition.pk}/measures", {
        "name": "Homes by SME builders", "baseline": 0, "target": 50,
        "target_date": "2029-03-31", "actual_source": "computed", "metric": "sme_homes"})
    assert measure.status_code == 201
    assert (measure.json()["metric"], measure.json()["actual"]) == ("sme_homes", None)
    measure_id = measure.json()["id"]
    changed = _send(client, "PUT", f"{API}/measures/{measure_id}", {
        "name": "Nominations secured", "unit": "homes", "baseline": 0, "target": 80,
        "target_date": "2029-03-31", "actual_source": "entered"})
    assert changed.status_code == 200
    assert (changed.json()["metric"], changed.json()["actual_source"]) == ("", "entered")
    entered = _send(client, "PUT", f"{API}/measures/{measure_id}/actual",
                    {"actual": 12, "source": "Nominations log, May 2028"})
    assert entered.status_code == 200
    assert (entered.json()["actual"], entered.json()["source"]) == (
        12, "Nominations log, May 2028")
    listed = [m for a in client.get(f"{API}/ambitions").json() for m in a["measures"]]
    assert entered.json() in listed

    user = cast.users[("owner", role)]
    events = AuditEvent.objects.filter(id__gt=first_event)
    assert set(events.values_list("actor", flat=True)) == {user.pk}
    assert set(events.values_list("action", flat=True)) == {
        "governance_phase_create", "governance_meeting_create", "governance_decision_create",
        "governance_action_create", "governance_action_status",
        "governance_commitment_create", "governance_milestone_create",
        "governance_milestone_update", "governance_commitment_update",
        "governance_member_join", "governance_member_leave", "governance_measure_create",
        "governance_measure_update", "governance_measure_actual"}
    assert events.count() == 15  # the commitment marked met and then not


# --- refusals: 422 naming the field, nothing written ---------------------------------------

def _refusals(cast: Cast, records: dict[str, Any]) -> list[tuple[str, str, dict[str, Any], str]]:
    """Writes the services (or the page's choices) refuse, with the field each names."""
    pk = {name: record.pk for name, record in records.items()}
    partnership = Partnership.objects.get(name="Test partnership").pk
    owner = cast.organisations["owner"].pk
    other_meeting = Meeting.objects.create(
        owner=cast.organisations["owner"], visibility="private", partnership_id=partnership,
        date=dt.date(2026, 2, 2), kind="workshop", title="Another")
    other_decision = Decision.objects.create(meeting=other_meeting, text="Elsewhere")
    stranger = Partnership.objects.create(name="Another partnership")
    return [
        ("POST", f"{API}/phases", {"partnership_id": partnership, "owner_id": owner,
                                   "name": "Backwards", "start": "2027-06-01",
                                   "end": "2027-01-01"}, "end"),
        ("POST", f"{API}/phases", {"partnership_id": partnership, "owner_id": owner,
                                   "name": "Negative", "start": "2027-01-01",
                                   "end": "2027-06-01", "budget": -1}, "budget"),
        ("POST", f"{API}/phases", {"partnership_id": stranger.pk, "owner_id": owner,
                                   "name": "Elsewhere", "start": "2027-01-01",
                                   "end": "2027-06-01"}, "partnership_id"),
        ("PUT", f"{API}/members/{pk['member']}/left", {"left": "2025-01-01"}, "left"),
        ("POST", f"{API}/members", {"partnership_id": partnership, "owner_id": owner,
                                    "organisation_id": cast.organisations["partner"].pk,
                                    "joined": "2026-01-01"}, "organisation_id"),
        ("POST", f"{API}/ambitions/{pk['ambition']}/measures", {
            "name": "Starts", "baseline": 0, "target": 10, "target_date": "2030-01-01",
            "actual_source": "computed"}, "metric"),
        ("PUT", f"{API}/measures/{pk['measure']}/actual", {"actual": 5, "source": " "},
         "source"),
        ("POST", f"{API}/meetings", {"partnership_id": partnership, "owner_id": owner,
                                     "date": "2026-03-03", "kind": "workshop", "title": "Wide",
                                     "attendee_ids": [cast.organisations["outsider"].pk]},
         "attendee_ids"),
        ("POST", f"{API}/meetings/{pk['meeting']}/actions", {
            "text": "Cross", "action_owner_id": owner, "due": "2026-03-01",
            "decision_id": other_decision.pk}, "decision_id"),
        ("POST", f"{API}/meetings/{pk['meeting']}/actions", {
            "text": "Outside", "action_owner_id": cast.organisations["outsider"].pk,
            "due": "2026-03-01"}, "action_owner_id"),
        ("POST", f"{API}/commitments", {"owner_id": owner, "member_id": pk["member"],
                                        "kind": "money", "amount": -5}, "amount"),
        ("PUT", f"{API}/commitments/{pk['phase_commitment']}/met", {"met_on": "2026-01-01"},
         "met_on"),
    ]


def test_a_refused_write_is_422_naming_the_field_and_writes_nothing(cast: Cast) -> None:
    records = programme_records(cast, "partnership")
    refusals = _refusals(cast, records)
    client = signed_in(cast, "owner", "analyst")
    events = AuditEvent.objects.count()
    counts = [m.objects.count() for m in (WorkPhase, PartnershipMember, SuccessMeasure, Meeting,
                                          Action, Commitment)]
    for method, url, body, field in refusals:
        response = _send(client, method, url, body)
        assert response.status_code == 422, (url, body, response.content)
        problem = response.json()
        assert list(problem["errors"]) == [field], (url, problem)
        assert problem["errors"][field] and all(problem["errors"][field])
        assert problem["detail"] == f"{field}: {' '.join(problem['errors'][field])}"
    assert AuditEvent.objects.count() == events
    assert counts == [m.objects.count() for m in (WorkPhase, PartnershipMember, SuccessMeasure,
                                                  Meeting, Action, Commitment)]
    assert PartnershipMember.objects.get(pk=records["member"].pk).left is None
    assert Commitment.objects.get(pk=records["phase_commitment"].pk).met_on is None


def test_the_rule_is_the_services_message(cast: Cast) -> None:
    records = programme_records(cast, "partnership")
    client = signed_in(cast, "owner", "admin")
    response = _send(client, "PUT", f"{API}/members/{records['member'].pk}/left",
                     {"left": "2025-03-31"})
    assert response.json() == {"detail": "left: A member cannot leave before it joined.",
                               "errors": {"left": ["A member cannot leave before it joined."]}}
    # the day it joined is allowed: the rule is "before", not "on"
    response = _send(client, "PUT", f"{API}/members/{records['member'].pk}/left",
                     {"left": "2025-04-01"})
    assert response.status_code == 200


def test_a_malformed_body_is_422_naming_the_field(cast: Cast) -> None:
    records = programme_records(cast, "partnership")
    client = signed_in(cast, "owner", "analyst")
    malformed: list[tuple[str, dict[str, Any], str]] = [
        (f"{API}/actions/{records['action'].pk}/status", {"status": "finished"}, "status"),
        (f"{API}/measures/{records['measure'].pk}/actual", {"actual": 1.005, "source": "x"},
         "actual"),
        (f"{API}/members/{records['member'].pk}/left", {"left": "31/03/2027"}, "left")]
    for url, body, field in malformed:
        response = _send(client, "PUT", url, body)
        assert response.status_code == 422, url
        assert [e["loc"][-1] for e in response.json()["detail"]] == [field], url
    assert Action.objects.get(pk=records["action"].pk).status == "open"


# --- notes, tokens, the OpenAPI document ---------------------------------------------------

def test_a_one_to_ones_notes_are_written_but_in_no_response(cast: Cast) -> None:
    programme_records(cast, "public")
    owner, partner = cast.organisations["owner"], cast.organisations["partner"]
    partnership = Partnership.objects.get(name="Test partnership")
    client = signed_in(cast, "owner", "analyst")
    response = _send(client, "POST", f"{API}/meetings", {
        "partnership_id": partnership.pk, "owner_id": owner.pk, "date": "2026-05-05",
        "kind": "one_to_one", "title": "Owner and partner", "notes": "attendees only",
        "attendee_ids": [owner.pk, partner.pk], "visibility": "public"})
    assert response.status_code == 201
    meeting = Meeting.objects.get(pk=response.json()["id"])
    assert meeting.notes == "attendees only"
    bodies = [response.content]
    bodies.append(_send(client, "POST", f"{API}/meetings/{meeting.pk}/decisions",
                        {"text": "Agree terms"}).content)
    action = _send(client, "POST", f"{API}/meetings/{meeting.pk}/actions",
                   {"text": "Send terms", "action_owner_id": partner.pk, "due": "2026-06-01"})
    bodies += [action.content, _send(client, "PUT", f"{API}/actions/{action.json()['id']}/status",
                                     {"status": "done"}).content]
    for org, role in PERSONAS:
        bodies.append(signed_in(cast, org, role).get(f"{API}/meetings").content)
    assert all(b"attendees only" not in body for body in bodies)
    assert "attendees only" not in str(AuditEvent.objects.values_list("detail", flat=True))
    # the attendees read them on the meeting page; the outsider, who did not attend, does not
    page = f"/governance/meetings/{meeting.pk}/"
    assert "attendees only" in signed_in(cast, "partner", "viewer").get(page).content.decode()
    assert "attendees only" not in signed_in(cast, "outsider", "admin").get(page).content.decode()


def test_a_script_writes_with_its_token_and_a_browser_needs_csrf(cast: Cast) -> None:
    records = programme_records(cast, "partnership")
    user = cast.users[("owner", "analyst")]
    token = api_token_create(user=user, name="governance script")
    script = Client(enforce_csrf_checks=True)  # a token needs no CSRF token
    url = f"{API}/meetings/{records['meeting'].pk}/decisions"
    response = _send(script, "POST", url, {"text": "From a script"},
                     HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 201
    event = AuditEvent.objects.get(action="governance_decision_create",
                                   object_id=str(response.json()["id"]))
    assert event.actor == user
    # A wrong token is 401 (not authenticated), with or without CSRF enforcement: a request
    # with no session cookie never reaches the session's CSRF check.
    assert _send(Client(), "POST", url, {"text": "Forged"},
                 HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    assert _send(script, "POST", url, {"text": "Forged"},
                 HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    viewer = api_token_create(user=cast.users[("owner", "viewer")], name="reader")
    assert _send(script, "POST", url, {"text": "Viewer"},
                 HTTP_AUTHORIZATION=f"Bearer {viewer}").status_code == 403
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    assert _send(browser, "POST", url, {"text": "No CSRF"}).status_code == 403
    assert list(Decision.objects.filter(meeting=records["meeting"]).values_list(
        "text", flat=True).order_by("id")) == ["Form an SPV", "From a script"]


def test_openapi_document_lists_the_write_operations(db: None) -> None:
    paths = Client().get("/api/openapi.json").json()["paths"]
    expected = {
        ("post", "/api/governance/members"), ("put", "/api/governance/members/{member_id}/left"),
        ("post", "/api/governance/ambitions/{ambition_id}/measures"),
        ("post", "/api/governance/members/{member_id}/representatives"),
        ("put", "/api/governance/representatives/{representative_id}"),
        ("post", "/api/governance/ambitions"), ("put", "/api/governance/ambitions/{ambition_id}"),
        ("put", "/api/governance/measures/{measure_id}"),
        ("put", "/api/governance/measures/{measure_id}/actual"),
        ("post", "/api/governance/meetings"),
        ("post", "/api/governance/meetings/{meeting_id}/decisions"),
        ("post", "/api/governance/meetings/{meeting_id}/actions"),
        ("put", "/api/governance/actions/{action_id}/status"),
        ("post", "/api/governance/phases"), ("post", "/api/governance/commitments"),
        ("put", "/api/governance/commitments/{commitment_id}/met"),
        ("post", "/api/governance/commitments/{commitment_id}/milestones"),
        ("put", "/api/governance/milestones/{milestone_id}/met")}
    found = {(method, path) for path, operations in paths.items() for method in operations}
    assert expected <= found
    for method, path in expected:
        responses = paths[path][method]["responses"]
        assert {"403", "404", "422"} <= set(responses), (method, path)
        assert "requestBody" in paths[path][method], (method, path)
    # the lists are still there beside the writes
    assert "get" in paths["/api/governance/members"] and "get" in paths["/api/governance/phases"]
