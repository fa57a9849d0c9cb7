"""Load the illustrative South Essex partnership into the database, with four demo users.

The members come from :func:`partnerhomes.demo.partnership.members`; each partner site list is
imported through the same import service an upload uses, owned by the organisation named in its
``owner_organisation`` column. Passwords are generated here and returned once, to be printed.
The partnership's illustrative governance record (``governance.demo``) is recorded by the demo
users through the governance services, and delivery records for some of its sites
(``delivery.demo``) through the delivery services, with dates counted from ``today``.

Some sites at the ``appraised`` pipeline stage get their typology scheme made and appraised by a
demo analyst through the scheme services, as the site page's "A site's appraisal" does
(:func:`demo_appraisals`). :func:`demo_plan` plans the demo programme as its owner's analyst
would from the Programmes page: a ``programme_plan`` job over the sites that analyst may see,
run at once, as ``run_jobs --once`` would.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml
from django.contrib.auth.models import User
from django.db import transaction

from partnerhomes.demo.build import build_demo
from partnerhomes.demo.partnership import members
from partnerhomes.demo.programme import write_demo_programme
from partnerhomes.demo.sites import demo_sites
from partnerhomes.sites.record import PIPELINE_STAGES
from partnerhomes.web.delivery.demo import DeliveryDemo, load_delivery_demo
from partnerhomes.web.governance.demo import load_governance_demo
from partnerhomes.web.jobs import services as jobs
from partnerhomes.web.organisations import access
from partnerhomes.web.organisations.models import Organisation, OrganisationKind, Partnership, Role
from partnerhomes.web.organisations.services import (
    audit_record,
    organisation_create,
    partnership_create,
    user_create_with_membership,
)
from partnerhomes.web.programmes.models import PlanRun, PlanStatus, Programme
from partnerhomes.web.programmes.services import document_check, plan_start
from partnerhomes.web.schemes.models import AppraisalRun
from partnerhomes.web.schemes.services import appraisal_start, scheme_from_site
from partnerhomes.web.sites.models import Site
from partnerhomes.web.sites.services import import_run_create

PARTNERSHIP_NAME = "South Essex housing partnership (illustrative)"
KINDS = {"council": OrganisationKind.COUNCIL, "county_council": OrganisationKind.COUNCIL,
         "housing_association": OrganisationKind.HOUSING_ASSOCIATION,
         "homes_england": OrganisationKind.HOMES_ENGLAND}
DEMO_USERS = (  # username, organisation name, role
    ("castlepoint", "Castle Point Borough Council", Role.ANALYST),
    ("castlepoint-admin", "Castle Point Borough Council", Role.ADMIN),
    ("saltmarsh", "Saltmarsh Homes (illustrative)", Role.ANALYST),
    ("homesengland", "Homes England", Role.VIEWER),
)
"""The first user of an organisation that may write records its governance and appraisals;
``castlepoint-admin`` administers Castle Point's members and details (``/organisations/``)."""
PROGRAMME_OWNER = "Castle Point Borough Council"
"""The demo programme is the partnership's, kept by the council whose analyst is a demo user."""
PLANNER = "castlepoint"
"""The demo user who plans the demo programme (its owner's analyst)."""
APPRAISED_STAGE = "appraised"
"""Sites at this pipeline stage (or, for a housing association's own sites, any later one) are
the ones the demo appraises."""


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
    appraisals: tuple[AppraisalRun, ...] = ()


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
    users: list[DemoUser] = []
    writers: dict[str, User] = {}  # each organisation's first demo user who may write
    for username, organisation_name, role in DEMO_USERS:
        password = secrets.token_urlsafe(12)
        user = user_create_with_membership(actor=None, username=username, password=password,
                                           organisation=organisations[organisation_name],
                                           role=role)
        users.append(DemoUser(username, password, organisation_name, str(role)))
        if role != Role.VIEWER:
            writers.setdefault(organisation_name, user)
    n_meetings = load_governance_demo(partnership=partnership, users=writers, today=today)
    delivery = load_delivery_demo(today=today, partnership_name=partnership.name)
    appraisals = demo_appraisals(writers, today or dt.date.today())
    return DemoLoad(n_organisations=len(organisations), n_sites=n_sites, users=tuple(users),
                    programme=programme, n_meetings=n_meetings,
                    delivery=delivery, appraisals=appraisals)


def demo_sites_to_appraise() -> list[Site]:
    """The sites the demo appraises: each council's first own site (by reference) at the
    ``appraised`` stage, and each demo housing association's own sites at that stage or later
    (its private schemes). New settlements are planned, not appraised as one scheme."""
    stages = list(PIPELINE_STAGES[PIPELINE_STAGES.index(APPRAISED_STAGE):])
    found = (Site.objects.exclude(category="new_settlement")
             .filter(owner__name__in=[name for _, name, _ in DEMO_USERS])
             .filter(owner__kind=OrganisationKind.HOUSING_ASSOCIATION,
                     pipeline_stage__in=stages)
             .select_related("owner").order_by("gss_code", "site_reference", "id"))
    first_by_council: dict[str, Site] = {}
    for site in (Site.objects.exclude(category="new_settlement")
                 .filter(owner__kind=OrganisationKind.COUNCIL, pipeline_stage=APPRAISED_STAGE)
                 .select_related("owner").order_by("gss_code", "site_reference", "id")):
        first_by_council.setdefault(site.gss_code, site)
    return [*first_by_council.values(), *found]


def demo_appraisals(writers: dict[str, User], today: dt.date) -> tuple[AppraisalRun, ...]:
    """Make and appraise the typology scheme of each of :func:`demo_sites_to_appraise` through
    the scheme services: a housing association's own sites by its analyst (its schemes start
    private), the councils' by the programme owner's analyst (partnership-wide)."""
    runs = []
    for site in demo_sites_to_appraise():
        owner_name = site.owner.name if site.owner.name in writers else PROGRAMME_OWNER
        actor = writers[owner_name]
        scheme = scheme_from_site(actor=actor, site=site, owner=Organisation.objects.get(
            name=owner_name), valuation_date=today.isoformat())
        runs.append(appraisal_start(actor=actor, scheme=scheme, background=False))
    return tuple(runs)


@dataclass(frozen=True)
class DemoPlan:
    run: PlanRun
    n_sites: int
    files: tuple[Path, ...] = ()


def demo_plan(out: Path | None = None, *, uplift: bool = True) -> DemoPlan:
    """Plan the demo programme as :data:`PLANNER` would from the Programmes page (a
    ``programme_plan`` job over the pipeline sites that user may see, which leaves the
    associations' private sites out), run now; with ``out``, also write the plan's summary page,
    charts and tables there for those who use the command line. Raises ValueError when the plan
    does not finish."""
    planner = User.objects.get(username=PLANNER)
    programme = Programme.objects.get(owner__name=PROGRAMME_OWNER, document__is_illustrative=True)
    run = plan_start(actor=planner, programme=programme, uplift=uplift)
    while (job := jobs.job_claim_next()) is not None:  # as ``run_jobs --once`` does
        jobs.job_run(job)
    run.refresh_from_db()
    if run.status != PlanStatus.DONE:
        error = run.job.error if run.job else ""
        raise ValueError(f"the demo plan did not finish ({run.status}): {error or run.conflicts}")
    files = plan_files(run, out) if out is not None else ()
    return DemoPlan(run=run, n_sites=len(run.site_ids), files=files)


PLAN_TABLE_FILES = {"plan": "plan", "trajectory": "trajectory", "uplift": "uplift",
                    "exemplars": "exemplars", "sme_lots": "sme_lots",
                    "absorption": "absorption_effect"}
"""A web plan run's tables and the file names ``partnerhomes plan`` gives them."""
CLI_PLAN_FILES = (*(f"{name}.{ext}" for name in (*PLAN_TABLE_FILES.values(), "sme_lot_sites")
                    for ext in ("csv", "json")),
                  *(f"{name}.{ext}" for name in ("trajectory", "uplift") for ext in ("png", "svg")),
                  "summary.json", "summary.html", "programme.mps", "conflicts.json", "README.txt")
"""What ``partnerhomes plan`` may have written to a plan folder before (removed first, so the
folder holds one plan only)."""


def plan_files(run: PlanRun, out: Path) -> tuple[Path, ...]:
    """Write ``run``'s summary page (``summary.html``), charts (SVG) and tables (CSV) into
    ``out`` under the names ``partnerhomes plan`` uses, with a README saying where they came
    from; a plan written there before is removed first."""
    out.mkdir(parents=True, exist_ok=True)
    for name in CLI_PLAN_FILES:
        (out / name).unlink(missing_ok=True)
    written = [out / "summary.html"]
    written[0].write_text(run.summary_html, encoding="utf-8")
    for name, svg in run.charts.items():
        written.append(out / f"{name}.svg")
        written[-1].write_text(svg, encoding="utf-8")
    for table, name in PLAN_TABLE_FILES.items():
        written.append(out / f"{name}.csv")
        pd.DataFrame(run.table(table)).to_csv(written[-1], index=False)
    written.append(out / "README.txt")
    written[-1].write_text(
        f"The plan of {run.programme.name}, run on the web platform by the demo loader as "
        f"{PLANNER} ({PROGRAMME_OWNER}'s analyst) at {run.created_at:%Y-%m-%d %H:%M %Z}: plan "
        f"run {run.pk}, over the {len(run.site_ids)} pipeline sites that user may see (the "
        "housing associations' private sites are not in it), parameters "
        f"{run.parameters_digest[:12]}, code {run.code_version}.\n"
        "The same plan is on the web platform's plan page. For the plan of every demo site, run "
        "`partnerhomes demo run` (it plans unless given --no-plan).\n", encoding="utf-8")
    return tuple(written)


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
