"""10,000 schemes × 50-year landlord appraisal (HRA preset) with IRR and payback.

Prints one JSON object: seconds for the appraisal (best of three, after a warm-up), seconds to
build the preset from the parameter tree, and the process's peak resident memory [MB].
"""

from __future__ import annotations

import json
import resource
import sys
import time

import numpy as np

from partnerhomes.parameters import load_tree
from partnerhomes.tenures.landlord import appraise, council_hra, schemes

SCHEMES = 10_000


def main() -> None:
    tree = load_tree()
    started = time.perf_counter()
    terms = council_hra(tree, "2026-04-01").replace(horizon_years=50)
    preset_seconds = time.perf_counter() - started
    rng = np.random.default_rng(20261129)
    social = rng.integers(0, 40, SCHEMES).astype(float)
    shared = rng.integers(0, 20, SCHEMES).astype(float)
    homes = schemes(
        first_year=rng.integers(2027, 2032, SCHEMES), social_rent_homes=social,
        affordable_rent_homes=rng.integers(0, 10, SCHEMES).astype(float),
        shared_ownership_homes=shared, social_rent_per_week=rng.uniform(110, 190, SCHEMES),
        affordable_rent_per_week=rng.uniform(160, 220, SCHEMES),
        shared_ownership_value=rng.uniform(250_000, 420_000, SCHEMES),
        build_cost_per_home=rng.uniform(150_000, 230_000, SCHEMES),
        price=(social + shared + 5) * rng.uniform(120_000, 220_000, SCHEMES),
        grant=rng.uniform(0, 2_000_000, SCHEMES))
    appraise(homes, terms)  # warm-up
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        result = appraise(homes, terms)
        timings.append(time.perf_counter() - started)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    print(json.dumps({
        "schemes": SCHEMES, "years": terms.horizon_years, "seconds": round(min(timings), 4),
        "preset_seconds": round(preset_seconds, 4),
        "irr_solved": int(np.isfinite(result.irr).sum()),
        "paid_back": int(np.isfinite(result.payback_year).sum()),
        "peak_rss_mb": round(peak_kb / scale, 1),
    }))


if __name__ == "__main__":
    main()
