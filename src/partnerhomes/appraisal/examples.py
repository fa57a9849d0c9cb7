"""Two small illustrative schemes, resolved from ``parameters/``, for examples and tests.

Not represented: any real site; the counts and areas are invented, every assumption comes from
the parameter tree as at 2026-06-30.
"""

from __future__ import annotations

import pandas as pd

from partnerhomes.appraisal import assumptions
from partnerhomes.appraisal.inputs import SchemeInputs
from partnerhomes.parameters import ParameterTree, load_tree


def two_schemes(tree: ParameterTree | None = None) -> SchemeInputs:
    """Scheme A: 20 houses in Southend, market sale with land paid; scheme B: 100 homes in
    Basildon in two phases, 30% affordable, residual mode.

    Examples
    --------
    >>> two_schemes().scheme_id.tolist()
    ['A', 'B']
    """
    schemes = pd.DataFrame([
        {"scheme_id": "A", "gss_code": "E06000033", "valuation_date": "2026-06-30",
         "hectares": 0.6, "land_type": "brownfield", "land_price": 900_000.0},
        {"scheme_id": "B", "gss_code": "E07000066", "valuation_date": "2026-06-30",
         "hectares": 3.0, "land_type": "greenfield"},
    ])
    phases = pd.DataFrame([
        {"scheme_id": "A", "phase": 1, "start_month": 1, "build_months": 12},
        {"scheme_id": "B", "phase": 1, "start_month": 1, "build_months": 18},
        {"scheme_id": "B", "phase": 2, "start_month": 10, "build_months": 18},
    ])
    units = pd.DataFrame([
        {"scheme_id": "A", "phase": 1, "tenure": "market_sale", "unit_type": "house_3_bed",
         "count": 20},
        {"scheme_id": "B", "phase": 1, "tenure": "market_sale", "unit_type": "house_3_bed",
         "count": 35},
        {"scheme_id": "B", "phase": 1, "tenure": "social_rent", "unit_type": "house_2_bed",
         "count": 10},
        {"scheme_id": "B", "phase": 2, "tenure": "market_sale", "unit_type": "flat_2_bed",
         "count": 35},
        {"scheme_id": "B", "phase": 2, "tenure": "affordable_rent", "unit_type": "flat_1_bed",
         "count": 5},
        {"scheme_id": "B", "phase": 2, "tenure": "shared_ownership", "unit_type": "flat_2_bed",
         "count": 10},
        {"scheme_id": "B", "phase": 2, "tenure": "first_homes", "unit_type": "flat_2_bed",
         "count": 5},
    ])
    inputs, _ = assumptions.resolve(tree or load_tree(), schemes, phases, units)
    return inputs
