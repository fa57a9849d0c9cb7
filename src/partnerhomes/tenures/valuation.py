"""Transfer values of affordable homes for a development appraisal, vectorised over homes.

Not represented: discounted-cashflow valuation over a landlord's horizon (rent growth, voids, bad
debts, major repairs, staircasing receipts), grant, rent caps and service charges. A value here is
the capitalisation a valuer uses in a residual appraisal (HCA DAT; RICS *Valuation of land for
affordable housing*), not a landlord's NPV.

References
----------
PartnerHomes domain reference §1.4 and §2.3; HCA, *Development Appraisal Tool user manual*
v4 (2014).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

WEEKS_PER_YEAR = 52
"""Rent weeks in a year: social landlords charge rent over 52 weeks."""


def capitalised_net_rent(
    rent_per_week: npt.ArrayLike,
    management_per_year: npt.ArrayLike,
    maintenance_per_year: npt.ArrayLike,
    yield_rate: npt.ArrayLike,
) -> FloatArray:
    """Capital value of a rented home: (gross rent − management − maintenance) ÷ yield [GBP].

    Parameters
    ----------
    rent_per_week : gross rent [GBP/week], charged over 52 weeks
    management_per_year, maintenance_per_year : landlord costs [GBP/dwelling/year]
    yield_rate : capitalisation (investment) yield [/1], > 0

    Examples
    --------
    >>> float(capitalised_net_rent(150.0, 1100.0, 1000.0, 0.05))
    114000.0
    """
    rent = np.asarray(rent_per_week, dtype=np.float64) * WEEKS_PER_YEAR
    net = rent - np.asarray(management_per_year, dtype=np.float64) - np.asarray(
        maintenance_per_year, dtype=np.float64)
    value: FloatArray = net / np.asarray(yield_rate, dtype=np.float64)
    return value


def shared_ownership_value(
    market_value: npt.ArrayLike,
    first_tranche_rate: npt.ArrayLike,
    rent_on_unsold_equity_rate: npt.ArrayLike,
    yield_rate: npt.ArrayLike,
) -> FloatArray:
    """Shared ownership: first-tranche sale + capitalised rent on the unsold equity [GBP].

    value = OMV × (s + (1 − s) × r ÷ y), domain reference §1.4.

    Parameters
    ----------
    market_value : open-market value of the home [GBP]
    first_tranche_rate : share sold at first sale, s [/1]
    rent_on_unsold_equity_rate : annual rent as a share of unsold equity, r [/1]
    yield_rate : capitalisation yield of the rent, y [/1]

    Examples
    --------
    Domain reference §13.1: s = 25%, r = 2.75%, y = 5.5% gives 62.5% of OMV.

    >>> float(shared_ownership_value(100_000.0, 0.25, 0.0275, 0.055))
    62500.0
    """
    omv = np.asarray(market_value, dtype=np.float64)
    share = np.asarray(first_tranche_rate, dtype=np.float64)
    rent_rate = np.asarray(rent_on_unsold_equity_rate, dtype=np.float64)
    value: FloatArray = omv * (share + (1.0 - share) * rent_rate / np.asarray(
        yield_rate, dtype=np.float64))
    return value


def discounted_sale_value(
    market_value: npt.ArrayLike, discount_rate: npt.ArrayLike, price_cap: npt.ArrayLike
) -> FloatArray:
    """First Homes / discounted market sale: min(OMV × (1 − discount), cap) [GBP].

    Examples
    --------
    >>> discounted_sale_value([300_000.0, 400_000.0], 0.3, 250_000.0).tolist()
    [210000.0, 250000.0]
    """
    omv = np.asarray(market_value, dtype=np.float64)
    value: FloatArray = np.minimum(omv * (1.0 - np.asarray(discount_rate, dtype=np.float64)),
                                   np.asarray(price_cap, dtype=np.float64))
    return value
