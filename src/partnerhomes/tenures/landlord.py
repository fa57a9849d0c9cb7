"""The long-term landlord appraisal of affordable homes, vectorised over schemes.

Annual year-end cashflows (axis 0 = scheme, axis 1 = year of letting 1..N): rent less voids, bad
debts, management, maintenance, major repairs and unrecovered service costs; shared ownership
rent on the unsold equity and staircasing receipts; the loan that funds the net capital cost
and its repayment from net cashflow. Outputs NPV, IRR, loan payback year, peak debt, interest
cover, the most the landlord can pay at its hurdle and the grant it needs (ProVal-style; domain
reference §1.5, §1.6, §4).

Not represented: terminal value, a component lifecycle table for major repairs (a % of build cost
from a start year is used), rent loss on first letting, tax, sales of homes other than
staircasing, refinancing and debt covenants beyond interest cover, the resale of staircased homes,
Right to Buy and Right to Acquire, and within-year timing (all flows fall at year end; a cash
surplus after the loan is repaid earns the loan rate, so later deficits draw on it first).

Examples
--------
>>> from partnerhomes.parameters import load_tree
>>> terms = housing_association(load_tree(), "2026-04-01")
>>> result = appraise(schemes(first_year=2027, social_rent_homes=10, social_rent_per_week=150.0,
...                           build_cost_per_home=180_000, price=1_800_000), terms)
>>> bool(result.npv[0] < 0), bool(result.grant_needed[0] > 0)
(True, True)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from partnerhomes.parameters import ParameterTree
from partnerhomes.parameters.tree import as_date
from partnerhomes.tenures.rents import RentRuleError, rent_changes
from partnerhomes.tenures.valuation import WEEKS_PER_YEAR

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

CALENDAR_YEARS = 130  # span of the growth tables a preset builds (horizon ≤ 60 + later starts)
ROUNDING = 1e-6  # [GBP] numerical, not an assumption: debt this small is repaid, an NPV this
# little below 0 meets the hurdle (at the maximum price both sit on their limit to rounding)
CONFIRMING_STEP = 1e-3  # numerical, not an assumption: IRR Newton stops when its next step is
# predicted below this share of the tolerance (it would only confirm the rate)


@dataclass(frozen=True)
class LandlordTerms:
    """A landlord's appraisal terms. Rates [/1]; costs [GBP/dwelling/year] at ``price_year``
    prices; growth tables hold the change from the previous year for each calendar year from
    ``calendar_start``. Override any field with :func:`dataclasses.replace`."""

    name: str
    discount_rate: float
    loan_rate: float
    horizon_years: int
    payback_limit_years: int
    interest_cover_minimum: float
    voids_rate: float
    bad_debts_rate: float
    management_per_dwelling: float
    maintenance_per_dwelling: float
    major_repairs_rate: float  # of build cost, a year
    major_repairs_start_year: int
    unrecovered_service_costs_per_dwelling: float
    shared_ownership_management_per_dwelling: float
    shared_ownership_repairs_per_dwelling: float
    shared_ownership_repairs_years: int
    staircasing_rate: float
    price_year: int
    calendar_start: int
    rent_change: FloatArray  # rents charged, by calendar year
    cost_change: FloatArray
    house_price_change: FloatArray
    loan_share: float = 1.0  # part of the net capital cost borrowed; the rest is own funds

    def replace(self, **changes: Any) -> LandlordTerms:
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)


def _growth_tables(tree: ParameterTree, start: int,
                   cost_over_cpi: str) -> tuple[FloatArray, FloatArray, FloatArray]:
    years = np.arange(start, start + CALENDAR_YEARS)
    cpi = np.array([tree.number("economy.cpi_rate", dt.date(int(y), 4, 1))
                    for y in years])
    over = np.array([tree.number(cost_over_cpi, dt.date(int(y), 4, 1)) for y in years])
    house = np.array([tree.number("economy.house_price_growth_over_cpi_rate",
                                  dt.date(int(y), 4, 1)) for y in years])
    return rent_changes(tree, years), cpi + over, cpi + house


def housing_association(tree: ParameterTree, on: dt.date | str) -> LandlordTerms:
    """Housing association preset from ``landlord.housing_association.*`` as at ``on``."""
    return _preset(tree, as_date(on), "housing_association")


def council_hra(tree: ParameterTree, on: dt.date | str) -> LandlordTerms:
    """Council Housing Revenue Account preset: PWLB HRA rate (gilts + margin) for borrowing
    and discounting, ``landlord.council_hra.*`` horizon and payback limit; operating allowances
    from ``landlord.council_hra.*`` where present, else the housing association's."""
    return _preset(tree, as_date(on), "council_hra")


def _preset(tree: ParameterTree, day: dt.date, who: str) -> LandlordTerms:
    def number(item: str) -> float:
        name = f"landlord.{who}.{item}"
        if name not in tree.names(name):
            name = f"landlord.housing_association.{item}"
        return tree.number(name, day)

    def shared(item: str) -> float:
        return tree.number(f"tenures.shared_ownership.{item}", day)

    if who == "council_hra":
        pwlb = (tree.number("landlord.council_hra.gilt_rate", day)
                + tree.number("landlord.council_hra.pwlb_hra_margin_over_gilts_rate", day))
        discount, loan = pwlb, pwlb
    else:
        discount, loan = number("discount_rate"), number("loan_rate")
    over = f"landlord.{who}.cost_growth_over_cpi_rate"
    if over not in tree.names(over):
        over = "landlord.housing_association.cost_growth_over_cpi_rate"
    rent, cost, house = _growth_tables(tree, day.year, over)
    return LandlordTerms(
        name=who, discount_rate=discount, loan_rate=loan,
        horizon_years=int(number("horizon_years")),
        payback_limit_years=int(number("payback_limit_years")),
        interest_cover_minimum=number("interest_cover_minimum"),
        voids_rate=number("voids_rate"), bad_debts_rate=number("bad_debts_rate"),
        management_per_dwelling=number("management_per_dwelling_per_year"),
        maintenance_per_dwelling=number("maintenance_per_dwelling_per_year"),
        major_repairs_rate=number("major_repairs_rate"),
        major_repairs_start_year=int(number("major_repairs_start_year")),
        unrecovered_service_costs_per_dwelling=number(
            "unrecovered_service_costs_per_dwelling_per_year"),
        shared_ownership_management_per_dwelling=shared("management_per_dwelling_per_year"),
        shared_ownership_repairs_per_dwelling=shared("landlord_repairs_per_dwelling_per_year"),
        shared_ownership_repairs_years=int(shared("landlord_repairs_years")),
        staircasing_rate=shared("staircasing_rate"),
        price_year=day.year, calendar_start=day.year,
        rent_change=rent, cost_change=cost, house_price_change=house)


@dataclass(frozen=True)
class Schemes:
    """Affordable homes of each scheme as its landlord takes them on; every field has shape
    (schemes,). Rents are first-year levels; costs at the terms' ``price_year`` prices."""

    first_year: IntArray  # financial year of first letting
    social_rent_homes: FloatArray  # [dwellings]
    affordable_rent_homes: FloatArray  # [dwellings]
    shared_ownership_homes: FloatArray  # [dwellings]
    social_rent_per_week: FloatArray  # average [GBP/week]
    affordable_rent_per_week: FloatArray  # average, net of service charges [GBP/week]
    shared_ownership_value: FloatArray  # open-market value per home at first sale [GBP]
    first_tranche_rate: FloatArray  # [/1]
    shared_ownership_rent_rate: FloatArray  # rent on unsold equity [/1]
    build_cost_per_home: FloatArray  # for major repairs [GBP/dwelling]
    price: FloatArray  # what the landlord pays for all the homes [GBP]
    grant: FloatArray  # [GBP]

    @property
    def homes(self) -> FloatArray:
        """All affordable homes of each scheme [dwellings]."""
        total: FloatArray = (self.social_rent_homes + self.affordable_rent_homes
                             + self.shared_ownership_homes)
        return total


def schemes(first_year: npt.ArrayLike, *, social_rent_homes: npt.ArrayLike = 0.0,
            affordable_rent_homes: npt.ArrayLike = 0.0,
            shared_ownership_homes: npt.ArrayLike = 0.0,
            social_rent_per_week: npt.ArrayLike = 0.0,
            affordable_rent_per_week: npt.ArrayLike = 0.0,
            shared_ownership_value: npt.ArrayLike = 0.0, first_tranche_rate: npt.ArrayLike = 0.25,
            shared_ownership_rent_rate: npt.ArrayLike = 0.0275,
            build_cost_per_home: npt.ArrayLike = 0.0, price: npt.ArrayLike = 0.0,
            grant: npt.ArrayLike = 0.0) -> Schemes:
    """:class:`Schemes` with scalars broadcast to one value per scheme, checked.

    The shared ownership defaults mirror ``tenures.shared_ownership.*``; pass the tree's values
    (as :mod:`partnerhomes.cli.tenures` does) when they differ.
    """
    fields = dict(social_rent_homes=social_rent_homes, affordable_rent_homes=affordable_rent_homes,
                  shared_ownership_homes=shared_ownership_homes,
                  social_rent_per_week=social_rent_per_week,
                  affordable_rent_per_week=affordable_rent_per_week,
                  shared_ownership_value=shared_ownership_value,
                  first_tranche_rate=first_tranche_rate,
                  shared_ownership_rent_rate=shared_ownership_rent_rate,
                  build_cost_per_home=build_cost_per_home, price=price, grant=grant)
    arrays = np.broadcast_arrays(np.asarray(first_year), *(np.asarray(v, dtype=np.float64)
                                                           for v in fields.values()))
    shape = np.atleast_1d(arrays[0]).shape
    values = {key: np.atleast_1d(np.array(array, dtype=np.float64)).reshape(shape)
              for key, array in zip(fields, arrays[1:], strict=True)}
    for key, array in values.items():
        if np.any(array < 0) or not np.all(np.isfinite(array)):
            raise RentRuleError(f"{key} must be finite and ≥ 0")
    share = values["first_tranche_rate"]
    has_so = values["shared_ownership_homes"] > 0
    if np.any(has_so & ((share < 0.1 - 1e-12) | (share > 1.0))):  # new-model minimum, §4.3
        raise RentRuleError("first_tranche_rate outside 10–100% on a scheme with shared owners")
    return Schemes(first_year=np.atleast_1d(np.array(arrays[0], dtype=np.int64)).reshape(shape),
                   **values)


@dataclass(frozen=True)
class LandlordResult:
    """Cashflows (schemes × years, [GBP], year-end) and metrics (one per scheme)."""

    cashflows: dict[str, FloatArray]  # empty from appraise(..., cashflows=False)
    net_capital_cost: FloatArray  # price − grant − first-tranche receipts [GBP]
    npv: FloatArray  # at the discount rate [GBP]
    irr: FloatArray  # [/1], NaN where the flows have no sign change
    payback_year: FloatArray  # first year the loan is repaid; NaN if not within the horizon
    peak_debt: FloatArray  # [GBP]
    minimum_interest_cover: FloatArray  # net operating income ÷ interest, years with debt
    max_price: FloatArray  # most the landlord can pay: NPV ≥ 0 and payback ≤ limit [GBP]
    grant_needed: FloatArray  # total grant to meet both hurdles at the price (≤ grant: met) [GBP]
    meets_hurdles: npt.NDArray[np.bool_]  # NPV ≥ 0 (to ROUNDING) and payback ≤ limit
    price: FloatArray | None = None  # the price appraised: homes.price, or max_price [GBP]


def _calendar(table: FloatArray, terms: LandlordTerms, first: IntArray, years: int) -> FloatArray:
    index = (first - terms.calendar_start)[:, None] + np.arange(years)[None, :]
    if index.min() < 0 or index.max() >= table.size:
        raise RentRuleError(f"first letting years must lie in {terms.calendar_start}–"
                            f"{terms.calendar_start + table.size - years}")
    result: FloatArray = table[index]
    return result


def _index(change: FloatArray, terms: LandlordTerms, first: IntArray, years: int,
           base: IntArray) -> FloatArray:
    """Level in calendar years first..first+years−1 relative to the level in ``base`` years,
    where each year's level is the previous one × (1 + that year's change)."""
    level = np.cumprod(np.concatenate([[1.0], 1.0 + change[1:]]))
    at_base = level[base - terms.calendar_start] if np.all(
        (base >= terms.calendar_start) & (base - terms.calendar_start < level.size)) else None
    if at_base is None:
        raise RentRuleError(f"years must lie in {terms.calendar_start}–"
                            f"{terms.calendar_start + level.size - 1}")
    result: FloatArray = _calendar(level, terms, first, years) / at_base[:, None]
    return result


BLAS_BLOCK = 131_072
"""Most multiply-adds per matrix product call: OpenBLAS computes products below 262,144
(65,536 × its default GEMM_MULTITHREAD_THRESHOLD of 4) on the calling thread. Larger products
wake its worker threads, which on a shared 2-core machine cost ≈ 10 ms a call, 20× the work."""


def _product(left: FloatArray, right: FloatArray, out: FloatArray | None = None) -> FloatArray:
    """``left @ right`` (2-d) in blocks small enough for one thread (:data:`BLAS_BLOCK`): of
    ``left``'s rows when it is the taller, else of ``right``'s columns; into ``out`` if given."""
    rows, inner = left.shape
    columns = right.shape[1]
    if out is None:
        out = np.empty((rows, columns))
    if rows * inner * columns <= BLAS_BLOCK:
        np.matmul(left, right, out=out)
    elif rows >= columns:
        step = max(1, BLAS_BLOCK // (inner * columns))
        for start in range(0, rows, step):
            np.matmul(left[start:start + step], right, out=out[start:start + step])
    else:  # each block's result is a temporary: under 16,384 numbers (128 KiB) too
        step = max(1, min(BLAS_BLOCK // (inner * rows), 16_384 // rows))
        for start in range(0, columns, step):
            out[:, start:start + step] = left @ right[:, start:start + step]
    return out


def _first_years(first: IntArray) -> tuple[IntArray, IntArray]:
    """The distinct first years of letting and each scheme's position among them."""
    if first.size and first.min() == first.max():  # the usual case: one year for all
        return first[:1].copy(), np.zeros(first.size, dtype=np.int64)
    years, group = np.unique(first, return_inverse=True)
    return years, group.reshape(first.shape).astype(np.int64)


def _coefficients(homes: Schemes) -> FloatArray:
    """Each scheme's amounts that multiply the year profiles of :func:`_basis` (S, 6)."""
    rented = homes.social_rent_homes + homes.affordable_rent_homes
    unsold_value = (homes.shared_ownership_homes * (1.0 - homes.first_tranche_rate)
                    * homes.shared_ownership_value)  # landlord's equity at first sale [GBP]
    weekly = (homes.social_rent_homes * homes.social_rent_per_week
              + homes.affordable_rent_homes * homes.affordable_rent_per_week)
    coefficients: FloatArray = np.stack([
        WEEKS_PER_YEAR * weekly, homes.shared_ownership_rent_rate * unsold_value, rented,
        rented * homes.build_cost_per_home, homes.shared_ownership_homes, unsold_value], axis=1)
    return coefficients


def _basis(terms: LandlordTerms, rent: FloatArray, cost: FloatArray,
           price: FloatArray) -> FloatArray:
    """Year profiles (6, years) of one first year: the net operating income is
    ``coefficients[:, :5] @ basis[:5]`` and the staircasing receipts ``coefficients[:, 5] ×
    basis[5]`` (the module's cashflow lines, collected by what multiplies each scheme's amount).
    """
    t = np.arange(1, rent.size + 1, dtype=np.float64)
    remaining = (1.0 - terms.staircasing_rate) ** (t - 1.0)
    basis = np.empty((6, rent.size))
    basis[0] = (1.0 - terms.voids_rate) * (1.0 - terms.bad_debts_rate) * rent  # × gross rent
    basis[1] = (1.0 - terms.bad_debts_rate) * remaining * rent  # × SO rent on unsold equity
    basis[2] = -(terms.management_per_dwelling + terms.maintenance_per_dwelling
                 + terms.unrecovered_service_costs_per_dwelling) * cost  # × rented homes
    basis[3] = -terms.major_repairs_rate * (t >= terms.major_repairs_start_year) * cost
    basis[4] = -(remaining * (terms.shared_ownership_management_per_dwelling
                              + terms.shared_ownership_repairs_per_dwelling
                              * (t <= terms.shared_ownership_repairs_years))
                 + terms.unrecovered_service_costs_per_dwelling) * cost  # × SO homes
    basis[5] = terms.staircasing_rate * remaining * price  # × unsold equity value
    return basis


def _summary(coefficients: FloatArray, basis: FloatArray, terms: LandlordTerms,
             price_given: FloatArray, grant: FloatArray, first_tranche: FloatArray,
             at_max_price: npt.NDArray[np.bool_],
             keep_debt: bool) -> tuple[dict[str, FloatArray], FloatArray | None]:
    """The metrics but the IRR of schemes sharing one first year; with ``keep_debt`` their
    year-major (years, schemes) ``closing_debt`` and ``interest``, else a (years + 1, schemes)
    workspace for the IRR's flows. One (years × schemes) array without ``keep_debt``, two with,
    each worked in place: at England's scale a fresh one costs as much in page faults as its
    arithmetic."""
    n = basis.shape[1]
    t = np.arange(1, n + 1, dtype=np.float64)
    discount = (1.0 + terms.discount_rate) ** -t
    loan_factor = (1.0 + terms.loan_rate) ** t
    present_value = coefficients @ (basis @ discount)
    # Σ_{k≤t} NCF_k (1 + i)^−k for every year t and scheme (years, schemes), below a spare
    # first row: without keep_debt the IRR's flows take the same memory afterwards.
    buffer = np.empty((n + 1, coefficients.shape[0]))
    repaid_pv = _product(np.cumsum(basis / loan_factor, axis=1).T, coefficients.T,
                         out=buffer[1:])

    limit = min(int(terms.payback_limit_years), n)
    share = terms.loan_share if terms.loan_share > 0 else np.inf
    payback_capacity = repaid_pv[:limit].max(axis=0) / share
    capacity = np.minimum(present_value, payback_capacity)  # most the net capital cost can be
    max_price = capacity + grant + first_tranche
    price = np.where(at_max_price, max_price, price_given)
    capital = price - grant - first_tranche
    npv = present_value - capital

    drawdown = terms.loan_share * np.maximum(capital, 0.0)
    debt = np.subtract(drawdown, repaid_pv, out=repaid_pv)  # L_t = (1 + i)^t (L_0 − Σ …)
    debt *= loan_factor[:, None]
    repaid = debt <= ROUNDING
    payback = np.where(drawdown <= 0, 0.0,
                       np.where(repaid.any(axis=0), repaid.argmax(axis=0) + 1.0, np.nan))
    peak = np.maximum(drawdown, debt.max(axis=0))
    interest = np.empty_like(debt) if keep_debt else debt  # interest_t = i max(L_{t−1}, 0)
    for year in range(n - 1, 0, -1):  # from the last year, so it may overwrite the debt
        np.maximum(debt[year - 1], 0.0, out=interest[year])
    interest[0] = np.maximum(drawdown, 0.0)
    interest *= terms.loan_rate
    operating = basis.copy()
    operating[5] = 0.0  # the staircasing receipts are not operating income
    minimum_cover = _minimum_cover(operating, coefficients, interest)

    return dict(net_capital_cost=capital, npv=npv,
                payback_year=payback, peak_debt=peak, minimum_interest_cover=minimum_cover,
                max_price=max_price, grant_needed=np.maximum(0.0, price - first_tranche - capacity),
                meets_hurdles=(npv >= -ROUNDING) & (payback <= limit), price=price,
                **(dict(closing_debt=debt, interest=interest) if keep_debt else {})), (
                    None if keep_debt else buffer)


def _minimum_cover(operating: FloatArray, coefficients: FloatArray,
                   interest: FloatArray) -> FloatArray:
    """Lowest NOI_t ÷ interest_t over the years with interest, each scheme (inf if none); the
    NOI (``operating`` profiles × amounts) a block of schemes at a time, never all at once."""
    n = operating.shape[1]
    lowest = np.empty(coefficients.shape[0])
    step = max(1, min(BLAS_BLOCK // (operating.shape[0] * n), 16_384 // n))
    for start in range(0, lowest.size, step):
        block = slice(start, start + step)
        cover = operating.T @ coefficients[block].T  # NOI (years, schemes of the block)
        owed = interest[:, block]
        with np.errstate(divide="ignore", invalid="ignore"):  # no debt: overwritten below
            np.divide(cover, owed, out=cover)  # (a masked divide costs twice as much)
        cover[owed <= 0] = np.inf
        lowest[block] = cover.min(axis=0)
    return lowest


def _appraisal_irr(coefficients: FloatArray, capital: FloatArray,
                   groups: list[tuple[IntArray | slice, FloatArray]],
                   workspace: FloatArray | None,
                   low: float = -0.99, high: float = 1.0) -> FloatArray:
    """:func:`irr` of the flows −capital, NCF_1..NCF_N of every scheme, ``groups`` giving the
    schemes of each first year and their year profiles. The flows are built only for the
    schemes whose NPV changes sign on [low, high] (the NPV at both ends from the year
    profiles), in ``workspace`` (years + 1, schemes) when there is one group and every scheme's
    does; one Newton solve for them all."""
    t = np.arange(1, groups[0][1].shape[1] + 1, dtype=np.float64)
    powers = (1.0 + np.array([low, high]))[None, :] ** -t[:, None]  # (years, 2)
    ends = np.empty((capital.size, 2))
    for rows, basis in groups:
        ends[rows] = _product(coefficients[rows], basis @ powers) - capital[rows, None]
    ok = _changes_sign(ends[:, 0], ends[:, 1])
    result: FloatArray = np.full(capital.size, np.nan)
    solve = np.flatnonzero(ok)
    if solve.size == 0:
        return result
    every = solve.size == capital.size
    reuse = workspace is not None and every and len(groups) == 1
    by_year = workspace if reuse and workspace is not None else np.empty((t.size + 1, solve.size))
    by_year[0] = -capital[solve]
    if len(groups) == 1:
        _product(groups[0][1].T, (coefficients if every else coefficients[solve]).T,
                 out=by_year[1:])
    else:
        column = np.cumsum(ok) - 1  # each scheme's column among the flows
        for rows, basis in groups:
            mine = np.asarray(rows)[ok[rows]]
            by_year[1:, column[mine]] = _product(basis.T, coefficients[mine].T)
    start = np.full(solve.size, 0.05)
    # Conventional flows (an outlay, then no negative year) have one IRR: start Newton at the
    # first year's yield on the outlay, close to it when the flows last and grow slowly.
    conventional = (capital[solve] > 0) & (by_year[1:].min(axis=0) >= 0)
    margin = 0.01 * (high - low)
    start[conventional] = np.clip(by_year[1, conventional] / capital[solve[conventional]],
                                  low + margin, high - margin)
    result[solve] = _newton_irr(by_year, ends[solve, 0], np.full(solve.size, low),
                                np.full(solve.size, high), start)
    return result


def appraise(homes: Schemes, terms: LandlordTerms, *, at_max_price: npt.ArrayLike = False,
             cashflows: bool = True) -> LandlordResult:
    """Appraise every scheme over the terms' horizon (see the module docstring).

    Where ``at_max_price`` is true (a bool, or one per scheme) the scheme is appraised at its
    :attr:`LandlordResult.max_price` instead of ``homes.price``: the maximum price does not
    depend on the price paid, so one call gives both. With ``cashflows=False`` only the metrics
    are computed and :attr:`LandlordResult.cashflows` is empty; the metrics are the same either
    way (the cashflow lines are built beside them, not used by them).

    Each scheme's net cashflow is the sum of six amounts of the scheme (:func:`_coefficients`)
    times six year profiles shared by the schemes with the same first year (:func:`_basis`), so
    the present values and the loan's cumulative repayment are matrix products; the debt path,
    payback and interest cover are computed year-major; the IRR is solved, once for all
    schemes, only for those whose NPV changes sign.
    """
    n = int(terms.horizon_years)
    first = homes.first_year
    years, group = _first_years(first)
    rent_index = _index(terms.rent_change, terms, years, n, years)  # (distinct years, n)
    cost_index = _index(terms.cost_change, terms, years, n,
                        np.full_like(years, terms.price_year))
    price_index = _index(terms.house_price_change, terms, years + 1, n, years)  # at year end

    coefficients = _coefficients(homes)
    first_tranche = homes.shared_ownership_homes * homes.first_tranche_rate * \
        homes.shared_ownership_value
    at_max = np.broadcast_to(np.asarray(at_max_price, dtype=bool), first.shape)
    metrics: dict[str, FloatArray] = {}
    by_year: dict[str, FloatArray] = {}
    groups: list[tuple[IntArray | slice, FloatArray]] = []
    for u in range(years.size):  # one pass per distinct first year (England: one)
        rows: IntArray | slice = slice(None) if years.size == 1 else np.flatnonzero(group == u)
        basis = _basis(terms, rent_index[u], cost_index[u], price_index[u])
        groups.append((rows, basis))
        part, workspace = _summary(coefficients[rows], basis, terms, homes.price[rows],
                                   homes.grant[rows], first_tranche[rows], at_max[rows],
                                   cashflows)
        if years.size == 1:
            metrics = {k: v for k, v in part.items() if v.ndim == 1}
            by_year = {k: v for k, v in part.items() if v.ndim == 2}
            break
        for key, value in part.items():
            if value.ndim == 1:
                metrics.setdefault(key, np.empty(first.size, dtype=value.dtype))[rows] = value
            else:
                by_year.setdefault(key, np.empty((n, first.size)))[:, rows] = value
    metrics["irr"] = _appraisal_irr(coefficients, metrics["net_capital_cost"], groups,
                                    workspace)

    lines = _cashflow_lines(homes, terms, rent_index[group], cost_index[group],
                            price_index[group], metrics["net_capital_cost"],
                            by_year) if cashflows else {}
    return LandlordResult(lines, metrics["net_capital_cost"], metrics["npv"], metrics["irr"],
                          metrics["payback_year"], metrics["peak_debt"],
                          metrics["minimum_interest_cover"], metrics["max_price"],
                          metrics["grant_needed"], metrics["meets_hurdles"].astype(bool),
                          metrics["price"])


def _cashflow_lines(homes: Schemes, terms: LandlordTerms, rent_index: FloatArray,
                    cost_index: FloatArray, price_index: FloatArray, capital: FloatArray,
                    by_year: dict[str, FloatArray]) -> dict[str, FloatArray]:
    """The cashflow lines (schemes × years), each by its own formula (module docstring)."""
    n = rent_index.shape[1]
    t = np.arange(1, n + 1, dtype=np.float64)[None, :]
    col = {name: getattr(homes, name)[:, None] for name in (
        "social_rent_homes", "affordable_rent_homes", "shared_ownership_homes",
        "social_rent_per_week", "affordable_rent_per_week", "shared_ownership_value",
        "first_tranche_rate", "shared_ownership_rent_rate", "build_cost_per_home")}
    rented = col["social_rent_homes"] + col["affordable_rent_homes"]
    shared = col["shared_ownership_homes"]
    remaining = (1.0 - terms.staircasing_rate) ** (t - 1.0)  # SO homes not staircased at start
    unsold = (1.0 - col["first_tranche_rate"]) * remaining  # landlord's equity share
    gross = WEEKS_PER_YEAR * (col["social_rent_homes"] * col["social_rent_per_week"]
                              + col["affordable_rent_homes"] * col["affordable_rent_per_week"]
                              ) * rent_index
    so_rent = shared * col["shared_ownership_rent_rate"] * col["shared_ownership_value"] * (
        unsold * rent_index)
    voids = terms.voids_rate * gross
    bad_debts = terms.bad_debts_rate * (gross - voids + so_rent)
    management = cost_index * (rented * terms.management_per_dwelling + shared * remaining
                               * terms.shared_ownership_management_per_dwelling)
    maintenance = cost_index * (rented * terms.maintenance_per_dwelling + shared * remaining
                                * terms.shared_ownership_repairs_per_dwelling
                                * (t <= terms.shared_ownership_repairs_years))
    major_repairs = (cost_index * rented * col["build_cost_per_home"] * terms.major_repairs_rate
                     * (t >= terms.major_repairs_start_year))
    service = cost_index * (rented + shared) * terms.unrecovered_service_costs_per_dwelling
    staircasing = (shared * terms.staircasing_rate * unsold * col["shared_ownership_value"]
                   * price_index)
    operating = gross - voids - bad_debts + so_rent - management - maintenance - major_repairs \
        - service
    net = operating + staircasing
    debt = np.ascontiguousarray(by_year["closing_debt"].T)
    opening = np.concatenate([np.maximum(capital, 0.0)[:, None] * terms.loan_share,
                              debt[:, :-1]], axis=1)
    return dict(gross_rent=gross, voids=voids, bad_debts=bad_debts,
                shared_ownership_rent=so_rent, management=management,
                maintenance=maintenance, major_repairs=major_repairs,
                unrecovered_service_costs=service, net_operating_income=operating,
                staircasing_receipts=staircasing, net_cashflow=net,
                interest=np.ascontiguousarray(by_year["interest"].T),
                repayment=np.maximum(opening, 0.0) - np.maximum(debt, 0.0), closing_debt=debt)


def irr(flows: npt.ArrayLike, *, low: float = -0.99, high: float = 1.0, tolerance: float = 1e-10,
        iterations: int = 100) -> FloatArray:
    """Internal rate of return of each row of year-indexed flows (column k at year k) [/1].

    Newton steps guarded by a bracket that shrinks by bisection whenever a step leaves it, so it
    always converges when NPV changes sign on [low, high]; NaN otherwise (as for a row of
    zeros). Vectorised over rows: NPV and its slope come from Horner's rule over years (a loop
    over years, not rows), and each step works only on the rows not yet converged.

    >>> round(float(irr([[-100.0, 60.0, 60.0]])[0]), 6)
    0.130662
    """
    cash = np.atleast_2d(np.asarray(flows, dtype=np.float64))
    by_year = np.ascontiguousarray(cash.T)  # (years, rows): each Horner step reads a row
    everyone = np.arange(cash.shape[0], dtype=np.int64)
    lo = np.full(cash.shape[0], low)
    hi = np.full(cash.shape[0], high)
    f_lo, _ = _npv_and_slope(by_year, lo, everyone)
    f_hi, _ = _npv_and_slope(by_year, hi, everyone)
    ok = _changes_sign(f_lo, f_hi)
    rate = np.clip(np.full(cash.shape[0], 0.05), lo, hi)
    rows = np.flatnonzero(ok)
    result: FloatArray = np.full(cash.shape[0], np.nan)
    result[rows] = _newton_irr(by_year[:, rows] if rows.size < cash.shape[0] else by_year,
                               f_lo[rows], lo[rows], hi[rows], rate[rows], tolerance=tolerance,
                               iterations=iterations)
    return result


HORNER_IN_PYTHON = 4
"""Columns up to which Horner's rule runs on Python floats (the same IEEE operations in the same
order, so the same numbers), cheaper than ≈ 4 array calls a year for the last slow schemes."""


def _changes_sign(f_low: FloatArray, f_high: FloatArray) -> npt.NDArray[np.bool_]:
    """Whether the NPV changes sign between the ends (a zero at one end counts; zero at both,
    as for flows that are all zero, does not: no IRR)."""
    changes: npt.NDArray[np.bool_] = (np.sign(f_low) * np.sign(f_high) <= 0) & (
        (f_low != 0) | (f_high != 0))
    return changes


def _npv_and_slope(by_year: FloatArray, rate: FloatArray,
                   rows: IntArray) -> tuple[FloatArray, FloatArray]:
    """NPV f(r) = Σ c_k v^k and df/dr = −v Σ k c_k v^k, v = 1 / (1 + r), of the given columns
    of year-major flows, by Horner's rule over years for the polynomial p(v) = Σ c_k v^k and
    its derivative p′(v) = Σ k c_k v^(k−1) together (df/dr = −v² p′(v))."""
    if 2 * rows.size > by_year.shape[1]:  # most columns: cheaper than gathering them
        v = 1.0 / (1.0 + np.full(by_year.shape[1], 0.05))
        v[rows] = 1.0 / (1.0 + rate)
        total, slope = _horner(by_year, v)
        return (total, slope) if rows.size == by_year.shape[1] else (total[rows], slope[rows])
    return _horner(by_year[:, rows], 1.0 / (1.0 + rate))


def _horner(part: FloatArray, v: FloatArray) -> tuple[FloatArray, FloatArray]:
    """:func:`_npv_and_slope` of every column of ``part`` at discount factors ``v``."""
    if part.shape[1] <= HORNER_IN_PYTHON:  # the last few columns: Python floats, same steps
        values, slopes = [], []
        for column, factor in zip(part.T.tolist(), v.tolist(), strict=True):
            at, slope_at = column[-1], 0.0  # p(v) and p′(v)
            for c in reversed(column[:-1]):
                slope_at = slope_at * factor + at
                at = at * factor + c
            values.append(at)
            slopes.append(-factor * factor * slope_at)
        return np.array(values), np.array(slopes)
    total = part[-1].copy()
    derivative = np.zeros(part.shape[1])
    for k in range(part.shape[0] - 2, -1, -1):
        derivative *= v
        derivative += total
        total *= v
        total += part[k]
    return total, -v * v * derivative


def _newton_irr(by_year: FloatArray, f_lo: FloatArray, lo: FloatArray, hi: FloatArray,
                rate: FloatArray, *, tolerance: float = 1e-10,
                iterations: int = 100) -> FloatArray:
    """Guarded Newton for the root of each column's NPV in [lo, hi] (f_lo: NPV at lo) from
    ``rate``; returns the rates (the arguments are left unchanged).

    A step bisects the bracket instead when Newton's would leave it or would not halve the
    previous step (as ``rtsafe`` does): far from the root, where the NPV behaves like its
    highest power of 1 / (1 + r), Newton's steps shrink only by ≈ 1 − 1/years each."""
    result = rate.copy()
    # The schemes still iterating, and their bracket, NPV at its low end, rate and last step.
    active = np.arange(rate.size, dtype=np.int64)
    lo, hi, f_lo, r = lo.copy(), hi.copy(), f_lo.copy(), rate.copy()
    last_step = hi - lo
    newton_step = np.full(rate.size, np.nan)  # the last step, when it was Newton's
    for _ in range(iterations):
        if active.size == 0:
            break
        f, slope = _npv_and_slope(by_year, r, active)
        same = np.sign(f) == np.sign(f_lo)
        lo = np.where(same, r, lo)
        f_lo = np.where(same, f, f_lo)
        hi = np.where(same, hi, r)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            step = r - f / slope
            inside = np.isfinite(step) & (step > lo) & (step < hi)
            newton = inside & (2.0 * np.abs(step - r) <= last_step)
        root = np.abs(f) <= tolerance  # r is the answer: no step, no bisection
        new = np.where(root, r, np.where(newton, step, 0.5 * (lo + hi)))
        last_step = np.abs(new - r)
        # Two Newton steps in a row predict the next, last³ ÷ previous² (quadratic
        # convergence): when it would move the rate by under a thousandth of the tolerance,
        # it would only confirm ``new`` (as accurate as the step it saves).
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            next_step = last_step ** 3 / newton_step ** 2
        going = (last_step > tolerance) & ~root & ~(
            newton & (next_step <= CONFIRMING_STEP * tolerance))
        newton_step = np.where(newton, last_step, np.nan)
        result[active] = new
        if not going.all():
            active, lo, hi, f_lo, last_step, newton_step = (
                active[going], lo[going], hi[going], f_lo[going], last_step[going],
                newton_step[going])
            new = new[going]
        r = new
    return result


def grant_benchmarks(tree: ParameterTree, homes: Schemes, grant_needed: npt.ArrayLike,
                     on: dt.date | str) -> dict[str, FloatArray]:
    """Grant needed per home and per Social Rent home, and as a multiple of each programme
    benchmark per home in ``grant.benchmark_per_home_*`` [GBP/dwelling, /1]."""
    need = np.asarray(grant_needed, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_home = np.where(homes.homes > 0, need / homes.homes, np.nan)
        per_social = np.where(homes.social_rent_homes > 0, need / homes.social_rent_homes, np.nan)
    out = {"grant_per_home": per_home, "grant_per_social_rent_home": per_social}
    for name in tree.names("grant.benchmark_per_home_"):
        out[f"{name.rsplit('.', 1)[-1]}_multiple"] = per_home / tree.number(name, on)
    return out


def affordable_additionality(grant: npt.ArrayLike, market_value_per_home: npt.ArrayLike,
                             landlord_price_per_home: npt.ArrayLike,
                             market_homes: npt.ArrayLike | None = None) -> FloatArray:
    """How many market homes a grant turns into affordable homes (DAT's additionality)
    [dwellings]: floor(grant ÷ (market value − landlord's price)), at most the market homes.

    >>> affordable_additionality([500_000.0], [350_000.0], [150_000.0]).tolist()
    [2.0]
    """
    gap = np.asarray(market_value_per_home, dtype=np.float64) - np.asarray(
        landlord_price_per_home, dtype=np.float64)
    money = np.asarray(grant, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        extra = np.where(gap > 0, np.floor(money / gap), np.inf)
    if market_homes is not None:
        extra = np.minimum(extra, np.asarray(market_homes, dtype=np.float64))
    result: FloatArray = np.asarray(extra, dtype=np.float64)
    return result
