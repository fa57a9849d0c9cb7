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

    cashflows: dict[str, FloatArray]
    net_capital_cost: FloatArray  # price − grant − first-tranche receipts [GBP]
    npv: FloatArray  # at the discount rate [GBP]
    irr: FloatArray  # [/1], NaN where the flows have no sign change
    payback_year: FloatArray  # first year the loan is repaid; NaN if not within the horizon
    peak_debt: FloatArray  # [GBP]
    minimum_interest_cover: FloatArray  # net operating income ÷ interest, years with debt
    max_price: FloatArray  # most the landlord can pay: NPV ≥ 0 and payback ≤ limit [GBP]
    grant_needed: FloatArray  # total grant to meet both hurdles at the price (≤ grant: met) [GBP]
    meets_hurdles: npt.NDArray[np.bool_]
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


def appraise(homes: Schemes, terms: LandlordTerms, *,
             at_max_price: npt.ArrayLike = False) -> LandlordResult:
    """Appraise every scheme over the terms' horizon (see the module docstring).

    Where ``at_max_price`` is true (a bool, or one per scheme) the scheme is appraised at its
    :attr:`LandlordResult.max_price` instead of ``homes.price``: the maximum price does not
    depend on the price paid, so one call gives both. Growth indices are cumulative products
    along axis 1; the only loop is the Newton iteration of the IRR.
    """
    n = int(terms.horizon_years)
    t = np.arange(1, n + 1, dtype=np.float64)[None, :]
    first = homes.first_year
    rent_index = _index(terms.rent_change, terms, first, n, first)
    cost_index = _index(terms.cost_change, terms, first, n,
                        np.full_like(first, terms.price_year))
    price_index = _index(terms.house_price_change, terms, first + 1, n, first)  # at year end

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

    first_tranche = homes.shared_ownership_homes * homes.first_tranche_rate * \
        homes.shared_ownership_value
    discount = (1.0 + terms.discount_rate) ** -t
    present_value = (net * discount).sum(axis=1)
    loan_factor = (1.0 + terms.loan_rate) ** t
    repaid_pv = np.cumsum(net / loan_factor, axis=1)  # flows discounted at the loan rate

    limit = min(int(terms.payback_limit_years), n)
    share = terms.loan_share if terms.loan_share > 0 else np.inf
    payback_capacity = np.maximum.accumulate(repaid_pv[:, :limit], axis=1)[:, -1] / share
    capacity = np.minimum(present_value, payback_capacity)  # most the net capital cost can be
    max_price = capacity + homes.grant + first_tranche
    price = np.where(np.asarray(at_max_price, dtype=bool), max_price, homes.price)
    capital = price - homes.grant - first_tranche
    npv = present_value - capital

    drawdown = terms.loan_share * np.maximum(capital, 0.0)
    debt = loan_factor * (drawdown[:, None] - repaid_pv)
    opening = np.concatenate([drawdown[:, None], debt[:, :-1]], axis=1)
    interest = terms.loan_rate * np.maximum(opening, 0.0)
    repayment = np.maximum(opening, 0.0) - np.maximum(debt, 0.0)
    repaid = debt <= 1e-6
    payback = np.where(drawdown <= 0, 0.0,
                       np.where(repaid.any(axis=1), repaid.argmax(axis=1) + 1.0, np.nan))
    peak = np.maximum(drawdown, debt.max(axis=1))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # masked by np.where
        cover = np.where(interest > 0, operating / interest, np.inf)
    minimum_cover = cover.min(axis=1)

    grant_needed = np.maximum(0.0, price - first_tranche - capacity)
    meets = (npv >= 0) & (payback <= limit)

    cashflows = dict(gross_rent=gross, voids=voids, bad_debts=bad_debts,
                     shared_ownership_rent=so_rent, management=management,
                     maintenance=maintenance, major_repairs=major_repairs,
                     unrecovered_service_costs=service, net_operating_income=operating,
                     staircasing_receipts=staircasing, net_cashflow=net, interest=interest,
                     repayment=repayment, closing_debt=debt)
    flows = np.concatenate([-capital[:, None], net], axis=1)
    return LandlordResult(cashflows, capital, npv, irr(flows), payback, peak, minimum_cover,
                          max_price, grant_needed, meets, price)


def irr(flows: npt.ArrayLike, *, low: float = -0.99, high: float = 1.0, tolerance: float = 1e-10,
        iterations: int = 100) -> FloatArray:
    """Internal rate of return of each row of year-indexed flows (column k at year k) [/1].

    Newton steps guarded by a bracket that shrinks by bisection whenever a step leaves it, so it
    always converges when NPV changes sign on [low, high]; NaN otherwise. Vectorised over rows:
    NPV and its slope come from Horner's rule over years (a loop over years, not rows), and
    each step works only on the rows not yet converged.

    >>> round(float(irr([[-100.0, 60.0, 60.0]])[0]), 6)
    0.130662
    """
    cash = np.atleast_2d(np.asarray(flows, dtype=np.float64))
    by_year = np.ascontiguousarray(cash.T)  # (years, rows): each Horner step reads a row

    def value(rate: FloatArray, rows: IntArray) -> tuple[FloatArray, FloatArray]:
        """NPV f(r) = Σ c_k v^k and df/dr = −v Σ k c_k v^k, v = 1 / (1 + r)."""
        v = 1.0 / (1.0 + rate)
        part = by_year if rows.size == by_year.shape[1] else by_year[:, rows]
        total = np.zeros(rows.size)
        weighted = np.zeros(rows.size)  # Σ k c_k v^(k−1)
        for k in range(part.shape[0] - 1, 0, -1):
            weighted = weighted * v + total + part[k]
            total = total * v + part[k]
        total = total * v + part[0]
        return total, -v * v * weighted

    everyone = np.arange(cash.shape[0], dtype=np.int64)
    lo = np.full(cash.shape[0], low)
    hi = np.full(cash.shape[0], high)
    f_lo, _ = value(lo, everyone)
    f_hi, _ = value(hi, everyone)
    ok = np.sign(f_lo) * np.sign(f_hi) <= 0
    rate = np.clip(np.full(cash.shape[0], 0.05), lo, hi)
    active = np.flatnonzero(ok)
    for _ in range(iterations):
        if active.size == 0:
            break
        r = rate[active]
        f, slope = value(r, active)
        same = np.sign(f) == np.sign(f_lo[active])
        lo[active] = np.where(same, r, lo[active])
        f_lo[active] = np.where(same, f, f_lo[active])
        hi[active] = np.where(same, hi[active], r)
        with np.errstate(divide="ignore", invalid="ignore"):
            step = r - f / slope
        inside = np.isfinite(step) & (step > lo[active]) & (step < hi[active])
        new = np.where(inside, step, 0.5 * (lo[active] + hi[active]))
        rate[active] = new
        active = active[(np.abs(new - r) > tolerance) & (np.abs(f) > tolerance)]
    result: FloatArray = np.where(ok, rate, np.nan)
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
