"""``partnerhomes appraise``: the scheme summary, JSON, Excel and CSV, and whole pipelines."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import typer
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
