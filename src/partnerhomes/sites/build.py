"""The step every reader shares: canonical text columns in, typed Site table and rejects out.

A reader maps its file's headers onto the canonical names of :mod:`partnerhomes.sites.record`
(plus the working fields ``x`` and ``y``: the point as published), rejects the rows it must
(blank rows, repeated headers, no council), and hands the rest here. This module converts every
field, checks points and references, and splits accepted from rejected rows. Rows are never
dropped: each one ends in exactly one of the two tables.

What this module does not represent: header spellings or format-specific defaults (the readers),
or several versions of a register (:mod:`partnerhomes.sites.versions`).
"""

from __future__ import annotations

import dataclasses
from typing import NamedTuple

import numpy as np
import pandas as pd

from partnerhomes.sites import geography, issues, normalise, record

REJECTED_LEAD_COLUMNS = ("source_file", "source_line", "source_format", "rejection_reason")
"""First columns of every rejected table; the canonical fields follow, as text as read."""

_RAW_TEXT_FIELDS = ("notes", "planning_history")  # free text keeps its line breaks
_NOT_SITES = ("blank-row", "repeated-header")


class SiteTable(NamedTuple):
    """What a reader returns: accepted sites, rejected rows with reasons, and the issue log."""

    sites: pd.DataFrame
    rejected: pd.DataFrame
    issues: issues.IssueLog


@dataclasses.dataclass
class Rejections:
    """The reason each row is rejected (``""`` while it is kept)."""

    reasons: np.ndarray

    @classmethod
    def none(cls, n_rows: int) -> Rejections:
        return cls(np.full(n_rows, "", dtype=object))

    def add(self, mask: np.ndarray, issue_type: str) -> None:
        """Reject the rows of ``mask`` for ``issue_type`` (the first reason is kept)."""
        if issues.ISSUE_TYPES[issue_type].consequence != "row-rejected":
            raise ValueError(f"{issue_type} does not reject rows")
        self.reasons[mask & (self.reasons == "")] = issue_type

    @property
    def rejected(self) -> np.ndarray:
        return np.asarray(self.reasons != "", dtype=bool)


@dataclasses.dataclass(frozen=True)
class Rules:
    """What differs between formats once headers are mapped."""

    source_format: str
    blank_flag_is_false: bool
    required_errors: tuple[str, ...] = ()
    required_warnings: tuple[str, ...] = ()


def build_sites(
    ctx: normalise.Context,
    text: pd.DataFrame,
    rejections: Rejections,
    rules: Rules,
    boundaries: geography.Boundaries | None = None,
) -> SiteTable:
    """Type and check the rows not yet rejected; return accepted and rejected rows.

    ``text`` holds one column of strings per canonical field the file supplies (missing fields
    are blank), indexed ``0 .. n-1`` like ``ctx.lines``.
    """
    text = _with_all_fields(text.reset_index(drop=True))
    # Rows that are not sites at all are not checked further; other rejected rows are, so the
    # publisher sees every problem of a row at once.
    keep = ~np.isin(rejections.reasons, _NOT_SITES)
    kept_ctx = normalise.Context(ctx.source_file, ctx.lines[keep], ctx.log, ctx.as_at)
    typed = _typed(kept_ctx, text.loc[keep].reset_index(drop=True), rules, boundaries)
    late = Rejections(rejections.reasons[keep].copy())
    for field in rules.required_errors:
        blank = normalise.report_missing(kept_ctx, typed[field], field, "missing-required-value")
        late.add(blank, "missing-required-value")
    rejections.reasons[np.flatnonzero(keep)] = late.reasons
    accepted = typed.loc[~late.rejected].reset_index(drop=True)
    _report_duplicates(ctx, accepted)
    mask = rejections.rejected
    rejected = pd.concat(
        [pd.DataFrame({"source_file": ctx.source_file, "source_line": ctx.lines[mask],
                       "source_format": rules.source_format,
                       "rejection_reason": rejections.reasons[mask].astype(str)}),
         text.loc[mask, list(_rejected_fields())].reset_index(drop=True)], axis=1)
    return SiteTable(record.conform_sites(accepted), rejected.reset_index(drop=True), ctx.log)


def _rejected_fields() -> list[str]:
    return [c for c in _text_fields() if c not in REJECTED_LEAD_COLUMNS]


def _text_fields() -> list[str]:
    return ["x", "y", *(c for c in record.SITE_COLUMNS
                        if c not in ("longitude", "latitude", "easting", "northing"))]


def _with_all_fields(text: pd.DataFrame) -> pd.DataFrame:
    missing = {c: "" for c in _text_fields() if c not in text.columns}
    full = text.assign(**missing) if missing else text
    return full.astype("str")


def _typed(
    ctx: normalise.Context,
    text: pd.DataFrame,
    rules: Rules,
    boundaries: geography.Boundaries | None,
) -> pd.DataFrame:
    out: dict[str, object] = {}
    for field in record.TEXT_COLUMNS:
        if field in _RAW_TEXT_FIELDS:
            out[field] = text[field].str.strip()
        elif field in record.CODELISTS:
            out[field] = normalise.codelist(
                ctx, normalise.stripped(text[field]), field, record.CODELISTS[field],
                normalise.codelist_aliases().get(field))
        else:
            out[field] = normalise.stripped(text[field])
    for field in record.FLOAT_COLUMNS:
        if field == "hectares":
            out[field] = normalise.numbers(ctx, text[field], field, 0.001, 5000.0)
        elif field not in ("longitude", "latitude", "easting", "northing"):
            out[field] = normalise.numbers(ctx, text[field], field, 0.0)
    for field in record.INTEGER_COLUMNS:
        out[field] = normalise.integers(ctx, text[field], field)
    for field in record.DATE_COLUMNS:
        out[field] = normalise.dates(ctx, text[field], field)
    for field in record.FLAG_COLUMNS:
        out[field] = normalise.flags(ctx, text[field], field, rules.blank_flag_is_false)
    out.update(geography.points(ctx, text["x"], text["y"]))
    frame = pd.DataFrame(out)
    frame["source_file"] = ctx.source_file
    frame["source_line"] = ctx.lines
    frame["source_format"] = rules.source_format
    for field in rules.required_warnings:
        normalise.report_missing(ctx, frame[field], field, "missing-value")
    _report_dwelling_range(ctx, frame)
    _report_places(ctx, frame, boundaries)
    return frame


def _report_dwelling_range(ctx: normalise.Context, frame: pd.DataFrame) -> None:
    low, high = frame["minimum_net_dwellings"], frame["maximum_net_dwellings"]
    inverted = (low > high).fillna(False).to_numpy(dtype=bool)
    ctx.report(inverted, "minimum_net_dwellings", low.astype("str") + " > " + high.astype("str"),
               "dwellings-range-inverted", "minimum_net_dwellings exceeds maximum_net_dwellings")


def _report_places(
    ctx: normalise.Context, frame: pd.DataFrame, boundaries: geography.Boundaries | None
) -> None:
    lon = frame["longitude"].to_numpy(dtype="float64")
    lat = frame["latitude"].to_numpy(dtype="float64")
    point_text = frame["longitude"].round(6).astype("str") + " " + frame["latitude"].round(
        6).astype("str")
    ctx.report(geography.outside_england(lon, lat), "longitude", point_text, "outside-england",
               "the point lies outside England")
    if boundaries is None:
        return
    outside, holder = geography.outside_own_council(lon, lat, frame["gss_code"], boundaries)
    where = ("; it lies in " + holder).where(holder != "", "; it lies in no council of "
                                             + boundaries.source_file)
    ctx.report(outside, "longitude", point_text, "outside-council",
               "the point lies outside council " + frame["gss_code"] + where)


def _report_duplicates(ctx: normalise.Context, accepted: pd.DataFrame) -> None:
    reference = accepted["site_reference"]
    keyed = accepted.loc[reference != "", ["organisation", "gss_code", "source_version",
                                            "site_reference"]]
    repeated = keyed.duplicated(keep=False)
    if not repeated.any():
        return
    rows = keyed.index[repeated.to_numpy(dtype=bool)]
    ctx.log.add_many(ctx.source_file, accepted.loc[rows, "source_line"], "site_reference",
                     accepted.loc[rows, "site_reference"], "duplicate-reference",
                     "site_reference appears more than once in this version of the list")
