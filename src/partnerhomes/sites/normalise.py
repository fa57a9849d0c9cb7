"""Vectorised normalisers from text cells to typed Site fields, logging what they change.

Every function takes a whole column (a pandas Series of strings, one per row) and returns the
typed column; problems become issues in the :class:`Context`'s log, never exceptions. Branches are
masks, and Python loops run only over a column's distinct values (a codelist has a handful).

What this module does not represent: anything specific to one file format (the readers map their
headers onto the canonical names first), coordinates (:mod:`partnerhomes.sites.geography`) or
councils (:mod:`partnerhomes.sites.councils`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Mapping
from importlib import resources
from typing import Final

import numpy as np
import pandas as pd
import yaml

from partnerhomes.sites import issues as issues_module

EXCEL_ZERO_DATE: Final = pd.Timestamp("1899-12-30")
"""Day zero of Excel's date serials: what an empty date cell becomes in some exports."""

_UNIT_SUFFIX = re.compile(r"(?i)\s*(hectares?|ha)\.?\s*$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_DATE_FORMATS: Final = (
    # (pattern the stripped text must match, strptime format, is ISO)
    (r"^\d{4}-\d{2}-\d{2}$", "%Y-%m-%d", True),
    (r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?(\.\d+)?Z?$", "ISO8601", True),
    (r"^\d{4}-\d{2}$", "%Y-%m", True),
    (r"^\d{4}$", "%Y", True),
    (r"^\d{1,2}/\d{1,2}/\d{4}$", "%d/%m/%Y", False),
    (r"^\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}(:\d{2})?$", "mixed-dayfirst", False),
    (r"^\d{1,2}-\d{1,2}-\d{4}$", "%d-%m-%Y", False),
    (r"^\d{1,2}\.\d{1,2}\.\d{4}$", "%d.%m.%Y", False),
    (r"^\d{4}/\d{2}/\d{2}$", "%Y/%m/%d", False),
)


@dataclasses.dataclass
class Context:
    """Where the rows come from, and the log their issues go to."""

    source_file: str
    lines: np.ndarray
    log: issues_module.IssueLog
    as_at: dt.date

    def report(
        self,
        mask: np.ndarray,
        field: str,
        values: pd.Series,
        issue_type: str,
        message: str | pd.Series,
    ) -> None:
        """Log one issue of ``issue_type`` for every row where ``mask`` is true."""
        if not mask.any():
            return
        chosen = message[mask] if isinstance(message, pd.Series) else message
        self.log.add_many(self.source_file, self.lines[mask], field,
                          values[mask].astype(str).str.slice(0, 200), issue_type, chosen)


def stripped(values: pd.Series) -> pd.Series:
    """Cells with surrounding whitespace removed and internal runs of whitespace collapsed.

    Examples
    --------
    >>> stripped(pd.Series(["  a   b ", ""])).tolist()
    ['a b', '']
    """
    text = values.astype("str").str.strip()
    untidy = np.zeros(len(text), dtype=bool)
    for space in ("  ", "\t", "\r", "\n", "\xa0"):  # plain searches are vectorised; regex is not
        untidy |= text.str.contains(space, regex=False).to_numpy(dtype=bool)
    if untidy.any():  # the regex replace runs in Python, so only where needed
        text = text.copy()
        text.loc[untidy] = text.loc[untidy].str.replace(r"\s+", " ", regex=True)
    return text


def numbers(
    ctx: Context,
    values: pd.Series,
    field: str,
    minimum: float | None = None,
    maximum: float | None = None,
) -> pd.Series:
    """Parse numbers; strip units ('ha') and thousands separators; blank what is not a number.

    Values outside ``[minimum, maximum]`` are kept and reported as ``number-out-of-range``.
    """
    text = stripped(values)
    blank = (text == "").to_numpy(dtype=bool)
    parsed = pd.to_numeric(text.where(~blank, None), errors="coerce").astype("float64")
    failed = parsed.isna().to_numpy(dtype=bool) & ~blank
    if failed.any():
        cleaned = text[failed].str.replace(_UNIT_SUFFIX, "", regex=True).str.rstrip(".")
        thousands = cleaned.str.match(_THOUSANDS)
        cleaned = cleaned.where(~thousands, cleaned.str.replace(",", "", regex=False))
        rescued = pd.to_numeric(cleaned, errors="coerce").astype("float64")
        parsed.loc[failed] = rescued.to_numpy()
        rescued_mask = np.zeros(len(text), dtype=bool)
        rescued_mask[np.flatnonzero(failed)] = rescued.notna().to_numpy(dtype=bool)
        ctx.report(rescued_mask, field, values, "unit-stripped",
                   f"{field}: unit or separator removed")
    finite = np.isfinite(parsed.to_numpy(dtype="float64"))
    invalid = ~blank & ~finite
    parsed = parsed.where(finite)
    ctx.report(invalid, field, values, "invalid-number", f"{field}: not a number, left blank")
    out_of_range = np.zeros(len(text), dtype=bool)
    if minimum is not None:
        out_of_range |= (parsed < minimum).to_numpy(dtype=bool)
    if maximum is not None:
        out_of_range |= (parsed > maximum).to_numpy(dtype=bool)
    ctx.report(out_of_range, field, values, "number-out-of-range",
               f"{field}: outside [{minimum}, {maximum}], kept as published")
    return parsed.reset_index(drop=True)


def integers(ctx: Context, values: pd.Series, field: str) -> pd.Series:
    """Parse whole numbers (``Int64``); a fractional value is reported and left blank."""
    parsed = numbers(ctx, values, field)
    fractional = (parsed.notna() & (parsed != parsed.round())).to_numpy(dtype=bool)
    ctx.report(fractional, field, values.reset_index(drop=True), "invalid-number",
               f"{field}: not a whole number, left blank")
    return parsed.where(~fractional).round().astype("Int64")


def dates(ctx: Context, values: pd.Series, field: str) -> pd.Series:
    """Parse dates: ISO ``YYYY-MM-DD`` (or ``YYYY-MM``, ``YYYY``), else day-first forms.

    Excel's day zero (1899-12-30) is blanked; dates after ``ctx.as_at`` are kept and reported.
    """
    text = stripped(values).reset_index(drop=True)
    raw = values.reset_index(drop=True)
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[s]")
    matched = np.zeros(len(text), dtype=bool)
    not_iso = np.zeros(len(text), dtype=bool)
    for pattern, fmt, is_iso in _DATE_FORMATS:
        mask = text.str.match(pattern).to_numpy(dtype=bool) & ~matched
        if not mask.any():
            continue
        chosen = text[mask]
        if fmt == "mixed-dayfirst":
            parsed = pd.to_datetime(chosen, format="mixed", dayfirst=True, errors="coerce")
        elif fmt == "ISO8601":
            parsed = pd.to_datetime(chosen, format="ISO8601", errors="coerce")
        else:
            parsed = pd.to_datetime(chosen, format=fmt, errors="coerce")
        out.loc[mask] = parsed.dt.normalize().astype("datetime64[s]").to_numpy()
        matched |= mask
        if not is_iso:
            not_iso |= mask
    blank = (text == "").to_numpy(dtype=bool)
    parsed_ok = out.notna().to_numpy(dtype=bool)
    ctx.report(~blank & ~parsed_ok, field, raw, "invalid-date", f"{field}: not a date, left blank")
    ctx.report(not_iso & parsed_ok, field, raw, "date-format",
               f"{field}: read day-first as " + out.dt.strftime("%Y-%m-%d").fillna(""))
    zero = (out == EXCEL_ZERO_DATE).to_numpy(dtype=bool)
    ctx.report(zero, field, raw, "excel-zero-date", f"{field}: Excel day zero, left blank")
    out = out.where(~zero)
    future = (out > pd.Timestamp(ctx.as_at)).to_numpy(dtype=bool)
    ctx.report(future, field, raw, "future-date",
               f"{field}: after the import date {ctx.as_at.isoformat()}, kept as published")
    return out


def folded(value: str) -> str:
    """A codelist value folded for matching: lower case, punctuation to spaces, single spaces.

    Examples
    --------
    >>> folded("  Not  Permissioned. ")
    'not permissioned'
    """
    return " ".join(re.sub(r"[^0-9a-z]+", " ", value.lower()).split())


@functools.cache
def codelist_aliases() -> dict[str, dict[str, str]]:
    """Known misspellings and synonyms of codelist values, by Site column (package data)."""
    text = resources.files("partnerhomes.sites").joinpath("codelist_aliases.yaml").read_text(
        encoding="utf-8")
    loaded = yaml.safe_load(text)
    return {field: {folded(k): v for k, v in table.items()}
            for field, table in loaded["aliases"].items()}


def codelist(
    ctx: Context,
    values: pd.Series,
    field: str,
    allowed: tuple[str, ...],
    aliases: Mapping[str, str] | None = None,
) -> pd.Series:
    """Map values onto a closed codelist; fix case and known misspellings; blank the rest.

    Matching folds case, spacing and punctuation (``value-normalised``, info); a folded value
    in ``aliases`` is corrected (``value-misspelt``, warning); anything else is blanked with
    its raw value kept in the issue (``value-not-in-codelist``, warning).
    """
    raw = values.reset_index(drop=True).astype("str")
    by_fold = {folded(v): v for v in allowed}
    by_fold_alias = dict(aliases or {})
    mapping: dict[str, tuple[str, str | None]] = {}
    for value in raw.unique():
        text = str(value)
        key = folded(text)
        if text in allowed or key == "":
            mapping[text] = (text if key else "", None)
        elif key in by_fold:
            mapping[text] = (by_fold[key], "value-normalised")
        elif key in by_fold_alias:
            mapping[text] = (by_fold_alias[key], "value-misspelt")
        else:
            mapping[text] = ("", "value-not-in-codelist")
    result = raw.map({k: v[0] for k, v in mapping.items()}).astype("str")
    kinds = raw.map({k: v[1] or "" for k, v in mapping.items()})
    allowed_text = " | ".join(allowed)
    for kind, message in (
        ("value-normalised", f"{field}: written as '" + result + "'"),
        ("value-misspelt", f"{field}: corrected to '" + result + "'"),
        ("value-not-in-codelist", pd.Series(f"{field}: not one of {allowed_text}; left blank",
                                            index=raw.index)),
    ):
        ctx.report((kinds == kind).to_numpy(dtype=bool), field, raw, kind, message)
    return result


_TRUE_WORDS: Final = frozenset({"yes", "y", "true", "1", "deliverable"})
_FALSE_WORDS: Final = frozenset({"no", "n", "false", "0"})


def flags(ctx: Context, values: pd.Series, field: str, blank_is_false: bool) -> pd.Series:
    """Parse a yes/blank flag to ``boolean``; 'no', 'y', 'true' and friends are normalised.

    In the 2017 standard a blank flag means "no" (``blank_is_false``); in a partner list it
    means unknown.
    """
    raw = values.reset_index(drop=True).astype("str")
    key = raw.map({v: folded(v) for v in raw.unique()})
    is_true = key.isin(_TRUE_WORDS).to_numpy(dtype=bool)
    is_false = key.isin(_FALSE_WORDS).to_numpy(dtype=bool)
    blank = (key == "").to_numpy(dtype=bool)
    out = pd.Series(pd.NA, index=raw.index, dtype="boolean")
    out[is_true] = True
    out[is_false | (blank & blank_is_false)] = False
    ctx.report((is_true | is_false) & (raw != "yes").to_numpy(dtype=bool), field, raw,
               "value-normalised", f"{field}: read as yes/no")
    ctx.report(~(is_true | is_false | blank), field, raw, "value-not-in-codelist",
               f"{field}: not 'yes' or blank; left blank")
    return out


def report_missing(ctx: Context, values: pd.Series, field: str, issue_type: str) -> np.ndarray:
    """Report blank values of a required field; return the mask of blank rows."""
    raw = values.reset_index(drop=True)
    blank = raw.isna().to_numpy(dtype=bool).copy()
    if raw.dtype == "str" or raw.dtype == object:
        blank |= (raw.astype("str").str.strip() == "").to_numpy(dtype=bool)
    ctx.report(blank, field, raw.astype("str"), issue_type, f"{field}: required, but blank")
    return blank
