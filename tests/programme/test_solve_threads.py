"""Solves in one process give the same plan whatever thread counts earlier solves asked for.

HiGHS keeps one thread scheduler per process: a solve asking for another number of threads
than the scheduler started with used to fail with no solution (objective NaN). The job worker
and the test workers are long-lived processes that run many solves, so this is a real case.
"""

from __future__ import annotations

import numpy as np
from programme_instances import random_options, random_programme

from partnerhomes.parameters import ParameterTree
from partnerhomes.programme.model import build_model
from partnerhomes.programme.solve import solve


def test_solves_with_different_thread_counts_in_one_process_agree(tree: ParameterTree) -> None:
    rng = np.random.default_rng(11)
    programme = random_programme(rng)
    options = random_options(rng, programme, tree)
    model = build_model(options, programme, tree, None)
    table = options.table
    need, pooled = table["grant_needed"].to_numpy(), table["is_pooled"].to_numpy()
    objectives = [solve(model, need, pooled, time_limit=30, gap=0.0, threads=threads).objective
                  for threads in (None, 1, 2, 1, None)]
    assert np.all(np.isfinite(objectives)), objectives
    np.testing.assert_allclose(objectives, objectives[0], rtol=1e-9)

