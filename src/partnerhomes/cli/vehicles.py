"""``partnerhomes vehicles``: compare delivery routes for a scheme or a pool of sites."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from partnerhomes.appraisal.readers import SchemeFileError
from partnerhomes.cli.parameters import OverlayOption, RootOption, tree_from_options
from partnerhomes.vehicles import export, files, options
from partnerhomes.vehicles.routes import RouteError

app = typer.Typer(help="Delivery vehicles: routes side by side, each partner's money in and out.",
                  no_args_is_help=True)

SHOWN = (
    ("Feasible", "feasible"), ("Not feasible because", "not_feasible_because"),
    ("Landlord", "landlord"), ("Social rent homes", "dwellings_social_rent"),
    ("Affordable rent homes", "dwellings_affordable_rent"),
    ("Shared ownership homes", "dwellings_shared_ownership"),
    ("Land value", "land_value"), ("Hand-over price", "handover_price"), ("Grant", "grant"),
    ("Council net cost", "council_net_cost"), ("Council land receipt", "council_land_receipt"),
    ("Council land value retained", "council_land_value_retained"),
    ("Council borrowing used", "council_borrowing_headroom_used"),
    ("Peak debt", "peak_debt"), ("Interest cover", "interest_cover"), ("Gearing", "gearing"),
    ("SME build contracts", "sme_build_contracts"),
)
RATIOS = ("interest_cover", "gearing", "irr", "multiple", "profit_share")


def _show(value: Any, field: str) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return value or "–"
    if value is None or value != value:
        return "–"
    if value in (float("inf"), float("-inf")):
        return "∞"
    if field.endswith(("interest_cover", "multiple")):
        return f"{value:.2f}×"
    if field.endswith(RATIOS):
        return f"{value:.1%}"
    if field.startswith("dwellings"):
        return f"{value:,.0f}"
    return f"−£{-value:,.0f}" if value < 0 else f"£{value:,.0f}"


def print_comparison(comparison: options.Comparison, title: str) -> None:
    """One table per row (scheme or pool): routes as columns, then each partner's figures."""
    records = comparison.table()
    width = len(comparison.routes)
    for i, row_id in enumerate(comparison.row_id[:5]):
        row = records[i * width:(i + 1) * width]
        table = Table(title=f"{title}: {row_id}")
        table.add_column("")
        for record in row:
            table.add_column(record["route"], justify="right")
        for label, field in SHOWN:
            table.add_row(label, *[_show(record[field], field) for record in row])
        partners = dict.fromkeys(key.split(".")[0] for record in row for key in record
                                 if key.endswith(".capital"))
        for partner in partners:
            table.add_row(f"[bold]{partner}[/bold]", *[""] * width)
            for label, name in (("capital", "capital"), ("peak exposure", "peak_exposure"),
                                ("profit", "profit"), ("IRR", "irr"), ("multiple", "multiple"),
                                ("profit share", "profit_share")):
                field = f"{partner}.{name}"
                table.add_row(f"  {label}", *[_show(record.get(field), field) for record in row])
        Console().print(table)


@app.command("compare")
def compare(
    file: Annotated[Path, typer.Argument(help="Comparison file: a scheme, schemes or a pool, "
                                              "partners and routes (YAML).",
                                         exists=True, dir_okay=False)],
    json_output: Annotated[bool, typer.Option(
        "--json", help="Print the comparison as JSON, with monthly flows.")] = False,
    xlsx: Annotated[Path | None, typer.Option(
        "--xlsx", help="Write an Excel workbook (options side by side, monthly flows).")] = None,
    root: RootOption = None,
    overlay: OverlayOption = None,
) -> None:
    """Every route of FILE side by side; exit 1 on bad input or a scheme left out."""
    tree = tree_from_options(root, overlay)
    try:
        spec = files.read_comparison(file, tree)
        comparison = options.compare(tree, spec.inputs, spec.routes, spec.pools)
    except (RouteError, SchemeFileError, ValueError) as error:
        for line in str(error).splitlines():
            Console().print(f"[red]error:[/red] {line}", highlight=False)
        raise typer.Exit(code=1) from error
    errors = spec.errors + [e for e in comparison.errors if e not in spec.errors]
    if json_output:
        Console().print_json(data=export.document(comparison, spec.name, tree.digest()))
    else:
        print_comparison(comparison, spec.name)
    for problem in errors:
        Console().print(f"[red]error:[/red] {problem}", highlight=False)
    if xlsx is not None:
        export.write_excel(comparison, xlsx)
    if errors:
        raise typer.Exit(code=1)
