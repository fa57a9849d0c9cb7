"""The importer: invariant, per-council summary, atomic writing."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from partnerhomes.sites import importer, record


def test_south_essex_rows_in_equals_accepted_plus_rejected(
    south_essex_import: importer.ImportResult,
) -> None:
    assert south_essex_import.rows_in == 266
    assert south_essex_import.rows_accounted_for


def test_england_every_row_accounted_for(england_import: importer.ImportResult) -> None:
    assert england_import.rows_in == 22_818
    assert england_import.n_accepted + england_import.n_rejected == 22_818


def test_summary_has_one_row_per_council_with_sites_dwellings_hectares_and_issues(
    south_essex_import: importer.ImportResult,
) -> None:
    summary = south_essex_import.summary.set_index("gss_code")
    assert summary.loc["E07000069", "sites"] == 41
    assert summary.loc["E07000069", "dwellings"] == 519
    assert summary.loc["E07000069", "warnings"] >= 1  # CP0013
    assert list(summary.columns) == ["sites", "dwellings", "hectares", "errors", "warnings",
                                     "info"]


def test_write_import_writes_every_table(
    south_essex_import: importer.ImportResult, tmp_path: Path
) -> None:
    out = tmp_path / "import"
    importer.write_import(south_essex_import, out)
    assert sorted(p.name for p in out.iterdir()) == sorted(importer.OUTPUT_FILES)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["rows_in_equals_accepted_plus_rejected"] is True
    back = pd.read_parquet(out / "sites.parquet")
    assert list(back.columns) == list(record.SITE_COLUMNS)
    assert len(back) == 266


def test_write_import_failure_leaves_the_previous_output_untouched(
    south_essex_import: importer.ImportResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "import"
    out.mkdir()
    (out / "keep.txt").write_text("earlier import")

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", fail)
    with pytest.raises(OSError, match="disk full"):
        importer.write_import(south_essex_import, out)
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["import"]
