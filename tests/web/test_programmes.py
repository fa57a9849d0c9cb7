"""Programme services and selectors directly: checked documents, audit, the sites a plan uses,
a plan run as a job, the form with a programme file upload, and the planning layout."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from partnerhomes.parameters import load_tree
from partnerhomes.programme.file import ProgrammeFileError, parse_programme, read_programme
from partnerhomes.programme.plan import read_sites, run_plan
from partnerhomes.web.jobs import services as jobs
from partnerhomes.web.jobs.models import Job
from partnerhomes.web.organisations.models import AuditEvent
from partnerhomes.web.programmes import planning, selectors, services, views
from partnerhomes.web.programmes.models import PlanStatus

from .personas import PERSONAS, VISIBILITIES, Cast, may_see
from .programmes_cast import DOCUMENT, make_programmes


def test_create_checks_the_document_and_audits(cast: Cast) -> None:
    admin, owner = cast.users[("owner", "admin")], cast.organisations["owner"]
    with pytest.raises(ProgrammeFileError, match="years"):
        services.programme_create(actor=admin, owner=owner, name="Bad",
                                  document={**DOCUMENT, "years": {"first": 2030, "last": 2026}})
    with pytest.raises(PermissionDenied):
        services.programme_create(actor=cast.users[("owner", "viewer")], owner=owner,
                                  name="No", document=DOCUMENT)
    programme = services.programme_create(actor=admin, owner=owner, name="Good",
                                          document={**DOCUMENT, "sites": "ignored.csv"})
    assert "sites" not in programme.document and programme.visibility == "partnership"
    event = AuditEvent.objects.get(action="programme_create", object_id=programme.pk)
    assert event.detail["councils"] == ["E07000069"]


def test_sites_table_is_the_visible_sites_in_the_councils(cast: Cast) -> None:
    table, ids = selectors.sites_table_visible_to(cast.users[("partner", "viewer")],
                                                  ["E07000069"])
    assert sorted(table["site_reference"]) == ["REF-partnership", "REF-public"]
    assert set(table["owner_organisation"]) == {"Owner Council"} and len(ids) == 2
    outsider, _ = selectors.sites_table_visible_to(cast.users[("outsider", "admin")],
                                                   ["E07000069"])
    assert list(outsider["site_reference"]) == ["REF-public"]
    assert selectors.sites_table_visible_to(cast.users[("owner", "admin")],
                                            ["E06000033"])[0].empty


def test_a_plan_runs_as_a_job_and_records_its_results(cast: Cast) -> None:
    admin = cast.users[("owner", "admin")]
    programme = services.programme_create(actor=admin, owner=cast.organisations["owner"],
                                          name="Run me", document=DOCUMENT)
    run = services.plan_start(actor=admin, programme=programme, uplift=False)
    assert run.status == PlanStatus.QUEUED and run.job is not None
    assert jobs.job_run_pending() == 1
    run.refresh_from_db()
    assert run.status == PlanStatus.DONE and len(run.site_ids) == 3
    assert run.headline["affordable_homes"] == pytest.approx(
        sum(row["affordable_homes"] for row in run.table("plan")))
    assert run.table("uplift") == [] and "<svg" in run.charts["trajectory"]
    assert Job.objects.get(pk=run.job_id).result["plan_run"] == run.pk
    assert AuditEvent.objects.filter(action="plan_run", object_id=run.pk).exists()


def test_a_plan_with_no_visible_sites_fails_with_a_reason(cast: Cast) -> None:
    admin = cast.users[("owner", "admin")]
    document = {**DOCUMENT, "councils": [{**DOCUMENT["councils"][0],
                                          "gss_code": "E06000033"}]}
    programme = services.programme_create(actor=admin, owner=cast.organisations["owner"],
                                          name="Empty", document=document)
    run = services.plan_start(actor=admin, programme=programme)
    jobs.job_run_pending()
    run.refresh_from_db()
    job = Job.objects.get(pk=run.job_id)
    assert run.status == PlanStatus.FAILED and "no pipeline sites" in job.error


def test_latest_plan_and_homes_by_year(cast: Cast) -> None:
    made = make_programmes(cast)
    shown = selectors.dashboard_plan(cast.users[("partner", "viewer")])
    assert shown["plan"].pk == made["public"][1].pk
    total = sum(row["total"] for row in shown["plan_by_year"])
    assert total == pytest.approx(made["public"][1].headline["homes"])
    assert shown["plan_uplift"][0]["scenario"] == "partners alone"
    assert selectors.dashboard_plan(cast.users[("outsider", "viewer")])["plan"].pk == (
        made["public"][1].pk)


def test_the_form_takes_rows_or_an_uploaded_programme_file(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.users[("owner", "analyst")])
    upload = SimpleUploadedFile("programme.yaml", yaml.safe_dump(
        {**DOCUMENT, "sites": "x.csv", "name": "Uploaded"}).encode())
    response = client.post("/programmes/new/", {
        "name": "From a file", "owner": cast.organisations["owner"].pk, "visibility": "",
        "valuation_date": "2026-06-30", "first_year": 2026, "last_year": 2027,
        "objective": "weighted_affordable_homes", "time_limit_seconds": 10,
        "councils-TOTAL_FORMS": 0, "councils-INITIAL_FORMS": 0,
        "associations-TOTAL_FORMS": 0, "associations-INITIAL_FORMS": 0,
        "programme_file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    programme = selectors.programme_list_visible_to(cast.users[("owner", "analyst")]).get(
        name="From a file")
    assert programme.document["years"] == {"first": 2026, "last": 2029}
    edit = client.get(f"/programmes/{programme.pk}/edit/").content.decode()
    assert 'value="E07000069"' in edit and "2000000" in edit
    fields = {"name": "Edited", "visibility": "private", "valuation_date": "2026-06-30",
              "first_year": 2026, "last_year": 2028, "grant": "2026: 1000000, 2027: 2000000",
              "objective": "weighted_affordable_homes", "time_limit_seconds": 5,
              "councils-TOTAL_FORMS": 1, "councils-INITIAL_FORMS": 0,
              "councils-0-gss_code": "E07000069", "councils-0-name": "Owner Council",
              "councils-0-borrowing_headroom": "1000000", "councils-0-starts_capacity": "40",
              "councils-0-housing_associations": "Nobody",
              "associations-TOTAL_FORMS": 0, "associations-INITIAL_FORMS": 0}
    bad = client.post(f"/programmes/{programme.pk}/edit/", fields)
    assert bad.status_code == 200 and "Nobody" in bad.content.decode()
    fields["councils-0-housing_associations"] = ""
    assert client.post(f"/programmes/{programme.pk}/edit/", fields).status_code == 302
    programme.refresh_from_db()
    assert programme.document["grant"] == {2026: 1e6, 2027: 2e6} or programme.document[
        "grant"] == {"2026": 1e6, "2027": 2e6}
    assert programme.visibility == "private" and programme.document["years"]["last"] == 2028


def test_rows_are_json_safe() -> None:
    import pandas as pd

    rows = planning.rows(pd.DataFrame({"a": [1.5, float("nan")], "b": [1, 2]}))
    assert rows == [{"a": 1.5, "b": 1}, {"a": None, "b": 2}]


def test_plan_by_council_totals_the_plan_sites() -> None:
    rows = [{"gss_code": "E07000069", "homes": 40, "affordable_homes": 14,
             "homes_social_rent": 8, "grant": 100.0},
            {"gss_code": "E06000033", "homes": 10, "affordable_homes": 10,
             "homes_social_rent": 10, "grant": 50.0},
            {"gss_code": "E07000069", "homes": 20, "affordable_homes": 6,
             "homes_social_rent": None, "grant": 0}]
    found = selectors.plan_by_council(rows)
    assert [r["gss_code"] for r in found] == ["E06000033", "E07000069"]
    castle_point = found[1]
    assert castle_point["council"] == "Castle Point"
    assert (castle_point["sites"], castle_point["homes"], castle_point["affordable_homes"],
            castle_point["homes_social_rent"], castle_point["grant"]) == (2, 60, 20, 8, 100)
    assert sum(r["homes"] for r in found) == sum(r["homes"] for r in rows)


@pytest.mark.parametrize(("org", "role"), PERSONAS)
def test_dashboard_api_has_the_latest_visible_plan(cast: Cast, org: str, role: str) -> None:
    made = make_programmes(cast)
    client = Client()
    client.force_login(cast.users[(org, role)])
    found = client.get("/api/dashboard").json()
    visible = [run for v, (_, run) in made.items() if may_see(org, v)]
    latest = max(visible, key=lambda run: run.pk)
    plan = found["plan"]
    assert plan["id"] == latest.pk
    assert plan["programme"] == latest.programme.name
    by_year = sum(row["total"] for row in plan["homes_by_tenure_and_year"])
    assert by_year == pytest.approx(latest.headline["homes"])
    assert sum(row["homes"] for row in plan["by_council"]) == pytest.approx(
        latest.headline["homes"])
    assert [row["scenario"] for row in plan["uplift"]] == [
        row["scenario"] for row in latest.table("uplift")]
    page = client.get("/")
    assert page.context["plan_by_council"] == plan["by_council"]
    assert 'id="plan-by-council"' in page.content.decode()
    assert "appraised_by_council" in found and "by_council" in found


def test_dashboard_api_without_a_plan(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.users[("outsider", "viewer")])
    assert client.get("/api/dashboard").json()["plan"] is None


@pytest.mark.parametrize(("org", "role"), PERSONAS)
def test_programme_file_download_round_trips(cast: Cast, org: str, role: str,
                                             tmp_path: Path) -> None:
    made = make_programmes(cast)
    client = Client()
    client.force_login(cast.users[(org, role)])
    for visibility, (programme, _) in made.items():
        response = client.get(f"/programmes/{programme.pk}/programme.yaml")
        sites = client.get(f"/programmes/{programme.pk}/sites.csv")
        expected = 200 if may_see(org, visibility) else 404
        assert (response.status_code, sites.status_code) == (expected, expected)
        if expected == 404:
            continue
        assert response["Content-Disposition"].endswith('.yaml"')
        text = response.content.decode()
        # the uploader takes it back unchanged...
        assert services.document_from_yaml(text) == programme.document
        # ...and the planner's reader reads it with its sites table beside it
        folder = tmp_path / f"{visibility}"
        folder.mkdir()
        (folder / "programme.yaml").write_text(text, encoding="utf-8")
        (folder / "sites.csv").write_bytes(sites.content)
        read = read_programme(folder / "programme.yaml")
        assert read.sites == folder / "sites.csv"
        assert read.model_dump(exclude={"sites"}) == parse_programme(
            {**programme.document, "sites": "x.csv"}, folder).model_dump(exclude={"sites"})
        table = read_sites(read)
        seen = {f"REF-{v}" for v in VISIBILITIES if may_see(org, v)}
        assert set(table["site_reference"]) == seen
        assert set(table["gss_code"]) == {"E07000069"}


def test_downloaded_programme_plans_as_the_web_did(cast: Cast, tmp_path: Path) -> None:
    """The downloaded file and sites table, run as ``partnerhomes plan`` runs them, give the
    plan the web computed for the same user's sites."""
    programme, run = make_programmes(cast)["private"]
    client = Client()
    client.force_login(cast.users[("owner", "viewer")])
    (tmp_path / "p.yaml").write_bytes(
        client.get(f"/programmes/{programme.pk}/programme.yaml").content)
    (tmp_path / "sites.csv").write_bytes(
        client.get(f"/programmes/{programme.pk}/sites.csv").content)
    planned = run_plan(read_programme(tmp_path / "p.yaml"), load_tree())
    chosen = planned.options.table.iloc[planned.plan.chosen]
    assert float(chosen["homes"].sum()) == pytest.approx(run.headline["homes"])
    assert float(chosen["affordable_homes"].sum()) == pytest.approx(
        run.headline["affordable_homes"])


def _uplift_row(scenario: str, homes: float, gap: float, proven: bool,
                grant: float = 5e7) -> dict[str, object]:
    return {"scenario": scenario, "affordable_homes": homes, "homes_social_rent": homes * 0.6,
            "extra_affordable_homes": 0.0, "grant": grant, "grant_per_affordable_home": 5e4,
            "gap": gap, "is_proven": proven}


UPLIFT = [_uplift_row("partners alone", 3545.5, 0.0476, False),
          _uplift_row("alone + shared grant", 3875.0, 0.024, False),
          _uplift_row("pooled partnership", 4222.15, 0.004, True, grant=237_582_387.8)]


def test_uplift_rows_mark_exactly_the_unproven_and_bound_them_from_their_gap() -> None:
    rows = views.uplift_rows(UPLIFT, "weighted_affordable_homes")
    assert [row["mark"] for row in rows] == ["≥ ", "≥ ", ""]
    for row, given in zip(rows, UPLIFT, strict=True):
        if given["is_proven"]:
            assert row["could_be"] is None
        else:
            assert row["could_be"] == pytest.approx(
                float(given["affordable_homes"]) * (1 + float(given["gap"])))  # type: ignore[arg-type]
            assert row["words"].startswith("at least ") and row["words"].endswith(
                "(not proven within the time allowed)")
    # acting alone is not proven, so every gain over it is a range, never a bare number
    assert rows[0]["extra_words"] == "" and all(row["extra_words"] for row in rows[1:])
    proven = views.uplift_rows([{**row, "is_proven": True} for row in UPLIFT], "")
    assert all(row["mark"] == "" and row["extra_words"] == "" for row in proven)
    least = views.uplift_rows(UPLIFT, "least_grant")
    assert [row["mark"] for row in least] == ["≤ ", "≤ ", ""]
    assert least[0]["could_be"] == pytest.approx(5e7 * (1 - 0.0476))


def test_plan_page_shows_money_signed_compact_and_marks_unproven_scenarios(
        cast: Cast) -> None:
    _, run = make_programmes(cast)["public"]
    lots = [{**row, "surplus": -43_613.86} for row in run.table("sme_lots")] or [
        {"lot_id": "LOT-1", "gss_code": "E07000069", "council": "Castle Point", "sites": 2,
         "homes": 20, "surplus": -43_613.86, "verdict": "needs grant or cross-subsidy"}]
    run.tables = {**run.tables, "uplift": UPLIFT, "sme_lots": lots}
    run.headline = {**run.headline, "grant": 237_582_387.8}
    run.save()
    client = Client()
    client.force_login(cast.users[("owner", "viewer")])
    page = client.get(f"/plans/{run.pk}/").content.decode()
    assert '<span class="govuk-heading-l govuk-!-margin-bottom-1" id="headline-grant">£237.6m' in (
        page)
    assert '<span class="govuk-!-font-size-16" id="headline-grant-exact">£237,582,388' in page
    assert "−£43,614" in page and "£-" not in page
    table = page[page.index('id="uplift"'):page.index("</table>", page.index('id="uplift"'))]
    assert table.count("≥ ") == 2 and table.count("up to about ") >= 2
    assert 'id="uplift-unproven"' in page and 'id="uplift-uncertain"' in page
    run.tables = {**run.tables, "uplift": [{**row, "is_proven": True} for row in UPLIFT]}
    run.save()
    page = client.get(f"/plans/{run.pk}/").content.decode()
    assert "≥" not in page and 'id="uplift-unproven"' not in page


def test_no_template_writes_money_but_through_the_money_filter() -> None:
    """£ before a template variable would print £-43,614 for a loss: every amount goes
    through {{ value|money }} (−£43,614)."""
    folder = Path(views.__file__).parents[1] / "templates"
    offending = [str(path.relative_to(folder)) for path in folder.rglob("*.html")
                 if "£{{" in path.read_text(encoding="utf-8")]
    assert offending == []


def test_programme_page_shows_resources_in_pounds_and_the_objective_in_words(
        cast: Cast) -> None:
    programme, _ = make_programmes(cast)["public"]
    programme.document = {**programme.document,
                          "grant": {2026: 30_000_000, 2027: 40_000_000, 2028: 40_000_000}}
    programme.save()
    client = Client()
    client.force_login(cast.users[("owner", "viewer")])
    page = client.get(f"/programmes/{programme.pk}/").content.decode()
    assert "2026: £30,000,000; 2027–2028: £40,000,000" in page
    assert "£3,000,000" in page and "£1,000,000" in page and "£5,000,000" in page
    assert "Weighted affordable homes" in page and "weighted_affordable_homes" not in page
    assert "3000000" not in page and "Who may see it:" in page
