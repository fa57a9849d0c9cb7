"""Uses of funds: each scheme's (or pool's) monthly project cashflow that a route must fund.

Not represented: the appraisal's own finance (its interest and fees are replaced by the route's
sources), the developer's return as a cost (in a vehicle it is what the partners share), VAT and
tax, and any change of the homes or their timing by route: every route builds the same scheme.
The affordable homes are handed to the route's landlord at the price of its long-term appraisal
(:func:`partnerhomes.tenures.landlord.appraise`, ``max_price`` without grant) on the month
profile of the appraisal's affordable receipts; grant is a separate source (:func:`grant`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from partnerhomes.appraisal.appraise import AppraisalResults
from partnerhomes.appraisal.inputs import (
    AFFORDABLE_RENT,
    SHARED_OWNERSHIP,
    SOCIAL_RENT,
    TENURES,
    SchemeInputs,
)
from partnerhomes.parameters import ParameterTree
from partnerhomes.tenures import landlord

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
ObjectArray = npt.NDArray[np.object_]

LANDLORD_TENURES = ("social_rent", "affordable_rent", "shared_ownership")
SALE_RECEIPTS = ("market_sale_receipts", "first_homes_receipts")
FINANCE_LINES = ("arrangement_fee", "exit_fee")
BUILD_CONTRACT_LINES = ("build_cost", "externals", "abnormals", "net_zero_uplift")


@dataclass(frozen=True)
class Project:
    """What a route funds, by row (a scheme or a pool) and month; money [GBP].

    ``cashflow`` is receipts − costs, land at its agreed value included, the affordable homes at
    the hand-over price, before any finance and grant. ``land`` is the land line (a cost, > 0).
    """

    row_id: ObjectArray  # (R,) [text]
    sites: tuple[tuple[str, ...], ...]  # scheme ids in each row
    valuation_date: ObjectArray  # (R,) [YYYY-MM-DD]
    cashflow: FloatArray  # (R, T)
    land: FloatArray  # (R, T)
    handover: FloatArray  # (R, T) hand-over receipts from the landlord
    grant: FloatArray  # (R, T)
    total_cost: FloatArray  # (R,) gross costs incl. land, the loan-to-cost base
    build_contract: FloatArray  # (R,) build, externals, abnormals, net-zero uplift
    benchmark_land_value: FloatArray  # (R,)
    appraised_affordable_value: FloatArray  # (R,) the appraisal's affordable GDV
    homes: dict[str, FloatArray]  # tenure → (R,) [dwellings]
    start_on_site: IntArray  # (R,) first month of build spend [months]

    @property
    def n_rows(self) -> int:
        """Number of rows R."""
        return int(self.cashflow.shape[0])

    @property
    def land_value(self) -> FloatArray:
        """Agreed land value of each row [GBP]."""
        result: FloatArray = self.land.sum(axis=1)
        return result

    @property
    def handover_price(self) -> FloatArray:
        """What the landlord pays for the affordable homes [GBP]."""
        result: FloatArray = self.handover.sum(axis=1)
        return result


def last_month(project: Project) -> IntArray:
    """Each row's last month with any cashflow, land or grant [months]: balances still owed
    then are the row's end balances, whatever the length of the month axis it is run on.

    >>> last_month(given([[-100.0, 150.0, 0.0, 0.0]])).tolist()
    [1]
    """
    active = (project.cashflow != 0) | (project.land != 0) | (project.grant != 0)
    months = active.shape[1]
    result: IntArray = np.where(active.any(axis=1),
                                months - 1 - np.argmax(active[:, ::-1], axis=1), 0)
    return result.astype(np.int64)


def _weighted_mean(values: FloatArray, weights: FloatArray, rows: IntArray, n: int) -> FloatArray:
    total = np.bincount(rows, weights=weights, minlength=n)
    amount = np.bincount(rows, weights=np.where(weights > 0, values, 0.0) * weights, minlength=n)
    result: FloatArray = np.divide(amount, total, out=np.zeros(n), where=total > 0)
    return result


def landlord_homes(inputs: SchemeInputs, first_year: IntArray) -> landlord.Schemes:
    """The affordable homes of each scheme as a landlord takes them on (no price, no grant).

    Rents are the count-weighted mean gross rent of each rented tenure [GBP/week]; shared
    ownership value the mean open-market value [GBP]; build cost per home of the rented lines
    for major repairs [GBP/dwelling].
    """
    n = inputs.n_schemes
    rows = inputs.line_scheme
    count = inputs.line_count
    tenure = inputs.line_tenure

    def of(code: int) -> FloatArray:
        return np.where(tenure == code, count, 0.0)

    rented = of(SOCIAL_RENT) + of(AFFORDABLE_RENT)
    rent = np.nan_to_num(inputs.line_rent_per_week)
    return landlord.schemes(
        first_year, social_rent_homes=np.bincount(rows, of(SOCIAL_RENT), n),
        affordable_rent_homes=np.bincount(rows, of(AFFORDABLE_RENT), n),
        shared_ownership_homes=np.bincount(rows, of(SHARED_OWNERSHIP), n),
        social_rent_per_week=_weighted_mean(rent, of(SOCIAL_RENT), rows, n),
        affordable_rent_per_week=_weighted_mean(rent, of(AFFORDABLE_RENT), rows, n),
        shared_ownership_value=_weighted_mean(inputs.line_market_value, of(SHARED_OWNERSHIP),
                                              rows, n),
        first_tranche_rate=inputs.shared_ownership_first_tranche_rate,
        shared_ownership_rent_rate=inputs.shared_ownership_rent_rate,
        build_cost_per_home=_weighted_mean(inputs.line_build_cost_per_m2 * inputs.line_gia_m2,
                                           rented, rows, n))


def financial_year(valuation_date: ObjectArray, month: IntArray) -> IntArray:
    """Financial year (starting 1 April) of the month ``month`` months after each date.

    >>> financial_year(np.array(["2026-06-30", "2026-06-30"], dtype=object),
    ...                np.array([0, 10])).tolist()
    [2026, 2027]
    """
    start = np.array([np.datetime64(str(d)[:7], "M") for d in valuation_date])
    months = (start + month.astype("timedelta64[M]")).astype(np.int64)  # months since 1970-01
    year = 1970 + months // 12
    result: IntArray = np.where(months % 12 >= 3, year, year - 1).astype(np.int64)
    return result


def handover_prices(tree: ParameterTree, inputs: SchemeInputs, first_year: IntArray,
                    terms_name: str) -> FloatArray:
    """The landlord's price for each scheme's affordable homes [GBP]: its ``max_price`` at its
    hurdle without grant, by the ``housing_association`` or ``council_hra`` preset in force on
    each scheme's valuation date; 0 where a scheme has no affordable homes."""
    homes = landlord_homes(inputs, first_year)
    price = np.zeros(inputs.n_schemes)
    preset = {"housing_association": landlord.housing_association,
              "council_hra": landlord.council_hra}[terms_name]
    for day in np.unique(inputs.valuation_date.astype(str)):
        rows = np.nonzero(inputs.valuation_date.astype(str) == day)[0]
        terms = preset(tree, dt.date.fromisoformat(day))
        subset = landlord.Schemes(**{name: getattr(homes, name)[rows] for name in
                                     homes.__dataclass_fields__})
        price[rows] = landlord.appraise(subset, terms, cashflows=False).max_price
    result: FloatArray = np.where(homes.homes > 0, price, 0.0)
    return result


def project(tree: ParameterTree, inputs: SchemeInputs, results: AppraisalResults,
            landlord_terms: str) -> Project:
    """The project of every appraised scheme (``results`` in the order of ``inputs``, with its
    cashflow), the affordable homes handed over at the landlord's price; grant still 0."""
    lines = results.cashflow
    if lines is None:
        raise ValueError("appraise(..., include_cashflow=True) is needed for the vehicles")
    affordable = lines["affordable_receipts"]
    n, periods = affordable.shape
    total = affordable.sum(axis=1)
    exit_month = results["exit_month"].astype(np.int64)
    one_hot = np.zeros((n, periods))
    one_hot[np.arange(n), exit_month] = 1.0
    profile = np.where(total[:, None] > 0, affordable / np.where(total > 0, total, 1.0)[:, None],
                       one_hot)
    last = periods - 1 - np.argmax(profile[:, ::-1] > 0, axis=1)
    price = handover_prices(tree, inputs, financial_year(inputs.valuation_date, last),
                            landlord_terms)
    handover = profile * price[:, None]
    cashflow = lines["net"] - affordable + handover
    for name in FINANCE_LINES:
        cashflow = cashflow + lines[name]
    receipts = handover + sum((lines[name] for name in SALE_RECEIPTS), start=np.zeros_like(
        handover))
    homes = {tenure: results[f"dwellings_{tenure}"].astype(np.float64) for tenure in TENURES}
    return Project(
        row_id=results.scheme_id.copy(), sites=tuple((str(s),) for s in results.scheme_id),
        valuation_date=inputs.valuation_date.copy(), cashflow=cashflow, land=lines["land_price"],
        handover=handover, grant=np.zeros_like(cashflow),
        total_cost=receipts.sum(axis=1) - cashflow.sum(axis=1),
        build_contract=sum((results[name] for name in BUILD_CONTRACT_LINES),
                           start=np.zeros(n)),
        benchmark_land_value=results["benchmark_land_value"].astype(np.float64),
        appraised_affordable_value=total, homes=homes,
        start_on_site=np.argmax(lines["build_cost"] > 0, axis=1).astype(np.int64))


def with_grant(project: Project, per_affordable_home: FloatArray | float,
               start_on_site_share: float) -> Project:
    """The project with grant [GBP/dwelling] on its landlord's homes: ``start_on_site_share``
    in the first build month, the rest in the last hand-over month."""
    homes = sum((project.homes[t] for t in LANDLORD_TENURES), start=np.zeros(project.n_rows))
    amount = per_affordable_home * homes
    rows = np.arange(project.n_rows)
    periods = project.cashflow.shape[1]
    last = periods - 1 - np.argmax(project.handover[:, ::-1] != 0, axis=1)
    grant = np.zeros_like(project.cashflow)
    np.add.at(grant, (rows, project.start_on_site), start_on_site_share * amount)
    np.add.at(grant, (rows, last), (1.0 - start_on_site_share) * amount)
    return replace(project, grant=np.where(homes[:, None] > 0, grant, 0.0))


def pooled(project: Project, pool_of_row: IntArray, pool_ids: list[str]) -> Project:
    """One row per pool: every monthly line and total summed over the pool's sites.

    >>> import numpy as np
    >>> one = Project(np.array(["a", "b"], dtype=object), (("a",), ("b",)),
    ...     np.array(["2026-06-30"] * 2, dtype=object), np.array([[-1.0, 2.0], [-3.0, 5.0]]),
    ...     np.zeros((2, 2)), np.zeros((2, 2)), np.zeros((2, 2)), np.ones(2), np.ones(2),
    ...     np.ones(2), np.zeros(2), {}, np.zeros(2, dtype=np.int64))
    >>> pooled(one, np.array([0, 0]), ["pool"]).cashflow.tolist()
    [[-4.0, 7.0]]
    """
    n = len(pool_ids)

    def rows(matrix: FloatArray) -> FloatArray:
        out = np.zeros((n, *matrix.shape[1:]))
        np.add.at(out, pool_of_row, matrix)
        return out

    first = np.array([np.nonzero(pool_of_row == k)[0][0] for k in range(n)])
    return Project(
        row_id=np.array(pool_ids, dtype=object),
        sites=tuple(tuple(s for r in np.nonzero(pool_of_row == k)[0] for s in project.sites[r])
                    for k in range(n)),
        valuation_date=project.valuation_date[first], cashflow=rows(project.cashflow),
        land=rows(project.land), handover=rows(project.handover), grant=rows(project.grant),
        total_cost=rows(project.total_cost), build_contract=rows(project.build_contract),
        benchmark_land_value=rows(project.benchmark_land_value),
        appraised_affordable_value=rows(project.appraised_affordable_value),
        homes={t: rows(v) for t, v in project.homes.items()},
        start_on_site=np.array([project.start_on_site[pool_of_row == k].min()
                                for k in range(n)], dtype=np.int64))


def given(cashflow: npt.ArrayLike, *, land: npt.ArrayLike | None = None,
          grant: npt.ArrayLike | None = None, total_cost: npt.ArrayLike | None = None,
          valuation_date: str = "2026-04-01", row_id: list[str] | None = None) -> Project:
    """A project from monthly flows someone already has (rows × months) [GBP]: ``cashflow``
    receipts − costs including the land line ``land`` (a cost, > 0); ``total_cost`` defaults to
    the sum of the deficit months. No homes, no hand-over.

    >>> given([[-100.0, 150.0]], land=[[100.0, 0.0]]).total_cost.tolist()
    [100.0]
    """
    flows = np.atleast_2d(np.asarray(cashflow, dtype=np.float64))
    rows = flows.shape[0]
    zeros = np.zeros_like(flows)
    ids = row_id or [f"row-{k + 1}" for k in range(rows)]
    cost = (np.maximum(-flows, 0.0).sum(axis=1) if total_cost is None
            else np.broadcast_to(np.asarray(total_cost, dtype=np.float64), (rows,)).copy())
    return Project(
        row_id=np.array(ids, dtype=object), sites=tuple((i,) for i in ids),
        valuation_date=np.array([valuation_date] * rows, dtype=object), cashflow=flows,
        land=zeros.copy() if land is None else np.atleast_2d(np.asarray(land, dtype=np.float64)),
        handover=zeros.copy(),
        grant=zeros.copy() if grant is None else np.atleast_2d(np.asarray(grant,
                                                                          dtype=np.float64)),
        total_cost=cost, build_contract=np.zeros(rows), benchmark_land_value=np.zeros(rows),
        appraised_affordable_value=np.zeros(rows),
        homes={tenure: np.zeros(rows) for tenure in TENURES},
        start_on_site=np.zeros(rows, dtype=np.int64))
