"""Several versions of a register: keep the newest, keep the history, report what changed.

A *version* is one ``source_version`` (a digital-land resource, else a file) of one publisher's
list; the publisher is ``organisation``, else ``gss_code``. Versions of a publisher are ordered by
their newest ``last_updated_date``, then newest ``first_added_date``, then the order in which they
were read. The current table holds the rows of each publisher's newest version: a site missing
from it is reported ``removed`` and kept only in the history.

Changes are reported between consecutive versions of each publisher, keyed by ``site_reference``:
``added``, ``removed``, or ``changed`` with the names of the fields that differ.

What this module does not represent: sites whose reference changed between versions (they show as
one removed and one added), rows with a blank reference (never matched, so not compared), or
versions of different publishers that list the same land.
"""

from __future__ import annotations

import dataclasses
from typing import Final

import numpy as np
import pandas as pd

CHANGE_COLUMNS: Final = (
    "organisation", "gss_code", "site_reference", "change_type", "from_version", "to_version",
    "changed_fields",
)
_NOT_COMPARED: Final = frozenset({"source_file", "source_line", "source_version"})


@dataclasses.dataclass(frozen=True)
class Versions:
    """The current sites, every accepted row of every version, and the changes between them."""

    current: pd.DataFrame
    history: pd.DataFrame
    changes: pd.DataFrame


def publisher(sites: pd.DataFrame) -> pd.Series:
    """The key of a site's list: ``organisation``, else ``gss_code``."""
    return sites["organisation"].where(sites["organisation"] != "", sites["gss_code"])


def version_ranks(sites: pd.DataFrame) -> pd.Series:
    """Rank of each row's version within its publisher's versions (0 = oldest).

    Examples
    --------
    >>> rows = pd.DataFrame({"organisation": ["a", "a", "a"], "gss_code": ["E1"] * 3,
    ...     "source_version": ["new", "old", "new"],
    ...     "last_updated_date": pd.to_datetime(["2019-01-01", "2018-01-01", "2019-02-01"]),
    ...     "first_added_date": pd.NaT})
    >>> version_ranks(rows).tolist()
    [1, 0, 1]
    """
    frame = pd.DataFrame({
        "publisher": publisher(sites).to_numpy(),
        "version": sites["source_version"].to_numpy(),
        "updated": sites["last_updated_date"].to_numpy(),
        "added": sites["first_added_date"].to_numpy(),
        "order": np.arange(len(sites)),
    })
    versions = frame.groupby(["publisher", "version"], sort=False).agg(
        updated=("updated", "max"), added=("added", "max"), order=("order", "min"))
    versions = versions.sort_values(["updated", "added", "order"], na_position="first")
    versions["rank"] = versions.groupby(level="publisher").cumcount()
    keys = pd.MultiIndex.from_arrays([frame["publisher"], frame["version"]])
    return pd.Series(versions["rank"].reindex(keys).to_numpy(), index=sites.index, name="rank")


def combine_versions(sites: pd.DataFrame) -> Versions:
    """Split accepted rows of any number of versions into current sites, history and changes."""
    history = sites.reset_index(drop=True)
    if history.empty:
        return Versions(history, history, pd.DataFrame(columns=list(CHANGE_COLUMNS)))
    rank = version_ranks(history)
    key = publisher(history)
    newest = rank.groupby(key).transform("max")
    current = history.loc[rank == newest].reset_index(drop=True)
    return Versions(current, history, _changes(history, key, rank))


def _changes(history: pd.DataFrame, key: pd.Series, rank: pd.Series) -> pd.DataFrame:
    """Added / removed / changed sites between each pair of consecutive versions."""
    compared = [c for c in history.columns if c not in _NOT_COMPARED]
    named = history.assign(_publisher=key, _rank=rank)
    named = named.loc[named["site_reference"] != ""]
    named = named.drop_duplicates(["_publisher", "_rank", "site_reference"], keep="last")
    last_rank = named.groupby("_publisher")["_rank"].transform("max")
    before = named.loc[named["_rank"] < last_rank].assign(_pair=lambda f: f["_rank"])
    after = named.loc[named["_rank"] > 0].assign(_pair=lambda f: f["_rank"] - 1)
    merged = before.merge(after, on=["_publisher", "_pair", "site_reference"], how="outer",
                          suffixes=("_before", "_after"), indicator=True)
    versions = named.drop_duplicates(["_publisher", "_rank"]).set_index(
        ["_publisher", "_rank"])["source_version"]
    pair = merged["_pair"].astype("int64")
    from_version = versions.reindex(pd.MultiIndex.from_arrays([merged["_publisher"], pair]))
    to_version = versions.reindex(pd.MultiIndex.from_arrays([merged["_publisher"], pair + 1]))
    changed_fields = pd.Series("", index=merged.index, dtype="str")
    for column in compared:
        if column == "site_reference":
            continue
        left = merged[f"{column}_before"].astype("str").fillna("")
        right = merged[f"{column}_after"].astype("str").fillna("")
        differs = (left != right).to_numpy(dtype=bool)
        changed_fields = changed_fields.where(
            ~differs, changed_fields + np.where(changed_fields == "", "", ";") + column)
    both = (merged["_merge"] == "both").to_numpy(dtype=bool)
    change_type = np.select(
        [merged["_merge"] == "left_only", merged["_merge"] == "right_only",
         both & (changed_fields != "").to_numpy(dtype=bool)],
        ["removed", "added", "changed"], default="")
    side = np.where(merged["_merge"] == "left_only", "_before", "_after")
    changes = pd.DataFrame({
        "organisation": merged["_publisher"],
        "gss_code": np.where(side == "_before", merged["gss_code_before"],
                             merged["gss_code_after"]),
        "site_reference": merged["site_reference"],
        "change_type": change_type,
        "from_version": from_version.to_numpy(),
        "to_version": to_version.to_numpy(),
        "changed_fields": np.where(change_type == "changed", changed_fields, ""),
    })
    changes = changes.loc[changes["change_type"] != ""]
    return changes.sort_values(["organisation", "from_version", "change_type",
                                "site_reference"]).reset_index(drop=True)
