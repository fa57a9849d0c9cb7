"""Interest on the running balance of a monthly cashflow, and finance fees.

Not represented: several debt tranches, equity first or pari-passu funding, loan-to-cost limits,
interest paid rather than rolled up, and rates that change over time. One balance carries all
flows; interest is charged on a negative balance at the debit rate and earned on a positive one at
the credit rate (domain reference §1.2; Prodev's "debt" and "accrual" rates).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

MONTHS_PER_YEAR = 12


def monthly_rate(annual_rate: npt.ArrayLike, compounding_periods_per_year: npt.ArrayLike
                 ) -> FloatArray:
    """Monthly rate equivalent to a nominal annual rate compounded n times a year [/1 per month].

    i_m = (1 + r / n)^(n / 12) − 1: exact r / 12 for monthly compounding; for quarterly
    compounding the monthly rate that compounds to the same quarterly charge.

    Examples
    --------
    >>> round(float(monthly_rate(0.12, 12)), 10)
    0.01
    >>> round(float((1 + monthly_rate(0.08, 4)) ** 3 - 1), 10)
    0.02
    """
    rate = np.asarray(annual_rate, dtype=np.float64)
    periods = np.asarray(compounding_periods_per_year, dtype=np.float64)
    result: FloatArray = (1.0 + rate / periods) ** (periods / MONTHS_PER_YEAR) - 1.0
    return result


def running_balance(net_flows: FloatArray, debit_monthly: FloatArray, credit_monthly: FloatArray,
                    exit_month: npt.ArrayLike | None = None) -> tuple[FloatArray, FloatArray]:
    """Balance and interest per month [GBP], each shape (S, T).

    B_t = B_{t−1} + I_t + CF_t with B_{−1} = 0 and I_t = B_{t−1} × (debit if B_{t−1} < 0 else
    credit): interest for month t is on the balance carried into it, so a flow in month t starts
    bearing interest in month t + 1. No interest accrues after a scheme's ``exit_month`` (the
    scheme is closed then; default: the last month). The loop is over months; each step is
    vectorised over schemes.

    Parameters
    ----------
    net_flows : receipts − costs per month [GBP], (S, T)
    debit_monthly, credit_monthly : monthly rates [/1], (S,)
    exit_month : last month of each scheme [months], (S,)

    Examples
    --------
    >>> balance, interest = running_balance(np.array([[-100.0, 0.0, 150.0]]),
    ...                                     np.array([0.1]), np.array([0.0]))
    >>> balance.round(6).tolist(), interest.round(6).tolist()
    ([[-100.0, -110.0, 29.0]], [[0.0, -10.0, -11.0]])
    """
    balance_by_month, interest_by_month = running_balance_by_month(
        np.ascontiguousarray(net_flows.T), debit_monthly, credit_monthly, exit_month)
    return balance_by_month.T, interest_by_month.T


def running_balance_by_month(flows: FloatArray, debit_monthly: FloatArray,
                             credit_monthly: FloatArray, exit_month: npt.ArrayLike | None = None
                             ) -> tuple[FloatArray, FloatArray]:
    """:func:`running_balance` on month-major flows (T, S); returns balance and interest (T, S).

    Examples
    --------
    >>> balance, _ = running_balance_by_month(np.array([[-100.0], [0.0], [150.0]]),
    ...                                       np.array([0.1]), np.array([0.0]))
    >>> balance.round(6).ravel().tolist()
    [-100.0, -110.0, 29.0]
    """
    balance = np.empty_like(flows)
    interest = np.empty_like(flows)
    previous = np.zeros(flows.shape[1])
    last = _last_month(exit_month, flows.shape)
    for month in range(flows.shape[0]):
        charge = previous * np.where(previous < 0.0, debit_monthly, credit_monthly)
        charge = np.where(month <= last, charge, 0.0)
        interest[month] = charge
        previous = previous + charge + flows[month]
        balance[month] = previous
    return balance, interest


def _last_month(exit_month: npt.ArrayLike | None, shape: tuple[int, ...]) -> npt.NDArray[np.int64]:
    if exit_month is None:
        return np.full(shape[1], shape[0] - 1, dtype=np.int64)
    return np.asarray(exit_month, dtype=np.int64)


def latest_exit_first(exit_month: npt.ArrayLike) -> npt.NDArray[np.int64]:
    """The positions of schemes sorted by exit month, latest first, ties in input order: the
    order the month loops need (see :func:`open_counts`).

    ``np.argsort(-exit_month, kind="stable")``; months spanning less than 2^16 sort as 16 bits,
    which numpy does by radix sort (≈ 10× faster for England's 22,574 schemes).

    Examples
    --------
    >>> latest_exit_first(np.array([3, 5, 3, 0])).tolist()
    [1, 0, 2, 3]
    """
    months = np.asarray(exit_month, dtype=np.int64)
    latest = int(months.max(initial=0))
    key: npt.NDArray[np.integer[Any]] = -months
    if months.size and latest - int(months.min()) <= np.iinfo(np.uint16).max:
        key = (latest - months).astype(np.uint16)  # months after the latest exit, 0 … 65,535
    order: npt.NDArray[np.int64] = np.argsort(key, kind="stable").astype(np.int64, copy=False)
    return order


def open_counts(exit_month: npt.ArrayLike, n_months: int) -> npt.NDArray[np.int64]:
    """For exit months in descending order: how many schemes are still open in each month.

    Schemes sorted by exit month (latest first) are open in month t exactly for the first
    ``open_counts[t]`` columns, so a month's work is a contiguous prefix.

    Examples
    --------
    >>> open_counts(np.array([5, 3, 3, 0]), 6).tolist()
    [4, 3, 3, 3, 1, 1]
    """
    descending = -np.asarray(exit_month, dtype=np.int64)
    result: npt.NDArray[np.int64] = np.searchsorted(
        descending, -np.arange(n_months), side="right").astype(np.int64)
    return result


def final_balance(flows_by_month: FloatArray, debit_monthly: FloatArray,
                  credit_monthly: FloatArray, exit_month: npt.ArrayLike | None = None
                  ) -> FloatArray:
    """The closing balance B_E only [GBP], (S,), from month-major flows of shape (T, S).

    The same recursion as :func:`running_balance`, without storing the path (the residual
    solve uses :func:`closing_balance_and_slope`, which also gives the slope). Flows after a
    scheme's exit month must be zero (the cashflow builds them so); schemes are then processed
    latest-exit first and each month only touches the schemes still open, so the work is
    Σ (E + 1) rather than S × T.

    Examples
    --------
    >>> final_balance(np.array([[-100.0], [0.0], [150.0]]), np.array([0.1]), np.array([0.0]))
    array([29.])
    """
    n_months, n = flows_by_month.shape
    last = (np.full(n, n_months - 1, dtype=np.int64) if exit_month is None
            else np.minimum(np.asarray(exit_month, dtype=np.int64), n_months - 1))
    if np.any(np.diff(last) > 0):
        order = latest_exit_first(last)
        flows = flows_by_month[:, order]
    else:
        order, flows = np.arange(n), flows_by_month
    growth_debit = (1.0 + debit_monthly)[order]
    growth_credit = (1.0 + credit_monthly)[order]
    previous = np.zeros(n)
    counts = open_counts(last[order], int(last.max(initial=-1)) + 1)
    for month, k in enumerate(counts):
        head = previous[:k]
        head *= np.where(head < 0.0, growth_debit[:k], growth_credit[:k])
        head += flows[month, :k]
    result = np.empty(n)
    result[order] = previous
    return result


Lump = tuple[npt.NDArray[np.int64], FloatArray, FloatArray]
"""A payment out of each scheme's balance: (month, amount [GBP], d amount / d x [GBP per unit])."""


def closing_balance_and_slope(flows_by_month: FloatArray, debit_monthly: FloatArray,
                              credit_monthly: FloatArray, exit_month: npt.ArrayLike,
                              lumps: Sequence[Lump] = (), with_slope: bool = True,
                              fall: FloatArray | None = None) -> tuple[FloatArray, FloatArray]:
    """Closing balance B_E of ``flows − lumps`` [GBP], and dB_E/dx when the lumps depend on x.

    The recursion of :func:`final_balance` on month-major flows (T, S), with payments ``lumps``
    taken out in their months (each (month, amount, slope), month ≤ the scheme's exit month):
    the flow matrix is read, never copied. Forward-mode derivative: D_t = D_{t−1} × g_t −
    slope of the lumps paid in t, where g_t = 1 + debit or 1 + credit by the sign of B_{t−1}
    (the same growth as the balance). B_E is piecewise linear in x when the lumps are; the slope
    is that of the piece at x (used by the residual's Newton steps). Schemes must be sorted by
    exit month, latest first (as :func:`partnerhomes.appraisal.appraise.appraise` holds them);
    month t then updates only the prefix of schemes still open.

    ``fall`` (with the slope; (S,), filled by the caller, e.g. with +inf) is lowered to how far
    x can fall before a month's opening balance B_{t−1} (t ≥ 1, up to the exit month) changes
    side of 0, so changes growth: on the piece, B_{t−1}(x − Δ) = B_{t−1} − D_{t−1} Δ, which
    reaches 0 at Δ = B_{t−1} ÷ D_{t−1} when that is ≥ 0 (0 itself counts: no room).

    Examples
    --------
    >>> flows = np.array([[-100.0], [0.0], [150.0]])
    >>> lump = (np.array([0]), np.array([10.0]), np.array([1.0]))
    >>> balance, slope = closing_balance_and_slope(flows, np.array([0.1]), np.array([0.0]),
    ...                                            np.array([2]), [lump])
    >>> balance.round(6).tolist(), slope.round(6).tolist()
    ([16.9], [-1.21])
    """
    n = flows_by_month.shape[1]
    last = np.minimum(np.asarray(exit_month, dtype=np.int64), flows_by_month.shape[0] - 1)
    if np.any(np.diff(last) > 0):
        raise ValueError("schemes must be sorted by exit month, latest first")
    events: dict[int, list[tuple[slice | IntArray, FloatArray, FloatArray]]] = {}
    for paid_in, amount, slope in lumps:
        months = np.asarray(paid_in, dtype=np.int64)
        if months.size and np.all(months == months[0]):
            events.setdefault(int(months[0]), []).append((slice(None), amount, slope))
            continue
        for value in np.unique(months):
            paying = np.flatnonzero(months == value)
            events.setdefault(int(value), []).append((paying, amount[paying], slope[paying]))
    growth_debit, growth_credit = 1.0 + debit_monthly, 1.0 + credit_monthly
    balance, derivative = np.zeros(n), np.zeros(n)
    counts = open_counts(last, int(last.max(initial=-1)) + 1)
    ratio = np.empty(n) if fall is not None and with_slope else None
    for month, k in enumerate(counts.tolist()):
        head = balance[:k]
        if month:
            if ratio is not None and fall is not None:
                room = ratio[:k]
                with np.errstate(all="ignore"):  # D = 0 or tiny: no crossing (or far)
                    np.divide(head, derivative[:k], out=room)
                # fall = min(fall, room) where room ≥ 0: a negative room (no crossing below
                # x) becomes +inf and NaN (0 ÷ 0) is passed over by fmin; masked ufuncs cost
                # several times more on masks with no pattern
                room[room < 0.0] = np.inf
                np.fmin(fall[:k], room, out=fall[:k])
            growth = np.where(head < 0.0, growth_debit[:k], growth_credit[:k])
            head *= growth
            if with_slope:
                derivative[:k] *= growth
        head += flows_by_month[month, :k]
        for who, amount, slope in events.get(month, ()):
            balance[who] -= amount
            if with_slope:
                derivative[who] -= slope
    return balance, derivative


@dataclass(frozen=True)
class BalanceSummary:
    """What the appraisal reports of each scheme's balance path, all (S,)."""

    closing: FloatArray  # B_E [GBP]
    interest_charged: FloatArray  # −Σ min(I_t, 0) [GBP]
    interest_earned: FloatArray  # Σ max(I_t, 0) [GBP]
    lowest: FloatArray  # min_t B_t [GBP]
    lowest_month: IntArray  # its first month [months]
    break_even_month: IntArray  # first t ≥ lowest_month with B_t ≥ 0, −1 if none [months]


def balance_summary(flows_by_month: FloatArray, debit_monthly: FloatArray,
                    credit_monthly: FloatArray, exit_month: npt.ArrayLike,
                    first_payment: FloatArray, exit_payment: FloatArray) -> BalanceSummary:
    """:func:`running_balance_by_month` of ``flows`` less a payment in month 0 and one in each
    scheme's exit month, summarised on the fly instead of stored [GBP, months].

    The same recursion, term for term (charge = B_{t−1} × rate, B_t = B_{t−1} + charge + CF_t,
    the payments taken out of CF_t first), so the sums, the lowest balance and its first month
    (:func:`partnerhomes.appraisal.valuation.peak_debt`) and the break-even month
    (:func:`partnerhomes.appraisal.valuation.break_even_month`) equal those of the stored path.
    Schemes must be sorted by exit month, latest first: month t touches only the prefix of
    schemes still open, and those whose exit month is t are the prefix's tail.

    Examples
    --------
    >>> summary = balance_summary(np.array([[-100.0], [0.0], [150.0]]), np.array([0.1]),
    ...                           np.array([0.0]), np.array([2]), np.array([0.0]),
    ...                           np.array([0.0]))
    >>> float(summary.closing[0].round(6)), float(summary.interest_charged[0].round(6))
    (29.0, 21.0)
    >>> int(summary.lowest_month[0]), int(summary.break_even_month[0])
    (1, 2)
    """
    n = flows_by_month.shape[1]
    last = np.minimum(np.asarray(exit_month, dtype=np.int64), flows_by_month.shape[0] - 1)
    if np.any(np.diff(last) > 0):
        raise ValueError("schemes must be sorted by exit month, latest first")
    counts = open_counts(last, int(last.max(initial=-1)) + 1).tolist()
    balance, charged, earned = np.zeros(n), np.zeros(n), np.zeros(n)
    lowest, lowest_month = np.zeros(n), np.zeros(n, dtype=np.int64)
    break_even = np.full(n, -1, dtype=np.int64)
    for month, k in enumerate(counts):
        head = balance[:k]
        charge = head * np.where(head < 0.0, debit_monthly[:k], credit_monthly[:k])
        charged[:k] += np.minimum(charge, 0.0)
        earned[:k] += np.maximum(charge, 0.0)
        flow = flows_by_month[month, :k]
        if month == 0:
            flow = flow - first_payment
        closing = counts[month + 1] if month + 1 < len(counts) else 0  # exit in this month
        if closing < k:
            flow = flow.copy() if month else flow
            flow[closing:] -= exit_payment[closing:k]
        head += charge
        head += flow
        lower = head < lowest[:k] if month else np.ones(k, dtype=bool)  # month 0: the first
        np.copyto(lowest[:k], head, where=lower)
        np.copyto(lowest_month[:k], month, where=lower)
        positive = head >= 0.0
        # a new lowest point restarts the search for break-even from it
        since = break_even[:k]
        np.copyto(since, -1, where=lower)
        np.copyto(since, month, where=positive & (since < 0))
    return BalanceSummary(balance, -charged, earned, lowest, lowest_month, break_even)


def finance_fees(development_cost: FloatArray, arrangement_fee_rate: FloatArray,
                 exit_fee_rate: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Arrangement and exit fees [GBP]: rates of the development cost including land.

    Examples
    --------
    >>> finance_fees(np.array([1e6]), np.array([0.01]), np.array([0.005]))
    (array([10000.]), array([5000.]))
    """
    return arrangement_fee_rate * development_cost, exit_fee_rate * development_cost
