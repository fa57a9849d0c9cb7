"""/api/vehicles/compare: the route comparison of /vehicles/ for scripts, with the page's access
rule (anyone who may see the scheme; 404 otherwise) for owner / partner / outsider x viewer /
analyst / admin."""

from __future__ import annotations

import itertools

import pytest
import yaml
from django.test import Client

from partnerhomes.web.assumptions.selectors import base_tree
from partnerhomes.web.schemes import vehicles

from .personas import ORGS, ROLES, VISIBILITIES, Cast, may_see, signed_in
from .schemes_cast import make_schemes

URL = "/api/vehicles/compare"



@pytest.mark.parametrize(("org", "role", "visibility"),
                         list(itertools.product(ORGS, ROLES, VISIBILITIES)))
def test_comparing_needs_to_see_the_scheme(cast: Cast, org: str, role: str,
                                           visibility: str) -> None:
    scheme, _ = make_schemes(cast)[visibility]
    response = signed_in(cast, org, role).post(
        URL, {"scheme_id": scheme.pk, "routes": vehicles.EXAMPLE_ROUTES},
        content_type="application/json")
    assert response.status_code == (200 if may_see(org, visibility) else 404)
    if response.status_code == 404:
        assert scheme.name not in response.content.decode()


def test_the_api_gives_the_figures_the_page_shows(cast: Cast) -> None:
    scheme, _ = make_schemes(cast)["private"]
    client = signed_in(cast, "owner", "viewer")
    found = client.post(URL, {"scheme_id": scheme.pk, "routes": vehicles.EXAMPLE_ROUTES},
                        content_type="application/json").json()
    table, _ = vehicles.compare(scheme.inputs, scheme.name, vehicles.EXAMPLE_ROUTES,
                                base_tree())
    assert found["routes"] == table.routes
    assert found["scheme"] == scheme.name and found["scheme_id"] == scheme.pk
    for label, name in vehicles.SHOWN:
        row = dict(table.rows)[label]
        assert [vehicles.shown(_number(r.get(name)), name) for r in found["records"]] == row, label
    # the same definitions given as a JSON document compare the same
    as_json = client.post(URL, {"scheme_id": scheme.pk,
                                "routes": yaml.safe_load(vehicles.EXAMPLE_ROUTES)},
                          content_type="application/json").json()
    assert as_json["records"] == found["records"]


def _number(value: object) -> object:
    return float(value) if value in ("inf", "-inf") else value


def test_bad_definitions_are_422_with_the_reason(cast: Cast) -> None:
    scheme, _ = make_schemes(cast)["public"]
    client = signed_in(cast, "outsider", "viewer")
    response = client.post(URL, {"scheme_id": scheme.pk, "routes": "routes: [unclosed"},
                           content_type="application/json")
    assert response.status_code == 422 and "not YAML" in response.json()["detail"]
    response = client.post(URL, {"scheme_id": scheme.pk, "routes": {"vehicles": []}},
                           content_type="application/json")
    assert response.status_code == 422 and "partners:" in response.json()["detail"]


def test_anonymous_is_refused(cast: Cast) -> None:
    scheme, _ = make_schemes(cast)["public"]
    response = Client().post(URL, {"scheme_id": scheme.pk, "routes": vehicles.EXAMPLE_ROUTES},
                             content_type="application/json")
    assert response.status_code == 401


def test_plain_makes_figures_json_safe() -> None:
    import numpy as np

    assert vehicles.plain(np.float64("nan")) is None
    assert vehicles.plain(float("inf")) == "inf" and vehicles.plain(-np.inf) == "-inf"
    assert vehicles.plain(np.int64(3)) == 3 and isinstance(vehicles.plain(np.int64(3)), int)
    assert vehicles.plain(np.float64(2.5)) == 2.5
    assert vehicles.plain(True) is True and vehicles.plain("x") == "x"
