"""Hypothesis strategies: random scheme tables (schemes, phases, units) and a month-axis length."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
from hypothesis import strategies as st

PLACES = ("E06000033", "E07000066", "E07000068", "E06000034", "E09000033")
UNIT_TYPES = ("flat_1_bed", "flat_2_bed", "house_2_bed", "house_3_bed", "house_4_bed")
TENURES = ("market_sale", "social_rent", "affordable_rent", "shared_ownership", "first_homes")


@st.composite
def schemes(draw: Any) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, int]:
    n = draw(st.integers(1, 4))
    scheme_rows, phase_rows, unit_rows = [], [], []
    money = st.floats(0, 5e6, allow_nan=False)
    for i in range(n):
        scheme_id = f"S{i}"
        row: dict[str, Any] = {
            "scheme_id": scheme_id, "gss_code": draw(st.sampled_from(PLACES)),
            "valuation_date": "2026-06-30", "hectares": draw(st.floats(0.1, 10)),
            "land_type": draw(st.sampled_from(["brownfield", "greenfield"])),
            "debit_rate": draw(st.floats(0, 0.15)), "credit_rate": draw(st.floats(0, 0.05)),
            "compounding_periods_per_year": draw(st.sampled_from([4, 12])),
            "arrangement_fee_rate": draw(st.floats(0, 0.02)),
            "exit_fee_rate": draw(st.floats(0, 0.02)),
            "land_payment_month": draw(st.integers(0, 3)),
            "affordable_payment": draw(st.sampled_from(["build", "completion"])),
            "standard": draw(st.sampled_from(["future_homes_standard", "net_zero"])),
            "other_contributions": draw(st.floats(0, 2e5)),
            "cil_zone": draw(st.sampled_from([math.nan, 1, 2, 3])),
        }
        if draw(st.booleans()):
            row["land_price"] = draw(money)
        scheme_rows.append(row)
        n_phases = draw(st.integers(1, 3))
        for p in range(1, n_phases + 1):
            start = draw(st.integers(0, 12))
            months = draw(st.integers(1, 30))
            phase_rows.append({
                "scheme_id": scheme_id, "phase": p, "start_month": start, "build_months": months,
                "sales_start_month": start + draw(st.integers(0, months + 3)),
                "sales_rate_per_outlet": draw(st.floats(0.5, 8)),
                "outlets": draw(st.integers(1, 3))})
        for _ in range(draw(st.integers(1, 6))):
            unit: dict[str, Any] = {
                "scheme_id": scheme_id, "phase": draw(st.integers(1, n_phases)),
                "tenure": draw(st.sampled_from(TENURES)),
                "unit_type": draw(st.sampled_from(UNIT_TYPES)),
                "count": draw(st.integers(0, 60))}
            if draw(st.booleans()):
                unit["market_value_per_m2"] = draw(st.floats(1500, 7000))
            unit_rows.append(unit)
    min_periods = draw(st.sampled_from([0, 120]))
    return (pd.DataFrame(scheme_rows), pd.DataFrame(phase_rows), pd.DataFrame(unit_rows),
            min_periods)


