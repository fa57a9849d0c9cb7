"""The board's delivery chart: cumulative affordable starts and completions a quarter, planned
(dashed) against actual (solid), as inline SVG (no scripts, prints as drawn).

Not represented: market homes (they are in the table), sites one by one (the slippage list).
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # files only; no display

import matplotlib.pyplot as plt

from partnerhomes.reports.delivery import QuarterRow
from partnerhomes.reports.plan_summary import svg_text

STARTS, COMPLETIONS = "#1d70b8", "#00703c"


def cumulative_chart(rows: list[QuarterRow]) -> str:
    """Cumulative affordable starts and completions [dwellings] by quarter, as SVG markup;
    empty when there are no quarters."""
    if not rows:
        return ""
    labels = [row.quarter.label for row in rows]
    x = list(range(len(rows)))
    figure, axes = plt.subplots(figsize=(8, 3.4))
    series = (("starts", "affordable_starts", STARTS),
              ("completions", "affordable_completions", COMPLETIONS))
    for word, name, colour in series:
        axes.plot(x, [getattr(r.planned_cumulative, name) for r in rows], linestyle="--",
                  color=colour, label=f"planned {word}")
        axes.plot(x, [getattr(r.actual_cumulative, name) for r in rows], linestyle="-",
                  marker="o", markersize=3, color=colour, label=f"actual {word}")
    step = max(1, len(rows) // 10)
    axes.set_xticks(x[::step], labels[::step], fontsize=7, rotation=30, ha="right")
    axes.set_ylabel("affordable homes, cumulative")
    axes.legend(frameon=False, fontsize=8, ncol=2)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return svg_text(figure)
