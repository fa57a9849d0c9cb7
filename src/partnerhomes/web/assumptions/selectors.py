"""Reads for assumptions: parameter rows as at a date, one parameter's history, overlays."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from partnerhomes.parameters import ParameterError, ParameterTree, Scale, load_tree
from partnerhomes.parameters.load import read_yaml
from partnerhomes.parameters.overlay import apply_overlay, parse_overlay
from partnerhomes.parameters.tree import DatedValue, Parameter
from partnerhomes.web.assumptions.models import Overlay
from partnerhomes.web.organisations import access

AnyUser = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class ParameterRow:
    """One parameter's default value as at a date, for the list page."""

    name: str
    label: str
    unit: str
    value: str
    start: str
    status: str
    source: str
    is_by_place: bool


def value_text(value: object) -> str:
    """A value as the pages show it.

    Examples
    --------
    >>> value_text(Scale(thresholds=(0.0, 125000.0), rates=(0.0, 0.02)))
    '0% from 0; 2% from 125,000'
    >>> value_text(0.075)
    '0.075'
    """
    if isinstance(value, Scale):
        return "; ".join(f"{rate:.0%} from {threshold:,.0f}"
                         for threshold, rate in zip(value.thresholds, value.rates, strict=True))
    return "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def _entry(parameter: Parameter, at: dt.date) -> DatedValue | None:
    try:
        return parameter.entry(at)
    except ParameterError:
        return None


def parameter_rows(tree: ParameterTree, at: dt.date, prefix: str = "") -> list[ParameterRow]:
    """Every parameter under ``prefix`` with its default value in force on ``at``."""
    rows = []
    for name in tree.names(prefix):
        parameter = tree[name]
        entry = _entry(parameter, at)
        reference = (entry.reference if entry is not None and entry.reference is not None
                     else parameter.references[0] if parameter.references else None)
        rows.append(ParameterRow(
            name=name, label=parameter.label, unit=parameter.unit,
            value=value_text(entry.value) if entry is not None else "(not in force)",
            start=entry.start.isoformat() if entry is not None else "",
            status=entry.status if entry is not None else parameter.status,
            source=reference.as_text() if reference is not None else "",
            is_by_place=parameter.is_by_place))
    return rows


def base_tree() -> ParameterTree:
    """The repository's parameter tree (cached by the loader)."""
    return load_tree()


def overlay_list_visible_to(user: AnyUser) -> QuerySet[Overlay]:
    """Overlays ``user`` may see."""
    return Overlay.objects.filter(access.visible_filter(user)).select_related("owner")


def overlay_get_visible_to(user: AnyUser, overlay_id: int) -> Overlay:
    """One overlay, or 404."""
    return access.require_view(user, Overlay.objects.select_related("owner")
                               .filter(pk=overlay_id).first())


def overlay_tree(overlay: Overlay) -> ParameterTree:
    """The base tree with ``overlay`` applied (its text was validated when saved)."""
    parsed = parse_overlay(read_yaml(overlay.text), f"overlay {overlay.name}")
    return apply_overlay(base_tree(), parsed)
