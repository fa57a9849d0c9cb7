"""``partnerhomes parameters``: list and show with value, unit, status and source."""

from pathlib import Path

from typer.testing import CliRunner

from partnerhomes.cli.main import app

runner = CliRunner()


def test_show_prints_value_unit_status_and_source_for_a_place() -> None:
    result = runner.invoke(app, ["parameters", "show", "obligations.cil.southend_zone_3_per_m2",
                                 "--at", "2024-06-01"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "87.92 GBP/m2" in result.output
    assert "outturn" in result.output
    assert "parameters/obligations/cil/southend_zone_3_per_m2.yaml" in result.output


def test_show_falls_back_to_default_and_says_so() -> None:
    result = runner.invoke(app, ["parameters", "show", "revenue.market_value_per_m2",
                                 "--place", "E08000025", "--at", "2026-06-01"],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "no own value: default applies" in result.output


def test_show_unknown_name_exits_non_zero_with_suggestion() -> None:
    result = runner.invoke(app, ["parameters", "show", "costs.build.house_per_m2"])
    assert result.exit_code == 1
    assert "did you mean" in result.output


def test_list_filters_by_prefix() -> None:
    result = runner.invoke(app, ["parameters", "list", "finance."], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "finance.debit_rate" in result.output
    assert "costs.contingency_rate" not in result.output


def test_overlay_changes_what_show_prints(tmp_path: Path) -> None:
    overlay = tmp_path / "high.yaml"
    overlay.write_text("name: high-rates\nreference: {title: test scenario, note: test}\n"
                       "parameters:\n  finance.debit_rate:\n    values: {2026-04-01: 0.095}\n")
    result = runner.invoke(app, ["parameters", "show", "finance.debit_rate", "--at", "2026-06-01",
                                 "--overlay", str(overlay)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "0.095" in result.output and "high-rates" in result.output
