"""Which council a site row belongs to: GSS codes from lad_code columns, lookups or the caller.

The order is fixed: the row's own ``lad_code``/``gss_code`` column, then the publisher identifier
(curie, OpenDataCommunities URI or planning.data.gov.uk organisation entity) in the shipped lookup
``councils.yaml`` or a lookup the caller passes, then a single code the caller passes for a
one-council file. A row that none of these resolves is rejected (``council-unresolved``).

What this module does not represent: council reorganisations over time (a code is taken as
published), or national parks and development corporations, which are not districts.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

GSS_CODE_PATTERN = r"^[EWSN]\d{8}$"
"""A GSS code: country letter then eight digits (ONS Code History Database)."""


def identifier_key(identifier: str) -> str:
    """Fold a publisher identifier for lookup: trimmed, lower case, URIs without scheme or '/'.

    Examples
    --------
    >>> identifier_key(" https://opendatacommunities.org/id/district-council/basildon/ ")
    'opendatacommunities.org/id/district-council/basildon'
    >>> identifier_key("local-authority-eng:BAI")
    'local-authority-eng:bai'
    """
    key = identifier.strip().lower()
    for scheme in ("http://", "https://"):
        key = key.removeprefix(scheme)
    return key.rstrip("/")


@functools.cache
def _shipped_councils() -> list[dict[str, Any]]:
    text = resources.files("partnerhomes.sites").joinpath("councils.yaml").read_text(
        encoding="utf-8")
    councils: list[dict[str, Any]] = yaml.safe_load(text)["councils"]
    return councils


@functools.cache
def council_names() -> dict[str, str]:
    """GSS code -> council name, for the councils in the package's ``councils.yaml``.

    Examples
    --------
    >>> council_names()["E07000069"]
    'Castle Point'
    """
    return {str(c["gss_code"]): str(c["name"]) for c in _shipped_councils()}


@functools.cache
def shipped_lookup() -> dict[str, str]:
    """Folded publisher identifier -> GSS code, from the package's ``councils.yaml``.

    Examples
    --------
    >>> shipped_lookup()["local-authority-eng:cas"]
    'E07000069'
    """
    lookup: dict[str, str] = {}
    for council in _shipped_councils():
        for identifier in council["identifiers"]:
            lookup[identifier_key(str(identifier))] = str(council["gss_code"])
    return lookup


def read_organisation_entity_lookup(path: Path) -> dict[str, str]:
    """Read a planning.data.gov.uk ``organisation-entity`` -> ``LAD24CD`` table (CSV).

    The shared file ``planning-data-organisation-entity-to-lad24.csv`` (Open Innovations) has
    exactly these two columns.
    """
    table = pd.read_csv(path, dtype="str", keep_default_na=False)
    missing = {"organisation-entity", "LAD24CD"} - set(table.columns)
    if missing:
        raise ValueError(f"{path}: expected columns organisation-entity and LAD24CD")
    return {identifier_key(e): c.strip()
            for e, c in zip(table["organisation-entity"], table["LAD24CD"], strict=True)}


def is_gss_code(values: pd.Series) -> np.ndarray:
    """Mask of values that are GSS codes.

    Examples
    --------
    >>> is_gss_code(pd.Series(["E07000069", "e07000069", "Castle Point", ""])).tolist()
    [True, False, False, False]
    """
    return values.astype("str").str.strip().str.match(GSS_CODE_PATTERN).to_numpy(dtype=bool)


def resolve_gss_codes(
    own_codes: pd.Series | None,
    identifiers: Sequence[pd.Series],
    extra_lookup: Mapping[str, str] | None = None,
    fallback: str | None = None,
) -> pd.Series:
    """GSS code of each row, or ``""`` when none can be found.

    Parameters
    ----------
    own_codes : the row's own code column (``lad_code`` / ``gss_code``), if the file has one.
    identifiers : publisher identifier columns, tried in order against the lookups.
    extra_lookup : further identifier -> GSS code pairs (keys folded with :func:`identifier_key`),
        tried before the shipped lookup.
    fallback : the code of a single-council file, used last.

    Examples
    --------
    >>> resolve_gss_codes(None, [pd.Series(["local-authority-eng:THR", "x"])]).tolist()
    ['E06000034', '']
    """
    n_rows = len(identifiers[0]) if identifiers else len(own_codes) if own_codes is not None else 0
    result = pd.Series("", index=pd.RangeIndex(n_rows), dtype="str")
    if own_codes is not None:
        own = own_codes.reset_index(drop=True).astype("str").str.strip()
        result = own.where(is_gss_code(own), "")
    lookup = {**shipped_lookup(), **dict(extra_lookup or {})}
    for column in identifiers:
        todo = (result == "").to_numpy(dtype=bool)
        if not todo.any():
            break
        values = column.reset_index(drop=True).astype("str")
        by_value = {v: lookup.get(identifier_key(v), "") for v in values.unique()}
        found = values.map(by_value).astype("str")
        result = result.where(~todo, found)
    if fallback:
        result = result.where(result != "", fallback.strip())
    return result.astype("str")
