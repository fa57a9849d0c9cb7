"""The options appraisal as JSON and Excel, field names as in :meth:`Comparison.table`.

Not represented: charts and board-report layout (``reports`` will draw them). Monthly flows are
written for the first ``max_rows`` rows only, so a comparison of thousands of schemes stays small.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from partnerhomes import __version__
from partnerhomes.vehicles.options import Comparison, RouteResult


def plain(value: Any) -> Any:
    """JSON-safe: NaN and infinities become None, numpy scalars Python numbers.

    >>> plain(float("nan")) is None, plain(np.float64(2.5))
    (True, 2.5)
    """
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def monthly_flows(result: RouteResult, row: int) -> dict[str, Any]:
    """Cash in and out by month for one row: each partner's contributions and distributions,
    each lender's draws, repayments and fees, grant and the project cashflow [GBP]."""
    flows, project = result.flows, result.project
    partners = {}
    for k, member in enumerate(result.terms.members):
        lines = {name: flows.contributions[name][row, k] for name in flows.contributions}
        lines.update({name: flows.distributions[name][row, k] for name in flows.distributions})
        lines["net"] = flows.partner_flows[row, k]
        partners[member] = {name: [round(float(v), 2) for v in values]
                            for name, values in lines.items()}
    lenders = {name: {line: [round(float(v), 2) for v in flows.debt[line][row, k]]
                      for line in flows.debt}
               for k, name in enumerate(result.terms.debt_names)}
    return {"project_cashflow": [round(float(v), 2) for v in project.cashflow[row]],
            "grant": [round(float(v), 2) for v in project.grant[row]],
            "partners": partners, "lenders": lenders}


def document(comparison: Comparison, name: str = "", digest: str = "",
             max_rows: int = 20) -> dict[str, Any]:
    """The whole comparison as one JSON-ready mapping."""
    rows = []
    records = comparison.table()
    width = len(comparison.routes)
    for i, row_id in enumerate(comparison.row_id):
        routes = []
        for j, result in enumerate(comparison.routes):
            record = {key: plain(value) for key, value in records[i * width + j].items()}
            if i < max_rows:
                record["monthly"] = monthly_flows(result, i)
            routes.append(record)
        rows.append({"row_id": str(row_id), "sites": list(comparison.routes[0].project.sites[i]),
                     "routes": routes})
    return {"name": name, "code_version": __version__, "parameters_digest": digest,
            "rows": rows,
            "errors": [{"scheme_id": e.scheme_id, "field": e.field, "message": e.message}
                       for e in comparison.errors]}


def table_frame(comparison: Comparison) -> pd.DataFrame:
    """The options appraisal: one column per row and route, one line per field."""
    records = comparison.table()
    frame = pd.DataFrame(records)
    frame.index = [f"{r['row_id']} | {r['route']}" for r in records]
    return frame.drop(columns=["row_id", "route"]).T


def write_excel(comparison: Comparison, path: Path, max_rows: int = 5) -> None:
    """An ``options`` sheet side by side, and monthly partner flows of each route for the first
    ``max_rows`` rows."""
    with pd.ExcelWriter(path, engine="xlsxwriter") as writer:
        table_frame(comparison).to_excel(writer, sheet_name="options")
        sheet = 0
        for i in range(min(len(comparison.row_id), max_rows)):
            for result in comparison.routes:
                flows = monthly_flows(result, i)
                columns: dict[str, list[float]] = {"project_cashflow": flows["project_cashflow"],
                                                   "grant": flows["grant"]}
                for member, lines in flows["partners"].items():
                    columns.update({f"{member}.{line}": v for line, v in lines.items()})
                for lender, lines in flows["lenders"].items():
                    columns.update({f"{lender}.{line}": v for line, v in lines.items()})
                sheet += 1
                frame = pd.DataFrame(columns)
                frame.index.name = "month"
                frame.to_excel(writer, sheet_name=f"flows {sheet}"[:31])
                writer.sheets[f"flows {sheet}"[:31]].write(
                    0, len(columns) + 2, f"{comparison.row_id[i]} | {result.route.name}")
