"""Read and validate the ``parameters/`` tree.

Every problem in every file is collected, then reported at once as one :class:`ParameterError`
whose lines each name the file, the key and what is wrong, so a reviewer fixes the tree in one pass.
The rules are those of ``parameters/README.md``.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import os
import re
from pathlib import Path
from typing import Any

import yaml

from partnerhomes.parameters.tree import (
    DEFAULT_PLACE,
    DatedValue,
    Parameter,
    ParameterError,
    ParameterTree,
    Reference,
    Scale,
    Value,
)
from partnerhomes.parameters.units import STATUSES, UNITS

GSS_CODE = re.compile(r"^[EWSN]\d{8}$")
NAME_PART = re.compile(r"^[a-z][a-z0-9_]*$")
ROOT_ENVIRONMENT_VARIABLE = "PARTNERHOMES_PARAMETERS"

__all__ = [
    "ParameterError", "default_root", "load_tree", "parse_parameter", "parse_places", "read_yaml",
]


_TEXT_DATE_RESOLVERS = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _TextDateLoader(yaml.SafeLoader):
    """A safe YAML loader that leaves dates as text, so that a bad date is reported by key."""

    yaml_implicit_resolvers = _TEXT_DATE_RESOLVERS


class _FastTextDateLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]  # libyaml when built
    """The same loader on libyaml's parser when PyYAML was built with it (about seven times
    faster; the same constructor and resolvers, so the same values)."""

    yaml_implicit_resolvers = _TEXT_DATE_RESOLVERS


def read_yaml(text: str) -> Any:
    """Parse YAML safely, keeping dates as ``YYYY-MM-DD`` text.

    Parsed by libyaml when available; text it rejects is parsed again by the pure-Python parser,
    so the error (its wording, line, column and the offending line quoted) is the one that
    parser gives whichever is installed.
    """
    try:
        return yaml.load(text, Loader=_FastTextDateLoader)
    except yaml.YAMLError:
        pass  # parsed again below for the pure-Python parser's own error
    return yaml.load(text, Loader=_TextDateLoader)


def default_root() -> Path:
    """The parameters folder: ``$PARTNERHOMES_PARAMETERS``, else ``parameters/`` in the checkout."""
    configured = os.environ.get(ROOT_ENVIRONMENT_VARIABLE)
    if configured:
        return Path(configured)
    for folder in Path(__file__).resolve().parents:
        candidate = folder / "parameters"
        if (candidate / "README.md").is_file() and (folder / "pyproject.toml").is_file():
            return candidate
    raise ParameterError(
        f"cannot find the parameters/ folder; set {ROOT_ENVIRONMENT_VARIABLE} to its path"
    )


def load_tree(root: Path | str | None = None) -> ParameterTree:
    """Load and validate every ``*.yaml`` file below ``root`` (default: :func:`default_root`).

    Results are cached per folder; the tree is immutable, so sharing it is safe.
    """
    folder = Path(root) if root is not None else default_root()
    return _load_tree_cached(str(folder.resolve()))


@functools.lru_cache(maxsize=8)
def _load_tree_cached(folder_text: str) -> ParameterTree:
    folder = Path(folder_text)
    if not folder.is_dir():
        raise ParameterError(f"{folder}: not a folder")
    problems: list[str] = []
    parameters: dict[str, Parameter] = {}
    for path in sorted(folder.rglob("*.yaml")):
        relative = path.relative_to(folder)
        parts = [*relative.parent.parts, relative.stem]
        name = ".".join(parts)
        bad = [part for part in parts if not NAME_PART.match(part)]
        if bad:
            problems.append(f"{relative}: name part(s) {bad} are not snake_case")
            continue
        try:
            raw = read_yaml(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as error:
            problems.append(f"{relative}: not valid YAML: {error}")
            continue
        parameter = parse_parameter(name, raw, str(relative), problems)
        if parameter is not None:
            parameters[name] = parameter
    if problems:
        raise ParameterError(
            f"{len(problems)} problem(s) in {folder}:\n" + "\n".join(f"- {p}" for p in problems)
        )
    if not parameters:
        raise ParameterError(f"{folder}: no parameter files (*.yaml) found")
    return ParameterTree(parameters)


def parse_parameter(
    name: str, raw: Any, source: str, problems: list[str]
) -> Parameter | None:
    """Validate one parameter file's content; append problems and return None when invalid."""
    start = len(problems)
    if not isinstance(raw, dict):
        problems.append(f"{source}: expected a mapping with description, metadata and values")
        return None
    description = raw.get("description")
    if not isinstance(description, str) or not description.strip():
        problems.append(f"{source}: description: missing or empty")
    metadata = raw.get("metadata")
    if not isinstance(metadata, dict):
        problems.append(f"{source}: metadata: missing")
        return None
    unit = metadata.get("unit")
    if unit not in UNITS:
        problems.append(f"{source}: metadata.unit: {unit!r} is not one of {sorted(UNITS)}")
    label = metadata.get("label")
    if not isinstance(label, str) or not label.strip():
        problems.append(f"{source}: metadata.label: missing or empty")
    status = metadata.get("status")
    if status not in STATUSES:
        problems.append(f"{source}: metadata.status: {status!r} is not one of {list(STATUSES)}")
    references = metadata.get("references")
    parsed_references: list[Reference] = []
    if not isinstance(references, list) or not references:
        problems.append(f"{source}: metadata.references: at least one reference is required")
    else:
        for index, item in enumerate(references):
            reference = parse_reference(item, f"{source}: metadata.references[{index}]", problems)
            if reference is not None:
                parsed_references.append(reference)
    has_values, has_places = "values" in raw, "places" in raw
    if has_values == has_places:
        problems.append(f"{source}: exactly one of 'values' or 'places' is required")
        return None
    default_status = status if isinstance(status, str) else "assumption"
    places: dict[str, tuple[DatedValue, ...]] = {}
    if has_values:
        places[DEFAULT_PLACE] = parse_series(raw["values"], f"{source}: values", default_status,
                                             problems)
    else:
        raw_places = raw["places"]
        if not isinstance(raw_places, dict) or DEFAULT_PLACE not in raw_places:
            problems.append(f"{source}: places: a 'default' entry is required")
            return None
        places = parse_places(raw_places, f"{source}: places", default_status, problems)
    if len(problems) > start:
        return None
    return Parameter(
        name=name,
        description=str(description).strip(),
        unit=str(unit),
        label=str(label).strip(),
        status=str(status),
        references=tuple(parsed_references),
        places=places,
        is_by_place=has_places,
        source_file=source,
    )


def parse_places(
    raw_places: dict[Any, Any], where: str, default_status: str, problems: list[str]
) -> dict[str, tuple[DatedValue, ...]]:
    """Dated values by place: each key ``default`` or a GSS code."""
    places: dict[str, tuple[DatedValue, ...]] = {}
    for place, series in raw_places.items():
        place_text = str(place)
        if place_text != DEFAULT_PLACE and not GSS_CODE.match(place_text):
            problems.append(f"{where}.{place_text}: not a GSS code (e.g. E07000069)")
            continue
        places[place_text] = parse_series(series, f"{where}.{place_text}", default_status,
                                          problems)
    return places


def parse_reference(item: Any, where: str, problems: list[str]) -> Reference | None:
    """A reference mapping with a title and a url and/or a note."""
    if not isinstance(item, dict) or not isinstance(item.get("title"), str):
        problems.append(f"{where}: a reference needs a 'title'")
        return None
    url, note = item.get("url"), item.get("note")
    if url is None and note is None:
        problems.append(f"{where}: a reference needs a 'url' or a 'note'")
        return None
    return Reference(title=item["title"], url=None if url is None else str(url),
                     note=None if note is None else str(note))


def parse_series(
    raw: Any, where: str, default_status: str, problems: list[str]
) -> tuple[DatedValue, ...]:
    """Dated values ``{date: value}``; a value is a scalar, a scale or ``{value, status, ...}``."""
    if not isinstance(raw, dict) or not raw:
        problems.append(f"{where}: expected a mapping of ISO dates to values")
        return ()
    items: list[DatedValue] = []
    for key, entry in raw.items():
        start = _parse_date(key)
        if start is None:
            problems.append(f"{where}: {key!r} is not an ISO date (YYYY-MM-DD)")
            continue
        here = f"{where}.{start.isoformat()}"
        status, reference = default_status, None
        if isinstance(entry, dict) and "value" in entry:
            status = entry.get("status", default_status)
            if status not in STATUSES:
                problems.append(f"{here}.status: {status!r} is not one of {list(STATUSES)}")
            if "reference" in entry:
                reference = parse_reference(entry["reference"], f"{here}.reference", problems)
            entry = entry["value"]
        value = _parse_value(entry, here, problems)
        items.append(DatedValue(start=start, value=value, status=str(status), reference=reference))
    items.sort(key=lambda item: item.start)
    return tuple(items)


def _parse_date(key: Any) -> dt.date | None:
    if isinstance(key, dt.datetime):
        return key.date()
    if isinstance(key, dt.date):
        return key
    try:
        return dt.date.fromisoformat(str(key))
    except ValueError:
        return None


def _parse_value(entry: Any, where: str, problems: list[str]) -> Value:
    if entry is None or isinstance(entry, bool | str):
        return entry
    if isinstance(entry, int | float):
        return float(entry)
    if isinstance(entry, dict) and set(entry) == {"thresholds", "rates"}:
        thresholds, rates = entry["thresholds"], entry["rates"]
        if (
            not isinstance(thresholds, list) or not isinstance(rates, list)
            or len(thresholds) != len(rates) or not thresholds
            or not all(isinstance(x, int | float) for x in [*thresholds, *rates])
        ):
            problems.append(f"{where}: a scale needs equal-length numeric 'thresholds' and 'rates'")
            return None
        if thresholds[0] != 0 or any(b <= a for a, b in itertools.pairwise(thresholds)):
            problems.append(f"{where}: scale thresholds must start at 0 and increase")
            return None
        return Scale(tuple(float(x) for x in thresholds), tuple(float(x) for x in rates))
    problems.append(f"{where}: {entry!r} is not a number, text, boolean, scale or null")
    return None
