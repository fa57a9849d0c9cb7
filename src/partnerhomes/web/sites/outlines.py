"""Council outlines under the site map, so that it shows where the sites are when no map tiles
load (the default: tiles are off unless ``PARTNERHOMES_MAP_TILES=osm``, and a machine without a
network gets none anyway).

The outlines come from a council boundary GeoJSON file that is not part of the repository:
``$PARTNERHOMES_BOUNDARIES`` (with ``$PARTNERHOMES_BOUNDARIES_ATTRIBUTION`` for its credit
line), else the ONS generalised boundaries of the south Essex councils in the shared data folder
(``$PARTNERHOMES_SHARED_DATA`` or ``../shared/data`` beside the checkout) when it is there.
Without either the map draws the sites on a plain background and says why. The file is read
with :func:`partnerhomes.sites.geography.read_boundaries`, simplified for drawing and kept in
memory until it changes.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from partnerhomes.sites.councils import council_names
from partnerhomes.sites.geography import read_boundaries
from partnerhomes.sites.source import SitesFileError
from partnerhomes.tenures.calibrate import default_data_folder

SHARED_FILE = "boundaries/south-essex-lad-boundaries-2024-bgc.geojson"
SHARED_ATTRIBUTION = ("Council boundaries: Office for National Statistics, OGL v3.0; contains "
                      "OS data © Crown copyright and database right 2024")
# Drawing tolerance [degrees, about 30 m]: finer than a council-wide map shows, and it keeps a
# page of outlines to a few kilobytes. Not a model number.
SIMPLIFY_DEGREES = 0.0003
DECIMALS = 5  # about 1 m


@dataclass(frozen=True)
class Outlines:
    """Council outlines to draw: a GeoJSON FeatureCollection (``gss_code``, ``name`` and
    ``label_at``, a [latitude, longitude] inside the council, per feature), its credit line,
    and the file it came from."""

    collection: dict[str, Any]
    attribution: str
    source: str


def source() -> tuple[Path, str] | None:
    """The boundary file and its credit line, or None when there is none."""
    configured = os.environ.get("PARTNERHOMES_BOUNDARIES")
    if configured:
        path = Path(configured)
        return path, os.environ.get("PARTNERHOMES_BOUNDARIES_ATTRIBUTION",
                                    f"Council boundaries: {path.name}")
    shared = default_data_folder() / SHARED_FILE
    return (shared, SHARED_ATTRIBUTION) if shared.is_file() else None


@lru_cache(maxsize=4)
def _features(path: str, modified: float) -> dict[str, dict[str, Any]]:
    """Simplified GeoJSON features by GSS code (``modified`` keys the cache to the file)."""
    names = council_names()
    boundaries = read_boundaries(Path(path))
    features = {}
    for code, geometry in sorted(boundaries.geometries.items()):
        simple = shapely.transform(
            shapely.simplify(geometry, SIMPLIFY_DEGREES, preserve_topology=True),
            lambda xy: np.round(xy, DECIMALS))
        inside = shapely.point_on_surface(geometry)  # for the label: inside, on land
        features[code] = {"type": "Feature",
                          "properties": {"gss_code": code, "name": names.get(code, code),
                                         "label_at": [round(inside.y, DECIMALS),
                                                      round(inside.x, DECIMALS)]},
                          "geometry": json.loads(shapely.to_geojson(simple))}
    return features


def council_outlines(codes: set[str]) -> Outlines | None:
    """The outlines of the councils ``codes`` (every council of the file when empty), or None
    when there is no boundary file or it cannot be read (the map then goes without)."""
    found = source()
    if found is None:
        return None
    path, attribution = found
    try:
        features = _features(str(path), path.stat().st_mtime)
    except (OSError, SitesFileError):
        return None
    chosen = [f for code, f in features.items() if not codes or code in codes]
    return Outlines({"type": "FeatureCollection", "features": chosen}, attribution, path.name)
