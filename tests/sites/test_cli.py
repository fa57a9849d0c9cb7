"""``partnerhomes sites`` (the typer sub-app, tested on its own)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from partnerhomes.cli import sites

runner = CliRunner()


def test_import_prints_a_table_per_council_and_the_row_balance(
    brownfield: Path, boundaries_2013: Path, tmp_path: Path
) -> None:
    result = runner.invoke(sites.app, [
        "import", str(brownfield / "brownfield-land-south-essex-2020.csv"),
        "--boundaries", str(boundaries_2013), "--out", str(tmp_path / "out")],
        env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "E07000069" in result.output
    assert "rows in = accepted + rejected: 266 = 266 + 0 (holds)" in result.output
    assert (tmp_path / "out" / "sites.csv").is_file()


def test_import_of_an_unreadable_file_exits_1_and_writes_nothing(
    make_file: Callable[..., Path], tmp_path: Path
) -> None:
    bad = make_file("semicolons.csv", "SiteReference;GeoX\nA;1\n")
    result = runner.invoke(sites.app, ["import", str(bad), "--out", str(tmp_path / "out")],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 1
    assert "semicolons.csv" in result.output and "delimited" in result.output
    assert not (tmp_path / "out").exists()


def test_template_writes_xlsx(tmp_path: Path) -> None:
    result = runner.invoke(sites.app, ["template", str(tmp_path / "t.xlsx")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "t.xlsx").is_file()
