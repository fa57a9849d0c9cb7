"""Overlays change only what they name."""

from pathlib import Path

import pytest

from partnerhomes.parameters import ParameterError, apply_overlay, load_overlay, load_tree

BASE = """
description: Market value.
metadata:
  unit: GBP/m2
  label: Value
  status: assumption
  references: [{title: t, note: n}]
places:
  default: {2026-04-01: 4000, 2027-04-01: 4100}
  E07000068: {2026-04-01: 5600}
"""
RATE = """
description: Rate.
metadata: {unit: /1, label: Rate, status: assumption, references: [{title: t, note: n}]}
values: {2026-04-01: 0.075}
"""


@pytest.fixture
def tree_root(tmp_path: Path) -> Path:
    root = tmp_path / "tree"
    (root / "revenue").mkdir(parents=True)
    (root / "revenue" / "value.yaml").write_text(BASE)
    (root / "rate.yaml").write_text(RATE)
    return root


def overlay_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "overlay.yaml"
    path.write_text("name: test\nreference: {title: board paper, note: test}\n" + body)
    return path


def test_overlay_changes_only_the_named_place_and_date(tree_root: Path, tmp_path: Path) -> None:
    tree = load_tree(tree_root)
    overlay = load_overlay(overlay_file(tmp_path, """
parameters:
  revenue.value:
    places:
      E07000069: {2026-04-01: 4400}
"""))
    changed = apply_overlay(tree, overlay)
    assert changed.at("revenue.value", "2026-06-01", ["E07000069"])[0] == 4400
    # a new place starts from the default series, so later default dates still apply
    assert changed.at("revenue.value", "2027-06-01", ["E07000069"])[0] == 4100
    assert changed.at("revenue.value", "2026-06-01", ["E07000068"])[0] == 5600
    assert changed.number("rate", "2026-06-01") == 0.075
    assert tree.at("revenue.value", "2026-06-01", ["E07000069"])[0] == 4000  # base untouched
    entry = changed["revenue.value"].entry("2026-06-01", "E07000069")
    assert entry.status == "assumption" and entry.reference is not None
    assert entry.reference.title == "board paper"
    assert changed.digest() != tree.digest()


def test_overlay_naming_an_unknown_parameter_is_an_error(tree_root: Path, tmp_path: Path) -> None:
    overlay = load_overlay(overlay_file(tmp_path, "parameters:\n  revenue.valu:\n"
                                                  "    values: {2026-04-01: 1}\n"))
    with pytest.raises(ParameterError, match="no parameter named 'revenue.valu'"):
        apply_overlay(load_tree(tree_root), overlay)


def test_overlay_without_reference_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "o.yaml"
    path.write_text("name: x\nparameters:\n  rate:\n    values: {2026-04-01: 0.1}\n")
    with pytest.raises(ParameterError, match="reference"):
        load_overlay(path)
