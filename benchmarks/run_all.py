"""Run every ``benchmarks/bench_*.py`` in its own process and print one JSON document.

Each benchmark prints JSON on standard output (the whole output, or its last line); running
each in its own process keeps its peak memory figure its own. The combined result is also written to
``build/bench.json``.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    results: dict[str, object] = {}
    failed = False
    for script in sorted(HERE.glob("bench_*.py")):
        started = time.perf_counter()
        done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                              check=False)
        lines = [line for line in done.stdout.splitlines() if line.strip()]
        if done.returncode != 0 or not lines:
            failed = True
            results[script.stem] = {"error": done.stderr.strip()[-2000:] or "no output"}
            continue
        try:
            results[script.stem] = json.loads(done.stdout)
        except json.JSONDecodeError:
            try:
                results[script.stem] = json.loads(lines[-1])
            except json.JSONDecodeError:
                failed = True
                results[script.stem] = {"error": f"output is not JSON: {lines[-1][:200]}"}
        print(f"{script.stem}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    document = {
        "machine": {"python": platform.python_version(), "processor": platform.machine(),
                    "cpus": os.cpu_count()},
        "benchmarks": results,
    }
    text = json.dumps(document, indent=2)
    out = HERE.parent / "build" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
