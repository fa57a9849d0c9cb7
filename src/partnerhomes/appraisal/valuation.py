"""Returns measured on a cashflow: NPV, IRR, peak debt and its month, cash break-even.

Not represented: levered (equity) IRR, modified IRR, and multiple IRRs: a cashflow whose IRR is
not provably unique (e.g. a negative land value received in month 0) has no IRR here (NaN).
Functions take (scheme, month) matrices, or month-major (month, scheme) ones where named
``_by_month``; month t is dated t months after the valuation date.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from partnerhomes.appraisal import finance

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

MONTHS_PER_YEAR = 12
IRR_BRACKET_MONTHLY = (-0.5, 1.0)
"""Search bracket for the monthly IRR [/1 per month]: −50% to +100% a month (numerical, not an
assumption about returns)."""


def npv(net_flows: FloatArray, annual_discount_rate: npt.ArrayLike) -> FloatArray:
    """Net present value at the valuation date [GBP]: Σ_t CF_t ÷ (1 + d)^(t / 12).

    Parameters
    ----------
    net_flows : (S, T) [GBP] per month
    annual_discount_rate : effective annual rate d [/1], scalar or (S,)

    Examples
    --------
    >>> abs(npv(np.array([[-100.0] + [0.0] * 11 + [110.0]]), 0.1)).round(9).tolist()
    [0.0]
    """
    return npv_by_month(np.ascontiguousarray(net_flows.T), annual_discount_rate)


def npv_by_month(flows_by_month: FloatArray, annual_discount_rate: npt.ArrayLike,
                 exit_month: IntArray | None = None) -> FloatArray:
    """:func:`npv` of month-major flows (T, S) [GBP], by Horner's rule over months.

    ``exit_month`` sorted latest first (no flows after it) lets each month skip closed schemes.

    Examples
    --------
    >>> npv_by_month(np.array([[-100.0], [110.0]]), 0.0).tolist()
    [10.0]
    """
    if exit_month is not None and np.any(np.diff(exit_month) > 0):
        order = finance.latest_exit_first(exit_month)
        result = np.empty(order.size)
        result[order] = npv_by_month(flows_by_month[:, order],
                                     np.broadcast_to(annual_discount_rate, order.shape)[order],
                                     np.asarray(exit_month)[order])
        return result
    rate = np.asarray(annual_discount_rate, dtype=np.float64)
    v = np.broadcast_to((1.0 + rate) ** (-1.0 / MONTHS_PER_YEAR), flows_by_month.shape[1:])
    counts = None if exit_month is None else finance.open_counts(
        exit_month, int(np.max(exit_month, initial=-1)) + 1)
    value, _ = _polynomial(flows_by_month, np.array(v, dtype=np.float64), counts)
    return value


def _polynomial(flows_by_month: FloatArray, v: FloatArray,
                counts: IntArray | None = None) -> tuple[FloatArray, FloatArray]:
    """f(v) = Σ CF_t v^t and f'(v) by Horner's rule over months, vectorised over schemes.

    With ``counts`` (see :func:`finance.open_counts`), month t only updates the first
    ``counts[t]`` columns: the others have no flows from t on.
    """
    return _horner(flows_by_month, v, counts, with_slope=True)


def _horner(flows_by_month: FloatArray, v: FloatArray, counts: IntArray | None = None,
            with_slope: bool = True) -> tuple[FloatArray, FloatArray]:
    """:func:`_polynomial` in place (the same arithmetic), the slope only when asked for; ``v``
    may be (m, S), m points per scheme valued in one pass."""
    value = np.zeros_like(v)
    slope = np.zeros_like(v)
    n_months = flows_by_month.shape[0] if counts is None else len(counts)
    widths = [v.shape[-1]] * n_months if counts is None else counts.tolist()
    for month in range(n_months - 1, -1, -1):
        k = widths[month]
        head, rate = value[..., :k], v[..., :k]
        if with_slope:
            tail = slope[..., :k]
            tail *= rate
            tail += head
        head *= rate
        head += flows_by_month[month, :k]
    return value, slope


SIGN_NOISE = 1e-9  # numerical, not an assumption
"""Flows below this share of a scheme's largest flow count as zero when counting sign changes."""


def sign_changes(flows_by_month: FloatArray) -> IntArray:
    """How many times each scheme's flows change sign, zeros skipped [count], (S,).

    A flow smaller than 1e-9 of the scheme's largest is treated as zero (rounding noise).
    One change (costs, then receipts) is a conventional cashflow whose IRR is unique
    (Descartes' rule of signs); with more, several rates can give an NPV of 0.

    Examples
    --------
    >>> sign_changes(np.array([[-1.0, 5.0], [0.0, -1.0], [2.0, 1.0]])).tolist()
    [1, 2]
    """
    return _sign_changes(flows_by_month)


def _sign_changes(flows_by_month: FloatArray, counts: IntArray | None = None) -> IntArray:
    """:func:`sign_changes`; with ``counts`` (:func:`finance.open_counts`) month t only reads
    the first ``counts[t]`` columns, whose flows after that are constant (zeros, or a cumulative
    total that keeps its sign) and so change no sign."""
    n_months, n = flows_by_month.shape
    changes = np.zeros(n, dtype=np.int64)
    previous = np.zeros(n, dtype=np.int8)
    # max |flow| without an |flows| temporary: the same number
    noise = SIGN_NOISE * np.maximum(flows_by_month.max(axis=0, initial=0.0),
                                    -flows_by_month.min(axis=0, initial=0.0))
    widths = [n] * n_months if counts is None else counts.tolist()
    for month, k in enumerate(widths):
        flow, level, last = flows_by_month[month, :k], noise[:k], previous[:k]
        sign = (flow > level).view(np.int8) - (flow < -level).view(np.int8)
        changes[:k] += sign * last < 0  # both non-zero and opposite
        last *= sign == 0  # the last non-zero sign (as in _flow_and_cumulative_sign_changes)
        last += sign
    return changes


def _flow_and_cumulative_sign_changes(flows_by_month: FloatArray, counts: IntArray
                                      ) -> tuple[IntArray, IntArray, FloatArray]:
    """:func:`sign_changes` of the flows and of their running sums, and the sums' totals.

    Two passes over the open months (``counts``, :func:`finance.open_counts`) with the running
    sum kept as a vector, instead of a (T, S) cumulative matrix: the first finds each scheme's
    largest |flow| and |running sum| (for the 1e-9 noise floors), the second counts. After a
    scheme's exit its flows are 0 and its running sum is constant, so neither changes sign.
    """
    n = flows_by_month.shape[1]
    widths = counts.tolist()
    running = np.zeros(n)
    high, low = np.zeros(n), np.zeros(n)
    high_sum, low_sum = np.zeros(n), np.zeros(n)
    for month, k in enumerate(widths):
        flow, cumulative = flows_by_month[month, :k], running[:k]
        cumulative += flow
        np.maximum(high[:k], flow, out=high[:k])
        np.minimum(low[:k], flow, out=low[:k])
        np.maximum(high_sum[:k], cumulative, out=high_sum[:k])
        np.minimum(low_sum[:k], cumulative, out=low_sum[:k])
    total = running.copy()
    noise = SIGN_NOISE * np.maximum(high, -low)
    noise_sum = SIGN_NOISE * np.maximum(high_sum, -low_sum)
    changes, changes_sum = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
    last, last_sum = np.zeros(n, dtype=np.int8), np.zeros(n, dtype=np.int8)
    below, below_sum = -noise, -noise_sum
    running[:] = 0.0
    for month, k in enumerate(widths):
        flow, cumulative = flows_by_month[month, :k], running[:k]
        cumulative += flow
        for value, level, floor, previous, count in (
                (flow, noise, below, last, changes),
                (cumulative, noise_sum, below_sum, last_sum, changes_sum)):
            sign = (value > level[:k]).view(np.int8) - (value < floor[:k]).view(np.int8)
            last_sign = previous[:k]
            count[:k] += sign * last_sign < 0  # both non-zero and opposite
            # the last non-zero sign: sign where non-zero, else kept (integer arithmetic, not
            # a masked copy, which costs several times more on a mask with no pattern)
            last_sign *= sign == 0
            last_sign += sign
    return changes, changes_sum, total


def irr(net_flows: FloatArray, tolerance: float = 1e-14, max_iterations: int = 100
        ) -> FloatArray:
    """Annualised IRR [/1 per year]: (1 + r_m)^12 − 1 where Σ CF_t (1 + r_m)^−t = 0.

    Newton's method on v = 1 / (1 + r_m), guarded by bisection: every step keeps a bracket with
    a sign change, and a Newton step that leaves it is replaced by the midpoint. It stops when a
    step is below ``tolerance`` relative, or when two Newton steps s₁, s₂ predict a third
    s₂³ ÷ s₁² (quadratic convergence) below it, a step that would only confirm v. Reported only
    where the IRR is unique: flows that change sign exactly once (Descartes' rule of signs), or
    cumulative flows that change sign exactly once and end positive (Norström's criterion: one
    positive IRR, searched for r > 0 only); and it must lie in :data:`IRR_BRACKET_MONTHLY`.
    NaN otherwise.

    Examples
    --------
    >>> irr(np.array([[-100.0] + [0.0] * 11 + [110.0]])).round(12).tolist()
    [0.1]
    """
    return irr_by_month(np.ascontiguousarray(net_flows.T), tolerance, max_iterations)


def irr_by_month(flows: FloatArray, tolerance: float = 1e-14, max_iterations: int = 100,
                 exit_month: IntArray | None = None) -> FloatArray:
    """:func:`irr` of month-major flows (T, S) [/1 per year].

    ``exit_month`` sorted latest first (no flows after it) lets each month skip closed schemes.

    Examples
    --------
    >>> irr_by_month(np.array([[-100.0], [101.0]])).round(6).tolist()
    [0.126825]
    """
    if exit_month is not None and np.any(np.diff(exit_month) > 0):
        order = finance.latest_exit_first(exit_month)
        unsorted = np.empty(order.size)
        unsorted[order] = irr_by_month(flows[:, order], tolerance, max_iterations,
                                       np.asarray(exit_month)[order])
        return unsorted
    n = flows.shape[1]
    last = (np.full(n, flows.shape[0] - 1, dtype=np.int64) if exit_month is None
            else np.asarray(exit_month, dtype=np.int64))
    low_rate, high_rate = IRR_BRACKET_MONTHLY
    plain, cumulative, total = _flow_and_cumulative_sign_changes(
        flows, finance.open_counts(last, int(last.max(initial=-1)) + 1))
    conventional = plain == 1
    # Norström: cumulative flows changing sign once and ending positive ⇒ one positive IRR.
    positive_only = ~conventional & (cumulative == 1) & (total > 0)
    result: FloatArray = np.full(n, np.nan)
    candidates = np.flatnonzero(conventional | positive_only)
    if candidates.size == 0:
        return result
    # Only the schemes whose IRR can be unique are valued: their flows gathered once
    # (np.take: a column gather ≈ 3× faster than fancy indexing on a row-major matrix).
    block_last = last[candidates]
    block = np.take(flows[: int(block_last.max()) + 1], candidates, axis=1)
    low = np.full(candidates.size, 1.0 / (1.0 + high_rate))
    high = np.where(positive_only[candidates], 1.0, 1.0 / (1.0 + low_rate))
    # both ends of the bracket in one Horner pass
    ends, _ = _horner(block, np.stack([low, high]), _open(block_last), with_slope=False)
    f_low = ends[0]
    has_root = np.sign(f_low) * np.sign(ends[1]) < 0
    v = np.where(has_root, _two_lump_start(block, low, high, _open(block_last)), np.nan)
    active = np.flatnonzero(has_root)
    # Horner runs on the flows ``held`` (a superset of the schemes still iterating: values of
    # schemes already converged are computed and ignored), gathered again only when fewer than
    # half of them are still iterating.
    held, held_flows = active, (block if active.size == candidates.size else
                                np.take(block, active, axis=1))
    held_counts = _open(block_last[held])
    newton_step = np.full(candidates.size, np.nan)  # each scheme's last Newton step, if any
    for _ in range(max_iterations):
        if active.size == 0:
            break
        if 2 * active.size < held.size:
            rows = int(block_last[active].max()) + 1
            held_flows = np.take(held_flows[:rows], np.searchsorted(held, active), axis=1)
            held, held_counts = active, _open(block_last[active])
        value, slope = _horner(held_flows, v[held], held_counts)
        if held.size != active.size:
            within = np.searchsorted(held, active)
            value, slope = value[within], slope[within]
        at = v[active]
        lo, hi = low[active], high[active]
        same_as_low = np.sign(value) == np.sign(f_low[active])
        lo = np.where(same_as_low, at, lo)
        hi = np.where(same_as_low, hi, at)
        with np.errstate(divide="ignore", invalid="ignore"):
            step = at - value / slope
        bad = ~np.isfinite(step) | (step < lo) | (step > hi)
        new = np.where(bad, 0.5 * (lo + hi), step)
        size = np.abs(new - at)
        done = (size <= tolerance * np.abs(new)) | (value == 0)
        # Two Newton steps in a row that shrink quadratically (size ≈ M × previous²) predict
        # the next one, size³ ÷ previous²: when that is within the tolerance the next step
        # would only confirm ``new``, so it is taken as the root now.
        with np.errstate(divide="ignore", invalid="ignore"):
            next_size = size ** 3 / newton_step[active] ** 2
        done |= ~bad & (next_size <= tolerance * np.abs(new))
        newton_step[active] = np.where(bad, np.nan, size)
        low[active], high[active], v[active] = lo, hi, new
        active = active[~done]
    monthly = 1.0 / v - 1.0
    result[candidates] = (1.0 + monthly) ** MONTHS_PER_YEAR - 1.0
    return result


def _open(last: IntArray) -> IntArray:
    """:func:`finance.open_counts` of exit months sorted latest first, over months 0 … max."""
    return finance.open_counts(last, int(last.max(initial=-1)) + 1)


def _two_lump_start(flows_by_month: FloatArray, low: FloatArray, high: FloatArray,
                    counts: IntArray | None = None) -> FloatArray:
    """Newton's first v for the IRR: the root of the flows collapsed into two lumps, all costs
    C at their mean month t_C and all receipts R at theirs t_R (−C v^t_C + R v^t_R = 0, so
    v = (C / R)^(1 / (t_R − t_C))), where it lies strictly inside (low, high); else 1 (r = 0).

    Summed month by month in month order over the open prefix (``counts``,
    :func:`finance.open_counts`), in small buffers: the same flows with more zero months after
    the exit give the same start to the bit.
    """
    n_months, n = flows_by_month.shape
    widths = [n] * n_months if counts is None else counts.tolist()
    cost, cost_months = np.zeros(n), np.zeros(n)
    total, total_months = np.zeros(n), np.zeros(n)
    work = np.empty(n)
    for month, k in enumerate(widths):
        flow, part = flows_by_month[month, :k], work[:k]
        total[:k] += flow
        np.minimum(flow, 0.0, out=part)
        cost[:k] += part
        part *= float(month)
        cost_months[:k] += part
        np.multiply(flow, float(month), out=part)
        total_months[:k] += part
    receipts = total - cost
    receipt_months = total_months - cost_months
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        guess = (-cost / receipts) ** (1.0 / (receipt_months / receipts - cost_months / cost))
    result: FloatArray = np.where(np.isfinite(guess) & (guess > low) & (guess < high), guess,
                                  1.0)
    return result


def peak_debt(balance: FloatArray) -> tuple[FloatArray, IntArray]:
    """The largest debt −min_t B_t (0 if never negative) [GBP] and its month [months].

    Examples
    --------
    >>> peak_debt(np.array([[-10.0, -30.0, 5.0]]))
    (array([30.]), array([1]))
    """
    month = np.argmin(balance, axis=1).astype(np.int64)
    debt = np.maximum(-np.take_along_axis(balance, month[:, np.newaxis], axis=1)[:, 0], 0.0)
    return debt, month


def break_even_month(balance: FloatArray) -> IntArray:
    """First month at or after peak debt with a balance ≥ 0 [months]; −1 if it never recovers.

    Examples
    --------
    >>> break_even_month(np.array([[-10.0, -30.0, 5.0], [-1.0, -2.0, -1.0]])).tolist()
    [2, -1]
    """
    _, month = peak_debt(balance)
    months = np.arange(balance.shape[1])
    recovered = (balance >= 0.0) & (months >= month[:, np.newaxis])
    first = np.argmax(recovered, axis=1).astype(np.int64)
    result: IntArray = np.where(recovered.any(axis=1), first, -1).astype(np.int64)
    return result
