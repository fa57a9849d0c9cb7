"""Route definitions: the example file reads; bad input is an error naming the route and field."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from partnerhomes.vehicles.routes import RouteError, read_partners, read_route, read_routes

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture()
def document() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DATA / "routes.yaml").read_text(encoding="utf-8"))
    return loaded


def joint_venture(document: dict[str, Any]) -> dict[str, Any]:
    route: dict[str, Any] = copy.deepcopy(document["routes"][3])
    assert route["type"] == "joint_venture"
    return route


def problems(document: dict[str, Any], route: dict[str, Any]) -> str:
    with pytest.raises(RouteError) as caught:
        read_route(route, read_partners(document["partners"]))
    return str(caught.value)


def test_example_routes_read(document: dict[str, Any]) -> None:
    routes = read_routes(document["routes"], read_partners(document["partners"]))
    assert [r.type for r in routes] == ["council_direct_hra", "housing_association_direct",
                                        "housing_company", "joint_venture"]


def test_profit_shares_not_summing_to_100_percent_name_the_field(
        document: dict[str, Any]) -> None:
    route = joint_venture(document)
    route["profit_split"] = {"southend": 0.5, "estuary_developments": 0.4}
    message = problems(document, route)
    assert "route 'Joint venture 50:50 with a developer', field 'profit_split'" in message
    assert "shares sum to 90%, not 100%" in message


def test_promote_split_is_checked_too(document: dict[str, Any]) -> None:
    route = joint_venture(document)
    route["promote"][0]["split"] = {"southend": 0.7, "estuary_developments": 0.6}
    assert "field 'promote[0].split': shares sum to 130%" in problems(document, route)


def test_loan_to_cost_above_100_percent_is_an_error(document: dict[str, Any]) -> None:
    route = joint_venture(document)
    route["senior_debt"]["loan_to_cost"] = 1.2
    message = problems(document, route)
    assert "field 'senior_debt.loan_to_cost': 1.2 is above 100%" in message


def test_partner_missing_from_the_partnership_is_named(document: dict[str, Any]) -> None:
    route = joint_venture(document)
    route["equity"] = [{"partner": "harbour_homes", "amount": "land"}]
    route["members"] = ["southend", "estuary_developments", "nobody"]
    message = problems(document, route)
    assert "field 'equity[0].partner': partner 'harbour_homes' is not in the partnership" \
        in message
    assert "field 'members[2]': partner 'nobody' is not in the partnership" in message


def test_every_problem_is_reported_at_once(document: dict[str, Any]) -> None:
    route = joint_venture(document)
    route["profit_split"] = {"southend": 0.2, "estuary_developments": 0.2}
    route["senior_debt"]["loan_to_cost"] = 1.5
    route["colour"] = "blue"
    with pytest.raises(RouteError) as caught:
        read_route(route, read_partners(document["partners"]))
    assert len(caught.value.problems) == 3


def test_route_type_fixes_its_members(document: dict[str, Any]) -> None:
    route = copy.deepcopy(document["routes"][0])
    route["members"] = ["harbour_homes"]
    route["profit_split"] = {"harbour_homes": 1.0}
    assert "a council_direct_hra route has one member, a council" in problems(document, route)


def test_only_council_direct_routes_borrow_from_the_pwlb(document: dict[str, Any]) -> None:
    route = joint_venture(document)
    route["council_borrowing"] = {"partner": "southend"}
    assert "field 'council_borrowing': only a council direct route" in problems(document, route)


def test_landlord_is_a_council_or_housing_association(document: dict[str, Any]) -> None:
    route = joint_venture(document)
    route["landlord"] = {"partner": "estuary_developments"}
    assert "a landlord is a council or a housing association" in problems(document, route)


def test_bad_partner_list_names_the_entry() -> None:
    with pytest.raises(RouteError, match=r"partners\[1\], field 'kind': 'bank' is not one of"):
        read_partners([{"name": "a", "kind": "council"}, {"name": "b", "kind": "bank"}])


def test_two_routes_with_one_name_are_an_error(document: dict[str, Any]) -> None:
    with pytest.raises(RouteError, match="given to two routes"):
        read_routes([document["routes"][0], document["routes"][0]],
                     read_partners(document["partners"]))
