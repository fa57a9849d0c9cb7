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
    """Land-independent cashflow of S schemes over T months.

    ``amounts`` maps each line to its amount by (scheme, phase) [GBP], positive (receipts in
    :data:`RECEIPT_LINES`, every other line a cost); ``timing`` maps it to its timing group and
    ``weights`` each group to its (S, P, T) month profile. ``net`` is receipts − costs per
    month before land and finance, (S, T); ``exit_month`` each scheme's last month of activity.
    """

    amounts: dict[str, FloatArray]
    timing: dict[str, str]
    weights: dict[str, FloatArray]
    net: FloatArray
    exit_month: IntArray
    gdv_by_tenure: FloatArray  # (S, K) [GBP]
    dwellings_by_tenure: FloatArray  # (S, K) [dwellings]

    @property
    def n_periods(self) -> int:
        """Length T of the month axis."""
        return int(self.net.shape[1])

    def totals(self) -> dict[str, FloatArray]:
        """Each line summed over phases and months [GBP], (S,)."""
        return {name: amount.sum(axis=1) for name, amount in self.amounts.items()}

    def development_cost(self) -> FloatArray:
        """All costs before land and finance [GBP], (S,)."""
        return sum((amount.sum(axis=1) for name, amount in self.amounts.items()
                    if name not in RECEIPT_LINES), start=np.zeros(self.exit_month.shape))

    def line_matrices(self) -> dict[str, FloatArray]:
        """Each line as a (scheme, month) matrix [GBP], positive amounts."""
        return {name: _spread(amount, self.weights[self.timing[name]])
                for name, amount in self.amounts.items()}


def _spread(amount: FloatArray, weights: FloatArray) -> FloatArray:
    """Σ_p amount[s, p] × weights[s, p, t]: phase amounts spread over months [GBP], (S, T)."""
    result: FloatArray = np.einsum("sp,spt->st", amount, weights)
    return result


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
    >>> flows.n_periods, flows.net.shape[0]
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
    exit_month = exit_months(inputs, sale_count)
    n_periods = max(int(exit_month.max(initial=0)) + 1, min_periods)

    build_w = phasing.build_weights(inputs.phase_start_month, inputs.phase_build_months,
                                    n_periods, curve) * present[..., np.newaxis]
    weights = {
        "build": build_w,
        "start": phasing.month_weights(inputs.phase_start_month, n_periods)
        * present[..., np.newaxis],
        "sales": phasing.sales_weights(inputs.phase_sales_start_month, sale_count, rate,
                                       n_periods),
        "affordable": np.where(
            inputs.is_affordable_paid_on_completion[:, np.newaxis, np.newaxis],
            phasing.month_weights(completion, n_periods), build_w),
    }
    amounts: dict[str, FloatArray] = dict(costs.phase_costs(inputs).lines)
    timing = {name: "build" for name in costs.BUILD_LINES}
    timing.update({name: "start" for name in costs.START_LINES})
    market, first_homes = value[:, :, MARKET_SALE], value[:, :, FIRST_HOMES]

    def per_scheme(rate: FloatArray) -> FloatArray:
        return rate[:, np.newaxis]

    amounts["sales_marketing"] = per_scheme(inputs.sales_marketing_rate) * (market + first_homes)
    amounts["sales_legal"] = per_scheme(inputs.sales_legal_per_market_dwelling) * sale_count
    amounts["affordable_legal"] = (per_scheme(inputs.affordable_legal_per_dwelling)
                                   * count[:, :, affordable].sum(axis=2))
    amounts["market_sale_receipts"] = market
    amounts["first_homes_receipts"] = first_homes
    amounts["affordable_receipts"] = value[:, :, affordable].sum(axis=2)
    timing.update({"sales_marketing": "sales", "sales_legal": "sales",
                   "affordable_legal": "affordable", "market_sale_receipts": "sales",
                   "first_homes_receipts": "sales", "affordable_receipts": "affordable"})
    net = np.zeros((inputs.n_schemes, n_periods))
    for group, profile in weights.items():
        group_net = sum((amount if name in RECEIPT_LINES else -amount
                         for name, amount in amounts.items() if timing[name] == group),
                        start=np.zeros(present.shape))
        net += _spread(group_net, profile)
    return Cashflow(amounts=amounts, timing=timing, weights=weights, net=net,
                    exit_month=exit_month, gdv_by_tenure=value.sum(axis=1),
                    dwellings_by_tenure=count.sum(axis=1))


def exit_months(inputs: SchemeInputs, sale_count: FloatArray | None = None) -> IntArray:
    """Each scheme's exit month E [months]: its last completion, last sale or land payment.

    Examples
    --------
    >>> from partnerhomes.appraisal import examples
    >>> exit_months(examples.two_schemes()).tolist()
    [15, 28]
    """
    if sale_count is None:
        count = revenue.by_phase_and_tenure(inputs, inputs.line_count)
        sale_count = count[:, :, MARKET_SALE] + count[:, :, FIRST_HOMES]
    rate = inputs.phase_sales_rate_per_outlet * inputs.phase_outlets
    completion = inputs.phase_start_month + inputs.phase_build_months - 1
    sales_end = np.where(sale_count > 0, phasing.sales_end_month(
        inputs.phase_sales_start_month, sale_count, np.where(rate > 0, rate, 1.0)), completion)
    last = np.where(inputs.phase_is_present, np.maximum(completion, sales_end), 0)
    result: IntArray = np.maximum(last.max(axis=1), inputs.land_payment_month).astype(np.int64)
    return result


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

    Examples
    --------
    >>> from partnerhomes.appraisal import examples
    >>> inputs = examples.two_schemes()
    >>> lines = with_land(inputs, build_cashflow(inputs), np.array([1e6, 0.0]))
    >>> float(lines["land_price"][0, 0]), lines["build_cost"].shape
    (1000000.0, (2, 29))
    """
    lines = flows.line_matrices()
    amounts = land_lines(inputs, flows, land_price)
    months = {name: inputs.land_payment_month for name in LAND_LINES}
    months["arrangement_fee"] = np.zeros_like(flows.exit_month)
    months["exit_fee"] = flows.exit_month
    for name, amount in amounts.items():
        lines[name] = phasing.month_weights(months[name], flows.n_periods) * amount[:, np.newaxis]
    return lines
