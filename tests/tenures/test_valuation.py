"""The development-appraisal seam of ``tenures``: capitalised rent, shared ownership, FH."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from partnerhomes.tenures import valuation

rates = st.floats(0.01, 0.2)


def test_capitalised_net_rent_is_vectorised_over_homes() -> None:
    values = valuation.capitalised_net_rent([100.0, 150.0], 1100.0, 1000.0, [0.05, 0.06])
    np.testing.assert_allclose(values, [(5200 - 2100) / 0.05, (7800 - 2100) / 0.06])


@given(st.floats(50_000, 1e6), st.floats(0.1, 0.75), rates, rates)
def test_shared_ownership_value_lies_between_first_tranche_and_full_value_when_rent_below_yield(
        omv: float, share: float, rent: float, yield_rate: float) -> None:
    value = float(valuation.shared_ownership_value(omv, share, min(rent, yield_rate), yield_rate))
    assert share * omv - 1e-6 <= value <= omv + 1e-6


@given(st.floats(0, 1e6), st.floats(0, 0.5), st.floats(1e5, 5e5))
def test_first_homes_value_never_exceeds_the_cap_or_the_discounted_value(
        omv: float, discount: float, cap: float) -> None:
    value = float(valuation.discounted_sale_value(omv, discount, cap))
    assert value <= cap and value <= omv * (1 - discount) + 1e-9
