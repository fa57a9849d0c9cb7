"""Overlays: named scenarios and an organisation's own assumptions, layered on the tree.

An overlay is a partial tree (see ``parameters/README.md``). It changes only the dated values it
names: a value at a date the base already has replaces it; a new date is inserted; every other
date, place and parameter is untouched. A place the base does not list starts from the base's
``default`` series. Not represented: removing a parameter, or changing units or descriptions.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from partnerhomes.parameters.load import parse_places, parse_reference, parse_series, read_yaml
from partnerhomes.parameters.tree import (
    DEFAULT_PLACE,
    DatedValue,
    ParameterError,
    ParameterTree,
    Reference,
)


@dataclass(frozen=True)
class Overlay:
    """A named partial tree: parameter name → place → dated values."""

    name: str
    description: str
    reference: Reference
    changes: dict[str, dict[str, tuple[DatedValue, ...]]]


def load_overlay(path: Path | str) -> Overlay:
    """Read and validate an overlay file; one :class:`ParameterError` lists every problem."""
    source = Path(path)
    try:
        raw = read_yaml(source.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as error:
        raise ParameterError(f"{source}: cannot read overlay: {error}") from error
    return parse_overlay(raw, str(source))


def parse_overlay(raw: Any, source: str) -> Overlay:
    """Validate an overlay's content (already parsed from YAML)."""
    problems: list[str] = []
    if not isinstance(raw, dict):
        raise ParameterError(f"{source}: an overlay is a mapping with name, reference, parameters")
    name, description = raw.get("name"), raw.get("description", "")
    if not isinstance(name, str) or not name.strip():
        problems.append(f"{source}: name: missing")
    reference = parse_reference(raw.get("reference"), f"{source}: reference", problems)
    changes: dict[str, dict[str, tuple[DatedValue, ...]]] = {}
    parameters = raw.get("parameters")
    if not isinstance(parameters, dict) or not parameters:
        problems.append(f"{source}: parameters: at least one parameter is required")
        parameters = {}
    for parameter_name, body in parameters.items():
        where = f"{source}: parameters.{parameter_name}"
        if not isinstance(body, dict) or len(set(body) & {"values", "places"}) != 1:
            problems.append(f"{where}: exactly one of 'values' or 'places' is required")
            continue
        if "values" in body:
            changes[parameter_name] = {
                DEFAULT_PLACE: parse_series(body["values"], f"{where}.values", "assumption",
                                            problems)
            }
            continue
        raw_places = body["places"]
        if not isinstance(raw_places, dict):
            problems.append(f"{where}.places: expected a mapping of places to dated values")
            continue
        changes[parameter_name] = parse_places(raw_places, f"{where}.places", "assumption",
                                               problems)
    if problems or reference is None:
        raise ParameterError(
            f"{len(problems)} problem(s) in overlay {source}:\n"
            + "\n".join(f"- {p}" for p in problems)
        )
    return Overlay(name=str(name), description=str(description), reference=reference,
                   changes=changes)


def apply_overlay(tree: ParameterTree, overlay: Overlay) -> ParameterTree:
    """A new tree with ``overlay`` applied; ``tree`` is unchanged.

    Examples
    --------
    >>> import datetime as dt
    >>> from partnerhomes.parameters.tree import Parameter, Reference
    >>> base = ParameterTree({"finance.debit_rate": Parameter(
    ...     name="finance.debit_rate", description="d", unit="/1", label="l", status="assumption",
    ...     references=(Reference("r", note="n"),), is_by_place=False,
    ...     places={"default": (DatedValue(dt.date(2026, 4, 1), 0.075, "assumption"),)})})
    >>> high = parse_overlay({"name": "high-rates", "reference": {"title": "t", "note": "n"},
    ...     "parameters": {"finance.debit_rate": {"values": {"2026-04-01": 0.09}}}}, "example")
    >>> float(apply_overlay(base, high).at("finance.debit_rate", "2026-05-01"))
    0.09
    """
    problems: list[str] = []
    updated = dict(tree.items())
    for name, places in overlay.changes.items():
        if name not in tree:
            problems.append(f"overlay {overlay.name}: no parameter named {name!r} in the tree")
            continue
        base = tree[name]
        if not base.is_by_place and set(places) - {DEFAULT_PLACE}:
            problems.append(f"overlay {overlay.name}: {name} does not vary by place; use 'values'")
            continue
        merged = dict(base.places)
        for place, series in places.items():
            stamped = tuple(
                item if item.reference is not None
                else dataclasses.replace(item, reference=overlay.reference)
                for item in series
            )
            start_from = base.places.get(place, base.places[DEFAULT_PLACE])
            by_date = {item.start: item for item in start_from}
            by_date.update({item.start: item for item in stamped})
            merged[place] = tuple(sorted(by_date.values(), key=lambda item: item.start))
        updated[name] = dataclasses.replace(
            base, places=merged, overlays=(*base.overlays, overlay.name)
        )
    if problems:
        raise ParameterError("\n".join(problems))
    return ParameterTree(updated)
