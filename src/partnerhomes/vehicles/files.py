"""Read a comparison file: a scheme (or schemes, or a pool of sites), partners and routes.

Not represented: routes that differ by scheme within one file (every route applies to every
scheme or pool in it) and more than one pool per file (use the Python API for many pools).
Scheme entries are written as in a scheme file (``docs/methodology/appraisal.md`` §14), inline
or as a path relative to the comparison file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from partnerhomes.appraisal import assumptions, readers
from partnerhomes.appraisal.inputs import SchemeError, SchemeInputs
from partnerhomes.parameters import ParameterTree
from partnerhomes.vehicles.routes import Route, RouteError, read_partners, read_routes

KEYS = ("name", "description", "scheme", "schemes", "pool", "partners", "routes")


@dataclass(frozen=True)
class ComparisonFile:
    """What a comparison file asks for: resolved schemes, routes, and the pool if any."""

    name: str
    inputs: SchemeInputs
    errors: list[SchemeError]
    routes: list[Route]
    pools: dict[str, list[str]] | None


def _tables(entry: Any, folder: Path, default_id: str) -> readers.SchemeTables:
    if isinstance(entry, str):
        return readers.read_schemes(folder / entry)
    return readers.tables_from_document(entry, folder, default_id)


def _concat(tables: list[readers.SchemeTables]) -> readers.SchemeTables:
    def join(frames: list[pd.DataFrame]) -> pd.DataFrame:
        frames = [frame for frame in frames if not frame.empty]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    return readers.SchemeTables(join([t.schemes for t in tables]),
                                join([t.phases for t in tables]) if any(
                                    not t.phases.empty for t in tables) else tables[0].phases,
                                join([t.units for t in tables]))


def read_comparison(path: Path, tree: ParameterTree,
                    valuation_date: str | None = None) -> ComparisonFile:
    """Read and check a comparison file; raises :class:`RouteError` or
    :class:`~partnerhomes.appraisal.readers.SchemeFileError` naming what is wrong."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise readers.SchemeFileError(f"{path}: {error}") from error
    if not isinstance(document, dict):
        raise RouteError([f"{path}: a comparison file is a mapping ({', '.join(KEYS)})"])
    unknown = [key for key in document if key not in KEYS]
    if unknown:
        raise RouteError([f"field {key!r}: unknown (allowed: {', '.join(KEYS)})"
                          for key in unknown])
    folder = path.parent
    routes_given = document.get("routes")
    partners_given = document.get("partners")
    if isinstance(routes_given, str):
        route_document = yaml.safe_load((folder / routes_given).read_text(encoding="utf-8"))
        routes_given = route_document.get("routes")
        partners_given = partners_given or route_document.get("partners")
    partners = read_partners(partners_given)
    routes = read_routes(routes_given, partners)
    given = [key for key in ("scheme", "schemes", "pool") if key in document]
    if len(given) != 1:
        raise RouteError(["give exactly one of 'scheme', 'schemes' and 'pool'"])
    pools = None
    if "pool" in document:
        pool = document["pool"]
        if not isinstance(pool, dict) or not isinstance(pool.get("sites"), list):
            raise RouteError(["field 'pool': give name and sites (a list of schemes)"])
        name = str(pool.get("name", path.stem))
        tables = _concat([_tables(site, folder, f"{name}-site-{k + 1}")
                          for k, site in enumerate(pool["sites"])])
        pools = {name: [str(s) for s in tables.schemes["scheme_id"]]}
    elif "schemes" in document:
        entries = document["schemes"]
        if not isinstance(entries, list) or not entries:
            raise RouteError(["field 'schemes': must be a non-empty list"])
        tables = _concat([_tables(entry, folder, f"{path.stem}-{k + 1}")
                          for k, entry in enumerate(entries)])
    else:
        tables = _tables(document["scheme"], folder, path.stem)
    inputs, errors = assumptions.resolve(tree, tables.schemes, tables.phases, tables.units,
                                         valuation_date)
    return ComparisonFile(str(document.get("name", path.stem)), inputs, errors, routes, pools)
