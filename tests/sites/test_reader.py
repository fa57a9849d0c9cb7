"""Format detection, files that cannot be read at all, and the no-row-lost property."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerhomes.sites import reader, source

AS_AT = dt.date(2026, 11, 29)
HEADER = ["SiteReference", "SiteNameAddress", "GeoX", "GeoY", "Hectares", "OwnershipStatus",
          "PlanningStatus", "NetDwellingsRangeTo", "FirstAddedDate", "Deliverable"]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("binary.csv", b"\x00\x01\x02\x03binary\x00", "binary"),
        ("empty.csv", b"", "empty"),
        ("blank.csv", b"\n\n   \n", "empty"),
        ("semicolon.csv", b"SiteReference;SiteNameAddress;GeoX\nA;B;1\n", "delimited by ';'"),
        ("noheader.csv", b"date,value\n2020,1\n", "no recognisable header"),
        ("legacy.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, ".xls"),
        ("broken.xlsx", b"PK\x03\x04 not really a zip", "XLSX"),
    ],
)
def test_unreadable_file_raises_one_clear_error_naming_the_file(
    make_file: Callable[..., Path], name: str, content: bytes, expected: str
) -> None:
    path = make_file(name, content)
    with pytest.raises(source.SitesFileError) as caught:
        reader.read_sites(path)
    assert name in str(caught.value)
    assert expected in str(caught.value)


def test_missing_file_raises_sites_file_error(tmp_path: Path) -> None:
    with pytest.raises(source.SitesFileError, match="no such file"):
        reader.read_sites(tmp_path / "absent.csv")


def test_detects_each_format_from_its_header(planning_data_sample: Path) -> None:
    assert reader.detect_format(HEADER) == "brownfield_2017"
    table = source.read_table(planning_data_sample)
    assert reader.detect_format(table.header) == "planning_data"
    assert reader.detect_format(["owner_organisation", "category", "gss_code"]) == "partner_list"


def test_blank_rows_are_rejected_and_counted(make_file: Callable[..., Path]) -> None:
    path = make_file("blank-rows.csv", ",".join(HEADER) + "\nA,B,0.5,51.6,1,,,,,\n,,,,,,,,,\n")
    table = reader.read_sites(path, gss_code="E07000069", as_at=AS_AT)
    assert len(table.sites) == 1
    assert table.rejected["rejection_reason"].tolist() == ["blank-row"]
    assert table.rejected["source_line"].tolist() == [3]


_CELL = st.one_of(
    # no NUL (that makes a binary file) and no lone surrogates (not encodable as UTF-8)
    st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)),
            max_size=12),
    st.sampled_from(["", "1899-12-30", "yes", "no", "-1", "1e400", "nan", "\ufffd", "0,09",
                     "POINT (1 2)", "SiteReference", "permissioned", "580000", "51.5"]),
)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(_CELL, min_size=len(HEADER), max_size=len(HEADER) + 2),
                     min_size=1, max_size=12))
def test_no_row_is_ever_lost_whatever_the_fields_hold(
    tmp_path: Path, rows: list[list[str]]
) -> None:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    path = tmp_path / "garbage.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    table = reader.read_sites(path, gss_code="E07000069", as_at=AS_AT)
    n_rows = len(source.read_table(path).cells)
    assert len(table.sites) + len(table.rejected) == n_rows
