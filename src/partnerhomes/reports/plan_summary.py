"""The programme summary a chief executive can read: one self-contained HTML page (charts inline
as SVG, no scripts, no network), and the trajectory and uplift charts on their own.

**How sure.** Each uplift scenario is the best plan the solver found in its time; it is *proven*
when its relative gap to the solver's bound is within the programme's ``objective.gap``. A scenario
that is not proven is shown as "at least" its homes, "could be up to about" its homes × (1 + gap),
and is never said to add nothing: the bound is on the planner's measure (weighted homes, or homes
by a year), so the homes it allows are an approximation, and the page says "about". Under the
least-grant objective the homes are the target and the grant is what is uncertain: "at most" the
grant found, "could be as little as about" grant × (1 − gap).

**Partners.** The plan's figures from the vehicles engine (``programme.partners``) added up for
each council and housing association across the plan: capital put in, return (what comes back
less the capital) and funding (each scheme's most tied up at any month, added across schemes, so
an upper figure when schemes peak at different times).

Not represented: the site-by-site plan (it is in the CSV/JSON beside the page), maps, and the
appraisal detail behind each option. Homes [dwellings], money [GBP], years are financial years.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass, field

import matplotlib

matplotlib.use("Agg")  # files only; no display

import math
from collections.abc import Mapping

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from partnerhomes.programme.outputs import PlanOutputs
from partnerhomes.reports.money import money_short

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
    partners: pd.DataFrame = field(default_factory=pd.DataFrame)  # :func:`partner_totals`
    objective_kind: str = "weighted_affordable_homes"

    @classmethod
    def from_outputs(cls, outputs: PlanOutputs) -> SummaryInputs:
        """The page's inputs from a planning run's outputs."""
        programme, options = outputs.run.programme, outputs.run.options
        table = options.table
        association = (table.drop_duplicates("option_id").set_index("option_id")["association"]
                       if "association" in table else pd.Series(dtype=float))
        names = [a.name for a in programme.housing_associations]
        index = association.reindex(outputs.plan["option_id"]).fillna(-1).astype(int)
        plan = outputs.plan.assign(association=[names[i] if 0 <= i < len(names) else ""
                                                for i in index])
        return cls(
            title=programme.name, is_illustrative=programme.is_illustrative,
            headline=outputs.headline, solver=outputs.solver, uplift=outputs.uplift,
            trajectory=outputs.trajectory, exemplars=outputs.exemplars, lots=outputs.lots,
            absorption=outputs.absorption, years=(programme.years.first, programme.years.last),
            notes=[f"{options.n_options:,} options appraised across {outputs.n_sites:,} sites."],
            partners=partner_totals(plan, {c.gss_code: c.name for c in programme.councils}),
            objective_kind=programme.objective.kind)


PARTNER_FIGURES = ("capital", "return", "funding")


def partner_totals(plan: pd.DataFrame, councils: Mapping[str, str]) -> pd.DataFrame:
    """Each council's and housing association's capital, return and funding added up across the
    plan [GBP], one row a partner with any (councils first, in ``councils``' order, then
    associations by name), with the number of schemes it puts money into or funds.

    ``plan`` is the plan table (``gss_code``, ``council_*`` and ``association_*`` figures of
    ``programme.partners.FIGURES``) with an ``association`` column naming each option's
    association ("" for none); ``councils`` names each GSS code. Empty when the plan carries no
    partners' figures (options without appraised schemes).

    >>> plan = pd.DataFrame({"gss_code": ["E1", "E1"], "association": ["HA", ""],
    ...     "council_capital": [1.0, 2.0], "council_return": [0.5, 0.0],
    ...     "council_funding": [3.0, 1.0], "association_capital": [4.0, 0.0],
    ...     "association_return": [1.0, 0.0], "association_funding": [5.0, 0.0]})
    >>> partner_totals(plan, {"E1": "Basildon"})[["partner", "schemes", "capital"]].to_dict("list")
    {'partner': ['Basildon', 'HA'], 'schemes': [2, 1], 'capital': [3.0, 4.0]}
    """
    columns = ["partner", "kind", "schemes", *PARTNER_FIGURES]
    needed = [f"{who}_{what}" for who in ("council", "association") for what in PARTNER_FIGURES]
    if plan.empty or any(c not in plan for c in needed) or plan[needed].isna().all().all():
        return pd.DataFrame(columns=columns)
    rows = []
    for who, key, kind, order in (
            ("council", "gss_code", "council",
             [*councils, *sorted(set(plan["gss_code"].astype(str)) - set(councils))]),
            ("association", "association", "housing association",
             sorted(set(plan["association"].astype(str)) - {""}))):
        figures = plan[[f"{who}_{what}" for what in PARTNER_FIGURES]].fillna(0.0)
        figures.columns = list(PARTNER_FIGURES)
        involved = (figures["capital"].abs() > 0) | (figures["funding"] > 0)
        keys = plan[key].astype(str)
        for name in order:
            mine = (keys == name) & involved
            if mine.any():
                totals = figures[mine].sum()
                rows.append({"partner": councils.get(name, name) if who == "council" else name,
                             "kind": kind, "schemes": int(mine.sum()),
                             **{what: float(totals[what]) for what in PARTNER_FIGURES}})
    return pd.DataFrame(rows, columns=columns)


def _flag(value: object) -> bool | None:
    """A table's ``is_proven`` cell as True/False, or None when not recorded."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return bool(value)


def _finite(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]  # a table cell: number, str or None
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


@dataclass(frozen=True)
class Certainty:
    """One uplift scenario's figure and how sure it is: ``found`` (the best plan found; affordable
    homes [dwellings], or grant [GBP] under least grant), ``limit`` (the most the best plan could
    reach, or the least grant it could need, from the gap; ``found`` when unknown), ``gap`` [/1]
    and ``is_proven`` (None when the table does not say)."""

    found: float
    limit: float
    gap: float | None
    is_proven: bool | None

    @classmethod
    def of(cls, row: Mapping[str, object], least_grant: bool = False) -> Certainty:
        """From an uplift row (``affordable_homes``/``grant``, ``gap``, ``is_proven``).

        >>> c = Certainty.of({"affordable_homes": 1000.0, "gap": 0.05, "is_proven": False})
        >>> c.found, round(c.limit), c.is_proven
        (1000.0, 1050, False)
        """
        found = float(row["grant" if least_grant else "affordable_homes"])  # type: ignore[arg-type]  # a number
        gap = _finite(row.get("gap"))
        limit = found if gap is None else found * ((1.0 - gap) if least_grant else (1.0 + gap))
        return cls(found, limit, gap, _flag(row.get("is_proven")))


def _homes_words(c: Certainty) -> str:
    """Affordable homes in words a chief executive reads.

    >>> _homes_words(Certainty(3736.0, 3956.0, 0.059, False))
    'at least 3,736; could be up to about 3,956 (not proven within the time allowed)'
    >>> _homes_words(Certainty(4632.0, 4654.0, 0.0047, True))
    '4,632 (proven best, to within 0.47%)'
    """
    if c.is_proven is None:
        return f"{c.found:,.0f}"
    if c.is_proven:
        return f"{c.found:,.0f} (proven best, to within {c.gap or 0.0:.2%})"
    return (f"at least {c.found:,.0f}; could be up to about {c.limit:,.0f} "
            "(not proven within the time allowed)")


def _grant_words(c: Certainty) -> str:
    """Grant under the least-grant objective, in words.

    >>> _grant_words(Certainty(5e7, 4.5e7, 0.1, False))
    'at most £50.0m; could be as little as about £45.0m (not proven within the time allowed)'
    """
    if c.is_proven is None:
        return money_short(c.found)
    if c.is_proven:
        return f"{money_short(c.found)} (proven least, to within {c.gap or 0.0:.2%})"
    return (f"at most {money_short(c.found)}; could be as little as about {money_short(c.limit)} "
            "(not proven within the time allowed)")


def _extra_words(scenario: Certainty, alone: Certainty) -> str:
    """The affordable homes a scenario adds over acting alone, in words: a range whenever either
    is not proven (never "adds nothing" for an unproven zero; the lower end left out when the
    bounds allow no gain at all).

    >>> alone = Certainty(3736.0, 3956.0, 0.059, False)
    >>> _extra_words(Certainty(3736.0, 4021.0, 0.076, False), alone)
    'none found in the time allowed; could be up to about +285'
    >>> _extra_words(Certainty(4632.0, 4654.0, 0.0047, True), alone)
    '+896 in the plans found; between about +676 and +918'
    >>> _extra_words(Certainty(3900.0, 4200.0, 0.077, False), alone)
    '+164 in the plans found; could be up to about +464'
    """
    found = scenario.found - alone.found
    if scenario.is_proven is not False and alone.is_proven is not False:
        return f"{found:+,.0f}"
    low = max(scenario.found - alone.limit, 0.0)
    high = max(scenario.limit - alone.found, found)
    if round(found) == 0:  # as it would print: "+0"
        return f"none found in the time allowed; could be up to about {high:+,.0f}"
    if round(low) == 0:
        return f"{found:+,.0f} in the plans found; could be up to about {high:+,.0f}"
    return f"{found:+,.0f} in the plans found; between about {low:+,.0f} and {high:+,.0f}"


def uplift_words(uplift: pd.DataFrame, objective_kind: str = "weighted_affordable_homes"
                 ) -> pd.DataFrame:
    """The uplift table as the page shows it: each scenario's homes (or grant, under least grant)
    with how sure they are, its extra homes over acting alone, Social Rent and grant."""
    least = objective_kind == "least_grant"
    rows = [{str(k): v for k, v in row.items()} for _, row in uplift.iterrows()]
    alone = Certainty.of(rows[0]) if rows else None
    out = []
    for k, row in enumerate(rows):
        homes, grant = Certainty.of(row), Certainty.of(row, least_grant=True)
        out.append({
            "scenario": str(row["scenario"]),
            "affordable_homes": _homes_words(homes) if not least else f"{homes.found:,.0f}",
            "homes_social_rent": float(row.get("homes_social_rent", math.nan)),
            "extra": "—" if k == 0 or alone is None or least else _extra_words(homes, alone),
            "grant": _grant_words(grant) if least else money_short(grant.found),
            "grant_per_affordable_home": float(row.get("grant_per_affordable_home", math.nan)),
        })
    return pd.DataFrame(out)


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
    drawn = len(axes.get_legend_handles_labels()[0])
    if drawn:  # above the plot, in one row, so it never covers a bar (it sat over the tallest)
        axes.legend(frameon=False, fontsize=8, ncol=drawn, loc="lower left",
                    bbox_to_anchor=(0.0, 1.0), borderaxespad=0.3)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return figure


UNPROVEN_HATCH = "///"


def uplift_figure(uplift: pd.DataFrame) -> Figure:
    """Affordable homes in each scenario, partners alone first [dwellings]. A scenario not proven
    within the time allowed is drawn lighter and hatched, with an outlined extension to the most
    its gap allows ("could be up to about"); the legend says which is which."""
    figure, axes = plt.subplots(figsize=(8, 3.4))
    labels = uplift["scenario"].astype(str).tolist()
    rows = [{str(k): v for k, v in row.items()} for _, row in uplift.iterrows()]
    sure = [Certainty.of(row) for row in rows]
    colours = ["#b1b4b6"] + ["#5694ca"] * (len(labels) - 2) + ["#1d70b8"]
    unproven = False
    for y, (label, c, colour) in enumerate(zip(labels[::-1], sure[::-1],
                                               colours[:len(labels)][::-1], strict=True)):
        if c.is_proven is False:
            unproven = True
            axes.barh(label, c.found, color=colour, alpha=0.45, hatch=UNPROVEN_HATCH,
                      edgecolor="#0b0c0c", linewidth=0.0)
            axes.barh(label, c.limit - c.found, left=c.found, color="none",
                      edgecolor="#505a5f", linestyle="--", linewidth=0.8)
            text = f" {c.found:,.0f}, could be up to about {c.limit:,.0f}"
            axes.text(c.limit, y, text, va="center", fontsize=8)
        else:
            axes.barh(label, c.found, color=colour)
            axes.text(c.found, y, f" {c.found:,.0f}", va="center", fontsize=8)
    if unproven:
        axes.legend(handles=[
            Patch(facecolor="#1d70b8", label="proven best plan"),
            Patch(facecolor="#5694ca", alpha=0.45, hatch=UNPROVEN_HATCH, edgecolor="#0b0c0c",
                  linewidth=0.0, label="best plan found, not proven in the time allowed"),
            Patch(facecolor="none", edgecolor="#505a5f", linestyle="--",
                  label="could be up to (solver's bound)")],
            frameon=False, fontsize=7, loc="upper center", bbox_to_anchor=(0.45, -0.22), ncol=3)
    if sure:
        axes.set_xlim(0, max(max(c.limit, c.found) for c in sure) * (1.55 if unproven else 1.15))
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
                text = money_short(float(value))
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


def _together_words(uplift: pd.DataFrame, objective_kind: str) -> str:
    """The paragraph on what working together adds, saying plainly what is not proven."""
    if not len(uplift):
        return ""
    first = {str(k): v for k, v in uplift.iloc[0].items()}
    last = {str(k): v for k, v in uplift.iloc[-1].items()}
    if objective_kind == "least_grant":
        alone, pooled = Certainty.of(first, True), Certainty.of(last, True)
        text = (f"Working together the partners need <b>{money_short(alone.found - pooled.found)} "
                f"less grant</b> than acting alone for the homes they aim at "
                f"({money_short(alone.found)} alone; {money_short(pooled.found)} pooled).")
        if alone.is_proven is False or pooled.is_proven is False:
            text += (" Not every figure is proven within the time allowed: the table gives the "
                     "least each could need.")
        return f"<p>{text}</p>"
    alone, pooled = Certainty.of(first), Certainty.of(last)
    social = float(last["homes_social_rent"]) - float(first["homes_social_rent"])
    sure = alone.is_proven is not False and pooled.is_proven is not False
    than = "acting alone" if sure else "the best plan found for acting alone"
    text = (f"Working together the partners deliver <b>{pooled.found - alone.found:,.0f} more "
            f"affordable homes</b> than {than} "
            f"({alone.found:,.0f} alone; {pooled.found:,.0f} pooled), {social:,.0f} of them "
            "Social Rent.")
    if alone.is_proven is False:
        text += (f" Acting alone is not proven within the time allowed: it could reach up to "
                 f"about {alone.limit:,.0f}, so working together adds at least about "
                 f"{max(pooled.found - alone.limit, 0.0):,.0f}.")
    if pooled.is_proven is False:
        text += (f" The pooled plan is not proven within the time allowed either: it could be up "
                 f"to about {pooled.limit:,.0f}.")
    text += " The table shows what each way of working together adds on its own."
    if any(_flag(v) is False for v in uplift.get("is_proven", pd.Series(dtype=bool))):
        text += (" Where a figure is not proven within the time allowed it is shown as a range: "
                 "a way of working with no gain found may still add homes.")
    return f"<p>{text}</p>"


def _scenario_solves(uplift: pd.DataFrame) -> pd.DataFrame:
    """Each uplift solve's figures as text: objective, bound, gap, proven, time used."""
    if "bound" not in uplift:
        return pd.DataFrame()
    rows = []
    for _, row in uplift.iterrows():
        gap, proven = _finite(row.get("gap")), _flag(row.get("is_proven"))
        used, limit = _finite(row.get("solve_seconds")), _finite(row.get("time_limit_seconds"))
        objective, bound = _finite(row.get("objective")), _finite(row.get("bound"))
        rows.append({
            "scenario": str(row["scenario"]),
            "objective": "—" if objective is None else f"{objective:,.1f}",
            "bound": "—" if bound is None else f"{bound:,.1f}",
            "gap": "—" if gap is None else f"{gap:.2%}",
            "is_proven": {True: "yes", False: "no", None: "—"}[proven],
            "time": ("—" if used is None or limit is None
                     else f"{used:,.0f} s of {limit:,.0f} s"),
            "status": str(row.get("status", "")),
        })
    return pd.DataFrame(rows)


def summary_html(inputs: SummaryInputs) -> str:
    """The summary page (self-contained HTML, works offline)."""
    h = inputs.headline
    least = inputs.objective_kind == "least_grant"
    extra = _together_words(inputs.uplift, inputs.objective_kind)
    banner = ("<p class='banner'><b>Illustrative.</b> The sites and resources are invented for "
              "the PartnerHomes demo and describe no real organisation.</p>"
              if inputs.is_illustrative else "")
    first, last = inputs.years
    solves = _scenario_solves(inputs.uplift)
    unproven = any(_flag(v) is False for v in inputs.uplift.get("is_proven", pd.Series()))
    partners = ("" if inputs.partners.empty else "\n".join([
        "<h2>What each partner puts in and gets back</h2>",
        "<p>Across the plan's schemes, at the grant the plan gives them: the capital each partner "
        "puts in (land in kind, equity and loans), its return (what comes back less that "
        "capital) and the money it must find (each scheme's most tied up at any time, added "
        "across schemes, so more than is needed at once when schemes peak at different "
        "times). Amounts at valuation-date prices.</p>",
        _table(inputs.partners, {"partner": "Partner", "kind": "Kind", "schemes": "Schemes",
                                 "capital": "Capital in", "return": "Return",
                                 "funding": "Money to find"},
               money=PARTNER_FIGURES)]))
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
        f"<div><b>{money_short(h.get('grant', 0.0))}</b>grant, "
        f"{money_short(h.get('grant_per_affordable_home', 0.0))} a home</div></div>",
        f"<p>Also {h.get('homes_affordable_rent', 0):,.0f} Affordable Rent and "
        f"{h.get('homes_shared_ownership', 0):,.0f} shared ownership homes, and "
        f"{h.get('homes_market_sale', 0):,.0f} homes for market sale that help pay for them.</p>",
        "<h2>What working together adds</h2>", extra,
        svg_text(uplift_figure(inputs.uplift)) if len(inputs.uplift) else "",
        _table(uplift_words(inputs.uplift, inputs.objective_kind),
               {"scenario": "Scenario", "affordable_homes": "Affordable homes",
                "homes_social_rent": "Social Rent",
                **({} if least else {"extra": "Extra over alone"}),
                "grant": "Grant", "grant_per_affordable_home": "Grant a home"},
               money=("grant_per_affordable_home",)),
        partners,
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
        "" if solves.empty else (
            "<p class='small'>Each scenario of working together is solved in a share of the "
            "time allowed for them. It is proven when the solver's bound (the most any plan of "
            "that scenario could score on the planner's measure) is within the programme's gap "
            "of the best plan found; otherwise the homes are what the best plan found delivers "
            "and the bound says how much better a plan could be."
            + (" The homes shown as \"could be up to about\" are the homes found raised by "
               "that gap." if unproven else "") + "</p>"
            + _table(solves, {"scenario": "Scenario", "objective": "Best plan found (measure)",
                              "bound": "Bound", "gap": "Gap", "is_proven": "Proven",
                              "time": "Time", "status": "Solver status"})),
        "</body></html>",
    ]
    return "\n".join(parts)
