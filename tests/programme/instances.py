"""Small random programme instances built straight from arrays (no appraisal), for exact tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from partnerhomes.appraisal.inputs import TENURES
from partnerhomes.parameters import ParameterTree
from partnerhomes.programme.file import ROUTES, Programme, parse_programme
from partnerhomes.programme.options import (
    OptionSet,
    build_out_terms,
    route_resources,
)
from partnerhomes.programme.partners import vehicle_terms
from partnerhomes.programme.trajectory import build_out

AFFORDABLE = ("social_rent", "affordable_rent", "shared_ownership")


def random_programme(rng: np.random.Generator, **changes: Any) -> Programme:
    """Two councils, two associations, one SME framework, four years; tight resources."""
    document: dict[str, Any] = {
        "name": "random test programme",
        "sites": "unused.csv",
        "years": {"first": 2026, "last": 2029},
        "grant": {y: float(rng.uniform(0.5e6, 4e6)) for y in range(2026, 2030)},
        "councils": [
            {"gss_code": "E07000066", "name": "Council A",
             "borrowing_headroom": float(rng.uniform(1e6, 6e6)),
             "starts_capacity": float(rng.uniform(20, 120)), "minimum_affordable_share": 0.3,
             "housing_associations": ["HA 1"]},
            {"gss_code": "E07000068", "name": "Council B",
             "borrowing_headroom": float(rng.uniform(1e6, 6e6)),
             "starts_capacity": float(rng.uniform(20, 120)),
             "housing_associations": ["HA 1", "HA 2"]},
        ],
        "housing_associations": [
            {"name": "HA 1", "equity": float(rng.uniform(0.3e6, 2e6)),
             "debt_capacity": float(rng.uniform(1e6, 8e6)),
             "starts_capacity": float(rng.uniform(30, 150))},
            {"name": "HA 2", "equity": float(rng.uniform(0.3e6, 2e6)),
             "debt_capacity": float(rng.uniform(1e6, 8e6)),
             "starts_capacity": float(rng.uniform(30, 150))},
        ],
        "sme_frameworks": [{"name": "SME", "councils": ["E07000066", "E07000068"],
                            "starts_capacity": float(rng.uniform(10, 40)),
                            "max_site_dwellings": 25}],
    }
    document.update(changes)
    return parse_programme(document, Path("."))


def random_options(rng: np.random.Generator, programme: Programme, tree: ParameterTree,
                   n_sites: int = 5, per_site: int = 3) -> OptionSet:
    """``per_site`` random options on each of ``n_sites`` sites (random routes, mixes, values)."""
    on = programme.valuation_date
    n = n_sites * per_site
    site = np.repeat(np.arange(n_sites), per_site)
    council = rng.integers(0, 2, n_sites)[site]
    size = rng.choice([12.0, 20.0, 60.0, 150.0, 400.0], n_sites)[site]
    affordable_share = rng.choice([0.3, 0.5, 1.0], n)
    homes = {t: np.zeros(n) for t in TENURES}
    homes["market_sale"] = size * (1 - affordable_share)
    split = rng.dirichlet(np.ones(3), n)
    for k, t in enumerate(AFFORDABLE):
        homes[t] = size * affordable_share * split[:, k]
    policy = size * 0.3
    route = rng.choice(np.asarray(ROUTES), n)
    available = 2026 + rng.integers(0, 3, n_sites)[site]
    start = np.minimum(available + rng.integers(0, 2, n), 2029)
    association = np.where(council == 0, 0, rng.integers(0, 2, n))
    eligible = {t: np.maximum(homes[t] - policy * split[:, k], 0.0)
                for k, t in enumerate(AFFORDABLE)}
    cap = sum(eligible[t] * tree.number(f"programme.grant.maximum_per_home_{t}", on)
              for t in AFFORDABLE)
    value = rng.normal(-40_000, 60_000, n) * size * affordable_share
    need = np.maximum(-value, 0.0)
    pooled = route == "joint_venture"
    need_ok = pooled | (need <= cap)
    value = np.where(need_ok, value, -cap)
    need = np.maximum(-value, 0.0)
    weights = {t: tree.number(f"programme.tenure_weights.{t}", on) for t in TENURES}
    years = list(range(2026, 2029 + 26))
    terms = build_out_terms(tree, on)
    market = homes["market_sale"]
    total = sum(homes.values())
    starts, completions = build_out(total, market, start - 2026, len(years), terms)
    paid_start = tree.number("programme.grant.paid_at_start_share", on)
    grant_paid = (paid_start * starts + (1 - paid_start) * completions) / total[:, None]
    table = pd.DataFrame({
        "option_id": [f"S{s}|o{i}" for i, s in enumerate(site)],
        "site": site, "site_reference": [f"S{s}" for s in site],
        "gss_code": np.array(["E07000066", "E07000068"])[council], "council": council,
        "owner": "", "mix": "random", "density": "maximum", "route": route,
        "start_year": start, "available_from": available, "association": association,
        "sme_framework": np.where(total <= 25, 0, -1), "is_own_land": rng.random(n) < 0.7,
        "is_pooled": pooled, "homes": total,
        **{f"homes_{t}": homes[t] for t in TENURES},
        "affordable_homes": sum(homes[t] for t in AFFORDABLE),
        "weighted_homes": sum(weights[t] * homes[t] for t in TENURES),
        "grant_eligible_homes": sum(eligible.values()),
        "grant_eligible_social_rent": eligible["social_rent"], "grant_cap": cap,
        "value": value, "grant_needed": need, "land_value": size * 20_000.0,
        "residual_land_value": value, "build_cost": size * 150_000.0,
        "affordable_price": size * affordable_share * 150_000.0, "landlord_max_price": 0.0,
        "capital": size * affordable_share * rng.uniform(60_000, 140_000, n),
        "peak_debt": size * rng.uniform(20_000, 80_000, n),
        "build_years": (starts > 0).sum(axis=1),
        "delay_home_years": completions @ np.arange(len(years), dtype=np.float64),
    })
    table["grant_limit"] = np.minimum(need, cap)
    # partners' funding as the vehicles engine would give it: random, larger on deficits
    table["council_funding"] = np.where(route == "housing_association", 0.0,
                                        size * rng.uniform(5_000, 60_000, n))
    table["association_funding"] = np.where(route == "council_direct", 0.0,
                                            size * rng.uniform(20_000, 120_000, n))
    for name in ("council", "association"):
        table[f"{name}_capital"] = 0.5 * table[f"{name}_funding"]
        table[f"{name}_return"] = 0.1 * table[f"{name}_funding"]
        table[f"{name}_irr"] = 0.08
    table["vehicle_surplus"] = value
    table["vehicle_peak_debt"] = table["peak_debt"]
    resources = route_resources(vehicle_terms(tree, programme), table)
    return OptionSet(table, starts, completions, grant_paid, resources, years,
                     pd.DataFrame({"site_reference": [f"S{s}" for s in range(n_sites)]}), {})
