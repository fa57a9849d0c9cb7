"""Worked examples from published sources: each ``appraisal_*.yaml`` here is one test item.

A case is either ``kind: function`` (call a public function with ``arguments`` and compare with
``expected``) or ``kind: appraisal`` (appraise ``scheme``, written as in a scheme file, and
compare the named result fields). Every case carries its ``source``.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from partnerhomes.appraisal import appraise, assumptions, readers
from partnerhomes.parameters import load_tree

HERE = Path(__file__).resolve().parent
CASES = sorted(HERE.glob("appraisal_*.yaml"))


def tolerances(case: dict[str, Any], field: str | None = None) -> dict[str, float]:
    """``tolerance: {relative, absolute, fields: {name: {relative, absolute}}}``."""
    given = case.get("tolerance", {})
    given = given.get("fields", {}).get(field, given)
    return {"rtol": float(given.get("relative", 0.0)), "atol": float(given.get("absolute", 0.0))}


@pytest.mark.parametrize("path", CASES, ids=[path.stem for path in CASES])
def test_worked_example(path: Path) -> None:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert case["source"]["title"], "every case names its source"
    if case["kind"] == "function":
        module_name, _, function_name = case["function"].rpartition(".")
        function = getattr(importlib.import_module(module_name), function_name)
        np.testing.assert_allclose(function(**case["arguments"]), case["expected"],
                                   **tolerances(case))
        return
    tables = readers.tables_from_document(case["scheme"], HERE, path.stem)
    inputs, errors = assumptions.resolve(load_tree(), tables.schemes, tables.phases,
                                         tables.units)
    assert errors == []
    results = appraise.appraise(inputs)
    assert results.errors == []
    for field, expected in case["expected"].items():
        np.testing.assert_allclose(results[field][0], expected, err_msg=field,
                                   **tolerances(case, field))


def test_every_appraisal_case_file_is_collected() -> None:
    assert len(CASES) >= 5
