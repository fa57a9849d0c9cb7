"""The monthly cashflow of every scheme: each cost and receipt line as a (scheme, month) matrix.

Not represented: deposits, retentions, VAT timing, a deferred land schedule of more than one
payment, and price or cost inflation. Month 0 is the valuation date; a flow in month t is dated t
months after it. The land-dependent lines (land, SDLT and fees on land, finance fees) are added by
:func:`with_land`, because the residual solve varies the land price.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from partnerhomes.appraisal import costs, phasing, revenue
from partnerhomes.appraisal.inputs import (
    AFFORDABLE_TENURES,
    FIRST_HOMES,
    MARKET_SALE,
    SchemeInputs,
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

RECEIPT_LINES: tuple[str, ...] = (
    "market_sale_receipts", "first_homes_receipts", "affordable_receipts",
)
SALES_LINES: tuple[str, ...] = ("sales_marketing", "sales_legal", "affordable_legal")
LAND_LINES: tuple[str, ...] = ("land_price", "sdlt", "land_agent_fee", "land_legal_fee")
FEE_LINES: tuple[str, ...] = ("arrangement_fee", "exit_fee")


@dataclass(frozen=True)
class Cashflow:
    """Land-independent cashflow lines [GBP] of S schemes over T months.

    ``lines`` holds positive amounts, (S, T) each: receipts in :data:`RECEIPT_LINES`, every
    other line a cost. ``exit_month`` is each scheme's last month of activity (exit fee month).
    """

    lines: dict[str, FloatArray]
    exit_month: IntArray
    gdv_by_tenure: FloatArray  # (S, K) [GBP]
    dwellings_by_tenure: FloatArray  # (S, K) [dwellings]

    @property
    def n_periods(self) -> int:
        """Length T of the month axis."""
        return int(self.lines["build_cost"].shape[1])

    def net_without_land(self) -> FloatArray:
        """Receipts − costs per month, before land and finance [GBP], (S, T)."""
        net = np.zeros_like(self.lines["build_cost"])
        for name, value in self.lines.items():
            net += value if name in RECEIPT_LINES else -value
        return net

    def development_cost(self) -> FloatArray:
        """All costs before land and finance [GBP], (S,)."""
        return sum((value.sum(axis=1) for name, value in self.lines.items()
                    if name not in RECEIPT_LINES), start=np.zeros(self.exit_month.shape))


def build_cashflow(inputs: SchemeInputs, curve: phasing.Curve = phasing.smoothstep,
                   min_periods: int = 0) -> Cashflow:
    """Spread every cost and receipt of every scheme over the month grid.

    Build lines follow each phase's S-curve over its build months; obligations fall in its first
    build month; open-market sales (market and First Homes) complete at the phase's sales rate ×
    outlets from its sales start; affordable receipts follow build progress or fall at
    completion; marketing and legal costs follow the receipts they belong to.

    Parameters
    ----------
    inputs : resolved, validated schemes
    curve : cumulative build-spend profile (smoothstep by default)
    min_periods : the month axis is at least this long [months]

    Examples
    --------
    >>> from partnerhomes.appraisal import examples
    >>> flows = build_cashflow(examples.two_schemes(), min_periods=120)
    >>> flows.n_periods, flows.lines["build_cost"].shape[0]
    (120, 2)
    """
    present = inputs.phase_is_present
    per_line_value = revenue.unit_values(inputs) * inputs.line_count
    value = revenue.by_phase_and_tenure(inputs, per_line_value)
    count = revenue.by_phase_and_tenure(inputs, inputs.line_count)
    affordable = list(AFFORDABLE_TENURES)
    sale_count = count[:, :, MARKET_SALE] + count[:, :, FIRST_HOMES]
    rate = inputs.phase_sales_rate_per_outlet * inputs.phase_outlets
    completion = inputs.phase_start_month + inputs.phase_build_months - 1
    sales_end = np.where(sale_count > 0, phasing.sales_end_month(
        inputs.phase_sales_start_month, sale_count, np.where(rate > 0, rate, 1.0)), completion)
    last = np.where(present, np.maximum(completion, sales_end), 0)
    exit_month = np.maximum(last.max(axis=1), inputs.land_payment_month).astype(np.int64)
    n_periods = max(int(exit_month.max(initial=0)) + 1, min_periods)

    build_w = phasing.build_weights(inputs.phase_start_month, inputs.phase_build_months,
                                    n_periods, curve) * present[..., np.newaxis]
    start_w = phasing.month_weights(inputs.phase_start_month, n_periods) * present[..., np.newaxis]
    sale_w = phasing.sales_weights(inputs.phase_sales_start_month, sale_count, rate, n_periods)
    affordable_w = np.where(inputs.is_affordable_paid_on_completion[:, np.newaxis, np.newaxis],
                            phasing.month_weights(completion, n_periods), build_w)

    def spread(amount: FloatArray, weights: FloatArray) -> FloatArray:
        result: FloatArray = np.einsum("sp,spt->st", amount, weights)
        return result

    lines: dict[str, FloatArray] = {}
    by_phase = costs.phase_costs(inputs).lines
    for name in costs.BUILD_LINES:
        lines[name] = spread(by_phase[name], build_w)
    for name in costs.START_LINES:
        lines[name] = spread(by_phase[name], start_w)
    market = spread(value[:, :, MARKET_SALE], sale_w)
    first_homes = spread(value[:, :, FIRST_HOMES], sale_w)
    affordable_receipts = spread(value[:, :, affordable].sum(axis=2), affordable_w)
    sold = spread(sale_count, sale_w)
    affordable_units = spread(count[:, :, affordable].sum(axis=2), affordable_w)
    lines["sales_marketing"] = inputs.sales_marketing_rate[:, np.newaxis] * (market + first_homes)
    lines["sales_legal"] = inputs.sales_legal_per_market_dwelling[:, np.newaxis] * sold
    lines["affordable_legal"] = (inputs.affordable_legal_per_dwelling[:, np.newaxis]
                                 * affordable_units)
    lines["market_sale_receipts"] = market
    lines["first_homes_receipts"] = first_homes
    lines["affordable_receipts"] = affordable_receipts
    return Cashflow(lines=lines, exit_month=exit_month, gdv_by_tenure=value.sum(axis=1),
                    dwellings_by_tenure=count.sum(axis=1))


def land_lines(inputs: SchemeInputs, flows: Cashflow, land_price: FloatArray
               ) -> dict[str, FloatArray]:
    """Land, acquisition costs and finance fees at a given land price [GBP], each (S,).

    Fees are rates of the development cost including land (a negative land price counts as 0)
    and acquisition costs.

    Examples
    --------
    >>> from partnerhomes.appraisal import examples
    >>> inputs = examples.two_schemes()
    >>> lines = land_lines(inputs, build_cashflow(inputs), np.array([1e6, 0.0]))
    >>> float(lines["land_price"][0])
    1000000.0
    """
    lines = {"land_price": np.asarray(land_price, dtype=np.float64)}
    lines.update(costs.acquisition_costs(inputs, land_price))
    total = flows.development_cost() + np.maximum(land_price, 0.0) + lines["sdlt"] + lines[
        "land_agent_fee"] + lines["land_legal_fee"]
    lines["arrangement_fee"], lines["exit_fee"] = (
        inputs.arrangement_fee_rate * total, inputs.exit_fee_rate * total)
    return lines


def with_land(inputs: SchemeInputs, flows: Cashflow, land_price: FloatArray
              ) -> dict[str, FloatArray]:
    """Every line as a (scheme, month) matrix at the given land price [GBP].

    Land and its acquisition costs fall in ``land_payment_month``, the arrangement fee in month
    0 and the exit fee in the scheme's exit month.
    """
    lines = dict(flows.lines)
    amounts = land_lines(inputs, flows, land_price)
    months = {name: inputs.land_payment_month for name in LAND_LINES}
    months["arrangement_fee"] = np.zeros_like(flows.exit_month)
    months["exit_fee"] = flows.exit_month
    for name, amount in amounts.items():
        lines[name] = phasing.month_weights(months[name], flows.n_periods) * amount[:, np.newaxis]
    return lines


def net_flows(lines: dict[str, FloatArray]) -> FloatArray:
    """Receipts − costs per month [GBP], (S, T), from a full set of lines."""
    net = np.zeros_like(lines["build_cost"])
    for name, value in lines.items():
        net += value if name in RECEIPT_LINES else -value
    return net
