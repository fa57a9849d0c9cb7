"""Starts and completions by year: each option's build-out, and a plan's trajectory by year ×
tenure × council × route.

Not represented: phasing within a year (a year's starts are one block), homes started before the
programme, sales of market homes at a different time from their completion, and slower delivery
when several large sites in one town compete for the same buyers (each site's absorption is its
own). A site below ``programme.absorption.large_site_min_dwellings`` starts all its homes in its
start year. A large site sells at most
``programme.absorption.market_sales_per_large_site_per_month`` × 12 market homes a year; its
homes are built in proportion to its tenure mix, so it completes
``min(ceiling, absorption ÷ market share)`` homes a year: the more affordable homes, the faster
it builds out (the ceiling is ``programme.absorption.max_completions_per_site_per_year``).
Completions follow starts after ``programme.delivery.completion_lag_years``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class BuildOutTerms:
    """Build-out terms: thresholds and rates in dwellings, dwellings per year, years."""

    large_site_min_dwellings: float
    market_sales_per_year: float  # per large site [dwellings/year]
    max_completions_per_year: float  # per site [dwellings/year]
    completion_lag_years: int


def build_out(homes: FloatArray, market_homes: FloatArray, start_index: IntArray,
              n_years: int, terms: BuildOutTerms) -> tuple[FloatArray, FloatArray]:
    """Starts and completions of each option by year index [dwellings], shape (O, n_years).

    ``start_index`` is the year index of the first start; years past ``n_years`` are cut off.

    Examples
    --------
    >>> terms = BuildOutTerms(250, 180, 400, 1)
    >>> starts, done = build_out(np.array([100.0, 900.0, 900.0]), np.array([70.0, 630.0, 0.0]),
    ...                          np.array([0, 0, 0]), 8, terms)
    >>> starts[0].tolist()[:2], int((starts[1] > 0).sum()), int((starts[2] > 0).sum())
    ([100.0, 0.0], 4, 3)
    """
    years = build_years(homes, market_homes, terms)
    year = np.arange(n_years)[None, :]
    first = start_index[:, None]
    active = (year >= first) & (year < first + years[:, None])
    starts = np.where(active, (homes / years)[:, None], 0.0)
    lag = terms.completion_lag_years
    completions = np.zeros_like(starts)
    if lag < n_years:
        completions[:, lag:] = starts[:, :n_years - lag]
    return starts, completions


def build_years(homes: FloatArray, market_homes: FloatArray, terms: BuildOutTerms) -> IntArray:
    """Years over which each option starts its homes [years] (1 for sites below the threshold).

    Examples
    --------
    >>> terms = BuildOutTerms(250, 180, 400, 1)
    >>> build_years(np.array([900.0, 900.0, 100.0]), np.array([630.0, 270.0, 70.0]), terms).tolist()
    [4, 3, 1]
    """
    share = np.divide(market_homes, homes, out=np.zeros_like(homes), where=homes > 0)
    with np.errstate(divide="ignore"):
        limit = terms.market_sales_per_year / np.maximum(share, 1e-12)
        pace = np.minimum(terms.max_completions_per_year, np.where(share > 0, limit, np.inf))
    years = np.ceil(homes / np.maximum(pace, 1e-9) - 1e-9).astype(np.int64)
    result: IntArray = np.where(homes >= terms.large_site_min_dwellings, np.maximum(years, 1), 1)
    return result


def plan_trajectory(options_table: pd.DataFrame, starts: FloatArray, completions: FloatArray,
                    years: list[int], tenures: tuple[str, ...]) -> pd.DataFrame:
    """Long table: year, tenure, council, route, starts, completions [dwellings] of the chosen
    options (``options_table`` has ``homes_<tenure>``, ``homes``, ``gss_code``, ``route``; the
    profile rows match it).

    Examples
    --------
    >>> table = pd.DataFrame({"homes": [10.0], "homes_social_rent": [4.0],
    ...                       "homes_market_sale": [6.0], "gss_code": ["E1"], "route": ["r"]})
    >>> out = plan_trajectory(table, np.array([[10.0, 0.0]]), np.array([[0.0, 10.0]]),
    ...                       [2026, 2027], ("market_sale", "social_rent"))
    >>> out[out.tenure == "social_rent"].completions.tolist()
    [0.0, 4.0]
    """
    frames = []
    homes = options_table["homes"].to_numpy(np.float64)
    for tenure in tenures:
        share = np.divide(options_table[f"homes_{tenure}"].to_numpy(np.float64), homes,
                          out=np.zeros_like(homes), where=homes > 0)
        for index, year in enumerate(years):
            frames.append(pd.DataFrame({
                "year": year, "tenure": tenure, "gss_code": options_table["gss_code"].to_numpy(),
                "route": options_table["route"].to_numpy(),
                "starts": starts[:, index] * share, "completions": completions[:, index] * share}))
    if not frames:
        return pd.DataFrame(columns=["year", "tenure", "gss_code", "route", "starts",
                                     "completions"])
    long = pd.concat(frames, ignore_index=True)
    return (long.groupby(["year", "tenure", "gss_code", "route"], as_index=False)
            [["starts", "completions"]].sum())


def absorption_effect(homes: float, terms: BuildOutTerms,
                      affordable_shares: tuple[float, ...] = (0.0, 0.3, 0.5, 0.7, 1.0)
                      ) -> pd.DataFrame:
    """Build-out years of one large site at each affordable share: the effect of tenure on pace.

    Examples
    --------
    >>> absorption_effect(2400.0, BuildOutTerms(250, 180, 400, 1)).build_out_years.tolist()
    [14, 10, 7, 6, 6]
    """
    shares = np.asarray(affordable_shares, dtype=np.float64)
    total = np.full(shares.size, homes)
    years = build_years(total, total * (1.0 - shares), terms)
    return pd.DataFrame({"affordable_share": shares, "homes": total,
                         "build_out_years": years,
                         "completions_per_year": total / years})
