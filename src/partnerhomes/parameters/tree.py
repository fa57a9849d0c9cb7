"""The validated parameter tree and its lookups "as at" a date, for an array of places.

Not represented: values that vary within a year other than by their effective date (a value holds
from its date until the next one), places other than GSS codes and ``default``, and indexation
(an indexed value, such as a CIL rate, is entered as a new dated value).
"""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

DEFAULT_PLACE = "default"


class ParameterError(ValueError):
    """A parameter file or lookup is wrong; the message names the file, the key and the problem."""


@dataclass(frozen=True)
class Reference:
    """Where a value comes from."""

    title: str
    url: str | None = None
    note: str | None = None

    def as_text(self) -> str:
        """One line for tables: title, then url, then note."""
        return " — ".join(part for part in (self.title, self.url, self.note) if part)


@dataclass(frozen=True)
class Scale:
    """Bands of a rate over an amount, as used by SDLT: ``rates[k]`` applies between
    ``thresholds[k]`` and ``thresholds[k + 1]`` (the last band is open-ended).

    Examples
    --------
    >>> sdlt = Scale(thresholds=(0.0, 150_000.0, 250_000.0), rates=(0.0, 0.02, 0.05))
    >>> float(sdlt.banded_amount(300_000.0))
    4500.0
    """

    thresholds: tuple[float, ...]
    rates: tuple[float, ...]

    def banded_amount(self, amount: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """Sum over bands of rate × the part of ``amount`` in the band [same unit as amount].

        Vectorised over any array shape; a negative amount gives 0.
        """
        base = np.maximum(np.asarray(amount, dtype=np.float64), 0.0)
        lower = np.asarray(self.thresholds, dtype=np.float64)
        upper = np.append(lower[1:], np.inf)
        rates = np.asarray(self.rates, dtype=np.float64)
        in_band = np.clip(base[..., np.newaxis] - lower, 0.0, upper - lower)
        result: npt.NDArray[np.float64] = (in_band * rates).sum(axis=-1)
        return result


Value = float | str | bool | Scale | None


@dataclass(frozen=True)
class DatedValue:
    """One value of a parameter, in force from ``start`` until the next dated value."""

    start: dt.date
    value: Value
    status: str
    reference: Reference | None = None


@dataclass(frozen=True)
class Parameter:
    """One parameter: its metadata and its dated values for each place.

    A parameter that does not vary by place keeps its values under ``default`` and has
    ``is_by_place`` false.
    """

    name: str
    description: str
    unit: str
    label: str
    status: str
    references: tuple[Reference, ...]
    places: Mapping[str, tuple[DatedValue, ...]]
    is_by_place: bool
    source_file: str = ""
    overlays: tuple[str, ...] = field(default=())

    def entry(self, at: dt.date | str, place: str = DEFAULT_PLACE) -> DatedValue:
        """The dated value in force on ``at`` for ``place`` (``default`` when it has none)."""
        day = as_date(at)
        series = self.places.get(place) or self.places[DEFAULT_PLACE]
        starts = [item.start for item in series]
        index = bisect.bisect_right(starts, day) - 1
        if index < 0:
            raise ParameterError(
                f"{self.name}: no value in force on {day.isoformat()} for {place} "
                f"(the first value starts {starts[0].isoformat()})"
            )
        found = series[index]
        if found.value is None:
            raise ParameterError(
                f"{self.name}: ended on {found.start.isoformat()}, so has no value on "
                f"{day.isoformat()} for {place}"
            )
        return found

    def value(self, at: dt.date | str, place: str = DEFAULT_PLACE) -> Value:
        """The value in force on ``at`` for ``place``."""
        return self.entry(at, place).value


def as_date(value: dt.date | str) -> dt.date:
    """A ``date`` from a date or an ISO ``YYYY-MM-DD`` string."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError) as error:
        raise ParameterError(f"not an ISO date (YYYY-MM-DD): {value!r}") from error


class ParameterTree(Mapping[str, Parameter]):
    """All parameters by dotted name, with vectorised lookups.

    Examples
    --------
    >>> tree = ParameterTree({"finance.debit_rate": Parameter(
    ...     name="finance.debit_rate", description="Debit rate.", unit="/1", label="Debit rate",
    ...     status="assumption", references=(Reference("example"),),
    ...     places={"default": (DatedValue(dt.date(2026, 4, 1), 0.075, "assumption"),)},
    ...     is_by_place=False)})
    >>> float(tree.at("finance.debit_rate", "2026-06-30"))
    0.075
    """

    def __init__(self, parameters: Mapping[str, Parameter]) -> None:
        self._parameters = dict(sorted(parameters.items()))

    def __getitem__(self, name: str) -> Parameter:
        try:
            return self._parameters[name]
        except KeyError:
            close = difflib.get_close_matches(name, self._parameters, n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise ParameterError(f"no parameter named {name!r}{hint}") from None

    def __contains__(self, name: object) -> bool:
        return name in self._parameters

    def __iter__(self) -> Iterator[str]:
        return iter(self._parameters)

    def __len__(self) -> int:
        return len(self._parameters)

    def names(self, prefix: str = "") -> list[str]:
        """Parameter names starting with ``prefix`` (all when empty), sorted."""
        return [name for name in self._parameters if name.startswith(prefix)]

    def at(
        self, name: str, at: dt.date | str, places: npt.ArrayLike | None = None
    ) -> npt.NDArray[Any]:
        """Values of ``name`` in force on ``at``, one per place in ``places``.

        Without ``places`` the ``default`` value is returned as a 0-d array. Each distinct place
        is looked up once, so the cost grows with the number of councils, not of sites.
        """
        parameter = self[name]
        if places is None:
            return np.asarray(parameter.value(at))
        codes = np.asarray(places, dtype=object).astype(str)
        unique, inverse = np.unique(codes, return_inverse=True)
        values = [parameter.value(at, str(code)) for code in unique]
        if any(isinstance(value, Scale) for value in values):
            lookup = np.empty(len(values), dtype=object)
            lookup[:] = values
            return lookup[inverse]
        return np.asarray(values)[inverse]

    def number(self, name: str, at: dt.date | str, place: str = DEFAULT_PLACE) -> float:
        """One numeric value; a clear error when the parameter is not a number."""
        value = self[name].value(at, place)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ParameterError(f"{name}: expected a number, found {value!r}")
        return float(value)

    def scale(self, name: str, at: dt.date | str, place: str = DEFAULT_PLACE) -> Scale:
        """One scale value; a clear error when the parameter is not a scale."""
        value = self[name].value(at, place)
        if not isinstance(value, Scale):
            raise ParameterError(f"{name}: expected a scale (thresholds, rates), found {value!r}")
        return value

    def digest(self) -> str:
        """SHA-256 of the effective tree's content, to record beside every result."""
        payload = {name: _parameter_payload(parameter) for name, parameter in self.items()}
        text = json.dumps(payload, sort_keys=True, default=str, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _parameter_payload(parameter: Parameter) -> dict[str, Any]:
    return {
        "unit": parameter.unit,
        "places": {
            place: [[item.start.isoformat(), _value_payload(item.value), item.status]
                    for item in series]
            for place, series in parameter.places.items()
        },
    }


def _value_payload(value: Value) -> Any:
    if isinstance(value, Scale):
        return {"thresholds": list(value.thresholds), "rates": list(value.rates)}
    return value
