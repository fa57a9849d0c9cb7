"""Rents and prices of affordable homes under England's rules, vectorised over homes.

Social rent is formula rent (2000-01 formula, uprated April by April by the rent policy in force,
then the bedroom rent cap); Affordable Rent is at most 80% of market rent including service
charges and at most the Local Housing Allowance; shared ownership rent is a rate on the unsold
equity; a First Home is sold at a discount and under a price cap. Each function returns the
amount and which rule or cap bound, one label per home.

Not represented: the 5% (10% supported housing) rent flexibility above formula rent, the rent
caps before 2020-21, supported and specialised housing exemptions, high-income tenants, rent
periods other than 52 weeks, service charge rules beyond the inclusive Affordable Rent test,
the 1% staircasing steps of new-model shared ownership (an annual probability is used in
:mod:`partnerhomes.tenures.landlord`), and First Homes eligibility (income, first-time buyer).

References
----------
SI 2016/390 Schedule (formula rent); Welfare Reform and Work Act 2016 Sch. 2 (rent reductions);
MHCLG *Policy statement on rents for social housing* (2019, updated Dec 2022); MHCLG rent
settlement and convergence outcome (Jan 2026); First Homes WMS (24 May 2021). Dates, values and
sources of every number: ``parameters/tenures/``, ``parameters/economy/``; method:
``docs/methodology/tenures.md``.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from partnerhomes.parameters import ParameterTree

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
TextArray = npt.NDArray[np.str_]

log = logging.getLogger(__name__)

GSS_CODE = re.compile(r"^[EWSN]\d{8}$")
FORMULA = "tenures.social_rent.formula."
SETTLEMENT = "tenures.rent_settlement."
MAX_BEDROOM_CLASS = 6  # the formula's and the caps' top class is "6 or more" (SI 2016/390 Sch.)


class RentRuleError(ValueError):
    """An input breaks a rent or tenure rule; the message names the rule and the offending homes."""


def _april(year: int) -> dt.date:
    return dt.date(year, 4, 1)


def _first_year(tree: ParameterTree, name: str) -> int:
    return min(item.start for item in tree[name].places["default"]).year


def _last_year(tree: ParameterTree, name: str) -> int:
    return max(item.start for item in tree[name].places["default"]).year


def _offenders(mask: npt.NDArray[np.bool_], values: npt.ArrayLike) -> str:
    index = np.flatnonzero(mask)
    shown = ", ".join(f"#{i}={v}" for i, v in zip(index[:5], np.asarray(values)[index[:5]],
                                                       strict=True))
    return f"{index.size} home(s): {shown}{' …' if index.size > 5 else ''}"


def check_places(tree: ParameterTree, name: str, places: npt.ArrayLike, *,
                 missing: str = "default") -> npt.NDArray[np.str_]:
    """Council codes as text, checked against the places a by-place parameter lists.

    A code that is not a GSS code is an error. A well-formed code the parameter does not list
    takes its ``default`` silently (``missing="default"``, where the default is the rule, e.g.
    the First Homes cap outside London), with a logged warning (``"warn"``, where the default
    is a stand-in), or is an error (``"error"``).

    >>> from partnerhomes.parameters import load_tree
    >>> check_places(load_tree(), "tenures.first_homes.price_cap", ["E07000066"]).tolist()
    ['E07000066']
    """
    codes = np.asarray(places, dtype=object).astype(str)
    bad = np.array([GSS_CODE.match(code) is None for code in codes.ravel()], dtype=bool)
    if bad.any():
        raise RentRuleError(f"not a GSS council code: {_offenders(bad, codes.ravel())}")
    parameter = tree[name]
    if parameter.is_by_place:
        unknown = sorted(set(codes.ravel()) - set(parameter.places))
        if unknown and missing == "error":
            raise RentRuleError(f"{name}: no value for council(s) {', '.join(unknown)}")
        if unknown and missing == "warn":
            log.warning("%s: no value for %s; using its default", name, ", ".join(unknown))
    result: npt.NDArray[np.str_] = codes.astype(np.str_)
    return result


def _bedroom_class(bedrooms: npt.ArrayLike) -> IntArray:
    rooms = np.asarray(bedrooms)
    if np.any(rooms < 0) or np.any(rooms != np.round(rooms)):
        raise RentRuleError(f"bedrooms must be whole numbers ≥ 0: "
                            f"{_offenders((rooms < 0) | (rooms != np.round(rooms)), rooms)}")
    result: IntArray = np.minimum(rooms.astype(np.int64), MAX_BEDROOM_CLASS)
    return result


def _by_bedrooms(tree: ParameterTree, stem: str, classes: IntArray, day: dt.date,
                 lowest: int) -> FloatArray:
    table = np.array([tree.number(f"{stem}{max(k, lowest)}", day)
                      for k in range(MAX_BEDROOM_CLASS + 1)])
    result: FloatArray = table[classes]
    return result


def formula_rent_2000(tree: ParameterTree, places: npt.ArrayLike, bedrooms: npt.ArrayLike,
                      property_value_1999: npt.ArrayLike) -> FloatArray:
    """Formula rent for 2000-01 [GBP/week], SI 2016/390 Schedule para 1.

    FR = 0.7 × NAR × (county earnings ÷ national earnings) × bedroom weight
       + 0.3 × NAR × (January 1999 value ÷ national average value), NAR = £54.62.

    >>> from partnerhomes.parameters import load_tree
    >>> round(float(formula_rent_2000(load_tree(), ["E07000066"], [2], [60_000])[0]), 2)
    59.14
    """
    day = _april(2016)  # the Schedule's values, in force from the regulations' date
    codes = check_places(tree, FORMULA + "county_manual_earnings_2000", places,
                         missing="warn")
    value = np.asarray(property_value_1999, dtype=np.float64)
    if np.any(value <= 0):
        raise RentRuleError(f"January 1999 property value must be > 0: "
                            f"{_offenders(value <= 0, value)}")
    weight = _by_bedrooms(tree, FORMULA + "bedroom_weight_", _bedroom_class(bedrooms), day, 0)
    earnings = tree.at(FORMULA + "county_manual_earnings_2000", day, codes).astype(np.float64)
    average_rent = tree.number(FORMULA + "national_average_rent_2000_gbp_per_week", day)
    relative_earnings = earnings / tree.number(FORMULA + "national_average_earnings_2000", day)
    relative_value = value / tree.number(FORMULA + "national_average_property_value_1999", day)
    rent: FloatArray = (tree.number(FORMULA + "earnings_weight", day) * average_rent
                        * relative_earnings * weight
                        + tree.number(FORMULA + "property_weight", day) * average_rent
                        * relative_value)
    return rent


def index_rate(tree: ParameterTree, year: int, index: str = "cpi") -> float:
    """Previous-September inflation setting the April ``year`` change [/1].

    CPI after the last recorded September falls back to the long-run ``economy.cpi_rate``.
    """
    name = f"economy.{index}_september_rate"
    if index == "cpi" and year > _last_year(tree, name):
        return tree.number("economy.cpi_rate", _april(year))
    return tree.number(name, _april(year))


def rent_change(tree: ParameterTree, year: int, *, actual: bool = True) -> float:
    """Permitted April ``year`` change of rents [/1]: of rents charged (``actual``, with any
    ceiling, e.g. 7% in 2023-24) or of formula rents (no ceiling).

    >>> from partnerhomes.parameters import load_tree
    >>> tree = load_tree()
    >>> rent_change(tree, 2017), rent_change(tree, 2023), round(rent_change(tree, 2023,
    ...     actual=False), 3)
    (-0.01, 0.07, 0.111)
    """
    settlement = SETTLEMENT + "cap_cpi_plus_rate"
    day = _april(year)
    if year >= _first_year(tree, settlement):
        change = index_rate(tree, year) + tree.number(settlement, day)
    else:
        index = str(tree[SETTLEMENT + "historic_index"].value(day))
        base = 0.0 if index == "none" else index_rate(tree, year, index)
        change = base + tree.number(SETTLEMENT + "historic_margin_rate", day)
    if actual and tree[SETTLEMENT + "ceiling_in_force"].value(day) is True:
        change = min(change, tree.number(SETTLEMENT + "ceiling_rate", day))
    return change


def rent_changes(tree: ParameterTree, years: npt.ArrayLike, *, actual: bool = True) -> FloatArray:
    """:func:`rent_change` for each year in ``years`` [/1] (one lookup per distinct year)."""
    span = np.asarray(years, dtype=np.int64)
    unique, inverse = np.unique(span, return_inverse=True)
    table = np.array([rent_change(tree, int(y), actual=actual) for y in unique])
    result: FloatArray = table[inverse].reshape(span.shape)
    return result


def formula_uprating(tree: ParameterTree, year: int) -> float:
    """Factor taking 2000-01 formula rent to the financial year starting April ``year``."""
    first = _first_year(tree, SETTLEMENT + "historic_index")
    return float(np.prod(1.0 + rent_changes(tree, np.arange(first, year + 1), actual=False)))


def rent_cap(tree: ParameterTree, bedrooms: npt.ArrayLike, year: int) -> FloatArray:
    """Bedroom rent cap of formula rent for the year starting April ``year`` [GBP/week].

    The 2020-21 caps rise each April by CPI + the cap margin; before 2020-21 there is no cap in
    this model (``inf``).
    """
    stem = "tenures.social_rent.rent_cap.bedrooms_"
    classes = _bedroom_class(bedrooms)
    base_year = _first_year(tree, stem + "1")
    if year < base_year:
        return np.full(classes.shape, np.inf)
    margin = SETTLEMENT + "rent_cap_margin_over_cpi_rate"
    growth = np.prod([1.0 + index_rate(tree, y) + tree.number(margin, _april(y))
                      for y in range(base_year + 1, year + 1)])
    cap: FloatArray = _by_bedrooms(tree, stem, classes, _april(base_year), 1) * growth
    return cap


@dataclass(frozen=True)
class SocialRent:
    """Formula rent of each home in one year, and what bound it."""

    formula_rent_2000: FloatArray  # [GBP/week]
    formula_rent_uprated: FloatArray  # [GBP/week], before the cap
    rent_cap: FloatArray  # [GBP/week]
    rent: FloatArray  # [GBP/week], min(uprated formula rent, cap)
    bound: TextArray  # "formula" or "rent_cap"


def social_rent(tree: ParameterTree, places: npt.ArrayLike, bedrooms: npt.ArrayLike,
                property_value_1999: npt.ArrayLike, year: int) -> SocialRent:
    """Social rent (formula rent, capped) for the year starting April ``year`` [GBP/week].

    >>> from partnerhomes.parameters import load_tree
    >>> result = social_rent(load_tree(), ["E07000066"], [2], [60_000], 2026)
    >>> result.bound.tolist(), bool(result.rent[0] > 59.14)
    (['formula'], True)
    """
    base = formula_rent_2000(tree, places, bedrooms, property_value_1999)
    uprated = base * formula_uprating(tree, year)
    cap = rent_cap(tree, bedrooms, year)
    capped = uprated > cap
    return SocialRent(base, uprated, cap, np.minimum(uprated, cap),
                      np.where(capped, "rent_cap", "formula").astype(np.str_))


def social_rent_path(tree: ParameterTree, current_rent: npt.ArrayLike,
                     formula_rent: npt.ArrayLike, first_year: int, years: int) -> FloatArray:
    """Weekly rent of each home over ``years`` April changes from ``first_year`` [GBP/week].

    Each April: rent × (1 + permitted change), plus the convergence step (£1/week from 2027,
    £2 from 2028) while below formula rent, never above formula rent through convergence;
    formula rent itself rises by the uncapped change. Shape (homes, years); column 0 is
    ``first_year``'s rent after its April change. Loops over years (the recursion is not linear
    because of the min/max), vectorised over homes.

    >>> from partnerhomes.parameters import load_tree
    >>> path = social_rent_path(load_tree(), [100.0], [110.0], 2027, 2)
    >>> path.round(2).tolist()
    [[104.0, 109.12]]
    """
    rent = np.asarray(current_rent, dtype=np.float64).copy()
    formula = np.asarray(formula_rent, dtype=np.float64).copy()
    path = np.empty((*rent.shape, years))
    step_name = SETTLEMENT + "convergence_per_week"
    step_from = _first_year(tree, step_name)
    for k in range(years):
        year = first_year + k
        formula = formula * (1.0 + rent_change(tree, year, actual=False))
        rent = rent * (1.0 + rent_change(tree, year))
        step = tree.number(step_name, _april(year)) if year >= step_from else 0.0
        rent = np.maximum(rent, np.minimum(rent + step, formula))
        path[..., k] = rent
    return path


@dataclass(frozen=True)
class AffordableRent:
    """Affordable Rent of each home, including service charges, and what bound it."""

    market_limit: FloatArray  # 80% of market rent incl. service charges [GBP/week]
    local_housing_allowance: FloatArray  # [GBP/week]
    rent: FloatArray  # [GBP/week]
    bound: TextArray  # "market_share" or "lha"


def affordable_rent(tree: ParameterTree, market_rent: npt.ArrayLike,
                    local_housing_allowance: npt.ArrayLike, on: dt.date | str,
                    proposed: npt.ArrayLike | None = None) -> AffordableRent:
    """Affordable Rent: min(share × market rent incl. service charges, LHA) [GBP/week].

    With ``proposed`` rents, a proposal above the limit is an error naming the homes; a
    proposal at or below it is kept.

    >>> from partnerhomes.parameters import load_tree
    >>> result = affordable_rent(load_tree(), [225.0, 300.0], [201.37, 201.37], "2026-04-01")
    >>> result.rent.tolist(), result.bound.tolist()
    ([180.0, 201.37], ['market_share', 'lha'])
    """
    market = np.asarray(market_rent, dtype=np.float64)
    lha = np.broadcast_to(np.asarray(local_housing_allowance, dtype=np.float64), market.shape)
    limit = market * tree.number("tenures.affordable_rent.market_rent_rate", on)
    rent = np.minimum(limit, lha)
    bound = np.where(lha < limit, "lha", "market_share").astype(np.str_)
    if proposed is not None:
        asked = np.broadcast_to(np.asarray(proposed, dtype=np.float64), market.shape)
        above = asked > rent + 1e-9
        if above.any():
            raise RentRuleError(f"Affordable Rent above its cap (80% of market rent or LHA): "
                                f"{_offenders(above, asked)}")
        rent = asked.copy()
        bound = np.where(asked < np.minimum(limit, lha) - 1e-9, "proposed", bound).astype(np.str_)
    return AffordableRent(limit, np.array(lha), rent, bound)


def local_housing_allowance(tree: ParameterTree, places: npt.ArrayLike, bedrooms: npt.ArrayLike,
                            on: dt.date | str, prefix: str = "calibrated.rents.") -> FloatArray:
    """LHA weekly rate of each home's council and size [GBP/week], from calibrated parameters.

    An unknown council is an error (there is no meaningful national default); 0 bedrooms takes
    the 1-bedroom rate and 4 or more the 4-bedroom rate.
    """
    return _rent_by_bedrooms(tree, places, bedrooms, on,
                             prefix + "local_housing_allowance_{}_bed")


def market_rent(tree: ParameterTree, places: npt.ArrayLike, bedrooms: npt.ArrayLike,
                on: dt.date | str, prefix: str = "calibrated.rents.") -> FloatArray:
    """Market rent of each home's council and size [GBP/week], from calibrated parameters."""
    return _rent_by_bedrooms(tree, places, bedrooms, on, prefix + "market_rent_{}_bed")


def _rent_by_bedrooms(tree: ParameterTree, places: npt.ArrayLike, bedrooms: npt.ArrayLike,
                      on: dt.date | str, pattern: str) -> FloatArray:
    classes = np.clip(_bedroom_class(bedrooms), 1, 4)
    codes = check_places(tree, pattern.format(1), places, missing="error")
    codes = np.broadcast_to(codes, classes.shape)
    result = np.empty(classes.shape)
    for size in np.unique(classes):
        mask = classes == size
        result[mask] = tree.at(pattern.format(size), on, codes[mask]).astype(np.float64)
    return result


def shared_ownership_rent(tree: ParameterTree, market_value: npt.ArrayLike,
                          share: npt.ArrayLike, on: dt.date | str,
                          rent_rate: npt.ArrayLike | None = None) -> FloatArray:
    """Annual rent on the unsold equity: (1 − share) × market value × rate [GBP/year].

    A share below the minimum first tranche (10%) or above 100% is an error.

    >>> from partnerhomes.parameters import load_tree
    >>> float(shared_ownership_rent(load_tree(), 120_000, 0.25, "2026-04-01")[()])
    2475.0
    """
    owned = np.asarray(share, dtype=np.float64)
    minimum = tree.number("tenures.shared_ownership.minimum_first_tranche_rate", on)
    outside = (owned < minimum - 1e-12) | (owned > 1.0)
    if outside.any():
        raise RentRuleError(f"shared ownership share outside {minimum:.0%}–100%: "
                            f"{_offenders(outside, owned)}")
    rate = (tree.number("tenures.shared_ownership.rent_on_unsold_equity_rate", on)
            if rent_rate is None else np.asarray(rent_rate, dtype=np.float64))
    rent: FloatArray = np.asarray((1.0 - owned) * np.asarray(market_value, dtype=np.float64)
                                  * rate, dtype=np.float64)
    return rent


@dataclass(frozen=True)
class FirstHomesPrice:
    """First-sale price of each First Home and what bound it."""

    discounted: FloatArray  # market value × (1 − discount) [GBP]
    price_cap: FloatArray  # [GBP]
    price: FloatArray  # min(discounted, cap) [GBP]
    discount: FloatArray  # effective discount, ≥ the minimum [/1]
    bound: TextArray  # "discount" or "price_cap"


def first_homes_price(tree: ParameterTree, places: npt.ArrayLike, market_value: npt.ArrayLike,
                      on: dt.date | str, discount: npt.ArrayLike | None = None) -> FirstHomesPrice:
    """First Homes: market value less the discount (≥ 30%), at most the price cap [GBP].

    A discount below the statutory minimum is an error; a price above the cap is lowered to the
    cap (a deeper discount), labelled ``price_cap``.

    >>> from partnerhomes.parameters import load_tree
    >>> result = first_homes_price(load_tree(), ["E07000066"] * 2, [300_000, 400_000],
    ...                            "2026-04-01")
    >>> result.price.tolist(), result.bound.tolist()
    ([210000.0, 250000.0], ['discount', 'price_cap'])
    """
    value = np.asarray(market_value, dtype=np.float64)
    minimum = tree.number("tenures.first_homes.discount_rate", on)
    rate = np.full(value.shape, minimum) if discount is None else np.broadcast_to(
        np.asarray(discount, dtype=np.float64), value.shape)
    low = rate < minimum - 1e-12
    if low.any():
        raise RentRuleError(f"First Homes discount below {minimum:.0%}: {_offenders(low, rate)}")
    codes = check_places(tree, "tenures.first_homes.price_cap", places)
    cap = np.broadcast_to(tree.at("tenures.first_homes.price_cap", on, codes).astype(np.float64),
                          value.shape)
    discounted = value * (1.0 - rate)
    price = np.minimum(discounted, cap)
    with np.errstate(divide="ignore", invalid="ignore"):
        effective = np.where(value > 0, 1.0 - price / value, rate)
    return FirstHomesPrice(discounted, np.array(cap), price, effective,
                           np.where(discounted > cap, "price_cap", "discount").astype(np.str_))
