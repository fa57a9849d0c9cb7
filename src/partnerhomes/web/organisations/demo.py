"""Load the illustrative South Essex partnership into the database, with three demo users.

The members come from :func:`partnerhomes.demo.partnership.members`; each partner site list is
imported through the same import service an upload uses, owned by the organisation named in its
``owner_organisation`` column. Passwords are generated here and returned once, to be printed.
The partnership's illustrative governance record (``governance.demo``) is recorded by the demo
users through the governance services, and delivery records for some of its sites
(``delivery.demo``) through the delivery services, with dates counted from ``today``.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml
from django.db import transaction

from partnerhomes.demo.build import build_demo
from partnerhomes.demo.partnership import members
from partnerhomes.demo.programme import write_demo_programme
from partnerhomes.demo.sites import demo_sites
from partnerhomes.web.delivery.demo import DeliveryDemo, load_delivery_demo
from partnerhomes.web.governance.demo import load_governance_demo
from partnerhomes.web.organisations import access
from partnerhomes.web.organisations.models import Organisation, OrganisationKind, Partnership, Role
from partnerhomes.web.organisations.services import (
    audit_record,
    organisation_create,
    partnership_create,
    user_create_with_membership,
)
from partnerhomes.web.programmes.models import Programme
from partnerhomes.web.programmes.services import document_check
from partnerhomes.web.sites.services import import_run_create

PARTNERSHIP_NAME = "South Essex housing partnership (illustrative)"
KINDS = {"council": OrganisationKind.COUNCIL, "county_council": OrganisationKind.COUNCIL,
         "housing_association": OrganisationKind.HOUSING_ASSOCIATION,
         "homes_england": OrganisationKind.HOMES_ENGLAND}
DEMO_USERS = (  # username, organisation name, role
    ("castlepoint", "Castle Point Borough Council", Role.ANALYST),
    ("saltmarsh", "Saltmarsh Homes (illustrative)", Role.ANALYST),
    ("homesengland", "Homes England", Role.VIEWER),
)
PROGRAMME_OWNER = "Castle Point Borough Council"
"""The demo programme is the partnership's, kept by the council whose analyst is a demo user."""


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    organisation: str
    role: str


@dataclass(frozen=True)
class DemoLoad:
    n_organisations: int
    n_sites: int
    users: tuple[DemoUser, ...]
    programme: str = ""
    n_meetings: int = 0
    delivery: DeliveryDemo | None = None


@transaction.atomic
def demo_load(folder: Path, today: dt.date | None = None) -> DemoLoad:
    """Build the demo into ``folder`` and load it; refuses if the partnership already exists.
    The governance record's and the delivery records' dates count from ``today`` (the real
    date by default)."""
    if Partnership.objects.filter(name=PARTNERSHIP_NAME).exists():
        raise ValueError(f"the demo is already loaded ({PARTNERSHIP_NAME}); start from an empty "
                         "database to load it again")
    files = build_demo(folder)
    organisations = {}
    for member in members():
        kind = KINDS.get(member.kind, OrganisationKind.OTHER)
        organisations[member.name] = organisation_create(
            actor=None, name=member.name, kind=kind,
            gss_code=member.code if kind == OrganisationKind.COUNCIL else "")
    partnership = partnership_create(actor=None, name=PARTNERSHIP_NAME,
                                     organisations=list(organisations.values()))
    n_sites = 0
    for path in files.site_lists:
        owner_names = pd.read_csv(path, usecols=["owner_organisation"])["owner_organisation"]
        owner = organisations[str(owner_names.iloc[0])]
        run = import_run_create(actor_id=None, owner=owner, paths=[path],
                                visibility=access.default_visibility(owner))
        n_sites += run.n_accepted
    programme = _demo_programme(folder, organisations[PROGRAMME_OWNER])
    users, writers = [], {}
    for username, organisation_name, role in DEMO_USERS:
        password = secrets.token_urlsafe(12)
        user = user_create_with_membership(actor=None, username=username, password=password,
                                           organisation=organisations[organisation_name],
                                           role=role)
        users.append(DemoUser(username, password, organisation_name, str(role)))
        if role != Role.VIEWER:
            writers[organisation_name] = user
    n_meetings = load_governance_demo(partnership=partnership, users=writers, today=today)
    delivery = load_delivery_demo(today=today, partnership_name=partnership.name)
    return DemoLoad(n_organisations=len(organisations), n_sites=n_sites, users=tuple(users),
                    programme=programme, n_meetings=n_meetings,
                    delivery=delivery)


def _demo_programme(folder: Path, owner: Organisation) -> str:
    """Save the demo programme file (``partnerhomes.demo.programme``) as a partnership-wide
    programme of ``owner``; a plan of it uses the pipeline sites its user may see."""
    sites = folder / "programme" / "sites.csv"
    sites.parent.mkdir(parents=True, exist_ok=True)
    demo_sites().to_csv(sites, index=False)
    path = write_demo_programme(sites.parent, sites)
    document = document_check(yaml.safe_load(path.read_text(encoding="utf-8")))
    programme = Programme.objects.create(owner=owner, visibility=access.default_visibility(owner),
                                         name=str(document["name"]), document=document)
    audit_record(actor=None, organisation=owner, action="programme_create",
                 object_type="programme", object_id=programme.pk,
                 detail={"name": programme.name, "demo": True})
    return programme.name


def organisation_named(name: str) -> Organisation:
    """A demo organisation by name (for tests and the benchmark)."""
    return Organisation.objects.get(name=name)
