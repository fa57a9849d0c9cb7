"""Four delivery routes compared for 1,000 schemes, and for one pool of 100 sites.

Prints one JSON object: seconds for each comparison (best of two, after a warm-up; each includes
the development appraisals, the landlord appraisals, the waterfalls and the metrics), seconds of
the waterfalls alone, and the process's peak resident memory [MB]. The schemes are illustrative
South Essex schemes of 10–120 homes with 0–40% affordable, in one or two phases.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from partnerhomes.appraisal import assumptions
from partnerhomes.appraisal.inputs import SchemeInputs
from partnerhomes.parameters import ParameterTree, load_tree
from partnerhomes.vehicles import options, terms, waterfall
from partnerhomes.vehicles.routes import read_partners, read_routes

ROUTES = Path(__file__).resolve().parents[1] / "tests" / "vehicles" / "data" / "routes.yaml"
COUNCILS = ("E07000066", "E07000068", "E07000069", "E07000075", "E06000033", "E06000034")


def schemes(tree: ParameterTree, n: int, seed: int) -> SchemeInputs:
    rng = np.random.default_rng(seed)
    rows, phases, units = [], [], []
    for k in range(n):
        scheme_id = f"s{k}"
        homes = int(rng.integers(10, 121))
        affordable = round(homes * float(rng.choice([0.0, 0.2, 0.3, 0.35, 0.4])))
        rows.append({"scheme_id": scheme_id, "gss_code": COUNCILS[k % len(COUNCILS)],
                     "valuation_date": "2026-06-30", "hectares": homes / 35.0,
                     "land_type": "brownfield" if k % 3 else "greenfield"})
        two = homes > 60
        phases.append({"scheme_id": scheme_id, "phase": 1, "start_month": 1,
                       "build_months": 12 + homes // 10})
        if two:
            phases.append({"scheme_id": scheme_id, "phase": 2, "start_month": 10,
                           "build_months": 12 + homes // 12})
        market = homes - affordable
        for phase, share in ((1, 0.5), (2, 0.5)) if two else ((1, 1.0),):
            units.append({"scheme_id": scheme_id, "phase": phase, "tenure": "market_sale",
                          "unit_type": "house_3_bed", "count": round(market * share)})
            social = round(affordable * share * 0.7)
            units.append({"scheme_id": scheme_id, "phase": phase, "tenure": "social_rent",
                          "unit_type": "house_2_bed", "count": social})
            units.append({"scheme_id": scheme_id, "phase": phase, "tenure": "shared_ownership",
                          "unit_type": "flat_2_bed",
                          "count": round(affordable * share) - social})
    inputs, errors = assumptions.resolve(tree, pd.DataFrame(rows), pd.DataFrame(phases),
                                         pd.DataFrame(units))
    if errors:
        raise SystemExit(f"benchmark schemes have errors: {errors[:3]}")
    return inputs


def timed(run: object) -> float:
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        run()  # type: ignore[operator]
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    tree = load_tree()
    document = yaml.safe_load(ROUTES.read_text(encoding="utf-8"))
    routes = read_routes(document["routes"], read_partners(document["partners"]))
    many = schemes(tree, 1_000, 20261129)
    sites = schemes(tree, 100, 20261130)
    pool = {"pool": [str(s) for s in sites.scheme_id]}
    options.compare(tree, sites, routes, pool)  # warm-up
    result = options.compare(tree, many, routes)
    feasible = {r.route.name: int(r.feasible.sum()) for r in result.routes}
    waterfall_seconds = timed(lambda: [waterfall.run(r.project, terms.resolve(
        tree, r.route, r.project)) for r in result.routes])
    print(json.dumps({
        "benchmark": "vehicles",
        "routes": len(routes),
        "schemes": many.n_schemes,
        "months": int(result.routes[0].project.cashflow.shape[1]),
        "compare_1000_schemes_seconds": round(timed(lambda: options.compare(tree, many,
                                                                            routes)), 3),
        "waterfalls_1000_schemes_seconds": round(waterfall_seconds, 3),
        "feasible_schemes_by_route": feasible,
        "pool_sites": sites.n_schemes,
        "compare_100_site_pool_seconds": round(timed(lambda: options.compare(tree, sites, routes,
                                                                             pool)), 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }))


if __name__ == "__main__":
    sys.exit(main())
