"""Scheme files, defaults from parameters/, and bad input reported per scheme and field."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from partnerhomes.appraisal import appraise, assumptions, readers
from partnerhomes.appraisal.inputs import SchemeError
from partnerhomes.parameters import ParameterTree

DATA = Path(__file__).resolve().parent / "data"


def appraise_file(tree: ParameterTree, path: Path) -> tuple[appraise.AppraisalResults,
                                                             list[SchemeError]]:
    tables = readers.read_schemes(path)
    inputs, errors = assumptions.resolve(tree, tables.schemes, tables.phases, tables.units)
    results = appraise.appraise(inputs)
    return results, errors + results.errors


def test_bad_schemes_are_reported_by_scheme_and_field_and_the_good_one_is_appraised(
        tree: ParameterTree) -> None:
    results, errors = appraise_file(tree, DATA / "schemes_with_errors.yaml")
    assert results.scheme_id.tolist() == ["good"]
    found = {(error.scheme_id, error.field) for error in errors}
    assert ("negative-count", "count") in found
    assert ("missing-tenure", "tenure") in found
    assert ("zero-build", "build_months") in found
    assert ("ends-before-start", "build_months") in found
    message = next(str(e) for e in errors if e.scheme_id == "ends-before-start")
    assert "ends-before-start" in message and "ends before it starts" in message


def test_yaml_scheme_values_override_parameters(tree: ParameterTree) -> None:
    tables = readers.read_schemes(DATA / "mixed_scheme.yaml")
    inputs, errors = assumptions.resolve(tree, tables.schemes, tables.phases, tables.units)
    assert errors == []
    assert inputs.cil_per_m2[0] == pytest.approx(87.92)  # Southend zone 3
    assert inputs.land_price[0] == 1_500_000
    assert inputs.phase_build_months[0].tolist() == [14, 18]  # end_month 26 − start 9 + 1
    market = inputs.line_market_value[:2].tolist()
    assert market[0] == 395_000 and np.isfinite(inputs.line_rent_per_week[1])


def test_csv_unit_schedule_and_json_give_the_same_appraisal(tree: ParameterTree,
                                                            tmp_path: Path) -> None:
    from_csv, errors = appraise_file(tree, DATA / "unit_schedule.csv")
    assert errors == []
    units = pd.read_csv(DATA / "unit_schedule.csv")
    document = {"scheme_id": "csv-scheme", "gss_code": "E06000034",
                "valuation_date": "2026-06-30", "hectares": 2.5, "land_type": "greenfield",
                "units": json.loads(units.drop(columns=["scheme_id", "gss_code",
                                                         "valuation_date", "hectares",
                                                         "land_type"]).to_json(
                    orient="records"))}
    path = tmp_path / "scheme.json"
    path.write_text(json.dumps(document))
    from_json, errors = appraise_file(tree, path)
    assert errors == []
    np.testing.assert_allclose(from_json["residual_land_value"],
                               from_csv["residual_land_value"], rtol=1e-12)


def test_xlsx_workbook_with_units_sheet(tree: ParameterTree, tmp_path: Path) -> None:
    units = pd.read_csv(DATA / "unit_schedule.csv")
    path = tmp_path / "scheme.xlsx"
    with pd.ExcelWriter(path) as writer:
        units.to_excel(writer, sheet_name="units", index=False)
    results, errors = appraise_file(tree, path)
    assert errors == [] and results.scheme_id.tolist() == ["csv-scheme"]


def test_unknown_file_type_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "scheme.txt"
    path.write_text("x")
    with pytest.raises(readers.SchemeFileError, match="unknown scheme file type"):
        readers.read_schemes(path)


def test_unknown_scheme_field_names_the_field(tree: ParameterTree) -> None:
    tables = readers.tables_from_document(
        {"scheme_id": "A", "hectres": 1.0, "units": [{"tenure": "market_sale", "count": 3}]},
        DATA, "x")
    _, errors = assumptions.resolve(tree, tables.schemes, tables.phases, tables.units)
    assert [(e.scheme_id, e.field) for e in errors] == [("A", "hectres")]


def test_affordable_rent_defaults_to_the_lesser_of_80pc_of_market_rent_and_lha() -> None:
    from partnerhomes.appraisal import assumptions as assumptions_module
    from partnerhomes.parameters import load_tree as load

    tree = load()
    day = "2026-06-30"
    units = pd.DataFrame({
        "scheme_id": ["cheap", "dear"], "tenure": ["affordable_rent", "affordable_rent"],
        "unit_type": ["flat_1_bed", "flat_1_bed"], "count": [1, 1],
        "market_value": [100_000.0, 400_000.0], "phase": [1, 1]})
    schemes = pd.DataFrame({"scheme_id": ["cheap", "dear"], "gss_code": ["E06000033"] * 2,
                            "valuation_date": [day, day], "hectares": [0.1, 0.1],
                            "land_type": ["brownfield"] * 2})
    phases = pd.DataFrame({"scheme_id": ["cheap", "dear"], "phase": [1, 1],
                           "start_month": [1, 1], "build_months": [12, 12]})
    inputs, errors = assumptions_module.resolve(tree, schemes, phases, units, day)
    assert errors == []
    share = tree.number("tenures.affordable_rent.market_rent_rate", day)
    gross = tree.number("revenue.market_rent_gross_yield", day)
    lha = float(tree.at("calibrated.rents.local_housing_allowance_1_bed", day, ["E06000033"])[0])
    expected = np.minimum(share * gross * np.array([100_000.0, 400_000.0]) / 52, lha)
    np.testing.assert_allclose(inputs.line_rent_per_week, expected)
    assert expected[1] == lha and expected[0] < lha
