"""When costs and receipts fall in the month grid: S-curves, start and completion months, sales.

Not represented: custom or milestone cost profiles per cost heading, deposits and exchange-to-
completion lags, seasonality of sales, and sales released before a phase's first completions other
than by setting ``sales_start_month``. Month t is the t-th month after the valuation date (month 0);
a flow in month t is dated at the end of that month for interest and discounting (see the
methodology page).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Curve = Callable[[FloatArray], FloatArray]
"""A cumulative spend profile on [0, 1] → [0, 1], increasing, with F(0) = 0 and F(1) = 1."""


def smoothstep(x: FloatArray) -> FloatArray:
    """The smoothstep S-curve F(x) = 3x² − 2x³ on x clipped to [0, 1] [/1].

    Examples
    --------
    >>> smoothstep(np.array([0.0, 0.5, 1.0, 2.0])).tolist()
    [0.0, 0.5, 1.0, 1.0]
    """
    clipped = np.clip(x, 0.0, 1.0)
    result: FloatArray = clipped * clipped * (3.0 - 2.0 * clipped)
    return result


def straight_line(x: FloatArray) -> FloatArray:
    """Even spend F(x) = x on x clipped to [0, 1] [/1].

    Examples
    --------
    >>> straight_line(np.array([-1.0, 0.25, 3.0])).tolist()
    [0.0, 0.25, 1.0]
    """
    result: FloatArray = np.clip(x, 0.0, 1.0)
    return result


def build_weights(start_month: IntArray, build_months: IntArray, n_periods: int,
                  curve: Curve = smoothstep) -> FloatArray:
    """Share of a phase's build cost spent in each month [/1], shape (..., n_periods).

    w_t = F((t − start + 1) / M) − F((t − start) / M): zero outside the build months, summing to 1.

    Parameters
    ----------
    start_month : first build month of each phase [months], any shape
    build_months : build months M ≥ 1 [months], same shape
    n_periods : length of the month axis
    curve : the cumulative profile F (smoothstep by default)

    Examples
    --------
    >>> build_weights(np.array([1]), np.array([2]), 4).tolist()
    [[0.0, 0.5, 0.5, 0.0]]
    """
    start = np.asarray(start_month, dtype=np.int64)
    months_built = np.maximum(np.asarray(build_months, dtype=np.int64), 1)
    # Many phases share a (start, months) pair: profile each pair once, then look it up.
    span = int(months_built.max(initial=1)) + 1
    keys, inverse = np.unique(start.ravel() * span + months_built.ravel(), return_inverse=True)
    grid = np.arange(n_periods + 1, dtype=np.float64)
    elapsed = (grid - (keys // span)[:, np.newaxis]) / (keys % span)[:, np.newaxis]
    profiles = np.diff(curve(elapsed), axis=-1)
    result: FloatArray = profiles[inverse.ravel()].reshape(*start.shape, n_periods)
    return result


def month_weights(month: IntArray, n_periods: int) -> FloatArray:
    """1 in the given month, 0 elsewhere [/1], shape (..., n_periods).

    Examples
    --------
    >>> month_weights(np.array([2]), 4).tolist()
    [[0.0, 0.0, 1.0, 0.0]]
    """
    months = np.arange(n_periods)
    result: FloatArray = (months == np.asarray(month)[..., np.newaxis]).astype(np.float64)
    return result


def sales_weights(start_month: IntArray, n_dwellings: FloatArray, rate_per_month: FloatArray,
                  n_periods: int) -> FloatArray:
    """Share of a phase's sale dwellings sold (and paid for) in each month [/1].

    Sales run at a constant ``rate_per_month`` from ``start_month`` until all are sold; the last
    month takes the remainder. Cumulative share G(t) = min(1, (t − start + 1) × rate ÷ n).

    Examples
    --------
    >>> sales_weights(np.array([1]), np.array([5.0]), np.array([2.0]), 5).round(12).tolist()
    [[0.0, 0.4, 0.4, 0.2, 0.0]]
    """
    months = np.arange(-1, n_periods, dtype=np.float64)
    elapsed = months - np.asarray(start_month, dtype=np.float64)[..., np.newaxis] + 1.0
    units = np.asarray(n_dwellings, dtype=np.float64)[..., np.newaxis]
    per_month = np.asarray(rate_per_month, dtype=np.float64)[..., np.newaxis]
    with np.errstate(divide="ignore", invalid="ignore"):
        cumulative = np.where(units > 0, np.clip(elapsed * per_month / units, 0.0, 1.0), 0.0)
    result: FloatArray = np.diff(cumulative, axis=-1)
    return result


def sales_end_month(start_month: IntArray, n_dwellings: FloatArray,
                    rate_per_month: FloatArray) -> IntArray:
    """Month of the last sale of a phase [months] (the start month when nothing is sold).

    Examples
    --------
    >>> sales_end_month(np.array([1]), np.array([5.0]), np.array([2.0])).tolist()
    [3]
    """
    months = np.ceil(np.asarray(n_dwellings) / np.asarray(rate_per_month))
    result: IntArray = (np.asarray(start_month) + np.maximum(months, 1.0) - 1).astype(np.int64)
    return result
