"""Exact reductions of the programme MILP's columns, and whole solutions from a choice of options.

**Grant columns merged.** The model is first written with one grant column g_o per pooled
option. Many of those columns are identical: two joint-venture options of the same pool,
association and start year (small sites start all their homes in one year) draw their grant in
the same shares each year and lighten the same partners' rows by the same coefficients. Columns
identical in every row and in cost can be replaced by their sum G_k = Σ_{o∈k} g_o, and the
bounds g_o ≤ L_o x_o (L_o = min(need, grant ceiling)) by their sum G_k ≤ Σ_{o∈k} L_o x_o: any
G_k within that sum splits back into g_o = G_k L_o x_o ÷ Σ L x ≤ L_o x_o, so the two models have
the same feasible choices, the same objective and the same LP relaxation (the projection of the
per-option polytope onto (x, G) is exactly the merged one). Identity is tested on the floats
themselves, with no rounding. Large sites (build-out over several years) keep columns of their
own unless their profiles coincide.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def identical_column_groups(block: sp.csc_matrix, cost: FloatArray) -> tuple[IntArray, IntArray]:
    """Group the columns of ``block`` that are equal in every row and in ``cost``.

    Returns (group of each column, first column of each group). Groups are numbered in order
    of their first column.
    """
    if block.shape[1] == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    block = sp.csc_matrix(block)
    block.sum_duplicates()
    touched = np.unique(block.indices)
    dense = np.column_stack([block[touched].toarray().T, cost]) if touched.size else cost[:, None]
    _unique, first, inverse = np.unique(dense, axis=0, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")  # renumber groups by first appearance
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    return rank[inverse.ravel()].astype(np.int64), first[order].astype(np.int64)


def split_grant(group: IntArray, limit: FloatArray, x: FloatArray, totals: FloatArray
                ) -> FloatArray:
    """Each option's share of its group's grant ``totals``: pro rata to L_o x_o (see module).

    ``group`` is each option's grant column (−1 none); ``limit`` L_o; amounts in the units of
    ``totals``.
    """
    has = group >= 0
    weight = np.where(has, limit * np.round(x), 0.0)
    capacity = np.bincount(group[has], weights=weight[has], minlength=totals.size)
    ratio = np.divide(totals, capacity, out=np.zeros_like(totals), where=capacity > 0)
    result: FloatArray = np.where(has, weight * ratio[np.maximum(group, 0)], 0.0)
    return result


def group_totals(group: IntArray, grant: FloatArray, n_groups: int) -> FloatArray:
    """The merged grant column values Σ_{o∈k} g_o of per-option grants ``grant``."""
    has = group >= 0
    return np.bincount(group[has], weights=grant[has], minlength=n_groups).astype(np.float64)


def pool_solution(n_cols: int, n_options: int, grant_offset: int, grant_group: IntArray,
                  pool: IntArray, build: FloatArray, homes: FloatArray, thresholds: FloatArray,
                  x: FloatArray, grant: FloatArray) -> FloatArray:
    """Every column of the model for the choice ``x`` with per-option ``grant`` [GBP m]:
    grant columns summed by group; each pool's chosen ``build`` cost and ``homes`` (per option,
    already × x), its bands reached and savings (layout of ``model``: b, v, y, z after x)."""
    values = np.zeros(n_cols)
    values[:n_options] = x
    n_grant = int(grant_group.max(initial=-1)) + 1
    values[grant_offset:grant_offset + n_grant] = group_totals(
        grant_group, np.where(x > 0.5, grant, 0.0), n_grant)
    n_p = int(pool.max(initial=-1)) + 1 if thresholds.size else 0
    if n_p:
        n_k = thresholds.size
        member = pool >= 0
        pool_build = np.bincount(pool[member], weights=build[member], minlength=n_p)
        pool_homes = np.bincount(pool[member], weights=homes[member], minlength=n_p)
        band = (pool_homes[:, None] >= thresholds[None, :] - 1e-9).astype(np.float64)
        first = n_options
        values[first:first + n_p] = pool_build
        values[first + n_p:first + 2 * n_p] = pool_homes
        values[first + 2 * n_p:first + 2 * n_p + n_p * n_k] = (pool_build[:, None] * band).ravel()
        values[first + 2 * n_p + n_p * n_k:first + 2 * n_p + 2 * n_p * n_k] = band.ravel()
    return values
