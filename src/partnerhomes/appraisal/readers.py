"""Read schemes a person wrote: YAML or JSON scheme files, CSV or XLSX unit schedules.

Not represented: DAT or Argus workbook layouts (their cells are not a stable format), and units
of measure other than m², GBP and months. Every reader returns three tables (schemes, phases,
units) whose column names are the field names of :mod:`assumptions`; a missing value is NaN and
is filled from ``parameters/`` there.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from partnerhomes.appraisal.assumptions import PHASE_COLUMNS, UNIT_COLUMNS


class SchemeFileError(ValueError):
    """A scheme file cannot be read at all (as opposed to one scheme in it being wrong)."""


@dataclass(frozen=True)
class SchemeTables:
    """Schemes (one row each), their phases and their unit schedule lines."""

    schemes: pd.DataFrame
    phases: pd.DataFrame
    units: pd.DataFrame


def read_schemes(path: Path) -> SchemeTables:
    """Read a scheme file by its suffix: .yaml/.yml/.json, or a .csv/.xlsx unit schedule.

    A YAML/JSON file holds one scheme (a mapping) or ``schemes:`` (a list); each scheme has its
    fields, ``phases:`` and ``units:`` lists, or ``unit_schedule:`` naming a CSV/XLSX file
    beside it. A CSV unit schedule has one row per unit type × tenure × phase; scheme fields
    (``scheme_id``, ``gss_code``, ``valuation_date``, …) may be columns, the first row of each
    scheme giving them. An XLSX file may hold ``units``, ``schemes`` and ``phases`` sheets.
    """
    suffix = path.suffix.lower()
    try:
        if suffix in (".yaml", ".yml"):
            document = yaml.safe_load(path.read_text(encoding="utf-8"))
        elif suffix == ".json":
            document = json.loads(path.read_text(encoding="utf-8"))
        elif suffix == ".csv":
            return _schedule_tables(pd.read_csv(path), path.stem)
        elif suffix == ".xlsx":
            return _workbook_tables(path)
        else:
            raise SchemeFileError(f"{path}: unknown scheme file type {suffix!r} "
                                  "(use .yaml, .json, .csv or .xlsx)")
    except (OSError, yaml.YAMLError, json.JSONDecodeError) as error:
        raise SchemeFileError(f"{path}: {error}") from error
    return tables_from_document(document, path.parent, path.stem)


def tables_from_document(document: Any, folder: Path, default_id: str) -> SchemeTables:
    """Tables from a parsed YAML/JSON document (see :func:`read_schemes`).

    Examples
    --------
    >>> tables = tables_from_document({"scheme_id": "A", "units": [
    ...     {"tenure": "market_sale", "count": 10}]}, Path("."), "x")
    >>> tables.units["scheme_id"].tolist()
    ['A']
    """
    if isinstance(document, dict) and "schemes" in document:
        items = document["schemes"]
    elif isinstance(document, dict):
        items = [document]
    else:
        items = document
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise SchemeFileError("a scheme file holds a mapping or a list `schemes:` of mappings")
    schemes: list[dict[str, Any]] = []
    phases: list[dict[str, Any]] = []
    units: list[dict[str, Any]] = []
    for number, item in enumerate(items, start=1):
        scheme = dict(item)
        scheme_id = str(scheme.get("scheme_id", default_id if len(items) == 1
                                   else f"{default_id}-{number}"))
        scheme["scheme_id"] = scheme_id
        for row in scheme.pop("phases", None) or []:
            phases.append({**row, "scheme_id": scheme_id})
        for row in scheme.pop("units", None) or []:
            units.append({**row, "scheme_id": scheme_id})
        schedule = scheme.pop("unit_schedule", None)
        if schedule:
            extra = read_schemes(folder / str(schedule)).units
            units.extend({**{str(k): v for k, v in row.items()}, "scheme_id": scheme_id}
                         for row in extra.to_dict("records"))
        schemes.append({key: _scalar(value) for key, value in scheme.items()})
    return SchemeTables(pd.DataFrame(schemes), pd.DataFrame(phases, columns=list(
        dict.fromkeys([*PHASE_COLUMNS, *(k for row in phases for k in row)]))),
        pd.DataFrame(units, columns=list(dict.fromkeys(
            [*UNIT_COLUMNS, *(k for row in units for k in row)]))))


def _scalar(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _schedule_tables(units: pd.DataFrame, default_id: str) -> SchemeTables:
    units = units.copy()
    if "scheme_id" not in units.columns:
        units["scheme_id"] = default_id
    units["scheme_id"] = units["scheme_id"].astype(str)
    scheme_columns = [c for c in units.columns if c not in UNIT_COLUMNS or c == "scheme_id"]
    schemes = units[scheme_columns].drop_duplicates("scheme_id").reset_index(drop=True)
    return SchemeTables(schemes, pd.DataFrame(columns=list(PHASE_COLUMNS)),
                        units[[c for c in units.columns if c in UNIT_COLUMNS]])


def _workbook_tables(path: Path) -> SchemeTables:
    sheets = pd.read_excel(path, sheet_name=None)
    if "units" not in sheets:
        first = next(iter(sheets.values()))
        return _schedule_tables(first, path.stem)
    tables = _schedule_tables(sheets["units"], path.stem)
    schemes = sheets.get("schemes")
    phases = sheets.get("phases")
    return SchemeTables(
        schemes.assign(scheme_id=schemes["scheme_id"].astype(str)) if schemes is not None
        else tables.schemes,
        phases if phases is not None else tables.phases, tables.units)
