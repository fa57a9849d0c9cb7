"""``partnerhomes parameters``: browse the assumptions and their sources."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from partnerhomes.parameters import (
    ParameterError,
    ParameterTree,
    Scale,
    apply_overlay,
    load_overlay,
    load_tree,
)
from partnerhomes.parameters.tree import DEFAULT_PLACE, Value

app = typer.Typer(help="Browse the assumptions in parameters/: values, dates, units and sources.",
                  no_args_is_help=True)

RootOption = Annotated[
    Path | None,
    typer.Option("--root", help="The parameters folder (default: the project's parameters/)."),
]
OverlayOption = Annotated[
    list[Path] | None,
    typer.Option("--overlay", help="Apply a scenario or organisation overlay file (repeatable)."),
]


def tree_from_options(root: Path | None, overlays: list[Path] | None) -> ParameterTree:
    """Load the tree and apply overlays, turning errors into a clean exit."""
    try:
        tree = load_tree(root)
        for path in overlays or []:
            tree = apply_overlay(tree, load_overlay(path))
    except ParameterError as error:
        Console().print(f"[red]error:[/red] {error}", markup=True, highlight=False)
        raise typer.Exit(code=1) from error
    return tree


def format_value(value: Value, unit: str) -> str:
    """A value as a person reads it: bands for scales, % for fractions, thousands separators."""
    if isinstance(value, Scale):
        return "; ".join(f"{rate:.2%} from £{low:,.0f}"
                         for low, rate in zip(value.thresholds, value.rates, strict=True))
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return str(value)
    if unit == "/1":
        return f"{value:.4g} ({value:.2%})"
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"


@app.command("list")
def list_parameters(
    prefix: Annotated[str, typer.Argument(help="Only names starting with this, e.g. costs.")] = "",
    root: RootOption = None,
    overlay: OverlayOption = None,
) -> None:
    """List parameters with their unit, status and label."""
    tree = tree_from_options(root, overlay)
    table = Table(title=f"Parameters ({len(tree.names(prefix))})")
    table.add_column("name", no_wrap=True)
    for column in ("unit", "status", "by place", "label"):
        table.add_column(column)
    for name in tree.names(prefix):
        parameter = tree[name]
        table.add_row(name, parameter.unit, parameter.status,
                      "yes" if parameter.is_by_place else "", parameter.label)
    Console().print(table)


@app.command("show")
def show_parameter(
    name: Annotated[str, typer.Argument(help="Dotted name, e.g. costs.build.houses_per_m2")],
    at: Annotated[str | None, typer.Option("--at", help="Date YYYY-MM-DD; default today.")] = None,
    place: Annotated[str | None, typer.Option("--place", help="GSS code, e.g. E07000069.")] = None,
    root: RootOption = None,
    overlay: OverlayOption = None,
) -> None:
    """Show one parameter's value on a date for a place, with its unit, status and source."""
    tree = tree_from_options(root, overlay)
    day = at or dt.date.today().isoformat()
    try:
        parameter = tree[name]
        entry = parameter.entry(day, place or DEFAULT_PLACE)
    except ParameterError as error:
        Console().print(f"[red]error:[/red] {error}", highlight=False)
        raise typer.Exit(code=1) from error
    where = place or DEFAULT_PLACE
    if place and place not in parameter.places:
        where = f"{place} (no own value: default applies)"
    Console().print(f"[bold]{name}[/bold]: {parameter.label}", highlight=False)
    Console().print(parameter.description, highlight=False)
    rows = [
        ("value", format_value(entry.value, parameter.unit)
         + ("" if isinstance(entry.value, Scale) else f" {parameter.unit}")),
        ("as at", day),
        ("place", where),
        ("in force from", entry.start.isoformat()),
        ("status", entry.status),
    ]
    references = [entry.reference] if entry.reference else list(parameter.references)
    rows += [("source", reference.as_text()) for reference in references]
    if parameter.overlays:
        rows.append(("overlays", ", ".join(parameter.overlays)))
    rows.append(("file", f"parameters/{parameter.source_file}"))
    table = Table(show_header=False)
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    for key, text in rows:
        table.add_row(key, text)
    Console().print(table)
