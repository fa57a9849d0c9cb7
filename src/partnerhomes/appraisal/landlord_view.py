"""The landlord's view of each scheme's affordable homes, beside their capitalised value.

The homes a registered provider buys (Social Rent, Affordable Rent, shared ownership) have two
values here: DAT-style capitalisation (:mod:`partnerhomes.tenures.valuation`) and the most the
scheme's landlord can pay at its hurdle, NPV ≥ 0 and loan repaid within its payback limit
(:func:`partnerhomes.tenures.landlord.appraise`, housing association or council HRA terms). The
scheme's ``affordable_valuation_method`` picks the one the residual uses; both are reported, with
the landlord's NPV, IRR, payback year, peak debt and interest cover at the price used, the grant
it needs to meet its hurdles at that price (per home, per Social Rent home, against the programme
benchmarks) and DAT's affordable additionality for the scheme's stated ``grant``.

Not represented: discounting between the valuation date and first letting (the landlord's price,
like the capitalised value, is at valuation-date prices, first letting is the valuation date's
year, and the price is paid on the scheme's affordable payment schedule); grant for the policy
homes themselves (Homes England pays none for s106 homes, domain reference §7.1–7.2, so the
landlord's price is nil-grant); a landlord valuation per tenure (one price buys all of a scheme's
affordable homes and is shared among its lines in proportion to their capitalised values, or
per home where that total is not positive); rents other than the lines' gross rents (the
Affordable Rent used is the line's rent including service charges, as capitalisation uses it).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from partnerhomes.appraisal.inputs import (
    AFFORDABLE_RENT,
    AFFORDABLE_TENURES,
    MARKET_SALE,
    SHARED_OWNERSHIP,
    SOCIAL_RENT,
    TENURES,
    SchemeInputs,
)
from partnerhomes.tenures import landlord

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

METHODS: tuple[str, ...] = ("capitalisation", "landlord")
"""Values of ``affordable_valuation_method``: net rent ÷ yield, or the landlord's max price."""
PRESETS: tuple[str, ...] = ("housing_association", "council_hra")
"""Values of ``landlord``: the preset functions of :mod:`partnerhomes.tenures.landlord`."""
GRANT_BENCHMARKS: tuple[str, ...] = ("ahp_east_of_england", "sahp_average")
"""Programme benchmarks the grant needed is compared with: ``grant.benchmark_per_home_<name>``."""

TEXT_FIELDS = ("affordable_valuation_method", "landlord")
"""Result fields holding text, one value per scheme."""


@dataclass(frozen=True)
class LandlordView:
    """Value per dwelling of each line used in the residual (N,) and result fields (S,)."""

    unit_values: FloatArray
    values: dict[str, npt.NDArray[Any]]


def _ratio(numerator: FloatArray, denominator: FloatArray, empty: float = np.nan) -> FloatArray:
    result: FloatArray = np.divide(numerator, denominator, out=np.full(numerator.shape, empty),
                                   where=denominator > 0)
    return result


def first_letting_year(inputs: SchemeInputs) -> IntArray:
    """Calendar year of each scheme's valuation date, taken as its first year of letting.

    Examples
    --------
    >>> from partnerhomes.appraisal import examples
    >>> first_letting_year(examples.two_schemes()).tolist()
    [2026, 2026]
    """
    # Schemes share few dates: read the year of each distinct date once.
    given = np.asarray(inputs.valuation_date, dtype=object)
    if given.size and bool(np.all(given == given[0])):  # the usual case: one date
        return np.full(given.shape, int(str(given[0])[:4]), dtype=np.int64)
    codes, dates = pd.factorize(given, use_na_sentinel=False)
    by_date = np.array([int(str(date)[:4]) for date in dates], dtype=np.int64)
    years: IntArray = by_date[codes]
    return years


def landlord_homes(inputs: SchemeInputs, price: npt.ArrayLike) -> landlord.Schemes:
    """Each scheme's affordable homes as its landlord takes them on, nil-grant, at ``price``.

    Homes by tenure; average gross rent per week of the Social and Affordable Rent homes;
    average open-market value of the shared ownership homes with the scheme's first tranche and
    rent rate; build cost per rented home (GIA × build £/m², for major repairs).

    Examples
    --------
    >>> from partnerhomes.appraisal import examples
    >>> homes = landlord_homes(examples.two_schemes(), [0.0, 2_000_000.0])
    >>> homes.social_rent_homes.tolist(), homes.shared_ownership_homes.tolist()
    ([0.0, 10.0], [0.0, 10.0])
    """
    count = np.nan_to_num(inputs.line_count)
    return _homes(inputs, price, _TenureSums.of(inputs, count))


@dataclass(frozen=True)
class _TenureSums:
    """Sums over each scheme's lines by tenure (S, len(TENURES)): homes, weekly rent × homes,
    market value × homes and build cost (GIA × £/m² × homes), one ``np.bincount`` each (a line
    adds to its own tenure's cell only, so each cell is the same sum, in the same order, as a
    masked sum over the lines); sums over several tenures add their cells."""

    homes: FloatArray
    rent: FloatArray
    market_value: FloatArray
    build: FloatArray
    cell: IntArray  # each line's cell: scheme × len(TENURES) + tenure

    @classmethod
    def of(cls, inputs: SchemeInputs, count: FloatArray) -> _TenureSums:
        """The sums of ``inputs``' lines, ``count`` being their homes (NaN as 0)."""
        cell = inputs.line_scheme * len(TENURES) + inputs.line_tenure
        rent = inputs.line_rent_per_week * count
        np.nan_to_num(rent, copy=False)  # lines without a rent (NaN) add 0, as 0 × count does
        build = inputs.line_gia_m2 * inputs.line_build_cost_per_m2
        build *= count
        return cls(homes=_table(inputs, cell, count), rent=_table(inputs, cell, rent),
                   market_value=_table(inputs, cell, inputs.line_market_value * count),
                   build=_table(inputs, cell, build), cell=cell)

    def table(self, inputs: SchemeInputs, weights: FloatArray) -> FloatArray:
        """Σ ``weights`` over each scheme's lines of each tenure (S, len(TENURES))."""
        return _table(inputs, self.cell, weights)

    @staticmethod
    def of_tenures(table: FloatArray, tenures: tuple[int, ...]) -> FloatArray:
        """Each scheme's sum over ``tenures``: their cells added in tenure order (S,)."""
        total: FloatArray = table[:, tenures[0]].copy()
        for tenure in tenures[1:]:
            total += table[:, tenure]
        return total


RENTED_TENURES = (SOCIAL_RENT, AFFORDABLE_RENT)


def _table(inputs: SchemeInputs, cell: IntArray, weights: FloatArray) -> FloatArray:
    sums: FloatArray = np.bincount(cell, weights=weights,
                                   minlength=inputs.n_schemes * len(TENURES)).astype(
                                       np.float64, copy=False)
    return sums.reshape(inputs.n_schemes, len(TENURES))


def _homes(inputs: SchemeInputs, price: npt.ArrayLike, sums: _TenureSums) -> landlord.Schemes:
    homes = {name: np.ascontiguousarray(sums.homes[:, code]) for name, code in (
        ("social", SOCIAL_RENT), ("affordable", AFFORDABLE_RENT), ("shared", SHARED_OWNERSHIP))}
    rented_homes = sums.of_tenures(sums.homes, RENTED_TENURES)
    return landlord.Schemes(
        first_year=first_letting_year(inputs),
        social_rent_homes=homes["social"], affordable_rent_homes=homes["affordable"],
        shared_ownership_homes=homes["shared"],
        social_rent_per_week=_ratio(sums.rent[:, SOCIAL_RENT], homes["social"], 0.0),
        affordable_rent_per_week=_ratio(sums.rent[:, AFFORDABLE_RENT], homes["affordable"], 0.0),
        shared_ownership_value=_ratio(sums.market_value[:, SHARED_OWNERSHIP], homes["shared"],
                                      0.0),
        first_tranche_rate=inputs.shared_ownership_first_tranche_rate.astype(np.float64),
        shared_ownership_rent_rate=inputs.shared_ownership_rent_rate.astype(np.float64),
        build_cost_per_home=_ratio(sums.of_tenures(sums.build, RENTED_TENURES), rented_homes,
                                   0.0),
        price=np.asarray(price, dtype=np.float64).copy(),
        grant=np.zeros(inputs.n_schemes))


def _rows(homes: landlord.Schemes, rows: IntArray) -> landlord.Schemes:
    return landlord.Schemes(**{item.name: getattr(homes, item.name)[rows]
                               for item in dataclasses.fields(homes)})


LANDLORD_RESULTS: dict[str, str] = {
    "affordable_value_landlord": "max_price", "landlord_npv": "npv", "landlord_irr": "irr",
    "landlord_payback_year": "payback_year", "landlord_peak_debt": "peak_debt",
    "landlord_minimum_interest_cover": "minimum_interest_cover", "grant_needed": "grant_needed",
}
"""Result field → :class:`landlord.LandlordResult` attribute it is copied from."""


def landlord_view(inputs: SchemeInputs, capitalised: FloatArray) -> LandlordView:
    """Both values of the affordable homes, the one the residual uses, and the landlord's view.

    Parameters
    ----------
    inputs : resolved, validated schemes
    capitalised : value per dwelling of each line by capitalisation (N,) [GBP/dwelling]
        (:func:`partnerhomes.appraisal.revenue.unit_values`)

    One landlord appraisal per distinct set of terms (landlord × valuation date), each
    vectorised over its schemes; schemes without affordable homes are not appraised (NaN).

    Examples
    --------
    >>> from partnerhomes.appraisal import examples, revenue
    >>> inputs = examples.two_schemes()
    >>> view = landlord_view(inputs, revenue.unit_values(inputs))
    >>> bool(view.values["affordable_value_capitalisation"][1] > 0)
    True
    >>> bool(np.isnan(view.values["landlord_npv"][0]))  # scheme A has no affordable homes
    True
    """
    n = inputs.n_schemes
    scheme, count = inputs.line_scheme, np.nan_to_num(inputs.line_count)
    is_affordable = np.zeros(len(TENURES), dtype=bool)
    is_affordable[list(AFFORDABLE_TENURES)] = True
    affordable_line = is_affordable[inputs.line_tenure]
    sums = _TenureSums.of(inputs, count)
    capital_total = sums.of_tenures(sums.table(inputs, capitalised * count),
                                    AFFORDABLE_TENURES)
    affordable_homes = sums.of_tenures(sums.homes, AFFORDABLE_TENURES)
    homes = _homes(inputs, capital_total, sums)
    uses_landlord = np.asarray(inputs.affordable_valuation_method == "landlord", dtype=bool)
    has_homes = affordable_homes > 0
    values: dict[str, npt.NDArray[Any]] = {name: np.full(n, np.nan) for name in LANDLORD_RESULTS}
    meets = np.zeros(n, dtype=bool)
    discount_rate = np.full(n, np.nan)
    payback_limit = np.full(n, np.nan)
    identity = np.fromiter(map(id, inputs.landlord_terms.tolist()), dtype=np.int64, count=n)
    codes, distinct = pd.factorize(identity)
    for code in range(len(distinct)):  # one call per distinct landlord terms, not per scheme
        rows = np.flatnonzero((codes == code) & has_homes)
        if rows.size == 0:
            continue
        terms: landlord.LandlordTerms = inputs.landlord_terms[rows[0]]
        result = landlord.appraise(_rows(homes, rows), terms, at_max_price=uses_landlord[rows],
                                   cashflows=False)  # the view reports the metrics only
        for name, attribute in LANDLORD_RESULTS.items():
            values[name][rows] = getattr(result, attribute)
        meets[rows] = result.meets_hurdles
        discount_rate[rows] = terms.discount_rate
        payback_limit[rows] = min(terms.payback_limit_years, terms.horizon_years)
    landlord_value = values["affordable_value_landlord"]
    used = np.where(uses_landlord & has_homes, landlord_value, capital_total)
    unit_values: FloatArray = capitalised.copy()
    if uses_landlord.any():  # share its price among its affordable lines
        # By capitalised value, else per home.
        by_value = _ratio(used, capital_total, 1.0)[scheme] * capitalised
        share = np.where((capital_total > 0)[scheme], by_value,
                         _ratio(used, affordable_homes, 0.0)[scheme])
        unit_values = np.where(affordable_line & uses_landlord[scheme], share, capitalised)

    need = values["grant_needed"]
    per_home = _ratio(need, affordable_homes)
    market_homes = np.ascontiguousarray(sums.homes[:, MARKET_SALE])
    market_value = _ratio(sums.market_value[:, MARKET_SALE], market_homes)
    landlord_price = _ratio(landlord_value, affordable_homes)
    values.update({
        "affordable_valuation_method": inputs.affordable_valuation_method.astype(object),
        "landlord": inputs.landlord.astype(object),
        "affordable_value_capitalisation": capital_total,
        "affordable_value": used,
        "landlord_meets_hurdles": meets,
        "landlord_discount_rate": discount_rate,
        "landlord_payback_limit_years": payback_limit,
        "grant_needed_per_home": per_home,
        "grant_needed_per_social_rent_home": _ratio(need, homes.social_rent_homes),
    })
    for k, name in enumerate(GRANT_BENCHMARKS):
        benchmark = inputs.grant_benchmark_per_home[:, k]
        values[f"grant_benchmark_per_home_{name}"] = benchmark
        values[f"grant_needed_per_home_over_benchmark_{name}"] = _ratio(per_home, benchmark)
    gap = market_value - landlord_price
    additional = landlord.affordable_additionality(inputs.grant, market_value, landlord_price,
                                                   market_homes)
    values.update({
        "grant": inputs.grant,
        "grant_per_additional_affordable_home": gap,
        "affordable_additionality": np.where(has_homes & (market_homes > 0), additional,
                                             np.where(has_homes, 0.0, np.nan)),
    })
    return LandlordView(unit_values, values)
