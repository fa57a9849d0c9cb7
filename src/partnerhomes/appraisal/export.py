"""Write appraisal results: JSON with stable field names, Excel and CSV for valuers to audit.

Not represented: PDF reports and charts (``reports``), and reading results back. Field names are
the keys of :attr:`AppraisalResults.values`, the same in JSON, Excel, CSV and the CLI.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from partnerhomes.appraisal.appraise import AppraisalResults
from partnerhomes.appraisal.sensitivity import Sensitivity

SCHEMA = "partnerhomes.appraisal/1"
"""Version of the JSON layout; bump it when a field changes meaning or is removed."""

SUMMARY_SECTIONS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("Revenue", (
        ("Market sale", "gdv_market_sale"), ("Social Rent", "gdv_social_rent"),
        ("Affordable Rent", "gdv_affordable_rent"), ("Shared ownership", "gdv_shared_ownership"),
        ("First Homes", "gdv_first_homes"), ("Gross development value", "gdv"))),
    ("Development costs", (
        ("Build", "build_cost"), ("Externals", "externals"), ("Abnormals", "abnormals"),
        ("Contingency", "contingency"), ("Net-zero / FHS uplift", "net_zero_uplift"),
        ("Professional fees", "professional_fees"), ("CIL", "cil"),
        ("Section 106", "section_106"), ("County infrastructure", "county_infrastructure"),
        ("RAMS", "rams"), ("Biodiversity net gain", "biodiversity_net_gain"),
        ("Other contributions", "other_contributions"), ("Sales and marketing", "sales_marketing"),
        ("Sales legal", "sales_legal"), ("Affordable legal", "affordable_legal"),
        ("Development cost", "development_cost"))),
    ("Land", (
        ("Land price", "land_price"), ("SDLT", "sdlt"), ("Agent", "land_agent_fee"),
        ("Legal", "land_legal_fee"))),
    ("Finance", (
        ("Interest charged", "interest_charged"), ("Interest earned", "interest_earned"),
        ("Arrangement fee", "arrangement_fee"), ("Exit fee", "exit_fee"),
        ("Finance cost", "finance_cost"), ("Total cost", "total_cost"))),
    ("Return", (
        ("Developer return", "developer_return"), ("Profit", "profit"),
        ("Profit on GDV", "profit_on_gdv"), ("Profit on cost", "profit_on_cost"),
        ("IRR (unlevered, annual)", "irr"), ("NPV", "npv"), ("Peak debt", "peak_debt"),
        ("Peak debt month", "peak_debt_month"), ("Cash break-even month", "break_even_month"))),
    ("Residual and benchmark", (
        ("Residual land value", "residual_land_value"),
        ("Benchmark land value", "benchmark_land_value"),
        ("Residual less benchmark", "residual_less_benchmark"),
        ("Surplus at land price", "surplus"))),
    ("Landlord view", (
        ("Affordable valuation method used", "affordable_valuation_method"),
        ("Landlord", "landlord"),
        ("Affordable value, capitalisation", "affordable_value_capitalisation"),
        ("Affordable value, landlord's maximum price", "affordable_value_landlord"),
        ("Affordable value in the residual", "affordable_value"),
        ("Landlord NPV at that price", "landlord_npv"),
        ("Landlord IRR", "landlord_irr"),
        ("Landlord discount rate", "landlord_discount_rate"),
        ("Loan payback year", "landlord_payback_year"),
        ("Payback limit (years)", "landlord_payback_limit_years"),
        ("Landlord peak debt", "landlord_peak_debt"),
        ("Grant needed (NPV ≥ 0, payback in limit)", "grant_needed"),
        ("Grant needed per home", "grant_needed_per_home"),
        ("Grant needed per Social Rent home", "grant_needed_per_social_rent_home"),
        ("AHP 2021–26 East of England per home", "grant_benchmark_per_home_ahp_east_of_england"),
        ("… grant needed per home ÷ it",
         "grant_needed_per_home_over_benchmark_ahp_east_of_england"),
        ("SAHP 2026–36 implied per home", "grant_benchmark_per_home_sahp_average"),
        ("… grant needed per home ÷ it", "grant_needed_per_home_over_benchmark_sahp_average"),
        ("Grant stated for additional homes", "grant"),
        ("Grant per additional affordable home", "grant_per_additional_affordable_home"),
        ("Affordable additionality (homes)", "affordable_additionality"))),
)
"""The valuer's summary layout: section → (label, field) rows. Used by the CLI and Excel."""
RATIO_FIELDS = frozenset({
    "profit_on_gdv", "profit_on_cost", "irr", "landlord_irr", "landlord_discount_rate",
    "grant_needed_per_home_over_benchmark_ahp_east_of_england",
    "grant_needed_per_home_over_benchmark_sahp_average"})
MONTH_FIELDS = frozenset({"peak_debt_month", "break_even_month", "exit_month"})
COUNT_FIELDS = frozenset({"landlord_payback_year", "landlord_payback_limit_years",
                          "affordable_additionality"})
"""Fields that are a count (years, homes), not money."""
TEXT_FIELDS = frozenset({"affordable_valuation_method", "landlord"})


def _plain(value: Any) -> Any:
    if isinstance(value, str):
        return value
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    number = float(value)
    return None if math.isnan(number) or math.isinf(number) else number


def results_document(results: AppraisalResults, sensitivity: Sensitivity | None = None
                     ) -> dict[str, Any]:
    """The results as plain data with stable field names (NaN becomes null).

    Examples
    --------
    >>> from partnerhomes.appraisal import appraise, examples
    >>> document = results_document(appraise.appraise(examples.two_schemes()))
    >>> document["schema"], document["results"][0]["scheme_id"]
    ('partnerhomes.appraisal/1', 'A')
    """
    rows = []
    for i, scheme_id in enumerate(results.scheme_id):
        row: dict[str, Any] = {"scheme_id": str(scheme_id), "verdict": str(results.verdict[i])}
        row.update({name: _plain(values[i]) for name, values in results.values.items()})
        rows.append(row)
    document: dict[str, Any] = {
        "schema": SCHEMA, "code_version": results.code_version,
        "parameters_digest": results.parameters_digest, "settings": results.settings,
        "results": rows,
        "errors": [{"scheme_id": e.scheme_id, "field": e.field, "message": e.message}
                   for e in results.errors],
    }
    if sensitivity is not None:
        document["sensitivity"] = sensitivity.as_dict()
    return document


def write_json(results: AppraisalResults, path: Path,
               sensitivity: Sensitivity | None = None) -> None:
    """Write :func:`results_document` as indented UTF-8 JSON."""
    path.write_text(json.dumps(results_document(results, sensitivity), indent=2,
                               ensure_ascii=False) + "\n", encoding="utf-8")


def results_frame(results: AppraisalResults) -> pd.DataFrame:
    """One row per scheme, one column per field (scheme_id and verdict first).

    Examples
    --------
    >>> from partnerhomes.appraisal import appraise, examples
    >>> list(results_frame(appraise.appraise(examples.two_schemes())).columns[:3])
    ['scheme_id', 'verdict', 'gdv']
    """
    frame = pd.DataFrame({"scheme_id": results.scheme_id.astype(str),
                          "verdict": results.verdict.astype(str)})
    return pd.concat([frame, pd.DataFrame(results.values)], axis=1)


def cashflow_frame(results: AppraisalResults) -> pd.DataFrame:
    """Long table of the monthly cashflow: scheme_id, line, then one column per month [GBP]."""
    if results.cashflow is None:
        raise ValueError("appraise(..., include_cashflow=True) is needed for a cashflow")
    frames = []
    for line, matrix in results.cashflow.items():
        frame = pd.DataFrame(matrix, columns=[f"month_{t}" for t in range(matrix.shape[1])])
        frame.insert(0, "line", line)
        frame.insert(0, "scheme_id", results.scheme_id.astype(str))
        frames.append(frame)
    return pd.concat(frames, ignore_index=True).sort_values(
        ["scheme_id"], kind="stable").reset_index(drop=True)


def write_excel(results: AppraisalResults, path: Path, max_cashflow_sheets: int = 20) -> None:
    """Excel workbook: a valuer's summary (one column per scheme), all fields, errors, and a
    monthly cashflow sheet per scheme (the first ``max_cashflow_sheets``)."""
    with pd.ExcelWriter(path, engine="xlsxwriter") as writer:
        rows: list[tuple[str, str, str]] = []
        for section, lines in SUMMARY_SECTIONS:
            rows.append((section, "", ""))
            rows.extend(("", label, field) for label, field in lines)
        summary = pd.DataFrame(rows, columns=["section", "item", "field"])
        for i, scheme_id in enumerate(results.scheme_id):
            summary[str(scheme_id)] = [
                results.values[field][i] if field else None for _, _, field in rows]
        summary.to_excel(writer, sheet_name="summary", index=False)
        results_frame(results).to_excel(writer, sheet_name="results", index=False)
        pd.DataFrame([{"scheme_id": e.scheme_id, "field": e.field, "message": e.message}
                      for e in results.errors],
                     columns=["scheme_id", "field", "message"]).to_excel(
            writer, sheet_name="errors", index=False)
        pd.DataFrame({"key": ["code_version", "parameters_digest", *results.settings],
                      "value": [results.code_version, results.parameters_digest,
                                *map(str, results.settings.values())]}).to_excel(
            writer, sheet_name="provenance", index=False)
        if results.cashflow is not None:
            flows = cashflow_frame(results)
            ids = list(results.scheme_id.astype(str))[:max_cashflow_sheets]
            for number, scheme_id in enumerate(ids, start=1):
                flows[flows["scheme_id"] == scheme_id].to_excel(
                    writer, sheet_name=f"cashflow {number}", index=False)
