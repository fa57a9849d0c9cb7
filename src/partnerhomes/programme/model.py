"""The programme MILP written as sparse arrays: minimise c·v subject to lower ≤ A·v ≤ upper.

Not represented: uncertainty (one scenario of values and resources), money's time value across
years (amounts are at valuation-date prices; each year's limit is met on its own, with no
carry-over of unused grant or borrowing), resource use after the programme's last year, and
partial delivery of an option (x is 0 or 1). Savings from scale reach the pooled (joint-venture)
sites only, and are a step function of the pool's volume (see ``docs/methodology/programme.md``
§4 for how it is kept linear). The construction is array work: no loop over sites or options.

Money rows and columns are in GBP millions (``UNIT``) so that the matrix is well scaled.
Columns: x (one binary per option), g (grant to each pooled option [GBP m]), y and z (scale
savings per pool and band: the saving [GBP m] and whether the band is reached). Rows carry a
name, a unit and a kind: ``limit`` rows (resources, rules, targets) may be relaxed with
penalised slacks to diagnose infeasibility; ``structure`` rows (one option per site, linking
rows) may not.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from partnerhomes.parameters import ParameterTree
from partnerhomes.programme.file import Mechanisms, Programme
from partnerhomes.programme.options import OptionSet

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

DELAY_WEIGHT = 1e-4  # objective units per affordable home-year of delay: the tie-break
GRANT_WEIGHT = 1e-8  # objective units per GBP of grant: the second tie-break
MONEY_SCALE = 1e-6  # the least-grant objective in GBP millions
UNIT = 1e6  # GBP per unit of money in the matrix: money rows and columns are in GBP millions


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
    grant_option: IntArray  # option of each g column
    maximise: bool
    mechanisms: Mechanisms
    offset: float = 0.0
    notes: dict[str, str] = field(default_factory=dict)


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
    # grant columns: one per pooled option
    grant_option = np.nonzero(pooled)[0].astype(np.int64)
    n_g = grant_option.size
    g_cols = n + np.arange(n_g, dtype=np.int64)
    fixed_grant = np.where(pooled, 0.0, need)  # grant of a non-pooled option = its need × x
    # pools and scale-saving bands
    pool = np.where(pooled, council if not m.cross_subsidy else 0, -1)
    n_pool = n_c if not m.cross_subsidy else 1
    scale = tree.scale("programme.scale_savings.build_cost_reduction", on)
    thresholds = np.asarray(scale.thresholds[1:], dtype=np.float64)
    steps = np.diff(np.asarray(scale.rates, dtype=np.float64))
    n_k = thresholds.size if m.scale_savings else 0
    y_cols = n + n_g + np.arange(n_pool * n_k, dtype=np.int64)
    z_cols = y_cols + n_pool * n_k
    n_cols = n + n_g + 2 * n_pool * n_k

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
    # money drawn from partners, in proportion to starts
    draw = options.starts[:, :n_y] / np.maximum(homes, 1e-9)[:, None]
    r = options.resources
    capital = t["capital"].to_numpy(np.float64)
    for index, share, fixed, capacity, label in (
        (r.council_index, r.council_share, r.council_fixed,
         [programme.by_year(c.borrowing_headroom) for c in programme.councils],
         [f"borrowing headroom of {c.name}" for c in programme.councils]),
        (r.association_index, r.equity_share, r.equity_fixed,
         [programme.by_year(h.equity) for h in programme.housing_associations],
         [f"equity of {h.name}" for h in programme.housing_associations]),
        (r.association_index, r.debt_share, r.debt_fixed,
         [programme.by_year(h.debt_capacity) for h in programme.housing_associations],
         [f"debt capacity of {h.name}" for h in programme.housing_associations]),
    ):
        if not capacity:
            continue
        per_x = share * (capital - fixed_grant) + fixed
        _by_year(rows, index.astype(np.int64), draw * per_x[:, None] / UNIT,
                 index[grant_option].astype(np.int64), -draw[grant_option]
                 * share[grant_option][:, None], g_cols, np.vstack(capacity) / UNIT, label,
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
    # pools self-financing: Σ value·x + Σ g + savings ≥ 0; grant to a pooled option ≤ its need
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
    limit = np.minimum(need, t["grant_cap"].to_numpy(np.float64))[grant_option]
    rows.add_block(np.repeat(np.arange(n_g), 2), np.column_stack([g_cols, grant_option]).ravel(),
                   np.column_stack([np.ones(n_g), -limit / UNIT]).ravel(), np.full(n_g, -np.inf),
                   np.zeros(n_g), [f"grant to {i} within its need" for i in
                                   t["option_id"].to_numpy()[grant_option]], "GBP", False)
    if n_k:  # y_pk ≤ build cost of the pool; y_pk ≤ B_max z_pk; T_k z_pk ≤ homes of the pool
        build = t["build_cost"].to_numpy(np.float64)
        members = np.nonzero(pooled)[0]
        b_max = np.bincount(pool[members], weights=build[members], minlength=n_pool)
        k_pool = np.repeat(np.arange(n_pool), n_k)
        k_threshold = np.tile(thresholds, n_pool)
        nk = n_pool * n_k
        band_of_member = (pool[members][:, None] * n_k + np.arange(n_k)[None, :]).ravel()
        member_rep = np.repeat(members, n_k)
        names = [f"scale band {k + 1} of pool {p + 1}" for p in range(n_pool) for k in range(n_k)]
        rows.add_block(np.concatenate([np.arange(nk), band_of_member]),
                       np.concatenate([y_cols, member_rep]),
                       np.concatenate([np.ones(nk), -build[member_rep] / UNIT]),
                       np.full(nk, -np.inf), np.zeros(nk), names, "GBP", False)
        rows.add_block(np.repeat(np.arange(nk), 2), np.column_stack([y_cols, z_cols]).ravel(),
                       np.column_stack([np.ones(nk), -b_max[k_pool] / UNIT]).ravel(),
                       np.full(nk, -np.inf), np.zeros(nk), names, "GBP", False)
        rows.add_block(np.concatenate([np.arange(nk), band_of_member]),
                       np.concatenate([z_cols, member_rep]),
                       np.concatenate([k_threshold, -homes[member_rep]]),
                       np.full(nk, -np.inf), np.zeros(nk), names, "dwellings", False)

    # objective
    objective = programme.objective
    weighted = t["weighted_homes"].to_numpy(np.float64)
    affordable_share = np.divide(affordable, homes, out=np.zeros(n), where=homes > 0)
    delay = DELAY_WEIGHT * t["delay_home_years"].to_numpy(np.float64) * affordable_share
    cost = np.zeros(n_cols)
    maximise = objective.kind != "least_grant"
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

    col_upper = np.concatenate([np.ones(n), np.full(n_g, np.inf), np.full(n_pool * n_k, np.inf),
                                np.ones(n_pool * n_k)])
    if not m.pooled_land:
        col_upper[:n] = np.where(t["is_own_land"].to_numpy(bool), 1.0, 0.0)
    matrix = sp.csr_matrix((np.concatenate(rows.vals),
                            (np.concatenate(rows.rows), np.concatenate(rows.cols))),
                           shape=(len(rows.names), n_cols))
    is_integer = np.zeros(n_cols, dtype=bool)
    is_integer[:n] = True
    is_integer[n + n_g + n_pool * n_k:] = True
    col_names = (t["option_id"].tolist() + [f"grant:{i}" for i in
                                            t["option_id"].to_numpy()[grant_option]]
                 + [f"saving:{p}:{k}" for p in range(n_pool) for k in range(n_k)]
                 + [f"band:{p}:{k}" for p in range(n_pool) for k in range(n_k)])
    return MilpArrays(cost, matrix, np.asarray(rows.lower), np.asarray(rows.upper),
                      np.zeros(n_cols), col_upper, is_integer, rows.names, rows.units,
                      np.asarray(rows.limit, dtype=bool), col_names, n, grant_option, maximise,
                      m)
