"""A route's numbers for each row: rates, commitments and caps, from the route or parameters/.

Not represented: rates that change over a scheme's life (each rate is the one in force on the
row's valuation date, for the whole life), floating rates and hedging. Annual rates are effective
and become monthly as (1 + r)^(1/12) − 1.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from partnerhomes.parameters import ParameterTree
from partnerhomes.vehicles.routes import Route
from partnerhomes.vehicles.uses import Project

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

GRANT_PER_HOME = "grant.benchmark_per_home_ahp_east_of_england"


def monthly(annual: npt.ArrayLike) -> FloatArray:
    """Monthly rate of an effective annual rate [/1 per month].

    >>> round(float(monthly(0.12682503013196977)), 12)
    0.01
    """
    result: FloatArray = np.power(1.0 + np.asarray(annual, dtype=np.float64), 1.0 / 12.0) - 1.0
    return result


@dataclass(frozen=True)
class Terms:
    """Resolved terms of one route over R rows; P members, I partner loans (the land loan note
    first when there is one), L debt layers, K promote hurdles. Rates monthly [/1]."""

    members: tuple[str, ...]
    land_owner: int  # member index of the land owner, −1 when the land is bought for cash
    land_form: str
    equity_commitment: FloatArray  # (R, P) [GBP]
    loan_partner: IntArray  # (I,) member index
    loan_commitment: FloatArray  # (R, I) [GBP]
    loan_rate: FloatArray  # (R, I)
    debt_names: tuple[str, ...]
    debt_cap: FloatArray  # (R, L) [GBP], inf: uncapped
    debt_rate: FloatArray  # (R, L)
    debt_fee: FloatArray  # (R, L) arrangement fee at first draw [GBP]
    preferred_rate: FloatArray  # (R,)
    hurdle_rate: FloatArray  # (K,)
    splits: FloatArray  # (K + 1, P) profit shares below the first hurdle, then above each


def _by_date(tree: ParameterTree, dates: npt.NDArray[np.object_]
             ) -> Callable[[str], FloatArray]:
    days, inverse = np.unique(dates.astype(str), return_inverse=True)

    def lookup(name: str) -> FloatArray:
        values = np.array([tree.number(name, str(day)) for day in days], dtype=np.float64)
        result: FloatArray = values[inverse]
        return result

    return lookup


def pwlb_rate(tree: ParameterTree, dates: npt.NDArray[np.object_], borrowing: str) -> FloatArray:
    """PWLB rate [/1 per year]: gilts + the HRA margin (``hra``) or the certainty margin."""
    number = _by_date(tree, dates)
    margin = ("landlord.council_hra.pwlb_hra_margin_over_gilts_rate" if borrowing == "hra"
              else "finance.pwlb_certainty_margin_over_gilts_rate")
    result: FloatArray = number("landlord.council_hra.gilt_rate") + number(margin)
    return result


def resolve(tree: ParameterTree, route: Route, project: Project) -> Terms:
    """Every number of ``route`` for each row of ``project``; omitted ones from parameters/."""
    number = _by_date(tree, project.valuation_date)
    rows = project.n_rows
    members = route.members
    index = {name: k for k, name in enumerate(members)}

    def given(value: float | None, name: str) -> FloatArray:
        return np.full(rows, value) if value is not None else number(name)

    def amount(commitment_amount: float | None, matches: bool, share: float | None
               ) -> FloatArray:
        if matches:
            return project.land_value
        if share is not None:
            result: FloatArray = share * project.total_cost
            return result
        return np.full(rows, commitment_amount or 0.0)

    equity = np.zeros((rows, len(members)))
    for item in route.equity:
        equity[:, index[item.partner]] += amount(item.amount, item.matches_land,
                                                 item.share_of_cost)
    loans: list[tuple[int, FloatArray, FloatArray]] = []
    if route.land.form == "loan_note":
        loans.append((index[route.land.owner], np.zeros(rows),
                      given(route.land.coupon_rate, "vehicles.land_loan_note_coupon_rate")))
    for item in route.partner_loans:
        loans.append((index[item.partner], amount(item.amount, item.matches_land,
                                                  item.share_of_cost),
                      given(item.rate, "vehicles.partner_loan_rate")))
    caps, rates, fees = [], [], []
    for layer in route.debt:
        if layer.kind == "senior":
            ltc = given(layer.loan_to_cost, "vehicles.senior_debt_loan_to_cost_rate")
            caps.append(ltc * project.total_cost)
            rates.append(given(layer.rate, "finance.debit_rate"))
            fees.append(given(layer.arrangement_fee_rate, "finance.arrangement_fee_rate")
                        * caps[-1])
        else:
            borrowing = {"council_direct_hra": "hra", "council_direct_general_fund":
                         "general_fund"}.get(route.type, route.partners[layer.borrower or ""]
                                             .borrowing)
            caps.append(np.full(rows, np.inf))
            rates.append(np.full(rows, layer.rate) if layer.rate is not None
                         else pwlb_rate(tree, project.valuation_date, borrowing))
            fees.append(np.zeros(rows))

    def split(shares: dict[str, float]) -> FloatArray:
        return np.array([shares.get(m, 0.0) for m in members])

    def stack(columns: list[FloatArray]) -> FloatArray:
        return np.stack(columns, axis=1) if columns else np.zeros((rows, 0))

    return Terms(
        members=members,
        land_owner=index[route.land.owner] if route.land.form != "sale" else -1,
        land_form=route.land.form, equity_commitment=equity,
        loan_partner=np.array([p for p, _, _ in loans], dtype=np.int64),
        loan_commitment=stack([c for _, c, _ in loans]),
        loan_rate=monthly(stack([r for _, _, r in loans])),
        debt_names=tuple(layer.lender for layer in route.debt),
        debt_cap=stack(caps), debt_rate=monthly(stack(rates)), debt_fee=stack(fees),
        preferred_rate=monthly(given(route.preferred_return_rate,
                                     "vehicles.preferred_return_rate")),
        hurdle_rate=monthly(np.array([tier.above_irr for tier in route.promote])),
        splits=np.stack([split(route.profit_split)]
                        + [split(tier.split) for tier in route.promote]))


def grant_terms(tree: ParameterTree, route: Route, project: Project
                ) -> tuple[FloatArray, float]:
    """Grant per landlord home [GBP/dwelling] of each row and the start-on-site share [/1]."""
    number = _by_date(tree, project.valuation_date)
    if not route.has_grant:
        return np.zeros(project.n_rows), 0.0
    per_home = (np.full(project.n_rows, route.grant_per_affordable_home)
                if route.grant_per_affordable_home is not None else number(GRANT_PER_HOME))
    share = (route.grant_start_on_site_share if route.grant_start_on_site_share is not None
             else float(number("vehicles.grant_start_on_site_share")[0]))
    return per_home, share
