"""Organisation, membership and partnership pages for owner / partner / outsider x viewer /
analyst / admin, against the rules stated here independently of access.py:

* an organisation is seen by its members and its partners' members (404 for others);
* its members are listed, added, re-roled and removed, and its details edited, by its admins
  only (403 for others who may see it); the last admin stays an admin;
* a partnership is seen by members of its organisations (404 for others); only installation
  staff add or remove organisations.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from partnerhomes.web.organisations.models import AuditEvent, Membership, Organisation, Role

from .personas import ORGS, PASSWORD, PERSONAS, Cast, signed_in


def may_see_organisation(org: str, target: str) -> bool:
    return org == target or {org, target} == {"owner", "partner"}


def may_administer(org: str, role: str, target: str) -> bool:
    return org == target and role == "admin"


def _expected(org: str, role: str, target: str, allowed: int) -> int:
    if may_administer(org, role, target):
        return allowed
    return 403 if may_see_organisation(org, target) else 404


def _partnership(cast: Cast) -> int:
    return int(cast.organisations["owner"].partnerships.get().pk)


@pytest.mark.parametrize(("org", "role"), PERSONAS)
def test_organisation_pages(cast: Cast, org: str, role: str) -> None:
    client = signed_in(cast, org, role)
    assert client.get("/organisations/").status_code == 200
    for target in ORGS:
        organisation = cast.organisations[target]
        base = f"/organisations/{organisation.pk}/"
        response = client.get(base)
        assert response.status_code == (200 if may_see_organisation(org, target) else 404)
        if response.status_code == 200:
            members_shown = 'id="members"' in response.content.decode()
            assert members_shown == may_administer(org, role, target)
        assert client.get(f"{base}edit/").status_code == _expected(org, role, target, 200)
        assert client.get(f"{base}members/new/").status_code == _expected(org, role, target, 200)
        membership = Membership.objects.filter(organisation=organisation).first()
        assert membership is not None
        assert (client.get(f"{base}members/{membership.pk}/").status_code
                == _expected(org, role, target, 200))


@pytest.mark.parametrize(("org", "role"), PERSONAS)
def test_organisation_list_shows_own_and_partners_only(cast: Cast, org: str, role: str) -> None:
    page = signed_in(cast, org, role).get("/organisations/").content.decode()
    for target in ORGS:
        name = cast.organisations[target].name
        assert (name in page) == may_see_organisation(org, target)
    assert ("Test partnership" in page) == (org != "outsider")


@pytest.mark.parametrize(("org", "role"), PERSONAS)
def test_adding_a_member_needs_the_owner_admin(cast: Cast, org: str, role: str) -> None:
    owner = cast.organisations["owner"]
    response = signed_in(cast, org, role).post(
        f"/organisations/{owner.pk}/members/new/",
        {"identifier": "new.officer", "email": "new.officer@example.org", "role": "analyst"})
    assert response.status_code == _expected(org, role, "owner", 200)
    created = User.objects.filter(username="new.officer").first()
    assert (created is not None) == may_administer(org, role, "owner")
    if created is not None:
        password = response.context["password"]
        assert len(password) >= 12 and created.check_password(password)
        assert password.encode() in response.content
        assert response["Cache-Control"] == "no-store"
        assert Membership.objects.get(user=created, organisation=owner).role == Role.ANALYST
        actions = set(AuditEvent.objects.filter(organisation=owner)
                      .values_list("action", flat=True))
        assert {"user_create", "membership_grant"} <= actions


@pytest.mark.parametrize(("org", "role"), PERSONAS)
def test_changing_and_removing_members_needs_the_owner_admin(cast: Cast, org: str,
                                                            role: str) -> None:
    owner = cast.organisations["owner"]
    viewer = Membership.objects.get(user=cast.users[("owner", "viewer")], organisation=owner)
    analyst = Membership.objects.get(user=cast.users[("owner", "analyst")], organisation=owner)
    client = signed_in(cast, org, role)
    allowed = may_administer(org, role, "owner")
    response = client.post(f"/organisations/{owner.pk}/members/{viewer.pk}/",
                           {"set_role": "1", "role": "analyst"})
    assert response.status_code == _expected(org, role, "owner", 302)
    viewer.refresh_from_db()
    assert (viewer.role == Role.ANALYST) == allowed
    response = client.post(f"/organisations/{owner.pk}/members/{analyst.pk}/", {"remove": "1"})
    assert response.status_code == _expected(org, role, "owner", 302)
    assert Membership.objects.filter(pk=analyst.pk).exists() != allowed
    assert User.objects.filter(pk=analyst.user_id).exists()  # the account stays


@pytest.mark.parametrize(("org", "role"), PERSONAS)
def test_editing_details_needs_the_owner_admin(cast: Cast, org: str, role: str) -> None:
    owner = cast.organisations["owner"]
    response = signed_in(cast, org, role).post(
        f"/organisations/{owner.pk}/edit/",
        {"name": "Renamed Council", "gss_code": "e07000070", "valid_from": "2000-01-01",
         "valid_to": ""})
    assert response.status_code == _expected(org, role, "owner", 302)
    owner.refresh_from_db()
    assert (owner.name == "Renamed Council") == may_administer(org, role, "owner")
    if may_administer(org, role, "owner"):
        assert owner.gss_code == "E07000070"
        event = AuditEvent.objects.get(action="organisation_update")
        assert event.detail["name"] == ["Owner Council", "Renamed Council"]


@pytest.mark.parametrize(("org", "role"), PERSONAS)
def test_partnership_page_and_changes(cast: Cast, org: str, role: str) -> None:
    partnership_id = _partnership(cast)
    client = signed_in(cast, org, role)
    visible = org != "outsider"
    response = client.get(f"/partnerships/{partnership_id}/")
    assert response.status_code == (200 if visible else 404)
    if visible:
        page = response.content.decode()
        assert "Owner Council" in page and "Partner Homes" in page
        assert "Outsider Builders" not in page
    outsider = cast.organisations["outsider"]
    response = client.post(f"/partnerships/{partnership_id}/",
                           {"add_organisation": "1", "organisation": outsider.pk})
    assert response.status_code == (403 if visible else 404)
    assert not outsider.partnerships.exists()


def test_staff_add_and_remove_organisations(cast: Cast) -> None:
    partnership_id = _partnership(cast)
    staff = User.objects.create_user("installation.admin", password="not-a-real-password",
                                     is_staff=True)
    client = Client()
    client.force_login(staff)
    outsider = cast.organisations["outsider"]
    response = client.post(f"/partnerships/{partnership_id}/",
                           {"add_organisation": "1", "organisation": outsider.pk})
    assert response.status_code == 302
    assert outsider.partnerships.filter(pk=partnership_id).exists()
    # The outsider's members now see the owner's partnership-wide site, not its private one.
    outsider_client = signed_in(cast, "outsider", "viewer")
    assert outsider_client.get(f"/sites/{cast.sites['partnership'].pk}/").status_code == 200
    assert outsider_client.get(f"/sites/{cast.sites['private'].pk}/").status_code == 404
    response = client.post(f"/partnerships/{partnership_id}/",
                           {"remove_organisation": outsider.pk})
    assert response.status_code == 302
    assert not outsider.partnerships.exists()
    assert outsider_client.get(f"/sites/{cast.sites['partnership'].pk}/").status_code == 404
    assert list(AuditEvent.objects.filter(object_type="partnership")
                .values_list("action", flat=True)) == ["partnership_leave", "partnership_join"]


def test_last_admin_cannot_be_demoted_or_removed(cast: Cast) -> None:
    owner = cast.organisations["owner"]
    admin = Membership.objects.get(user=cast.users[("owner", "admin")], organisation=owner)
    client = signed_in(cast, "owner", "admin")
    url = f"/organisations/{owner.pk}/members/{admin.pk}/"
    response = client.post(url, {"set_role": "1", "role": "viewer"}, follow=True)
    assert "last admin" in response.content.decode()
    response = client.post(url, {"remove": "1"}, follow=True)
    assert "last admin" in response.content.decode()
    admin.refresh_from_db()
    assert admin.role == Role.ADMIN
    # With a second admin, the first may step down.
    second = Membership.objects.get(user=cast.users[("owner", "analyst")], organisation=owner)
    client.post(f"/organisations/{owner.pk}/members/{second.pk}/",
                {"set_role": "1", "role": "admin"})
    assert client.post(url, {"set_role": "1", "role": "viewer"}).status_code == 302
    admin.refresh_from_db()
    assert admin.role == Role.VIEWER
    # ...and has lost the administration pages at once.
    assert client.get(f"/organisations/{owner.pk}/edit/").status_code == 403


def test_adding_an_existing_user_by_email_and_refusing_duplicates(cast: Cast) -> None:
    owner = cast.organisations["owner"]
    outsider_user = cast.users[("outsider", "viewer")]
    outsider_user.email = "someone@builders.example"
    outsider_user.save()
    client = signed_in(cast, "owner", "admin")
    url = f"/organisations/{owner.pk}/members/new/"
    response = client.post(url, {"identifier": "Someone@Builders.example", "role": "viewer"})
    assert response.status_code == 302  # an existing user: no password to show
    assert Membership.objects.filter(user=outsider_user, organisation=owner).exists()
    response = client.post(url, {"identifier": "outsider_viewer", "role": "viewer"})
    assert response.status_code == 200
    assert "already a member" in response.content.decode()
    response = client.post(url, {"identifier": "bad name!", "role": "viewer"})
    assert response.status_code == 200 and not User.objects.filter(username="bad name!").exists()


@pytest.mark.parametrize(("field", "value", "message"), [
    ("gss_code", "X123", "is not a GSS code"),
    ("valid_to", "1999-01-01", "is before valid from"),
    ("name", "Partner Homes", "name and valid-from date"),
])
def test_organisation_details_are_checked(cast: Cast, field: str, value: str,
                                          message: str) -> None:
    owner = cast.organisations["owner"]
    Organisation.objects.filter(pk=cast.organisations["partner"].pk).update(
        valid_from="2000-01-01")
    data = {"name": "Owner Council", "gss_code": "E07000069", "valid_from": "2000-01-01",
            "valid_to": "", field: value}
    response = signed_in(cast, "owner", "admin").post(f"/organisations/{owner.pk}/edit/", data)
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    owner.refresh_from_db()
    assert owner.name == "Owner Council" and owner.gss_code == "E07000069"


def test_housing_association_has_its_regulator_number_and_no_gss_code(cast: Cast) -> None:
    partner = cast.organisations["partner"]
    client = signed_in(cast, "partner", "admin")
    form = client.get(f"/organisations/{partner.pk}/edit/").context["form"]
    assert "rsh_registration_number" in form.fields and "gss_code" not in form.fields
    response = client.post(f"/organisations/{partner.pk}/edit/", {
        "name": "Partner Homes", "rsh_registration_number": "lh0042",
        "valid_from": "2000-01-01", "valid_to": "2030-03-31"})
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.rsh_registration_number == "LH0042"
    assert str(partner.valid_to) == "2030-03-31"


def test_password_change_is_audited(cast: Cast) -> None:
    user = cast.users[("partner", "viewer")]
    client = signed_in(cast, "partner", "viewer")
    response = client.post("/account/password/", {
        "old_password": PASSWORD, "new_password1": "a-much-better-passphrase-7",
        "new_password2": "a-much-better-passphrase-7"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-much-better-passphrase-7")
    assert AuditEvent.objects.filter(action="password_change", actor=user).exists()


def test_an_admin_who_leaves_goes_to_the_organisation_list(cast: Cast) -> None:
    owner = cast.organisations["owner"]
    second = Membership.objects.get(user=cast.users[("owner", "analyst")], organisation=owner)
    second.role = Role.ADMIN
    second.save()
    me = Membership.objects.get(user=cast.users[("owner", "admin")], organisation=owner)
    client = signed_in(cast, "owner", "admin")
    response = client.post(f"/organisations/{owner.pk}/members/{me.pk}/", {"remove": "1"})
    assert response.status_code == 302 and response["Location"] == "/organisations/"
    assert client.get(f"/organisations/{owner.pk}/").status_code == 404
    event = AuditEvent.objects.get(action="membership_revoke")
    assert event.actor_id == cast.users[("owner", "admin")].pk
    assert event.detail == {"username": "owner_admin", "role": "admin"}


def test_dashboard_links_each_of_the_users_organisations(cast: Cast) -> None:
    page = signed_in(cast, "partner", "viewer").get("/").content.decode()
    assert f'href="/organisations/{cast.organisations["partner"].pk}/">Partner Homes</a>' in page


def test_anonymous_is_sent_to_sign_in(cast: Cast) -> None:
    owner = cast.organisations["owner"]
    membership = Membership.objects.filter(organisation=owner).first()
    assert membership is not None
    urls = ["/organisations/", f"/organisations/{owner.pk}/",
            f"/organisations/{owner.pk}/edit/", f"/organisations/{owner.pk}/members/new/",
            f"/organisations/{owner.pk}/members/{membership.pk}/",
            f"/partnerships/{_partnership(cast)}/", "/account/password/"]
    client = Client()
    for url in urls:
        for response in (client.get(url), client.post(url, {"remove": "1"})):
            assert response.status_code == 302, url
            assert response["Location"].startswith("/signin/"), url
    assert Membership.objects.filter(pk=membership.pk).exists()
