"""Pools: one vehicle over several sites equals the sum of its sites where nothing crosses
between them, and lets a surplus on one site carry another where something does."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from partnerhomes.appraisal import assumptions, readers
from partnerhomes.parameters import ParameterTree
from partnerhomes.vehicles import files, options

DATA = Path(__file__).resolve().parent / "data"


def test_pool_of_identical_sites_equals_the_sum_of_its_sites(
        tree: ParameterTree, example: files.ComparisonFile) -> None:
    # Three copies of one scheme: every site is in deficit and in surplus in the same months,
    # so no site's surplus ever meets another's deficit; the pool must be their sum.
    scheme: dict[str, Any] = yaml.safe_load((DATA / "scheme.yaml").read_text(encoding="utf-8"))
    sites = []
    for name in ("a", "b", "c"):
        site = copy.deepcopy(scheme)
        site["scheme_id"] = name
        sites.append(site)
    tables = readers.tables_from_document({"schemes": sites}, DATA, "pool")
    inputs, errors = assumptions.resolve(tree, tables.schemes, tables.phases, tables.units)
    assert errors == []
    alone = options.compare(tree, inputs, example.routes)
    pooled = options.compare(tree, inputs, example.routes, {"pool": ["a", "b", "c"]})
    assert list(pooled.row_id) == ["pool"] and pooled.routes[0].project.sites == (
        ("a", "b", "c"),)
    for one, pool in zip(alone.routes, pooled.routes, strict=True):
        for name in (*one.flows.contributions, *one.flows.distributions):
            cubes = {**one.flows.contributions, **one.flows.distributions}
            pool_cubes = {**pool.flows.contributions, **pool.flows.distributions}
            np.testing.assert_allclose(pool_cubes[name][0], cubes[name].sum(axis=0),
                                       atol=1e-4, err_msg=f"{one.route.name}: {name}")
        np.testing.assert_allclose(pool.flows.debt["balance"][0],
                                   one.flows.debt["balance"].sum(axis=0), atol=1e-4)
        assert abs(pool.vehicle.peak_debt[0]
                   - one.flows.debt["balance"].sum(axis=(0, 1)).max()) < 1e-4
        np.testing.assert_allclose(pool.partners.profit[0], one.partners.profit.sum(axis=0),
                                   atol=1e-4)


def test_a_pool_carries_a_site_that_cannot_pay_its_way_alone(tree: ParameterTree) -> None:
    spec = files.read_comparison(DATA / "pool.yaml", tree)
    pooled = options.compare(tree, spec.inputs, spec.routes, spec.pools)
    alone = options.compare(tree, spec.inputs, spec.routes)
    row = list(alone.row_id).index("all-affordable")
    for one, pool in zip(alone.routes, pooled.routes, strict=True):
        assert not one.feasible[row], one.route.name
        assert pool.feasible[0], pool.route.name
