"""Worked examples from ``tests/cases/tenures_*.yaml``, one test item each.

A case names the function it exercises, its inputs, the expected value, a tolerance and its
source. ``tree: true`` passes the parameter tree first; a landlord case names a preset and the
terms it overrides (a scalar growth rate fills the whole growth table).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from partnerhomes.parameters import load_tree
from partnerhomes.tenures import landlord

CASES = sorted((Path(__file__).resolve().parents[1] / "cases").glob("tenures_*.yaml"))
GROWTH_TABLES = ("rent_change", "cost_change", "house_price_change")


def _call(case: dict[str, Any]) -> Any:
    module_name, _, function_name = case["function"].rpartition(".")
    function = getattr(importlib.import_module(module_name), function_name)
    tree = load_tree()
    if "preset" in case:
        terms = getattr(landlord, case["preset"])(tree, "2026-04-01")
        changes = {key: np.full_like(terms.rent_change, value) if key in GROWTH_TABLES
                   else value for key, value in case.get("terms", {}).items()}
        result = function(landlord.schemes(**case["inputs"]), terms.replace(**changes))
        return getattr(result, case["output"])
    if case.get("tree"):
        return function(tree, **case["inputs"])
    return function(**case["inputs"])


@pytest.mark.parametrize("path", CASES, ids=[path.stem for path in CASES])
def test_worked_example(path: Path) -> None:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert case["source"], f"{path.name}: a worked example needs its source"
    got = np.asarray(_call(case), dtype=np.float64)
    assert np.allclose(got, case["expected"], rtol=0, atol=case["tolerance"]), (
        f"{case['name']}: got {got.tolist()}")


def test_there_are_four_tenure_cases() -> None:
    assert len(CASES) >= 4
