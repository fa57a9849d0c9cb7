"""Structured data-quality issues found while reading site lists, and the log that holds them.

Readers never stop at bad data: they record an :class:`Issue` and carry on (digital-land's
``IssueLog`` model). Each issue type has one fixed severity and one fixed consequence for the row,
listed in :data:`ISSUE_TYPES`, so the log can be read back by the council or partner that supplied
the file. A row is rejected exactly when it has an issue whose consequence is ``row-rejected``;
every ``error`` rejects its row.

What this module does not represent: issues about a whole programme (those belong to the models
that use the sites), or fixes; the log records, it does not patch.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Final, Literal

import numpy as np
import pandas as pd

Severity = Literal["error", "warning", "info"]
Consequence = Literal["none", "value-normalised", "field-blanked", "row-rejected"]


@dataclasses.dataclass(frozen=True)
class IssueType:
    """One kind of issue: its fixed severity, what happens to the row, and what it means."""

    name: str
    severity: Severity
    consequence: Consequence
    description: str


_TYPES: Final = (
    # file and header
    IssueType("invalid-encoding", "warning", "value-normalised",
              "the line is not valid UTF-8; it was decoded as Windows-1252"),
    IssueType("replacement-character", "warning", "none",
              "a value contains U+FFFD: characters were already lost before publication"),
    IssueType("column-renamed", "info", "value-normalised",
              "a header spelling seen in the wild was mapped to the standard column"),
    IssueType("column-ignored", "info", "none",
              "a column is not part of the format, or repeats one already read; not imported"),
    IssueType("column-missing", "warning", "field-blanked",
              "a column of the format is absent from the file; the field is blank for every row"),
    IssueType("extra-fields", "warning", "none",
              "the row has more cells than the header; the extra cells are not imported"),
    # whole rows
    IssueType("blank-row", "info", "row-rejected", "the row has no values"),
    IssueType("repeated-header", "error", "row-rejected", "the row repeats the header"),
    IssueType("council-unresolved", "error", "row-rejected",
              "no GSS code could be found for the row's council (lad_code, lookup or argument)"),
    IssueType("invalid-gss-code", "error", "row-rejected",
              "the gss_code is not a GSS code (a letter and eight digits, e.g. E07000069)"),
    IssueType("missing-required-value", "error", "row-rejected",
              "a value the partner-list template requires is blank"),
    IssueType("duplicate-reference", "warning", "none",
              "the same site_reference appears more than once in one version of a list"),
    # single values
    IssueType("missing-value", "warning", "none", "a value the standard requires is blank"),
    IssueType("value-normalised", "info", "value-normalised",
              "a codelist value differed only in case, spacing or punctuation"),
    IssueType("value-misspelt", "warning", "value-normalised",
              "a known misspelling or synonym of a codelist value was corrected"),
    IssueType("value-not-in-codelist", "warning", "field-blanked",
              "the value is not in the field's codelist; the raw value is kept in the issue"),
    IssueType("invalid-number", "warning", "field-blanked", "the value is not a number"),
    IssueType("unit-stripped", "info", "value-normalised",
              "a unit or thousands separator was removed from a number (e.g. '1.2 ha')"),
    IssueType("number-out-of-range", "warning", "none",
              "the number is outside the range the standard allows; kept as published"),
    IssueType("dwellings-defaulted", "info", "value-normalised",
              "a blank minimum/maximum was filled from the other dwelling figures"),
    IssueType("dwellings-range-inverted", "warning", "none",
              "minimum_net_dwellings is greater than maximum_net_dwellings"),
    IssueType("invalid-date", "warning", "field-blanked", "the value is not a date"),
    IssueType("date-format", "info", "value-normalised",
              "a date not in YYYY-MM-DD form (e.g. 31/03/2019) was read day-first"),
    IssueType("excel-zero-date", "warning", "field-blanked",
              "the date is 1899-12-30, Excel's day zero: an empty cell in the source sheet"),
    IssueType("future-date", "warning", "none", "the date is after the import date"),
    # coordinates and place
    IssueType("missing-coordinates", "warning", "none", "the row has no usable point"),
    IssueType("invalid-coordinates", "warning", "field-blanked",
              "the point is not a number pair of WGS84 or British National Grid magnitude"),
    IssueType("coordinates-converted", "info", "value-normalised",
              "the point was given as British National Grid easting/northing and converted"),
    IssueType("coordinates-swapped", "warning", "value-normalised",
              "longitude and latitude were given the wrong way round and were swapped"),
    IssueType("outside-england", "warning", "none", "the point lies outside England"),
    IssueType("outside-council", "warning", "none",
              "the point lies outside the boundary of the site's own council"),
)

ISSUE_TYPES: Final[dict[str, IssueType]] = {t.name: t for t in _TYPES}
"""The closed list of issue types, by name."""

ISSUE_COLUMNS: Final = (
    "source_file", "line", "field", "value", "issue_type", "severity", "message",
)


@dataclasses.dataclass(frozen=True)
class Issue:
    """One problem with one value (or row, or file) of a source file.

    ``line`` is the row number as a spreadsheet shows it (header = 1); 0 means the whole file.
    """

    source_file: str
    line: int
    field: str
    value: str
    issue_type: str
    severity: Severity
    message: str


class IssueLog:
    """An append-only log of issues, stored as column blocks so that logging is vectorised.

    Examples
    --------
    >>> log = IssueLog()
    >>> log.add("a.csv", 3, "hectares", "two", "invalid-number", "'two' is not a number")
    >>> log.counts_by_type()
    {'invalid-number': 1}
    >>> log.to_frame().loc[0, "severity"]
    'warning'
    """

    def __init__(self) -> None:
        self._blocks: list[pd.DataFrame] = []

    def add(
        self, source_file: str, line: int, field: str, value: str, issue_type: str, message: str
    ) -> None:
        """Log one issue; the severity comes from the issue type."""
        self.add_many(source_file, [line], field, [value], issue_type, [message])

    def add_many(
        self,
        source_file: str,
        lines: Sequence[int] | np.ndarray | pd.Series,
        field: str,
        values: Sequence[str] | np.ndarray | pd.Series,
        issue_type: str,
        messages: str | Sequence[str] | np.ndarray | pd.Series,
    ) -> None:
        """Log one issue per line, all of one type and field (the vectorised path)."""
        kind = ISSUE_TYPES.get(issue_type)
        if kind is None:
            raise ValueError(f"unknown issue type {issue_type!r}; see ISSUE_TYPES")
        line_array = np.asarray(lines, dtype="int64")
        if line_array.size == 0:
            return
        block = pd.DataFrame(
            {
                "source_file": source_file,
                "line": line_array,
                "field": field,
                "value": np.asarray(values, dtype=object).astype(str),
                "issue_type": issue_type,
                "severity": kind.severity,
                "message": (np.asarray(messages, dtype=object).astype(str)
                            if not isinstance(messages, str) else messages),
            }
        )
        self._blocks.append(block)

    def extend(self, other: IssueLog) -> None:
        """Append every issue of ``other``."""
        self._blocks.extend(other._blocks)

    def __len__(self) -> int:
        return sum(len(b) for b in self._blocks)

    def issues(self) -> list[Issue]:
        """The issues as :class:`Issue` objects (for small logs and tests)."""
        return [Issue(*row) for row in self.to_frame().itertuples(index=False)]

    def to_frame(self) -> pd.DataFrame:
        """All issues as one table with :data:`ISSUE_COLUMNS`, in the order they were logged."""
        if not self._blocks:
            return pd.DataFrame({c: pd.Series(dtype="int64" if c == "line" else "str")
                                 for c in ISSUE_COLUMNS})
        frame = pd.concat(self._blocks, ignore_index=True)
        return frame.loc[:, list(ISSUE_COLUMNS)]

    def counts_by_type(self) -> dict[str, int]:
        """Number of issues of each type, most frequent first."""
        frame = self.to_frame()
        return {str(k): int(v) for k, v in frame["issue_type"].value_counts().items()}

    def write_csv(self, path: Path) -> None:
        """Write the log as CSV (UTF-8, header row) to ``path``."""
        self.to_frame().to_csv(path, index=False)


def rejecting_types() -> frozenset[str]:
    """Names of the issue types whose consequence is to reject the row.

    Examples
    --------
    >>> sorted(rejecting_types())[:2]
    ['blank-row', 'council-unresolved']
    """
    return frozenset(t.name for t in _TYPES if t.consequence == "row-rejected")
