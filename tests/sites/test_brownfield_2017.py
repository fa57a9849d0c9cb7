"""Reading 2017-standard registers: headers, codelists, numbers, dates, councils, real defects."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from partnerhomes.sites import brownfield_2017, build, source

AS_AT = dt.date(2026, 11, 29)
HEADER = ("SiteReference,SiteNameAddress,GeoX,GeoY,Hectares,OwnershipStatus,PlanningStatus,"
          "PermissionType,NetDwellingsRangeFrom,NetDwellingsRangeTo,Deliverable,FirstAddedDate,"
          "LastUpdatedDate\n")


def _issues(table: build.SiteTable) -> pd.DataFrame:
    return table.issues.to_frame()


def test_every_header_typo_of_the_shared_schema_is_in_the_alias_table(brownfield: Path) -> None:
    schema = json.loads((brownfield / "schema" / "brownfield-land-2017-standard-schema.json")
                        .read_text(encoding="utf-8"))
    table = brownfield_2017.column_table()
    for field in schema["fields"]:
        for typo in [field["name"], *field.get("digital-land", {}).get("typos", [])]:
            spec = table.get(source.normalised_name(typo))
            assert spec is not None, typo
            assert spec.standard == field["name"], (typo, spec)


def test_south_essex_2020_reads_all_266_rows_with_manifest_dwellings(brownfield: Path) -> None:
    table = brownfield_2017.read_brownfield_2017(
        brownfield / "brownfield-land-south-essex-2020.csv", as_at=AS_AT)
    assert len(table.sites) + len(table.rejected) == 266
    assert len(table.rejected) == 0
    dwellings = table.sites.groupby("gss_code")["maximum_net_dwellings"].sum()
    assert dwellings["E07000066"] == 2716  # Basildon, MANIFEST §1a
    assert dwellings["E06000033"] == 4998  # Southend
    assert table.sites["hectares"].sum() == np.float64(table.sites["hectares"].sum())
    assert abs(table.sites["hectares"].sum() - 292) < 1  # "total area ≈ 292 ha"


def test_thurrock_not_permissioned_is_normalised_and_logged(brownfield: Path) -> None:
    table = brownfield_2017.read_brownfield_2017(
        brownfield / "brownfield-land-south-essex-2020.csv", as_at=AS_AT)
    thurrock = table.sites[table.sites["gss_code"] == "E06000034"]
    raw = pd.read_csv(brownfield / "brownfield-land-south-essex-2020.csv", dtype="str",
                      keep_default_na=False)
    n_published = (raw["PlanningStatus"] == "Not permissioned").sum()
    assert n_published > 0
    assert (thurrock["planning_status"] == "not permissioned").sum() == n_published
    issues = _issues(table)
    logged = issues[(issues["issue_type"] == "value-normalised")
                    & (issues["value"] == "Not permissioned")]
    assert len(logged) == n_published
    assert set(logged["severity"]) == {"info"}


def test_thurrock_blank_dwellings_are_missing_value_warnings(brownfield: Path) -> None:
    table = brownfield_2017.read_brownfield_2017(
        brownfield / "brownfield-land-south-essex-2020.csv", as_at=AS_AT)
    issues = _issues(table)
    missing = issues[(issues["issue_type"] == "missing-value")
                     & (issues["field"] == "maximum_net_dwellings")]
    assert len(missing) == 24


def test_england_accounts_for_every_row(england: build.SiteTable) -> None:
    assert len(england.sites) + len(england.rejected) == 22_818


def test_england_repeated_header_row_is_rejected_as_an_error(england: build.SiteTable) -> None:
    issues = _issues(england)
    header = issues[issues["issue_type"] == "repeated-header"]
    assert len(header) == 1
    assert header["severity"].item() == "error"
    assert (england.rejected["rejection_reason"] == "repeated-header").sum() == 1


def test_england_known_defects_are_reported(england: build.SiteTable) -> None:
    issues = _issues(england)
    counts = issues.groupby(["issue_type", "field"]).size()
    assert counts[("excel-zero-date", "last_updated_date")] == 22
    assert counts[("future-date", "last_updated_date")] >= 38  # 2027-12-15, MANIFEST §1c
    hectares_bad = counts[("invalid-number", "hectares")]
    assert hectares_bad >= 30
    rows_with_fffd = issues.loc[issues["issue_type"] == "replacement-character", "line"]
    assert rows_with_fffd.nunique() == 6
    misspelt = set(issues.loc[issues["issue_type"] == "value-misspelt", "value"])
    assert {"Ouline permission", "permission in princple",
            "Not owned by apublic authority"} <= misspelt
    out_of_list = set(issues.loc[issues["issue_type"] == "value-not-in-codelist", "value"])
    assert {"completed", "REC", "allocation", "Ministry of Defense"} <= out_of_list


def test_england_points_in_ireland_are_flagged_outside_england(england: build.SiteTable) -> None:
    sites = england.sites
    in_ireland = sites[(sites["longitude"] < -6.0) & (sites["latitude"] > 53.5)]
    assert len(in_ireland) >= 46  # Hastings, Chichester, Isle of Wight (MANIFEST §1c)
    issues = _issues(england)
    flagged = issues.loc[issues["issue_type"] == "outside-england", "line"]
    assert set(in_ireland["source_line"]) <= set(flagged)


def test_england_rows_without_a_council_are_rejected_with_the_reason(
    england: build.SiteTable,
) -> None:
    rejected = england.rejected
    unresolved = rejected[rejected["rejection_reason"] == "council-unresolved"]
    assert len(unresolved) > 0
    assert unresolved["organisation"].str.contains("national-park|development-corporation|"
                                                   "SWT|LCR").all()


def test_british_national_grid_points_are_converted_per_row(
    make_file: Callable[..., Path],
) -> None:
    path = make_file("bng.csv", HEADER
                     + "A1,Somewhere,580000,188000,1,,,,10,10,yes,2020-01-01,2020-01-01\n"
                     + "A2,Elsewhere,0.52,51.61,1,,,,10,10,,2020-01-01,2020-01-01\n")
    table = brownfield_2017.read_brownfield_2017(path, gss_code="E07000066", as_at=AS_AT)
    sites = table.sites
    assert sites.loc[0, "easting"] == 580000
    assert 0.5 < sites.loc[0, "longitude"] < 0.65 and 51.5 < sites.loc[0, "latitude"] < 51.6
    assert 570_000 < sites.loc[1, "easting"] < 580_000
    converted = _issues(table).query("issue_type == 'coordinates-converted'")
    assert converted["line"].tolist() == [2]


def test_codelist_values_outside_the_list_are_blanked_and_kept_in_the_issue(
    make_file: Callable[..., Path],
) -> None:
    path = make_file("codes.csv", HEADER
                     + "A1,X,0.5,51.6,1,Ministry of Defense,completed,Ouline permission,"
                       "1,2,Developable,2020-01-01,1899-12-30\n")
    table = brownfield_2017.read_brownfield_2017(path, gss_code="E07000066", as_at=AS_AT)
    row = table.sites.iloc[0]
    assert row["ownership_status"] == "" and row["planning_status"] == ""
    assert row["permission_type"] == "outline planning permission"
    assert pd.isna(row["is_deliverable"]) and pd.isna(row["last_updated_date"])
    kinds = dict(zip(_issues(table)["value"], _issues(table)["issue_type"], strict=True))
    assert kinds["Ministry of Defense"] == "value-not-in-codelist"
    assert kinds["completed"] == "value-not-in-codelist"
    assert kinds["Ouline permission"] == "value-misspelt"
    assert kinds["1899-12-30"] == "excel-zero-date"


def test_dwellings_default_from_the_other_range_figures_and_are_logged(
    make_file: Callable[..., Path],
) -> None:
    path = make_file("dwell.csv", "SiteReference,SiteNameAddress,GeoX,GeoY,Hectares,"
                     "MinNetDwellings,NetDwellingsRangeFrom,NetDwellingsRangeTo\n"
                     "A1,X,0.5,51.6,1,5,,\nA2,X,0.5,51.6,1,,,9\n")
    table = brownfield_2017.read_brownfield_2017(path, gss_code="E07000066", as_at=AS_AT)
    assert table.sites["minimum_net_dwellings"].tolist() == [5, 9]
    assert table.sites["maximum_net_dwellings"].tolist() == [5, 9]
    assert (_issues(table)["issue_type"] == "dwellings-defaulted").sum() == 3


def test_header_typos_are_renamed_and_logged(make_file: Callable[..., Path]) -> None:
    path = make_file("typos.csv", "Site Ref,Site Name Address,Eastings,Northings,Site area (ha)\n"
                     "A1,X,580000,188000,1.5 ha\n")
    table = brownfield_2017.read_brownfield_2017(path, gss_code="E07000066", as_at=AS_AT)
    assert table.sites.loc[0, "hectares"] == 1.5
    renamed = _issues(table).query("issue_type == 'column-renamed'")
    assert set(renamed["field"]) == {"SiteReference", "SiteNameAddress", "GeoX", "GeoY",
                                     "Hectares"}


def test_file_without_council_and_without_gss_argument_rejects_every_row(
    make_file: Callable[..., Path],
) -> None:
    path = make_file("nocouncil.csv", HEADER + "A1,X,0.5,51.6,1,,,,1,2,,,\n")
    table = brownfield_2017.read_brownfield_2017(path, as_at=AS_AT)
    assert len(table.sites) == 0
    assert table.rejected["rejection_reason"].tolist() == ["council-unresolved"]


def test_non_utf8_file_is_decoded_and_its_rows_logged(make_file: Callable[..., Path]) -> None:
    path = make_file("cp1252.csv", HEADER + "A1,Caf\u00e9 \u00a3 site,0.5,51.6,1,,,,1,2,,,\n"
                     + "A2,Plain,0.5,51.6,1,,,,1,2,,,\n", encoding="cp1252")
    table = brownfield_2017.read_brownfield_2017(path, gss_code="E07000066", as_at=AS_AT)
    assert table.sites.loc[0, "site_name_address"] == "Caf\u00e9 \u00a3 site"
    encoding = _issues(table).query("issue_type == 'invalid-encoding'")
    assert encoding["line"].tolist() == [2]
