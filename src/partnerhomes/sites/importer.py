"""Import site files into one checked set of tables, and write them out all-or-nothing.

:func:`import_sites` reads any mix of registers and partner lists, combines versions, and returns
an :class:`ImportResult`. It counts the data rows of each file independently of the readers and
reports whether ``rows_in == accepted + rejected`` holds (it always should; it is reported, not
asserted). :func:`write_import` writes the tables into a temporary folder and renames it into
place, so a failure leaves the target untouched. Reading never depends on where results are kept.

What this module does not represent: storage in a database (the web app stores the same tables),
or merging sites that different publishers list under different references.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pandas as pd

from partnerhomes.sites import build, geography, issues, reader, source, versions


@dataclasses.dataclass(frozen=True)
class ImportResult:
    """Everything an import produces. ``summary`` has one row per council (GSS code)."""

    sites: pd.DataFrame
    rejected: pd.DataFrame
    issues: pd.DataFrame
    history: pd.DataFrame
    changes: pd.DataFrame
    summary: pd.DataFrame
    files: tuple[str, ...]
    rows_in: int

    @property
    def n_accepted(self) -> int:
        """Rows accepted across all files and versions (the history)."""
        return len(self.history)

    @property
    def n_rejected(self) -> int:
        return len(self.rejected)

    @property
    def rows_accounted_for(self) -> bool:
        """Whether every data row read is either accepted or rejected."""
        return self.rows_in == self.n_accepted + self.n_rejected


def import_sites(
    paths: Sequence[Path],
    boundaries: Path | None = None,
    gss_code: str | None = None,
    organisation_entity_lookup: Path | None = None,
    as_at: dt.date | None = None,
    on_file: Callable[[Path], None] | None = None,
) -> ImportResult:
    """Read, check and combine site files.

    Parameters
    ----------
    paths : CSV or XLSX files in any supported format, in the order they should be read.
    boundaries : GeoJSON of council boundaries (``lad_code`` or ``LADyyCD`` properties).
    gss_code : council of single-council files whose rows carry no resolvable council.
    organisation_entity_lookup : planning.data.gov.uk organisation entity -> LAD24CD CSV.
    as_at : import date for ``future-date`` checks [default: today].
    on_file : called with each path before it is read (for progress display).

    Raises :class:`~partnerhomes.sites.source.SitesFileError` if any file cannot be read at all;
    nothing is returned for the other files in that case.
    """
    shapes = geography.read_boundaries(boundaries) if boundaries is not None else None
    lookup: Mapping[str, str] | None = None
    if organisation_entity_lookup is not None:
        lookup = _entity_lookup(organisation_entity_lookup)
    tables: list[build.SiteTable] = []
    rows_in = 0
    for path in paths:
        if on_file is not None:
            on_file(path)
        raw = source.read_table(path)
        rows_in += len(raw.cells)
        tables.append(reader.parse_sites(raw, path, gss_code, shapes, as_at, lookup))
    log = issues.IssueLog()
    for table in tables:
        log.extend(table.issues)
    accepted = pd.concat([t.sites for t in tables], ignore_index=True)
    rejected = pd.concat([t.rejected for t in tables], ignore_index=True)
    combined = versions.combine_versions(accepted)
    issue_frame = log.to_frame()
    return ImportResult(
        sites=combined.current,
        rejected=rejected,
        issues=issue_frame,
        history=combined.history,
        changes=combined.changes,
        summary=council_summary(combined.current, combined.history, rejected, issue_frame),
        files=tuple(str(p) for p in paths),
        rows_in=rows_in,
    )


def _entity_lookup(path: Path) -> dict[str, str]:
    from partnerhomes.sites import councils

    try:
        return councils.read_organisation_entity_lookup(path)
    except (OSError, ValueError) as exc:
        raise source.SitesFileError(path, str(exc)) from exc


def council_summary(
    sites: pd.DataFrame, history: pd.DataFrame, rejected: pd.DataFrame, issue_frame: pd.DataFrame
) -> pd.DataFrame:
    """Per council: current sites, dwellings (sum of maximum), hectares, issues by severity.

    Issues are attributed to a council through the row they concern; issues about a whole file
    (its header) are counted under a blank ``gss_code``.
    """
    totals = sites.groupby("gss_code").agg(
        sites=("site_reference", "size"),
        dwellings=("maximum_net_dwellings", "sum"),
        hectares=("hectares", "sum"),
    )
    row_council = pd.concat([
        history.loc[:, ["source_file", "source_line", "gss_code"]],
        rejected.loc[:, ["source_file", "source_line", "gss_code"]],
    ]).drop_duplicates(["source_file", "source_line"])
    located = issue_frame.merge(row_council, how="left", left_on=["source_file", "line"],
                                right_on=["source_file", "source_line"])
    located["gss_code"] = located["gss_code"].fillna("").astype("str")
    by_severity = pd.crosstab(located["gss_code"], located["severity"])
    summary = totals.join(by_severity, how="outer")
    for severity in ("error", "warning", "info"):
        if severity not in summary:
            summary[severity] = 0
    summary = summary.rename(columns={"error": "errors", "warning": "warnings"})
    summary = summary.fillna({"sites": 0, "dwellings": 0, "hectares": 0.0, "errors": 0,
                              "warnings": 0, "info": 0})
    summary = summary.astype({"sites": "int64", "dwellings": "int64", "errors": "int64",
                              "warnings": "int64", "info": "int64"})
    summary["hectares"] = summary["hectares"].astype("float64").round(3)
    summary.index.name = "gss_code"
    return summary.reset_index().loc[:, ["gss_code", "sites", "dwellings", "hectares", "errors",
                                          "warnings", "info"]]


def summary_document(result: ImportResult) -> dict[str, object]:
    """The import summary as plain JSON-ready data."""
    counts = result.issues["issue_type"].value_counts()
    severities = result.issues["severity"].value_counts()
    return {
        "files": list(result.files),
        "rows_in": result.rows_in,
        "accepted": result.n_accepted,
        "rejected": result.n_rejected,
        "rows_in_equals_accepted_plus_rejected": result.rows_accounted_for,
        "current_sites": len(result.sites),
        "superseded_rows": result.n_accepted - len(result.sites),
        "issues_by_severity": {str(k): int(v) for k, v in severities.items()},
        "issues_by_type": {str(k): int(v) for k, v in counts.items()},
        "changes_by_type": {str(k): int(v)
                            for k, v in result.changes["change_type"].value_counts().items()},
        "councils": json.loads(result.summary.to_json(orient="records")),
    }


OUTPUT_FILES = ("sites.csv", "sites.parquet", "history.csv", "rejected.csv", "issues.csv",
                "changes.csv", "summary.json")


def write_import(result: ImportResult, out_dir: Path) -> None:
    """Write :data:`OUTPUT_FILES` into ``out_dir``, replacing it whole or not at all."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        _write_tables(result, staging)
        if out_dir.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old.", dir=out_dir.parent))
            out_dir.rename(retired / out_dir.name)
            staging.rename(out_dir)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            staging.rename(out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _write_tables(result: ImportResult, folder: Path) -> None:
    result.sites.to_csv(folder / "sites.csv", index=False, date_format="%Y-%m-%d")
    result.sites.to_parquet(folder / "sites.parquet", index=False)
    result.history.to_csv(folder / "history.csv", index=False, date_format="%Y-%m-%d")
    result.rejected.to_csv(folder / "rejected.csv", index=False)
    result.issues.to_csv(folder / "issues.csv", index=False)
    result.changes.to_csv(folder / "changes.csv", index=False)
    (folder / "summary.json").write_text(
        json.dumps(summary_document(result), indent=2) + "\n", encoding="utf-8")
