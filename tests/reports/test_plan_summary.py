"""The plan summary page: self-contained, offline, says the headline numbers, and says plainly
which uplift figures are proven and how far those that are not could go."""

from __future__ import annotations

import dataclasses
import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from partnerhomes.reports.plan_summary import (
    TENURE_LABELS,
    Certainty,
    SummaryInputs,
    _extra_words,
    partner_totals,
    summary_html,
    svg_text,
    trajectory_figure,
    uplift_figure,
)


def _inputs() -> SummaryInputs:
    uplift = pd.DataFrame({
        "scenario": ["partners alone", "alone + shared grant", "pooled partnership"],
        "affordable_homes": [1000.0, 1100.0, 1250.0], "homes_social_rent": [600.0, 660.0, 800.0],
        "extra_affordable_homes": [0.0, 100.0, 250.0], "grant": [5e7, 5.5e7, 6e7],
        "grant_per_affordable_home": [50_000.0, 50_000.0, 48_000.0],
        "objective": [900.0, 990.0, 1120.0], "bound": [900.0, 990.0, 1120.0],
        "gap": [0.0, 0.0, 0.0], "is_proven": [True, True, True],
        "status": ["optimal"] * 3, "solve_seconds": [1.0, 2.0, 3.0],
        "time_limit_seconds": [10.0, 10.0, 30.0]})
    trajectory = pd.DataFrame({"year": [2026, 2027, 2027], "tenure": ["social_rent"] * 2
                               + ["market_sale"], "gss_code": "E07000066",
                               "route": "joint_venture", "starts": [100.0, 50.0, 30.0],
                               "completions": [0.0, 100.0, 30.0]})
    return SummaryInputs(
        title="Test <programme>", is_illustrative=True,
        headline={"affordable_homes": 1250.0, "homes_social_rent": 800.0, "sites": 12.0,
                  "grant": 6e7, "grant_per_affordable_home": 48_000.0,
                  "homes_affordable_rent": 100.0, "homes_shared_ownership": 350.0,
                  "homes_market_sale": 900.0},
        solver={"status": "optimal", "objective": 1.0, "bound": 1.0, "gap": 0.0,
                "solve_seconds": 1.0, "time_limit_seconds": 60},
        uplift=uplift, trajectory=trajectory,
        exemplars=pd.DataFrame({"site_reference": ["S1"], "council": ["Basildon"],
                                "reason": ["full planning permission; publicly owned"]}),
        lots=pd.DataFrame(), absorption=pd.DataFrame({"affordable_share": [0.3, 1.0],
                                                      "build_out_years": [10, 6],
                                                      "completions_per_year": [240.0, 400.0]}),
        years=(2026, 2035))


def test_summary_states_homes_uplift_and_illustrative_label() -> None:
    page = summary_html(_inputs())
    assert "1,250" in page and "250 more affordable homes" in page
    assert "Illustrative" in page
    assert "Test &lt;programme&gt;" in page  # text is escaped


def test_summary_is_self_contained_and_offline() -> None:
    page = summary_html(_inputs())
    assert page.count("<svg") == 2  # uplift and trajectory charts inline
    for remote in ("<script", "<link", 'src="http', "src='http", "url(http", "@import"):
        assert remote not in page, remote


def test_summary_writes_shares_as_percentages_and_losses_with_a_minus() -> None:
    inputs = _inputs()
    inputs = dataclasses.replace(inputs, lots=pd.DataFrame({
        "lot_id": ["LOT-1"], "council": ["Basildon"], "sites": [2], "homes": [30.0],
        "surplus": [-43_614.0], "verdict": ["needs grant or cross-subsidy"]}))
    page = summary_html(inputs)
    assert "<td>30%</td>" in page and "<td>100%</td>" in page
    assert "−£43,614" in page and "£-" not in page


def _unproven() -> SummaryInputs:
    """Alone and a mechanism not proven; the mechanism found no gain (its homes equal alone's)."""
    inputs = _inputs()
    uplift = inputs.uplift.copy()
    uplift.loc[1, ["affordable_homes", "homes_social_rent", "extra_affordable_homes"]] = (
        1000.0, 600.0, 0.0)
    uplift["objective"] = [900.0, 900.0, 1120.0]
    uplift["bound"] = [945.0, 1035.0, 1124.48]
    uplift["gap"] = [0.05, 0.15, 0.004]
    uplift["is_proven"] = [False, False, True]
    uplift["status"] = ["time limit reached"] * 2 + ["optimal"]
    return dataclasses.replace(inputs, uplift=uplift)


def _text(page: str) -> str:
    """The page's words without markup or charts."""
    page = re.sub(r"<svg.*?</svg>", "", page, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def test_proven_scenarios_are_stated_as_proven_without_a_range() -> None:
    text = _text(summary_html(_inputs()))
    assert text.count("proven best, to within 0.00%") == 3
    assert "at least" not in text and "could be up to" not in text
    assert "not proven" not in text
    assert "+100" in text and "+250" in text  # the extra over alone, plainly


def test_unproven_scenario_is_a_range_from_its_bound_never_adds_nothing() -> None:
    page = summary_html(_unproven())
    text = _text(page)
    # alone: 1,000 found, gap 5% -> up to about 1,050; the mechanism: gap 15% -> about 1,150
    assert "at least 1,000; could be up to about 1,050 (not proven within the time allowed)" in text
    assert "at least 1,000; could be up to about 1,150 (not proven within the time allowed)" in text
    assert "none found in the time allowed; could be up to about +150" in text
    assert "adds nothing" not in text and "+0" not in text
    # the pooled plan is proven; its gain over an unproven alone is a range
    assert "1,250 (proven best, to within 0.40%)" in text
    assert "+250 in the plans found; between about +200 and +255" in text
    assert "at least about 200" in text  # the headline paragraph says so too
    # the solver's bound itself is shown beside the plan found, with the gap and the flag
    assert "1,035.0" in text and "945.0" in text and "15.00%" in text


def test_solver_table_says_proven_or_not_for_each_scenario() -> None:
    page = summary_html(_unproven())
    rows = re.findall(r"<tr><td>([^<]+)</td><td>[^<]*</td><td>[^<]*</td><td>[^<]*</td>"
                      r"<td>(yes|no)</td>", page)
    assert rows == [("partners alone", "no"), ("alone + shared grant", "no"),
                    ("pooled partnership", "yes")]


def test_uplift_chart_marks_unproven_bars_and_says_so_in_a_legend() -> None:
    unproven = svg_text(uplift_figure(_unproven().uplift))
    proven = svg_text(uplift_figure(_inputs().uplift))
    assert "<pattern" in unproven and "not proven" in unproven
    assert "could be up to about 1,150" in unproven
    assert "<pattern" not in proven and "not proven" not in proven


def test_an_uplift_table_without_solver_columns_still_renders() -> None:
    inputs = _inputs()
    old = inputs.uplift.drop(columns=["objective", "bound", "gap", "is_proven", "status",
                                      "solve_seconds", "time_limit_seconds"])
    text = _text(summary_html(dataclasses.replace(inputs, uplift=old)))
    assert "250 more affordable homes" in text and "proven" not in text


@given(found=st.floats(0.0, 1e5), gap=st.floats(0.0, 2.0), proven=st.booleans())
def test_the_most_a_scenario_could_reach_is_its_homes_raised_by_its_gap(
        found: float, gap: float, proven: bool) -> None:
    row = {"affordable_homes": found, "grant": found * 100.0, "gap": gap, "is_proven": proven}
    homes, grant = Certainty.of(row), Certainty.of(row, least_grant=True)
    assert homes.limit >= homes.found and np.isclose(homes.limit, found * (1 + gap))
    assert grant.limit <= grant.found  # least grant: the bound is below the grant found


@given(alone=st.floats(0.0, 1e4), gain=st.floats(0.0, 1e3), gap_a=st.floats(0.0, 0.5),
       gap_s=st.floats(0.0, 0.5), proven_a=st.booleans(), proven_s=st.booleans())
def test_the_gain_over_alone_range_holds_the_gain_found_and_is_never_negative(
        alone: float, gain: float, gap_a: float, gap_s: float, proven_a: bool,
        proven_s: bool) -> None:
    a = Certainty(alone, alone * (1 + gap_a), gap_a, proven_a)
    s = Certainty(alone + gain, (alone + gain) * (1 + gap_s), gap_s, proven_s)
    words = _extra_words(s, a).replace(",", "")
    numbers = [float(n) for n in re.findall(r"[+-]\d+", words)]
    if proven_a and proven_s:
        assert words == f"{s.found - a.found:+.0f}"
        return
    assert all(n >= 0 for n in numbers) and "+0 " not in words and "+0;" not in words
    if words.startswith("none found in the time allowed"):
        assert round(s.found - a.found) == 0
    elif "between" in words:
        found, low, high = numbers
        assert 0 < low <= found + 1 and found <= high + 1  # rounding to whole homes
    else:  # the bounds allow no gain at all: only the most it could be
        found, high = numbers
        assert found <= high + 1 and "could be up to about" in words


def _plan() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    n = 12
    return pd.DataFrame({
        "gss_code": rng.choice(["E07000066", "E07000068", "E06000033"], n),
        "association": rng.choice(["Alpha HA", "Beta HA", ""], n),
        **{f"{who}_{what}": rng.uniform(-1e6, 5e6, n) * (what != "funding")
           + rng.uniform(0, 5e6, n) * (what == "funding")
           for who in ("council", "association") for what in ("capital", "return", "funding")},
    })


def test_partner_totals_add_up_to_the_plan_and_name_each_partner() -> None:
    plan = _plan()
    names = {"E07000066": "Basildon", "E07000068": "Brentwood", "E06000033": "Southend"}
    totals = partner_totals(plan, names)
    councils = totals[totals["kind"] == "council"]
    associations = totals[totals["kind"] == "housing association"]
    assert list(councils["partner"]) == [n for c, n in names.items() if c in set(plan["gss_code"])]
    for what in ("capital", "return", "funding"):
        assert np.isclose(councils[what].sum(), plan[f"council_{what}"].sum())
        with_association = plan["association"] != ""
        assert np.isclose(associations[what].sum(),
                          plan.loc[with_association, f"association_{what}"].sum())
    assert councils["schemes"].sum() == len(plan)
    assert "" not in set(totals["partner"])


def test_a_partner_with_nothing_in_the_plan_is_left_out() -> None:
    plan = _plan()
    plan.loc[plan["association"] == "Beta HA", ["association_capital", "association_funding"]] = 0
    totals = partner_totals(plan, {})
    assert "Beta HA" not in set(totals["partner"]) and "Alpha HA" in set(totals["partner"])


def test_partner_table_on_the_page_and_left_out_without_figures() -> None:
    plan = _plan()
    inputs = dataclasses.replace(_inputs(), partners=partner_totals(plan, {
        "E07000066": "Basildon", "E07000068": "Brentwood", "E06000033": "Southend"}))
    text = _text(summary_html(inputs))
    assert "What each partner puts in and gets back" in text and "Alpha HA" in text
    blank = plan.assign(**{c: np.nan for c in plan.columns if c.endswith(
        ("capital", "return", "funding"))})
    assert partner_totals(blank, {"E07000066": "Basildon"}).empty
    assert "What each partner puts in" not in summary_html(_inputs())


def test_a_council_missing_from_the_names_is_listed_by_its_code() -> None:
    plan = _plan()
    totals = partner_totals(plan, {"E07000066": "Basildon"})
    councils = totals[totals["kind"] == "council"]
    assert councils["partner"].iloc[0] == "Basildon"
    assert {"E07000068", "E06000033"} <= set(councils["partner"])
    assert np.isclose(councils["capital"].sum(), plan["council_capital"].sum())


@given(st.lists(st.floats(min_value=0.0, max_value=2000.0), min_size=1, max_size=15),
       st.sets(st.sampled_from(list(TENURE_LABELS)), min_size=1))
def test_trajectory_legend_sits_above_the_plot_and_covers_no_bar(
        heights: list[float], tenures: set[str]) -> None:
    """Whatever the years' heights and the tenures drawn, the legend is outside the axes
    (above them) and no bar's rectangle meets it (it used to cover the tallest years)."""
    trajectory = pd.DataFrame([
        {"year": 2026 + k, "tenure": tenure, "completions": height / len(tenures)}
        for k, height in enumerate(heights) for tenure in sorted(tenures)])
    figure = trajectory_figure(trajectory)
    try:
        figure.canvas.draw()
        (axes,) = figure.axes
        if axes.get_legend() is None:  # nothing completed: no bars and nothing to name
            assert not any(p.get_height() for p in axes.patches)
            return
        legend = axes.get_legend().get_window_extent()
        plot = axes.get_window_extent()
        assert legend.y0 >= plot.y1 - 1e-6
        assert legend.x0 >= figure.bbox.x0 - 1e-6 and legend.x1 <= figure.bbox.x1 + 1e-6
        for bar in axes.patches:
            box = bar.get_window_extent()
            assert not (box.height > 0 and box.overlaps(legend)), bar
    finally:
        plt.close(figure)
