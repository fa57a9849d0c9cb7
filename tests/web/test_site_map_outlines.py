"""Council outlines under the site map (sites/outlines.py): from the configured boundary file,
only the councils of the sites shown, simplified, credited; none when there is no file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import shapely
from django.test import Client

from partnerhomes.web.sites import outlines

from .personas import Cast

# An illustrative square around Canvey Island (the cast's sites) and one elsewhere.
SQUARES = {"E07000069": (0.50, 51.49, 0.65, 51.56), "E06000033": (0.65, 51.52, 0.80, 51.58)}


def _write(folder: Path) -> Path:
    features = []
    for code, (west, south, east, north) in SQUARES.items():
        ring = [[west, south], [east, south], [east, (south + north) / 2], [east, north],
                [west, north], [west, south]]
        features.append({"type": "Feature", "properties": {"LAD24CD": code},
                         "geometry": {"type": "Polygon", "coordinates": [ring]}})
    path = folder / "councils.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


@pytest.fixture
def boundary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = _write(tmp_path)
    monkeypatch.setenv("PARTNERHOMES_BOUNDARIES", str(path))
    monkeypatch.setenv("PARTNERHOMES_BOUNDARIES_ATTRIBUTION", "Test outlines")
    return path


def test_outlines_of_the_councils_asked_for(boundary_file: Path) -> None:
    found = outlines.council_outlines({"E07000069"})
    assert found is not None and found.attribution == "Test outlines"
    features = found.collection["features"]
    assert [f["properties"]["gss_code"] for f in features] == ["E07000069"]
    assert features[0]["properties"]["name"] == "Castle Point"
    latitude, longitude = features[0]["properties"]["label_at"]
    assert 0.50 < longitude < 0.65 and 51.49 < latitude < 51.56
    shape = shapely.geometry.shape(features[0]["geometry"])
    # simplified (the collinear corner point goes), the same area
    assert len(shape.exterior.coords) == 5
    assert shape.area == pytest.approx(0.15 * 0.07)
    everything = outlines.council_outlines(set())
    assert everything is not None and len(everything.collection["features"]) == 2


def test_no_file_no_outlines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARTNERHOMES_BOUNDARIES", str(tmp_path / "missing.geojson"))
    assert outlines.council_outlines(set()) is None
    (tmp_path / "bad.geojson").write_text('{"type": "FeatureCollection", "features": '
                                          '[{"properties": {}, "geometry": null}]}')
    monkeypatch.setenv("PARTNERHOMES_BOUNDARIES", str(tmp_path / "bad.geojson"))
    assert outlines.council_outlines(set()) is None


def test_shared_file_is_the_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("PARTNERHOMES_BOUNDARIES", raising=False)
    monkeypatch.setenv("PARTNERHOMES_SHARED_DATA", str(tmp_path))
    assert outlines.source() is None
    (tmp_path / "boundaries").mkdir()
    _write(tmp_path).rename(tmp_path / outlines.SHARED_FILE)
    assert outlines.source() == (tmp_path / outlines.SHARED_FILE, outlines.SHARED_ATTRIBUTION)


def test_map_page_draws_the_outlines_of_the_sites_councils(cast: Cast,
                                                            boundary_file: Path) -> None:
    client = Client()
    client.force_login(cast.users[("outsider", "viewer")])
    page = client.get("/sites/map/")
    assert page.context["outlines"]["features"][0]["properties"]["gss_code"] == "E07000069"
    assert len(page.context["outlines"]["features"]) == 1
    html = page.content.decode()
    assert 'id="council-outlines"' in html and "Background: council boundaries" in html
    assert 'data-outlines-attribution="Test outlines"' in html


def test_map_page_says_when_there_is_no_background(cast: Cast, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARTNERHOMES_BOUNDARIES", str(tmp_path / "missing.geojson"))
    client = Client()
    client.force_login(cast.users[("owner", "viewer")])
    page = client.get("/sites/map/")
    assert page.context["outlines"] is None
    assert "No background map" in page.content.decode()
