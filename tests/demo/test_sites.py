"""The illustrative demo partnership's sites."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import shapely
from shapely.geometry import shape

from partnerhomes.demo.partnership import HOUSING_ASSOCIATIONS, members
from partnerhomes.demo.sites import demo_sites, write_partner_lists


def test_demo_sites_are_deterministic_for_a_seed() -> None:
    pd.testing.assert_frame_equal(demo_sites(7), demo_sites(7))
    assert not demo_sites(7).equals(demo_sites(8))


def test_demo_has_about_150_sites_in_every_category_and_council() -> None:
    sites = demo_sites()
    assert 140 <= len(sites) <= 160
    assert set(sites["category"]) == {"brownfield_register", "council_land",
                                      "housing_association_land", "new_settlement",
                                      "regeneration_estate"}
    assert sites["gss_code"].nunique() == 6
    assert sites["site_reference"].is_unique


def test_demo_has_three_phased_new_settlements_of_1500_to_4000_homes() -> None:
    settlements = demo_sites().query("category == 'new_settlement'")
    totals = settlements.groupby("settlement")["maximum_net_dwellings"].sum()
    assert len(totals) == 3
    assert totals.between(1_500, 4_000).all()
    assert (settlements.groupby("settlement")["phase"].nunique() >= 3).all()


def test_demo_has_about_twenty_small_sites() -> None:
    small = demo_sites().query("category != 'new_settlement' and maximum_net_dwellings <= 25")
    assert 18 <= len(small) <= 25


def test_invented_organisations_and_sites_are_labelled_illustrative() -> None:
    assert all("(illustrative)" in ha.name for ha in HOUSING_ASSOCIATIONS)
    assert all(member.is_illustrative == ("(illustrative)" in member.name)
               for member in members())
    assert demo_sites()["site_name_address"].str.contains("(illustrative)", regex=False).all()


def test_one_partner_list_per_owner(tmp_path: Path) -> None:
    sites = demo_sites()
    paths = write_partner_lists(sites, tmp_path)
    assert len(paths) == sites["owner_organisation"].nunique()
    assert sum(len(pd.read_csv(path)) for path in paths) == len(sites)


def test_demo_points_lie_inside_their_own_council(shared_data: Path) -> None:
    boundaries = json.loads(
        (shared_data / "boundaries" / "south-essex-lad-boundaries.geojson").read_text())
    polygons = {f["properties"]["lad_code"]: shape(f["geometry"]) for f in boundaries["features"]}
    sites = demo_sites()
    for code, rows in sites.groupby("gss_code"):
        inside = shapely.contains_xy(polygons[str(code)], rows["longitude"], rows["latitude"])
        assert inside.all(), rows.loc[~inside, "site_reference"].tolist()
