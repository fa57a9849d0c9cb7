"""A row's results do not depend on the rows it is run with: balances left at a row's end stop
growing there, however long the month axis it shares with longer rows."""

from __future__ import annotations

import numpy as np
import pytest

from partnerhomes.parameters import ParameterTree
from partnerhomes.vehicles import options, uses
from partnerhomes.vehicles.routes import read_partners, read_route

PARTNERS = read_partners([{"name": "council", "kind": "council", "borrowing": "hra"},
                          {"name": "association", "kind": "housing_association"}])
ROUTES = [
    {"name": "direct", "type": "council_direct_hra", "members": ["council"],
     "land": {"owner": "council", "form": "equity"}, "council_borrowing": {"partner": "council"},
     "profit_split": {"council": 1.0}, "landlord": {"partner": "council"}},
    {"name": "JV", "type": "joint_venture", "members": ["council", "association"],
     "land": {"owner": "council", "form": "loan_note"},
     "equity": [{"partner": "association", "share_of_cost": 0.1}],
     "senior_debt": {"loan_to_cost": 0.5}, "preferred_return_rate": 0.08,
     "profit_split": {"council": 0.5, "association": 0.5},
     "promote": [{"above_irr": 0.12, "split": {"council": 0.3, "association": 0.7}}],
     "landlord": {"partner": "association"}},
]


@pytest.mark.parametrize("route", ROUTES, ids=[r["name"] for r in ROUTES])
def test_a_loss_making_row_gives_the_same_results_alone_and_beside_a_longer_row(
        tree: ParameterTree, route: dict[str, object]) -> None:
    short = [-500.0, -300.0, 200.0]  # a deficit: debt or equity is left unrepaid at month 2
    long = [-100.0, -50.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0]
    alone = uses.given([short], land=[[500.0, 0.0, 0.0]])
    together = uses.given([[*short, 0.0, 0.0, 0.0, 0.0, 0.0], long],
                          land=[[500.0] + [0.0] * 7, [100.0] + [0.0] * 7])
    vehicle = read_route(route, PARTNERS)
    one = options.run_route(tree, vehicle, alone)
    both = options.run_route(tree, vehicle, together)
    assert one.vehicle.unrepaid[0] > 0  # the law is about balances left at the end
    for name in ("unrepaid", "interest", "peak_debt", "overrun_equity"):
        assert getattr(both.vehicle, name)[0] == pytest.approx(getattr(one.vehicle, name)[0])
    for name in ("capital", "distributions", "profit", "peak_exposure"):
        np.testing.assert_allclose(getattr(both.partners, name)[0],
                                   getattr(one.partners, name)[0], rtol=1e-12, atol=1e-9)
    for name, council in one.councils.items():
        assert both.councils[name].net_cost[0] == pytest.approx(council.net_cost[0])
        assert both.councils[name].borrowing_headroom_used[0] == pytest.approx(
            council.borrowing_headroom_used[0])
