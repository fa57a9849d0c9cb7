"""Lookups as at a date for arrays of places, and scales."""

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnerhomes.parameters.tree import (
    DatedValue,
    Parameter,
    ParameterError,
    ParameterTree,
    Reference,
    Scale,
)


def make_tree() -> ParameterTree:
    value = Parameter(
        name="revenue.market_value_per_m2", description="d", unit="GBP/m2", label="l",
        status="assumption", references=(Reference("r", note="n"),), is_by_place=True,
        places={
            "default": (DatedValue(dt.date(2026, 4, 1), 4000.0, "assumption"),),
            "E07000068": (
                DatedValue(dt.date(2025, 4, 1), 5400.0, "outturn"),
                DatedValue(dt.date(2026, 4, 1), 5600.0, "assumption"),
                DatedValue(dt.date(2030, 4, 1), None, "assumption"),
            ),
        },
    )
    return ParameterTree({value.name: value})


def test_at_returns_one_value_per_place_with_default_for_unlisted_places() -> None:
    tree = make_tree()
    places = np.array(["E07000068", "E07000066", "E07000068", "E06000033"])
    values = tree.at("revenue.market_value_per_m2", "2026-06-01", places)
    np.testing.assert_array_equal(values, [5600.0, 4000.0, 5600.0, 4000.0])


def test_at_uses_the_value_in_force_on_the_date() -> None:
    tree = make_tree()
    assert tree.at("revenue.market_value_per_m2", "2025-12-31", ["E07000068"])[0] == 5400.0
    assert tree.at("revenue.market_value_per_m2", dt.date(2026, 4, 1), ["E07000068"])[0] == 5600.0


def test_lookup_before_first_value_names_parameter_and_date() -> None:
    with pytest.raises(ParameterError, match=r"market_value_per_m2.*2020-01-01"):
        make_tree().at("revenue.market_value_per_m2", "2020-01-01")


def test_lookup_after_null_value_says_the_parameter_ended() -> None:
    with pytest.raises(ParameterError, match="ended on 2030-04-01"):
        make_tree().at("revenue.market_value_per_m2", "2031-01-01", ["E07000068"])


def test_unknown_name_suggests_close_matches() -> None:
    with pytest.raises(ParameterError, match="did you mean revenue.market_value_per_m2"):
        make_tree()["revenue.market_value_per_m3"]


def test_digest_changes_when_a_value_changes() -> None:
    tree = make_tree()
    same = make_tree()
    assert tree.digest() == same.digest()
    parameter = tree["revenue.market_value_per_m2"]
    changed = Parameter(**{**parameter.__dict__, "places": {
        "default": (DatedValue(dt.date(2026, 4, 1), 4001.0, "assumption"),)}})
    assert ParameterTree({parameter.name: changed}).digest() != tree.digest()


SDLT = Scale(thresholds=(0.0, 150_000.0, 250_000.0), rates=(0.0, 0.02, 0.05))


def test_scale_matches_hmrc_non_residential_worked_example() -> None:
    # HMRC: a £275,000 non-residential purchase pays 0 + £2,000 + £1,250 = £3,250.
    assert float(SDLT.banded_amount(275_000.0)) == pytest.approx(3_250.0)


@given(st.lists(st.floats(0, 1e8), min_size=1, max_size=50))
def test_scale_vectorised_equals_scalar_and_is_monotone(amounts: list[float]) -> None:
    vector = SDLT.banded_amount(np.array(amounts))
    scalar = [float(SDLT.banded_amount(a)) for a in amounts]
    np.testing.assert_allclose(vector, scalar, rtol=1e-12)
    order = np.argsort(amounts)
    assert np.all(np.diff(vector[order]) >= -1e-9)


def test_membership_is_true_or_false_and_never_raises() -> None:
    tree = make_tree()
    assert "revenue.market_value_per_m2" in tree
    assert "revenue.nothing" not in tree
