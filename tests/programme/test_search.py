"""LP-guided solving and the merged grant columns give the whole model's optimum."""

from __future__ import annotations

import numpy as np
import pytest
from programme_checker import violations
from programme_instances import random_options, random_programme

from partnerhomes.parameters import ParameterTree
from partnerhomes.programme import search
from partnerhomes.programme.file import Mechanisms
from partnerhomes.programme.model import build_model
from partnerhomes.programme.solve import solve


@pytest.mark.parametrize("seed", range(40, 48))
@pytest.mark.parametrize("size", [2, 6, 1000])
def test_guided_solve_finds_the_optimum(tree: ParameterTree, seed: int, size: int,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(seed)
    programme = random_programme(rng)
    options = random_options(rng, programme, tree, n_sites=8, per_site=4)
    model = build_model(options, programme, tree)
    need = options.table["grant_needed"].to_numpy()
    pooled = options.table["is_pooled"].to_numpy()
    whole = solve(model, need, pooled, time_limit=30, gap=0.0, threads=1, guided=False)
    monkeypatch.setattr(search, "NEIGHBOURHOODS", (size,))
    guided = solve(model, need, pooled, time_limit=30, gap=0.0, threads=1, guided=True)
    assert guided.objective == pytest.approx(whole.objective, rel=1e-6, abs=1e-6)
    assert guided.bound >= guided.objective - 1e-6 * max(1.0, abs(guided.objective))
    grant = {int(i): float(guided.grant[i]) for i in guided.chosen}
    assert violations(options, programme, tree, Mechanisms(), guided.chosen.tolist(),
                      grant) == []


def test_identical_grant_columns_are_merged(tree: ParameterTree) -> None:
    rng = np.random.default_rng(3)
    programme = random_programme(rng)
    options = random_options(rng, programme, tree, n_sites=30, per_site=4)
    model = build_model(options, programme, tree)
    pooled = int(options.table["is_pooled"].sum())
    assert 0 < model.n_grant < pooled
    one_pool = 2 + 2 * model.thresholds.size  # its build cost, homes, savings and bands
    assert model.matrix.shape[1] == options.n_options + one_pool + model.n_grant
