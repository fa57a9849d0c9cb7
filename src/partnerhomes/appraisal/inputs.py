"""SchemeInputs: every input of an appraisal as arrays, axis 0 = scheme, all values resolved.

Not represented: commercial floorspace, ground rents, grant paid for the policy affordable homes
(``grant`` is only the stated grant for additional ones), deposits on sales, more than one land
payment, VAT and inflation of costs or values over the cashflow (all money is at valuation-date
prices). A scheme's unit schedule is a set of *lines* (one per unit type × tenure × phase) held as
flat arrays with ``line_scheme`` pointing at the scheme; phases are a padded axis (scheme × phase).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
ObjectArray = npt.NDArray[np.object_]

TENURES: tuple[str, ...] = (
    "market_sale", "social_rent", "affordable_rent", "shared_ownership", "first_homes",
)
"""Tenure codes; a line's ``line_tenure`` is an index into this tuple."""
MARKET_SALE, SOCIAL_RENT, AFFORDABLE_RENT, SHARED_OWNERSHIP, FIRST_HOMES = range(len(TENURES))
AFFORDABLE_TENURES = (SOCIAL_RENT, AFFORDABLE_RENT, SHARED_OWNERSHIP)
"""Tenures bought by a registered provider (valued by capitalisation, paid on a schedule)."""


@dataclass(frozen=True)
class SchemeError:
    """A problem with one scheme's inputs: the scheme is left out, the others are appraised."""

    scheme_id: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"scheme {self.scheme_id!r}, field {self.field!r}: {self.message}"


def first_per_field(errors: list[SchemeError]) -> list[SchemeError]:
    """One error per (scheme, field), the first found: reading, resolving and validation can
    each catch the same thing.

    Examples
    --------
    >>> errors = [SchemeError("A", "count", "from reading"),
    ...           SchemeError("A", "count", "from validation"), SchemeError("B", "count", "bad")]
    >>> [error.message for error in first_per_field(errors)]
    ['from reading', 'bad']
    """
    return list({(e.scheme_id, e.field): e for e in reversed(errors)}.values())[::-1]


@dataclass(frozen=True)
class SchemeInputs:
    """Resolved inputs of S schemes (per-scheme arrays are (S,), phases (S, P), lines (N,)).

    Money in GBP at valuation-date prices; rates are annual fractions unless named otherwise;
    months count from the valuation date (month 0).
    """

    scheme_id: ObjectArray  # [text]
    gss_code: ObjectArray  # [text] council of the site
    valuation_date: ObjectArray  # [YYYY-MM-DD]
    hectares: FloatArray  # [ha]
    # costs
    abnormals: FloatArray  # [GBP] whole scheme
    contingency_rate: FloatArray  # [/1] of build + externals + abnormals
    cil_per_m2: FloatArray  # [GBP/m2] of market-sale GIA
    other_s106_per_dwelling: FloatArray  # [GBP/dwelling]
    infrastructure_per_house: FloatArray  # [GBP/dwelling] county education etc.
    infrastructure_per_flat: FloatArray  # [GBP/dwelling]
    rams_per_dwelling: FloatArray  # [GBP/dwelling]
    biodiversity_net_gain_per_dwelling: FloatArray  # [GBP/dwelling]
    other_contributions: FloatArray  # [GBP] lump sums named in the scheme
    future_homes_standard_per_dwelling: FloatArray  # [GBP/dwelling]
    net_zero_premium_rate: FloatArray  # [/1] of build (0 for FHS-only schemes)
    sales_marketing_rate: FloatArray  # [/1] of open-market sale receipts
    sales_legal_per_market_dwelling: FloatArray  # [GBP/dwelling]
    affordable_legal_per_dwelling: FloatArray  # [GBP/dwelling]
    # finance
    debit_rate: FloatArray  # [/1 per year], nominal
    credit_rate: FloatArray  # [/1 per year], nominal
    compounding_periods_per_year: FloatArray  # [periods/year], 12 or 4
    arrangement_fee_rate: FloatArray  # [/1] of development cost incl. land
    exit_fee_rate: FloatArray  # [/1] of development cost incl. land
    discount_rate: FloatArray  # [/1 per year], effective, for NPV
    # land
    land_price: FloatArray  # [GBP], NaN = not given (residual mode)
    land_payment_month: IntArray  # [months]
    land_agent_fee_rate: FloatArray  # [/1]
    land_legal_fee_rate: FloatArray  # [/1]
    sdlt_thresholds: FloatArray  # (S, B) [GBP], padded with +inf
    sdlt_rates: FloatArray  # (S, B) [/1], padded with 0
    benchmark_land_value: FloatArray  # [GBP]
    # developer return
    market_return_rate: FloatArray  # [/1] of market GDV
    affordable_return_rate: FloatArray  # [/1] of affordable GDV
    first_homes_return_rate: FloatArray  # [/1] of First Homes GDV
    # affordable valuation
    is_affordable_paid_on_completion: BoolArray  # else paid with build progress
    social_rent_yield: FloatArray  # [/1]
    affordable_rent_yield: FloatArray  # [/1]
    shared_ownership_yield: FloatArray  # [/1]
    shared_ownership_first_tranche_rate: FloatArray  # [/1]
    shared_ownership_rent_rate: FloatArray  # [/1] of unsold equity per year
    first_homes_discount_rate: FloatArray  # [/1]
    first_homes_price_cap: FloatArray  # [GBP]
    management_per_dwelling_per_year: FloatArray  # [GBP/dwelling/year]
    maintenance_per_dwelling_per_year: FloatArray  # [GBP/dwelling/year]
    # the landlord's view of the affordable homes (see landlord_view)
    affordable_valuation_method: ObjectArray  # [text] "capitalisation" | "landlord"
    landlord: ObjectArray  # [text] "housing_association" | "council_hra"
    landlord_terms: ObjectArray  # LandlordTerms of the landlord as at the valuation date
    grant: FloatArray  # [GBP] grant stated for additional affordable homes (additionality)
    grant_benchmark_per_home: FloatArray  # (S, B) [GBP/dwelling], landlord_view.GRANT_BENCHMARKS
    # phases (S, P)
    phase_is_present: BoolArray
    phase_start_month: IntArray  # [months] first build month
    phase_build_months: IntArray  # [months] >= 1
    phase_sales_start_month: IntArray  # [months] first month of sales receipts
    phase_sales_rate_per_outlet: FloatArray  # [dwellings/month]
    phase_outlets: FloatArray  # [outlets]
    # unit schedule lines (N,)
    line_scheme: IntArray  # index of the scheme
    line_phase: IntArray  # index into the phase axis
    line_tenure: IntArray  # index into TENURES
    line_is_flat: BoolArray
    line_count: FloatArray  # [dwellings]
    line_gia_m2: FloatArray  # [m2] per dwelling
    line_market_value: FloatArray  # [GBP] open-market value per dwelling
    line_rent_per_week: FloatArray  # [GBP/week] gross rent (rented tenures; else NaN)
    line_build_cost_per_m2: FloatArray  # [GBP/m2]
    line_externals_rate: FloatArray  # [/1] of build
    line_professional_fees_rate: FloatArray  # [/1] of build

    @property
    def n_schemes(self) -> int:
        """Number of schemes S."""
        return int(self.scheme_id.shape[0])

    @property
    def n_phases(self) -> int:
        """Length P of the padded phase axis."""
        return int(self.phase_start_month.shape[1])

    def replace(self, **changes: Any) -> SchemeInputs:
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)

    def take(self, schemes: npt.ArrayLike) -> SchemeInputs:
        """The schemes at integer positions ``schemes`` (repeats allowed), lines re-indexed.

        Examples
        --------
        >>> from partnerhomes.appraisal import examples
        >>> inputs = examples.two_schemes()
        >>> inputs.take([1, 1, 0]).scheme_id.tolist()
        ['B', 'B', 'A']
        """
        index = np.asarray(schemes, dtype=np.int64)
        changes: dict[str, Any] = {}
        # For each chosen scheme, its lines in order: a stable sort of lines by scheme.
        order = np.argsort(self.line_scheme, kind="stable")
        counts = np.bincount(self.line_scheme, minlength=self.n_schemes)
        starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
        chosen_counts = counts[index]
        total = int(chosen_counts.sum())
        new_scheme = np.repeat(np.arange(index.size), chosen_counts)
        offsets = np.arange(total) - np.repeat(np.cumsum(chosen_counts) - chosen_counts,
                                               chosen_counts)
        line_index = order[np.repeat(starts[index], chosen_counts) + offsets]
        for item in dataclasses.fields(self):
            value = getattr(self, item.name)
            if item.name == "line_scheme":
                changes[item.name] = new_scheme.astype(np.int64)
            elif item.name.startswith("line_"):
                changes[item.name] = value[line_index]
            else:
                changes[item.name] = value[index]
        return dataclasses.replace(self, **changes)


def validate(inputs: SchemeInputs) -> list[SchemeError]:
    """Problems that stop a scheme being appraised, each naming the scheme and the field.

    Checked with masks over all schemes at once: negative or non-finite counts and areas, rents
    missing for rented lines, phases with no build months or ending before they start, lines in
    a phase that is absent, sales rates and outlets that are not positive, and rates that would
    divide by zero.

    Examples
    --------
    >>> from partnerhomes.appraisal import examples
    >>> inputs = examples.two_schemes()
    >>> [str(e) for e in validate(inputs.replace(line_count=-inputs.line_count))][:1]
    ["scheme 'A', field 'count': unit count must be a number ≥ 0"]
    """
    errors: list[SchemeError] = []
    ids = inputs.scheme_id

    def line_check(bad: BoolArray, field: str, message: str) -> None:
        if not bad.any():  # the usual case: no gather of the lines' schemes
            return
        for scheme in np.unique(inputs.line_scheme[bad]):
            errors.append(SchemeError(str(ids[scheme]), field, message))

    line_check(~np.isfinite(inputs.line_count) | (inputs.line_count < 0), "count",
               "unit count must be a number ≥ 0")
    line_check(~np.isfinite(inputs.line_gia_m2) | (inputs.line_gia_m2 <= 0), "gia_m2",
               "floor area must be a number > 0")
    line_check(~np.isfinite(inputs.line_market_value) | (inputs.line_market_value < 0),
               "market_value", "market value must be a number ≥ 0")
    rented = (inputs.line_tenure == SOCIAL_RENT) | (inputs.line_tenure == AFFORDABLE_RENT)
    line_check(rented & ~np.isfinite(inputs.line_rent_per_week), "rent_per_week",
               "a rented line needs a rent per week")
    line_check((inputs.line_tenure < 0) | (inputs.line_tenure >= len(TENURES)), "tenure",
               f"tenure must be one of {', '.join(TENURES)}")
    phase_ok = (inputs.line_phase >= 0) & (inputs.line_phase < inputs.n_phases)
    if phase_ok.all():  # one flat gather
        present = inputs.phase_is_present.ravel()[inputs.line_scheme * inputs.n_phases
                                                  + inputs.line_phase]
    else:
        present = np.zeros(inputs.line_phase.shape, dtype=bool)
        present[phase_ok] = inputs.phase_is_present[inputs.line_scheme[phase_ok],
                                                    inputs.line_phase[phase_ok]]
    line_check(~present, "phase", "the line names a phase the scheme does not have")

    def phase_check(bad: BoolArray, field: str, message: str) -> None:
        for scheme in np.unique(np.nonzero(bad & inputs.phase_is_present)[0]):
            errors.append(SchemeError(str(ids[scheme]), field, message))

    phase_check(inputs.phase_build_months < 1, "build_months",
                "a phase needs at least one build month (it ends before it starts)")
    phase_check(inputs.phase_start_month < 0, "start_month", "start month must be ≥ 0")
    phase_check((inputs.phase_sales_start_month < inputs.phase_start_month)
                & (inputs.phase_build_months >= 1), "sales_start_month",
                "sales cannot start before the phase starts")
    phase_check(~(inputs.phase_sales_rate_per_outlet > 0), "sales_rate_per_outlet",
                "sales rate must be > 0")
    phase_check(~(inputs.phase_outlets > 0), "outlets", "outlets must be > 0")
    no_phase = ~inputs.phase_is_present.any(axis=1)
    no_lines = np.bincount(inputs.line_scheme, minlength=inputs.n_schemes) == 0
    for scheme in np.nonzero(no_phase | no_lines)[0]:
        errors.append(SchemeError(str(ids[scheme]), "units", "a scheme needs units and a phase"))
    for name in ("social_rent_yield", "affordable_rent_yield", "shared_ownership_yield",
                 "compounding_periods_per_year"):
        for scheme in np.nonzero(~(getattr(inputs, name) > 0))[0]:
            errors.append(SchemeError(str(ids[scheme]), name, "must be > 0"))
    for scheme in np.nonzero(inputs.land_payment_month < 0)[0]:
        errors.append(SchemeError(str(ids[scheme]), "land_payment_month", "must be ≥ 0"))
    return errors


def valid_positions(inputs: SchemeInputs, errors: list[SchemeError]) -> IntArray:
    """Positions of the schemes that have no error.

    Examples
    --------
    >>> from partnerhomes.appraisal import examples
    >>> valid_positions(examples.two_schemes(), [SchemeError("A", "count", "bad")]).tolist()
    [1]
    """
    if not errors:
        return np.arange(inputs.n_schemes, dtype=np.int64)
    bad = sorted({error.scheme_id for error in errors})
    keep = ~pd.Series(inputs.scheme_id.astype(str)).isin(bad).to_numpy()
    return np.nonzero(keep)[0].astype(np.int64)


def sum_last_axis(values: FloatArray, columns: Sequence[int] | None = None) -> FloatArray:
    """``values[..., columns].sum(axis=-1)`` (all columns by default).

    Numpy adds fewer than 8 numbers in order, one short sum per row; adding the columns in
    order instead is one vector operation per column (≈ 6× faster on England's (S, 5) tables)
    and gives the same numbers bit for bit. Eight or more columns are left to numpy (it sums
    them pairwise).

    Examples
    --------
    >>> sum_last_axis(np.array([[1.0, 2.0, 4.0], [8.0, 16.0, 32.0]]), [0, 2]).tolist()
    [5.0, 40.0]
    """
    picked = list(range(values.shape[-1])) if columns is None else list(columns)
    if not picked or len(picked) >= 8:
        result: FloatArray = (values if columns is None else values[..., picked]).sum(axis=-1)
        return result
    total: FloatArray = values[..., picked[0]].copy()
    for column in picked[1:]:
        total += values[..., column]
    return total


def phase_cells(inputs: SchemeInputs) -> IntArray:
    """Each line's (scheme, phase) cell, scheme × P + phase, for :func:`sum_by_phase`."""
    result: IntArray = inputs.line_scheme * inputs.n_phases + inputs.line_phase
    return result


def sum_by_phase(inputs: SchemeInputs, values: FloatArray, cell: IntArray | None = None
                 ) -> FloatArray:
    """Sum a per-line quantity into (scheme, phase) cells [unit of ``values``]; ``cell``:
    :func:`phase_cells`, when the caller sums several quantities.

    Examples
    --------
    >>> from partnerhomes.appraisal import examples
    >>> inputs = examples.two_schemes()
    >>> sum_by_phase(inputs, inputs.line_count).sum(axis=1).tolist()
    [20.0, 100.0]
    """
    if cell is None:
        cell = phase_cells(inputs)
    total: FloatArray = np.bincount(cell, weights=values,
                                    minlength=inputs.n_schemes * inputs.n_phases).astype(
                                        np.float64, copy=False)
    return total.reshape(inputs.n_schemes, inputs.n_phases)


def is_in(values: npt.ArrayLike, choices: Any) -> BoolArray:
    """Whether each text value is one of ``choices`` (a hash lookup: fast on long arrays).

    Examples
    --------
    >>> is_in(np.array(["a", "b"]), ["b"]).tolist()
    [False, True]
    """
    options = list(choices)
    if len(options) > 8:  # many choices: a hash lookup
        hashed: BoolArray = pd.Series(np.asarray(values, dtype=object)).isin(options).to_numpy(
            dtype=bool)
        return hashed
    text = np.asarray(values).astype(str)
    result: BoolArray = np.zeros(text.shape, dtype=bool)
    for option in options:
        result |= text == option
    return result
