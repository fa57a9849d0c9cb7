"""The one entry point: appraise S schemes at once, in residual and viability modes together.

Not represented: anything the modules it calls leave out (see each); a scheme whose inputs fail
validation is not appraised but reported in ``errors`` with its field, while the others are.
Residual mode solves the land price that leaves exactly the developer return; viability mode takes
the land price paid (or the benchmark land value when none is given) and reports the surplus.
Affordable homes bought by a landlord are valued by capitalisation or by the landlord's maximum
price, per scheme, and both are reported (:mod:`partnerhomes.appraisal.landlord_view`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from partnerhomes import __version__
from partnerhomes.appraisal import (
    cashflow,
    finance,
    landlord_view,
    phasing,
    residual,
    revenue,
    valuation,
)
from partnerhomes.appraisal.inputs import (
    AFFORDABLE_TENURES,
    FIRST_HOMES,
    MARKET_SALE,
    TENURES,
    SchemeError,
    SchemeInputs,
    sum_last_axis,
    valid_positions,
    validate,
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
ObjectArray = npt.NDArray[np.object_]

VERDICTS: tuple[str, ...] = (
    "viable",
    "not viable: residual land value below benchmark land value",
    "not viable: negative residual land value",
)


@dataclass(frozen=True)
class AppraisalResults:
    """Results per appraised scheme (arrays of shape (S,)), errors for the schemes left out.

    ``values`` maps stable field names (the same in JSON, Excel and the CLI) to arrays.
    ``cashflow`` (on request) maps line names to (S, T) matrices at the appraised land price,
    with ``net``, ``interest`` and ``balance``.
    """

    scheme_id: ObjectArray
    values: dict[str, npt.NDArray[Any]]
    verdict: ObjectArray
    errors: list[SchemeError]
    cashflow: dict[str, FloatArray] | None = None
    parameters_digest: str = ""
    code_version: str = __version__
    settings: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> npt.NDArray[Any]:
        return self.values[name]


class _Closing:
    """f(L) = B_E(L) − R and f′(L) of schemes sorted latest exit first (see :func:`appraise`).

    The land-independent month-major flows are read in place; the land payment (with SDLT and
    fees) and the arrangement fee are paid as lumps, the exit fee after the exit month. The SDLT
    bands ``by_scheme["thresholds"]`` and ``["rates"]`` are band-major (B, S): each band's
    column of schemes is a contiguous row.
    """

    def __init__(self, static: FloatArray, exit_month: IntArray,
                 by_scheme: dict[str, npt.NDArray[Any]]) -> None:
        self.static, self.exit_month, self.by_scheme = static, exit_month, by_scheme
        self.n = exit_month.size
        thresholds = by_scheme["thresholds"]
        widths = np.concatenate([np.diff(thresholds, axis=0), np.full((1, self.n), np.inf)],
                                axis=0)
        self.bands = {"thresholds": thresholds, "widths": widths, "rates": by_scheme["rates"]}
        self.no_month = np.zeros(self.n, dtype=np.int64)
        self.everyone = np.arange(self.n, dtype=np.int64)
        self.last_land = np.zeros(self.n)  # the land price each scheme was last valued at

    def __call__(self, land: FloatArray, positions: IntArray, with_slope: bool = True
                 ) -> tuple[FloatArray, FloatArray]:
        value, slope, _ = self._evaluate(land, positions, with_slope, with_fall=False)
        return value, slope

    def with_fall(self, land: FloatArray, positions: IntArray
                  ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """f, f′ and how far each land price can fall on f's linear piece [GBP]: before a
        month's opening balance changes side of 0 (:func:`finance.closing_balance_and_slope`),
        the price crosses an SDLT threshold below it or 0 (where the land lumps' slope
        changes)."""
        value, slope, fall = self._evaluate(land, positions, True, with_fall=True)
        assert fall is not None
        return value, slope, fall

    def _evaluate(self, land: FloatArray, positions: IntArray, with_slope: bool,
                  with_fall: bool) -> tuple[FloatArray, FloatArray, FloatArray | None]:
        everyone = positions.size == self.n
        if everyone:
            self.last_land = np.array(land, dtype=np.float64)
        elif 2 * positions.size >= self.n:
            # Half or more of the schemes: one pass over all of them (the others at their last
            # land price, their results unused) costs less than gathering these schemes' flows;
            # each scheme's arithmetic is the same either way.
            self.last_land[positions] = land
            at_all = self._evaluate(self.last_land, self.everyone, with_slope, with_fall)
            return (at_all[0][positions], at_all[1][positions],
                    None if at_all[2] is None else at_all[2][positions])
        by_scheme = self.by_scheme

        def pick(name: str) -> npt.NDArray[Any]:
            return by_scheme[name] if everyone else by_scheme[name][positions]

        exits = self.exit_month if everyone else self.exit_month[positions]
        # np.take gathers columns ≈ 3× faster than fancy indexing on a row-major matrix
        flows_t = self.static if everyone else np.take(self.static[:int(exits[0]) + 1],
                                                       positions, axis=1)
        price = np.maximum(land, 0.0)
        bands = self.bands if everyone else {name: np.take(values, positions, axis=1)
                                             for name, values in self.bands.items()}
        tax, tax_rate = _sdlt_and_rate(bands["thresholds"], bands["widths"], bands["rates"],
                                       price)
        fee_rate = pick("fee_rate")
        bought = (land > 0.0).astype(np.float64)
        acquisition = tax + fee_rate * price
        acquisition_slope = tax_rate + fee_rate * bought
        base = pick("cost") + price + acquisition
        base_slope = bought + acquisition_slope
        arrangement, exit_fee = pick("arrangement"), pick("exit")
        fall = np.full(land.shape, np.inf) if with_fall else None
        balance, slope = finance.closing_balance_and_slope(
            flows_t, pick("debit"), pick("credit"), exits,
            [(pick("land_month"), land + acquisition, 1.0 + acquisition_slope),
             (self.no_month[:positions.size], arrangement * base, arrangement * base_slope)],
            with_slope, fall)
        if fall is not None:
            # the land lumps' slope changes at 0 and at each SDLT threshold (band-major rows)
            for edge in (np.zeros(land.shape), *bands["thresholds"]):
                gap = land - edge
                gap[~(gap > 0.0)] = np.inf  # min over the edges below the price only
                np.minimum(fall, gap, out=fall)
        value: FloatArray = balance - exit_fee * base - pick("target")
        return value, slope - exit_fee * base_slope, fall


def _sdlt_and_rate(thresholds: FloatArray, widths: FloatArray, rates: FloatArray,
                   price: FloatArray) -> tuple[FloatArray, FloatArray]:
    """SDLT on ``price`` ≥ 0 and d SDLT / d price, the rate of the band holding the price (0 at a
    price of 0) [GBP, /1], from band-major (B, S) bands: the arithmetic of
    :func:`costs.banded_sdlt` (Σ_k rate_k × min(max(L − threshold_k, 0), width_k), summed in
    band order) a band at a time."""
    tax, rate = np.zeros(price.shape), np.zeros(price.shape)
    for threshold, width, band_rate in zip(thresholds, widths, rates, strict=True):
        if not band_rate.any():  # a 0% band (or padding) adds 0 to both: skipped
            continue
        excess = price - threshold
        in_band = np.minimum(np.maximum(excess, 0.0), width)
        in_band *= band_rate
        tax += in_band
        rate += band_rate * ((excess > 0.0) & (excess < width))
    return tax, rate


def developer_return(inputs: SchemeInputs, gdv_by_tenure: FloatArray) -> FloatArray:
    """Developer's return [GBP]: rates of market, affordable and First Homes GDV.

    Examples
    --------
    >>> from partnerhomes.appraisal import examples
    >>> inputs = examples.two_schemes()
    >>> float(developer_return(inputs, np.array([[1e6, 0, 0, 0, 0], [0, 0, 0, 0, 0]]))[0])
    175000.0
    """
    affordable = sum_last_axis(gdv_by_tenure, AFFORDABLE_TENURES)
    result: FloatArray = (inputs.market_return_rate * gdv_by_tenure[:, MARKET_SALE]
                          + inputs.affordable_return_rate * affordable
                          + inputs.first_homes_return_rate * gdv_by_tenure[:, FIRST_HOMES])
    return result


def appraise(inputs: SchemeInputs, *, curve: phasing.Curve = phasing.smoothstep,
             min_periods: int = 0, tolerance: float = 1.0, include_cashflow: bool = False,
             parameters_digest: str = "") -> AppraisalResults:
    """Appraise every scheme: GDV, costs, finance, return, residual land value, surplus, IRR.

    Parameters
    ----------
    inputs : resolved schemes (see :mod:`partnerhomes.appraisal.assumptions`)
    curve : cumulative build-spend profile (smoothstep by default)
    min_periods : minimum length of the month axis [months]
    tolerance : residual land value solved to within this [GBP] (an upper bound: Newton's method
        lands on the root to rounding, see :func:`residual.solve_newton`)
    include_cashflow : also return the monthly lines, balance and interest
    parameters_digest : hash of the parameter tree the inputs came from, recorded as given

    Examples
    --------
    >>> from partnerhomes.appraisal import examples
    >>> results = appraise(examples.two_schemes())
    >>> bool(abs(results["surplus_at_residual"]).max() < 1.0)
    True
    """
    errors = validate(inputs)
    valid = valid_positions(inputs, errors)
    work = inputs if valid.size == inputs.n_schemes else inputs.take(valid)
    view = landlord_view.landlord_view(work, revenue.unit_values(work))
    flows = cashflow.cashflow_lines(work, curve, min_periods, view.unit_values)
    n = work.n_schemes
    line_totals = flows.totals()
    development_cost = flows.development_cost(line_totals)
    target = developer_return(work, flows.gdv_by_tenure)
    debit = finance.monthly_rate(work.debit_rate, work.compounding_periods_per_year)
    credit = finance.monthly_rate(work.credit_rate, work.compounding_periods_per_year)
    fee_rates = work.land_agent_fee_rate + work.land_legal_fee_rate
    gdv = sum_last_axis(flows.gdv_by_tenure)
    is_residual_mode = ~np.isfinite(work.land_price)

    # The month loops run over schemes sorted latest exit first (``order``), so month t touches
    # only the prefix still open, on month-major (E + 1, S) flows built in that order (months
    # after the last exit carry nothing). Per-scheme results are scattered back to input order.
    order = finance.latest_exit_first(flows.exit_month)
    static = flows.net_by_month(order)
    exit_month = flows.exit_month[order]
    sorted_by_exit: dict[str, npt.NDArray[Any]] = {name: values[order] for name, values in {
        "debit": debit, "credit": credit, "fee_rate": fee_rates, "cost": development_cost,
        "target": target, "arrangement": work.arrangement_fee_rate, "exit": work.exit_fee_rate,
        "land_month": work.land_payment_month}.items()}
    # SDLT bands band-major (B, S), sorted: one column gather of the transposed (S, B) tables
    sorted_by_exit.update({name: np.take(values.T, order, axis=1) for name, values in (
        ("thresholds", work.sdlt_thresholds), ("rates", work.sdlt_rates))})
    closing = _Closing(static, exit_month, sorted_by_exit)

    def unsorted(values: npt.NDArray[Any]) -> npt.NDArray[Any]:
        result = np.empty_like(values)
        result[order] = values
        return result

    # Newton's method from the static residual (no interest): exact on the piecewise-linear f.
    fee_rate = work.arrangement_fee_rate + work.exit_fee_rate
    start = residual.static_residual(
        (gdv - development_cost - target - fee_rate * development_cost) / (1.0 + fee_rate),
        work.sdlt_thresholds, work.sdlt_rates, fee_rates)
    rlv_sorted, iterations_sorted = residual.solve_newton(closing, start[order], tolerance,
                                                          closing.with_fall)
    rlv, iterations = unsorted(rlv_sorted), unsorted(iterations_sorted)
    land = np.where(is_residual_mode, rlv, work.land_price)
    viability_land = np.where(is_residual_mode, work.benchmark_land_value, work.land_price)
    everyone = np.arange(n, dtype=np.int64)
    # At the appraised land price the surplus is profit − R; the other mode takes one pass,
    # taken now: the static flows are then not needed again and become the unlevered flows.
    other = unsorted(closing(np.where(is_residual_mode, viability_land, rlv)[order], everyone,
                             with_slope=False)[0])
    land_lines = cashflow.land_lines(work, flows, land, development_cost)
    unlevered_t = static  # all flows before finance, land included (sorted), in place
    del closing, static
    land_sorted = land[order]
    unlevered_t[sorted_by_exit["land_month"], everyone] -= land_sorted + (
        land_lines["sdlt"][order] + sorted_by_exit["fee_rate"] * np.maximum(land_sorted, 0.0))
    path = finance.balance_summary(unlevered_t, sorted_by_exit["debit"],
                                   sorted_by_exit["credit"], exit_month,
                                   land_lines["arrangement_fee"][order],
                                   land_lines["exit_fee"][order])
    fees = land_lines["arrangement_fee"] + land_lines["exit_fee"]
    interest_charged = unsorted(path.interest_charged)
    interest_earned = unsorted(path.interest_earned)
    finance_cost = interest_charged - interest_earned + fees
    profit = unsorted(path.closing)
    surplus = np.where(is_residual_mode, other, profit - target)
    surplus_at_residual = np.where(is_residual_mode, profit - target, other)
    acquisition = land_lines["sdlt"] + land_lines["land_agent_fee"] + land_lines["land_legal_fee"]
    total_cost = development_cost + land + acquisition + finance_cost
    peak = np.maximum(-unsorted(path.lowest), 0.0)

    values: dict[str, npt.NDArray[Any]] = {"gdv": gdv}
    for k, tenure in enumerate(TENURES):
        values[f"gdv_{tenure}"] = flows.gdv_by_tenure[:, k]
    values["dwellings"] = sum_last_axis(flows.dwellings_by_tenure)
    for k, tenure in enumerate(TENURES):
        values[f"dwellings_{tenure}"] = flows.dwellings_by_tenure[:, k]
    for name, total in line_totals.items():
        if name not in cashflow.RECEIPT_LINES:
            values[name] = total
    values["development_cost"] = development_cost
    values.update(land_lines)
    values.update({
        "interest_charged": interest_charged,
        "interest_earned": interest_earned,
        "finance_cost": finance_cost,
        "total_cost": total_cost,
        "developer_return": target,
        "profit": profit,
        "profit_on_gdv": np.divide(profit, gdv, out=np.full(n, np.nan), where=gdv != 0),
        "profit_on_cost": np.divide(profit, total_cost, out=np.full(n, np.nan),
                                    where=total_cost != 0),
        "residual_land_value": rlv,
        "residual_iterations": iterations,
        "benchmark_land_value": work.benchmark_land_value,
        "residual_less_benchmark": rlv - work.benchmark_land_value,
        "surplus": surplus,
        "surplus_at_residual": surplus_at_residual,
        "is_residual_mode": is_residual_mode,
        "irr": unsorted(valuation.irr_by_month(unlevered_t, exit_month=exit_month)),
        "npv": unsorted(valuation.npv_by_month(unlevered_t, work.discount_rate[order],
                                               exit_month)),
        "discount_rate": work.discount_rate,
        "peak_debt": peak,
        "peak_debt_month": unsorted(path.lowest_month),
        "break_even_month": unsorted(path.break_even_month),
        "exit_month": flows.exit_month,
    })
    values.update(view.values)
    verdict = np.asarray(VERDICTS, dtype=object)[
        np.where(rlv >= work.benchmark_land_value, 0, np.where(rlv >= 0, 1, 2))]
    matrices: dict[str, FloatArray] | None = None
    if include_cashflow:
        net_t = unlevered_t.copy()
        net_t[0] -= land_lines["arrangement_fee"][order]
        net_t[exit_month, everyone] -= land_lines["exit_fee"][order]
        balance_t, interest_t = finance.running_balance_by_month(
            net_t, sorted_by_exit["debit"], sorted_by_exit["credit"], exit_month)
        back = np.argsort(order, kind="stable")
        balance = np.ascontiguousarray(balance_t.T)[back]
        matrices = cashflow.with_land(work, flows, land)
        padding = flows.n_periods - balance.shape[1]
        matrices.update({
            "net": np.pad(net_t.T[back], ((0, 0), (0, padding))),
            "interest": np.pad(interest_t.T[back], ((0, 0), (0, padding))),
            "balance": np.pad(balance, ((0, 0), (0, padding)), mode="edge"),
        })
    return AppraisalResults(
        scheme_id=work.scheme_id, values=values, verdict=verdict, errors=errors,
        cashflow=matrices, parameters_digest=parameters_digest,
        settings={"curve": getattr(curve, "__name__", str(curve)),
                  "n_periods": flows.n_periods, "tolerance": tolerance})
