"""Gross development value by tenure: what each home sells or transfers for.

Not represented: sales incentives, ground rents, commercial space, house-price growth over the
cashflow, and grant (a grant is not GDV here). Affordable homes are valued by the seam in
:mod:`partnerhomes.tenures.valuation`; market homes at their open-market value.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from partnerhomes.appraisal.inputs import (
    AFFORDABLE_RENT,
    FIRST_HOMES,
    MARKET_SALE,
    SHARED_OWNERSHIP,
    SOCIAL_RENT,
    TENURES,
    SchemeInputs,
)
from partnerhomes.tenures import valuation

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def unit_values(inputs: SchemeInputs) -> FloatArray:
    """Value of one dwelling of each line to the developer [GBP/dwelling], shape (N,).

    Market sale: OMV. Social and Affordable Rent: capitalised net rent. Shared ownership: first
    tranche + capitalised rent on unsold equity. First Homes: discounted OMV, capped.

    Examples
    --------
    >>> from partnerhomes.appraisal import examples
    >>> values = unit_values(examples.two_schemes())
    >>> bool(values.min() > 0)
    True
    """
    scheme = inputs.line_scheme
    omv = inputs.line_market_value
    tenure = inputs.line_tenure
    # Each tenure's formula on its own lines only (the same arithmetic, element by element);
    # a line of an unknown tenure has no value (NaN).
    result: FloatArray = np.full(omv.shape, np.nan)
    market = np.flatnonzero(tenure == MARKET_SALE)
    result[market] = omv[market]
    rented = np.flatnonzero((tenure == SOCIAL_RENT) | (tenure == AFFORDABLE_RENT))
    at = scheme[rented]
    result[rented] = valuation.capitalised_net_rent(
        np.nan_to_num(inputs.line_rent_per_week[rented]),
        inputs.management_per_dwelling_per_year[at], inputs.maintenance_per_dwelling_per_year[at],
        np.where(tenure[rented] == SOCIAL_RENT, inputs.social_rent_yield[at],
                 inputs.affordable_rent_yield[at]))
    shared = np.flatnonzero(tenure == SHARED_OWNERSHIP)
    at = scheme[shared]
    result[shared] = valuation.shared_ownership_value(
        omv[shared], inputs.shared_ownership_first_tranche_rate[at],
        inputs.shared_ownership_rent_rate[at], inputs.shared_ownership_yield[at])
    discounted = np.flatnonzero(tenure == FIRST_HOMES)
    at = scheme[discounted]
    result[discounted] = valuation.discounted_sale_value(
        omv[discounted], inputs.first_homes_discount_rate[at],
        inputs.first_homes_price_cap[at])
    return result


def by_phase_and_tenure(inputs: SchemeInputs, per_line: FloatArray,
                        cells: tuple[IntArray, BoolArray | None] | None = None) -> FloatArray:
    """Sum a per-line quantity into (scheme, phase, tenure) cells, shape (S, P, K); ``cells``:
    :func:`tenure_cells`, when the caller sums several quantities.

    Examples
    --------
    >>> from partnerhomes.appraisal import examples
    >>> inputs = examples.two_schemes()
    >>> by_phase_and_tenure(inputs, inputs.line_count).shape
    (2, 2, 5)
    """
    # One bincount over (scheme, phase, tenure) cells: each cell sums its lines in line order,
    # as a bincount per tenure does; lines of an unknown tenure count nowhere.
    n_tenures = len(TENURES)
    cell, known = tenure_cells(inputs) if cells is None else cells
    total = np.bincount(cell, weights=per_line if known is None else np.where(known, per_line,
                                                                              0.0),
                        minlength=inputs.n_schemes * inputs.n_phases * n_tenures)
    result: FloatArray = total.astype(np.float64, copy=False).reshape(
        inputs.n_schemes, inputs.n_phases, n_tenures)
    return result


def tenure_cells(inputs: SchemeInputs) -> tuple[IntArray, BoolArray | None]:
    """Each line's (scheme, phase, tenure) cell for :func:`by_phase_and_tenure`, and which lines
    have a known tenure (None when all do; the others go to tenure 0 with weight 0)."""
    n_tenures = len(TENURES)
    tenure = inputs.line_tenure
    known = (tenure >= 0) & (tenure < n_tenures)
    every = bool(known.all())
    cell: IntArray = (inputs.line_scheme * inputs.n_phases + inputs.line_phase) * n_tenures + (
        tenure if every else np.where(known, tenure, 0))
    return cell, None if every else known
