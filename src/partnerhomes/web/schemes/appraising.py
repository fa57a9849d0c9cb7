"""Appraise one scheme's inputs with the public appraisal API, as ``partnerhomes appraise`` does.

The sequence is :func:`partnerhomes.appraisal.service.appraise_document`'s, the one the CLI
calls: the scheme document resolved against the parameter tree and appraised with the monthly
cashflow, one error per scheme and field, sensitivity grids over the valid scheme. This module
turns the scheme's saved inputs into that document and keeps what a run stores: the JSON
document and the Excel workbook of :mod:`partnerhomes.appraisal.export`. A site's typology
scheme comes from :func:`partnerhomes.appraisal.typology.typology_tables`. Not represented
here: several schemes per run (a run appraises one scheme).
"""

from __future__ import annotations

import math
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from partnerhomes.appraisal import appraise, assumptions, export, readers, service, typology
from partnerhomes.parameters import ParameterTree

SCHEME_FIELDS: tuple[str, ...] = tuple(dict.fromkeys(
    [c for c in assumptions.SCHEME_COLUMNS if c != "scheme_id"]
    + list(assumptions.SCHEME_OVERRIDES)))
"""Scheme fields a scheme may set: the scheme file format's, in its order."""
PHASE_FIELDS: tuple[str, ...] = tuple(c for c in assumptions.PHASE_COLUMNS if c != "scheme_id")
UNIT_FIELDS: tuple[str, ...] = tuple(c for c in assumptions.UNIT_COLUMNS if c != "scheme_id")
CHART_LINES = ("net", "interest", "balance")


@dataclass(frozen=True)
class Outcome:
    """What a run keeps: results document (with sensitivity), monthly lines, workbook, errors."""

    document: dict[str, Any]
    cashflow: dict[str, list[float]]
    workbook: bytes
    errors: list[dict[str, str]]
    parameters_digest: str
    code_version: str


def _blank(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, float) and math.isnan(value))


def clean_rows(rows: list[dict[str, Any]], fields: tuple[str, ...]) -> list[dict[str, Any]]:
    """Rows with only the given fields and without blanks; empty rows dropped.

    Examples
    --------
    >>> clean_rows([{"tenure": "market_sale", "count": 3, "gia_m2": None, "x": 1}, {}],
    ...            ("tenure", "count", "gia_m2"))
    [{'tenure': 'market_sale', 'count': 3}]
    """
    cleaned = [{k: v for k, v in row.items() if k in fields and not _blank(v)} for row in rows]
    return [row for row in cleaned if row]


def scheme_document(inputs: dict[str, Any], scheme_id: str) -> dict[str, Any]:
    """The scheme file document for ``inputs`` (known fields only; never a file reference)."""
    document: dict[str, Any] = {k: v for k, v in inputs.items()
                                if k in SCHEME_FIELDS and not _blank(v)}
    document["scheme_id"] = scheme_id
    document["phases"] = clean_rows(list(inputs.get("phases") or []), PHASE_FIELDS)
    document["units"] = clean_rows(list(inputs.get("units") or []), UNIT_FIELDS)
    return document


def _cashflow(matrices: dict[str, Any] | None, months: int) -> dict[str, list[float]]:
    if not matrices or months == 0:
        return {}
    return {line: [round(float(v), 2) for v in matrix[0][:months]]
            for line, matrix in matrices.items()}


def _workbook(results: appraise.AppraisalResults) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "appraisal.xlsx"
        export.write_excel(results, path)
        return path.read_bytes()


def appraise_inputs(inputs: dict[str, Any], scheme_id: str, tree: ParameterTree,
                    valuation_date: str | None = None) -> Outcome:
    """Appraise one scheme's inputs: residual land value, viability, returns, cashflow,
    sensitivity of the residual to sales values × build costs and one variable at a time."""
    run = service.appraise_document(tree, scheme_document(inputs, scheme_id),
                                    valuation_date=valuation_date, with_sensitivity=True)
    results = run.results
    months = int(results["exit_month"][0]) + 1 if len(results.scheme_id) else 0
    return Outcome(
        document=run.document(), cashflow=_cashflow(results.cashflow, months),
        workbook=_workbook(results) if len(results.scheme_id) else b"",
        errors=[{"field": e.field, "message": e.message} for e in run.errors],
        parameters_digest=results.parameters_digest, code_version=results.code_version)


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    return None if _blank(value) else value


def typology_inputs(site_record: dict[str, Any], tree: ParameterTree, valuation_date: str
                    ) -> dict[str, Any]:
    """A site's policy-compliant typology scheme as scheme inputs (raises ValueError with the
    reason when the site has no usable capacity or area)."""
    tables, errors = typology.typology_tables(tree, pd.DataFrame([site_record]), valuation_date)
    if errors or tables.schemes.empty:
        raise ValueError("; ".join(e.message for e in errors) or "the site gave no scheme")
    row = {k: _plain(v) for k, v in tables.schemes.iloc[0].to_dict().items()}
    inputs: dict[str, Any] = {k: v for k, v in row.items()
                              if k in SCHEME_FIELDS and v is not None}
    inputs["units"] = clean_rows([{str(k): _plain(v) for k, v in unit.items()}
                                  for unit in tables.units.to_dict("records")], UNIT_FIELDS)
    inputs["phases"] = clean_rows([{str(k): _plain(v) for k, v in phase.items()}
                                   for phase in tables.phases.to_dict("records")], PHASE_FIELDS)
    return inputs


def schedule_rows(path: Path) -> list[dict[str, Any]]:
    """Unit schedule rows from an uploaded .csv or .xlsx (raises readers.SchemeFileError)."""
    tables = readers.read_schemes(path)
    return clean_rows([{str(k): _plain(v) for k, v in row.items()}
                       for row in tables.units.to_dict("records")], UNIT_FIELDS)


def unknown_fields(inputs: dict[str, Any]) -> list[str]:
    """Names in ``inputs`` that are not fields of the scheme file format.

    Examples
    --------
    >>> unknown_fields({"gss_code": "E06000033", "units": [{"count": 2, "colour": "red"}]})
    ['units.colour']
    """
    unknown = [k for k in inputs if k not in SCHEME_FIELDS and k not in ("phases", "units")]
    for key, fields in (("phases", PHASE_FIELDS), ("units", UNIT_FIELDS)):
        rows = inputs.get(key) or []
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            unknown.append(f"{key} (a list of rows)")
            continue
        unknown.extend(dict.fromkeys(f"{key}.{k}" for row in rows for k in row
                                     if k not in fields))
    return unknown
