"""Site points: WGS84 or British National Grid per row, conversion both ways, place checks.

A register may give its point as WGS84 longitude/latitude or as OSGB36 British National Grid
easting/northing, sometimes both within one file. Each row's system is told from the magnitude
of its numbers; both pairs are then filled (pyproj, vectorised). Points are checked against a
coarse extent of England and, when boundaries are given, against the site's own council.

What this module does not represent: site polygons, precise England boundaries (the extent test
is a few boxes, so a point in the sea or just over the Scottish or Welsh border passes), or
sub-metre accuracy: without the OSTN15 grid in PROJ's data directory pyproj uses a Helmert
transformation, good to about 5 m (Ordnance Survey, *A guide to coordinate systems in Great
Britain*, 2020, section 6.6). With the grid installed, pyproj uses it automatically.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
import warnings
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from pyproj.enums import TransformDirection
from pyproj.transformer import TransformerGroup

from partnerhomes.sites import normalise, source

WGS84: Final = "EPSG:4326"
BRITISH_NATIONAL_GRID: Final = "EPSG:27700"
_BNG_MAX_EASTING: Final = 700_000.0  # [m] extent of the National Grid (OS guide, section 8)
_BNG_MAX_NORTHING: Final = 1_300_000.0  # [m]
_UK_LATITUDE: Final = (49.0, 61.0)  # [degrees] used only to spot swapped lon/lat
_UK_LONGITUDE: Final = (-9.0, 3.0)

ENGLAND_EXTENT: Final = (
    # (west, south, east, north) [degrees WGS84]; a point inside any box is "in England".
    # Approximate extreme points of England: Isles of Scilly (W, S), Lowestoft Ness (E),
    # Marshall Meadows Bay (N). North of Anglesey's latitude, England lies east of St Bees Head,
    # so a second box keeps Ireland and the Isle of Man out.
    (-6.45, 49.86, 1.77, 53.40),
    (-3.65, 53.40, 1.77, 55.82),
)


@functools.cache
def _grid_to_wgs84() -> Transformer:
    """The best available BNG -> WGS84 operation, used in both directions.

    One pipeline for every point (and its inverse for the way back), so that PROJ cannot switch
    to a ballpark operation for points near the edge of the grid's area of use.
    """
    with warnings.catch_warnings():  # "best transformation not available": OSTN15 absent
        warnings.simplefilter("ignore", UserWarning)
        group = TransformerGroup(BRITISH_NATIONAL_GRID, WGS84, always_xy=True)
    return group.transformers[0]


def bng_to_wgs84(easting: np.ndarray, northing: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """British National Grid [m] to WGS84 (longitude, latitude) [degrees], vectorised.

    Examples
    --------
    >>> lon, lat = bng_to_wgs84(np.array([651409.9]), np.array([313177.3]))
    >>> round(float(lon[0]), 3), round(float(lat[0]), 3)
    (1.716, 52.658)
    """
    lon, lat = _grid_to_wgs84().transform(easting, northing)
    return np.asarray(lon, dtype="float64"), np.asarray(lat, dtype="float64")


def wgs84_to_bng(longitude: np.ndarray, latitude: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """WGS84 (longitude, latitude) [degrees] to British National Grid (easting, northing) [m].

    References
    ----------
    Ordnance Survey (2020) *A guide to coordinate systems in Great Britain*: worked example of
    Caister water tower, ETRS89 52°39'28.8282"N 1°42'57.8663"E = E 651409.903 N 313177.270.

    Examples
    --------
    >>> e, n = wgs84_to_bng(np.array([1.716074]), np.array([52.658008]))
    >>> abs(float(e[0]) - 651409.9) < 5, abs(float(n[0]) - 313177.3) < 5
    (True, True)
    """
    e, n = _grid_to_wgs84().transform(longitude, latitude,
                                      direction=TransformDirection.INVERSE)
    return np.asarray(e, dtype="float64"), np.asarray(n, dtype="float64")


def points(
    ctx: normalise.Context, x_values: pd.Series, y_values: pd.Series
) -> dict[str, np.ndarray]:
    """Read a published point (x, y) per row and return longitude, latitude, easting, northing.

    Each row is WGS84 when |x| <= 180 and |y| <= 90, swapped WGS84 when x looks like a UK
    latitude and y like a UK longitude, British National Grid when 0 <= x <= 700 000 and
    0 <= y <= 1 300 000, and otherwise invalid (blanked).
    """
    x = normalise.numbers(ctx, x_values, "longitude").to_numpy(dtype="float64")
    y = normalise.numbers(ctx, y_values, "latitude").to_numpy(dtype="float64")
    raw = (normalise.stripped(x_values.reset_index(drop=True)) + " "
           + normalise.stripped(y_values.reset_index(drop=True))).str.strip()
    have_x, have_y = np.isfinite(x), np.isfinite(y)
    both = have_x & have_y & ~((x == 0) & (y == 0))
    in_degrees = both & (np.abs(x) <= 180) & (np.abs(y) <= 90)
    swapped = (in_degrees & (x >= _UK_LATITUDE[0]) & (x <= _UK_LATITUDE[1])
               & (y >= _UK_LONGITUDE[0]) & (y <= _UK_LONGITUDE[1]))
    in_metres = (both & ~in_degrees & (x >= 0) & (x <= _BNG_MAX_EASTING)
                 & (y >= 0) & (y <= _BNG_MAX_NORTHING))
    longitude = np.where(in_degrees, np.where(swapped, y, x), np.nan)
    latitude = np.where(in_degrees, np.where(swapped, x, y), np.nan)
    easting = np.where(in_metres, x, np.nan)
    northing = np.where(in_metres, y, np.nan)
    if in_metres.any():
        lon, lat = bng_to_wgs84(x[in_metres], y[in_metres])
        longitude[in_metres], latitude[in_metres] = lon, lat
    if in_degrees.any():
        e, n = wgs84_to_bng(longitude[in_degrees], latitude[in_degrees])
        easting[in_degrees], northing[in_degrees] = e, n
    blank = (raw == "").to_numpy(dtype=bool)
    invalid = ~blank & ~in_degrees & ~in_metres
    missing = ~in_degrees & ~in_metres & ~invalid
    ctx.report(in_metres, "easting", raw, "coordinates-converted",
               "point given as British National Grid easting/northing; converted to WGS84")
    ctx.report(swapped, "longitude", raw, "coordinates-swapped",
               "longitude and latitude were the wrong way round; swapped")
    ctx.report(invalid, "longitude", raw, "invalid-coordinates",
               "not a WGS84 or British National Grid point; left blank")
    ctx.report(missing, "longitude", raw, "missing-coordinates", "no point given")
    return {"longitude": longitude, "latitude": latitude, "easting": easting,
            "northing": northing}


def outside_england(longitude: np.ndarray, latitude: np.ndarray) -> np.ndarray:
    """Mask of points (not missing) outside the coarse extent of England, :data:`ENGLAND_EXTENT`.

    Examples
    --------
    >>> outside_england(np.array([0.95, -6.5, np.nan]), np.array([52.0, 54.2, np.nan])).tolist()
    [False, True, False]
    """
    inside = np.zeros(len(longitude), dtype=bool)
    for west, south, east, north in ENGLAND_EXTENT:
        inside |= ((longitude >= west) & (longitude <= east)
                   & (latitude >= south) & (latitude <= north))
    return np.asarray(np.isfinite(longitude) & np.isfinite(latitude) & ~inside, dtype=bool)


@dataclasses.dataclass(frozen=True)
class Boundaries:
    """Council boundaries: GSS code -> (multi)polygon in WGS84, read from a GeoJSON file."""

    source_file: str
    geometries: dict[str, shapely.Geometry]


_CODE_PROPERTY = re.compile(r"^(lad_code|gss_code|LAD\d\dCD)$")


def read_boundaries(path: Path) -> Boundaries:
    """Read council boundaries from GeoJSON whose features carry ``lad_code`` or ``LADyyCD``.

    Raises :class:`~partnerhomes.sites.source.SitesFileError` when the file is not such GeoJSON.
    """
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
        features = collection["features"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise source.SitesFileError(path, f"not a GeoJSON FeatureCollection ({exc})") from exc
    geometries: dict[str, shapely.Geometry] = {}
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") or {}
        keys = [k for k in properties if _CODE_PROPERTY.match(k)]
        if not keys:
            raise source.SitesFileError(
                path, f"feature {number} has no lad_code or LADyyCD property")
        code = str(properties[keys[0]]).strip()
        geometry = shapely.from_geojson(json.dumps(feature["geometry"]))
        geometries[code] = (shapely.union(geometries[code], geometry)
                            if code in geometries else geometry)
    return Boundaries(path.name, geometries)


def outside_own_council(
    longitude: np.ndarray, latitude: np.ndarray, gss_codes: pd.Series, boundaries: Boundaries
) -> tuple[np.ndarray, pd.Series]:
    """Which points lie outside their own council, and which council holds them instead.

    Only rows whose council has a boundary and that have a point are tested. Returns the mask of
    points outside, and per row the code of the boundary containing the point (``""`` if none).
    """
    codes = gss_codes.reset_index(drop=True).astype("str")
    have_point = np.isfinite(longitude) & np.isfinite(latitude)
    outside = np.zeros(len(codes), dtype=bool)
    for code, geometry in boundaries.geometries.items():
        rows = (codes == code).to_numpy(dtype=bool) & have_point
        if rows.any():
            outside[rows] = ~shapely.contains_xy(geometry, longitude[rows], latitude[rows])
    holder = np.full(len(codes), "", dtype=object)
    if outside.any():
        names = list(boundaries.geometries)
        tree = shapely.STRtree(list(boundaries.geometries.values()))
        candidates = np.flatnonzero(outside)
        query = shapely.points(longitude[candidates], latitude[candidates])
        point_index, tree_index = tree.query(query, predicate="within")
        holder[candidates[point_index]] = [names[i] for i in tree_index]
    return outside, pd.Series(holder, index=codes.index, dtype="str")
