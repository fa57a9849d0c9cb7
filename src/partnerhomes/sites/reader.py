"""One entry point for any site file: detect its format from the header and read it.

Formats: the 2017 Brownfield Land Register standard, the planning.data.gov.uk ``brownfield-land``
dataset, and the partner site-list template. A file that cannot be read at all (missing, empty,
binary, wrongly delimited, or with no recognisable header) raises one
:class:`~partnerhomes.sites.source.SitesFileError` and yields nothing.

What this module does not represent: formats beyond these three, or guessing a header row below
title rows (the header is the first non-blank row).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final

from partnerhomes.sites import (
    brownfield_2017,
    build,
    geography,
    partner_list,
    planning_data,
    source,
)

_PARTNER_MARKERS: Final = frozenset({"ownerorganisation", "category"})
_PLANNING_DATA_MARKERS: Final = frozenset(
    name for name in planning_data.FIELDS if "-" in name) | {"point"}
_MINIMUM_MATCHES: Final = 3  # header names a 2017 file must share with the standard


def detect_format(header: Sequence[str]) -> str | None:
    """The format a header belongs to, or ``None`` when it is not recognisable.

    Examples
    --------
    >>> detect_format(["SiteReference", "SiteNameAddress", "GeoX", "GeoY", "Hectares"])
    'brownfield_2017'
    >>> detect_format(["reference", "name", "point", "site-address", "hectares"])
    'planning_data'
    >>> detect_format(["owner_organisation", "gss_code", "site_reference", "category"])
    'partner_list'
    >>> detect_format(["date", "value"]) is None
    True
    """
    folded = {source.normalised_name(h) for h in header}
    lowered = {h.strip().lower() for h in header}
    if folded >= _PARTNER_MARKERS:
        return partner_list.FORMAT
    if "point" in lowered or len(lowered & _PLANNING_DATA_MARKERS) >= 2:
        return planning_data.FORMAT
    known = {k for k, spec in brownfield_2017.column_table().items() if spec.field}
    if len(folded & known) >= _MINIMUM_MATCHES:
        return brownfield_2017.FORMAT
    return None


def read_sites(
    path: Path,
    gss_code: str | None = None,
    boundaries: geography.Boundaries | None = None,
    as_at: dt.date | None = None,
    gss_lookup: Mapping[str, str] | None = None,
) -> build.SiteTable:
    """Read one site file of any supported format.

    Parameters
    ----------
    path : CSV or XLSX file.
    gss_code : GSS code for rows whose council cannot be found otherwise (single-council file).
    boundaries : council boundaries; a point outside its own council is reported.
    as_at : import date for ``future-date`` checks [default: today].
    gss_lookup : extra publisher identifier (curie, URI, organisation entity) -> GSS code.
    """
    return parse_sites(source.read_table(path), path, gss_code, boundaries, as_at, gss_lookup)


def parse_sites(
    table: source.RawTable,
    path: Path,
    gss_code: str | None = None,
    boundaries: geography.Boundaries | None = None,
    as_at: dt.date | None = None,
    gss_lookup: Mapping[str, str] | None = None,
) -> build.SiteTable:
    """Detect the format of an already-read table and parse it."""
    found = detect_format(table.header)
    if found == partner_list.FORMAT:
        return partner_list.parse_partner_list(table, gss_code, boundaries, as_at)
    if found == planning_data.FORMAT:
        return planning_data.parse_planning_data(table, gss_code, boundaries, as_at, gss_lookup)
    if found == brownfield_2017.FORMAT:
        return brownfield_2017.parse_brownfield_2017(table, gss_code, boundaries, as_at,
                                                     gss_lookup)
    shown = source.join_names(table.header[:6])
    raise source.SitesFileError(
        path,
        "no recognisable header: expected the 2017 Brownfield Land Register standard "
        "(SiteReference, GeoX, ...), planning.data.gov.uk brownfield-land (reference, point, "
        f"...) or the partner template (owner_organisation, category, ...); found {shown}",
        line=1,
    )
