"""Points: BNG <-> WGS84, per-row detection, England's extent, council boundaries."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from partnerhomes.sites import geography, importer, issues, normalise


def _ctx(n_rows: int) -> normalise.Context:
    return normalise.Context("t.csv", np.arange(2, n_rows + 2), issues.IssueLog(),
                             dt.date(2026, 11, 29))


def test_wgs84_to_bng_matches_the_ordnance_survey_worked_example_within_5_m() -> None:
    lat = 52 + 39 / 60 + 28.8282 / 3600
    lon = 1 + 42 / 60 + 57.8663 / 3600
    easting, northing = geography.wgs84_to_bng(np.array([lon]), np.array([lat]))
    assert_allclose(easting, [651409.903], atol=5.0)
    assert_allclose(northing, [313177.270], atol=5.0)


@settings(max_examples=50, deadline=None)
@given(e=st.floats(100_000, 650_000), n=st.floats(10_000, 650_000))
def test_bng_to_wgs84_round_trip_returns_the_same_point_within_2_mm(
    e: float, n: float
) -> None:
    lon, lat = geography.bng_to_wgs84(np.array([e]), np.array([n]))
    back_e, back_n = geography.wgs84_to_bng(lon, lat)
    assert_allclose([back_e[0], back_n[0]], [e, n], atol=2e-3)


def test_points_detects_system_per_row_and_fills_both_pairs() -> None:
    ctx = _ctx(5)
    x = pd.Series(["0.5", "580000", "51.6", "", "abc"])
    y = pd.Series(["51.6", "188000", "0.5", "", "1"])
    out = geography.points(ctx, x, y)
    assert_allclose(out["longitude"][:3], [0.5, out["longitude"][1], 0.5])
    assert np.isfinite(out["easting"][:3]).all()
    assert np.isnan(out["longitude"][3:]).all()
    found = set(zip(ctx.log.to_frame()["line"], ctx.log.to_frame()["issue_type"], strict=True))
    assert {(3, "coordinates-converted"), (4, "coordinates-swapped"),
            (5, "missing-coordinates"), (6, "invalid-coordinates")} <= found


def test_castle_point_cp0013_in_suffolk_is_outside_its_council(
    south_essex_import: importer.ImportResult,
) -> None:
    issue_frame = south_essex_import.issues
    outside = issue_frame[issue_frame["issue_type"] == "outside-council"]
    sites = south_essex_import.sites.set_index("source_line")
    flagged = sites.loc[outside["line"], "site_reference"].tolist()
    assert flagged == ["CP0013"]


def test_2024_generalised_boundaries_read_with_lad24cd(shared_data: Path) -> None:
    shapes = geography.read_boundaries(
        shared_data / "boundaries" / "south-essex-lad-boundaries-2024-bgc.geojson")
    assert set(shapes.geometries) == {"E07000066", "E07000068", "E07000069", "E07000075",
                                      "E06000033", "E06000034"}
