"""Several versions of a register: newest kept, history kept, changes reported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from partnerhomes.sites import importer

AS_AT = dt.date(2026, 11, 29)


def test_all_versions_keeps_the_newest_version_of_each_register(brownfield: Path) -> None:
    result = importer.import_sites(
        [brownfield / "brownfield-land-south-essex-all-versions.csv"], as_at=AS_AT)
    assert result.rows_in == 400 and result.rows_accounted_for
    assert len(result.history) == 400
    by_council = result.sites.groupby("organisation").size().to_dict()
    assert by_council == {"local-authority-eng:BAI": 76, "local-authority-eng:BRW": 46,
                          "local-authority-eng:CAS": 41, "local-authority-eng:ROC": 23,
                          "local-authority-eng:SOS": 56, "local-authority-eng:THR": 24}
    castle_point = result.sites[result.sites["organisation"] == "local-authority-eng:CAS"]
    assert castle_point["last_updated_date"].max().date() == dt.date(2018, 10, 10)


def test_all_versions_reports_added_changed_and_removed_sites(brownfield: Path) -> None:
    result = importer.import_sites(
        [brownfield / "brownfield-land-south-essex-all-versions.csv"], as_at=AS_AT)
    changes = result.changes
    assert set(changes["organisation"]) == {"local-authority-eng:BAI", "local-authority-eng:BRW",
                                            "local-authority-eng:CAS"}
    counts = changes.groupby(["organisation", "change_type"]).size()
    # Basildon: 64 sites in 2018, 76 in 2019
    assert counts["local-authority-eng:BAI", "added"] - counts[
        "local-authority-eng:BAI", "removed"] == 76 - 64
    changed = changes[changes["change_type"] == "changed"]
    assert (changed["changed_fields"] != "").all()
    assert (changes["from_version"] != changes["to_version"]).all()


def test_single_version_has_no_changes(brownfield: Path) -> None:
    result = importer.import_sites([brownfield / "brownfield-land-south-essex-2020.csv"],
                                   as_at=AS_AT)
    assert result.changes.empty
    assert len(result.sites) == len(result.history) == 266
