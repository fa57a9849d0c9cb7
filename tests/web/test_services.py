"""Services and selectors tested directly: imports, jobs, audit, overlays, sign-in, tokens."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from partnerhomes.web.assumptions import selectors as assumption_selectors
from partnerhomes.web.assumptions import services as assumption_services
from partnerhomes.web.jobs import services as jobs
from partnerhomes.web.jobs.models import JobStatus
from partnerhomes.web.organisations.models import AuditEvent
from partnerhomes.web.organisations.services import api_token_create
from partnerhomes.web.sites import selectors, services
from partnerhomes.web.sites.models import ImportRun, Site

from .personas import PASSWORD, Cast

SAMPLE = (Path(__file__).parent.parent / "sites" / "data"
          / "planning-data-brownfield-land-sample.csv")


def test_import_run_create_saves_sites_issues_and_an_audit_event(cast: Cast) -> None:
    owner = cast.organisations["partner"]
    run = services.import_run_create(actor_id=cast.users[("partner", "analyst")].pk,
                                     owner=owner, paths=[SAMPLE], visibility="private")
    assert run.rows_in == run.n_accepted + run.n_rejected
    assert Site.objects.filter(import_run=run).count() == run.n_accepted > 0
    assert run.issues and {"source_file", "line", "field", "value"} <= set(run.issues[0])
    event = AuditEvent.objects.get(action="sites_import", object_id=str(run.pk))
    assert event.actor == cast.users[("partner", "analyst")]
    assert event.detail["n_accepted"] == run.n_accepted


def test_reimport_replaces_the_earlier_copy_of_each_site(cast: Cast) -> None:
    owner = cast.organisations["partner"]
    first = services.import_run_create(actor_id=None, owner=owner, paths=[SAMPLE],
                                       visibility="private")
    services.import_run_create(actor_id=None, owner=owner, paths=[SAMPLE], visibility="private")
    assert Site.objects.filter(owner=owner).count() == first.n_accepted


def test_unreadable_file_imports_nothing(cast: Cast, tmp_path: Path) -> None:
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"PK\x03\x04 this is not a workbook")
    before = (Site.objects.count(), ImportRun.objects.count())
    with pytest.raises(services.ImportFileError, match="broken.xlsx"):
        services.import_run_create(actor_id=None, owner=cast.organisations["owner"],
                                   paths=[SAMPLE, bad], visibility="private")
    assert (Site.objects.count(), ImportRun.objects.count()) == before


def test_import_job_runs_outside_the_request_and_records_the_run(cast: Cast) -> None:
    analyst = cast.users[("owner", "analyst")]
    upload = SimpleUploadedFile("register.csv", SAMPLE.read_bytes(), "text/csv")
    job = services.import_queue(actor=analyst, owner=cast.organisations["owner"],
                                visibility="partnership", files=[upload])
    assert job.status == JobStatus.QUEUED
    assert jobs.job_run_pending() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    run = ImportRun.objects.get(pk=job.result["import_run"])
    assert run.visibility == "partnership" and run.n_accepted == job.result["n_accepted"]


def test_failed_import_job_says_which_file_and_changes_nothing(cast: Cast) -> None:
    upload = SimpleUploadedFile("broken.xlsx", b"PK\x03\x04 not a workbook")
    job = services.import_queue(actor=cast.users[("owner", "admin")],
                                owner=cast.organisations["owner"], visibility="private",
                                files=[upload])
    count = Site.objects.count()
    jobs.job_run_pending()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "broken.xlsx" in job.error
    assert Site.objects.count() == count


def test_upload_of_the_wrong_type_is_refused_with_its_name(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.users[("owner", "analyst")])
    fake = SimpleUploadedFile("register.csv", b"PK\x03\x04binary")
    response = client.post("/sites/import/", {"file": fake,
                                              "owner": cast.organisations["owner"].pk})
    assert response.status_code == 200
    assert "register.csv is named .csv but is not a text file" in response.content.decode()
    exe = SimpleUploadedFile("tool.exe", b"MZ")
    response = client.post("/sites/import/", {"file": exe,
                                              "owner": cast.organisations["owner"].pk})
    assert "only .csv and .xlsx" in response.content.decode()


def test_pipeline_by_council_sums_only_visible_sites(cast: Cast) -> None:
    pipeline = selectors.pipeline_visible_to(cast.users[("outsider", "viewer")])
    assert pipeline.by_council == [{"gss_code": "E07000069", "council": "Castle Point",
                                    "n_sites": 1, "homes": 40, "hectares": 1.0}]
    assert pipeline.by_category == [{"category": "council_land", "n_sites": 1, "homes": 40}]


def test_partner_sees_own_partnership_and_public_sites_in_the_totals(cast: Cast) -> None:
    pipeline = selectors.pipeline_visible_to(cast.users[("partner", "viewer")])
    assert pipeline.by_council[0]["n_sites"] == 2


def test_overlay_is_checked_against_the_tree_and_audited(cast: Cast) -> None:
    analyst = cast.users[("partner", "analyst")]
    text = ("name: ours\nreference: {title: Our plan, note: test}\nparameters:\n"
            "  finance.debit_rate:\n    values: {2026-04-01: 0.09}\n")
    overlay = assumption_services.overlay_create(actor=analyst,
                                                 owner=cast.organisations["partner"],
                                                 text=text, visibility="private")
    tree = assumption_selectors.overlay_tree(overlay)
    assert float(tree.at("finance.debit_rate", "2026-06-01")) == 0.09
    assert AuditEvent.objects.filter(action="overlay_create").count() == 1
    with pytest.raises(assumption_services.OverlayError, match="finance.no_such_rate"):
        assumption_services.overlay_create(
            actor=analyst, owner=cast.organisations["partner"], visibility="private",
            text=text.replace("finance.debit_rate", "finance.no_such_rate"))


def test_outsider_cannot_see_a_private_overlay(cast: Cast) -> None:
    text = ("name: secret\nreference: {title: Board paper, note: confidential}\nparameters:\n"
            "  finance.debit_rate:\n    values: {2026-04-01: 0.11}\n")
    overlay = assumption_services.overlay_create(
        actor=cast.users[("partner", "admin")], owner=cast.organisations["partner"],
        text=text, visibility="private")
    outsider, owner_user = Client(), Client()
    outsider.force_login(cast.users[("outsider", "admin")])
    owner_user.force_login(cast.users[("owner", "admin")])
    assert outsider.get(f"/assumptions/overlays/{overlay.pk}/").status_code == 404
    assert owner_user.get(f"/assumptions/overlays/{overlay.pk}/").status_code == 404


def test_sign_in_is_throttled_after_five_failures(cast: Cast) -> None:
    client = Client()
    for _ in range(5):
        client.post("/signin/", {"username": "owner_viewer", "password": "wrong"})
    response = client.post("/signin/", {"username": "owner_viewer", "password": PASSWORD})
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_token_authenticates_scripts_and_session_api_needs_csrf(cast: Cast) -> None:
    user = cast.users[("owner", "analyst")]
    token = api_token_create(user=user, name="script")
    response = Client().get("/api/sites", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200 and response.json()["count"] == 3
    assert Client().get("/api/sites", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    site = cast.sites["private"]
    response = browser.patch(f"/api/sites/{site.pk}", json.dumps({"visibility": "public"}),
                             content_type="application/json")
    assert response.status_code == 403
    site.refresh_from_db()
    assert site.visibility == "private"


def test_openapi_document_lists_the_operations(db: None) -> None:
    paths = Client().get("/api/openapi.json").json()["paths"]
    assert {"/api/sites", "/api/sites/{site_id}", "/api/imports", "/api/dashboard",
            "/api/vehicles/compare"} <= set(paths)
