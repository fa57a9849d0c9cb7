"""``plan``: writes every output for a small slice of the demo partnership."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import typer
from typer.testing import CliRunner

from partnerhomes.cli.plan import plan
from partnerhomes.demo.programme import write_demo_programme
from partnerhomes.demo.sites import demo_sites


def test_plan_writes_tables_charts_and_summary(tmp_path: Path) -> None:
    sites = demo_sites()
    small = sites[sites["maximum_net_dwellings"] <= 60].head(30)
    small.to_csv(tmp_path / "sites.csv", index=False)
    programme = write_demo_programme(tmp_path, tmp_path / "sites.csv")
    app = typer.Typer()
    app.command()(plan)
    result = CliRunner().invoke(app, [str(programme), "--out", str(tmp_path / "out")])
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


def test_bad_programme_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "programme.yaml"
    path.write_text("name: x\nsites: s.csv\nyears: {first: 2026, last: 2020}\ncouncils: []\n")
    app = typer.Typer()
    app.command()(plan)
    result = CliRunner().invoke(app, [str(path)])
    assert result.exit_code == 2
    assert "years" in result.output and "councils" in result.output
