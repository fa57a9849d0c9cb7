"""Plain scalar reference of the landlord appraisal: one scheme, one year at a time.

Written straight from domain reference §1.5 with Python loops, to prove the vectorised
:func:`partnerhomes.tenures.landlord.appraise` equal to it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from partnerhomes.tenures.landlord import LandlordTerms
from partnerhomes.tenures.valuation import WEEKS_PER_YEAR


@dataclass
class Scheme:
    first_year: int
    social_rent_homes: float = 0.0
    affordable_rent_homes: float = 0.0
    shared_ownership_homes: float = 0.0
    social_rent_per_week: float = 0.0
    affordable_rent_per_week: float = 0.0
    shared_ownership_value: float = 0.0
    first_tranche_rate: float = 0.25
    shared_ownership_rent_rate: float = 0.0275
    build_cost_per_home: float = 0.0
    price: float = 0.0
    grant: float = 0.0


def appraise_one(s: Scheme, terms: LandlordTerms) -> dict[str, Any]:
    """NPV, payback year, peak debt and the net cashflow of each year, for one scheme."""
    def change(table: Any, year: int) -> float:
        return float(table[year - terms.calendar_start])

    rent_level, cost_level, price_level = 1.0, 1.0, 1.0
    for year in range(terms.price_year + 1, s.first_year + 1):
        cost_level *= 1 + change(terms.cost_change, year)
    rented = s.social_rent_homes + s.affordable_rent_homes
    unsold = 1 - s.first_tranche_rate
    remaining = 1.0
    first_tranche = s.shared_ownership_homes * s.first_tranche_rate * s.shared_ownership_value
    capital = s.price - s.grant - first_tranche
    npv, debt, peak, payback = -capital, max(capital, 0.0), max(capital, 0.0), math.nan
    if debt <= 0:
        payback = 0.0
    flows = []
    for t in range(1, terms.horizon_years + 1):
        year = s.first_year + t - 1
        if t > 1:
            rent_level *= 1 + change(terms.rent_change, year)
            cost_level *= 1 + change(terms.cost_change, year)
        price_level *= 1 + change(terms.house_price_change, year + 1)
        weekly = (s.social_rent_homes * s.social_rent_per_week
                  + s.affordable_rent_homes * s.affordable_rent_per_week)
        gross = WEEKS_PER_YEAR * weekly * rent_level
        so_rent = (s.shared_ownership_homes * s.shared_ownership_rent_rate
                   * s.shared_ownership_value * unsold * rent_level)
        voids = terms.voids_rate * gross
        bad = terms.bad_debts_rate * (gross - voids + so_rent)
        costs = cost_level * (
            rented * (terms.management_per_dwelling + terms.maintenance_per_dwelling)
            + s.shared_ownership_homes * remaining * terms.shared_ownership_management_per_dwelling
            + (s.shared_ownership_homes * remaining * terms.shared_ownership_repairs_per_dwelling
               if t <= terms.shared_ownership_repairs_years else 0.0)
            + (rented * s.build_cost_per_home * terms.major_repairs_rate
               if t >= terms.major_repairs_start_year else 0.0)
            + (rented + s.shared_ownership_homes) * terms.unrecovered_service_costs_per_dwelling)
        receipts = (s.shared_ownership_homes * terms.staircasing_rate * unsold
                    * s.shared_ownership_value * price_level)
        net = gross - voids - bad + so_rent - costs + receipts
        flows.append(net)
        npv += net / (1 + terms.discount_rate) ** t
        debt = debt * (1 + terms.loan_rate) - net
        peak = max(peak, debt)
        if math.isnan(payback) and debt <= 1e-6:
            payback = float(t)
        unsold *= 1 - terms.staircasing_rate
        remaining *= 1 - terms.staircasing_rate
    return {"npv": npv, "payback_year": payback, "peak_debt": peak, "flows": flows}
