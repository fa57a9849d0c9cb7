"""Lay a run's results out as a valuer reads them, and its cashflow as a chart.

The sections and labels are :data:`partnerhomes.appraisal.export.SUMMARY_SECTIONS` (the CLI's
and the workbook's); any result field they do not name is shown under "Further results" with a
label made from its stable field name, so fields the appraisal gains appear without a change
here. Units follow the field: ratios as %, months as months, homes as counts, else pounds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from partnerhomes.appraisal.export import MONTH_FIELDS, RATIO_FIELDS, SUMMARY_SECTIONS
from partnerhomes.reports.plan_summary import TENURE_LABELS
from partnerhomes.web.dashboard.templatetags.money import money

ABBREVIATIONS = {"gdv": "GDV", "rlv": "RLV", "blv": "BLV", "npv": "NPV", "irr": "IRR",
                 "sdlt": "SDLT", "cil": "CIL", "rams": "RAMS", "lha": "LHA", "ahp": "AHP",
                 "sahp": "SAHP", "s106": "S106", "gia": "GIA", "m2": "m²"}
COUNT_WORDS = ("dwellings", "additionality", "iterations", "years")
NOT_SHOWN = frozenset({"scheme_id", "verdict"})
LAND_LINES = frozenset({"land_price", "sdlt", "land_agent_fee", "land_legal_fee"})
FEE_LINES = frozenset({"arrangement_fee", "exit_fee"})
TOTAL_LINES = frozenset({"net", "interest", "balance"})
TOTAL_FIELDS = frozenset({"gdv", "development_cost", "finance_cost", "total_cost", "profit",
                          "residual_land_value", "residual_less_benchmark"})
"""Summary lines shown as totals (bold)."""


@dataclass(frozen=True)
class Line:
    label: str
    field: str
    text: str
    is_total: bool = False


@dataclass(frozen=True)
class Section:
    title: str
    lines: list[Line]


def label(field: str) -> str:
    """A label from a stable field name.

    Examples
    --------
    >>> label("grant_needed_per_home_over_benchmark_sahp_average")
    'Grant needed per home over benchmark SAHP average'
    >>> label("gdv_first_homes")
    'GDV first homes'
    """
    words = [ABBREVIATIONS.get(word, word) for word in field.split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def value_text(field: str, value: Any) -> str:
    """One result as a valuer reads it.

    Examples
    --------
    >>> value_text("profit_on_gdv", 0.1734), value_text("gdv", -1234.4)
    ('17.3%', '−£1,234')
    >>> value_text("break_even_month", -1), value_text("dwellings", 60.0)
    ('never', '60')
    """
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return value.replace("_", " ")
    number = float(value)
    if field in RATIO_FIELDS or field.endswith("_rate"):
        return f"{number:.1%}"
    if field in MONTH_FIELDS or field.endswith("_month"):
        return "never" if number < 0 else f"{number:.0f}"
    if any(word in field for word in COUNT_WORDS) or field.endswith(("_year", "_cover")):
        return f"{number:,.1f}".removesuffix(".0")
    return money(number)


MONEY_INPUTS = frozenset({"land_price", "benchmark_land_value", "abnormals", "other_contributions",
                          "grant", "first_homes_price_cap", "market_value"})
"""Scheme and unit inputs in pounds besides those priced per something (``_per_``)."""
NUMBER_INPUTS = frozenset({"compounding_periods_per_year", "gia_m2", "count", "phase",
                           "sales_rate_per_outlet", "hectares", "cil_zone"})


def input_text(field: str, value: Any) -> str:
    """A scheme or unit input as its owner reads it: rates and yields as %, money in pounds,
    names in words, other numbers as written.

    Examples
    --------
    >>> input_text("debit_rate", 0.075), input_text("rams_per_dwelling", 350.0)
    ('7.5%', '£350')
    >>> input_text("compounding_periods_per_year", 12), input_text("landlord", "council_hra")
    ('12', 'council hra')
    >>> input_text("tenure", "market_sale")
    'Market sale'
    """
    if field == "tenure":
        return TENURE_LABELS.get(str(value), str(value).replace("_", " "))
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value_text(field, value) if isinstance(value, bool | str) else str(value)
    if field.endswith(("_rate", "_yield")):
        return f"{value * 100:.4g}%"
    if field in NUMBER_INPUTS or not (field in MONEY_INPUTS or "_per_" in field):
        return f"{value:,.4g}" if isinstance(value, float) else f"{value:,}"
    return money(value)


def unit_rows(units: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A unit schedule's rows in words: the tenure's name (as every page writes it), the unit
    type spelt out, and what else the row gives as "label: value" texts."""
    main = ("phase", "tenure", "unit_type", "count")
    return [{"phase": unit.get("phase", ""), "tenure": input_text("tenure", unit.get("tenure")),
             "unit_type": label(str(unit.get("unit_type", ""))), "count": unit.get("count"),
             "given": [f"{label(key)}: {input_text(key, value)}" for key, value in unit.items()
                       if key not in main and value not in (None, "")]}
            for unit in units]


def sections(result: dict[str, Any]) -> list[Section]:
    """The valuer's summary of one scheme's results, then any further fields."""
    shown: set[str] = set()
    out = []
    for title, lines in SUMMARY_SECTIONS:
        present = [(text, field) for text, field in lines if field in result]
        shown.update(field for _, field in lines)
        if present:
            out.append(Section(title, [
                Line(text, field, value_text(field, result[field]), field in TOTAL_FIELDS)
                for text, field in present]))
    further = [field for field in result if field not in shown and field not in NOT_SHOWN]
    if further:
        out.append(Section("Further results", [
            Line(label(field), field, value_text(field, result[field])) for field in further]))
    return out


def _series(cashflow: dict[str, list[float]], names: list[str], sign: float) -> list[float]:
    months = len(next(iter(cashflow.values()), []))
    return [round(sign * sum(cashflow[name][t] for name in names), 2) for t in range(months)]


def chart(cashflow: dict[str, list[float]]) -> dict[str, Any]:
    """A plotly figure (plain data) of the monthly cashflow: receipts up, costs down, grouped
    into development costs, land and acquisition, finance fees and interest; the balance as a
    line."""
    if not cashflow:
        return {}
    months = list(range(len(next(iter(cashflow.values())))))
    receipts = [n for n in cashflow if n.endswith("_receipts")]
    land = [n for n in cashflow if n in LAND_LINES]
    fees = [n for n in cashflow if n in FEE_LINES]
    costs = [n for n in cashflow
             if n not in TOTAL_LINES and n not in LAND_LINES and n not in FEE_LINES
             and n not in receipts]
    bars = [("Receipts", receipts, 1.0, "#00703c"), ("Development costs", costs, -1.0, "#d4351c"),
            ("Land and acquisition", land, -1.0, "#6f72af"),
            ("Finance fees", fees, -1.0, "#f47738")]
    data: list[dict[str, Any]] = [
        {"type": "bar", "name": name, "x": months, "y": _series(cashflow, lines, sign),
         "marker": {"color": colour}} for name, lines, sign, colour in bars if lines]
    if "interest" in cashflow:
        data.append({"type": "bar", "name": "Interest", "x": months,
                     "y": [round(v, 2) for v in cashflow["interest"]],
                     "marker": {"color": "#505a5f"}})
    if "balance" in cashflow:
        data.append({"type": "scatter", "mode": "lines", "name": "Balance", "x": months,
                     "y": [round(v, 2) for v in cashflow["balance"]],
                     "line": {"color": "#0b0c0c", "width": 3}})
    layout = {"barmode": "relative", "height": 420, "margin": {"l": 80, "r": 20, "t": 10,
                                                                "b": 50},
              "xaxis": {"title": {"text": "Month"}},
              "yaxis": {"title": {"text": "£ per month (balance: cumulative)"},
                        "tickprefix": "£", "separatethousands": True},
              "legend": {"orientation": "h", "y": -0.2},
              "font": {"family": "Arial, sans-serif"}}
    return {"data": data, "layout": layout}


def grid(sensitivity: dict[str, Any] | None) -> dict[str, Any] | None:
    """The two-way grid of residual land value as table rows (first variable down)."""
    if not sensitivity or not sensitivity.get("residual_land_value"):
        return None
    first, second = sensitivity["variables"]
    steps = [f"{step:+.0%}" for step in sensitivity["steps"]]
    values = sensitivity["residual_land_value"][0]
    return {"first": label(first), "second": label(second), "steps": steps,
            "rows": [(steps[i], [value_text("residual_land_value", v) for v in row])
                     for i, row in enumerate(values)]}


def one_way(sensitivity: dict[str, Any] | None) -> dict[str, Any] | None:
    """The one-way (tornado) table: residual land value per variable and step."""
    if not sensitivity or not sensitivity.get("residual_land_value"):
        return None
    steps = [f"{step:+.0%}" for step in sensitivity["steps"]]
    values = sensitivity["residual_land_value"][0]
    return {"steps": steps, "rows": [
        (label(name), [value_text("residual_land_value", v) for v in values[i]])
        for i, name in enumerate(sensitivity["variables"])]}
