"""Governance create and edit pages, detail pages and the new API lists for owner / partner /
outsider x viewer / analyst / admin (the rule stated in personas.py, independently of
access.py): unseen records give 404, seen but not changeable ones 403; creating needs the
analyst or admin role in an organisation of the partnership; a one-to-one's notes stay with
the organisations that attended on every new page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from partnerhomes.web.governance import programme_services, services
from partnerhomes.web.governance.models import (
    Action,
    Ambition,
    Commitment,
    CommitmentMilestone,
    Meeting,
    PartnershipMember,
    Representative,
    SuccessMeasure,
    WorkPhase,
)
from partnerhomes.web.organisations.models import AuditEvent, Partnership

from .personas import (
    CASES,
    PERSONAS,
    Cast,
    may_change,
    may_see,
    signed_in,
)
from .test_governance import _records


def programme_records(cast: Cast, visibility: str) -> dict[str, object]:
    """The records of ``test_governance._records`` and a representative, a measure, a phase,
    a commitment against it and a milestone, all the owner's with ``visibility``."""
    records = _records(cast, visibility)
    admin, owner = cast.users[("owner", "admin")], cast.organisations["owner"]
    member, ambition = records["member"], records["ambition"]
    assert isinstance(member, PartnershipMember) and isinstance(ambition, Ambition)
    phase = programme_services.phase_create(
        actor=admin, owner=owner, partnership=member.partnership, name=f"{visibility} phase",
        start=dt.date(2026, 1, 1), end=dt.date(2026, 9, 30), budget=Decimal(20000),
        funding_sources="Advisory grant", visibility=visibility)
    commitment = programme_services.commitment_create(
        actor=admin, owner=owner, member=member, kind="staff_time", amount=Decimal(40),
        phase=phase, document_name=f"{visibility} MOU", signed_on=dt.date(2026, 1, 17),
        visibility=visibility)
    return {**records, "phase": phase, "phase_commitment": commitment,
            "representative": services.representative_add(actor=admin, member=member,
                                                          name="A. Chief", role="Chief executive"),
            "measure": services.measure_create(
                actor=admin, ambition=ambition, name="Grant secured", baseline=Decimal(0),
                target=Decimal(100000), target_date=dt.date(2027, 3, 31),
                actual_source="entered"),
            "milestone": programme_services.milestone_create(
                actor=admin, commitment=commitment, text="Pipeline agreed",
                due=dt.date(2026, 6, 30))}


def _edit_pages(records: dict[str, object]) -> dict[str, tuple[str, dict[str, object]]]:
    """Each edit page of a record of the owner's, with a valid POST for it."""
    pk = {name: record.pk for name, record in records.items()}  # type: ignore[attr-defined]
    return {
        "member_leave": (f"/governance/members/{pk['member']}/leave/", {"left": "2026-10-01"}),
        "representative_add": (f"/governance/members/{pk['member']}/representatives/new/",
                               {"name": "B. Officer", "role": "Lead officer"}),
        "representative_edit": (f"/governance/representatives/{pk['representative']}/edit/",
                                {"name": "A. Chief", "role": "Chair"}),
        "ambition_edit": (f"/governance/ambitions/{pk['ambition']}/edit/",
                          {"text": "New words", "visibility": ""}),
        "measure_create": (f"/governance/ambitions/{pk['ambition']}/measures/new/", {
            "name": "Affordable starts", "baseline": "0", "target": "300",
            "target_date": "2030-03-31", "actual_source": "computed",
            "metric": "affordable_starts"}),
        "measure_edit": (f"/governance/measures/{pk['measure']}/edit/", {
            "name": "Grant secured", "baseline": "0", "target": "100000",
            "target_date": "2027-03-31", "actual_source": "entered", "actual": "20000",
            "source": "Award letter"}),
        "meeting_edit": (f"/governance/meetings/{pk['meeting']}/edit/", {
            "date": "2026-01-06", "kind": "workshop", "title": "Renamed workshop",
            "attendees": [records["meeting"].attendees.first().pk],  # type: ignore[attr-defined]
            "agenda": "", "notes": "new notes"}),
        "action_status": (f"/governance/actions/{pk['action']}/status/", {"status": "done"}),
        "phase_edit": (f"/governance/phases/{pk['phase']}/edit/", {
            "name": "Phase one", "start": "2026-01-01", "end": "2026-10-31",
            "status": "complete"}),
        "commitment_edit": (f"/governance/commitments/{pk['phase_commitment']}/edit/", {
            "kind": "staff_time", "amount": "45", "phase": pk["phase"],
            "met_on": "2026-09-01"}),
        "milestone_add": (f"/governance/commitments/{pk['phase_commitment']}/milestones/new/",
                          {"text": "Review", "due": "2027-01-17"}),
        "milestone_edit": (f"/governance/milestones/{pk['milestone']}/edit/",
                           {"text": "Pipeline agreed", "due": "2026-06-30",
                            "met_on": "2026-06-20"}),
    }


@pytest.mark.parametrize(("org", "role", "visibility"), CASES)
def test_edit_pages_are_404_unless_visible_and_403_unless_changeable(
        cast: Cast, org: str, role: str, visibility: str) -> None:
    records = programme_records(cast, visibility)
    client = signed_in(cast, org, role)
    if may_change(org, role):
        get_expected, post_expected = 200, 302
    elif may_see(org, visibility):
        get_expected = post_expected = 403
    else:
        get_expected = post_expected = 404
    events = AuditEvent.objects.count()
    for name, (url, data) in _edit_pages(records).items():
        assert client.get(url).status_code == get_expected, name
        response = client.post(url, data)
        assert response.status_code == post_expected, (name, response.content[:2000])
    n_pages = len(_edit_pages(records))
    assert AuditEvent.objects.count() - events == (n_pages if post_expected == 302 else 0)
    changed = post_expected == 302
    assert Representative.objects.filter(role="Chair").exists() == changed
    assert Action.objects.get(pk=records["action"].pk).status == (  # type: ignore[attr-defined]
        "done" if changed else "open")
    assert WorkPhase.objects.filter(status="complete").exists() == changed
    assert Commitment.objects.filter(met_on=dt.date(2026, 9, 1)).exists() == changed
    assert CommitmentMilestone.objects.filter(text="Review").exists() == changed
    assert SuccessMeasure.objects.filter(metric="affordable_starts").exists() == changed
    assert Meeting.objects.filter(title="Renamed workshop").exists() == changed
    assert PartnershipMember.objects.filter(left=dt.date(2026, 10, 1)).exists() == changed


@pytest.mark.parametrize(("org", "role", "visibility"), CASES)
def test_member_and_commitment_pages_are_404_unless_visible(
        cast: Cast, org: str, role: str, visibility: str) -> None:
    records = programme_records(cast, visibility)
    client = signed_in(cast, org, role)
    seen = may_see(org, visibility)
    member = client.get(f"/governance/members/{records['member'].pk}/")  # type: ignore[attr-defined]
    commitment = client.get(
        f"/governance/commitments/{records['phase_commitment'].pk}/")  # type: ignore[attr-defined]
    assert (member.status_code, commitment.status_code) == ((200, 200) if seen else (404, 404))
    if seen:
        member_page, commitment_page = member.content.decode(), commitment.content.decode()
        assert "A. Chief" in member_page and f"{visibility} MOU" in member_page
        assert "Pipeline agreed" in commitment_page
        changeable = may_change(org, role)
        assert ('id="add-representative"' in member_page) == changeable
        assert ('id="add-milestone"' in commitment_page) == changeable
    overview = client.get("/governance/").content.decode()
    assert (f"{visibility} phase" in overview) == seen
    assert ("Pipeline agreed" in overview) == seen
    assert ('id="record-links"' in overview) == (org != "outsider" and role != "viewer")


NEW_PAGES = ["/governance/members/new/", "/governance/ambitions/new/",
             "/governance/meetings/new/", "/governance/phases/new/",
             "/governance/commitments/new/"]


@pytest.mark.parametrize(("org", "role"), PERSONAS)
def test_create_pages_need_a_writer_in_a_partnership(cast: Cast, org: str, role: str) -> None:
    programme_records(cast, "partnership")
    client = signed_in(cast, org, role)
    allowed = org in ("owner", "partner") and role in ("analyst", "admin")
    for url in NEW_PAGES:
        assert client.get(url).status_code == (200 if allowed else 403), url
    own = cast.organisations[org]
    partnership = Partnership.objects.get(name="Test partnership")
    response = client.post("/governance/phases/new/", {
        "partnership": partnership.pk, "owner": own.pk, "name": f"{org} {role} phase",
        "start": "2027-01-01", "end": "2027-12-31", "status": "planned"})
    assert response.status_code == (302 if allowed else 403)
    phase = WorkPhase.objects.filter(name=f"{org} {role} phase").first()
    assert (phase is not None) == allowed
    if phase is not None:
        assert phase.owner == own
        assert phase.visibility == ("private" if org == "partner" else "partnership")
        assert AuditEvent.objects.filter(action="governance_phase_create",
                                         object_id=str(phase.pk)).exists()


def test_a_create_page_offers_only_the_users_organisations_and_partnerships(
        cast: Cast) -> None:
    programme_records(cast, "partnership")
    client = signed_in(cast, "partner", "analyst")
    partnership = Partnership.objects.get(name="Test partnership")
    for owner, expected in ((cast.organisations["owner"], 400),
                            (cast.organisations["partner"], 302)):
        response = client.post("/governance/ambitions/new/", {
            "partnership": partnership.pk, "owner": owner.pk, "text": f"by {owner}"})
        assert response.status_code == expected
    assert list(Ambition.objects.filter(text__startswith="by ").values_list(
        "owner__name", flat=True)) == ["Partner Homes"]


def test_every_create_page_records_with_an_audit_event(cast: Cast) -> None:
    records = programme_records(cast, "partnership")
    client = signed_in(cast, "owner", "analyst")
    owner, partner = cast.organisations["owner"], cast.organisations["partner"]
    partnership = Partnership.objects.get(name="Test partnership")
    posts = [
        ("/governance/members/new/", {"partnership": partnership.pk, "owner": owner.pk,
                                      "organisation": cast.organisations["outsider"].pk,
                                      "joined": "2026-11-01"}, "governance_member_join"),
        ("/governance/ambitions/new/", {"partnership": partnership.pk, "owner": owner.pk,
                                        "text": "Second ambition"},
         "governance_ambition_create"),
        ("/governance/meetings/new/", {"partnership": partnership.pk, "owner": owner.pk,
                                       "date": "2026-11-02", "kind": "one_to_one",
                                       "title": "Owner and partner", "notes": "private words",
                                       "attendees": [owner.pk, partner.pk]},
         "governance_meeting_create"),
        ("/governance/commitments/new/", {"owner": owner.pk,
                                          "member": records["member"].pk,  # type: ignore[attr-defined]
                                          "kind": "land", "amount": "1.2",
                                          "phase_or_site": "Canvey exemplar site"},
         "governance_commitment_create"),
    ]
    for url, data, action in posts:
        before = AuditEvent.objects.filter(action=action).count()
        response = client.post(url, data)
        assert response.status_code == 302, (url, response.content[:3000])
        assert AuditEvent.objects.filter(action=action).count() == before + 1, url
    meeting = Meeting.objects.get(title="Owner and partner")
    assert set(meeting.attendees.all()) == {owner, partner}
    assert "private words" not in str(AuditEvent.objects.filter(
        action="governance_meeting_create").values_list("detail", flat=True))


@pytest.mark.parametrize(("org", "role", "visibility"), CASES)
def test_api_phases_and_milestones_hold_exactly_the_visible_records(
        cast: Cast, org: str, role: str, visibility: str) -> None:
    programme_records(cast, visibility)
    client = signed_in(cast, org, role)
    expected = 1 if may_see(org, visibility) else 0
    phases = client.get("/api/governance/phases").json()
    milestones = client.get("/api/governance/milestones").json()
    assert (len(phases), len(milestones)) == (expected, expected)
    commitments = client.get("/api/governance/commitments").json()
    assert len(commitments) == 2 * expected
    if expected:
        assert phases[0]["budget"] == 20000 and phases[0]["name"] == f"{visibility} phase"
        assert milestones[0]["text"] == "Pipeline agreed" and not milestones[0]["is_met"]
        against = [c for c in commitments if c["phase_id"] == phases[0]["id"]]
        assert [m["text"] for m in against[0]["milestones"]] == ["Pipeline agreed"]


def test_new_api_lists_need_authentication(db: None) -> None:
    for name in ("phases", "milestones"):
        assert Client().get(f"/api/governance/{name}").status_code == 401


def _one_to_one_without_the_owner(cast: Cast) -> Meeting:
    """A public one-to-one the owner records but did not attend (partner and outsider did)."""
    partnership = Partnership.objects.get(name="Test partnership")
    partnership.organisations.add(cast.organisations["outsider"])
    return services.meeting_create(
        actor=cast.users[("owner", "admin")], owner=cast.organisations["owner"],
        partnership=partnership, date=dt.date(2026, 3, 3), kind="one_to_one",
        title="Partner one-to-one", visibility="public", notes="attendees only",
        attendees=[cast.organisations["partner"], cast.organisations["outsider"]])


def test_the_meeting_edit_page_leaves_out_a_one_to_ones_notes_for_non_attendees(
        cast: Cast) -> None:
    meeting = _one_to_one_without_the_owner(cast)
    client = signed_in(cast, "owner", "analyst")
    page = client.get(f"/governance/meetings/{meeting.pk}/edit/").content.decode()
    assert "attendees only" not in page and 'name="notes"' not in page
    response = client.post(f"/governance/meetings/{meeting.pk}/edit/", {
        "date": "2026-03-04", "kind": "one_to_one", "title": "Renamed one-to-one",
        "attendees": [cast.organisations["partner"].pk], "notes": "overwritten"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "Renamed one-to-one" and meeting.notes == "attendees only"


@pytest.mark.parametrize(("org", "role"), PERSONAS)
def test_no_new_page_shows_a_one_to_ones_notes_to_non_attendees(cast: Cast, org: str,
                                                               role: str) -> None:
    meeting = _one_to_one_without_the_owner(cast)
    services.action_create(actor=cast.users[("owner", "admin")], meeting=meeting,
                           text="Follow up", due=dt.date(2026, 4, 1),
                           action_owner=cast.organisations["partner"])
    action = meeting.actions.get()
    client = signed_in(cast, org, role)
    urls = ["/governance/", f"/governance/meetings/{meeting.pk}/",
            f"/governance/meetings/{meeting.pk}/edit/",
            f"/governance/actions/{action.pk}/status/", "/api/governance/meetings",
            "/governance/actions.csv", "/"]
    attended = org in ("partner", "outsider")
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 403), url
        body = response.content.decode()
        expected = attended and url == f"/governance/meetings/{meeting.pk}/"
        assert ("attendees only" in body) == expected, url


def test_anonymous_users_are_sent_to_sign_in_on_every_new_page(cast: Cast) -> None:
    records = programme_records(cast, "public")
    urls = [url for url, _ in _edit_pages(records).values()] + NEW_PAGES + [
        f"/governance/members/{records['member'].pk}/",  # type: ignore[attr-defined]
        f"/governance/commitments/{records['phase_commitment'].pk}/"]  # type: ignore[attr-defined]
    for url in urls:
        assert Client().get(url).status_code == 302, url
        assert Client().post(url, {}).status_code == 302, url
    assert not AuditEvent.objects.filter(actor=None).exists()
