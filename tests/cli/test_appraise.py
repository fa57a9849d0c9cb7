"""``partnerhomes appraise``: the scheme summary, JSON, Excel and CSV, and whole pipelines."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import typer
import yaml
from typer.testing import CliRunner

from partnerhomes.cli import appraise

DATA = Path(__file__).resolve().parent.parent / "appraisal" / "data"
runner = CliRunner()
# The sub-app mounted as the main CLI mounts it (`partnerhomes appraise ...`).
app = typer.Typer()
app.add_typer(appraise.app, name="appraise")


def test_scheme_prints_a_valuers_summary() -> None:
    result = runner.invoke(app, ["appraise", "scheme", str(DATA / "mixed_scheme.yaml")],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for label in ("Gross development value", "Professional fees", "Finance cost",
                  "Developer return", "Residual land value", "Benchmark land value", "viable"):
        assert label in result.output


def test_scheme_json_has_stable_field_names_and_provenance() -> None:
    result = runner.invoke(app, ["appraise", "scheme", str(DATA / "mixed_scheme.yaml"),
                                 "--json"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    row = document["results"][0]
    assert row["scheme_id"] == "southend-example"
    for field in ("gdv", "residual_land_value", "finance_cost", "irr", "npv", "peak_debt",
                  "surplus", "benchmark_land_value", "profit_on_gdv", "break_even_month"):
        assert field in row
    assert len(document["parameters_digest"]) == 64
    assert document["schema"] == "partnerhomes.appraisal/1"


def test_scheme_writes_excel_and_cashflow_csv_and_sensitivity(tmp_path: Path) -> None:
    xlsx, csv = tmp_path / "appraisal.xlsx", tmp_path / "cashflow.csv"
    result = runner.invoke(app, ["appraise", "scheme", str(DATA / "mixed_scheme.yaml"),
                                 "--xlsx", str(xlsx), "--cashflow", str(csv), "--sensitivity"],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "sales_values (rows) × build_costs (columns)" in result.output
    sheets = pd.read_excel(xlsx, sheet_name=None)
    assert {"summary", "results", "errors", "provenance", "cashflow 1"} <= set(sheets)
    flows = pd.read_csv(csv)
    assert {"scheme_id", "line", "month_0"} <= set(flows.columns)
    assert "balance" in set(flows["line"])


def test_scheme_with_errors_exits_1_naming_scheme_and_field_but_appraises_the_rest() -> None:
    result = runner.invoke(app, ["appraise", "scheme", str(DATA / "schemes_with_errors.yaml"),
                                 "--json"], env={"COLUMNS": "200"})
    assert result.exit_code == 1
    assert "scheme 'negative-count', field 'count'" in result.output
    assert '"scheme_id": "good"' in result.output


def test_a_file_with_no_appraisable_scheme_says_so_instead_of_an_empty_table(
        tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schemes:\n  - scheme_id: only\n    gss_code: E07000066\n"
                   "    valuation_date: 2026-06-30\n    hectares: 1.0\n    units:\n"
                   "      - {tenure: market_sale, unit_type: house_3_bed, count: -5}\n",
                   encoding="utf-8")
    result = runner.invoke(app, ["appraise", "scheme", str(bad)], env={"COLUMNS": "160"})
    assert result.exit_code == 1
    assert "No scheme could be appraised" in result.output
    assert "Appraisal summary" not in result.output
    assert "scheme 'only', field 'count'" in result.output


def test_sites_appraises_a_pipeline_into_a_folder(tmp_path: Path) -> None:
    sites = tmp_path / "sites.csv"
    pd.DataFrame({
        "gss_code": ["E07000066", "E06000033", "E06000034"],
        "site_reference": ["BAS1", "SOS1", "THU1"], "hectares": [2.0, 0.4, 1.0],
        "minimum_net_dwellings": [50, 30, None], "maximum_net_dwellings": [60, None, None],
        "land_type": ["brownfield", "brownfield", "greenfield"],
    }).to_csv(sites, index=False)
    out = tmp_path / "out"
    result = runner.invoke(app, ["appraise", "sites", str(sites), "--out", str(out),
                                 "--date", "2026-06-30"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out / "appraisals.csv")
    assert table["scheme_id"].tolist() == ["E07000066/BAS1", "E06000033/SOS1", "E06000034/THU1"]
    assert table["dwellings"].round(9).tolist() == [60, 30, 35]  # THU1: 1 ha × 35 dwellings/ha
    assert (out / "appraisals.json").is_file() and (out / "errors.csv").is_file()


def test_sites_without_required_columns_is_a_clear_error(tmp_path: Path) -> None:
    sites = tmp_path / "sites.csv"
    pd.DataFrame({"gss_code": ["E07000066"]}).to_csv(sites, index=False)
    result = runner.invoke(app, ["appraise", "sites", str(sites), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "site_reference" in result.output


def _scheme_json(*options: str) -> dict[str, object]:
    result = runner.invoke(app, ["appraise", "scheme", str(DATA / "mixed_scheme.yaml"), "--json",
                                 *options], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    row: dict[str, object] = json.loads(result.output)["results"][0]
    return row


def test_scheme_summary_ends_with_the_landlord_view() -> None:
    result = runner.invoke(app, ["appraise", "scheme", str(DATA / "mixed_scheme.yaml")],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    view = result.output[result.output.index("Landlord view"):]
    for label in ("Affordable value, capitalisation", "Affordable value, landlord's maximum price",
                  "Affordable value in the residual", "capitalisation", "housing_association",
                  "Landlord NPV", "Landlord IRR", "Loan payback year", "Landlord peak debt",
                  "Grant needed (NPV ≥ 0, payback in limit)", "Grant needed per Social Rent home",
                  "AHP 2021–26 East of England", "Affordable additionality (homes)"):
        assert label in view, label


def test_scheme_json_reports_both_affordable_values_and_the_method_used() -> None:
    row = _scheme_json()
    assert row["affordable_valuation_method"] == "capitalisation"
    assert row["affordable_value"] == row["affordable_value_capitalisation"]
    for field in ("affordable_value_landlord", "landlord_npv", "landlord_irr",
                  "landlord_payback_year", "landlord_peak_debt", "grant_needed",
                  "grant_needed_per_home", "grant_needed_per_social_rent_home",
                  "grant_benchmark_per_home_ahp_east_of_england", "affordable_additionality"):
        assert field in row, field
    landlord = _scheme_json("--affordable-valuation-method", "landlord")
    assert landlord["affordable_value"] == landlord["affordable_value_landlord"]
    assert landlord["residual_land_value"] != row["residual_land_value"]


def test_scheme_excel_summary_has_the_landlord_view(tmp_path: Path) -> None:
    xlsx = tmp_path / "appraisal.xlsx"
    result = runner.invoke(app, ["appraise", "scheme", str(DATA / "mixed_scheme.yaml"),
                                 "--xlsx", str(xlsx)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    summary = pd.read_excel(xlsx, sheet_name="summary")
    assert "Landlord view" in set(summary["section"].dropna())
    assert "affordable_value_landlord" in set(summary["field"].dropna())
    assert "affordable_value_landlord" in pd.read_excel(xlsx, sheet_name="results").columns


def test_an_unknown_method_is_an_error_naming_the_field() -> None:
    result = runner.invoke(app, ["appraise", "scheme", str(DATA / "mixed_scheme.yaml"),
                                 "--affordable-valuation-method", "dcf"],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 1
    assert "field 'affordable_valuation_method'" in result.output


@pytest.mark.parametrize(("preset", "method"), [("housing_association", "capitalisation"),
                                                ("council_hra", "landlord")])
def test_appraise_landlord_agrees_with_appraise_scheme(tmp_path: Path, preset: str,
                                                       method: str) -> None:
    """The landlord file built from the scheme's homes, at the price the residual used, gives
    the same landlord figures through ``appraise landlord`` as ``appraise scheme`` reports."""
    from partnerhomes.appraisal import assumptions, landlord_view, readers
    from partnerhomes.cli.main import app as main_app
    from partnerhomes.parameters import load_tree

    row = _scheme_json("--landlord", preset, "--affordable-valuation-method", method)
    tables = readers.read_schemes(DATA / "mixed_scheme.yaml")
    inputs, errors = assumptions.resolve(load_tree(), tables.schemes, tables.phases,
                                         tables.units)
    assert errors == []
    homes = landlord_view.landlord_homes(inputs, [row["affordable_value"]])
    scheme = {name: float(getattr(homes, name)[0]) for name in (
        "social_rent_homes", "affordable_rent_homes", "shared_ownership_homes",
        "social_rent_per_week", "affordable_rent_per_week", "shared_ownership_value",
        "first_tranche_rate", "shared_ownership_rent_rate", "build_cost_per_home", "price")}
    spec = tmp_path / "landlord.yaml"
    spec.write_text(yaml.safe_dump({
        "landlord": preset, "on": str(inputs.valuation_date[0]),
        "schemes": [{"name": "southend-example", "first_year": int(homes.first_year[0]),
                     **scheme}]}), encoding="utf-8")
    result = runner.invoke(main_app, ["appraise", "landlord", str(spec), "--json"])
    assert result.exit_code == 0, result.output
    landlord = json.loads(result.output)[0]
    pairs = {"npv": "landlord_npv", "irr": "landlord_irr", "payback_year": "landlord_payback_year",
             "peak_debt": "landlord_peak_debt", "max_price": "affordable_value_landlord",
             "grant_needed": "grant_needed", "grant_per_home": "grant_needed_per_home",
             "grant_per_social_rent_home": "grant_needed_per_social_rent_home",
             "minimum_interest_cover": "landlord_minimum_interest_cover"}
    for theirs, ours in pairs.items():
        assert landlord[theirs] == pytest.approx(row[ours], abs=1e-3), theirs
    assert landlord["meets_hurdles"] == row["landlord_meets_hurdles"]
