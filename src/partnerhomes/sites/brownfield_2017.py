"""Reader for Brownfield Land Registers in the MHCLG 2017 data standard, as councils publish them.

Header spellings seen in the wild are mapped with the table ``brownfield_2017_columns.yaml``
(from digital-land's schema typos). Points may be WGS84 or British National Grid, row by row.
The provenance columns of MHCLG's 2020 collection (``organisation``, ``lad_code``,
``resource`` ...) are used when present: ``lad_code`` gives the GSS code and ``resource`` the
register version.

Dwellings: the standard's ``NetDwellingsRangeFrom`` / ``NetDwellingsRangeTo`` are
``minimum_net_dwellings`` / ``maximum_net_dwellings`` (as in the planning.data.gov.uk
specification). A blank is filled as digital-land's schema does: minimum from ``MinNetDwellings``
(deprecated, the regulations' "minimum net dwellings"), else from the range's top; maximum from
the range's bottom, else from ``MinNetDwellings``. Each fill is logged (``dwellings-defaulted``).

What this module does not represent: Part 2 of a register (permission in principle entries are
read like any other row), concatenation of split name/address columns, or CRS declarations in a
file (the system is told from the numbers).

References
----------
The Town and Country Planning (Brownfield Land Register) Regulations 2017, SI 2017/403.
MHCLG (2017) *Brownfield land registers: data standard*.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from partnerhomes.sites import build, councils, geography, normalise, source

FORMAT = "brownfield_2017"
_LABEL = "2017 Brownfield Land Register standard"

MANDATORY_COLUMNS = {
    # field: standard name (guidance "Mandatory fields", plus OrganisationURI)
    "site_reference": "SiteReference",
    "site_name_address": "SiteNameAddress",
    "x": "GeoX",
    "y": "GeoY",
    "hectares": "Hectares",
    "ownership_status": "OwnershipStatus",
    "planning_status": "PlanningStatus",
    "is_deliverable": "Deliverable",
    "minimum_net_dwellings": "NetDwellingsRangeFrom",
    "maximum_net_dwellings": "NetDwellingsRangeTo",
    "first_added_date": "FirstAddedDate",
    "last_updated_date": "LastUpdatedDate",
}

RULES = build.Rules(
    source_format=FORMAT,
    blank_flag_is_false=True,
    required_warnings=("site_reference", "site_name_address", "hectares",
                       "minimum_net_dwellings", "maximum_net_dwellings"),
)


@functools.cache
def column_table() -> dict[str, source.ColumnSpec]:
    """Folded header name -> what it fills, from ``brownfield_2017_columns.yaml``.

    Examples
    --------
    >>> column_table()["siteref"].standard
    'SiteReference'
    >>> column_table()["eastings"].field
    'x'
    """
    text = resources.files("partnerhomes.sites").joinpath("brownfield_2017_columns.yaml")
    loaded = yaml.safe_load(text.read_text(encoding="utf-8"))
    table: dict[str, source.ColumnSpec] = {}
    for column in loaded["columns"]:
        spec = source.ColumnSpec(column["field"], column["standard"])
        for name in [column["standard"], *column["aliases"]]:
            table.setdefault(source.normalised_name(name), spec)
    for name, field in loaded["provenance"].items():
        table[source.normalised_name(name)] = source.ColumnSpec(field, name)
    return table


def read_brownfield_2017(
    path: Path,
    gss_code: str | None = None,
    boundaries: geography.Boundaries | None = None,
    as_at: dt.date | None = None,
    gss_lookup: Mapping[str, str] | None = None,
) -> build.SiteTable:
    """Read one 2017-standard register file (CSV or XLSX).

    Parameters
    ----------
    path : the file.
    gss_code : GSS code for a single-council file without ``lad_code`` or a known publisher.
    boundaries : council boundaries to check each point against its own council.
    as_at : import date; later dates are reported as ``future-date`` [default: today].
    gss_lookup : extra publisher identifier -> GSS code pairs.
    """
    return parse_brownfield_2017(source.read_table(path), gss_code, boundaries, as_at, gss_lookup)


def parse_brownfield_2017(
    table: source.RawTable,
    gss_code: str | None = None,
    boundaries: geography.Boundaries | None = None,
    as_at: dt.date | None = None,
    gss_lookup: Mapping[str, str] | None = None,
) -> build.SiteTable:
    """Turn a :class:`~partnerhomes.sites.source.RawTable` of a 2017 register into sites."""
    columns = column_table()
    positions = source.map_columns(table, columns, _LABEL)
    source.report_missing_columns(table, positions, MANDATORY_COLUMNS)
    text = pd.DataFrame({field: table.cells[pos] for field, pos in positions.items()},
                        index=table.cells.index)
    ctx = normalise.Context(table.source_file, table.lines, table.issues,
                            as_at or dt.date.today())
    rejections = build.Rejections.none(len(text))
    blank = source.blank_rows(table.cells)
    ctx.report(blank, "", _blank_series(len(text)), "blank-row", "the row is empty")
    rejections.add(blank, "blank-row")
    header_rows = source.repeated_header_rows(table, positions, columns) & ~blank
    ctx.report(header_rows, "", _row_text(table.cells, header_rows), "repeated-header",
               "the row repeats the header")
    rejections.add(header_rows, "repeated-header")

    curie = _column(text, "organisation_curie")
    uri = _column(text, "organisation")
    gss = councils.resolve_gss_codes(
        text.get("gss_code"), [curie, uri], gss_lookup, gss_code)
    unresolved = (gss == "").to_numpy(dtype=bool) & ~rejections.rejected
    ctx.report(unresolved, "gss_code", (curie + " " + uri).str.strip(), "council-unresolved",
               "no lad_code column, publisher not in the council lookup and no --gss-code given")
    rejections.add(unresolved, "council-unresolved")
    text["gss_code"] = gss
    text["organisation"] = curie.where(curie.str.strip() != "", uri)
    if "source_version" not in text:
        text["source_version"] = table.source_file
    text["source_version"] = text["source_version"].where(
        text["source_version"].str.strip() != "", table.source_file)
    text["category"] = "brownfield_register"
    text["pipeline_stage"] = "identified"
    text["land_type"] = "brownfield"
    _default_dwellings(ctx, text, ~rejections.rejected)
    return build.build_sites(ctx, text, rejections, RULES, boundaries)


def _column(text: pd.DataFrame, field: str) -> pd.Series:
    if field in text:
        return text[field].astype("str")
    return pd.Series("", index=text.index, dtype="str")


def _blank_series(n_rows: int) -> pd.Series:
    return pd.Series("", index=pd.RangeIndex(n_rows), dtype="str")


def _row_text(cells: pd.DataFrame, mask: np.ndarray) -> pd.Series:
    """The first cells of the rows of ``mask``, joined, for the issue's value."""
    text = np.full(len(cells), "", dtype=object)
    shown = cells.loc[mask].iloc[:, :4].to_numpy(dtype=str)
    text[mask] = ["|".join(row) for row in shown]
    return pd.Series(text, dtype="str")


def _default_dwellings(ctx: normalise.Context, text: pd.DataFrame, kept: np.ndarray) -> None:
    """Fill blank minimum/maximum dwellings per the schema's defaults, logging each fill."""
    low = _column(text, "minimum_net_dwellings").str.strip()
    high = _column(text, "maximum_net_dwellings").str.strip()
    deprecated = _column(text, "min_net_dwellings").str.strip()
    for field, own, fallbacks in (
        ("minimum_net_dwellings", low, ((deprecated, "MinNetDwellings"),
                                        (high, "NetDwellingsRangeTo"))),
        ("maximum_net_dwellings", high, ((low, "NetDwellingsRangeFrom"),
                                         (deprecated, "MinNetDwellings"))),
    ):
        filled = own.copy()
        for values, name in fallbacks:
            use = ((filled == "") & (values != "")).to_numpy(dtype=bool)
            ctx.report(use & kept, field, values, "dwellings-defaulted",
                       f"{field} was blank; taken from {name}")
            filled = filled.where(~use, values)
        text[field] = filled
