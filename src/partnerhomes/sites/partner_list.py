"""Partners' own site lists (CSV or XLSX) in the canonical Site columns, and a blank template.

A partner list uses the snake_case names of :mod:`partnerhomes.sites.record` as its header.
Required: ``owner_organisation, gss_code, site_reference, site_name_address, category, hectares,
maximum_net_dwellings`` and a point (``longitude`` + ``latitude`` or ``easting`` + ``northing``);
a row missing any of them is rejected. Defaults: ``organisation`` = ``owner_organisation``,
``pipeline_stage`` = ``identified``, ``land_type`` = ``brownfield`` for ``brownfield_register``
sites (else as given), ``is_deliverable`` blank = unknown.

What this module does not represent: several sheets of sites (only the ``sites`` sheet, else the
first, is read), formulas (cached values are read), or merged cells.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd

from partnerhomes.sites import build, councils, geography, normalise, record, source

FORMAT = "partner_list"
_LABEL = "partner site-list template"

TEMPLATE_COLUMNS: Final = tuple(c for c in record.SITE_COLUMNS if not c.startswith("source_"))
"""Columns of the partner-list template, in order."""

REQUIRED_COLUMNS: Final = (
    "owner_organisation", "gss_code", "site_reference", "site_name_address", "category",
    "hectares", "maximum_net_dwellings",
)

DEFAULTS: Final = {
    "organisation": "the owner_organisation",
    "pipeline_stage": "identified",
    "land_type": "brownfield when category is brownfield_register, else blank",
    "is_deliverable": "blank = not known",
    "has_hazardous_substances": "blank = not known",
}

RULES = build.Rules(source_format=FORMAT, blank_flag_is_false=False,
                    required_errors=REQUIRED_COLUMNS)


def column_table() -> dict[str, source.ColumnSpec]:
    """Folded column name -> what it fills (the point columns become the working x / y)."""
    table = {source.normalised_name(c): source.ColumnSpec(c, c) for c in TEMPLATE_COLUMNS}
    return table


def read_partner_list(
    path: Path,
    gss_code: str | None = None,
    boundaries: geography.Boundaries | None = None,
    as_at: dt.date | None = None,
) -> build.SiteTable:
    """Read a partner site list (CSV or XLSX). ``gss_code`` fills blank ``gss_code`` cells."""
    return parse_partner_list(source.read_table(path), gss_code, boundaries, as_at)


def parse_partner_list(
    table: source.RawTable,
    gss_code: str | None = None,
    boundaries: geography.Boundaries | None = None,
    as_at: dt.date | None = None,
) -> build.SiteTable:
    """Turn a :class:`~partnerhomes.sites.source.RawTable` of a partner list into sites."""
    positions = source.map_columns(table, column_table(), _LABEL)
    source.report_missing_columns(table, positions, {c: c for c in REQUIRED_COLUMNS})
    text = pd.DataFrame({field: table.cells[pos] for field, pos in positions.items()},
                        index=table.cells.index).reset_index(drop=True)
    empty = pd.Series("", index=text.index, dtype="str")
    for column in TEMPLATE_COLUMNS:
        text[column] = text.get(column, empty).astype("str").str.strip()
    ctx = normalise.Context(table.source_file, table.lines, table.issues,
                            as_at or dt.date.today())
    rejections = build.Rejections.none(len(text))
    blank = source.blank_rows(table.cells)
    ctx.report(blank, "", empty, "blank-row", "the row is empty")
    rejections.add(blank, "blank-row")
    header_rows = source.repeated_header_rows(table, positions, column_table()) & ~blank
    ctx.report(header_rows, "", text["site_reference"], "repeated-header",
               "the row repeats the header")
    rejections.add(header_rows, "repeated-header")
    kept = ~rejections.rejected

    gss = councils.resolve_gss_codes(text["gss_code"], [], None, gss_code)
    invalid = (text["gss_code"] != "").to_numpy(dtype=bool) & (gss == "").to_numpy(dtype=bool)
    ctx.report(invalid & kept, "gss_code", text["gss_code"], "invalid-gss-code",
               "not a GSS code (a letter and eight digits, e.g. E07000069)")
    rejections.add(invalid & kept, "invalid-gss-code")
    text["gss_code"] = gss.where(~invalid, text["gss_code"])

    has_lonlat = ((text["longitude"] != "") & (text["latitude"] != "")).to_numpy(dtype=bool)
    has_grid = ((text["easting"] != "") & (text["northing"] != "")).to_numpy(dtype=bool)
    text["x"] = np.where(has_lonlat, text["longitude"], text["easting"])
    text["y"] = np.where(has_lonlat, text["latitude"], text["northing"])
    no_point = ~has_lonlat & ~has_grid & ~rejections.rejected
    ctx.report(no_point, "longitude", empty, "missing-required-value",
               "a point is required: longitude + latitude, or easting + northing")
    rejections.add(no_point, "missing-required-value")

    text["organisation"] = text["organisation"].where(text["organisation"] != "",
                                                      text["owner_organisation"])
    text["pipeline_stage"] = text["pipeline_stage"].where(text["pipeline_stage"] != "",
                                                          "identified")
    is_register = text["category"].map(normalise.folded) == "brownfield register"
    text["land_type"] = text["land_type"].where(
        (text["land_type"] != "") | ~is_register, "brownfield")
    text["source_version"] = table.source_file
    return build.build_sites(ctx, text, rejections, RULES, boundaries)


def guidance() -> pd.DataFrame:
    """One row per template column: name, required, meaning, allowed values, default.

    Examples
    --------
    >>> g = guidance()
    >>> g.loc[g["column"] == "category", "allowed_values"].item().split(" | ")[0]
    'brownfield_register'
    """
    rows = []
    for column in TEMPLATE_COLUMNS:
        dtype, meaning = record.SITE_COLUMN_DOCS[column]
        allowed = " | ".join(record.CODELISTS.get(column, ()))
        if not allowed:
            allowed = {"str": "text", "float64": "number", "Int64": "whole number",
                       "boolean": "yes | no | blank"}.get(dtype, "date YYYY-MM-DD")
        required = "yes" if column in REQUIRED_COLUMNS else ""
        if column in ("longitude", "latitude", "easting", "northing"):
            required = "longitude + latitude, or easting + northing"
        rows.append({"column": column, "required": required, "meaning": meaning,
                     "allowed_values": allowed, "default": DEFAULTS.get(column, "")})
    return pd.DataFrame(rows)


def write_template(path: Path) -> None:
    """Write a blank partner-list template: CSV (header only) or XLSX (with a guidance sheet).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     out = Path(folder) / "sites.csv"
    ...     write_template(out)
    ...     out.read_text().split(",")[:2]
    ['organisation', 'gss_code']
    """
    suffix = path.suffix.lower()
    if suffix == ".csv":
        path.write_text(",".join(TEMPLATE_COLUMNS) + "\n", encoding="utf-8")
        return
    if suffix != ".xlsx":
        raise ValueError(f"{path}: a template is written as .csv or .xlsx")
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    try:
        bold = book.add_format({"bold": True})
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        sites = book.add_worksheet("sites")
        for position, column in enumerate(TEMPLATE_COLUMNS):
            sites.write(0, position, column, bold)
            sites.set_column(position, position, max(12, len(column) + 2))
        sites.freeze_panes(1, 0)
        sheet = book.add_worksheet("guidance")
        table = guidance()
        for position, name in enumerate(table.columns):
            sheet.write(0, position, name, bold)
        for row, values in enumerate(table.itertuples(index=False), start=1):
            for position, value in enumerate(values):
                sheet.write(row, position, str(value), wrap)
        for position, width in enumerate((28, 20, 60, 60, 30)):
            sheet.set_column(position, position, width)
    finally:
        book.close()
