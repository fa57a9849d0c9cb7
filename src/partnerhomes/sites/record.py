"""The canonical Site record: its columns, their types and the closed codelists.

Every reader in :mod:`partnerhomes.sites` returns a table with exactly :data:`SITE_COLUMNS`, in
that order and with the dtypes of :data:`SITE_DTYPES`. The names are the ones used everywhere
else (database columns, export headers, the partner-list template): one concept, one name.

What this module does not represent: a site's boundary polygon (only a point), sub-sites or
phases as separate geometries, or any appraisal figure. The register codelists are those of the
MHCLG 2017 Brownfield Land Register data standard.

References
----------
MHCLG (2017) *Brownfield land registers: data standard*, and its Frictionless schema as kept by
MHCLG digital-land (``digital-land-attic/brownfield-land-pipeline`` ``schema/brownfield-land.json``
@ 04613fc5), copied to ``shared/data/brownfield/schema/``.
"""

from __future__ import annotations

from typing import Any, Final

import numpy as np
import pandas as pd

# --- closed codelists -------------------------------------------------------------------------

CATEGORIES: Final = (
    "brownfield_register",
    "council_land",
    "housing_association_land",
    "new_settlement",
    "regeneration_estate",
)
"""Where a site comes from in the partnership's pipeline."""

PIPELINE_STAGES: Final = (
    "identified",
    "appraised",
    "approved",
    "land_secured",
    "planning_submitted",
    "permission_granted",
    "start_on_site",
    "completed",
)
"""The partnership's own stages, in order. Planning progress is in ``planning_status``."""

LAND_TYPES: Final = ("brownfield", "greenfield")

OWNERSHIP_STATUSES: Final = (
    "owned by a public authority",
    "not owned by a public authority",
    "mixed ownership",
)
"""2017 standard ``OwnershipStatus`` codelist (planning.data ``ownership-status``)."""

PLANNING_STATUSES: Final = ("permissioned", "not permissioned", "pending decision")
"""2017 standard ``PlanningStatus`` codelist (planning.data ``planning-permission-status``)."""

PERMISSION_TYPES: Final = (
    "full planning permission",
    "outline planning permission",
    "reserved matters approval",
    "permission in principle",
    "technical details consent",
    "planning permission granted under an order",
    "other",
)
"""2017 standard ``PermissionType`` codelist (planning.data ``planning-permission-type``)."""

SOURCE_FORMATS: Final = ("brownfield_2017", "planning_data", "partner_list")

CODELISTS: Final[dict[str, tuple[str, ...]]] = {
    "ownership_status": OWNERSHIP_STATUSES,
    "planning_status": PLANNING_STATUSES,
    "permission_type": PERMISSION_TYPES,
    "category": CATEGORIES,
    "pipeline_stage": PIPELINE_STAGES,
    "land_type": LAND_TYPES,
}
"""Site column -> its closed list of allowed values (blank is always allowed)."""

# --- columns ----------------------------------------------------------------------------------

SITE_COLUMN_DOCS: Final[dict[str, tuple[str, str]]] = {
    # name: (dtype, meaning)
    "organisation": ("str", "publisher of the list: register curie or OrganisationURI, or partner"),
    "gss_code": ("str", "GSS code of the council the site lies in, e.g. E07000069"),
    "site_reference": ("str", "the publisher's own unique reference for the site"),
    "site_name_address": ("str", "site name and address on one line"),
    "longitude": ("float64", "WGS84 longitude [degrees]"),
    "latitude": ("float64", "WGS84 latitude [degrees]"),
    "easting": ("float64", "British National Grid (EPSG:27700) easting [m]"),
    "northing": ("float64", "British National Grid (EPSG:27700) northing [m]"),
    "siteplan_url": ("str", "URL of a site plan"),
    "hectares": ("float64", "site area [ha]"),
    "ownership_status": ("str", "2017 codelist: owned by a public authority | ..."),
    "planning_status": ("str", "2017 codelist: permissioned | not permissioned | pending decision"),
    "permission_type": ("str", "2017 codelist: full planning permission | ... | other"),
    "permission_date": ("datetime64[s]", "date the most recent permission was granted"),
    "planning_history": ("str", "links to planning history, separated by |"),
    "minimum_net_dwellings": ("Int64", "lowest net dwellings the site is estimated to support"),
    "maximum_net_dwellings": ("Int64", "highest net dwellings the site is estimated to support"),
    "is_deliverable": ("boolean", "reasonable prospect of housing within 5 years"),
    "has_hazardous_substances": ("boolean", "regulation 26(3) hazardous substances EIA needed"),
    "notes": ("str", "free text"),
    "first_added_date": ("datetime64[s]", "date first added to the list"),
    "last_updated_date": ("datetime64[s]", "date the entry was last updated"),
    "end_date": ("datetime64[s]", "date the site stopped being listed (e.g. built out)"),
    "owner_organisation": ("str", "name of the organisation that owns the land, when known"),
    "category": ("str", "closed list: " + " | ".join(CATEGORIES)),
    "pipeline_stage": ("str", "closed list: " + " | ".join(PIPELINE_STAGES)),
    "land_type": ("str", "brownfield | greenfield"),
    "settlement": ("str", "new settlement or estate this site is a phase of (optional)"),
    "phase": ("Int64", "phase number within the settlement (optional)"),
    "existing_use_value_per_ha": ("float64", "existing use value [GBP per ha] (optional)"),
    "source_file": ("str", "name of the file the row was read from"),
    "source_line": ("int64", "row number in that file as a spreadsheet shows it (header = 1)"),
    "source_format": ("str", "closed list: " + " | ".join(SOURCE_FORMATS)),
    "source_version": ("str", "register version: digital-land resource hash, else the file name"),
}
"""Canonical column -> (dtype, meaning). The order is the column order of every sites table."""

SITE_COLUMNS: Final[tuple[str, ...]] = tuple(SITE_COLUMN_DOCS)
SITE_DTYPES: Final[dict[str, str]] = {name: doc[0] for name, doc in SITE_COLUMN_DOCS.items()}

TEXT_COLUMNS: Final = tuple(c for c, t in SITE_DTYPES.items() if t == "str")
DATE_COLUMNS: Final = tuple(c for c, t in SITE_DTYPES.items() if t.startswith("datetime"))
FLOAT_COLUMNS: Final = tuple(c for c, t in SITE_DTYPES.items() if t == "float64")
INTEGER_COLUMNS: Final = tuple(c for c, t in SITE_DTYPES.items() if t == "Int64")
FLAG_COLUMNS: Final = tuple(c for c, t in SITE_DTYPES.items() if t == "boolean")


_DTYPES: Final[dict[str, Any]] = {
    "float64": np.dtype("float64"),
    "int64": np.dtype("int64"),
    "datetime64[s]": np.dtype("datetime64[s]"),
    "Int64": pd.Int64Dtype(),
    "boolean": pd.BooleanDtype(),
}


def empty_sites() -> pd.DataFrame:
    """An empty sites table with the canonical columns and dtypes.

    Examples
    --------
    >>> frame = empty_sites()
    >>> list(frame.columns[:3])
    ['organisation', 'gss_code', 'site_reference']
    >>> str(frame["hectares"].dtype), len(frame)
    ('float64', 0)
    """
    return conform_sites(pd.DataFrame({name: [] for name in SITE_COLUMNS}))


def conform_sites(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with exactly the canonical columns, in order, cast to their dtypes.

    Missing columns are added blank; extra columns are dropped. Text columns hold ``""`` rather
    than missing values, so that a blank cell reads the same whatever stored it.
    """
    out = pd.DataFrame(index=frame.index)
    for name, dtype_name in SITE_DTYPES.items():
        dtype = _DTYPES.get(dtype_name, dtype_name)
        if name in frame.columns:
            column = frame[name]
        else:
            column = pd.Series(pd.NA, index=frame.index, dtype="object")
        if dtype_name == "str":
            out[name] = column.astype("object").where(column.notna(), "").astype("str")
        elif dtype_name.startswith("datetime"):
            out[name] = pd.to_datetime(column).astype(dtype)
        else:
            out[name] = column.astype(dtype)
    return out.reset_index(drop=True)
