"""The monthly funding and distribution waterfall of a vehicle, vectorised over rows.

Each month t (rows are schemes or pools, all at once; the loop is over months and tiers only):

1. balances carried into t grow: debt and partner loans at their rates, the preferred return on
   equity outstanding plus unpaid preferred return, each promote hurdle account at its hurdle;
2. land put in in kind (equity or loan note) pays for the land line of month t;
3. a deficit is funded by partners' equity commitments (pro rata to what each has left), then
   partner loans, then debt layers in order up to their caps (a senior arrangement fee falls due at
   the first draw and is funded with it), then, as *overrun equity*, by the members in their
   profit shares;
4. a surplus pays, in order: debt layers in order; partner loans and the land loan note pro rata
   to balance; preferred return pro rata; return of equity pro rata; profit in the profit split
   until the equity's IRR reaches the first promote hurdle, then in that tier's split, and so on.

A row's balances stop growing after its last month with any flow (:func:`uses.last_month`), so
a row's results do not depend on the length of the month axis it shares with other rows.

Not represented: cash held in the vehicle (every surplus is paid out the month it arises, so a
later deficit is funded afresh), interest paid in cash during the build (all interest rolls up),
debt amortisation schedules, clawback, and default: balances still owed at the end are reported,
not written off. The equity IRR of the promote hurdles is that of all members' equity together.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from partnerhomes.vehicles.terms import Terms
from partnerhomes.vehicles.uses import Project, last_month

FloatArray = npt.NDArray[np.float64]

CONTRIBUTIONS = ("land_in_kind", "equity", "partner_loans", "overrun_equity")
DISTRIBUTIONS = ("loan_repayment", "preferred_return", "equity_returned", "profit")


@dataclass(frozen=True)
class Flows:
    """Every flow of the waterfall [GBP, positive amounts]: partners (R, P, T) and debt
    layers (R, L, T); ``outstanding`` balances left after the last month (R, P) or (R, L)."""

    contributions: dict[str, FloatArray]
    distributions: dict[str, FloatArray]
    debt: dict[str, FloatArray]  # drawn, repaid, fees, balance
    outstanding: dict[str, FloatArray]  # debt, loans (by partner), equity, preferred_return

    @property
    def partner_flows(self) -> FloatArray:
        """What each partner receives less what it puts in, by month (R, P, T) [GBP]."""
        received = sum(self.distributions.values(), start=np.zeros(()))
        paid = sum(self.contributions.values(), start=np.zeros(()))
        result: FloatArray = received - paid
        return result

    @property
    def lender_flows(self) -> FloatArray:
        """What each lender receives less what it lends, by month (R, L, T) [GBP]."""
        result: FloatArray = self.debt["repaid"] + self.debt["fees"] - self.debt["drawn"]
        return result


def _pro_rata(cash: FloatArray, balances: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Pay up to ``cash`` (R,) against ``balances`` (R, N) pro rata; exact zero when paid off.

    Returns (payments (R, N), cash left (R,)).

    >>> pay, left = _pro_rata(np.array([30.0]), np.array([[10.0, 30.0]]))
    >>> pay.tolist(), left.tolist()
    ([[7.5, 22.5]], [0.0])
    """
    total = balances.sum(axis=1)
    paid = np.maximum(np.minimum(cash, total), 0.0)
    share = np.divide(balances, total[:, None], out=np.zeros_like(balances),
                      where=total[:, None] > 0)
    payments = np.where((paid >= total)[:, None], balances, paid[:, None] * share)
    result: tuple[FloatArray, FloatArray] = (payments, cash - paid)
    return result


def run(project: Project, terms: Terms) -> Flows:
    """Fund and distribute every row's project cashflow month by month (module docstring)."""
    rows, months = project.cashflow.shape
    members = len(terms.members)
    n_loans = terms.loan_partner.size
    n_debt = terms.debt_cap.shape[1]
    tiers = terms.hurdle_rate.size
    loan_owner = np.zeros((n_loans, members))
    loan_owner[np.arange(n_loans), terms.loan_partner] = 1.0
    partner_cube = {name: np.zeros((rows, members, months))
                    for name in (*CONTRIBUTIONS, *DISTRIBUTIONS)}
    debt_cube = {name: np.zeros((rows, n_debt, months))
                 for name in ("drawn", "repaid", "fees", "balance")}
    debt = np.zeros((rows, n_debt))
    has_drawn = np.zeros((rows, n_debt), dtype=bool)
    loans = np.zeros((rows, n_loans))
    loans_drawn = np.zeros((rows, n_loans))
    equity = np.zeros((rows, members))
    equity_drawn = np.zeros((rows, members))
    preferred = np.zeros((rows, members))
    hurdle = np.zeros((rows, tiers))
    growth_debt, growth_loans = 1.0 + terms.debt_rate, 1.0 + terms.loan_rate
    growth_hurdle = 1.0 + terms.hurdle_rate
    land_loan = terms.land_form == "loan_note"
    end = last_month(project)
    for t in range(months):
        if t > int(end.min(initial=months)):  # some rows have ended: their balances stay
            live = (t <= end)[:, None]
            debt = np.where(live, debt * growth_debt, debt)
            loans = np.where(live, loans * growth_loans, loans)
            preferred = np.where(live, preferred + (equity + preferred)
                                 * terms.preferred_rate[:, None], preferred)
            hurdle = np.where(live, hurdle * growth_hurdle, hurdle)
        else:
            debt *= growth_debt
            loans *= growth_loans
            preferred += (equity + preferred) * terms.preferred_rate[:, None]
            hurdle *= growth_hurdle
        cash = project.cashflow[:, t] + project.grant[:, t]
        if terms.land_owner >= 0:
            land = np.maximum(project.land[:, t], 0.0)
            cash = cash + land
            partner_cube["land_in_kind"][:, terms.land_owner, t] = land
            if land_loan:
                loans[:, 0] += land
            else:
                equity[:, terms.land_owner] += land
                hurdle += land[:, None]
        need = np.maximum(-cash, 0.0)
        if need.any():
            left = terms.equity_commitment - equity_drawn
            draw, need = _pro_rata(need, left)
            equity_drawn += draw
            equity += draw
            hurdle += draw.sum(axis=1)[:, None]
            partner_cube["equity"][:, :, t] = draw
            left = terms.loan_commitment - loans_drawn
            draw, need = _pro_rata(need, left)
            loans_drawn += draw
            loans += draw
            partner_cube["partner_loans"][:, :, t] = draw @ loan_owner
            for layer in range(n_debt):
                first = (need > 0) & ~has_drawn[:, layer]
                fee = np.where(first, terms.debt_fee[:, layer], 0.0)
                room = np.maximum(terms.debt_cap[:, layer] - debt[:, layer], 0.0)
                taken = np.where(need > 0, np.minimum(need + fee, room), 0.0)
                fee = np.minimum(fee, taken)
                has_drawn[:, layer] |= taken > 0
                debt[:, layer] += taken
                need = np.maximum(need - (taken - fee), 0.0)
                debt_cube["drawn"][:, layer, t] = taken
                debt_cube["fees"][:, layer, t] = fee
            overrun = need[:, None] * terms.splits[0][None, :]
            equity += overrun
            hurdle += need[:, None]
            partner_cube["overrun_equity"][:, :, t] = overrun
        cash = np.maximum(cash, 0.0)
        if cash.any():
            for layer in range(n_debt):
                paid = np.minimum(cash, debt[:, layer])
                debt[:, layer] = np.where(paid >= debt[:, layer], 0.0, debt[:, layer] - paid)
                cash = cash - paid
                debt_cube["repaid"][:, layer, t] = paid
            paid, cash = _pro_rata(cash, loans)
            loans -= paid
            partner_cube["loan_repayment"][:, :, t] = paid @ loan_owner
            paid, cash = _pro_rata(cash, preferred)
            preferred -= paid
            partner_cube["preferred_return"][:, :, t] = paid
            hurdle -= paid.sum(axis=1)[:, None]
            paid, cash = _pro_rata(cash, equity)
            equity -= paid
            partner_cube["equity_returned"][:, :, t] = paid
            hurdle -= paid.sum(axis=1)[:, None]
            for tier in range(tiers + 1):
                cap = np.maximum(hurdle[:, tier], 0.0) if tier < tiers else cash
                paid = np.minimum(cash, cap)
                partner_cube["profit"][:, :, t] += paid[:, None] * terms.splits[tier][None, :]
                hurdle -= paid[:, None]
                cash = cash - paid
        debt_cube["balance"][:, :, t] = debt
    return Flows(
        contributions={name: partner_cube[name] for name in CONTRIBUTIONS},
        distributions={name: partner_cube[name] for name in DISTRIBUTIONS},
        debt=debt_cube,
        outstanding={"debt": debt, "loans": loans @ loan_owner, "equity": equity,
                     "preferred_return": preferred})
