"""The programme file: clear errors naming the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerhomes.programme.file import ProgrammeFileError, parse_programme

BASE = {"name": "t", "sites": "s.csv", "years": {"first": 2026, "last": 2028},
        "councils": [{"gss_code": "E07000066", "name": "Basildon",
                      "housing_associations": ["HA"]}],
        "housing_associations": [{"name": "HA"}]}


def test_a_valid_file_resolves_the_sites_path_beside_it() -> None:
    programme = parse_programme(BASE, Path("/data/programmes"))
    assert programme.sites == Path("/data/programmes/s.csv")


@pytest.mark.parametrize(("change", "message"), [
    ({"grant": -1}, "grant"),
    ({"grant": {2040: 1.0}}, "years \\[2040\\] lie outside 2026–2028"),
    ({"years": {"first": 2030, "last": 2026}}, "before first year"),
    ({"councils": [{"gss_code": "E07000066", "name": "B", "housing_associations": ["Nope"]}]},
     "'Nope' is not listed"),
    ({"unknown_field": 1}, "unknown_field"),
    ({"objective": {"kind": "least_grant"}}, "needs target_homes"),
    ({"options": {"mixes": [{"name": "m", "social_rent": 0.5}]}}, "sum to 0.9"),
    ({"objective": {"uplift_time_limit_seconds": 0}}, "objective.uplift_time_limit_seconds"),
    ({"vehicle_terms": {"housing_association_equity_share": 2}},
     "vehicle_terms.housing_association_equity_share"),
])
def test_bad_files_name_the_field_and_the_problem(change: dict[str, object],
                                                  message: str) -> None:
    with pytest.raises(ProgrammeFileError, match=message):
        parse_programme({**BASE, **change}, Path("."))


def test_the_uplift_shares_twice_the_plans_time_unless_the_file_says() -> None:
    default = parse_programme({**BASE, "objective": {"time_limit_seconds": 25}}, Path("."))
    assert default.objective.uplift_seconds() == 50
    given = parse_programme({**BASE, "objective": {"time_limit_seconds": 25,
                                                   "uplift_time_limit_seconds": 90}}, Path("."))
    assert given.objective.uplift_seconds() == 90
