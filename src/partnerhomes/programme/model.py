"""The programme MILP written as sparse arrays: minimise c·v subject to lower ≤ A·v ≤ upper.

Not represented: uncertainty (one scenario of values and resources), money's time value across
years (amounts are at valuation-date prices; each year's limit is met on its own, with no
carry-over of unused grant or borrowing), resource use after the programme's last year, and
partial delivery of an option (x is 0 or 1). Savings from scale reach the pooled (joint-venture)
sites only, and are a step function of the pool's volume (see ``docs/methodology/programme.md``
§4 for how it is kept linear). The construction is array work: no loop over sites or options.

Money rows and columns are in GBP millions (``UNIT``) so that the matrix is well scaled.
Columns: x (one binary per option); for each pool with scale savings b and v (its build cost
[GBP m] and homes), y and z per band (the saving [GBP m] and whether the band is reached); then
G (grant to each group of pooled options whose grant columns are identical [GBP m]; see
:mod:`columns`). Rows carry a name, a unit and a kind: ``limit`` rows (resources, rules,
targets) may be relaxed with penalised slacks to diagnose infeasibility; ``structure`` rows (one
option per site, linking rows) may not. Coefficients below ``ZERO`` in size (rounding noise such
as affordable − share × homes on a site exactly at the share) are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from partnerhomes.parameters import ParameterTree
from partnerhomes.programme.columns import identical_column_groups, pool_solution, split_grant
from partnerhomes.programme.file import Mechanisms, Programme
from partnerhomes.programme.options import OptionSet

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

DELAY_WEIGHT = 1e-4  # objective units per affordable home-year of delay: the tie-break
GRANT_WEIGHT = 1e-8  # objective units per GBP of grant: the second tie-break
MONEY_SCALE = 1e-6  # the least-grant objective in GBP millions
UNIT = 1e6  # GBP per unit of money in the matrix: money rows and columns are in GBP millions
ZERO = 1e-9  # coefficients smaller than this in size are rounding noise and are dropped


@dataclass
class MilpArrays:
    """min ``cost``·v + ``offset`` s.t. ``row_lower`` ≤ ``matrix``·v ≤ ``row_upper``, column
    bounds, integrality. ``sense`` records whether the programme objective is a maximum (the
    arrays always minimise; the reported objective is −value then)."""

    cost: FloatArray
    matrix: sp.csr_matrix
    row_lower: FloatArray
    row_upper: FloatArray
    col_lower: FloatArray
    col_upper: FloatArray
    is_integer: BoolArray
    row_names: list[str]
    row_units: list[str]
    row_is_limit: BoolArray
    col_names: list[str]
    n_options: int
    grant_group: IntArray  # grant column (0 … n_grant − 1) of each option, −1 none (fixed grant)
    grant_limit: FloatArray  # most grant a pooled option may receive, min(need, ceiling) [GBP]
    grant_offset: int  # position of the first grant column
    maximise: bool
    mechanisms: Mechanisms
    pool: IntArray  # joint-venture pool of each option with scale savings, −1 none
    pool_build: FloatArray  # build cost of each option [GBP m]
    pool_homes: FloatArray  # homes of each option [dwellings]
    thresholds: FloatArray  # homes at which each scale band starts
    offset: float = 0.0
    notes: dict[str, str] = field(default_factory=dict)
    site: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # of each option

    @property
    def n_grant(self) -> int:
        """Number of grant columns."""
        return int(self.grant_group.max(initial=-1)) + 1

    @property
    def n_pools(self) -> int:
        """Number of pools with scale-saving columns."""
        return int(self.pool.max(initial=-1)) + 1 if self.thresholds.size else 0

    def option_grant(self, values: FloatArray, need: FloatArray) -> FloatArray:
        """Each option's grant [GBP] in the solution ``values``: its need if not pooled, else
        its share of its group's grant (:func:`columns.split_grant`)."""
        x = np.round(values[:self.n_options])
        totals = UNIT * values[self.grant_offset:self.grant_offset + self.n_grant]
        pooled = split_grant(self.grant_group, self.grant_limit, x, totals)
        result: FloatArray = np.where(self.grant_group >= 0, pooled, need * x)
        return result

    def solution(self, x: FloatArray, grant: FloatArray) -> FloatArray:
        """Every column's value for the choice ``x`` with per-option ``grant`` [GBP]: grant
        columns summed by group, and the pools' build cost, homes, savings and bands."""
        return pool_solution(self.cost.size, self.n_options, self.grant_offset,
                             self.grant_group, self.pool, self.pool_build * x,
                             self.pool_homes * x, self.thresholds, x, grant / UNIT)


class _Rows:
    """Accumulates COO triplets and row metadata."""

    def __init__(self) -> None:
        self.rows: list[IntArray] = []
        self.cols: list[IntArray] = []
        self.vals: list[FloatArray] = []
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.names: list[str] = []
        self.units: list[str] = []
        self.limit: list[bool] = []

    def add_block(self, local_row: IntArray, cols: IntArray, vals: npt.ArrayLike,
                  lower: FloatArray, upper: FloatArray, names: list[str], unit: str,
                  is_limit: bool) -> None:
        base = len(self.names)
        values = np.broadcast_to(np.asarray(vals, dtype=np.float64), local_row.shape)
        keep = values != 0
        self.rows.append(base + local_row[keep])
        self.cols.append(cols[keep])
        self.vals.append(values[keep])
        self.lower += np.broadcast_to(lower, (len(names),)).tolist()
        self.upper += np.broadcast_to(upper, (len(names),)).tolist()
        self.names += names
        self.units += [unit] * len(names)
        self.limit += [is_limit] * len(names)


def _by_year(rows: _Rows, group: IntArray, x_coef: FloatArray, g_group: IntArray,
             g_coef: FloatArray, g_cols: IntArray, capacity: FloatArray, labels: list[str],
             years: list[int], unit: str) -> None:
    """Rows Σ coef ≤ capacity[group, year]: ``x_coef`` (O, Y) on x, ``g_coef`` (J, Y) on g."""
    n_groups, n_years = capacity.shape
    o, y = np.nonzero((group[:, None] >= 0) & (x_coef != 0))
    j, yg = np.nonzero((g_group[:, None] >= 0) & (g_coef != 0))
    local = np.concatenate([group[o] * n_years + y, g_group[j] * n_years + yg])
    cols = np.concatenate([o, g_cols[j]])
    vals = np.concatenate([x_coef[o, y], g_coef[j, yg]])
    names = [f"{label} {year}" for label in labels for year in years]
    rows.add_block(local.astype(np.int64), cols.astype(np.int64), vals,
                   np.full(n_groups * n_years, -np.inf), capacity.reshape(-1), names, unit, True)


def _scale_rows(rows: _Rows, options: OptionSet, pool: IntArray, n_pool: int,
                thresholds: FloatArray, first: int) -> None:
    """Scale bands, kept linear (methodology §4): b_p = Σ build x, v_p = Σ homes x over the
    pool; y_pk ≤ b_p; y_pk ≤ B̄_p z_pk; T_k z_pk ≤ v_p. Columns from ``first``: b, v, y, z."""
    t = options.table
    n_k = thresholds.size
    build = t["build_cost"].to_numpy(np.float64) / UNIT
    homes = t["homes"].to_numpy(np.float64)
    members = np.nonzero(pool >= 0)[0]
    b_cols = first + np.arange(n_pool, dtype=np.int64)
    v_cols, y_cols = b_cols + n_pool, first + 2 * n_pool + np.arange(n_pool * n_k)
    z_cols = y_cols + n_pool * n_k
    for cols, amount, what, unit in ((b_cols, build, "build cost", "GBP"),
                                     (v_cols, homes, "homes", "dwellings")):
        rows.add_block(np.concatenate([np.arange(n_pool), pool[members]]),
                       np.concatenate([cols, members]),
                       np.concatenate([np.ones(n_pool), -amount[members]]),
                       np.zeros(n_pool), np.zeros(n_pool),
                       [f"{what} of pool {p + 1}" for p in range(n_pool)], unit, False)
    # B̄_p: the most build cost the pool can hold with one option a site (a tight big-M)
    site = t["site"].to_numpy(np.int64)[members]
    key = pool[members] * (int(site.max(initial=0)) + 1) + site
    _keys, where = np.unique(key, return_inverse=True)
    largest = np.zeros(_keys.size)
    np.maximum.at(largest, where, build[members])
    site_pool = pool[members][np.unique(where, return_index=True)[1]]
    b_max = np.bincount(site_pool, weights=largest, minlength=n_pool)
    k_pool = np.repeat(np.arange(n_pool), n_k)
    nk = n_pool * n_k
    names = [f"scale band {k + 1} of pool {p + 1}" for p in range(n_pool) for k in range(n_k)]
    pair = np.repeat(np.arange(nk), 2)
    for cols, coef, unit in (
        (np.column_stack([y_cols, b_cols[k_pool]]), np.column_stack([np.ones(nk), -np.ones(nk)]),
         "GBP"),
        (np.column_stack([y_cols, z_cols]), np.column_stack([np.ones(nk), -b_max[k_pool]]),
         "GBP"),
        (np.column_stack([z_cols, v_cols[k_pool]]),
         np.column_stack([np.tile(thresholds, n_pool), -np.ones(nk)]), "dwellings"),
    ):
        rows.add_block(pair, cols.ravel(), coef.ravel(), np.full(nk, -np.inf), np.zeros(nk),
                       names, unit, False)


def _objective(options: OptionSet, programme: Programme, rows: _Rows, fixed_grant: FloatArray,
               n_cols: int, g_cols: IntArray) -> tuple[FloatArray, bool]:
    """The cost vector (minimised) and whether the programme's objective is a maximum."""
    t = options.table
    n, years = options.n_options, programme.years_list()
    objective = programme.objective
    homes = t["homes"].to_numpy(np.float64)
    affordable = t["affordable_homes"].to_numpy(np.float64)
    weighted = t["weighted_homes"].to_numpy(np.float64)
    affordable_share = np.divide(affordable, homes, out=np.zeros(n), where=homes > 0)
    delay = DELAY_WEIGHT * t["delay_home_years"].to_numpy(np.float64) * affordable_share
    cost = np.zeros(n_cols)
    if objective.kind == "weighted_affordable_homes":
        cost[:n] = -weighted + delay + GRANT_WEIGHT * fixed_grant
        cost[g_cols] = GRANT_WEIGHT * UNIT
    elif objective.kind == "most_homes_by_year":
        last = years.index(int(objective.by_year or years[-1]))
        by_year = options.completions[:, :last + 1].sum(axis=1) * affordable_share
        cost[:n] = -by_year + delay + GRANT_WEIGHT * fixed_grant
        cost[g_cols] = GRANT_WEIGHT * UNIT
    else:
        cost[:n] = MONEY_SCALE * fixed_grant + DELAY_WEIGHT * delay
        cost[g_cols] = MONEY_SCALE * UNIT
        rows.add_block(np.zeros(n, dtype=np.int64), np.arange(n, dtype=np.int64), affordable,
                       np.full(1, float(objective.target_homes or 0.0)), np.full(1, np.inf),
                       [f"target of {objective.target_homes:,.0f} affordable homes"],
                       "dwellings", True)
    return cost, objective.kind != "least_grant"


def build_model(options: OptionSet, programme: Programme, tree: ParameterTree,
                mechanisms: Mechanisms | None = None) -> MilpArrays:
    """The MILP of ``programme`` over ``options`` (mechanisms default to the programme's)."""
    m = mechanisms or programme.mechanisms
    t = options.table
    n, years = options.n_options, programme.years_list()
    n_y = len(years)
    on = programme.valuation_date
    homes = t["homes"].to_numpy(np.float64)
    pooled = t["is_pooled"].to_numpy(bool)
    need = t["grant_needed"].to_numpy(np.float64)
    council = t["council"].to_numpy(np.int64)
    n_c = len(programme.councils)
    fixed_grant = np.where(pooled, 0.0, need)  # grant of a non-pooled option = its need × x
    # pools and scale-saving bands
    pool = np.where(pooled, council if not m.cross_subsidy else 0, -1)
    n_pool = n_c if not m.cross_subsidy else 1
    scale = tree.scale("programme.scale_savings.build_cost_reduction", on)
    thresholds = np.asarray(scale.thresholds[1:], dtype=np.float64)
    steps = np.diff(np.asarray(scale.rates, dtype=np.float64))
    n_k = thresholds.size if m.scale_savings else 0
    n_tail = (2 * n_pool + 2 * n_pool * n_k) if n_k else 0  # b, v, y, z columns
    y_cols = n + 2 * n_pool + np.arange(n_pool * n_k, dtype=np.int64)
    # first written with one grant column per pooled option (merged below)
    grant_option = np.nonzero(pooled)[0].astype(np.int64)
    n_g = grant_option.size
    g_cols = n + n_tail + np.arange(n_g, dtype=np.int64)

    rows = _Rows()
    # one option per site (committed sites: exactly one)
    site = t["site"].to_numpy(np.int64)
    site_codes, site_local = np.unique(site, return_inverse=True)
    references = t.groupby("site")["site_reference"].first().reindex(site_codes)
    committed = references.isin(programme.committed_sites).to_numpy()
    rows.add_block(site_local.astype(np.int64), np.arange(n, dtype=np.int64), 1.0,
                   np.where(committed, 1.0, 0.0), np.ones(site_codes.size),
                   [f"one option on site {r}" for r in references], "options", False)
    # grant by year: shared pot, or each council's share
    paid = options.grant_paid[:, :n_y]
    grant_group = np.zeros(n, dtype=np.int64) if m.shared_grant else council
    grant_cap = programme.grant_by_year()[None, :] * (
        np.ones((1, 1)) if m.shared_grant else programme.grant_shares()[:, None])
    labels = (["grant (partnership)"] if m.shared_grant
              else [f"grant share of {c.name}" for c in programme.councils])
    _by_year(rows, grant_group, paid * fixed_grant[:, None] / UNIT, grant_group[grant_option],
             paid[grant_option], g_cols, grant_cap / UNIT, labels, years, "GBP")
    # money drawn from partners (their funding through the vehicles engine), in proportion to
    # starts; a pooled option's grant lightens its members' draws (options.RouteResources)
    draw = options.starts[:, :n_y] / np.maximum(homes, 1e-9)[:, None]
    r = options.resources
    for index, amount, per_grant, capacity, label in (
        (r.council_index, r.council_amount, r.council_per_grant,
         [programme.by_year(c.borrowing_headroom) for c in programme.councils],
         [f"borrowing headroom of {c.name}" for c in programme.councils]),
        (r.association_index, r.equity_amount, r.equity_per_grant,
         [programme.by_year(h.equity) for h in programme.housing_associations],
         [f"equity of {h.name}" for h in programme.housing_associations]),
        (r.association_index, r.debt_amount, r.debt_per_grant,
         [programme.by_year(h.debt_capacity) for h in programme.housing_associations],
         [f"debt capacity of {h.name}" for h in programme.housing_associations]),
    ):
        if not capacity:
            continue
        _by_year(rows, index.astype(np.int64), draw * amount[:, None] / UNIT,
                 index[grant_option].astype(np.int64), -draw[grant_option]
                 * per_grant[grant_option][:, None], g_cols, np.vstack(capacity) / UNIT, label,
                 years, "GBP")
    # delivery capacity: SME framework for small sites, else the delivering partner
    sme = t["sme_framework"].to_numpy(np.int64)
    direct = (t["route"] == "council_direct").to_numpy()
    n_h = len(programme.housing_associations)
    delivery = np.where(sme >= 0, n_c + n_h + sme,
                        np.where(direct, council, n_c + t["association"].to_numpy(np.int64)))
    delivery_capacity = np.vstack(
        [programme.by_year(c.starts_capacity) for c in programme.councils]
        + [programme.by_year(h.starts_capacity) for h in programme.housing_associations]
        + [programme.by_year(f.starts_capacity) for f in programme.sme_frameworks])
    labels = ([f"starts capacity of {c.name}" for c in programme.councils]
              + [f"starts capacity of {h.name}" for h in programme.housing_associations]
              + [f"starts capacity of {f.name}" for f in programme.sme_frameworks])
    _by_year(rows, delivery, options.starts[:, :n_y], np.zeros(0, np.int64),
             np.zeros((0, n_y)), g_cols, delivery_capacity, labels, years, "dwellings")
    # minimum affordable share per council plan
    affordable = t["affordable_homes"].to_numpy(np.float64)
    minimum = np.array([np.nan if c.minimum_affordable_share is None
                        else c.minimum_affordable_share for c in programme.councils])
    has_rule = np.isfinite(minimum)
    local = np.cumsum(has_rule) - 1
    chosen = has_rule[council]
    rows.add_block(local[council[chosen]].astype(np.int64), np.nonzero(chosen)[0],
                   (affordable - np.nan_to_num(minimum)[council] * homes)[chosen],
                   np.zeros(int(has_rule.sum())), np.full(int(has_rule.sum()), np.inf),
                   [f"minimum affordable share of {c.name}" for c, h
                    in zip(programme.councils, has_rule, strict=True) if h],
                   "dwellings", True)
    # Social Rent share of grant-funded homes (options that need grant on their own)
    given = programme.rules.social_rent_minimum_share_of_grant_homes
    sr_share = given if given is not None else tree.number(
        "grant.social_rent_minimum_share_of_grant_homes", on)
    funded = (need > 0) & (t["grant_eligible_homes"].to_numpy() > 0)
    coef = np.where(funded, t["grant_eligible_social_rent"].to_numpy(np.float64)
                    - sr_share * t["grant_eligible_homes"].to_numpy(np.float64), 0.0)
    rows.add_block(np.zeros(n, dtype=np.int64), np.arange(n, dtype=np.int64), coef,
                   np.zeros(1), np.full(1, np.inf),
                   [f"Social Rent at least {sr_share:.0%} of grant-funded homes"], "dwellings",
                   True)
    # pools self-financing: Σ value·x + Σ g + savings ≥ 0
    value = t["value"].to_numpy(np.float64)
    in_pool = np.nonzero(pool >= 0)[0]
    pool_local = np.concatenate([pool[in_pool], pool[grant_option],
                                 np.repeat(np.arange(n_pool), n_k)]).astype(np.int64)
    rows.add_block(pool_local, np.concatenate([in_pool, g_cols, y_cols]),
                   np.concatenate([value[in_pool] / UNIT, np.ones(n_g),
                                   np.tile(steps[:n_k], n_pool)]),
                   np.zeros(n_pool), np.full(n_pool, np.inf),
                   ["joint-venture pool of the partnership" if m.cross_subsidy
                    else f"joint-venture pool of {c.name}" for c in
                    programme.councils[:n_pool]], "GBP", True)
    if n_k:
        _scale_rows(rows, options, pool, n_pool, thresholds, n)
    cost, maximise = _objective(options, programme, rows, fixed_grant, n + n_tail + n_g, g_cols)
    limit = np.minimum(need, t["grant_cap"].to_numpy(np.float64))
    return _merge_grant(rows, cost, options, m, maximise, grant_option, limit, n_tail,
                        pool if n_k else np.full(n, -1), thresholds[:n_k], n_pool)


def _merge_grant(rows: _Rows, cost: FloatArray, options: OptionSet, m: Mechanisms,
                 maximise: bool, grant_option: IntArray, limit: FloatArray, n_tail: int,
                 pool: IntArray, thresholds: FloatArray, n_pool: int) -> MilpArrays:
    """Merge identical grant columns (:mod:`columns`) and assemble the arrays."""
    n = options.n_options
    n_g = grant_option.size
    first_g = n + n_tail
    row = np.concatenate(rows.rows)
    col = np.concatenate(rows.cols)
    val = np.concatenate(rows.vals)
    keep = np.abs(val) >= ZERO
    row, col, val = row[keep], col[keep], val[keep]
    n_rows = len(rows.names)
    is_g = col >= first_g
    block = sp.csc_matrix((val[is_g], (row[is_g], col[is_g] - first_g)), shape=(n_rows, n_g))
    group, representative = identical_column_groups(block, cost[first_g:])
    n_merged = representative.size
    # the merged columns: each group's first column; the bounds summed by group
    take = np.isin(col - first_g, representative) & is_g
    new_index = np.full(n_g, -1, dtype=np.int64)
    new_index[representative] = np.arange(n_merged)
    row = np.concatenate([row[~is_g], row[take], n_rows + np.arange(n_merged), n_rows + group])
    col = np.concatenate([col[~is_g], first_g + new_index[col[take] - first_g],
                          first_g + np.arange(n_merged), grant_option])
    val = np.concatenate([val[~is_g], val[take], np.ones(n_merged), -limit[grant_option] / UNIT])
    rows.lower += [-np.inf] * n_merged
    rows.upper += [0.0] * n_merged
    rows.names += [f"grant to pooled group {k + 1} within its options' need"
                   for k in range(n_merged)]
    rows.units += ["GBP"] * n_merged
    rows.limit += [False] * n_merged
    n_cols = first_g + n_merged
    matrix = sp.csr_matrix((val, (row, col)), shape=(len(rows.names), n_cols))
    grant_group = np.full(n, -1, dtype=np.int64)
    grant_group[grant_option] = group
    t = options.table
    col_upper = np.concatenate([np.ones(n), np.full(n_tail + n_merged, np.inf)])
    n_k = thresholds.size
    col_upper[n + 2 * n_pool + n_pool * n_k:first_g] = 1.0  # z
    if not m.pooled_land:
        col_upper[:n] = np.where(t["is_own_land"].to_numpy(bool), 1.0, 0.0)
    is_integer = np.zeros(n_cols, dtype=bool)
    is_integer[:n] = True
    is_integer[n + 2 * n_pool + n_pool * n_k:first_g] = True
    band = [f"{p}:{k}" for p in range(n_pool) for k in range(n_k)]
    col_names = (t["option_id"].tolist()
                 + ([f"pool build:{p}" for p in range(n_pool)]
                    + [f"pool homes:{p}" for p in range(n_pool)]
                    + [f"saving:{b}" for b in band] + [f"band:{b}" for b in band]
                    if n_k else [])
                 + [f"grant:group {k + 1}" for k in range(n_merged)])
    cost = np.concatenate([cost[:first_g], cost[first_g + representative]])
    return MilpArrays(cost, matrix, np.asarray(rows.lower), np.asarray(rows.upper),
                      np.zeros(n_cols), col_upper, is_integer, rows.names, rows.units,
                      np.asarray(rows.limit, dtype=bool), col_names, n, grant_group,
                      np.where(grant_group >= 0, limit, 0.0), first_g, maximise, m, pool,
                      t["build_cost"].to_numpy(np.float64) / UNIT,
                      t["homes"].to_numpy(np.float64), thresholds,
                      site=t["site"].to_numpy(np.int64))
