"""The plan summary rendered from a real planning run on a slice of the demo partnership: every
uplift scenario is stated as proven or as a range from its bound, and each partner's money is
the plan table's, added up."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from partnerhomes.demo.programme import write_demo_programme
from partnerhomes.demo.sites import demo_sites
from partnerhomes.parameters import ParameterTree
from partnerhomes.programme.file import read_programme
from partnerhomes.programme.outputs import PlanOutputs, plan_outputs
from partnerhomes.programme.plan import read_sites, run_plan
from partnerhomes.reports.plan_summary import SummaryInputs, summary_html


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory, tree: ParameterTree) -> PlanOutputs:
    folder: Path = tmp_path_factory.mktemp("demo-slice")
    sites = demo_sites()
    sites[sites["maximum_net_dwellings"] <= 60].head(30).to_csv(folder / "sites.csv",
                                                                 index=False)
    programme = read_programme(write_demo_programme(folder, folder / "sites.csv"))
    table = read_sites(programme)
    return plan_outputs(run_plan(programme, tree, table), tree, table)


def test_summary_renders_for_demo_outputs_with_each_scenario_proven_or_a_range(
        outputs: PlanOutputs) -> None:
    inputs = SummaryInputs.from_outputs(outputs)
    page = summary_html(inputs)
    assert page.count("<svg") == 2 and "Illustrative" in page
    cells = re.findall(r"<tr><td>([^<]+)</td><td>([^<]+)</td>", page)
    words: dict[str, str] = {}
    for scenario, text in cells:  # the uplift table comes before the solver's
        words.setdefault(scenario, text)
    for _, row in outputs.uplift.iterrows():
        text = words[str(row["scenario"])]
        if row["is_proven"]:
            assert text.startswith(f"{row['affordable_homes']:,.0f} (proven best")
        else:
            most = row["affordable_homes"] * (1 + row["gap"])
            assert text == (f"at least {row['affordable_homes']:,.0f}; could be up to about "
                            f"{most:,.0f} (not proven within the time allowed)")
        assert f"{row['bound']:,.1f}" in page  # the bound itself, in the solver table


def test_demo_partners_add_up_to_the_plan_table(outputs: PlanOutputs) -> None:
    partners = SummaryInputs.from_outputs(outputs).partners
    plan = outputs.plan
    assert not partners.empty
    councils = partners[partners["kind"] == "council"]
    associations = partners[partners["kind"] == "housing association"]
    programme = outputs.run.programme
    assert set(councils["partner"]) <= {c.name for c in programme.councils}
    assert set(associations["partner"]) <= {a.name for a in programme.housing_associations}
    for what in ("capital", "return", "funding"):
        assert np.isclose(councils[what].sum(), plan[f"council_{what}"].sum())
        assert np.isclose(associations[what].sum(), plan[f"association_{what}"].sum())
    page = summary_html(SummaryInputs.from_outputs(outputs))
    assert "What each partner puts in and gets back" in page
    for name in partners["partner"]:
        assert name in page
