"""The cast: an owner council, its partner housing association and an outsider builder, each
with a viewer, an analyst and an admin; the owner has a private, a partnership and a public site.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.test import Client

from partnerhomes.web.organisations.models import (
    Membership,
    Organisation,
    OrganisationKind,
    Partnership,
    Role,
)
from partnerhomes.web.sites.models import ImportRun, Site

ORGS = ("owner", "partner", "outsider")
ROLES = ("viewer", "analyst", "admin")
VISIBILITIES = ("private", "partnership", "public")
PERSONAS = list(itertools.product(ORGS, ROLES))
"""Every (organisation, role) of the cast."""
CASES = list(itertools.product(ORGS, ROLES, VISIBILITIES))
"""Every persona against a record of every visibility."""
PASSWORD = "not-a-real-password"
"""Every cast member's password."""


@dataclass
class Cast:
    organisations: dict[str, Organisation]
    users: dict[tuple[str, str], User]
    sites: dict[str, Site]
    run: ImportRun


def signed_in(cast: Cast, org: str, role: str) -> Client:
    """A test client signed in as the cast's user of ``org`` in ``role``."""
    client = Client()
    client.force_login(cast.users[(org, role)])
    return client


def make_cast() -> Cast:
    organisations = {
        "owner": Organisation.objects.create(name="Owner Council", kind=OrganisationKind.COUNCIL,
                                             gss_code="E07000069"),
        "partner": Organisation.objects.create(name="Partner Homes",
                                               kind=OrganisationKind.HOUSING_ASSOCIATION,
                                               rsh_registration_number="L4242"),
        "outsider": Organisation.objects.create(name="Outsider Builders",
                                                kind=OrganisationKind.SME_BUILDER),
    }
    partnership = Partnership.objects.create(name="Test partnership")
    partnership.organisations.set([organisations["owner"], organisations["partner"]])
    users = {}
    for org in ORGS:
        for role in ROLES:
            user = User.objects.create_user(f"{org}_{role}", password=PASSWORD)
            Membership.objects.create(user=user, organisation=organisations[org],
                                      role=Role(role))
            users[(org, role)] = user
    run = ImportRun.objects.create(owner=organisations["owner"], visibility="private",
                                   files=["x.csv"], rows_in=3, n_accepted=3)
    sites = {
        visibility: Site.objects.create(
            owner=organisations["owner"], visibility=visibility, import_run=run,
            gss_code="E07000069", site_reference=f"REF-{visibility}",
            site_name_address=f"{visibility.capitalize()} site, Canvey Island",
            longitude=0.58, latitude=51.52, maximum_net_dwellings=40, hectares=1.0,
            category="council_land", record={"site_reference": f"REF-{visibility}"})
        for visibility in VISIBILITIES
    }
    return Cast(organisations, users, sites, run)


def may_see(org: str, visibility: str) -> bool:
    """The rule under test, stated independently of access.py."""
    return (org == "owner" or visibility == "public"
            or (org == "partner" and visibility == "partnership"))


def may_change(org: str, role: str) -> bool:
    return org == "owner" and role in ("analyst", "admin")
