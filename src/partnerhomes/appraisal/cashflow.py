"""The monthly cashflow of every scheme: each cost and receipt line as a (scheme, month) matrix.

Not represented: deposits, retentions, VAT timing, a deferred land schedule of more than one
payment, and price or cost inflation. Month 0 is the valuation date; a flow in month t is dated t
months after it. The land-dependent lines (land, SDLT and fees on land, finance fees) are added by
:func:`with_land`, because the residual solve varies the land price.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from partnerhomes.appraisal import costs, finance, phasing, revenue
from partnerhomes.appraisal.inputs import (
    AFFORDABLE_TENURES,
    FIRST_HOMES,
    MARKET_SALE,
    SchemeInputs,
    sum_last_axis,
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
class Schedule:
    """When each phase spends and receives: the month profile of each timing group.

    Groups: ``build`` (the phase's S-curve), ``start`` (its first build month), ``sales``
    (completions at the sales rate), ``affordable`` (build progress, or the completion month when
    the scheme's affordable homes are paid for on completion). Arrays are (S, P).
    """

    start_month: IntArray
    build_months: IntArray
    sales_start_month: IntArray
    sale_count: FloatArray
    sales_rate: FloatArray
    is_present: npt.NDArray[np.bool_]
    is_paid_on_completion: npt.NDArray[np.bool_]  # (S,)
    curve: phasing.Curve
    n_periods: int

    @property
    def completion_month(self) -> IntArray:
        """Last build month of each phase [months]."""
        result: IntArray = self.start_month + self.build_months - 1
        return result

    def weights(self, group: str) -> FloatArray:
        """Share of a phase amount in each month [/1], (S, P, T)."""
        present = self.is_present[..., np.newaxis]
        if group == "build":
            result: FloatArray = phasing.build_weights(
                self.start_month, self.build_months, self.n_periods, self.curve) * present
        elif group == "start":
            result = phasing.month_weights(self.start_month, self.n_periods) * present
        elif group == "sales":
            result = phasing.sales_weights(self.sales_start_month, self.sale_count,
                                           self.sales_rate, self.n_periods)
        else:
            result = np.where(self.is_paid_on_completion[:, np.newaxis, np.newaxis],
                              phasing.month_weights(self.completion_month, self.n_periods)
                              * present, self.weights("build"))
        return result


@dataclass(frozen=True)
class Cashflow:
    """Land-independent cashflow of S schemes over T months.

    ``amounts`` maps each line to its amount by (scheme, phase) [GBP], positive (receipts in
    :data:`RECEIPT_LINES`, every other line a cost); ``timing`` maps it to its timing group in
    ``schedule``. ``net`` is receipts − costs per month before land and finance, (S, T);
    ``exit_month`` each scheme's last month of activity.
    """

    amounts: dict[str, FloatArray]
    timing: dict[str, str]
    schedule: Schedule
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
        return _totals(self.amounts)

    def development_cost(self) -> FloatArray:
        """All costs before land and finance [GBP], (S,)."""
        return _development_cost(self.amounts, self.exit_month.shape)

    def line_matrices(self) -> dict[str, FloatArray]:
        """Each line as a (scheme, month) matrix [GBP], positive amounts."""
        return _line_matrices(self.amounts, self.timing, self.schedule)


@dataclass(frozen=True)
class CashflowLines:
    """:class:`Cashflow` before its net matrix: the lines by phase, their timing, and the net
    of each timing group by phase (``groups``: build, sales, start, completion [GBP], (S, P)),
    from which :meth:`net_by_month` builds the net flow month-major for any order of schemes.
    """

    amounts: dict[str, FloatArray]
    timing: dict[str, str]
    schedule: Schedule
    exit_month: IntArray
    gdv_by_tenure: FloatArray  # (S, K) [GBP]
    dwellings_by_tenure: FloatArray  # (S, K) [dwellings]
    groups: dict[str, FloatArray]

    @property
    def n_periods(self) -> int:
        """Length T of the month axis."""
        return self.schedule.n_periods

    def totals(self) -> dict[str, FloatArray]:
        """Each line summed over phases and months [GBP], (S,)."""
        return _totals(self.amounts)

    def development_cost(self, totals: dict[str, FloatArray] | None = None) -> FloatArray:
        """All costs before land and finance [GBP], (S,); from :meth:`totals` when given."""
        return _development_cost(self.amounts, self.exit_month.shape, totals)

    def line_matrices(self) -> dict[str, FloatArray]:
        """Each line as a (scheme, month) matrix [GBP], positive amounts."""
        return _line_matrices(self.amounts, self.timing, self.schedule)

    def net_by_month(self, columns: IntArray | None = None) -> FloatArray:
        """Receipts − costs before land and finance, month-major (E + 1, S′) [GBP], for months
        0 … max E of the schemes at positions ``columns`` (all, in order, by default).

        Schemes ordered latest exit first let month t touch only those still open.
        """
        schedule, groups, exit_month = self.schedule, self.groups, self.exit_month
        if columns is not None:
            schedule = dataclasses.replace(schedule, **{
                name: getattr(schedule, name)[columns] for name in (
                    "start_month", "build_months", "sales_start_month", "sale_count",
                    "sales_rate", "is_present", "is_paid_on_completion")})
            groups = {name: amount[columns] for name, amount in groups.items()}
            exit_month = exit_month[columns]
        months = int(exit_month.max(initial=0)) + 1
        by_month = np.zeros((months, exit_month.size))
        _fill_by_month(by_month, schedule, groups, exit_month)
        return by_month


def _totals(amounts: dict[str, FloatArray]) -> dict[str, FloatArray]:
    return {name: sum_last_axis(amount) for name, amount in amounts.items()}


def _development_cost(amounts: dict[str, FloatArray], shape: tuple[int, ...],
                      totals: dict[str, FloatArray] | None = None) -> FloatArray:
    if totals is None:
        totals = _totals(amounts)
    return sum((totals[name] for name in amounts if name not in RECEIPT_LINES),
               start=np.zeros(shape))


def _line_matrices(amounts: dict[str, FloatArray], timing: dict[str, str], schedule: Schedule
                   ) -> dict[str, FloatArray]:
    weights = {group: schedule.weights(group) for group in set(timing.values())}
    return {name: _spread(amount, weights[timing[name]]) for name, amount in amounts.items()}


def _spread(amount: FloatArray, weights: FloatArray) -> FloatArray:
    """Σ_p amount[s, p] × weights[s, p, t]: phase amounts spread over months [GBP], (S, T)."""
    result: FloatArray = np.einsum("sp,spt->st", amount, weights)
    return result


def _small_unique(keys: IntArray) -> tuple[IntArray, IntArray]:
    """``np.unique(keys, return_inverse=True)`` for small non-negative integers, by a table."""
    if keys.size == 0 or int(keys.max()) > 4 * keys.size + 1_000_000:
        found, where = np.unique(keys, return_inverse=True)
        return found, where.reshape(keys.shape)
    table = np.zeros(int(keys.max()) + 1, dtype=bool)
    table[keys] = True
    unique = np.flatnonzero(table)
    inverse: IntArray = (np.cumsum(table) - 1)[keys]
    return unique, inverse


def _build_and_sales_by_month(by_month: FloatArray, build: FloatArray, sales: FloatArray,
                              schedule: Schedule, widths: list[int]) -> None:
    """Write Σ_p build[s, p] × w_p(t) + Σ_p sales[s, p] × v_p(t) into zero ``by_month`` (T′, S).

    w_p is the build S-curve of :func:`phasing.build_weights` (profiled once per distinct
    (start, months) pair, on the first T′ months), v_p the sales weights of
    :func:`phasing.sales_weights`, both computed with the same arithmetic but a month at a
    time, without the (S, P, T) weight tensors. Month t only writes its first ``widths[t]``
    columns: the schemes still open (sorted latest exit first), all others having no build or
    sales left then.
    """
    start = np.asarray(schedule.start_month, dtype=np.int64)
    months_built = np.maximum(np.asarray(schedule.build_months, dtype=np.int64), 1)
    span = int(months_built.max(initial=1)) + 1
    keys, inverse = _small_unique(np.maximum(start, 0) * span + months_built)
    grid = np.arange(by_month.shape[0] + 1, dtype=np.float64)
    elapsed = (grid - (keys // span)[:, np.newaxis]) / (keys % span)[:, np.newaxis]
    profiles = np.ascontiguousarray(np.diff(schedule.curve(elapsed), axis=-1).T)  # (T′, K)
    # sales: cumulative share G(j) = clip((j − start) × rate ÷ units, 0, 1), weight G(t+1) − G(t)
    selling = schedule.sale_count > 0  # phases that sell nothing get weights 0 (0 × … ÷ 1)
    sales_start = schedule.sales_start_month.astype(np.float64)
    rate = np.where(selling, schedule.sales_rate, 0.0)
    units = np.where(selling, schedule.sale_count, 1.0)
    previous = np.clip((0.0 - sales_start) * rate / units, 0.0, 1.0)
    n_phases = build.shape[1]
    # Each phase's column contiguous, and buffers worked in place: the same operations as
    # ``profile[inverse] × build`` and ``clip((t + 1 − start) × rate ÷ units, 0, 1)`` without
    # their temporaries (widths never grow, so a buffer's prefix is all that is read).
    looked_up = [np.ascontiguousarray(inverse[:, p]) for p in range(n_phases)]
    spend = [np.ascontiguousarray(build[:, p]) for p in range(n_phases)]
    part = np.empty(by_month.shape[1])
    sold_buffer, weights_buffer = np.empty_like(previous), np.empty_like(previous)
    for month, k in enumerate(widths):
        row = by_month[month, :k]
        profile = profiles[month]
        # mode="clip" (the indices are in range): "raise" would buffer ``out``
        np.take(profile, looked_up[0][:k], out=row, mode="clip")
        row *= spend[0][:k]
        for p in range(1, n_phases):
            np.take(profile, looked_up[p][:k], out=part[:k], mode="clip")
            part[:k] *= spend[p][:k]
            row += part[:k]
        sold = np.subtract(month + 1.0, sales_start[:k], out=sold_buffer[:k])
        sold *= rate[:k]
        sold /= units[:k]
        np.clip(sold, 0.0, 1.0, out=sold)
        weights = np.subtract(sold, previous[:k], out=weights_buffer[:k])
        weights *= sales[:k]
        if n_phases == 1:
            row += weights[:, 0]
        else:
            row += weights.sum(axis=1)
        previous, sold_buffer = sold_buffer, previous  # this month's shares are next's previous


def _add_in_month_by_month(by_month: FloatArray, amount: FloatArray, month: IntArray) -> None:
    """:func:`_add_in_month` on month-major ``by_month`` (T′, S): phase by phase, so no
    scheme appears twice in one fancy-indexed addition."""
    rows = np.arange(by_month.shape[1])
    months = np.clip(month, 0, by_month.shape[0] - 1)
    for p in range(amount.shape[1]):
        by_month[months[:, p], rows] += amount[:, p]


def build_cashflow(inputs: SchemeInputs, curve: phasing.Curve = phasing.smoothstep,
                   min_periods: int = 0, unit_values: FloatArray | None = None) -> Cashflow:
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
    unit_values : value per dwelling of each line [GBP/dwelling] (default
        :func:`revenue.unit_values`, affordable homes by capitalisation)

    Examples
    --------
    >>> from partnerhomes.appraisal import examples
    >>> flows = build_cashflow(examples.two_schemes(), min_periods=120)
    >>> flows.n_periods, flows.net.shape[0]
    (120, 2)
    """
    lines = cashflow_lines(inputs, curve, min_periods, unit_values)
    by_month = np.zeros((lines.n_periods, inputs.n_schemes))
    months = int(lines.exit_month.max(initial=0)) + 1
    _fill_by_month(by_month[:months], lines.schedule, lines.groups, lines.exit_month)
    return Cashflow(amounts=lines.amounts, timing=lines.timing, schedule=lines.schedule,
                    net=by_month.T, exit_month=lines.exit_month,
                    gdv_by_tenure=lines.gdv_by_tenure,
                    dwellings_by_tenure=lines.dwellings_by_tenure)


def cashflow_lines(inputs: SchemeInputs, curve: phasing.Curve = phasing.smoothstep,
                   min_periods: int = 0, unit_values: FloatArray | None = None
                   ) -> CashflowLines:
    """:func:`build_cashflow` without the net matrix (see :class:`CashflowLines`).

    Examples
    --------
    >>> from partnerhomes.appraisal import examples
    >>> lines = cashflow_lines(examples.two_schemes(), min_periods=120)
    >>> lines.n_periods, lines.net_by_month().shape
    (120, (29, 2))
    """
    present = inputs.phase_is_present
    if unit_values is None:
        unit_values = revenue.unit_values(inputs)
    per_line_value = unit_values * inputs.line_count
    cells = revenue.tenure_cells(inputs)
    value = revenue.by_phase_and_tenure(inputs, per_line_value, cells)
    count = revenue.by_phase_and_tenure(inputs, inputs.line_count, cells)
    affordable = list(AFFORDABLE_TENURES)
    sale_count = count[:, :, MARKET_SALE] + count[:, :, FIRST_HOMES]
    exit_month = exit_months(inputs, sale_count)
    schedule = Schedule(
        start_month=inputs.phase_start_month, build_months=inputs.phase_build_months,
        sales_start_month=inputs.phase_sales_start_month, sale_count=sale_count,
        sales_rate=inputs.phase_sales_rate_per_outlet * inputs.phase_outlets,
        is_present=present, is_paid_on_completion=inputs.is_affordable_paid_on_completion,
        curve=curve, n_periods=max(int(exit_month.max(initial=0)) + 1, min_periods))
    amounts: dict[str, FloatArray] = dict(costs.phase_costs(inputs).lines)
    timing = {name: "build" for name in costs.BUILD_LINES}
    timing.update({name: "start" for name in costs.START_LINES})
    market, first_homes = value[:, :, MARKET_SALE], value[:, :, FIRST_HOMES]

    def per_scheme(rate: FloatArray) -> FloatArray:
        return rate[:, np.newaxis]

    amounts["sales_marketing"] = per_scheme(inputs.sales_marketing_rate) * (market + first_homes)
    amounts["sales_legal"] = per_scheme(inputs.sales_legal_per_market_dwelling) * sale_count
    amounts["affordable_legal"] = (per_scheme(inputs.affordable_legal_per_dwelling)
                                   * sum_last_axis(count, affordable))
    amounts["market_sale_receipts"] = market
    amounts["first_homes_receipts"] = first_homes
    amounts["affordable_receipts"] = sum_last_axis(value, affordable)
    timing.update({"sales_marketing": "sales", "sales_legal": "sales",
                   "affordable_legal": "affordable", "market_sale_receipts": "sales",
                   "first_homes_receipts": "sales", "affordable_receipts": "affordable"})

    def group_net(group: str) -> FloatArray:
        total: FloatArray = sum((amount if name in RECEIPT_LINES else -amount
                                 for name, amount in amounts.items() if timing[name] == group),
                                start=np.zeros(present.shape))
        return total * present

    # Affordable receipts follow the build, or fall in the completion month.
    affordable_net = group_net("affordable")
    on_completion = inputs.is_affordable_paid_on_completion[:, np.newaxis]
    groups = {"build": group_net("build") + np.where(on_completion, 0.0, affordable_net),
              "sales": group_net("sales"), "start": group_net("start"),
              "completion": np.where(on_completion, affordable_net, 0.0)}
    return CashflowLines(amounts=amounts, timing=timing, schedule=schedule,
                         exit_month=exit_month, gdv_by_tenure=value.sum(axis=1),
                         dwellings_by_tenure=count.sum(axis=1), groups=groups)


def _fill_by_month(by_month: FloatArray, schedule: Schedule, groups: dict[str, FloatArray],
                   exit_month: IntArray) -> None:
    """Write the net flow of months 0 … max E into zero month-major ``by_month`` (E + 1, S).

    Build and sales month by month (only the schemes still open when sorted latest exit
    first), then the single-month groups added in place.
    """
    months = by_month.shape[0]
    widths = (finance.open_counts(exit_month, months).tolist()
              if not np.any(np.diff(exit_month) > 0) else [exit_month.size] * months)
    _build_and_sales_by_month(by_month, groups["build"], groups["sales"], schedule, widths)
    _add_in_month_by_month(by_month, groups["start"], schedule.start_month)
    _add_in_month_by_month(by_month, groups["completion"], schedule.completion_month)


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


def land_lines(inputs: SchemeInputs, flows: Cashflow | CashflowLines, land_price: FloatArray,
               development_cost: FloatArray | None = None) -> dict[str, FloatArray]:
    """Land, acquisition costs and finance fees at a given land price [GBP], each (S,).

    Fees are rates of the development cost including land (a negative land price counts as 0)
    and acquisition costs; ``development_cost`` (:meth:`CashflowLines.development_cost`) when
    the caller has it.

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
    if development_cost is None:
        development_cost = flows.development_cost()
    total = development_cost + np.maximum(land_price, 0.0) + lines["sdlt"] + lines[
        "land_agent_fee"] + lines["land_legal_fee"]
    lines["arrangement_fee"], lines["exit_fee"] = (
        inputs.arrangement_fee_rate * total, inputs.exit_fee_rate * total)
    return lines


def with_land(inputs: SchemeInputs, flows: Cashflow | CashflowLines, land_price: FloatArray
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
