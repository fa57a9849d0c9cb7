"""The residual land value: the land price at which a scheme exactly earns its developer return.

Not represented: solving for anything other than land (profit, rent or yield targets), and land
prices paid in stages. Because SDLT, fees and finance on land depend on the price, the residual is
found by root-finding on every scheme at once (domain reference §1.1): f(L) = B_T(L) − R, the
closing balance of the financed cashflow at land price L less the developer return R.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Objective = Callable[[FloatArray, IntArray], FloatArray]
"""f(x, positions): the objective for the schemes at ``positions`` at values ``x``."""

MAX_BRACKET_DOUBLINGS = 60
MAX_ITERATIONS = 200
EXACT = 1e-6
"""|f| at most this share of the tolerance counts as an exact root (numerical, not an
assumption: £1e−6 at the default £1)."""
POLISH = 2
"""Newton steps taken after |f| < tolerance ÷ 2 while |f| is still above the exact level."""


def solve_decreasing(objective: Objective, low: FloatArray, high: FloatArray,
                     tolerance: float = 1.0) -> tuple[FloatArray, IntArray]:
    """Root of a decreasing function for every scheme at once [unit of x], and iterations used.

    The bracket [low, high] is first widened by doubling its width (as masks) until
    f(low) ≥ 0 ≥ f(high). Then the Illinois variant of regula falsi runs on the schemes not yet
    converged only: each step takes the secant point of the bracket; when the same end is kept
    twice its function value is halved, which keeps convergence superlinear. A scheme stops when
    the bracket is narrower than ``tolerance`` or |f(x)| < tolerance ÷ 2; since |f'| ≥ 1 for the
    residual objective that puts x within ``tolerance`` of the root.

    Examples
    --------
    >>> roots, _ = solve_decreasing(lambda x, i: np.array([100.0, 5.0])[i] - 2.0 * x,
    ...                             np.zeros(2), np.ones(2), tolerance=1e-9)
    >>> roots.round(6).tolist()
    [50.0, 2.5]
    """
    low = np.asarray(low, dtype=np.float64).copy()
    high = np.asarray(high, dtype=np.float64).copy()
    everyone = np.arange(low.size, dtype=np.int64)
    f_low = objective(low, everyone)
    f_high = objective(high, everyone)
    for _ in range(MAX_BRACKET_DOUBLINGS):
        too_high, too_low = f_low < 0, f_high > 0
        if not (too_high.any() or too_low.any()):
            break
        width = high - low
        low = np.where(too_high, low - width, low)
        high = np.where(too_low, high + width, high)
        for mask, x, fx in ((too_high, low, f_low), (too_low, high, f_high)):
            positions = np.nonzero(mask)[0]
            if positions.size:
                fx[positions] = objective(x[positions], positions)
    x = 0.5 * (low + high)
    iterations = np.zeros(low.size, dtype=np.int64)
    side = np.zeros(low.size, dtype=np.int64)
    active = np.nonzero(np.isfinite(f_low) & np.isfinite(f_high))[0]
    x[np.setdiff1d(everyone, active)] = np.nan
    for _ in range(MAX_ITERATIONS):
        if active.size == 0:
            break
        lo, hi, f_lo, f_hi = low[active], high[active], f_low[active], f_high[active]
        with np.errstate(divide="ignore", invalid="ignore"):
            guess = hi - f_hi * (hi - lo) / (f_hi - f_lo)
        guess = np.where(np.isfinite(guess) & (guess > lo) & (guess < hi), guess, 0.5 * (lo + hi))
        value = objective(guess, active)
        iterations[active] += 1
        keeps_low = value < 0  # the root is below the guess: the guess becomes the high end
        s = side[active]
        f_lo = np.where(keeps_low & (s == -1), 0.5 * f_lo, f_lo)
        f_hi = np.where(~keeps_low & (s == 1), 0.5 * f_hi, f_hi)
        high[active] = np.where(keeps_low, guess, hi)
        f_high[active] = np.where(keeps_low, value, f_hi)
        low[active] = np.where(keeps_low, lo, guess)
        f_low[active] = np.where(keeps_low, f_lo, value)
        side[active] = np.where(keeps_low, -1, 1)
        x[active] = guess
        done = (np.abs(value) < 0.5 * tolerance) | (high[active] - low[active] < tolerance)
        x[active] = np.where(np.abs(value) < 0.5 * tolerance, guess,
                             np.where(done, 0.5 * (low[active] + high[active]), guess))
        active = active[~done]
    return x, iterations


SlopedObjective = Callable[[FloatArray, IntArray], tuple[FloatArray, FloatArray]]
"""f(x, positions) → (f, f′): the objective and its slope for the schemes at ``positions``."""
FallObjective = Callable[[FloatArray, IntArray], tuple[FloatArray, FloatArray, FloatArray]]
"""f(x, positions) → (f, f′, fall): also how far x can fall with f linear (f′ unchanged)."""


def solve_newton(objective: SlopedObjective, start: FloatArray, tolerance: float = 1.0,
                 falls: FallObjective | None = None) -> tuple[FloatArray, IntArray]:
    """Root of a decreasing, piecewise-linear function for every scheme at once, and evaluations.

    Newton's method from ``start``, safeguarded by a bracket: each evaluation at x tightens the
    bracket (x becomes its low end when f(x) > 0, its high end when f(x) < 0) and the next point
    is the Newton point x − f(x) ÷ f′(x) when it lies strictly inside the bracket, else the
    bracket's midpoint (or, with one end still open, x + f(x): exact when f′ = −1). A scheme stops
    when |f(x)| ≤ :data:`EXACT` × ``tolerance`` (an exact root), or |f(x)| < ``tolerance`` ÷ 2
    for the :data:`POLISH` + 1-th time, and returns the Newton point from x (exact on the piece
    holding x, and within |f(x)| of the root since |f′| ≥ 1 for the residual objective); or when
    the bracket is narrower than ``tolerance`` and the Newton point leaves it (its midpoint).
    Schemes with a non-finite f get NaN.

    On a concave decreasing piecewise-linear f (the residual objective when the debit rate is at
    least the credit rate and SDLT rates rise by band) the first step lands at or beyond the root
    and the next steps walk back onto it one linear piece at a time, each landing on the root
    when no kink lies between: the root is exact to rounding, in 2–4 evaluations on the England
    run. Otherwise the bracket guard still converges.

    With ``falls`` (used from the second evaluation on: the first, from a start far from the
    root, seldom lands on its piece) an evaluation also tells how far x can fall on f's linear
    piece; a Newton point below x within that distance lies on the piece, so it is the root
    (f there is f(x) + f′(x) × (x_N − x) = 0): the scheme stops there without the evaluation
    that would confirm it, one pass fewer for most schemes.

    Examples
    --------
    >>> def f(x, i):
    ...     slope = np.where(x < 10.0, -1.0, -3.0)  # concave: steeper after the kink at 10
    ...     return np.where(x < 10.0, 40.0 - x, 30.0 - 3.0 * (x - 10.0)) - 6.0 * i, slope
    >>> roots, evaluations = solve_newton(f, np.zeros(2))
    >>> roots.tolist(), evaluations.tolist()
    ([20.0, 18.0], [3, 3])
    """
    x = np.asarray(start, dtype=np.float64).copy()
    n = x.size
    low, high = np.full(n, -np.inf), np.full(n, np.inf)
    result = np.full(n, np.nan)
    iterations = np.zeros(n, dtype=np.int64)
    polished = np.zeros(n, dtype=np.int64)
    active = np.flatnonzero(np.isfinite(x))
    for step in range(MAX_ITERATIONS):
        if active.size == 0:
            break
        # a slice while every scheme is active (views, no gathers), else the positions
        sel: slice | IntArray = slice(None) if active.size == n else active
        at = x[sel]
        fall: FloatArray | None = None
        if falls is not None and step:
            value, slope, fall = falls(at, active)
        else:
            value, slope = objective(at, active)
        iterations[sel] += 1
        lo = np.where(value >= 0.0, at, low[sel])
        hi = np.where(value <= 0.0, at, high[sel])
        low[sel], high[sel] = lo, hi
        with np.errstate(divide="ignore", invalid="ignore"):  # open ends and NaN: masked below
            newton = at - value / slope
            middle = 0.5 * (lo + hi)
        usable = np.isfinite(newton) & (slope < 0.0)
        # Within tolerance: done if f is 0 to rounding, else after at most POLISH more steps
        # (a kink between x and the root; rounding noise on very large schemes).
        near = np.abs(value) < 0.5 * tolerance
        polished[sel] += near
        converged = near & ((np.abs(value) <= EXACT * tolerance) | (polished[sel] > POLISH))
        if fall is not None:  # the Newton point falls within x's linear piece: the root
            converged |= (usable & (newton <= at) & (at - newton < fall) & (newton >= lo)
                          & (newton <= hi))
        bounded = np.isfinite(lo) & np.isfinite(hi)
        inside = usable & (newton > lo) & (newton < hi)
        narrow = bounded & (hi - lo < tolerance) & ~inside
        result[sel] = np.where(
            converged, np.where(usable & (newton >= lo) & (newton <= hi), newton, at),
            np.where(narrow, middle, np.nan))
        x[sel] = np.where(inside, newton, np.where(bounded, middle, at + value))
        active = active[~(converged | narrow | ~np.isfinite(value))]
    result[active] = x[active]  # out of iterations (not seen): the last point
    return result, iterations


def static_residual(available: FloatArray, thresholds: FloatArray, rates: FloatArray,
                    fee_rate: FloatArray) -> FloatArray:
    """Land price L with L + SDLT(L) + fee_rate × max(L, 0) = ``available`` [GBP], exactly.

    The left side is piecewise linear and increasing in L, so each SDLT band is inverted in
    turn and the band that holds its own solution is kept. Used as the zero-interest starting
    point of the residual solve (domain reference §1.1, "static residual").

    Parameters
    ----------
    available : what is left for land and its acquisition costs [GBP], (S,)
    thresholds, rates : SDLT bands per scheme, (S, B) [GBP] and [/1]
    fee_rate : agent + legal fees [/1], (S,)

    Examples
    --------
    >>> float(static_residual(np.array([413_500.0]), np.array([[0.0, 150e3, 250e3]]),
    ...                       np.array([[0.0, 0.02, 0.05]]), np.array([0.0175]))[0].round(2))
    397189.7
    """
    # A band at a time on (S,) columns: the same arithmetic as on the (S, B) matrix, band b's
    # SDLT below it Σ_{j<b} rate_j × width_j summed in band order as a cumulative sum is.
    n_bands = thresholds.shape[1]
    positive, found = np.zeros(available.shape), np.zeros(available.shape, dtype=bool)
    below = np.zeros(available.shape)
    for band in range(n_bands):
        threshold, rate = thresholds[:, band], rates[:, band]
        if band:
            below = below + rates[:, band - 1] * (threshold - thresholds[:, band - 1])
        candidate = (available - below + rate * threshold) / (1.0 + fee_rate + rate)
        inside = candidate >= threshold
        if band + 1 < n_bands:
            inside &= candidate < thresholds[:, band + 1]
        # the first band that holds its own solution (empty bands of the padding never do)
        if band == 0:
            positive = candidate  # kept where no band holds its solution (argmax of none: 0)
            found = inside
        else:
            inside &= ~found
            np.copyto(positive, candidate, where=inside)
            found |= inside
    result: FloatArray = np.where(available > 0, positive, available)
    return result
