"""Laws of the waterfall: money is conserved every month, the order of payment holds, scale."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerhomes.appraisal import appraise
from partnerhomes.parameters import ParameterTree
from partnerhomes.vehicles import files, options, terms, uses, waterfall
from partnerhomes.vehicles.routes import read_partners, read_route

PENNY = 0.005
PARTNERS = read_partners([{"name": "council", "kind": "council"},
                          {"name": "association", "kind": "housing_association"},
                          {"name": "developer", "kind": "developer"}])


def joint_venture(**changes: object) -> dict[str, object]:
    route: dict[str, object] = {
        "name": "JV", "type": "joint_venture", "members": ["council", "developer"],
        "land": {"owner": "council", "form": "loan_note", "coupon_rate": 0.06},
        "equity": [{"partner": "developer", "amount": "land"}],
        "partner_loans": [{"partner": "council", "share_of_cost": 0.1, "rate": 0.07}],
        "senior_debt": {"lender": "bank", "loan_to_cost": 0.5, "rate": 0.08,
                        "arrangement_fee_rate": 0.01},
        "grant": {"none": True}, "preferred_return_rate": 0.1,
        "profit_split": {"council": 0.5, "developer": 0.5},
        "promote": [{"above_irr": 0.15, "split": {"council": 0.3, "developer": 0.7}}],
        "landlord": {"partner": "association"}}
    route.update(changes)
    return route


def run(project: uses.Project, route: dict[str, object], tree: ParameterTree
        ) -> tuple[terms.Terms, waterfall.Flows]:
    resolved = terms.resolve(tree, read_route(route, PARTNERS), project)
    return resolved, waterfall.run(project, resolved)


def scheme_cashflow(example: files.ComparisonFile, result: options.RouteResult
                    ) -> npt.NDArray[np.float64]:
    """The scheme's cashflow rebuilt from the appraisal's lines: receipts less costs (land
    included, the appraisal's finance fees left out), affordable homes at the hand-over price."""
    lines = appraise.appraise(example.inputs, include_cashflow=True).cashflow
    assert lines is not None
    receipts = ("market_sale_receipts", "first_homes_receipts")
    skip = (*receipts, "affordable_receipts", "arrangement_fee", "exit_fee", "net", "interest",
            "balance")
    costs = sum(v for k, v in lines.items() if k not in skip)
    flows: npt.NDArray[np.float64] = (sum(lines[k] for k in receipts) - costs
                                      + result.project.handover)
    return flows


def test_partners_debt_and_grant_add_up_to_the_scheme_cashflow_every_month(
        example: files.ComparisonFile, comparison: options.Comparison) -> None:
    for result in comparison.routes:
        scheme = scheme_cashflow(example, result)
        flows = result.flows
        total = (flows.partner_flows.sum(axis=1) + flows.lender_flows.sum(axis=1)
                 - result.project.grant)
        assert np.abs(total - scheme).max() < PENNY, result.route.name
        handed = result.project.handover.sum()
        assert handed == result.project.handover_price.sum() and handed > 0


def paid_in_order(flows: waterfall.Flows, resolved: terms.Terms) -> None:
    """Wherever profit is paid, no debt is owed and every pound of equity is back."""
    profit = flows.distributions["profit"].sum(axis=1)
    debt = flows.debt["balance"].sum(axis=1)
    equity_form = resolved.land_form == "equity"
    put_in = np.cumsum((flows.contributions["equity"] + flows.contributions["overrun_equity"]
                        + flows.contributions["land_in_kind"] * equity_form).sum(axis=1),
                       axis=1)
    back = np.cumsum(flows.distributions["equity_returned"].sum(axis=1), axis=1)
    paying = profit > 0
    assert np.all(debt[paying] <= 1e-6)
    assert np.all(np.abs(put_in - back)[paying] <= 1e-6 * np.maximum(put_in[paying], 1.0))


def test_no_profit_before_debt_and_equity_are_repaid(comparison: options.Comparison) -> None:
    for result in comparison.routes:
        paid_in_order(result.flows, result.terms)
        assert result.flows.distributions["profit"].sum() > 0, result.route.name


month_flows = st.lists(st.floats(-2e6, 3e6, allow_nan=False), min_size=3, max_size=30)


@settings(max_examples=60, deadline=None)
@given(flows=st.lists(month_flows, min_size=1, max_size=4).map(
    lambda rows: [r + [0.0] * (30 - len(r)) for r in rows]),
       land=st.floats(0, 2e6), ltc=st.floats(0.05, 1.0), scale=st.floats(0.1, 10.0))
def test_laws_hold_for_any_cashflow(tree: ParameterTree, flows: list[list[float]], land: float,
                                    ltc: float, scale: float) -> None:
    cash = np.array(flows)
    cash[:, 0] -= land
    land_line = np.zeros_like(cash)
    land_line[:, 0] = land
    project = uses.given(cash, land=land_line, valuation_date="2026-06-30")
    route = joint_venture(senior_debt={"lender": "bank", "loan_to_cost": ltc, "rate": 0.08,
                                       "arrangement_fee_rate": 0.01})
    resolved, result = run(project, route, tree)
    total = result.partner_flows.sum(axis=1) + result.lender_flows.sum(axis=1)
    assert np.abs(total - cash).max() < 1e-6 * max(1.0, np.abs(cash).max())
    paid_in_order(result, resolved)
    for name, cube in {**result.contributions, **result.distributions}.items():
        assert cube.min() >= -1e-9, name
    drawing = result.debt["drawn"] > 0  # rolled-up interest may pass the cap; draws may not
    cap = np.broadcast_to(resolved.debt_cap[:, :, None], drawing.shape)
    assert np.all(result.debt["balance"][drawing] <= cap[drawing] * (1 + 1e-9) + 1e-6)
    scaled_project = uses.given(cash * scale, land=land_line * scale,
                                valuation_date="2026-06-30")
    _, scaled = run(scaled_project, route, tree)
    np.testing.assert_allclose(scaled.partner_flows, result.partner_flows * scale,
                               atol=1e-6 * scale * max(1.0, np.abs(cash).max()))


def test_overrun_equity_only_when_every_source_is_used(tree: ParameterTree) -> None:
    project = uses.given([[-1_000_000.0, -5_000_000.0, 8_000_000.0]],
                         land=[[1_000_000.0, 0.0, 0.0]], valuation_date="2026-06-30")
    _, result = run(project, joint_venture(), tree)
    assert result.contributions["overrun_equity"].sum() > 0
    assert result.debt["drawn"].sum() == 0.5 * 6_000_000  # the senior facility in full first
    assert result.contributions["partner_loans"].sum() == 0.1 * 6_000_000
