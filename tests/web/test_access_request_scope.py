"""A user's organisations are read once per request and forgotten when memberships or
partnerships change (access.user_organisations)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerhomes.web.organisations import access
from partnerhomes.web.organisations.models import Membership, Partnership, Role

from .personas import Cast


@pytest.fixture
def request_scope() -> Iterator[None]:
    access.begin_request()
    yield
    access.end_request()


def test_read_once_within_a_request(cast: Cast, request_scope: None) -> None:
    user = cast.users[("owner", "viewer")]
    first = access.user_organisations(user)
    with CaptureQueriesContext(connection) as queries:
        again = access.user_organisations(user)
        access.visible_filter(user)
        access.writable_organisation_ids(user)
    assert again == first
    assert len(queries) == 0


def test_outside_a_request_read_afresh(cast: Cast) -> None:
    user = cast.users[("owner", "viewer")]
    access.user_organisations(user)
    with CaptureQueriesContext(connection) as queries:
        access.user_organisations(user)
    assert len(queries) >= 1


def test_membership_change_is_seen_in_the_same_request(cast: Cast, request_scope: None) -> None:
    user = cast.users[("outsider", "viewer")]
    owner = cast.organisations["owner"]
    assert not access.can_view(user, cast.sites["private"])
    membership = Membership.objects.create(user=user, organisation=owner, role=Role.ANALYST)
    assert access.can_view(user, cast.sites["private"])
    assert access.can_change(user, cast.sites["private"])
    membership.role = Role.VIEWER
    membership.save()
    assert not access.can_change(user, cast.sites["private"])
    membership.delete()
    assert not access.can_view(user, cast.sites["private"])


def test_partnership_change_is_seen_in_the_same_request(cast: Cast, request_scope: None) -> None:
    user = cast.users[("outsider", "viewer")]
    site = cast.sites["partnership"]
    assert not access.can_view(user, site)
    partnership = Partnership.objects.create(name="Another")
    partnership.organisations.set([cast.organisations["owner"], cast.organisations["outsider"]])
    assert access.can_view(user, site)
    partnership.organisations.remove(cast.organisations["outsider"])
    assert not access.can_view(user, site)


def test_partners_exclude_own_and_writable_needs_a_write_role(cast: Cast) -> None:
    orgs = cast.organisations
    for role in ("viewer", "analyst", "admin"):
        found = access.user_organisations(cast.users[("partner", role)])
        assert found.member == {orgs["partner"].pk}
        assert found.partners == {orgs["owner"].pk}
        assert found.writable == (set() if role == "viewer" else {orgs["partner"].pk})
    assert access.user_organisations(cast.users[("outsider", "admin")]).partners == set()
