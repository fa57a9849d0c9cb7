"""The closed list of issue types and the issue log."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from partnerhomes.sites import issues, normalise, record


def test_every_error_rejects_its_row() -> None:
    for kind in issues.ISSUE_TYPES.values():
        if kind.severity == "error":
            assert kind.consequence == "row-rejected", kind.name


def test_unknown_issue_type_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown issue type"):
        issues.IssueLog().add("a.csv", 2, "x", "y", "made-up", "no such type")


def test_issue_log_writes_csv_with_the_documented_columns(tmp_path: Path) -> None:
    log = issues.IssueLog()
    log.add("a.csv", 3, "hectares", "two", "invalid-number", "not a number")
    log.write_csv(tmp_path / "issues.csv")
    back = pd.read_csv(tmp_path / "issues.csv")
    assert tuple(back.columns) == issues.ISSUE_COLUMNS
    assert back.loc[0, "severity"] == "warning"


def test_codelist_aliases_point_to_codelist_values() -> None:
    for field, table in normalise.codelist_aliases().items():
        assert set(table.values()) <= set(record.CODELISTS[field]), field


def test_methodology_page_documents_every_issue_type() -> None:
    page = Path(__file__).resolve().parents[2] / "docs" / "methodology" / "sites.md"
    text = page.read_text(encoding="utf-8")
    for name in issues.ISSUE_TYPES:
        assert f"`{name}`" in text, name
