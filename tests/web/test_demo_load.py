"""The loaded demo has content on every page a newcomer opens: appraisals of some of its sites
made through the scheme services (each by an organisation that may, seen only as far as the
rules allow), a plan of the demo programme made as its owner's analyst would make it (over the
sites that analyst may see), an organisation admin, and category words on the dashboard."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from partnerhomes.sites.record import PIPELINE_STAGES
from partnerhomes.web.dashboard.views import CATEGORY_LABELS
from partnerhomes.web.jobs.models import Job, JobStatus
from partnerhomes.web.organisations import access
from partnerhomes.web.organisations.demo import (
    APPRAISED_STAGE,
    CLI_PLAN_FILES,
    DEMO_USERS,
    PLANNER,
    PROGRAMME_OWNER,
    demo_load,
    demo_plan,
)
from partnerhomes.web.organisations.models import (
    AuditEvent,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
)
from partnerhomes.web.programmes.models import PlanStatus, Programme
from partnerhomes.web.schemes.models import RunStatus
from partnerhomes.web.schemes.selectors import appraised_by_council
from partnerhomes.web.sites.models import Site

TODAY = dt.date(2026, 11, 29)
LATER_STAGES = PIPELINE_STAGES[PIPELINE_STAGES.index(APPRAISED_STAGE):]


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


@pytest.mark.django_db
def test_the_demo_appraises_sites_of_every_council_through_the_services(tmp_path: Path) -> None:
    loaded = demo_load(tmp_path / "demo", today=TODAY)
    runs = loaded.appraisals
    assert 6 <= len(runs) <= 12
    assert all(run.status == RunStatus.DONE and run.residual_land_value is not None
               for run in runs)
    assert {run.verdict == "viable" for run in runs} == {True, False}  # a mix, not a showcase
    councils = {s.gss_code for s in Site.objects.filter(owner__kind=OrganisationKind.COUNCIL)}
    by_castle_point = [run for run in runs if run.scheme.owner.name == PROGRAMME_OWNER]
    assert {run.gss_code for run in by_castle_point} == councils  # one per council
    private = [run for run in runs if run.scheme.visibility == "private"]
    assert private, "a housing association's own appraisal is in the demo"
    writers = {name: username for username, name, role in reversed(DEMO_USERS)
               if role != Role.VIEWER}
    for run in runs:
        scheme, site = run.scheme, run.scheme.site
        assert site is not None and site.pipeline_stage in LATER_STAGES
        assert site.category != "new_settlement"
        # made by a member who may write for the scheme's owner; the site's owner keeps its
        # own land's appraisal, otherwise the programme owner appraises for the partnership
        assert run.created_by is not None
        assert run.created_by.username == writers[scheme.owner.name]
        assert scheme.owner == (site.owner if site.owner.name in writers else
                                Organisation.objects.get(name=PROGRAMME_OWNER))
        assert scheme.visibility == access.default_visibility(scheme.owner)
        assert scheme.inputs["gss_code"] == site.gss_code == run.gss_code
        assert AuditEvent.objects.filter(action="appraisal_run", object_id=run.pk,
                                         actor=run.created_by).exists()
    # who sees which: the dashboard's totals are over the schemes each user may see
    for username, _, _ in DEMO_USERS:
        user = User.objects.get(username=username)
        seen = [run for run in runs if access.can_view(user, run.scheme)]
        rows = appraised_by_council(user)
        assert sum(r["n_viable"] + r["n_not_viable"] for r in rows) == len(seen)
        assert sum(r["residual_land_value"] for r in rows) == pytest.approx(
            sum(run.residual_land_value for run in seen))
    outsider_scheme = private[0].scheme
    assert _client("homesengland").get(f"/schemes/{outsider_scheme.pk}/").status_code == 404
    page = _client("castlepoint").get("/").content.decode()
    assert "No appraised schemes yet" not in page
    table = page[page.index('id="appraised-by-council"'):page.index('id="dashboard-plan"')]
    assert table.count("£") == len(councils)  # a residual land value for every council


@pytest.mark.django_db
def test_the_demo_has_an_organisation_admin_and_category_words(tmp_path: Path) -> None:
    loaded = demo_load(tmp_path / "demo", today=TODAY)
    assert [(u.username, u.role) for u in loaded.users] == [
        (username, str(role)) for username, _, role in DEMO_USERS]
    admin = Membership.objects.get(user__username="castlepoint-admin")
    assert admin.role == Role.ADMIN and admin.organisation.name == PROGRAMME_OWNER
    castle_point = admin.organisation.pk
    page = _client("castlepoint-admin").get(f"/organisations/{castle_point}/")
    assert page.status_code == 200 and 'id="add-member"' in page.content.decode()
    assert _client("castlepoint").get(
        f"/organisations/{castle_point}/members/new/").status_code == 403
    assert _client("castlepoint-admin").get(
        f"/organisations/{castle_point}/members/new/").status_code == 200
    dashboard = _client("homesengland").get("/").content.decode()
    table = dashboard[dashboard.index('id="by-category"'):]
    categories = set(Site.objects.filter(visibility="partnership")
                     .values_list("category", flat=True))
    for category in categories:
        assert f">{CATEGORY_LABELS[category]}</a>" in table
        assert f">{category}<" not in table
        assert f'?category={category}"' in table


@pytest.mark.django_db
def test_the_demo_plan_is_the_planners_web_plan_and_is_written_for_the_command_line(
        tmp_path: Path) -> None:
    demo_load(tmp_path / "demo", today=TODAY)
    programme = Programme.objects.get()
    # one council's part of the demo programme, without the uplift scenarios: a short solve
    document = programme.document
    programme.document = {**document,
                          "councils": [c for c in document["councils"]
                                       if c["gss_code"] == "E07000069"],
                          "sme_frameworks": [{**f, "councils": ["E07000069"]}
                                             for f in document["sme_frameworks"]]}
    programme.save()
    out = tmp_path / "plan"
    out.mkdir()
    (out / "plan.json").write_text("[]", encoding="utf-8")  # an earlier command-line plan
    planned = demo_plan(out, uplift=False)
    run = planned.run
    planner = User.objects.get(username=PLANNER)
    assert run.status == PlanStatus.DONE and run.programme == programme
    assert run.created_by == planner and run.job is not None
    assert Job.objects.get(pk=run.job_id).status == JobStatus.DONE
    sites = Site.objects.filter(pk__in=run.site_ids)
    assert planned.n_sites == len(sites) > 0
    assert all(access.can_view(planner, site) for site in sites)  # never a partner's private
    assert set(sites.values_list("gss_code", flat=True)) == {"E07000069"}
    assert set(Site.objects.filter(gss_code="E07000069", visibility="partnership")
               .values_list("pk", flat=True)) == set(run.site_ids)
    assert run.headline["affordable_homes"] > 0
    # the files: the run's own summary page and tables, nothing left of the earlier plan
    assert planned.files[0] == out / "summary.html"
    assert (out / "summary.html").read_text(encoding="utf-8") == run.summary_html
    assert not (out / "plan.json").exists()
    written = {path.name for path in out.iterdir()}
    assert written == {path.name for path in planned.files} and written <= set(CLI_PLAN_FILES)
    plan_csv = (out / "plan.csv").read_text(encoding="utf-8").splitlines()
    assert len(plan_csv) == 1 + len(run.table("plan"))
    readme = (out / "README.txt").read_text(encoding="utf-8")
    assert PLANNER in readme and f"plan run {run.pk}" in readme
    # the pages a newcomer opens show it
    for username in ("castlepoint", "homesengland"):
        client = _client(username)
        assert "No plan yet" not in client.get("/").content.decode()
        board = client.get("/delivery/board/").content.decode()
        assert "No plan that you may see" not in board and programme.name in board
        assert client.get(f"/plans/{run.pk}/").status_code == 200
