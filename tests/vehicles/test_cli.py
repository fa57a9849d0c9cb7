"""``partnerhomes vehicles compare``: table, JSON, Excel, and bad input naming the field."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from partnerhomes.cli import vehicles

DATA = Path(__file__).resolve().parent / "data"
main = typer.Typer()
main.add_typer(vehicles.app, name="vehicles")


@main.callback()
def _root() -> None:
    """Stands in for the partnerhomes command."""


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["vehicles", "compare", *args], env={"COLUMNS": "200"})
    return result.exit_code, result.output


def test_compare_prints_every_route_side_by_side() -> None:
    code, output = invoke(str(DATA / "compare.yaml"))
    assert code == 0, output
    for name in ("Council direct (HRA)", "Housing association direct",
                 "Council housing company", "Joint venture 50:50 with a developer"):
        assert name in output


def test_compare_json_has_partners_monthly_flows(tmp_path: Path) -> None:
    code, output = invoke(str(DATA / "compare.yaml"), "--json", "--xlsx",
                          str(tmp_path / "options.xlsx"))
    assert code == 0, output
    document = json.loads(output)
    routes = document["rows"][0]["routes"]
    assert len(routes) == 4 and all(route["feasible"] for route in routes)
    monthly = routes[3]["monthly"]["partners"]["southend"]
    assert len(monthly["net"]) == len(routes[3]["monthly"]["project_cashflow"])
    assert (tmp_path / "options.xlsx").stat().st_size > 0


def test_bad_routes_exit_1_naming_the_field(tmp_path: Path) -> None:
    routes = (DATA / "routes.yaml").read_text(encoding="utf-8").replace(
        "profit_split: {southend: 0.5, estuary_developments: 0.5}",
        "profit_split: {southend: 0.5, estuary_developments: 0.6}")
    (tmp_path / "routes.yaml").write_text(routes, encoding="utf-8")
    (tmp_path / "scheme.yaml").write_text((DATA / "scheme.yaml").read_text(encoding="utf-8"),
                                          encoding="utf-8")
    (tmp_path / "compare.yaml").write_text("scheme: scheme.yaml\nroutes: routes.yaml\n",
                                           encoding="utf-8")
    code, output = invoke(str(tmp_path / "compare.yaml"))
    assert code == 1
    assert "field 'profit_split': shares sum to 110%, not 100%" in output
