"""Derive market rent, Local Housing Allowance and house price defaults from real public data.

Reads the ONS/VOA private rental market statistics, the LHA rates by Broad Rental Market Area
and the ONS and HM Land Registry house price statistics in ``../shared/data`` (see its
MANIFEST.md §2–§3), and writes one parameter file per quantity (``parameters/README.md``
schema), each value citing the file and the original publisher.

Not represented: new-build premiums (the data are all-stock), rents or prices after the data's
dates (no indexation), LHA rates after April 2021 (the April 2024 re-basing is not in the data),
councils split between Broad Rental Market Areas (each takes the one in
``rents.lha_broad_rental_market_area``), and floor areas (values are per home, not per m²).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from partnerhomes.parameters import ParameterTree
from partnerhomes.parameters.load import default_root
from partnerhomes.tenures.rents import GSS_CODE, RentRuleError

Document = dict[str, Any]
log = logging.getLogger(__name__)

OGL = "Contains public sector information licensed under the Open Government Licence v3.0"
MONTHS_PER_YEAR, WEEKS_PER_YEAR_CALENDAR = 12, 52  # monthly → weekly, as the VOA converts
ONS_RENT_COLUMNS = {1: "one_bedroom", 2: "two_bedrooms", 3: "three_bedrooms",
                    4: "four_or_more_bedrooms"}
LHA_CATEGORY = {1: "B", 2: "C", 3: "D", 4: "E"}  # A is shared accommodation
RENTS = "rents/ons-private-rental-market-stats-median-monthly-rent-by-la-2021-22.csv"
LHA = "rents/lha-weekly-rates-by-brma-2018-2021.csv"
HPSSA = "house-prices/ons-hpssa-median-house-price-by-la-1995-2024.csv"
UKHPI = "house-prices/ukhpi-average-price-by-la-2025-12-policyengine.csv"
MAPPING = "rents.lha_broad_rental_market_area"


def default_data_folder() -> Path:
    """``$PARTNERHOMES_SHARED_DATA`` or ``../shared/data`` beside the repository."""
    configured = os.environ.get("PARTNERHOMES_SHARED_DATA")
    return Path(configured) if configured else default_root().parent.parent / "shared" / "data"


def _document(description: str, unit: str, label: str, status: str,
              references: list[dict[str, str]], places: Mapping[str, Mapping[str, Any]]
              ) -> Document:
    return {"description": description,
            "metadata": {"unit": unit, "label": label, "status": status,
                         "references": references},
            "places": {place: dict(series) for place, series in places.items()}}


def _reference(path: str, title: str, url: str | None = None) -> dict[str, str]:
    item = {"title": f"{title} — shared/data/{path}", "note": OGL}
    if url:
        item["url"] = url
    return item


def _median_default(values: pd.Series, day: str, what: str) -> dict[str, Any]:
    return {day: {"value": round(float(values.median()), 2), "status": "assumption",
                  "reference": {"title": f"Median over English councils of {what}",
                                "note": "[I] inference: a stand-in for councils without a row"}}}


def market_rents(data: Path) -> dict[str, Document]:
    """Median private rent by council and bedrooms, Apr 2021–Mar 2022 [GBP/week]."""
    table = pd.read_csv(data / RENTS, dtype={"area_code": str})
    table = table[table["area_code"].str.match(GSS_CODE.pattern) & table["la_code_voa"].ne("NA")]
    day = "2021-10-01"  # middle of the collection year
    out = {}
    for size, column in ONS_RENT_COLUMNS.items():
        monthly = pd.to_numeric(table[column], errors="coerce")  # ".." marks a suppressed cell
        if monthly.isna().any():
            log.warning("%s %s: %d council(s) without a value (suppressed or blank) take the "
                        "default", RENTS, column, int(monthly.isna().sum()))
        rows = table[monthly.notna()]
        weekly = monthly[monthly.notna()] * MONTHS_PER_YEAR / WEEKS_PER_YEAR_CALENDAR
        places: dict[str, dict[str, Any]] = {
            "default": _median_default(weekly, day, f"{size}-bedroom median rents")}
        for code, rent in zip(rows["area_code"], weekly, strict=True):
            places[str(code)] = {day: round(float(rent), 2)}
        out[f"market_rent_{size}_bed"] = _document(
            f"Median monthly private rent of a {size}{'+' if size == 4 else ''}-bedroom home in "
            "the council, 1 April 2021 to 31 March 2022, as a weekly rent (× 12 ÷ 52).",
            "GBP/week", f"Market rent, {size} bed", "outturn",
            [_reference(RENTS, "ONS/VOA Private Rental Market Statistics, median monthly rents "
                        "by administrative area, England, 2021-22",
                        "https://www.ons.gov.uk/peoplepopulationandcommunity/housing/datasets/"
                        "privaterentalmarketsummarystatisticsinengland")], places)
    return out


def local_housing_allowance(data: Path, tree: ParameterTree,
                            on: dt.date | str) -> dict[str, Document]:
    """LHA weekly rate by council and bedrooms, through ``rents.lha_broad_rental_market_area``.

    A mapped area missing from the data is an error; councils mapped to ``unmapped`` are left
    out (the rents module then refuses them).
    """
    table = pd.read_csv(data / LHA)
    parameter = tree[MAPPING]
    mapping = {place: str(parameter.value(on, place)) for place in parameter.places
               if place != "default" and str(parameter.value(on, place)) != "unmapped"}
    missing = sorted(set(mapping.values()) - set(table["brma"]))
    if missing:
        raise RentRuleError(f"{MAPPING}: no LHA rates for area(s) {', '.join(missing)}")
    out = {}
    for size, category in LHA_CATEGORY.items():
        rows = table[table["lha_category"] == category]
        latest = rows[rows["effective_from"] == rows["effective_from"].max()]
        places: dict[str, dict[str, Any]] = {"default": _median_default(
            latest["weekly_rate_gbp"], str(latest["effective_from"].iloc[0]),
            f"{size}-bedroom LHA rates by BRMA")}
        for code, area in sorted(mapping.items()):
            series = rows[rows["brma"] == area].sort_values("effective_from")
            places[code] = {str(d): round(float(v), 2) for d, v in
                            zip(series["effective_from"], series["weekly_rate_gbp"], strict=True)}
        out[f"local_housing_allowance_{size}_bed"] = _document(
            f"Local Housing Allowance weekly rate for a {size}-bedroom home (category "
            f"{category}) in the council's Broad Rental Market Area ({MAPPING}); frozen at the "
            "April 2020 level until March 2024, later rates not in the data.",
            "GBP/week", f"LHA, {size} bed", "assumption",  # the rates are outturn, the map is not
            [_reference(LHA, "VOA/DWP Local Housing Allowance rates by BRMA, via "
                        "PolicyEngine/policyengine-uk parameters/gov/dwp/LHA/rates.yaml @ 3be89fa",
                        "https://github.com/PolicyEngine/policyengine-uk"),
             {"title": f"BRMA of each council: {MAPPING}",
              "note": "[I] inference: the council-to-BRMA map is an assumption (see that file)"}],
            places)
    return out


def house_prices(data: Path) -> dict[str, Document]:
    """Median price (ONS HPSSA, last four quarters) and UK HPI average (Dec 2025) [GBP]."""
    table = pd.read_csv(data / HPSSA)
    table = table[table["geography_code"].str.match(r"^E0[6-9]\d{6}$")]
    table = table.assign(day=pd.to_datetime(table["date"], format="%b %Y"))
    recent = table[table["day"] >= sorted(table["day"].unique())[-4]]
    places: dict[str, dict[str, Any]] = {"default": _median_default(
        recent[recent["day"] == recent["day"].max()]["value"],
        recent["day"].min().strftime("%Y-%m-01"), "median prices")}
    for code, rows in recent.groupby("geography_code"):
        places[str(code)] = {d.strftime("%Y-%m-01"): round(float(v), 0)
                             for d, v in zip(rows["day"], rows["value"], strict=True)}
    median = _document(
        "Median price paid for homes of all types in the council over the year to the month "
        "given (ONS House price statistics for small areas).", "GBP", "Median house price",
        "outturn", [_reference(HPSSA, "ONS, House price statistics for small areas (HPSSA), "
                               "median prices by administrative geography, year ending Sep 2024",
                               "https://www.ons.gov.uk/peoplepopulationandcommunity/housing")],
        places)
    hpi = pd.read_csv(data / UKHPI)
    hpi = hpi[hpi["code"].str.match(r"^E0[6-9]\d{6}$")]
    day = "2025-12-01"
    average_places: dict[str, dict[str, Any]] = {
        "default": _median_default(hpi["avg_house_price"], day, "UK HPI average prices")}
    for code, price in zip(hpi["code"], hpi["avg_house_price"], strict=True):
        average_places[str(code)] = {day: round(float(price), 0)}
    average = _document(
        "UK House Price Index average price of a home in the council, December 2025 (all "
        "types, all-stock, not new-build).", "GBP", "Average house price (UK HPI)", "outturn",
        [_reference(UKHPI, "HM Land Registry UK HPI average price Dec 2025, via "
                    "PolicyEngine/policyengine-uk-data la_land_values.csv @ 3ed729c",
                    "https://www.gov.uk/government/collections/uk-house-price-index-reports")],
        average_places)
    return {"median_house_price": median, "average_house_price": average}


def calibrate(data: Path, tree: ParameterTree, on: dt.date | str) -> dict[str, Document]:
    """Every calibrated document by its file stem, under ``rents/``."""
    missing = [path for path in (RENTS, LHA, HPSSA, UKHPI) if not (data / path).is_file()]
    if missing:
        raise FileNotFoundError(f"{data}: missing {', '.join(missing)} (see MANIFEST.md)")
    documents = {**market_rents(data), **local_housing_allowance(data, tree, on),
                 **house_prices(data)}
    return {f"rents/{stem}": document for stem, document in documents.items()}


def write_parameters(documents: Mapping[str, Document], out: Path) -> list[Path]:
    """Write each document to ``out/<stem>.yaml``; returns the paths written."""
    written = []
    for stem, document in documents.items():
        path = out / f"{stem}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        header = "# Written by `partnerhomes parameters calibrate`; re-run it rather than edit.\n"
        path.write_text(header + yaml.safe_dump(document, sort_keys=False, allow_unicode=True,
                                                width=100), encoding="utf-8")
        written.append(path)
    return written
