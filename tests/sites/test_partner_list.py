"""Partner site lists: required columns, defaults, CSV and XLSX, the template."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl

from partnerhomes.sites import partner_list, reader

AS_AT = dt.date(2026, 11, 29)
HEADER = ("owner_organisation,gss_code,site_reference,site_name_address,category,hectares,"
          "maximum_net_dwellings,longitude,latitude,easting,northing,pipeline_stage,land_type\n")


def test_partner_list_applies_documented_defaults(make_file: Callable[..., Path]) -> None:
    path = make_file("partner.csv", HEADER
                     + "Castle Point BC,E07000069,CPB-1,Depot,brownfield_register,0.5,20,"
                       "0.57,51.55,,,,\n"
                     + "Castle Point BC,E07000069,CPB-2,Field,council_land,2,60,,,580000,"
                       "188000,appraised,greenfield\n")
    table = partner_list.read_partner_list(path, as_at=AS_AT)
    sites = table.sites
    assert len(sites) == 2 and table.rejected.empty
    assert sites["organisation"].tolist() == ["Castle Point BC"] * 2
    assert sites["pipeline_stage"].tolist() == ["identified", "appraised"]
    assert sites["land_type"].tolist() == ["brownfield", "greenfield"]
    assert sites["source_format"].tolist() == ["partner_list"] * 2
    assert sites.loc[1, "easting"] == 580000


def test_partner_rows_missing_required_values_are_rejected(
    make_file: Callable[..., Path],
) -> None:
    path = make_file("partner.csv", HEADER
                     + "HA One,E07000069,,No ref,council_land,1,5,0.5,51.5,,,,\n"
                     + "HA One,E0700,R2,Bad code,council_land,1,5,0.5,51.5,,,,\n"
                     + "HA One,E07000069,R3,No point,council_land,1,5,,,,,,\n"
                     + "HA One,E07000069,R4,Bad category,castle,1,5,0.5,51.5,,,,\n")
    table = partner_list.read_partner_list(path, as_at=AS_AT)
    assert table.sites.empty
    assert table.rejected["rejection_reason"].tolist() == [
        "missing-required-value", "invalid-gss-code", "missing-required-value",
        "missing-required-value"]


def test_csv_template_has_the_canonical_columns(tmp_path: Path) -> None:
    out = tmp_path / "template.csv"
    partner_list.write_template(out)
    assert out.read_text().strip().split(",") == list(partner_list.TEMPLATE_COLUMNS)


def test_xlsx_template_has_a_guidance_sheet_and_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "template.xlsx"
    partner_list.write_template(out)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["sites", "guidance"]
    guidance = [row[0] for row in book["guidance"].iter_rows(min_row=2, values_only=True)]
    assert guidance == list(partner_list.TEMPLATE_COLUMNS)
    sheet = book["sites"]
    sheet.append(["Rochford DC", "E07000075", "R-1", "Yard", 0.3, 51.6, None, None, None,
                  0.4, None, None, None, None, None, 8, 10, "yes", None, None, None, None,
                  None, "Rochford DC", "council_land"])
    book.save(out)
    table = reader.read_sites(out, as_at=AS_AT)
    assert table.rejected.empty, table.rejected
    assert table.sites.loc[0, "maximum_net_dwellings"] == 10
    assert bool(table.sites.loc[0, "is_deliverable"]) is True
