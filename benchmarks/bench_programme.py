"""5,000 sites × 24 options: appraise the options, build the programme MILP, solve it to a 0.5%
gap with HiGHS; then solve the same model through its MPS file with CBC (PuLP's bundled binary),
if present, as a cross-check.

Options per site: 3 tenure mixes × 2 densities × 2 routes (housing association, joint venture)
× 2 start years, each appraised by the development, landlord and vehicles engines. Resources are
scaled to the pipeline so that they bind. Prints one JSON object: seconds to appraise the
options, to build the model and to solve it, the objective, bound and gap, the CBC figures, and
the peak resident memory [MB]. ``--uplift SECONDS`` also solves the five uplift scenarios in
that total time and reports each one's homes, bound, gap and whether it is proven.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from partnerhomes.parameters import load_tree
from partnerhomes.programme.file import parse_programme
from partnerhomes.programme.model import build_model
from partnerhomes.programme.options import build_options
from partnerhomes.programme.plan import headline
from partnerhomes.programme.solve import solve, write_mps
from partnerhomes.programme.uplift import partnership_uplift

SITES = 5_000
CODES = ("E07000066", "E07000068", "E07000069", "E07000075", "E06000033", "E06000034")
ASSOCIATIONS = ("HA 1", "HA 2", "HA 3", "HA 4")
TIME_LIMIT = 60.0  # the target of issue 6


def sites_table(rng: np.random.Generator) -> pd.DataFrame:
    """Random sites: mostly 10–150 homes, a few large; minimum capacity below maximum."""
    high = np.where(rng.random(SITES) < 0.03, rng.integers(300, 1200, SITES),
                    rng.integers(8, 150, SITES)).astype(float)
    council = rng.integers(0, len(CODES), SITES)
    owner_is_council = rng.random(SITES) < 0.7
    return pd.DataFrame({
        "gss_code": np.asarray(CODES)[council], "site_reference": [f"B{i:05d}" for i in
                                                                  range(SITES)],
        "hectares": high / rng.uniform(30, 90, SITES),
        "land_type": np.where(rng.random(SITES) < 0.3, "greenfield", "brownfield"),
        "minimum_net_dwellings": np.floor(high * 0.8), "maximum_net_dwellings": high,
        "owner_organisation": np.where(owner_is_council, np.asarray(
            [f"Council {c}" for c in CODES])[council], np.asarray(ASSOCIATIONS)[council % 4]),
        "available_from": 2026 + rng.integers(0, 4, SITES),
    })


def programme_document(sites: pd.DataFrame) -> dict[str, object]:
    homes = float(sites["maximum_net_dwellings"].sum())
    per_year = homes / 10.0  # the pipeline could start over ten years
    return {
        "name": "benchmark", "sites": "sites.csv", "years": {"first": 2026, "last": 2033},
        "grant": 0.12 * per_year * 130_000.0,
        "councils": [{"gss_code": c, "name": f"Council {c}",
                      "borrowing_headroom": 0.08 * per_year * 120_000.0,
                      "starts_capacity": 0.05 * per_year, "minimum_affordable_share": 0.3,
                      "housing_associations": [ASSOCIATIONS[i % 4], ASSOCIATIONS[(i + 1) % 4]]}
                     for i, c in enumerate(CODES)],
        "housing_associations": [{"name": h, "equity": 0.04 * per_year * 100_000.0,
                                  "debt_capacity": 0.15 * per_year * 100_000.0,
                                  "starts_capacity": 0.15 * per_year} for h in ASSOCIATIONS],
        "sme_frameworks": [{"name": "SME", "councils": list(CODES),
                            "starts_capacity": 0.03 * per_year, "max_site_dwellings": 25}],
        "options": {"routes": ["housing_association", "joint_venture"],
                    "start_year_offsets": [0, 2]},
    }


def cbc_cross_check(mps: Path, gap: float) -> dict[str, object]:
    """Solve the MPS file with PuLP's bundled CBC, if it is installed."""
    try:
        import pulp
    except ImportError:
        return {"available": False, "reason": "pulp is not installed"}
    path = pulp.PULP_CBC_CMD().path
    if not path or not os.path.exists(path):
        return {"available": False, "reason": "PuLP's CBC binary not found"}
    with tempfile.TemporaryDirectory() as folder:
        solution = Path(folder) / "solution.txt"
        started = time.perf_counter()
        done = subprocess.run([path, str(mps), "-ratioGap", str(gap), "-seconds",
                               str(int(TIME_LIMIT)), "-threads", "2", "-solve", "-solution",
                               str(solution)], capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - started
        first = solution.read_text().splitlines()[0] if solution.exists() else ""
    found = re.search(r"objective value\s+(-?[\d.e+]+)", first)
    return {"available": True, "seconds": round(seconds, 2), "status": first.split(" - ")[0],
            "objective_min": float(found.group(1)) if found else None,
            "returncode": done.returncode}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uplift", type=float, default=0.0,
                        help="also solve the uplift scenarios in this many seconds in total")
    parser.add_argument("--no-cbc", action="store_true", help="skip the CBC cross-check")
    arguments = parser.parse_args()
    rng = np.random.default_rng(20261129)
    tree = load_tree()
    sites = sites_table(rng)
    programme = parse_programme(programme_document(sites), Path("."))
    started = time.perf_counter()
    options = build_options(tree, programme, sites)
    options_seconds = time.perf_counter() - started
    started = time.perf_counter()
    model = build_model(options, programme, tree)
    build_seconds = time.perf_counter() - started
    table = options.table
    plan = solve(model, table["grant_needed"].to_numpy(), table["is_pooled"].to_numpy(),
                 time_limit=TIME_LIMIT, gap=0.005, threads=2)
    result: dict[str, object] = {
        "sites": SITES, "options": options.n_options,
        "options_per_site": round(options.n_options / SITES, 2),
        "columns": int(model.matrix.shape[1]), "rows": int(model.matrix.shape[0]),
        "nonzeros": int(model.matrix.nnz), "options_seconds": round(options_seconds, 2),
        "build_seconds": round(build_seconds, 3), "solve_seconds": round(plan.solve_seconds, 2),
        "status": plan.status, "objective": round(plan.objective, 3),
        "bound": round(plan.bound, 3), "gap": round(plan.gap, 5),
        "chosen": int(plan.chosen.size), "time_limit_seconds": TIME_LIMIT,
        "stages": {k: round(v, 2) for k, v in plan.stages.items()},
    }
    if arguments.uplift > 0:
        started = time.perf_counter()
        uplift = partnership_uplift(options, programme, tree, time_limit=arguments.uplift,
                                    threads=2, pooled=plan)
        result["uplift_seconds"] = round(time.perf_counter() - started, 1)
        result["pooled_affordable_homes"] = round(headline(options, plan)["affordable_homes"], 1)
        result["uplift"] = [
            {"scenario": row.scenario, "affordable_homes": round(row.affordable_homes, 1),
             "objective": round(row.objective, 1), "bound": round(row.bound, 1),
             "gap": round(row.gap, 4), "is_proven": bool(row.is_proven),
             "seconds": round(row.solve_seconds, 1)} for row in uplift.itertuples()]
    folder = Path(tempfile.mkdtemp())
    try:
        mps = write_mps(model, folder / "programme.mps")
        result["mps_mb"] = round(mps.stat().st_size / 1e6, 1)
        cbc = ({"available": False, "reason": "--no-cbc"} if arguments.no_cbc
               else cbc_cross_check(mps, 0.005))
        if cbc.get("objective_min") is not None:
            cbc["objective"] = -float(str(cbc["objective_min"]))  # the MPS minimises −value
        result["cbc"] = cbc
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    unit = 1024 * 1024 if sys.platform == "darwin" else 1024
    result["peak_rss_mb"] = round(peak_kb / unit, 1)
    result["cbc_peak_rss_mb"] = round(
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / unit, 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
