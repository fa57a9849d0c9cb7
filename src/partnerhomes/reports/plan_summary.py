"""The programme summary a chief executive can read: one self-contained HTML page (charts inline
as SVG, no scripts, no network), and the trajectory and uplift charts on their own.

Not represented: the site-by-site plan (it is in the CSV/JSON beside the page), maps, and the
appraisal detail behind each option. Homes [dwellings], money [GBP], years are financial years.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass, field

import matplotlib

matplotlib.use("Agg")  # files only; no display

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from partnerhomes.programme.outputs import PlanOutputs

TENURE_LABELS = {"social_rent": "Social Rent", "affordable_rent": "Affordable Rent",
                 "shared_ownership": "Shared ownership", "first_homes": "First Homes",
                 "market_sale": "Market sale"}
TENURE_COLOURS = {"social_rent": "#1d70b8", "affordable_rent": "#5694ca",
                  "shared_ownership": "#00703c", "first_homes": "#85994b",
                  "market_sale": "#b1b4b6"}


@dataclass(frozen=True)
class SummaryInputs:
    """Everything the page shows; tables as the CLI writes them."""

    title: str
    is_illustrative: bool
    headline: dict[str, float]
    solver: dict[str, object]
    uplift: pd.DataFrame
    trajectory: pd.DataFrame
    exemplars: pd.DataFrame
    lots: pd.DataFrame
    absorption: pd.DataFrame
    years: tuple[int, int]
    notes: list[str] = field(default_factory=list)

    @classmethod
    def from_outputs(cls, outputs: PlanOutputs) -> SummaryInputs:
        """The page's inputs from a planning run's outputs."""
        programme, options = outputs.run.programme, outputs.run.options
        return cls(
            title=programme.name, is_illustrative=programme.is_illustrative,
            headline=outputs.headline, solver=outputs.solver, uplift=outputs.uplift,
            trajectory=outputs.trajectory, exemplars=outputs.exemplars, lots=outputs.lots,
            absorption=outputs.absorption, years=(programme.years.first, programme.years.last),
            notes=[f"{options.n_options:,} options appraised across {outputs.n_sites:,} sites."])


def trajectory_figure(trajectory: pd.DataFrame) -> Figure:
    """Completions a year by tenure (stacked bars) [dwellings]."""
    table = (trajectory.pivot_table(index="year", columns="tenure", values="completions",
                                    aggfunc="sum", fill_value=0.0)
             if len(trajectory) else pd.DataFrame())
    figure, axes = plt.subplots(figsize=(8, 3.6))
    bottom = None
    for tenure, label in TENURE_LABELS.items():
        if tenure not in table.columns or not table[tenure].any():
            continue
        axes.bar(table.index.astype(str), table[tenure], bottom=bottom, label=label,
                 color=TENURE_COLOURS[tenure])
        bottom = table[tenure] if bottom is None else bottom + table[tenure]
    axes.set_ylabel("homes completed")
    axes.set_xlabel("financial year starting April")
    axes.legend(frameon=False, fontsize=8, ncol=3)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return figure


def uplift_figure(uplift: pd.DataFrame) -> Figure:
    """Affordable homes in each scenario, partners alone first [dwellings]."""
    figure, axes = plt.subplots(figsize=(8, 3.4))
    labels = uplift["scenario"].astype(str).tolist()
    values = uplift["affordable_homes"].to_numpy()
    colours = ["#b1b4b6"] + ["#5694ca"] * (len(labels) - 2) + ["#1d70b8"]
    axes.barh(labels[::-1], values[::-1], color=colours[:len(labels)][::-1])
    for y, value in enumerate(values[::-1]):
        axes.text(value, y, f" {value:,.0f}", va="center", fontsize=8)
    axes.set_xlabel("affordable homes in the plan")
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return figure


def svg_text(figure: Figure) -> str:
    """The figure as inline SVG markup (closes the figure)."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg")
    plt.close(figure)
    text = buffer.getvalue()
    return text[text.find("<svg"):]


def _money(value: float) -> str:
    """Pounds as a reader writes them: −£43,614, £1.3m.

    >>> _money(-43_614.2), _money(1_300_000.0)
    ('−£43,614', '£1.3m')
    """
    sign = "−" if value < 0 else ""
    if abs(value) >= 1e6:
        return f"{sign}£{abs(value) / 1e6:,.1f}m"
    return f"{sign}£{abs(value):,.0f}"


def _table(frame: pd.DataFrame, columns: dict[str, str], money: tuple[str, ...] = (),
           percent: tuple[str, ...] = ()) -> str:
    if frame.empty:
        return "<p>None.</p>"
    head = "".join(f"<th>{html.escape(label)}</th>" for label in columns.values())
    body = []
    for _, row in frame.iterrows():
        cells = []
        for name in columns:
            value = row.get(name, "")
            if name in money and isinstance(value, int | float):
                text = _money(float(value))
            elif name in percent and isinstance(value, int | float):
                text = f"{float(value):.0%}"
            elif isinstance(value, float):
                text = f"{value:,.0f}"
            else:
                text = str(value)
            cells.append(f"<td>{html.escape(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


STYLE = """
body{font-family:Arial,Helvetica,sans-serif;max-width:960px;margin:2em auto;color:#0b0c0c;
line-height:1.45;padding:0 1em}h1{font-size:1.9em;margin-bottom:.2em}h2{margin-top:1.6em;
border-bottom:2px solid #1d70b8;padding-bottom:.2em}.banner{background:#fff7bf;border-left:6px
solid #ffdd00;padding:.6em 1em}.big{display:flex;gap:1em;flex-wrap:wrap}.big div{flex:1;
min-width:150px;background:#f3f2f1;padding:.8em}.big b{display:block;font-size:1.8em}
table{border-collapse:collapse;width:100%;font-size:.88em}th,td{text-align:left;padding:.3em
.5em;border-bottom:1px solid #b1b4b6;vertical-align:top}svg{max-width:100%;height:auto}
.small{font-size:.85em;color:#505a5f}
"""


def _solver_text(solver: dict[str, object]) -> str:
    s = solver
    return (f"Solved as a mixed-integer programme (HiGHS): status {s.get('status')}, "
            f"objective {s.get('objective')}, bound {s.get('bound')}, relative gap "
            f"{s.get('gap')}, {s.get('solve_seconds')} s of a {s.get('time_limit_seconds')} s "
            "limit. The objective is weighted affordable homes (Social Rent weighted highest), "
            "with earlier delivery as a tie-break.")


def summary_html(inputs: SummaryInputs) -> str:
    """The summary page (self-contained HTML, works offline)."""
    h = inputs.headline
    alone = inputs.uplift.iloc[0] if len(inputs.uplift) else None
    pooled = inputs.uplift.iloc[-1] if len(inputs.uplift) else None
    more = 0.0 if alone is None or pooled is None else float(
        pooled["affordable_homes"] - alone["affordable_homes"])
    extra = "" if alone is None or pooled is None else (
        f"<p>Working together the partners deliver <b>{more:,.0f} more affordable homes</b> "
        "than acting alone "
        f"({alone['affordable_homes']:,.0f} alone; {pooled['affordable_homes']:,.0f} pooled), "
        f"{pooled['homes_social_rent'] - alone['homes_social_rent']:,.0f} of them Social Rent. "
        "The table shows what each way of working together adds on its own.</p>")
    banner = ("<p class='banner'><b>Illustrative.</b> The sites and resources are invented for "
              "the PartnerHomes demo and describe no real organisation.</p>"
              if inputs.is_illustrative else "")
    first, last = inputs.years
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{html.escape(inputs.title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{html.escape(inputs.title)}</h1>", banner,
        f"<p>The best programme the partnership's resources allow, {first}–{last}: which sites, "
        "which tenure mix, which route and which start year.</p>",
        "<div class='big'>",
        f"<div><b>{h.get('affordable_homes', 0):,.0f}</b>affordable homes</div>",
        f"<div><b>{h.get('homes_social_rent', 0):,.0f}</b>for Social Rent</div>",
        f"<div><b>{h.get('sites', 0):,.0f}</b>sites</div>",
        f"<div><b>{_money(h.get('grant', 0.0))}</b>grant, "
        f"{_money(h.get('grant_per_affordable_home', 0.0))} a home</div></div>",
        f"<p>Also {h.get('homes_affordable_rent', 0):,.0f} Affordable Rent and "
        f"{h.get('homes_shared_ownership', 0):,.0f} shared ownership homes, and "
        f"{h.get('homes_market_sale', 0):,.0f} homes for market sale that help pay for them.</p>",
        "<h2>What working together adds</h2>", extra,
        svg_text(uplift_figure(inputs.uplift)) if len(inputs.uplift) else "",
        _table(inputs.uplift, {"scenario": "Scenario", "affordable_homes": "Affordable homes",
                               "homes_social_rent": "Social Rent",
                               "extra_affordable_homes": "Extra over alone",
                               "grant": "Grant", "grant_per_affordable_home": "Grant a home"},
               money=("grant", "grant_per_affordable_home")),
        "<h2>When the homes arrive</h2>", svg_text(trajectory_figure(inputs.trajectory)),
        "<p>On large sites market sales are limited by what the local market absorbs, so a site "
        "with more affordable homes builds out faster:</p>",
        _table(inputs.absorption, {"affordable_share": "Affordable share",
                                   "build_out_years": "Years to build out",
                                   "completions_per_year": "Homes a year"},
               percent=("affordable_share",)),
        "<h2>Exemplar sites: ready to start</h2>",
        _table(inputs.exemplars, {"site_reference": "Site", "council": "Council",
                                  "reason": "Why"}),
        "<h2>Lots for small builders</h2>",
        _table(inputs.lots, {"lot_id": "Lot", "council": "Council", "sites": "Sites",
                             "homes": "Homes", "surplus": "Surplus over land value",
                             "verdict": "Verdict"}, money=("surplus",)),
        "<h2>How sure is this?</h2>",
        "<p class='small'>" + html.escape(_solver_text(inputs.solver)) + " "
        + " ".join(html.escape(n) for n in inputs.notes) + "</p>",
        "</body></html>",
    ]
    return "\n".join(parts)
