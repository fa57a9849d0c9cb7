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
    rent = np.nan_to_num(inputs.line_rent_per_week)
    management = inputs.management_per_dwelling_per_year[scheme]
    maintenance = inputs.maintenance_per_dwelling_per_year[scheme]
    rent_yield = np.where(tenure == SOCIAL_RENT, inputs.social_rent_yield[scheme],
                          inputs.affordable_rent_yield[scheme])
    rented = valuation.capitalised_net_rent(rent, management, maintenance, rent_yield)
    shared = valuation.shared_ownership_value(
        omv, inputs.shared_ownership_first_tranche_rate[scheme],
        inputs.shared_ownership_rent_rate[scheme], inputs.shared_ownership_yield[scheme])
    discounted = valuation.discounted_sale_value(
        omv, inputs.first_homes_discount_rate[scheme], inputs.first_homes_price_cap[scheme])
    result: FloatArray = np.select(
        [tenure == MARKET_SALE, (tenure == SOCIAL_RENT) | (tenure == AFFORDABLE_RENT),
         tenure == SHARED_OWNERSHIP, tenure == FIRST_HOMES],
        [omv, rented, shared, discounted], default=np.nan)
    return result


def by_phase_and_tenure(inputs: SchemeInputs, per_line: FloatArray) -> FloatArray:
    """Sum a per-line quantity into (scheme, phase, tenure) cells, shape (S, P, K).

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
    tenure = inputs.line_tenure
    known = (tenure >= 0) & (tenure < n_tenures)
    cell = (inputs.line_scheme * inputs.n_phases + inputs.line_phase) * n_tenures + np.where(
        known, tenure, 0)
    total = np.bincount(cell, weights=np.where(known, per_line, 0.0),
                        minlength=inputs.n_schemes * inputs.n_phases * n_tenures)
    result: FloatArray = total.astype(np.float64).reshape(inputs.n_schemes, inputs.n_phases,
                                                          n_tenures)
    return result
