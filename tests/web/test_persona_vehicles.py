"""The delivery route comparison for owner / partner / outsider x viewer / analyst / admin:
anyone who may see a scheme may compare its routes (nothing is stored); an invisible scheme is
404 and never offered."""

from __future__ import annotations

import pytest
from django.test import Client

from partnerhomes.web.schemes import vehicles

from .personas import CASES, Cast, may_see
from .schemes_cast import make_schemes


@pytest.mark.parametrize(("org", "role", "visibility"), CASES)
def test_comparing_routes_needs_to_see_the_scheme(cast: Cast, org: str, role: str,
                                                  visibility: str) -> None:
    scheme, _ = make_schemes(cast)[visibility]
    client = Client()
    client.force_login(cast.users[(org, role)])
    page = client.get(f"/vehicles/?scheme={scheme.pk}").content.decode()
    assert (f"{visibility.capitalize()} scheme" in page) == may_see(org, visibility)
    response = client.post("/vehicles/", {"scheme": scheme.pk,
                                          "routes": vehicles.EXAMPLE_ROUTES, "download": "1"})
    if may_see(org, visibility):
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert response.content[:2] == b"PK"
    else:
        assert response.status_code == 404


def test_every_route_side_by_side_and_bad_routes_named(cast: Cast) -> None:
    scheme, _ = make_schemes(cast)["private"]
    client = Client()
    client.force_login(cast.users[("owner", "viewer")])
    response = client.post("/vehicles/", {"scheme": scheme.pk,
                                          "routes": vehicles.EXAMPLE_ROUTES, "compare": "1"})
    table = response.context["table"]
    assert table.routes == ["Council direct (HRA)", "Housing association direct",
                            "Council housing company", "Joint venture 50:50 with a developer"]
    labels = [label for label, _ in table.rows]
    assert {"Social Rent homes", "Council net cost", "Peak debt"} <= set(labels)
    assert [p for p, _ in table.partners][:1] == ["southend"]
    assert any(label == "Build cost" for label, _ in table.risks)
    bad = vehicles.EXAMPLE_ROUTES.replace("{southend: 0.5, estuary_developments: 0.5}",
                                          "{southend: 0.5, estuary_developments: 0.4}")
    response = client.post("/vehicles/", {"scheme": scheme.pk, "routes": bad})
    assert response.context["table"] is None
    assert "profit_split" in response.content.decode()


def test_shown_figures() -> None:
    assert vehicles.shown(-1234.4, "council_net_cost") == "−£1,234"
    assert vehicles.shown(0.0812, "southend.irr") == "8.1%"
    assert vehicles.shown(float("nan"), "peak_debt") == "–"
    assert vehicles.shown(True, "feasible") == "yes"
