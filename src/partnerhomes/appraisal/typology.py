"""Typology schemes: turn every site of a pipeline into a policy-compliant scheme at once.

Not represented: site layouts, mixed house-and-flat schemes (a site is all houses, or all flats
when its density is above ``typology.flats_share_above_density``), bedroom mixes other than an
even split (houses 2/3/4 bed, flats 1/2 bed), and rounding to whole homes: a typology scheme is
an average scheme, so its counts may be fractional. Affordable housing follows the council's
policy rate and threshold and the tenure split in ``parameters/policy/``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from partnerhomes.appraisal import assumptions
from partnerhomes.appraisal.inputs import TENURES, SchemeError, is_in
from partnerhomes.appraisal.readers import SchemeTables
from partnerhomes.parameters import ParameterTree

FloatArray = npt.NDArray[np.float64]

SITE_COLUMNS: tuple[str, ...] = ("gss_code", "site_reference", "hectares")
"""Columns a sites table must have (the rest are optional)."""
HOUSE_TYPES: tuple[str, ...] = ("house_2_bed", "house_3_bed", "house_4_bed")
FLAT_TYPES: tuple[str, ...] = ("flat_1_bed", "flat_2_bed")
TENURE_SPLIT: dict[str, str] = {
    "social_rent": "policy.tenure_split.social_rent_rate",
    "affordable_rent": "policy.tenure_split.affordable_rent_rate",
    "shared_ownership": "policy.tenure_split.shared_ownership_rate",
    "first_homes": "policy.tenure_split.first_homes_rate",
}


def _numbers(sites: pd.DataFrame, name: str) -> FloatArray:
    if name not in sites.columns:
        return np.full(len(sites), np.nan)
    return pd.to_numeric(sites[name], errors="coerce").to_numpy(np.float64)


def typology_tables(tree: ParameterTree, sites: pd.DataFrame, valuation_date: str
                    ) -> tuple[SchemeTables, list[SchemeError]]:
    """Scheme, phase and unit tables for every site; sites without a capacity are errors.

    Capacity is ``maximum_net_dwellings``, else ``minimum_net_dwellings``, else hectares ×
    ``typology.density_dwellings_per_ha``. Affordable share: the large-site rate at or above its
    threshold, else the policy rate at or above its threshold, else none.

    Examples
    --------
    >>> from partnerhomes.parameters import load_tree
    >>> sites = pd.DataFrame({"gss_code": ["E07000066"], "site_reference": ["BAS1"],
    ...                       "hectares": [2.0], "maximum_net_dwellings": [60]})
    >>> tables, errors = typology_tables(load_tree(), sites, "2026-06-30")
    >>> float(tables.units["count"].sum()), errors
    (60.0, [])
    """
    missing = [column for column in SITE_COLUMNS if column not in sites.columns]
    if missing:
        raise ValueError(f"the sites table lacks column(s) {', '.join(missing)}")
    sites = sites.reset_index(drop=True)
    places = sites["gss_code"].fillna("default").astype(str).to_numpy().astype(str)
    places = np.where(is_in(places, ["", "nan", "None", "<NA>"]), "default", places)
    dates = np.full(len(sites), valuation_date, dtype=object)
    ids = pd.Series(places).str.cat(sites["site_reference"].fillna("").astype(str), sep="/")
    repeat = ids.groupby(ids).cumcount()
    unique_ids = ids.where(repeat == 0, ids + "#" + (repeat + 1).astype(str))
    ids_text = unique_ids.to_numpy().astype(str)

    parameter = assumptions.lookups(tree, dates, places)

    hectares = _numbers(sites, "hectares")
    capacity = _numbers(sites, "maximum_net_dwellings")
    capacity = np.where(np.isfinite(capacity) & (capacity > 0), capacity,
                        _numbers(sites, "minimum_net_dwellings"))
    capacity = np.where(np.isfinite(capacity) & (capacity > 0), capacity,
                        hectares * parameter("typology.density_dwellings_per_ha"))
    usable = np.isfinite(capacity) & (capacity > 0) & np.isfinite(hectares) & (hectares > 0)
    errors = [SchemeError(str(i), "maximum_net_dwellings",
                          "no usable capacity or site area: the site is not appraised")
              for i in ids_text[~usable]]
    keep = np.nonzero(usable)[0]
    sites, places, ids_kept = sites.iloc[keep].reset_index(drop=True), places[keep], ids_text[keep]
    dates, hectares, capacity = dates[keep], hectares[keep], capacity[keep]
    parameter = assumptions.lookups(tree, dates, places)
    is_flatted = capacity / hectares > parameter("typology.flats_share_above_density")
    small = capacity >= parameter("policy.affordable_housing_min_dwellings")
    large = capacity >= parameter("policy.affordable_housing_large_site_min_dwellings")
    affordable_rate = np.where(large, parameter("policy.affordable_housing_large_site_rate"),
                               np.where(small, parameter("policy.affordable_housing_rate"), 0.0))
    shares = {name: parameter(split) for name, split in TENURE_SPLIT.items()}
    tenure_counts = {"market_sale": capacity * (1.0 - affordable_rate)}
    tenure_counts.update({name: capacity * affordable_rate * share
                          for name, share in shares.items()})
    frames = []
    for types, is_flat_type in ((HOUSE_TYPES, False), (FLAT_TYPES, True)):
        chosen = is_flatted == is_flat_type
        for unit_type in types:
            for tenure in TENURES:
                count = np.where(chosen, tenure_counts[tenure] / len(types), 0.0)
                mask = count > 0
                frames.append(pd.DataFrame({
                    "scheme_id": ids_kept[mask], "phase": 1, "tenure": tenure,
                    "unit_type": unit_type, "count": count[mask]}))
    units = pd.concat(frames, ignore_index=True)
    scheme_columns: dict[str, Any] = {
        "scheme_id": ids_kept, "gss_code": places, "valuation_date": dates, "hectares": hectares,
        "land_type": (sites["land_type"].astype(str).to_numpy() if "land_type" in sites.columns
                      else np.full(len(sites), "brownfield")),
        "existing_use_value_per_ha": _numbers(sites, "existing_use_value_per_ha"),
    }
    if "site_name_address" in sites.columns:
        scheme_columns["site_name"] = sites["site_name_address"].astype(str).to_numpy()
    schemes = pd.DataFrame(scheme_columns)
    phases = pd.DataFrame(columns=list(assumptions.PHASE_COLUMNS))
    return SchemeTables(schemes, phases, units), errors
