"""One planning run for the web: read the programme document, appraise the options over the
given sites, solve, and lay out (with :func:`partnerhomes.programme.outputs.plan_outputs`, as
``partnerhomes plan`` does) the plan,
trajectory, uplift by mechanism, exemplar shortlist and SME lots as JSON-able rows, with the
charts and the summary page of :mod:`partnerhomes.reports.plan_summary`.

Not represented: the MPS file and the absorption CSV of the command (the absorption table is in
the summary page).
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from partnerhomes import __version__
from partnerhomes.appraisal.inputs import TENURES
from partnerhomes.parameters import ParameterTree
from partnerhomes.programme.file import Programme, parse_programme
from partnerhomes.programme.outputs import plan_outputs
from partnerhomes.programme.plan import run_plan
from partnerhomes.reports.plan_summary import (
    SummaryInputs,
    summary_html,
    svg_text,
    trajectory_figure,
    uplift_figure,
)

SITES_FILE = "sites.csv"
"""The name the programme document gives its sites table; the web writes the table itself."""
Progress = Callable[[str], None]


@dataclass
class PlanOutcome:
    """A finished planning run: tables as lists of rows, charts as SVG, the summary page."""

    headline: dict[str, float] = field(default_factory=dict)
    solver: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    charts: dict[str, str] = field(default_factory=dict)
    summary_html: str = ""
    conflicts: list[str] = field(default_factory=list)
    parameters_digest: str = ""
    code_version: str = __version__


def programme_from_document(document: dict[str, Any], folder: Path = Path(".")) -> Programme:
    """The validated programme (raises ``ProgrammeFileError`` naming each problem); the sites
    table is the web's own, so ``sites`` need not be given."""
    return parse_programme({**document, "sites": SITES_FILE}, folder)


def rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """JSON-able rows: numpy scalars as Python numbers, NaN and infinities as None."""
    out = []
    for record in frame.to_dict(orient="records"):
        clean: dict[str, Any] = {}
        for key, value in record.items():
            if isinstance(value, np.generic):
                value = value.item()
            if isinstance(value, float) and not math.isfinite(value):
                value = None
            clean[str(key)] = value
        out.append(clean)
    return out


def plan_document(document: dict[str, Any], sites: pd.DataFrame, tree: ParameterTree,
                  progress: Progress = lambda text: None, *, uplift: bool = True
                  ) -> PlanOutcome:
    """Plan ``document`` over ``sites`` (the sites table format of the planner)."""
    with tempfile.TemporaryDirectory(prefix="partnerhomes-plan-") as folder:
        sites.to_csv(Path(folder) / SITES_FILE, index=False)
        programme = programme_from_document(document, Path(folder))
        progress(f"Appraising the options on {len(sites):,} sites and solving the plan")
        run = run_plan(programme, tree, sites)
    result = run.plan
    outcome = PlanOutcome(parameters_digest=tree.digest())
    if not result.chosen.size and result.conflicts:
        outcome.conflicts = [str(c) for c in result.conflicts]
        outcome.solver = {"status": result.status}
        return outcome
    outputs = plan_outputs(run, tree, sites, uplift=uplift, progress=progress)
    outcome.headline = outputs.headline
    outcome.solver = outputs.solver
    outcome.tables = {"plan": rows(outputs.plan), "trajectory": rows(outputs.trajectory),
                      "uplift": rows(outputs.uplift), "exemplars": rows(outputs.exemplars),
                      "sme_lots": rows(outputs.lots), "absorption": rows(outputs.absorption)}
    outcome.charts = {"trajectory": svg_text(trajectory_figure(outputs.trajectory))}
    if len(outputs.uplift):
        outcome.charts["uplift"] = svg_text(uplift_figure(outputs.uplift))
    outcome.summary_html = summary_html(SummaryInputs.from_outputs(outputs))
    return outcome


def homes_by_tenure_and_year(trajectory: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Completions by year, one column per tenure [dwellings], from the trajectory rows."""
    by_year: dict[int, dict[str, float]] = {}
    for row in trajectory:
        year = by_year.setdefault(int(row["year"]), dict.fromkeys(TENURES, 0.0))
        year[str(row["tenure"])] = year.get(str(row["tenure"]), 0.0) + float(
            row.get("completions") or 0.0)
    return [{"year": year, **values, "total": sum(values.values())}
            for year, values in sorted(by_year.items())]
