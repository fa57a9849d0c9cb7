"""``partnerhomes demo run``: the demo goes through the real import path."""

from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from partnerhomes.cli.main import app

runner = CliRunner()


def test_demo_run_imports_every_demo_site_and_prints_the_pipeline(tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo", "run", "--out", str(tmp_path), "--no-plan"],
                           env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    sites = pd.read_csv(tmp_path / "pipeline" / "sites.csv")
    assert len(sites) == 150
    assert "rows in = accepted + rejected: 150 = 150 + 0" in result.output
    assert "Castle Point Borough Council" in result.output
    issues = pd.read_csv(tmp_path / "pipeline" / "issues.csv")
    assert not (issues["severity"] == "error").any()


def test_demo_build_writes_members_and_one_list_per_owner(tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo", "build", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    members = pd.read_csv(tmp_path / "organisations.csv")
    assert {"council", "housing_association", "homes_england"} <= set(members["kind"])
    assert len(list((tmp_path / "site-lists").glob("*.csv"))) == 11
