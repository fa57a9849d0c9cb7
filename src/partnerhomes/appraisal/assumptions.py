"""Fill every scheme input the user left out from ``parameters/``, for all schemes at once.

Not represented: values that vary within a council other than Southend's CIL zones, and
parameters dated after the valuation date (each scheme is appraised with the tree "as at" its own
valuation date). Input tables (schemes, phases, units) come from :mod:`readers` or
:mod:`typology`; a value in a table overrides the parameter of the same meaning.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from partnerhomes.appraisal.inputs import (
    AFFORDABLE_RENT,
    SOCIAL_RENT,
    TENURES,
    SchemeError,
    SchemeInputs,
    is_in,
)
from partnerhomes.appraisal.landlord_view import GRANT_BENCHMARKS, METHODS, PRESETS
from partnerhomes.parameters import ParameterError, ParameterTree
from partnerhomes.tenures import landlord
from partnerhomes.tenures.valuation import WEEKS_PER_YEAR

FloatArray = npt.NDArray[np.float64]

SCHEME_PARAMETERS: dict[str, str] = {
    "contingency_rate": "costs.contingency_rate",
    "other_s106_per_dwelling": "obligations.other_s106_per_dwelling",
    "infrastructure_per_house": "obligations.essex_county_infrastructure_per_house",
    "infrastructure_per_flat": "obligations.essex_county_infrastructure_per_flat",
    "rams_per_dwelling": "obligations.essex_coast_rams_per_dwelling",
    "future_homes_standard_per_dwelling": "costs.net_zero.future_homes_standard_per_dwelling",
    "sales_marketing_rate": "costs.sales_marketing_rate",
    "sales_legal_per_market_dwelling": "costs.sales_legal_per_market_dwelling",
    "affordable_legal_per_dwelling": "costs.affordable_legal_per_dwelling",
    "debit_rate": "finance.debit_rate",
    "credit_rate": "finance.credit_rate",
    "compounding_periods_per_year": "finance.compounding_periods_per_year",
    "arrangement_fee_rate": "finance.arrangement_fee_rate",
    "exit_fee_rate": "finance.exit_fee_rate",
    "discount_rate": "finance.appraisal_discount_rate",
    "land_agent_fee_rate": "land.agent_fee_rate",
    "land_legal_fee_rate": "land.legal_fee_rate",
    "market_return_rate": "developer_return.market_rate",
    "affordable_return_rate": "developer_return.affordable_rate",
    "first_homes_return_rate": "developer_return.first_homes_rate",
    "social_rent_yield": "tenures.capitalisation_yield.social_rent",
    "affordable_rent_yield": "tenures.capitalisation_yield.affordable_rent",
    "shared_ownership_yield": "tenures.capitalisation_yield.shared_ownership_rent",
    "shared_ownership_first_tranche_rate": "tenures.shared_ownership.first_tranche_rate",
    "shared_ownership_rent_rate": "tenures.shared_ownership.rent_on_unsold_equity_rate",
    "first_homes_discount_rate": "tenures.first_homes.discount_rate",
    "first_homes_price_cap": "tenures.first_homes.price_cap",
    "management_per_dwelling_per_year":
        "landlord.housing_association.management_per_dwelling_per_year",
    "maintenance_per_dwelling_per_year":
        "landlord.housing_association.maintenance_per_dwelling_per_year",
}
"""SchemeInputs field → parameter it defaults to (looked up by council and valuation date)."""

SCHEME_OVERRIDES: tuple[str, ...] = (
    *SCHEME_PARAMETERS, "abnormals", "cil_per_m2", "biodiversity_net_gain_per_dwelling",
    "other_contributions", "net_zero_premium_rate", "land_price", "land_payment_month",
    "benchmark_land_value", "grant",
)
"""Per-scheme fields a scheme file may set directly (same names as in SchemeInputs)."""
SCHEME_COLUMNS: tuple[str, ...] = (
    "scheme_id", "gss_code", "valuation_date", "hectares", "land_type", "cil_zone", "standard",
    "affordable_payment", "existing_use_value_per_ha", "site_name", "affordable_valuation_method",
    "landlord",
)
PHASE_COLUMNS: tuple[str, ...] = (
    "scheme_id", "phase", "start_month", "build_months", "end_month", "sales_start_month",
    "sales_rate_per_outlet", "outlets",
)
UNIT_COLUMNS: tuple[str, ...] = (
    "scheme_id", "phase", "tenure", "unit_type", "count", "gia_m2", "market_value",
    "market_value_per_m2", "rent_per_week", "build_cost_per_m2",
)
STANDARDS: tuple[str, ...] = ("future_homes_standard", "net_zero")
AFFORDABLE_PAYMENTS: tuple[str, ...] = ("build", "completion")


def lookup(tree: ParameterTree, name: str, dates: npt.NDArray[Any],
           places: npt.NDArray[Any]) -> FloatArray:
    """A numeric parameter for each (date, place) pair [its unit], one tree lookup per date.

    Examples
    --------
    >>> from partnerhomes.parameters import load_tree
    >>> lookup(load_tree(), "finance.debit_rate", np.array(["2026-06-30"]),
    ...        np.array(["E06000033"])).tolist()
    [0.075]
    """
    return lookups(tree, dates, places)(name)


def lookups(tree: ParameterTree, dates: npt.NDArray[Any], places: npt.NDArray[Any]
            ) -> Callable[[str], FloatArray]:
    """A function name → :func:`lookup` for fixed dates and places, which are indexed once.

    Examples
    --------
    >>> from partnerhomes.parameters import load_tree
    >>> parameter = lookups(load_tree(), np.array(["2026-06-30"] * 2),
    ...                     np.array(["E06000033", "E07000066"]))
    >>> parameter("finance.debit_rate").tolist()
    [0.075, 0.075]
    """
    place_codes, unique_places = pd.factorize(np.asarray(places, dtype=object))
    date_codes, unique_dates = pd.factorize(np.asarray(dates, dtype=object))
    unique = np.asarray(unique_places)

    def parameter(name: str) -> FloatArray:
        table = np.empty((len(unique_dates), len(unique_places)), dtype=np.float64)
        for index, date in enumerate(unique_dates):
            table[index] = tree.at(name, str(date), unique).astype(np.float64)
        result: FloatArray = table[date_codes, place_codes]
        return result

    return parameter


def _column(frame: pd.DataFrame, name: str, default: Any = np.nan) -> npt.NDArray[Any]:
    if name in frame.columns:
        return frame[name].to_numpy()
    return np.full(len(frame), default, dtype=object if isinstance(default, str) else float)


def _numbers(frame: pd.DataFrame, name: str) -> FloatArray:
    return pd.to_numeric(pd.Series(_column(frame, name)), errors="coerce").to_numpy(np.float64)


def _given(frame: pd.DataFrame, name: str, default: FloatArray) -> FloatArray:
    given = _numbers(frame, name)
    result: FloatArray = np.where(np.isfinite(given), given, default)
    return result


def resolve(tree: ParameterTree, schemes: pd.DataFrame, phases: pd.DataFrame,
            units: pd.DataFrame, valuation_date: str | None = None
            ) -> tuple[SchemeInputs, list[SchemeError]]:
    """SchemeInputs from three tables, every missing value taken from the tree.

    A scheme without a ``valuation_date`` is valued at ``valuation_date`` (default: today).

    Examples
    --------
    >>> from partnerhomes.parameters import load_tree
    >>> schemes = pd.DataFrame([{"scheme_id": "A", "gss_code": "E06000033", "hectares": 1.0}])
    >>> units = pd.DataFrame([{"scheme_id": "A", "tenure": "market_sale", "count": 10}])
    >>> inputs, errors = resolve(load_tree(), schemes, pd.DataFrame(), units, "2026-06-30")
    >>> float(inputs.line_gia_m2[0]), float(inputs.debit_rate[0]), errors
    (93.0, 0.075, [])

    Returns the inputs of every scheme and the errors found while resolving (unknown tenure,
    unknown phase, unknown columns); :func:`inputs.validate` finds the rest. Both name the scheme
    and the field.
    """
    errors: list[SchemeError] = []
    schemes = schemes.reset_index(drop=True)
    ids = schemes["scheme_id"].astype(str).to_numpy().astype(object)
    n = len(ids)
    duplicated = pd.Series(ids).duplicated(keep=False).to_numpy()
    errors.extend(SchemeError(str(i), "scheme_id", "the same scheme_id is used twice")
                  for i in sorted(set(ids[duplicated])))
    first = ~pd.Series(ids).duplicated(keep="first").to_numpy()
    position = pd.Series(np.arange(n)[first], index=pd.Index(ids[first]))
    for column in schemes.columns:
        if column not in SCHEME_COLUMNS and column not in SCHEME_OVERRIDES:
            errors.extend(SchemeError(str(i), column, "not a scheme field") for i in ids)
    places = _column(schemes, "gss_code", "default").astype(str)
    places = np.where(is_in(places, ["", "nan", "None"]), "default", places)
    dates = _column(schemes, "valuation_date", "").astype(str)
    fallback = valuation_date or dt.date.today().isoformat()
    dates = np.where(is_in(dates, ["", "nan", "None", "NaT"]), fallback, dates)
    for i in np.nonzero(~pd.Series(dates).str.fullmatch(r"\d{4}-\d{2}-\d{2}").to_numpy())[0]:
        errors.append(SchemeError(str(ids[i]), "valuation_date",
                                  f"not an ISO date (YYYY-MM-DD): {dates[i]!r}"))
        dates[i] = fallback
    hectares = _numbers(schemes, "hectares")
    is_brownfield = _column(schemes, "land_type", "brownfield").astype(str) != "greenfield"

    parameter = lookups(tree, dates, places)

    values: dict[str, Any] = {"scheme_id": ids, "gss_code": places.astype(object),
                              "valuation_date": dates.astype(object),
                              "hectares": np.nan_to_num(hectares)}
    for field, name in SCHEME_PARAMETERS.items():
        values[field] = _given(schemes, field, parameter(name))
    abnormals_per_ha = np.where(is_brownfield, parameter("costs.abnormals_brownfield_per_ha"),
                                parameter("costs.abnormals_greenfield_per_ha"))
    values["abnormals"] = _given(schemes, "abnormals", abnormals_per_ha * values["hectares"])
    zone = _numbers(schemes, "cil_zone")
    cil = parameter("obligations.cil.residential_per_m2")
    for number in (1, 2, 3):
        if (zone == number).any():
            cil = np.where(zone == number,
                           parameter(f"obligations.cil.southend_zone_{number}_per_m2"), cil)
    values["cil_per_m2"] = _given(schemes, "cil_per_m2", cil)
    values["biodiversity_net_gain_per_dwelling"] = _given(
        schemes, "biodiversity_net_gain_per_dwelling", np.where(
            is_brownfield, parameter("obligations.biodiversity_net_gain_brownfield_per_dwelling"),
            parameter("obligations.biodiversity_net_gain_greenfield_per_dwelling")))
    values["other_contributions"] = _given(schemes, "other_contributions", np.zeros(n))
    standard = _column(schemes, "standard", STANDARDS[0]).astype(str)
    standard = np.where(is_in(standard, ["", "nan", "None"]), STANDARDS[0], standard)
    for i in np.nonzero(~is_in(standard, STANDARDS))[0]:
        errors.append(SchemeError(str(ids[i]), "standard", f"must be one of {STANDARDS}"))
    values["net_zero_premium_rate"] = _given(schemes, "net_zero_premium_rate", np.where(
        standard == "net_zero", parameter("costs.net_zero.net_zero_premium_rate"), 0.0))
    payment = _column(schemes, "affordable_payment", "build").astype(str)
    payment = np.where(is_in(payment, ["", "nan", "None"]), "build", payment)
    for i in np.nonzero(~is_in(payment, AFFORDABLE_PAYMENTS))[0]:
        errors.append(SchemeError(str(ids[i]), "affordable_payment",
                                  f"must be one of {AFFORDABLE_PAYMENTS}"))
    values["is_affordable_paid_on_completion"] = payment == "completion"
    values["land_price"] = _numbers(schemes, "land_price")
    values["land_payment_month"] = _given(schemes, "land_payment_month", np.zeros(n)).astype(
        np.int64)
    euv = _given(schemes, "existing_use_value_per_ha",
                 parameter("land.benchmark.brownfield_existing_use_value_per_ha"))
    benchmark_per_ha = np.where(
        is_brownfield, euv * (1.0 + parameter("land.benchmark.brownfield_premium_rate")),
        parameter("land.benchmark.greenfield_per_ha"))
    values["benchmark_land_value"] = _given(schemes, "benchmark_land_value",
                                            benchmark_per_ha * values["hectares"])
    values.update(_sdlt_bands(tree, dates))
    landlord_values, landlord_errors = _landlord(tree, schemes, dates, ids, values)
    errors.extend(landlord_errors)
    values.update(landlord_values)
    lines, line_errors = _lines(tree, parameter, units, position, ids)
    errors.extend(line_errors)
    values.update(lines)
    phase_values, phase_errors = _phases(parameter, phases, position, ids, values)
    errors.extend(phase_errors)
    values.update(phase_values)
    return SchemeInputs(**values), errors


def _text(tree: ParameterTree, schemes: pd.DataFrame, field: str, parameter: str,
          dates: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """A text field per scheme: the scheme's own value, else the parameter as at its date."""
    given = _column(schemes, field, "").astype(str)
    unique, inverse = np.unique(dates, return_inverse=True)
    default = np.array([str(tree[parameter].value(str(date))) for date in unique],
                       dtype=object)[inverse]
    result: npt.NDArray[Any] = np.where(is_in(given, ["", "nan", "None"]), default,
                                        given).astype(object)
    return result


def _landlord(tree: ParameterTree, schemes: pd.DataFrame, dates: npt.NDArray[Any],
              ids: npt.NDArray[Any], values: dict[str, Any]
              ) -> tuple[dict[str, Any], list[SchemeError]]:
    """Valuation method, landlord and its terms, stated grant and grant benchmarks per scheme.

    The terms are built once per distinct (landlord, valuation date); benchmarks not yet in
    force on a scheme's valuation date are NaN.
    """
    errors: list[SchemeError] = []
    n = len(ids)
    method = _text(tree, schemes, "affordable_valuation_method",
                   "tenures.affordable_valuation_method", dates)
    for i in np.nonzero(~is_in(method, METHODS))[0]:
        errors.append(SchemeError(str(ids[i]), "affordable_valuation_method",
                                  f"{method[i]!r} is unknown; use one of {', '.join(METHODS)}"))
    preset = _text(tree, schemes, "landlord", "landlord.preset", dates)
    known = is_in(preset, PRESETS)
    for i in np.nonzero(~known)[0]:
        errors.append(SchemeError(str(ids[i]), "landlord",
                                  f"{preset[i]!r} is unknown; use one of {', '.join(PRESETS)}"))
    keys = pd.Series(np.where(known, preset, PRESETS[0])).astype(str) + "@" + pd.Series(
        dates).astype(str)
    codes, distinct = pd.factorize(keys)
    built = []
    for key in distinct:  # one preset per distinct landlord and date, not per scheme
        who, _, day = str(key).partition("@")
        built.append(getattr(landlord, who)(tree, day))
    terms = np.empty(len(built), dtype=object)
    terms[:] = built
    minimum = lookups(tree, dates, np.full(n, "default"))(
        "tenures.shared_ownership.minimum_first_tranche_rate")
    share = values["shared_ownership_first_tranche_rate"]
    for i in np.nonzero(~((share >= minimum - 1e-12) & (share <= 1.0)))[0]:
        errors.append(SchemeError(str(ids[i]), "shared_ownership_first_tranche_rate",
                                  f"{share[i]} is outside {minimum[i]:.0%}–100% (new-model "
                                  "shared ownership minimum first tranche)"))
    grant = _given(schemes, "grant", np.zeros(n))
    for i in np.nonzero(~(grant >= 0))[0]:
        errors.append(SchemeError(str(ids[i]), "grant", "must be a number ≥ 0"))
    unique, inverse = np.unique(dates, return_inverse=True)
    benchmarks = np.full((len(unique), len(GRANT_BENCHMARKS)), np.nan)
    for row, date in enumerate(unique):
        for column, name in enumerate(GRANT_BENCHMARKS):
            with contextlib.suppress(ParameterError):  # not in force then: no comparison
                benchmarks[row, column] = tree.number(f"grant.benchmark_per_home_{name}",
                                                      str(date))
    return {"affordable_valuation_method": method, "landlord": preset,
            "landlord_terms": terms[codes], "grant": grant,
            "grant_benchmark_per_home": benchmarks[inverse]}, errors


def _sdlt_bands(tree: ParameterTree, dates: npt.NDArray[Any]) -> dict[str, FloatArray]:
    """Per-scheme SDLT bands, padded at the front with zero-width bands to a common length."""
    scales = {str(date): tree.scale("tax.sdlt.non_residential", str(date))
              for date in np.unique(dates)}
    width = max(len(scale.thresholds) for scale in scales.values())
    thresholds = np.zeros((len(dates), width))
    rates = np.zeros((len(dates), width))
    for date, scale in scales.items():
        mask = dates == date
        thresholds[mask, width - len(scale.thresholds):] = scale.thresholds
        rates[mask, width - len(scale.rates):] = scale.rates
    return {"sdlt_thresholds": thresholds, "sdlt_rates": rates}


LHA_PARAMETER = "calibrated.rents.local_housing_allowance_{}_bed"
"""LHA rate by bedrooms (categories B–E: 1 to 4 or more bedrooms), by council."""


def _local_housing_allowance(tree: ParameterTree, at: Callable[[str], FloatArray],
                             unit_type: npt.NDArray[Any]) -> FloatArray:
    """The Local Housing Allowance cap on Affordable Rent for each line [GBP/week].

    Bedrooms are read from the unit type (``flat_2_bed`` → 2; none → 1); a tree without the
    calibrated LHA rates caps nothing (infinite), which the methodology page states.
    """
    digits = pd.Series(unit_type.astype(str)).str.extract(r"(\d+)_bed", expand=False)
    bedrooms = np.clip(pd.to_numeric(digits, errors="coerce").fillna(1).to_numpy(), 1, 4)
    cap = np.full(len(unit_type), np.inf)
    for rooms in np.unique(bedrooms).astype(int):
        name = LHA_PARAMETER.format(rooms)
        if name in tree:
            mask = bedrooms == rooms
            cap[mask] = at(name)[mask]
    return cap


def _lines(tree: ParameterTree, parameter: Callable[[str], FloatArray], units: pd.DataFrame,
           position: pd.Series, ids: npt.NDArray[Any]
           ) -> tuple[dict[str, Any], list[SchemeError]]:
    """The unit schedule as line arrays, with floor areas, values, rents and costs filled in."""
    errors: list[SchemeError] = []
    units = units.reset_index(drop=True)
    unit_ids = units["scheme_id"].astype(str).to_numpy()
    found = position.index.get_indexer(pd.Index(unit_ids))
    known = found >= 0
    for scheme in sorted(set(unit_ids[~known])):
        errors.append(SchemeError(scheme, "units", "unit lines for a scheme that is not defined"))
    units = units[known].reset_index(drop=True)
    scheme = position.to_numpy(np.int64)[found[known]]

    def at(name: str) -> FloatArray:
        """The parameter for each line, looked up once per scheme."""
        value: FloatArray = parameter(name)[scheme]
        return value
    tenure_text = _column(units, "tenure", "").astype(str)
    tenure_code = np.full(len(units), -1, dtype=np.int64)
    for code, name in enumerate(TENURES):
        tenure_code[tenure_text == name] = code
    for i in np.nonzero(tenure_code < 0)[0]:
        text = str(tenure_text[i])
        problem = "is missing" if text in ("", "nan", "None") else f"{text!r} is unknown"
        errors.append(SchemeError(str(ids[scheme[i]]), "tenure",
                                  f"unit row {i + 1}: tenure {problem}; use one of "
                                  f"{', '.join(TENURES)}"))
    unit_type = _column(units, "unit_type", "house_3_bed").astype(str)
    unit_type = np.where(is_in(unit_type, ["", "nan", "None"]), "house_3_bed", unit_type)
    is_flat = np.char.startswith(unit_type.astype(str), "flat")
    size = np.full(len(units), np.nan)
    for kind in np.unique(unit_type):
        name = f"typology.unit_size.{kind}_m2"
        if name in tree:
            mask = unit_type == kind
            size[mask] = at(name)[mask]
    gia = _given(units, "gia_m2", size)
    value_per_m2 = _given(units, "market_value_per_m2", at("revenue.market_value_per_m2"))
    market_value = _given(units, "market_value", value_per_m2 * gia)
    count = _numbers(units, "count")
    dwellings = np.bincount(scheme, weights=np.nan_to_num(count), minlength=len(ids))
    small = dwellings[scheme] <= at("costs.build.small_scheme_max_dwellings")
    build = np.where(is_flat, at("costs.build.flats_per_m2"),
                     at("costs.build.houses_per_m2"))
    build = build * (1.0 + np.where(small, at("costs.build.small_scheme_uplift_rate"), 0.0))
    affordable_rent_week = np.minimum(
        at("tenures.affordable_rent.market_rent_rate") * at("revenue.market_rent_gross_yield")
        * market_value / WEEKS_PER_YEAR,
        _local_housing_allowance(tree, at, unit_type))
    default_rent = np.select(
        [tenure_code == SOCIAL_RENT, tenure_code == AFFORDABLE_RENT],
        [at("revenue.social_rent_per_week"), affordable_rent_week],
        default=np.nan)

    def by_type(houses: str, flats: str) -> FloatArray:
        return np.where(is_flat, at(flats),
                        at(houses))

    phase = _given(units, "phase", np.ones(len(units)))
    return {
        "line_scheme": scheme,
        "line_phase": (np.nan_to_num(phase, nan=1.0) - 1).astype(np.int64),
        "line_tenure": tenure_code,
        "line_is_flat": is_flat,
        "line_count": count,
        "line_gia_m2": gia,
        "line_market_value": market_value,
        "line_rent_per_week": _given(units, "rent_per_week", default_rent),
        "line_build_cost_per_m2": _given(units, "build_cost_per_m2", build),
        "line_externals_rate": by_type("costs.externals_rate_houses", "costs.externals_rate_flats"),
        "line_professional_fees_rate": by_type("costs.professional_fees_rate_houses",
                                               "costs.professional_fees_rate_flats"),
    }, errors


def _phases(parameter: Callable[[str], FloatArray], phases: pd.DataFrame, position: pd.Series,
            ids: npt.NDArray[Any], values: dict[str, Any]
            ) -> tuple[dict[str, Any], list[SchemeError]]:
    """Phase arrays (S, P); a scheme with no phase rows gets one phase of default timing."""
    errors: list[SchemeError] = []
    n = len(ids)
    phases = phases.reset_index(drop=True)
    phase_ids = phases["scheme_id"].astype(str).to_numpy() if len(phases) else np.array([], str)
    found = position.index.get_indexer(pd.Index(phase_ids))
    known = found >= 0
    for scheme in sorted(set(phase_ids[~known])):
        errors.append(SchemeError(scheme, "phases", "a phase for a scheme that is not defined"))
    phases = phases[known].reset_index(drop=True)
    has_phase = np.zeros(n, dtype=bool)
    scheme = position.to_numpy(np.int64)[found[known]]
    has_phase[scheme] = True
    default_scheme = np.nonzero(~has_phase)[0]
    scheme = np.concatenate([scheme, default_scheme])
    number = np.concatenate([_given(phases, "phase", np.ones(len(phases))),
                             np.ones(default_scheme.size)])
    index = np.nan_to_num(number, nan=1.0).astype(np.int64) - 1
    for i in np.nonzero(index < 0)[0]:
        errors.append(SchemeError(str(ids[scheme[i]]), "phase", "phase numbers start at 1"))
    keep = index >= 0
    scheme, index, number = scheme[keep], index[keep], number[keep]

    def at(name: str) -> FloatArray:
        """The parameter for each phase, looked up once per scheme."""
        value: FloatArray = parameter(name)[scheme]
        return value
    columns = {name: np.concatenate([_numbers(phases, name), np.full(default_scheme.size, np.nan)])
               [keep] for name in PHASE_COLUMNS[2:]}

    def padded(name: str) -> FloatArray:
        column: FloatArray = columns[name]
        return column

    width = max(int(index.max(initial=0)) + 1, 1)
    line_phase, line_scheme = values["line_phase"], values["line_scheme"]
    cell = line_scheme * width + np.clip(line_phase, 0, width - 1)
    counts = np.nan_to_num(values["line_count"])
    dwellings = np.bincount(cell, weights=counts, minlength=n * width)[scheme * width + index]
    flats = np.bincount(cell, weights=np.where(values["line_is_flat"], counts, 0.0),
                        minlength=n * width)[scheme * width + index]
    houses = dwellings - flats
    outlets = np.maximum(1.0, np.ceil(dwellings / at("phasing.dwellings_per_outlet")))
    outlets = np.where(np.isfinite(padded("outlets")), padded("outlets"), outlets)
    minimum = at("phasing.minimum_build_months")
    house_months = np.ceil(houses / (at("phasing.houses_per_month_per_outlet") * outlets))
    flat_months = np.where(flats > 0, at("phasing.flats_build_months"), 0.0)
    start = np.where(np.isfinite(padded("start_month")), padded("start_month"), 1.0)
    months = np.maximum(minimum, np.maximum(house_months, flat_months))
    end = padded("end_month")
    months = np.where(np.isfinite(end), end - start + 1, months)
    months = np.where(np.isfinite(padded("build_months")), padded("build_months"), months)
    sales_start = start + np.minimum(months, minimum) - 1
    sales_start = np.where(np.isfinite(padded("sales_start_month")), padded("sales_start_month"),
                           sales_start)
    rate = np.where(np.isfinite(padded("sales_rate_per_outlet")), padded("sales_rate_per_outlet"),
                    at("phasing.market_sales_per_outlet_per_month"))
    result: dict[str, Any] = {}
    present = np.zeros((n, width), dtype=bool)
    present[scheme, index] = True
    result["phase_is_present"] = present
    for field, data, kind in (
        ("phase_start_month", start, np.int64), ("phase_build_months", months, np.int64),
        ("phase_sales_start_month", sales_start, np.int64),
        ("phase_sales_rate_per_outlet", rate, np.float64), ("phase_outlets", outlets, np.float64),
    ):
        grid = np.zeros((n, width), dtype=kind)
        grid[scheme, index] = np.nan_to_num(data).astype(kind)
        result[field] = grid
    duplicated = pd.Series(scheme * width + index).duplicated().to_numpy()
    for i in np.nonzero(duplicated)[0]:
        errors.append(SchemeError(str(ids[scheme[i]]), "phase", f"phase {index[i] + 1} twice"))
    return result, errors


def inputs_fields() -> tuple[str, ...]:
    """Names of every SchemeInputs field (for documentation and export)."""
    return tuple(item.name for item in dataclasses.fields(SchemeInputs))
