"""``plan``: writes every output for a small slice of the demo partnership."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table
from typer.testing import CliRunner

from partnerhomes.cli.plan import plan, uplift_table
from partnerhomes.demo.programme import write_demo_programme
from partnerhomes.demo.sites import demo_sites


def test_plan_writes_tables_charts_and_summary(tmp_path: Path) -> None:
    sites = demo_sites()
    small = sites[sites["maximum_net_dwellings"] <= 60].head(30)
    small.to_csv(tmp_path / "sites.csv", index=False)
    programme = write_demo_programme(tmp_path, tmp_path / "sites.csv")
    app = typer.Typer()
    app.command()(plan)
    result = CliRunner().invoke(app, [str(programme), "--out", str(tmp_path / "out")],
                                env={"COLUMNS": "160"})  # the uplift table on one line a row
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    for name in ("plan", "trajectory", "uplift", "exemplars", "sme_lots"):
        assert (out / f"{name}.csv").is_file() and (out / f"{name}.json").is_file()
    for chart in ("trajectory.png", "trajectory.svg", "uplift.png", "uplift.svg"):
        assert (out / chart).stat().st_size > 0
    uplift = pd.read_csv(out / "uplift.csv")
    assert uplift["affordable_homes"].iloc[-1] >= uplift["affordable_homes"].iloc[0] - 1e-6
    summary = json.loads((out / "summary.json").read_text())
    assert summary["headline"]["affordable_homes"] == pd.read_csv(out / "plan.csv")[
        "affordable_homes"].sum()
    assert "Illustrative" in (out / "summary.html").read_text()
    # the terminal shows every scenario with its gap and whether it is proven
    lines = result.output.splitlines()
    assert any("Proven" in line and "Gap" in line for line in lines)
    for _, row in uplift.iterrows():
        line = next(line for line in lines if str(row["scenario"]) in line)
        assert f"{row['gap']:.2%}" in line
        assert (" yes " if row["is_proven"] else " no ") in line


def test_bad_programme_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "programme.yaml"
    path.write_text("name: x\nsites: s.csv\nyears: {first: 2026, last: 2020}\ncouncils: []\n")
    app = typer.Typer()
    app.command()(plan)
    result = CliRunner().invoke(app, [str(path)])
    assert result.exit_code == 2
    assert "years" in result.output and "councils" in result.output


def _uplift() -> pd.DataFrame:
    return pd.DataFrame({
        "scenario": ["partners alone", "alone + cross subsidy", "pooled partnership"],
        "affordable_homes": [3763.2, 3763.2, 4631.75], "extra_affordable_homes": [0.0, 0.0, 868.55],
        "objective": [3231.74, 3231.74, 3986.52], "bound": [3396.0, 3456.3, 4005.27],
        "gap": [0.0508, 0.0695, 0.0047], "is_proven": [False, False, True],
        "solve_seconds": [12.2, 12.4, 17.2], "time_limit_seconds": [12.0, 12.0, 30.0]})


def _rendered(table: Table) -> list[str]:
    console = Console(record=True, width=160)
    console.print(table)
    return console.export_text().splitlines()


def test_uplift_table_shows_each_scenarios_bound_gap_and_proven_flag() -> None:
    lines = _rendered(uplift_table(_uplift()))
    row = {name: next(line for line in lines if name in line)
           for name in ("partners alone", "cross subsidy", "pooled partnership")}
    header = next(line for line in lines if "Scenario" in line)
    for column in ("Bound", "Gap", "Proven"):
        assert column in header
    assert "≥ 3,763" in row["cross subsidy"] and "3,456.3" in row["cross subsidy"]
    assert "6.95%" in row["cross subsidy"] and " no " in row["cross subsidy"]
    assert "4,632" in row["pooled partnership"] and "≥" not in row["pooled partnership"]
    assert "0.47%" in row["pooled partnership"] and " yes " in row["pooled partnership"]
    assert "17 of 30" in row["pooled partnership"]


def test_uplift_table_without_solver_figures_says_so_with_dashes() -> None:
    lines = _rendered(uplift_table(_uplift()[["scenario", "affordable_homes"]]))
    row = next(line for line in lines if "partners alone" in line)
    assert "3,763" in row and "≥" not in row and row.count("—") >= 5
