"""Health of the real parameters/ tree: it loads, and every value says where it comes from.

The loader enforces the schema (unit, label, status, references, dates, places); these tests add
the rules that span files. Never disable them: if a rule is wrong, change the rule.
"""

import datetime as dt
from pathlib import Path

import pytest

from partnerhomes.parameters import ParameterTree, Scale
from partnerhomes.parameters.load import default_root
from partnerhomes.parameters.units import STATUSES

SOUTH_ESSEX = ("E07000066", "E07000068", "E07000069", "E07000075", "E06000033", "E06000034")



def test_whole_tree_loads_and_is_not_trivially_small(tree: ParameterTree) -> None:
    assert len(tree) >= 60


def test_every_parameter_has_a_unit_label_status_and_source(tree: ParameterTree) -> None:
    for name, parameter in tree.items():
        assert parameter.unit and parameter.label, name
        assert parameter.status in STATUSES, name
        assert parameter.references, name
        for series in parameter.places.values():
            assert series, name
            for item in series:
                assert item.status in STATUSES, name


def test_inferred_values_are_marked_as_assumptions(tree: ParameterTree) -> None:
    for name, parameter in tree.items():
        if any("[I]" in (reference.note or "") for reference in parameter.references):
            statuses = {item.status for series in parameter.places.values() for item in series
                        if item.reference is None}
            assert statuses <= {"assumption"}, f"{name}: an [I] source but status {statuses}"


def test_every_parameter_has_a_value_for_each_south_essex_council_in_2026(
    tree: ParameterTree,
) -> None:
    day = dt.date(2026, 11, 29)
    for _name, parameter in tree.items():
        first = min(item.start for series in parameter.places.values() for item in series)
        if first > day:
            continue  # a future rule, such as the Future Homes Standard from 2027
        for place in SOUTH_ESSEX:
            parameter.value(day, place)


def test_fractions_are_fractions(tree: ParameterTree) -> None:
    for name, parameter in tree.items():
        if parameter.unit != "/1":
            continue
        for series in parameter.places.values():
            for item in series:
                if isinstance(item.value, float):
                    assert -1.0 <= item.value <= 50.0, f"{name}: {item.value}"
                if isinstance(item.value, Scale):
                    assert all(0 <= rate <= 1 for rate in item.value.rates), name


def test_affordable_tenure_split_sums_to_one(tree: ParameterTree) -> None:
    names = tree.names("policy.tenure_split.")
    assert names
    for place in SOUTH_ESSEX:
        total = sum(float(tree.at(name, "2026-11-29", [place])[0]) for name in names)
        assert total == pytest.approx(1.0), place


def test_no_code_lives_in_the_parameters_tree() -> None:
    root = Path(default_root())
    allowed = {".yaml", ".md"}
    strays = [p for p in root.rglob("*") if p.is_file() and p.suffix not in allowed]
    assert strays == []
