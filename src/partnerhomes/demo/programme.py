"""The demo partnership's programme file: illustrative resources of a plausible size.

Every amount here is invented for the demo and labelled illustrative. Sizes are set so that the
resources bind (the planner has choices to make): grant of about £40m a year (roughly 300 homes a
year at the SAHP's implied £130,000 a home, domain reference §7.2), council borrowing of
£8–20m a year, housing-association equity and debt of a size a mid-sized association might
commit to one sub-region. Land becomes available by pipeline stage: sites with permission now,
earlier stages one to three years later, new-settlement phases two years apart.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from partnerhomes.demo.partnership import COUNCILS, HOUSING_ASSOCIATIONS

FIRST_YEAR, LAST_YEAR = 2026, 2035
STAGE_DELAY = {"start_on_site": 0, "permission_granted": 0, "planning_submitted": 1,
               "land_secured": 1, "approved": 1, "appraised": 2, "identified": 3}
# (borrowing headroom GBP/year, council-direct starts/year, lead associations)
COUNCIL_RESOURCES: dict[str, tuple[float, float, tuple[int, ...]]] = {
    "E07000066": (20e6, 120, (0, 1)), "E07000068": (8e6, 40, (1,)),
    "E07000069": (8e6, 40, (2,)), "E07000075": (10e6, 50, (1, 3)),
    "E06000033": (15e6, 80, (3, 2)), "E06000034": (18e6, 100, (0, 2)),
}
# (equity GBP/year, debt capacity GBP/year, starts/year)
ASSOCIATION_RESOURCES = ((6e6, 30e6, 250), (4e6, 20e6, 180), (5e6, 25e6, 200),
                         (3e6, 15e6, 150))


def demo_programme(sites: pd.DataFrame, sites_file: str) -> dict[str, Any]:
    """The demo programme document (see ``docs/methodology/programme.md`` §2 for the format).

    Examples
    --------
    >>> from partnerhomes.demo.sites import demo_sites
    >>> document = demo_programme(demo_sites(), "sites.csv")
    >>> document["is_illustrative"], len(document["councils"])
    (True, 6)
    """
    stage = sites.get("pipeline_stage", pd.Series("identified", sites.index)).astype(str)
    delay = stage.map(STAGE_DELAY).fillna(3).astype(int)
    phase = pd.to_numeric(sites.get("phase", pd.Series(float("nan"), sites.index)),
                          errors="coerce")
    settlement = sites.get("category", pd.Series("", sites.index)).astype(str) == "new_settlement"
    year = FIRST_YEAR + delay.where(~settlement, 1 + 2 * (phase.fillna(1).astype(int) - 1))
    available = {str(ref): int(y) for ref, y in zip(sites["site_reference"], year, strict=True)
                 if int(y) > FIRST_YEAR}
    councils = []
    for council in COUNCILS:
        headroom, starts, leads = COUNCIL_RESOURCES[council.code]
        councils.append({
            "gss_code": council.code, "name": council.name, "borrowing_headroom": headroom,
            "starts_capacity": starts, "minimum_affordable_share": 0.3,
            "housing_associations": [HOUSING_ASSOCIATIONS[i].name for i in leads]})
    associations = [{"name": h.name, "equity": e, "debt_capacity": d, "starts_capacity": s}
                    for h, (e, d, s) in zip(HOUSING_ASSOCIATIONS, ASSOCIATION_RESOURCES,
                                            strict=True)]
    return {
        "name": "South Essex partnership programme 2026–2036 (illustrative)",
        "description": ("Illustrative resources for the PartnerHomes demo partnership: every "
                        "amount is invented and describes no real organisation's finances."),
        "is_illustrative": True,
        "sites": sites_file,
        "valuation_date": "2026-06-30",
        "years": {"first": FIRST_YEAR, "last": LAST_YEAR},
        "grant": {y: (30e6 if y == FIRST_YEAR else 40e6) for y in range(FIRST_YEAR,
                                                                      LAST_YEAR + 1)},
        "councils": councils,
        "housing_associations": associations,
        "sme_frameworks": [{"name": "South Essex SME framework (illustrative)",
                            "councils": [c.code for c in COUNCILS], "starts_capacity": 120,
                            "max_site_dwellings": 25}],
        "land_available_from": available,
        "options": {"routes": ["council_direct", "housing_association", "joint_venture"],
                    "start_year_offsets": [0, 2]},
        # uplift 120 s (24 s a scenario, default 60 s): better plans found for three of the five
        # scenarios for about a minute more; no scenario but the pooled one is proven even at
        # 180 s (methodology §7), so the summary shows their bounds as ranges either way
        "objective": {"kind": "weighted_affordable_homes", "time_limit_seconds": 30,
                      "uplift_time_limit_seconds": 120, "gap": 0.005},
    }


def write_demo_programme(folder: Path, sites_path: Path) -> Path:
    """Write ``programme.yaml`` for the demo sites table at ``sites_path``; return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    sites = pd.read_csv(sites_path, low_memory=False)
    try:
        relative = str(sites_path.resolve().relative_to(folder.resolve()))
    except ValueError:
        relative = str(sites_path.resolve())
    document = demo_programme(sites, relative)
    path = folder / "programme.yaml"
    header = ("# PartnerHomes demo programme (ILLUSTRATIVE): invented resources for the demo\n"
              "# partnership. Format: docs/methodology/programme.md §2.\n")
    path.write_text(header + yaml.safe_dump(document, sort_keys=False, allow_unicode=True),
                    encoding="utf-8")
    return path
