"""Illustrative sites of the demo partnership, written as partners' site lists.

About 150 invented sites across the six councils and every category: three new settlements of
1,500–4,000 homes in phases, regeneration estates, council and housing-association land, sites
from the brownfield registers, and about twenty small sites of 25 homes or fewer. Deterministic
for a given seed. Not represented: real sites, real owners' intentions, or site constraints; the
points are placed near real towns but the sites do not exist.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from partnerhomes.demo.partnership import COUNCILS, HOMES_ENGLAND, HOUSING_ASSOCIATIONS

DEFAULT_SEED = 2021
"""The year the partnership's phase one began; any seed gives a valid demo."""

# (lon, lat) of towns in each council, chosen so that small offsets stay inside the council.
TOWNS: dict[str, tuple[tuple[str, float, float], ...]] = {
    "E07000066": (("Basildon", 0.4617, 51.5761), ("Wickford", 0.5227, 51.6114),
                  ("Billericay", 0.4193, 51.6280), ("Laindon", 0.4236, 51.5740),
                  ("Pitsea", 0.4980, 51.5700)),
    "E07000068": (("Brentwood", 0.3054, 51.6210), ("Shenfield", 0.3292, 51.6305),
                  ("Ingatestone", 0.3840, 51.6700), ("Pilgrims Hatch", 0.2850, 51.6250)),
    "E07000069": (("Canvey Island", 0.5800, 51.5200), ("South Benfleet", 0.5650, 51.5520),
                  ("Hadleigh", 0.6080, 51.5530), ("Thundersley", 0.5900, 51.5600)),
    "E07000075": (("Rayleigh", 0.6050, 51.5860), ("Rochford", 0.7070, 51.5820),
                  ("Hockley", 0.6540, 51.6010), ("Great Wakering", 0.8050, 51.5520)),
    "E06000033": (("Southend", 0.7150, 51.5450), ("Leigh-on-Sea", 0.6600, 51.5520),
                  ("Shoeburyness", 0.7750, 51.5450), ("Eastwood", 0.6700, 51.5600)),
    "E06000034": (("Grays", 0.3300, 51.4850), ("Tilbury", 0.3650, 51.4700),
                  ("Purfleet", 0.2600, 51.4900), ("Stanford-le-Hope", 0.4330, 51.5150),
                  ("South Ockendon", 0.2840, 51.5210)),
}
OFFSET_LON, OFFSET_LAT = 0.010, 0.006  # at most ~700 m from the town point

STAGES = ("identified", "appraised", "approved", "land_secured", "planning_submitted",
          "permission_granted", "start_on_site")
STAGE_WEIGHTS = (0.36, 0.22, 0.12, 0.10, 0.08, 0.08, 0.04)


@dataclass(frozen=True)
class NewSettlement:
    """An illustrative new settlement, built in equal phases."""

    name: str
    gss_code: str
    town: str
    dwellings: int
    phases: int
    owner: str


NEW_SETTLEMENTS = (
    NewSettlement("Laindon Meadows new settlement (illustrative)", "E07000066", "Laindon",
                  3_600, 6, COUNCILS[0].name),
    NewSettlement("Rayleigh Vale garden community (illustrative)", "E07000075", "Rayleigh",
                  2_400, 4, HOMES_ENGLAND.name),
    NewSettlement("Orsett Heath new settlement (illustrative)", "E06000034", "Stanford-le-Hope",
                  1_800, 3, COUNCILS[5].name),
)

N_REGENERATION_ESTATES = 8
N_COUNCIL_SITES = 57
N_HOUSING_ASSOCIATION_SITES = 30
N_REGISTER_SITES = 42
N_SMALL_SITES = 22
SMALL_SITE_MAX_DWELLINGS = 25


def demo_sites(seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """All demo sites as one table in the partner site-list columns.

    Examples
    --------
    >>> sites = demo_sites()
    >>> len(sites), sites["site_reference"].is_unique
    (150, True)
    """
    rng = np.random.default_rng(seed)
    rows = [*_new_settlement_rows(rng), *_other_rows(rng)]
    table = pd.DataFrame(rows)
    table["notes"] = "Illustrative site invented for the PartnerHomes demo; not a real site."
    return table


def write_partner_lists(sites: pd.DataFrame, folder: Path) -> list[Path]:
    """Write one partner site-list CSV per owner organisation; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for owner, rows in sites.groupby("owner_organisation", sort=True):
        slug = "".join(c if c.isalnum() else "-" for c in str(owner).lower()).strip("-")
        path = folder / f"sites-{'-'.join(filter(None, slug.split('-')))}.csv"
        rows.to_csv(path, index=False)
        paths.append(path)
    return paths


def _point(rng: np.random.Generator, gss_code: str, town: str | None = None) -> tuple[float, ...]:
    towns = TOWNS[gss_code]
    chosen = next((t for t in towns if t[0] == town), None) or towns[rng.integers(len(towns))]
    lon = chosen[1] + rng.uniform(-OFFSET_LON, OFFSET_LON)
    lat = chosen[2] + rng.uniform(-OFFSET_LAT, OFFSET_LAT)
    return round(lon, 6), round(lat, 6)


def _planning(rng: np.random.Generator, stage: str) -> dict[str, object]:
    permitted = stage in ("permission_granted", "start_on_site")
    return {
        "planning_status": "permissioned" if permitted else (
            "pending decision" if stage == "planning_submitted" else "not permissioned"),
        "permission_type": ("full planning permission" if rng.random() < 0.7
                            else "outline planning permission") if permitted else "",
        "permission_date": (f"20{rng.integers(23, 26)}-{rng.integers(1, 13):02d}-15"
                            if permitted else ""),
    }


def _new_settlement_rows(rng: np.random.Generator) -> Iterator[dict[str, object]]:
    for number, settlement in enumerate(NEW_SETTLEMENTS, start=1):
        per_phase = settlement.dwellings // settlement.phases
        for phase in range(1, settlement.phases + 1):
            stage = "approved" if phase == 1 else "identified"
            lon, lat = _point(rng, settlement.gss_code, settlement.town)
            yield {
                "owner_organisation": settlement.owner,
                "gss_code": settlement.gss_code,
                "site_reference": f"DEMO-NS{number}-P{phase}",
                "site_name_address": f"{settlement.name}, phase {phase}",
                "category": "new_settlement",
                "pipeline_stage": stage,
                "land_type": "greenfield",
                "settlement": settlement.name,
                "phase": phase,
                "longitude": lon,
                "latitude": lat,
                "hectares": round(per_phase / rng.uniform(32, 40), 2),
                "ownership_status": "owned by a public authority",
                "minimum_net_dwellings": per_phase,
                "maximum_net_dwellings": per_phase,
                "is_deliverable": "yes" if phase <= 2 else "",
                **_planning(rng, stage),
            }


def _other_rows(rng: np.random.Generator) -> Iterator[dict[str, object]]:
    kinds = (["regeneration_estate"] * N_REGENERATION_ESTATES
             + ["council_land"] * N_COUNCIL_SITES
             + ["housing_association_land"] * N_HOUSING_ASSOCIATION_SITES
             + ["brownfield_register"] * N_REGISTER_SITES)
    small = set(rng.choice(np.arange(N_REGENERATION_ESTATES, len(kinds)), N_SMALL_SITES,
                           replace=False).tolist())
    codes = [council.code for council in COUNCILS]
    for index, category in enumerate(kinds):
        gss_code = codes[index % len(codes)]
        council = COUNCILS[index % len(codes)]
        town, lon, lat = _town_point(rng, gss_code)
        if category == "regeneration_estate":
            dwellings = int(rng.integers(8, 41)) * 10
        elif index in small:
            dwellings = int(rng.integers(4, SMALL_SITE_MAX_DWELLINGS + 1))
        else:
            dwellings = int(rng.integers(26, 151))
        is_flatted = category == "regeneration_estate" or rng.random() < 0.35
        density = rng.uniform(70, 140) if is_flatted else rng.uniform(30, 55)
        if category == "housing_association_land":
            owner = HOUSING_ASSOCIATIONS[index % len(HOUSING_ASSOCIATIONS)].name
            ownership = "not owned by a public authority"
        elif category == "regeneration_estate" and index % 2:
            owner = HOUSING_ASSOCIATIONS[index % len(HOUSING_ASSOCIATIONS)].name
            ownership = "mixed ownership"
        else:
            owner = council.name
            ownership = ("owned by a public authority" if category != "brownfield_register"
                         else str(rng.choice(["owned by a public authority", "mixed ownership",
                                              "not owned by a public authority"])))
        stage = str(rng.choice(STAGES, p=STAGE_WEIGHTS))
        label = {"regeneration_estate": f"{town} estate regeneration",
                 "council_land": f"Land at {town} (council)",
                 "housing_association_land": f"Land at {town} (housing association)",
                 "brownfield_register": f"Former commercial site, {town}"}[category]
        yield {
            "owner_organisation": owner,
            "gss_code": gss_code,
            "site_reference": f"DEMO-{gss_code[-3:]}-{index + 1:03d}",
            "site_name_address": f"{label} (illustrative)",
            "category": category,
            "pipeline_stage": stage,
            "land_type": "greenfield" if category == "council_land" and rng.random() < 0.2
            else "brownfield",
            "settlement": "",
            "phase": "",
            "longitude": lon,
            "latitude": lat,
            "hectares": round(max(dwellings / density, 0.05), 2),
            "ownership_status": ownership,
            "minimum_net_dwellings": max(1, int(dwellings * 0.85)),
            "maximum_net_dwellings": dwellings,
            "is_deliverable": "yes" if stage != "identified" else "",
            **_planning(rng, stage),
        }


def _town_point(rng: np.random.Generator, gss_code: str) -> tuple[str, float, float]:
    towns = TOWNS[gss_code]
    town = towns[int(rng.integers(len(towns)))][0]
    lon, lat = _point(rng, gss_code, town)
    return town, lon, lat
