"""Fixtures for the site pipeline: the real registers in ../shared/data and small files of ours."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from partnerhomes.sites import build, importer, reader

HERE = Path(__file__).resolve().parent
AS_AT = dt.date(2026, 11, 29)  # fixed import date, so "future-date" counts do not drift


@pytest.fixture(scope="session")
def brownfield(shared_data: Path) -> Path:
    """``shared/data/brownfield``: the 2020 registers, all versions, England and the schema."""
    return shared_data / "brownfield"


@pytest.fixture(scope="session")
def boundaries_2013(shared_data: Path) -> Path:
    return shared_data / "boundaries" / "south-essex-lad-boundaries.geojson"


@pytest.fixture(scope="session")
def england(brownfield: Path) -> build.SiteTable:
    """The England 2020 file read once (22,818 rows)."""
    return reader.read_sites(brownfield / "brownfield-land-england-2020.csv", as_at=AS_AT)


@pytest.fixture(scope="session")
def england_import(brownfield: Path) -> importer.ImportResult:
    return importer.import_sites([brownfield / "brownfield-land-england-2020.csv"], as_at=AS_AT)


@pytest.fixture(scope="session")
def south_essex_import(brownfield: Path, boundaries_2013: Path) -> importer.ImportResult:
    return importer.import_sites([brownfield / "brownfield-land-south-essex-2020.csv"],
                                 boundaries=boundaries_2013, as_at=AS_AT)


@pytest.fixture()
def planning_data_sample() -> Path:
    """A small planning.data.gov.uk brownfield-land file of our own making."""
    return HERE / "data" / "planning-data-brownfield-land-sample.csv"


@pytest.fixture()
def make_file(tmp_path: Path) -> Callable[..., Path]:
    """Write a small test file into tmp_path and return its path."""

    def write(name: str, text: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
        return path

    return write
