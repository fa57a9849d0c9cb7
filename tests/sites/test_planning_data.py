"""The planning.data.gov.uk brownfield-land format, on a small file of our own making."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from partnerhomes.sites import planning_data

AS_AT = dt.date(2026, 11, 29)


def test_points_entities_and_kebab_fields_are_read(planning_data_sample: Path) -> None:
    table = planning_data.read_planning_data(planning_data_sample, as_at=AS_AT)
    sites = table.sites.set_index("site_reference")
    assert sites.loc["TEST-CP-1", "gss_code"] == "E07000069"  # entity 74, shipped lookup
    assert sites.loc["TEST-CP-1", "longitude"] == 0.566
    assert sites.loc["TEST-TH-1", "hectares"] == 1.2
    assert sites.loc["TEST-TH-1", "ownership_status"] == "not owned by a public authority"
    assert sites.loc["TEST-TH-1", "permission_date"] == pd.Timestamp("2023-11-30")
    assert sites.loc["TEST-CP-2", "site_name_address"] == "Made-up garage"


def test_unknown_entity_is_rejected_unless_a_lookup_resolves_it(
    planning_data_sample: Path,
) -> None:
    table = planning_data.read_planning_data(planning_data_sample, as_at=AS_AT)
    assert table.rejected["rejection_reason"].tolist() == ["council-unresolved"]
    resolved = planning_data.read_planning_data(planning_data_sample, as_at=AS_AT,
                                                gss_lookup={"999999": "E08000001"})
    assert resolved.rejected.empty


def test_entity_lookup_file_of_the_shared_data_resolves_gss(
    planning_data_sample: Path, brownfield: Path
) -> None:
    from partnerhomes.sites import councils

    lookup = councils.read_organisation_entity_lookup(
        brownfield / "planning-data-organisation-entity-to-lad24.csv")
    assert lookup["74"] == "E07000069"


def test_malformed_point_is_reported(planning_data_sample: Path) -> None:
    table = planning_data.read_planning_data(planning_data_sample, as_at=AS_AT)
    issues = table.issues.to_frame()
    bad = issues[(issues["issue_type"] == "invalid-coordinates") & (issues["field"] == "point")]
    assert bad["value"].tolist() == ["not a point"]
