"""Worked examples in ``tests/cases/vehicles_*.yaml``, one test item each.

``kind: waterfall`` runs a route over a project cashflow written in the case (months 0, 1, …)
and compares each partner's and lender's totals, and named monthly lines, with the hand figures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from partnerhomes.parameters import load_tree
from partnerhomes.vehicles import terms, uses, waterfall
from partnerhomes.vehicles.routes import read_partners, read_route

CASES = sorted((Path(__file__).resolve().parents[1] / "cases").glob("vehicles_*.yaml"))


def run_case(case: dict[str, Any]) -> tuple[dict[str, dict[str, float]], dict[str, Any]]:
    """Totals per partner and lender line, and every monthly line, of a waterfall case."""
    given = case["project"]
    project = uses.given([given["cashflow"]], land=[given.get("land", [0] * len(
        given["cashflow"]))], grant=[given["grant"]] if "grant" in given else None,
        total_cost=given.get("total_cost"), valuation_date=str(case["valuation_date"]))
    route = read_route(case["route"], read_partners(case["partners"]))
    resolved = terms.resolve(load_tree(), route, project)
    flows = waterfall.run(project, resolved)
    totals: dict[str, dict[str, float]] = {}
    months: dict[str, Any] = {}
    for k, member in enumerate(resolved.members):
        lines = {**{n: v[0, k] for n, v in flows.contributions.items()},
                 **{n: v[0, k] for n, v in flows.distributions.items()},
                 "net": flows.partner_flows[0, k]}
        totals[member] = {n: float(v.sum()) for n, v in lines.items()}
        months.update({f"{member}.{n}": v for n, v in lines.items()})
    for k, lender in enumerate(resolved.debt_names):
        lines = {n: v[0, k] for n, v in flows.debt.items()}
        totals[lender] = {n: float(v.sum()) for n, v in lines.items() if n != "balance"}
        months.update({f"{lender}.{n}": v for n, v in lines.items()})
    return totals, months


@pytest.mark.parametrize("path", CASES, ids=[path.stem for path in CASES])
def test_worked_example(path: Path) -> None:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert case["source"]["title"] and case["source"]["note"], "say how it was checked"
    totals, months = run_case(case)
    atol = float(case["tolerance"]["absolute"])
    expected = case["expected"]
    for group in ("partners", "lenders"):
        for name, lines in expected.get(group, {}).items():
            for line, value in lines.items():
                assert totals[name][line] == pytest.approx(value, abs=atol), f"{name}.{line}"
    for line, values in expected.get("by_month", {}).items():
        np.testing.assert_allclose(months[line], values, atol=atol, rtol=0, err_msg=line)


def test_there_is_a_joint_venture_case() -> None:
    assert any("joint_venture" in path.stem for path in CASES)
