"""Shared fixtures: the example comparison (scheme, partners, four routes) run once."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerhomes.parameters import ParameterTree
from partnerhomes.vehicles import files, options

DATA = Path(__file__).resolve().parent / "data"



@pytest.fixture(scope="session")
def example(tree: ParameterTree) -> files.ComparisonFile:
    return files.read_comparison(DATA / "compare.yaml", tree)


@pytest.fixture(scope="session")
def comparison(tree: ParameterTree, example: files.ComparisonFile) -> options.Comparison:
    return options.compare(tree, example.inputs, example.routes, example.pools)
