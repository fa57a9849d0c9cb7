"""``partnerhomes sites``: import site lists and write the partner-list template.

Parse, call, render: the work is in :mod:`partnerhomes.sites`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from partnerhomes.sites import councils, importer, partner_list, source

app = typer.Typer(
    help="Import Brownfield Land Registers and partners' site lists; write the site template.",
    no_args_is_help=True,
)


@app.command("import")
def import_command(
    files: Annotated[list[Path], typer.Argument(help="CSV or XLSX site files.")],
    out: Annotated[Path, typer.Option("--out", help="Folder to write the results to.")],
    boundaries: Annotated[
        Path | None, typer.Option(help="GeoJSON council boundaries (lad_code or LADyyCD).")
    ] = None,
    gss_code: Annotated[
        str | None, typer.Option("--gss-code", help="Council of a single-council file.")
    ] = None,
    organisation_entity_lookup: Annotated[
        Path | None,
        typer.Option(help="planning.data organisation-entity -> LAD24CD lookup (CSV)."),
    ] = None,
) -> None:
    """Read, check and combine site files; write sites, rejects, issues and changes to OUT."""
    console = Console()
    errors = Console(stderr=True)
    try:
        with console.status("reading") as status:
            result = importer.import_sites(
                files, boundaries=boundaries, gss_code=gss_code,
                organisation_entity_lookup=organisation_entity_lookup,
                on_file=lambda path: status.update(f"reading {path.name}"),
            )
            status.update(f"writing {out}")
            importer.write_import(result, out)
    except source.SitesFileError as exc:
        errors.print(f"[bold red]error:[/] {exc}", markup=True, highlight=False)
        raise typer.Exit(code=1) from exc
    console.print(council_table(result, councils.council_names()))
    verdict = "holds" if result.rows_accounted_for else "DOES NOT HOLD"
    console.print(
        f"rows in = accepted + rejected: {result.rows_in:,} = {result.n_accepted:,} + "
        f"{result.n_rejected:,} ({verdict}); {len(result.sites):,} current sites; "
        f"results in {out}", highlight=False)
    if not result.rows_accounted_for:
        raise typer.Exit(code=1)


@app.command("template")
def template_command(
    out: Annotated[Path, typer.Argument(help="OUT.csv or OUT.xlsx")],
) -> None:
    """Write a blank partner site-list template (XLSX adds a guidance sheet)."""
    if out.suffix.lower() not in (".csv", ".xlsx"):
        Console(stderr=True).print(f"error: {out}: the template is written as .csv or .xlsx")
        raise typer.Exit(code=1)
    partner_list.write_template(out)
    Console().print(f"template written to {out}", highlight=False)


def council_table(
    result: importer.ImportResult, names: Mapping[str, str] | None = None
) -> Table:
    """Sites, dwellings, hectares and issues by severity for each council of an import.

    ``names`` maps GSS codes to council names to show beside the codes.
    """
    table = Table(title="Sites by council")
    for name in ("council", "sites", "dwellings", "hectares", "errors", "warnings", "info"):
        table.add_column(name, justify="left" if name == "council" else "right")
    for row in result.summary.to_dict("records"):
        code = str(row["gss_code"])
        label = f"{code} {names[code]}" if names and code in names else code
        table.add_row(label or "(file-level)", f"{row['sites']:,}",
                      f"{row['dwellings']:,}", f"{row['hectares']:,.2f}", f"{row['errors']:,}",
                      f"{row['warnings']:,}", f"{row['info']:,}")
    return table
