"""Scheme and appraisal services, selectors and pages tested directly (no mocks)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from partnerhomes.parameters import load_tree
from partnerhomes.web.jobs import services as jobs
from partnerhomes.web.organisations.models import AuditEvent
from partnerhomes.web.schemes import appraising, services, summary
from partnerhomes.web.schemes.forms import PhaseForm, UnitForm
from partnerhomes.web.schemes.models import RunStatus

from .personas import Cast
from .schemes_cast import INPUTS, make_schemes

SCHEDULE = Path(__file__).parents[1] / "appraisal" / "data" / "unit_schedule.csv"


def test_row_forms_have_the_scheme_format_fields() -> None:
    assert tuple(PhaseForm.base_fields) == appraising.PHASE_FIELDS
    assert tuple(UnitForm.base_fields) == appraising.UNIT_FIELDS


def test_appraisal_records_digest_code_version_and_an_audit_event(cast: Cast) -> None:
    analyst = cast.users[("partner", "analyst")]
    scheme = services.scheme_create(actor=analyst, owner=cast.organisations["partner"],
                                    name="S", inputs=INPUTS)
    assert scheme.visibility == "private"  # a housing association's inputs start private
    run = services.appraisal_start(actor=analyst, scheme=scheme)
    assert run.status == RunStatus.DONE and not run.errors
    assert run.parameters_digest == load_tree().digest() and run.code_version
    assert run.residual_land_value == run.result["residual_land_value"]
    assert run.workbook[:4] == b"PK\x03\x04"
    assert len(run.cashflow["balance"]) == run.result["exit_month"] + 1
    event = AuditEvent.objects.get(action="appraisal_run", object_id=str(run.pk))
    assert event.actor == analyst and event.detail["verdict"] == run.verdict


def test_large_schemes_are_appraised_as_a_job(cast: Cast) -> None:
    analyst = cast.users[("owner", "analyst")]
    units = [{**INPUTS["units"][0], "count": 1}] * (services.INLINE_MAX_UNIT_ROWS + 1)
    scheme = services.scheme_create(actor=analyst, owner=cast.organisations["owner"],
                                    name="Big", inputs={**INPUTS, "units": units})
    run = services.appraisal_start(actor=analyst, scheme=scheme)
    assert run.status == RunStatus.QUEUED and run.job is not None
    assert jobs.job_run_pending() == 1
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.dwellings == pytest.approx(len(units))


def test_bad_inputs_are_reported_per_field_not_raised(cast: Cast) -> None:
    analyst = cast.users[("owner", "analyst")]
    scheme = services.scheme_create(actor=analyst, owner=cast.organisations["owner"],
                                    name="Bad", inputs={**INPUTS, "units": [
                                        {"tenure": "castle", "count": 3}]})
    run = services.appraisal_start(actor=analyst, scheme=scheme)
    assert run.errors and run.errors[0]["field"] == "tenure"
    assert run.verdict == "not appraised" and run.residual_land_value is None
    page = Client()
    page.force_login(analyst)
    assert "castle" in page.get(f"/appraisals/{run.pk}/").content.decode()


def test_a_site_without_capacity_or_area_cannot_be_appraised(cast: Cast) -> None:
    site = cast.sites["private"]
    site.hectares, site.maximum_net_dwellings, site.record = None, None, {}
    with pytest.raises(ValueError, match="capacity"):
        services.scheme_from_site(actor=cast.users[("owner", "analyst")], site=site,
                                  owner=cast.organisations["owner"])


def test_scheme_page_saves_rows_and_an_uploaded_schedule(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.users[("owner", "analyst")])
    data = {"name": "Uploaded", "owner": cast.organisations["owner"].pk, "visibility": "",
            "gss_code": "E06000034", "valuation_date": "2026-06-30", "hectares": "2.5",
            "land_type": "greenfield", "other_inputs": "debit_rate: 0.08",
            "phases-TOTAL_FORMS": "1", "phases-INITIAL_FORMS": "0",
            "units-TOTAL_FORMS": "1", "units-INITIAL_FORMS": "0", "units-0-phase": "1",
            "units-0-tenure": "market_sale", "units-0-unit_type": "house_3_bed",
            "units-0-count": "5"}
    response = client.post("/schemes/new/", data)
    assert response.status_code == 302
    scheme = services.Scheme.objects.get(name="Uploaded")
    assert scheme.inputs["units"][0]["count"] == 5 and scheme.inputs["debit_rate"] == 0.08
    upload = SimpleUploadedFile("schedule.csv", SCHEDULE.read_bytes(), "text/csv")
    response = client.post(f"/schemes/{scheme.pk}/edit/", {**data, "schedule": upload})
    assert response.status_code == 302
    scheme.refresh_from_db()
    assert [u["count"] for u in scheme.inputs["units"]] == [40, 14, 7]
    assert AuditEvent.objects.filter(action="scheme_update", object_id=str(scheme.pk)).exists()


def test_unknown_inputs_are_refused_by_the_api(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.users[("owner", "analyst")])
    response = client.post("/api/schemes", {"owner_id": cast.organisations["owner"].pk,
                                            "name": "X", "inputs": {"colour": "red"}},
                           content_type="application/json")
    assert response.status_code == 403 and "colour" in response.json()["detail"]


def test_summary_shows_every_result_field_once(cast: Cast) -> None:
    _, run = make_schemes(cast)["private"]
    fields = [line.field for section in summary.sections(run.result)
              for line in section.lines]
    assert len(fields) == len(set(fields))
    assert set(fields) == set(run.result) - {"scheme_id", "verdict"}


def test_summary_shows_a_field_the_appraisal_gains_under_further_results() -> None:
    sections = summary.sections({"gdv": 1.0, "landlord_new_measure_rate": 0.25})
    assert sections[-1].title == "Further results"
    assert sections[-1].lines[0].text == "25.0%"


def test_scheme_page_shows_inputs_and_tenures_in_words_not_field_names(cast: Cast) -> None:
    scheme, _ = make_schemes(cast)["partnership"]
    scheme.inputs = {**INPUTS, "land_price": -250_000.0, "debit_rate": 0.075,
                     "phases": [{"phase": 1, "build_months": 24}]}
    scheme.save()
    client = Client()
    client.force_login(cast.users[("owner", "viewer")])
    page = client.get(f"/schemes/{scheme.pk}/").content.decode()
    inputs = page[page.index('id="scheme-inputs"'):page.index("</dl>")]
    for words in ("Site name or address", "Council", "Castle Point (E07000069)",
                  "Site area (hectares)", "Land type", "Brownfield", "Land price paid",
                  "−£250,000", "Debit rate", "7.5%"):
        assert words in inputs, words
    schedule = page[page.index('id="unit-schedule"'):]
    for words in ("Market sale", "Social Rent", "Shared ownership", "House 3 bed",
                  "GIA m²: 93", "Build months: 24"):
        assert words in schedule or words in page, words
    for raw in ("market_sale", "social_rent", "shared_ownership", "gss_code", "land_type",
                "house_3_bed", "gia_m2", "debit_rate", "build_months"):
        assert raw not in inputs + schedule, raw
    # who may see it: a line of its own under the title, not a tag squeezed into the caption
    caption = page[page.index('class="govuk-caption-l"'):page.index("</span>",
                                                                    page.index("govuk-caption-l"))]
    assert "scheme-visibility" not in caption
    assert 'Who may see it: <strong class="govuk-!-font-weight-bold" id="scheme-visibility">' \
           "Partnership" in page


def test_input_text_writes_each_kind_of_input_as_its_owner_reads_it() -> None:
    assert summary.input_text("tenure", "affordable_rent") == "Affordable Rent"
    assert summary.input_text("first_homes_discount_rate", 0.3) == "30%"
    assert summary.input_text("social_rent_yield", 0.045) == "4.5%"
    assert summary.input_text("management_per_dwelling_per_year", 1234.4) == "£1,234"
    assert summary.input_text("abnormals", -5.0) == "−£5"
    assert summary.input_text("compounding_periods_per_year", 4) == "4"
    assert summary.input_text("market_value", 250_000) == "£250,000"
