"""What each partner, the vehicle and each council get out of a route, from its waterfall flows.

Not represented: partners' own costs of capital beyond the council's PWLB rate, the value to a
landlord of the homes beyond the price it pays (at its hurdle the homes are worth that price),
and accounting treatment (on or off balance sheet). Partner figures are over the partner's flows
in the vehicle (equity, loans and land in kind at its agreed value); its land sale and its
payment as landlord are reported beside them, not inside its IRR.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from partnerhomes.appraisal import valuation
from partnerhomes.vehicles.terms import monthly
from partnerhomes.vehicles.uses import LANDLORD_TENURES, Project, last_month
from partnerhomes.vehicles.waterfall import Flows

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class PartnerMetrics:
    """Per row and member (R, P) [GBP] unless said."""

    capital: FloatArray  # everything put in: land in kind, equity, loans, overrun equity
    distributions: FloatArray
    profit: FloatArray  # distributions − capital
    peak_exposure: FloatArray  # largest cumulative net outlay
    irr: FloatArray  # [/1 per year], NaN where not unique or not defined
    multiple: FloatArray  # distributions ÷ capital [/1]
    profit_share: FloatArray  # share of the profit tier actually paid [/1]
    land_sale: FloatArray  # cash for land sold to the vehicle
    landlord_payment: FloatArray  # paid for the affordable homes as their landlord


@dataclass(frozen=True)
class VehicleMetrics:
    """Per row (R,) [GBP] unless said."""

    peak_debt: FloatArray
    peak_debt_month: IntArray  # [months]
    interest: FloatArray  # rolled-up interest on all debt layers
    fees: FloatArray
    interest_cover: FloatArray  # surplus before finance ÷ (interest + fees) [/1]
    gearing: FloatArray  # peak debt ÷ peak capital employed [/1]
    loan_to_cost: FloatArray  # peak debt ÷ total cost [/1]
    overrun_equity: FloatArray  # deficits no source covered, put in by members
    unrepaid: FloatArray  # debt, loans and equity still owed after the last month
    grant: FloatArray
    total_cost: FloatArray
    surplus_before_finance: FloatArray  # Σ project cashflow + grant


def _cumulative_peak(flows: FloatArray) -> FloatArray:
    """Largest cumulative net outlay along the last axis (≥ 0)."""
    result: FloatArray = np.maximum(-np.cumsum(flows, axis=-1).min(axis=-1), 0.0)
    return result


def annual_irr(flows: FloatArray) -> FloatArray:
    """IRR of monthly flows along the last axis [/1 per year]; NaN where not unique.

    >>> round(float(annual_irr(np.array([[-100.0, 0.0, 0.0, 103.0]]))[0]), 6)
    0.125509
    """
    shape = flows.shape[:-1]
    months = flows.reshape(-1, flows.shape[-1]).T
    result: FloatArray = valuation.irr_by_month(np.ascontiguousarray(months)).reshape(shape)
    return result


def partner_metrics(project: Project, flows: Flows, members: tuple[str, ...], land_owner: str,
                    land_form: str, landlord: str) -> PartnerMetrics:
    """:class:`PartnerMetrics` of every member of a route."""
    net = flows.partner_flows
    capital = sum(flows.contributions.values(), start=np.zeros(())).sum(axis=2)
    received = sum(flows.distributions.values(), start=np.zeros(())).sum(axis=2)
    profit_paid = flows.distributions["profit"].sum(axis=2)
    total_profit = profit_paid.sum(axis=1, keepdims=True)
    rows = project.n_rows
    land_sale = np.zeros((rows, len(members)))
    landlord_payment = np.zeros((rows, len(members)))
    if land_form == "sale" and land_owner in members:
        land_sale[:, members.index(land_owner)] = project.land_value
    if landlord in members:
        landlord_payment[:, members.index(landlord)] = project.handover_price
    return PartnerMetrics(
        capital=capital, distributions=received, profit=received - capital,
        peak_exposure=_cumulative_peak(net), irr=annual_irr(net),
        multiple=np.divide(received, capital, out=np.full_like(capital, np.nan),
                           where=capital > 0),
        profit_share=np.divide(profit_paid, total_profit, out=np.full_like(profit_paid, np.nan),
                               where=total_profit > 0),
        land_sale=land_sale, landlord_payment=landlord_payment)


def vehicle_metrics(project: Project, flows: Flows) -> VehicleMetrics:
    """:class:`VehicleMetrics` of every row."""
    balance = flows.debt["balance"].sum(axis=1)
    peak = balance.max(axis=1, initial=0.0)
    interest = (flows.debt["repaid"].sum(axis=(1, 2)) - flows.debt["drawn"].sum(axis=(1, 2))
                + flows.outstanding["debt"].sum(axis=1))
    fees = flows.debt["fees"].sum(axis=(1, 2))
    equity_in = np.cumsum((flows.contributions["land_in_kind"] + flows.contributions["equity"]
                           + flows.contributions["partner_loans"]
                           + flows.contributions["overrun_equity"]
                           - flows.distributions["equity_returned"]
                           - flows.distributions["loan_repayment"]).sum(axis=1), axis=1)
    employed = (balance + equity_in).max(axis=1, initial=0.0)
    surplus = project.cashflow.sum(axis=1) + project.grant.sum(axis=1)
    finance = interest + fees
    unrepaid = sum((value.sum(axis=1) for value in flows.outstanding.values()),
                   start=np.zeros(project.n_rows))
    return VehicleMetrics(
        peak_debt=peak, peak_debt_month=balance.argmax(axis=1).astype(np.int64),
        interest=interest, fees=fees,
        interest_cover=np.divide(surplus, finance, out=np.full(project.n_rows, np.inf),
                                 where=finance > 0),
        gearing=np.divide(peak, employed, out=np.zeros(project.n_rows), where=employed > 0),
        loan_to_cost=np.divide(peak, project.total_cost, out=np.zeros(project.n_rows),
                               where=project.total_cost > 0),
        overrun_equity=flows.contributions["overrun_equity"].sum(axis=(1, 2)),
        unrepaid=unrepaid, grant=project.grant.sum(axis=1), total_cost=project.total_cost,
        surplus_before_finance=surplus)


@dataclass(frozen=True)
class CouncilMetrics:
    """Per row (R,) for one council partner [GBP]."""

    land_receipt: FloatArray  # cash for land sold
    land_value_retained: FloatArray  # agreed value of land kept or put in in kind
    borrowing_headroom_used: FloatArray  # peak PWLB debt + peak net cash put in
    net_cost: FloatArray  # land given up − PV of cash back + PV of PWLB debt left, PWLB rate


def council_metrics(project: Project, flows: Flows, member: int | None, is_owner: bool,
                    land_form: str, pwlb_layers: list[int], pwlb_rate: FloatArray
                    ) -> CouncilMetrics:
    """:class:`CouncilMetrics` of one council (``member`` its index, None if not a member;
    ``is_owner`` if it owns the land; ``pwlb_layers`` the debt layers it borrows;
    ``pwlb_rate`` its annual discount rate (R,))."""
    rows, months = project.cashflow.shape
    cash = np.zeros((rows, months))
    if member is not None:
        cash = flows.partner_flows[:, member, :] + flows.contributions["land_in_kind"][
            :, member, :]
    land_value = project.land_value if is_owner else np.zeros(rows)
    sold = land_form == "sale" and is_owner
    if sold:
        cash = cash + project.land
    outlay = np.maximum(-np.cumsum(cash - (project.land if sold else 0.0), axis=1), 0.0)
    pwlb = (flows.debt["balance"][:, pwlb_layers, :].sum(axis=1) if pwlb_layers
            else np.zeros((rows, months)))
    factor = (1.0 + monthly(pwlb_rate))[:, None] ** -np.arange(months)[None, :]
    given_up = (factor * project.land).sum(axis=1) if is_owner else np.zeros(rows)
    return CouncilMetrics(
        land_receipt=land_value if sold else np.zeros(rows),
        land_value_retained=np.zeros(rows) if sold else land_value,
        borrowing_headroom_used=(pwlb + outlay).max(axis=1, initial=0.0),
        net_cost=given_up - (cash * factor).sum(axis=1) + (
            flows.outstanding["debt"][:, pwlb_layers].sum(axis=1)
            * factor[np.arange(rows), last_month(project)]))


def homes_by_landlord(project: Project, landlord: str) -> dict[str, dict[str, FloatArray]]:
    """Homes each landlord ends up owning, by tenure (R,) [dwellings]."""
    return {landlord: {tenure: project.homes[tenure] for tenure in LANDLORD_TENURES}}
