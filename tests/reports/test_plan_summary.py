"""The plan summary page: self-contained, offline, says the headline numbers."""

from __future__ import annotations

import dataclasses

import pandas as pd

from partnerhomes.reports.plan_summary import SummaryInputs, summary_html


def _inputs() -> SummaryInputs:
    uplift = pd.DataFrame({
        "scenario": ["partners alone", "alone + shared grant", "pooled partnership"],
        "affordable_homes": [1000.0, 1100.0, 1250.0], "homes_social_rent": [600.0, 660.0, 800.0],
        "extra_affordable_homes": [0.0, 100.0, 250.0], "grant": [5e7, 5.5e7, 6e7],
        "grant_per_affordable_home": [50_000.0, 50_000.0, 48_000.0]})
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
