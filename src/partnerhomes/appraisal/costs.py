"""Development costs by phase, and the costs of buying the land.

Not represented: VAT, build-cost inflation over the cashflow, a cost in more than one timing
group, cost caps, the landowner's own costs, and CIL relief other than full relief for affordable
and First Homes floorspace. Every rate and amount comes in through :class:`SchemeInputs`, resolved
from ``parameters/``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from partnerhomes.appraisal.inputs import (
    MARKET_SALE,
    SchemeInputs,
    phase_cells,
    sum_by_phase,
)

FloatArray = npt.NDArray[np.float64]

BUILD_LINES: tuple[str, ...] = (
    "build_cost", "externals", "abnormals", "contingency", "net_zero_uplift", "professional_fees",
)
"""Cost lines spent over the build months on the phase's S-curve."""
START_LINES: tuple[str, ...] = (
    "cil", "section_106", "county_infrastructure", "rams", "biodiversity_net_gain",
    "other_contributions",
)
"""Planning obligations, paid in each phase's first build month (commencement)."""


@dataclass(frozen=True)
class PhaseCosts:
    """Each cost line by (scheme, phase) [GBP], shape (S, P)."""

    lines: dict[str, FloatArray]

    def scheme_totals(self) -> dict[str, FloatArray]:
        """Each line summed over phases [GBP], shape (S,)."""
        return {name: value.sum(axis=1) for name, value in self.lines.items()}


def phase_costs(inputs: SchemeInputs) -> PhaseCosts:
    """Build, on-costs and planning obligations for each (scheme, phase) [GBP].

    build = count × GIA × £/m²; externals and fees are a rate of build (by line, houses and flats
    differ); abnormals and lump-sum contributions are shared over phases by dwellings;
    contingency is a rate of build + externals + abnormals; net-zero uplift is FHS £/dwelling +
    premium rate × build; CIL is £/m² × market-sale GIA.

    Examples
    --------
    >>> from partnerhomes.appraisal import examples
    >>> costs = phase_costs(examples.two_schemes())
    >>> sorted(costs.lines) == sorted(BUILD_LINES + START_LINES)
    True
    """
    scheme = inputs.line_scheme
    cell = phase_cells(inputs)

    def by_phase(values: FloatArray) -> FloatArray:
        return sum_by_phase(inputs, values, cell)

    line_build = inputs.line_count * inputs.line_gia_m2 * inputs.line_build_cost_per_m2
    build = by_phase(line_build)
    externals = by_phase(line_build * inputs.line_externals_rate)
    fees = by_phase(line_build * inputs.line_professional_fees_rate)
    dwellings = by_phase(inputs.line_count)
    flats = by_phase(np.where(inputs.line_is_flat, inputs.line_count, 0.0))
    houses = dwellings - flats
    scheme_dwellings = dwellings.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(scheme_dwellings > 0, dwellings / scheme_dwellings, 0.0)
    abnormals = inputs.abnormals[:, np.newaxis] * share
    market_gia = by_phase(np.where(inputs.line_tenure == MARKET_SALE,
                                   inputs.line_count * inputs.line_gia_m2, 0.0))
    fhs = by_phase(inputs.line_count * inputs.future_homes_standard_per_dwelling[scheme])

    def per_scheme(rate: FloatArray) -> FloatArray:
        return rate[:, np.newaxis]

    lines = {
        "build_cost": build,
        "externals": externals,
        "abnormals": abnormals,
        "contingency": per_scheme(inputs.contingency_rate) * (build + externals + abnormals),
        "net_zero_uplift": fhs + per_scheme(inputs.net_zero_premium_rate) * build,
        "professional_fees": fees,
        "cil": per_scheme(inputs.cil_per_m2) * market_gia,
        "section_106": per_scheme(inputs.other_s106_per_dwelling) * dwellings,
        "county_infrastructure": per_scheme(inputs.infrastructure_per_house) * houses
        + per_scheme(inputs.infrastructure_per_flat) * flats,
        "rams": per_scheme(inputs.rams_per_dwelling) * dwellings,
        "biodiversity_net_gain": per_scheme(inputs.biodiversity_net_gain_per_dwelling) * dwellings,
        "other_contributions": per_scheme(inputs.other_contributions) * share,
    }
    return PhaseCosts(lines)


def sdlt(inputs: SchemeInputs, land_price: FloatArray) -> FloatArray:
    """Stamp Duty Land Tax on the land price by the scheme's non-residential bands [GBP].

    Σ_k rate_k × clip(L − threshold_k, 0, threshold_{k+1} − threshold_k), the last band open;
    0 for L ≤ 0. Schemes with fewer bands are padded at the front with zero-width bands.

    Examples
    --------
    >>> from partnerhomes.appraisal import examples
    >>> sdlt(examples.two_schemes(), np.array([300_000.0, 100_000.0])).tolist()
    [4500.0, 0.0]
    """
    return banded_sdlt(inputs.sdlt_thresholds, inputs.sdlt_rates, land_price)


def banded_sdlt(thresholds: FloatArray, rates: FloatArray, land_price: FloatArray) -> FloatArray:
    """SDLT from per-scheme bands: thresholds and rates (S, B), price (S,) [GBP].

    Examples
    --------
    >>> banded_sdlt(np.array([[0.0, 150e3, 250e3]]), np.array([[0.0, 0.02, 0.05]]),
    ...             np.array([300e3])).tolist()
    [4500.0]
    """
    base = np.maximum(np.asarray(land_price, dtype=np.float64), 0.0)
    n_bands = thresholds.shape[1]
    if n_bands == 0:
        return np.zeros(base.shape)
    # A band at a time on (S,) columns, the bands' taxes added in band order as numpy sums a
    # short row (the same numbers bit for bit as the (S, B) matrix with .sum(axis=1)).
    result: FloatArray = np.zeros(base.shape)
    for band in range(n_bands):
        in_band = np.maximum(base - thresholds[:, band], 0.0)
        if band + 1 < n_bands:
            np.minimum(in_band, thresholds[:, band + 1] - thresholds[:, band], out=in_band)
        in_band *= rates[:, band]
        if band == 0:
            result = in_band
        else:
            result += in_band
    return result


def acquisition_costs(inputs: SchemeInputs, land_price: FloatArray) -> dict[str, FloatArray]:
    """SDLT, agent's and legal fees on buying the land at ``land_price`` [GBP], each (S,).

    Fees are rates of the price (none on a negative price).

    Examples
    --------
    >>> from partnerhomes.appraisal import examples
    >>> costs = acquisition_costs(examples.two_schemes(), np.array([1e6, 0.0]))
    >>> sorted(costs)
    ['land_agent_fee', 'land_legal_fee', 'sdlt']
    """
    price = np.maximum(np.asarray(land_price, dtype=np.float64), 0.0)
    return {
        "sdlt": sdlt(inputs, price),
        "land_agent_fee": inputs.land_agent_fee_rate * price,
        "land_legal_fee": inputs.land_legal_fee_rate * price,
    }
