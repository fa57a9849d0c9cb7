"""The appraisal service: one sequence for a scheme document and for a sites table, the same
results through the CLI as through the service, one error per scheme and field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import typer
import yaml
from typer.testing import CliRunner

from partnerhomes.appraisal import export, service
from partnerhomes.appraisal.inputs import SchemeError, first_per_field
from partnerhomes.cli import appraise as appraise_command
from partnerhomes.parameters import ParameterTree

DATA = Path(__file__).resolve().parent / "data"
runner = CliRunner()
cli = typer.Typer()
cli.add_typer(appraise_command.app, name="appraise")


def _plain(document: dict[str, Any]) -> Any:
    """The document as JSON gives it back (tuples as lists, as the CLI prints it)."""
    return json.loads(json.dumps(document))


def _cli_json(*arguments: str) -> tuple[int, dict[str, Any]]:
    result = runner.invoke(cli, ["appraise", "scheme", *arguments, "--json"],
                           env={"COLUMNS": "200"})
    # With --json the document is printed first; any errors follow it, one a line.
    document: dict[str, Any] = json.JSONDecoder().raw_decode(result.output)[0]
    return result.exit_code, document


@pytest.mark.parametrize("name", ["mixed_scheme.yaml", "schemes_with_errors.yaml",
                                  "unit_schedule.csv"])
def test_the_cli_and_the_service_give_identical_results_for_the_same_file(
        tree: ParameterTree, name: str) -> None:
    code, printed = _cli_json(str(DATA / name), "--sensitivity")
    run = service.appraise_document(tree, DATA / name, with_sensitivity=True)
    assert printed == _plain(run.document())
    assert code == (1 if run.errors else 0)


def test_a_path_and_its_parsed_document_give_the_same_appraisal(tree: ParameterTree) -> None:
    path = DATA / "mixed_scheme.yaml"
    from_path = service.appraise_document(tree, path)
    from_mapping = service.appraise_document(tree, yaml.safe_load(path.read_text("utf-8")))
    assert _plain(from_path.document()) == _plain(from_mapping.document())
    assert from_path.results.cashflow is not None and from_mapping.results.cashflow is not None
    for line, matrix in from_path.results.cashflow.items():
        np.testing.assert_array_equal(matrix, from_mapping.results.cashflow[line])


def test_errors_are_one_per_scheme_and_field_and_the_good_scheme_is_appraised(
        tree: ParameterTree) -> None:
    run = service.appraise_document(tree, DATA / "schemes_with_errors.yaml")
    keys = [(error.scheme_id, error.field) for error in run.errors]
    assert len(keys) == len(set(keys))
    assert {"negative-count", "missing-tenure", "zero-build", "ends-before-start"} == {
        scheme for scheme, _ in keys}
    assert run.results.scheme_id.tolist() == ["good"]
    assert run.document()["errors"] == [
        {"scheme_id": e.scheme_id, "field": e.field, "message": e.message} for e in run.errors]


def test_an_error_found_by_resolving_and_by_validation_is_reported_once(
        tree: ParameterTree) -> None:
    """An unknown tenure is caught while resolving and again by validation: one error stays,
    the first found."""
    document = {"scheme_id": "castle", "gss_code": "E06000033", "valuation_date": "2026-06-30",
                "hectares": 1.0, "units": [{"tenure": "castle", "count": 3}]}
    run = service.appraise_document(tree, document)
    assert [(e.scheme_id, e.field) for e in run.errors] == [("castle", "tenure")]
    assert "castle" in run.errors[0].message


def test_first_per_field_keeps_the_first_error_of_each_scheme_and_field() -> None:
    errors = [SchemeError("A", "count", "read"), SchemeError("B", "count", "b"),
              SchemeError("A", "gia_m2", "area"), SchemeError("A", "count", "validated")]
    assert {(e.scheme_id, e.field): e.message for e in first_per_field(errors)} == {
        ("A", "count"): "read", ("B", "count"): "b", ("A", "gia_m2"): "area"}
    assert first_per_field([]) == []


def test_sensitivity_covers_the_schemes_without_an_error(tree: ParameterTree) -> None:
    run = service.appraise_document(tree, DATA / "schemes_with_errors.yaml",
                                    with_sensitivity=True)
    assert run.two_way is not None and run.one_way is not None
    assert run.two_way.scheme_id.tolist() == run.one_way.scheme_id.tolist() == ["good"]
    assert run.two_way.residual_land_value.shape == (1, 5, 5)
    assert service.appraise_document(tree, DATA / "mixed_scheme.yaml").two_way is None


def test_no_sensitivity_when_every_scheme_has_an_error(tree: ParameterTree) -> None:
    """A scheme whose error only resolving finds is still appraised, but no grid is made
    over no scheme: the document then has no sensitivity."""
    document = {"scheme_id": "x", "gss_code": "E06000033", "valuation_date": "2026-06-30",
                "hectares": 1.0, "standard": "bogus",
                "units": [{"tenure": "market_sale", "count": 10}]}
    run = service.appraise_document(tree, document, with_sensitivity=True)
    assert run.results.scheme_id.tolist() == ["x"]
    assert [e.field for e in run.errors] == ["standard"]
    assert run.two_way is None and run.one_way is None
    assert "sensitivity" not in run.document() and "sensitivity_one_way" not in run.document()


def test_the_method_and_landlord_given_fill_only_schemes_that_leave_them_out(
        tree: ParameterTree) -> None:
    path = DATA / "mixed_scheme.yaml"
    default = service.appraise_document(tree, path).results
    landlord = service.appraise_document(tree, path, affordable_valuation_method="landlord",
                                         landlord="council_hra").results
    assert default["affordable_valuation_method"].tolist() == ["capitalisation"]
    assert landlord["affordable_valuation_method"].tolist() == ["landlord"]
    assert landlord["landlord"].tolist() == ["council_hra"]
    assert landlord["affordable_value"][0] == landlord["affordable_value_landlord"][0]
    schemes = pd.DataFrame({"scheme_id": ["A", "B"],
                            "affordable_valuation_method": ["landlord", None]})
    filled = service.with_scheme_defaults(schemes, "capitalisation", None)
    assert filled["affordable_valuation_method"].tolist() == ["landlord", "capitalisation"]
    assert "landlord" not in filled.columns


def _sites() -> pd.DataFrame:
    return pd.DataFrame({
        "gss_code": ["E07000066", "E06000033", "E06000034", "E06000034"],
        "site_reference": ["BAS1", "SOS1", "THU1", "THU2"], "hectares": [2.0, 0.4, 1.0, None],
        "minimum_net_dwellings": [50, 30, None, None],
        "maximum_net_dwellings": [60, None, None, None],
        "land_type": ["brownfield", "brownfield", "greenfield", "greenfield"]})


def test_a_sites_table_with_bad_rows_still_appraises_the_good_ones(
        tree: ParameterTree) -> None:
    run = service.appraise_sites(tree, _sites(), "2026-06-30")
    assert run.results.scheme_id.tolist() == ["E07000066/BAS1", "E06000033/SOS1",
                                              "E06000034/THU1"]
    assert [(e.scheme_id, e.field) for e in run.errors] == [
        ("E06000034/THU2", "maximum_net_dwellings")]
    assert run.results["dwellings"].round(9).tolist() == [60, 30, 35]
    assert run.results.cashflow is None and run.two_way is None


def test_a_sites_table_without_its_columns_is_a_value_error(tree: ParameterTree) -> None:
    with pytest.raises(ValueError, match="site_reference"):
        service.appraise_sites(tree, pd.DataFrame({"gss_code": ["E07000066"]}), "2026-06-30")


def test_the_cli_and_the_service_write_the_same_pipeline_appraisal(
        tree: ParameterTree, tmp_path: Path) -> None:
    sites = tmp_path / "sites.csv"
    _sites().to_csv(sites, index=False)
    out = tmp_path / "out"
    result = runner.invoke(cli, ["appraise", "sites", str(sites), "--out", str(out),
                                 "--date", "2026-06-30", "--min-periods", "60",
                                 "--landlord", "council_hra"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    run = service.appraise_sites(tree, pd.read_csv(sites), "2026-06-30", min_periods=60,
                                 landlord="council_hra")
    written = json.loads((out / "appraisals.json").read_text("utf-8"))
    assert written == _plain(export.results_document(run.results))
    assert pd.read_csv(out / "errors.csv")["scheme_id"].tolist() == [
        e.scheme_id for e in run.errors]
