"""Benchmark: import the England 2020 register (22,818 rows) and South Essex; print JSON.

Usage: ``python benchmarks/bench_sites_import.py`` (data from $PARTNERHOMES_SHARED_DATA, else
``../shared/data`` beside the repository). Each import runs in a fresh process so that peak
memory (``ru_maxrss``) belongs to that import alone.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FILES = {
    "england_2020": "brownfield/brownfield-land-england-2020.csv",
    "south_essex_2020": "brownfield/brownfield-land-south-essex-2020.csv",
}


def shared_data() -> Path:
    configured = os.environ.get("PARTNERHOMES_SHARED_DATA")
    return Path(configured) if configured else REPO.parent / "shared" / "data"


def measure(name: str, path: Path) -> dict[str, object]:
    """Import one file in this process; return rows, seconds and peak memory."""
    from partnerhomes.sites import importer

    start = time.perf_counter()
    result = importer.import_sites([path])
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {
        "benchmark": f"sites_import_{name}",
        "rows": result.rows_in,
        "accepted": result.n_accepted,
        "rejected": result.n_rejected,
        "rows_accounted_for": result.rows_accounted_for,
        "seconds": round(seconds, 3),
        "rows_per_second": round(result.rows_in / seconds),
        "peak_rss_mb": round(peak_kib / 1024, 1),
    }


def main() -> None:
    if len(sys.argv) == 3:  # child process: one measurement
        print(json.dumps(measure(sys.argv[1], Path(sys.argv[2]))))
        return
    folder = shared_data()
    results = []
    for name, relative in FILES.items():
        path = folder / relative
        if not path.is_file():
            results.append({"benchmark": f"sites_import_{name}", "skipped": f"{path} absent"})
            continue
        child = subprocess.run([sys.executable, __file__, name, str(path)], check=True,
                               capture_output=True, text=True)
        results.append(json.loads(child.stdout))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
