"""Turn a file on disk (CSV or XLSX) into a table of strings, or fail with one clear error.

Every cell is read as text first; the readers convert types afterwards, column by column, so no
value is lost to a parser's guess. Row numbers are those a spreadsheet shows (header = 1), counting
blank rows, so a council can find a reported row in Excel.

What this module does not represent: the meaning of any column (that is the readers' job), or
formats other than delimited text with a comma and Office Open XML workbooks. Legacy ``.xls``,
semicolon- or tab-delimited files and ODS are refused with a :class:`SitesFileError`.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
import sys
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from partnerhomes.sites import issues as issues_module

_SNIFF_BYTES = 8192
_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy binary Office files (.xls)
_NOT_ALPHANUMERIC = re.compile(r"[^0-9a-z]")
_LONGEST_HEADER = 60  # [characters] longer cells are not taken for a repeated header name


class SitesFileError(Exception):
    """A file that cannot be read as a site list at all. Nothing from it is imported.

    Examples
    --------
    >>> str(SitesFileError("sites.csv", "the file is empty"))
    'sites.csv: the file is empty'
    >>> str(SitesFileError("sites.csv", "no header", line=4))
    'sites.csv, line 4: no header'
    """

    def __init__(self, path: str | Path, problem: str, line: int | None = None) -> None:
        self.path = str(path)
        self.problem = problem
        self.line = line
        where = self.path if line is None else f"{self.path}, line {line}"
        super().__init__(f"{where}: {problem}")


@dataclasses.dataclass
class RawTable:
    """A file's header and cells, all as strings, with the row number of each data row.

    ``cells`` has one column per header position (``0 .. n-1``) so that repeated or blank header
    names survive; ``lines`` holds the spreadsheet row number of each row of ``cells``.
    """

    source_file: str
    header: tuple[str, ...]
    cells: pd.DataFrame
    lines: np.ndarray
    issues: issues_module.IssueLog


def read_table(path: Path) -> RawTable:
    """Read ``path`` (CSV or XLSX, detected from its bytes) into a :class:`RawTable`.

    Raises :class:`SitesFileError` when the file is missing, empty, binary, or has no header.
    """
    if not path.is_file():
        raise SitesFileError(path, "no such file")
    data = path.read_bytes()
    if not data.strip():
        raise SitesFileError(path, "the file is empty")
    if data.startswith(_XLSX_MAGIC):
        rows = _xlsx_rows(path)
        return _table_from_rows(path, rows, issues_module.IssueLog())
    if data.startswith(_OLE_MAGIC):
        raise SitesFileError(path, "a legacy .xls workbook; save it as .xlsx or CSV (UTF-8)")
    log = issues_module.IssueLog()
    text, bad_physical_lines = _decode(path, data)
    rows, record_ends = _csv_rows(path, text)
    table = _table_from_rows(path, rows, log)
    if bad_physical_lines:
        _log_encoding(table, bad_physical_lines, record_ends)
    _log_replacement_characters(table)
    return table


def _decode(path: Path, data: bytes) -> tuple[str, list[int]]:
    """Decode as UTF-8; lines that are not UTF-8 are decoded as Windows-1252 and reported."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), []
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise SitesFileError(path, "a binary file (it contains NUL bytes), not CSV or XLSX")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    parts: list[str] = []
    bad: list[int] = []
    for number, raw_line in enumerate(data.splitlines(keepends=True), start=1):
        try:
            parts.append(raw_line.decode("utf-8"))
        except UnicodeDecodeError:
            parts.append(raw_line.decode("cp1252", errors="replace"))
            bad.append(number)
    text = "".join(parts)
    return text.removeprefix("\ufeff"), bad


def _csv_rows(path: Path, text: str) -> tuple[list[list[str]], np.ndarray]:
    """Split text into records; also return the physical line on which each record ends."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    reader = csv.reader(io.StringIO(text, newline=""), strict=False)
    rows: list[list[str]] = []
    ends: list[int] = []
    try:
        for row in reader:
            rows.append(row)
            ends.append(reader.line_num)
    except csv.Error as exc:
        raise SitesFileError(path, f"not readable as CSV ({exc})", line=len(rows) + 1) from exc
    return rows, np.asarray(ends, dtype="int64")


def _xlsx_rows(path: Path) -> list[list[str]]:
    """Rows of the 'sites' sheet (else the first sheet) of a workbook, as strings."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise SitesFileError(path, f"not a readable XLSX workbook ({exc})") from exc
    try:
        sheet = book["sites"] if "sites" in book.sheetnames else book.worksheets[0]
        return [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _cell_text(value: object) -> str:
    """A workbook cell as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _table_from_rows(
    path: Path,
    rows: list[list[str]],
    log: issues_module.IssueLog,
) -> RawTable:
    """Find the header (the first non-blank row) and square the data rows to its width."""
    header_index = next((i for i, row in enumerate(rows) if any(c.strip() for c in row)), None)
    if header_index is None:
        raise SitesFileError(path, "the file has no rows with values")
    header = tuple(c.strip() for c in rows[header_index])
    while header and not header[-1]:
        header = header[:-1]
    if len(header) < 2:
        problem = "the header has only one column"
        if any(sep in header[0] for sep in (";", "\t", "|")) if header else False:
            problem += "; the file seems to be delimited by ';', tab or '|' rather than ','"
        raise SitesFileError(path, problem, line=header_index + 1)
    width = len(header)
    body = rows[header_index + 1 :]
    lines = np.arange(header_index + 2, header_index + 2 + len(body), dtype="int64")
    extras = [(i, row[width:]) for i, row in enumerate(body) if len(row) > width]
    squared = [row[:width] if len(row) >= width else row + [""] * (width - len(row))
               for row in body]
    cells = pd.DataFrame(squared, columns=range(width), dtype="str") if squared else (
        pd.DataFrame({i: pd.Series(dtype="str") for i in range(width)}))
    for i, extra in extras:
        if any(c.strip() for c in extra):
            log.add(path.name, int(lines[i]), "", "|".join(extra), "extra-fields",
                    f"{len(extra)} cell(s) beyond the {width} header columns were not imported")
    return RawTable(path.name, header, cells, lines, log)


def _log_encoding(table: RawTable, bad_physical: Sequence[int], record_ends: np.ndarray) -> None:
    """Report each data row that contained bytes which were not UTF-8."""
    records = np.searchsorted(record_ends, np.asarray(bad_physical), side="left")
    row_numbers = np.unique(records + 1)  # records are 0-based; spreadsheet rows are 1-based
    table.issues.add_many(
        table.source_file, row_numbers, "", [""] * len(row_numbers), "invalid-encoding",
        "the row is not valid UTF-8 and was decoded as Windows-1252; check accented letters and £",
    )


def _log_replacement_characters(table: RawTable) -> None:
    """Report each value that contains U+FFFD (characters lost before the file reached us)."""
    for position, name in enumerate(table.header):
        column = table.cells[position]
        mask = column.str.contains("\ufffd", regex=False).to_numpy(dtype=bool)
        if mask.any():
            table.issues.add_many(
                table.source_file, table.lines[mask], name, column[mask].str.slice(0, 200),
                "replacement-character",
                "the value contains U+FFFD: some characters were lost before publication",
            )


def normalised_name(name: str) -> str:
    """A header name folded for matching: lower case, letters and digits only.

    Examples
    --------
    >>> normalised_name("Site Name, Address")
    'sitenameaddress'
    >>> normalised_name("minimum-net-dwellings") == normalised_name("MinimumNetDwellings")
    True
    """
    return _NOT_ALPHANUMERIC.sub("", name.lower())


def blank_rows(cells: pd.DataFrame) -> np.ndarray:
    """Boolean mask of rows whose cells are all blank or whitespace."""
    if cells.shape[1] == 0:
        return np.ones(len(cells), dtype=bool)
    filled = np.zeros(len(cells), dtype=bool)
    for position in cells.columns:
        filled |= cells[position].str.strip().ne("").to_numpy(dtype=bool)
    return ~filled


def join_names(names: Iterable[str]) -> str:
    """Names as a readable, quoted list for messages."""
    return ", ".join(f"'{n}'" for n in names)


@dataclasses.dataclass(frozen=True)
class ColumnSpec:
    """What a folded header name means in one format: the field it fills and its standard name.

    ``field`` is ``None`` for a known column that is read but not imported.
    """

    field: str | None
    standard: str


def map_columns(
    table: RawTable, columns: dict[str, ColumnSpec], format_label: str
) -> dict[str, int]:
    """Match the header against ``columns`` (folded name -> spec); return field -> position.

    Logs ``column-renamed`` for a known variant spelling and ``column-ignored`` for a column
    that is unknown, not imported, or repeats a field already matched (the first one wins).
    """
    positions: dict[str, int] = {}
    for position, name in enumerate(table.header):
        spec = columns.get(normalised_name(name))
        if spec is None:
            if name:
                table.issues.add(table.source_file, 1, name, name, "column-ignored",
                                 f"'{name}' is not a column of the {format_label} format")
            continue
        if spec.field is None:
            table.issues.add(table.source_file, 1, spec.standard, name, "column-ignored",
                             f"'{name}' is read but not imported")
        elif spec.field in positions:
            first = table.header[positions[spec.field]]
            table.issues.add(table.source_file, 1, spec.standard, name, "column-ignored",
                             f"'{name}' repeats '{first}' ({spec.standard}); the first is used")
        else:
            positions[spec.field] = position
            if name != spec.standard:
                table.issues.add(table.source_file, 1, spec.standard, name, "column-renamed",
                                 f"header '{name}' read as {spec.standard}")
    return positions


def report_missing_columns(
    table: RawTable, positions: dict[str, int], expected: dict[str, str]
) -> None:
    """Log ``column-missing`` for each expected field (field -> standard name) not matched."""
    for field, standard in expected.items():
        if field not in positions:
            table.issues.add(table.source_file, 1, standard, "", "column-missing",
                             f"the file has no {standard} column; {field} is blank throughout")


def repeated_header_rows(table: RawTable, positions: dict[str, int],
                         columns: dict[str, ColumnSpec]) -> np.ndarray:
    """Mask of rows in which at least three cells are header names of the format."""
    names = set(columns)
    hits = np.zeros(len(table.cells), dtype=np.int64)
    for position in positions.values():
        cells = table.cells[position]
        short = (cells.str.len() <= _LONGEST_HEADER).to_numpy(dtype=bool)
        folded = {v: normalised_name(v) in names for v in cells[short].unique()}
        hits[short] += cells[short].map(folded).to_numpy(dtype=np.int64)
    return hits >= 3
