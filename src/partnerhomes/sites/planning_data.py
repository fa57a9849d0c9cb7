"""Reader for the planning.data.gov.uk ``brownfield-land`` dataset (the current national format).

Field names are kebab-case (``site-address``, ``minimum-net-dwellings`` ...); the point is WKT
``POINT (longitude latitude)``; the publisher is an ``organisation`` curie and/or a numeric
``organisation-entity``. The GSS code comes from the entity via a lookup the caller passes (for
example the shared ``planning-data-organisation-entity-to-lad24.csv``), the shipped council
lookup, or a single code for the whole file.

What this module does not represent: site geometries (``geometry`` multipolygons are not
imported), ``entity`` numbers, or the dataset's own history of entries.

References
----------
MHCLG digital-land, ``specification/dataset-field.csv`` and ``field.csv`` for
``brownfield-land`` (@ 5e802e8e), copied to
``shared/data/brownfield/schema/brownfield-land-fields-digital-land-specification.csv``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Final

import pandas as pd

from partnerhomes.sites import build, councils, geography, normalise, source

FORMAT = "planning_data"
_LABEL = "planning.data.gov.uk brownfield-land"

FIELDS: Final[dict[str, str | None]] = {
    # planning.data field -> reader field (None: known, not imported)
    "reference": "site_reference",
    "site": "site_reference",
    "site-address": "site_name_address",
    "name": "site_name",
    "point": "point",
    "longitude": "x",
    "latitude": "y",
    "site-plan-url": "siteplan_url",
    "hectares": "hectares",
    "ownership-status": "ownership_status",
    "planning-permission-status": "planning_status",
    "planning-permission-type": "permission_type",
    "planning-permission-date": "permission_date",
    "planning-permission-history": "planning_history",
    "minimum-net-dwellings": "minimum_net_dwellings",
    "maximum-net-dwellings": "maximum_net_dwellings",
    "deliverable": "is_deliverable",
    "hazardous-substances": "has_hazardous_substances",
    "notes": "notes",
    "start-date": "first_added_date",
    "entry-date": "last_updated_date",
    "end-date": "end_date",
    "organisation": "organisation",
    "organisation-entity": "organisation_entity",
    "entity": None,
    "dataset": None,
    "prefix": None,
    "typology": None,
    "geometry": None,
    "site-categories": None,
    "quality": None,
}

MANDATORY_COLUMNS = {"site_reference": "reference", "point": "point", "hectares": "hectares"}

RULES = build.Rules(
    source_format=FORMAT,
    blank_flag_is_false=True,
    required_warnings=("site_reference", "site_name_address", "hectares",
                       "maximum_net_dwellings"),
)

_POINT = r"^\s*POINT\s*\(\s*([-+0-9.eE]+)\s+([-+0-9.eE]+)\s*\)\s*$"


def column_table() -> dict[str, source.ColumnSpec]:
    """Folded field name -> what it fills."""
    return {source.normalised_name(name): source.ColumnSpec(field, name)
            for name, field in FIELDS.items()}


def read_planning_data(
    path: Path,
    gss_code: str | None = None,
    boundaries: geography.Boundaries | None = None,
    as_at: dt.date | None = None,
    gss_lookup: Mapping[str, str] | None = None,
) -> build.SiteTable:
    """Read a planning.data.gov.uk ``brownfield-land`` CSV.

    ``gss_lookup`` maps organisation entity numbers (or curies) to GSS codes; see
    :func:`partnerhomes.sites.councils.read_organisation_entity_lookup`.
    """
    return parse_planning_data(source.read_table(path), gss_code, boundaries, as_at, gss_lookup)


def parse_planning_data(
    table: source.RawTable,
    gss_code: str | None = None,
    boundaries: geography.Boundaries | None = None,
    as_at: dt.date | None = None,
    gss_lookup: Mapping[str, str] | None = None,
) -> build.SiteTable:
    """Turn a :class:`~partnerhomes.sites.source.RawTable` of planning.data rows into sites."""
    positions = source.map_columns(table, column_table(), _LABEL)
    source.report_missing_columns(table, positions, MANDATORY_COLUMNS)
    text = pd.DataFrame({field: table.cells[pos] for field, pos in positions.items()},
                        index=table.cells.index).reset_index(drop=True)
    ctx = normalise.Context(table.source_file, table.lines, table.issues,
                            as_at or dt.date.today())
    rejections = build.Rejections.none(len(text))
    blank = source.blank_rows(table.cells)
    ctx.report(blank, "", pd.Series([""] * len(text)), "blank-row", "the row is empty")
    rejections.add(blank, "blank-row")
    header_rows = source.repeated_header_rows(table, positions, column_table()) & ~blank
    ctx.report(header_rows, "", text.get("site_reference", pd.Series([""] * len(text))),
               "repeated-header", "the row repeats the header")
    rejections.add(header_rows, "repeated-header")

    empty = pd.Series("", index=text.index, dtype="str")
    organisation = text.get("organisation", empty).astype("str")
    entity = text.get("organisation_entity", empty).astype("str")
    gss = councils.resolve_gss_codes(None, [entity, organisation], gss_lookup, gss_code)
    unresolved = (gss == "").to_numpy(dtype=bool) & ~rejections.rejected
    ctx.report(unresolved, "gss_code", (organisation + " " + entity).str.strip(),
               "council-unresolved",
               "organisation entity not in the lookup and no --gss-code given")
    rejections.add(unresolved, "council-unresolved")
    text["gss_code"] = gss
    text["organisation"] = organisation.where(organisation.str.strip() != "", entity)
    if "point" in text:
        coordinates = text["point"].str.extract(_POINT)
        has_point = coordinates[0].notna().to_numpy(dtype=bool)
        text["x"] = coordinates[0].fillna(text.get("x", empty)).astype("str")
        text["y"] = coordinates[1].fillna(text.get("y", empty)).astype("str")
        bad = ~has_point & (text["point"].str.strip() != "").to_numpy(dtype=bool)
        ctx.report(bad & ~rejections.rejected, "point", text["point"], "invalid-coordinates",
                   "point is not WKT 'POINT (longitude latitude)'; left blank")
    site_name = text.get("site_name", empty).astype("str")
    address = text.get("site_name_address", empty).astype("str")
    text["site_name_address"] = address.where(address.str.strip() != "", site_name)
    text["source_version"] = table.source_file
    text["category"] = "brownfield_register"
    text["pipeline_stage"] = "identified"
    text["land_type"] = "brownfield"
    return build.build_sites(ctx, text, rejections, RULES, boundaries)
