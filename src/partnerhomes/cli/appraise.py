"""``partnerhomes appraise``: appraise one scheme file, or a whole pipeline of sites."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

from partnerhomes.appraisal import export, readers, sensitivity, service, typology
from partnerhomes.appraisal.appraise import AppraisalResults
from partnerhomes.appraisal.inputs import SchemeError
from partnerhomes.cli.parameters import OverlayOption, RootOption, tree_from_options
from partnerhomes.reports.money import money

app = typer.Typer(help="Development appraisal: residual land value, viability, returns.",
                  no_args_is_help=True)

DateOption = Annotated[str | None, typer.Option(
    "--date", help="Valuation date YYYY-MM-DD for schemes that give none (default: today).")]
MethodOption = Annotated[str | None, typer.Option(
    "--affordable-valuation-method",
    help="capitalisation (net rent ÷ yield) or landlord (its maximum price at its hurdle) for "
         "schemes that do not say (default: tenures.affordable_valuation_method).")]
LandlordOption = Annotated[str | None, typer.Option(
    "--landlord", help="housing_association or council_hra for schemes that do not say "
                       "(default: landlord.preset).")]


def _money(value: object, field: str) -> str:
    if field in export.TEXT_FIELDS:
        return str(value)
    number = float(value)  # type: ignore[arg-type]  # every other summary field is numeric
    if number != number:  # NaN
        return "–"
    if field in export.RATIO_FIELDS:
        return f"{number:.1%}"
    if field in export.MONTH_FIELDS:
        return "never" if number < 0 else f"{number:.0f}"
    if field in export.COUNT_FIELDS:
        return "all" if number == float("inf") else f"{number:,.0f}"
    return money(number)


def print_summary(results: AppraisalResults) -> None:
    """A valuer's appraisal summary, one column per scheme (first 6 schemes)."""
    if len(results.scheme_id) == 0:  # not an empty table of labels
        Console().print("No scheme could be appraised: see the errors below.")
        return
    shown = list(range(min(len(results.scheme_id), 6)))
    table = Table(title="Appraisal summary", show_lines=False)
    table.add_column("")
    for i in shown:
        table.add_column(str(results.scheme_id[i]), justify="right")
    for section, lines in export.SUMMARY_SECTIONS:
        table.add_row(f"[bold]{section}[/bold]", *[""] * len(shown))
        for label, field in lines:
            table.add_row(f"  {label}", *[_money(results[field][i], field) for i in shown])
    table.add_row("[bold]Verdict[/bold]", *[str(results.verdict[i]) for i in shown])
    Console().print(table)
    if len(results.scheme_id) > len(shown):
        Console().print(f"… and {len(results.scheme_id) - len(shown)} more schemes (see --json).")


def print_errors(errors: list[SchemeError]) -> None:
    for error in errors:
        Console().print(f"[red]error:[/red] {error}", highlight=False)


@app.command("scheme")
def appraise_scheme(
    file: Annotated[Path, typer.Argument(help="Scheme file: .yaml, .json, or .csv/.xlsx unit "
                                              "schedule.", exists=True, dir_okay=False)],
    json_output: Annotated[bool, typer.Option(
        "--json", help="Print the results as JSON (stable field names).")] = False,
    cashflow: Annotated[Path | None, typer.Option(
        "--cashflow", help="Write the monthly cashflow to this CSV.")] = None,
    with_sensitivity: Annotated[bool, typer.Option(
        "--sensitivity",
        help="Add one-way and sales × build-cost sensitivity of the RLV.")] = False,
    xlsx: Annotated[Path | None, typer.Option(
        "--xlsx", help="Write an Excel workbook (summary and monthly cashflow).")] = None,
    date: DateOption = None,
    method: MethodOption = None,
    landlord: LandlordOption = None,
    root: RootOption = None,
    overlay: OverlayOption = None,
) -> None:
    """Appraise the schemes in FILE; exit 1 if any had an error (the rest are still appraised).

    The summary ends with the landlord's view of the affordable homes: their value by
    capitalisation and by the landlord's maximum price, the one the residual used, the
    landlord's NPV, IRR, payback and peak debt, the grant it needs and affordable additionality.
    """
    tree = tree_from_options(root, overlay)
    try:
        run = service.appraise_document(tree, file, valuation_date=date,
                                        affordable_valuation_method=method, landlord=landlord,
                                        with_sensitivity=with_sensitivity)
    except readers.SchemeFileError as error:
        Console().print(f"[red]error:[/red] {error}", highlight=False)
        raise typer.Exit(code=1) from error
    if json_output:
        Console().print_json(data=run.document())
    else:
        print_summary(run.results)
        if run.two_way is not None:
            _print_grid(run.two_way)
    print_errors(run.errors)
    if cashflow is not None:
        export.cashflow_frame(run.results).to_csv(cashflow, index=False)
    if xlsx is not None:
        export.write_excel(run.results, xlsx)
    if run.errors:
        raise typer.Exit(code=1)


def _print_grid(grids: sensitivity.Sensitivity) -> None:
    first, second = grids.variables
    for i, scheme_id in enumerate(grids.scheme_id[:3]):
        table = Table(title=f"RLV of {scheme_id}: {first} (rows) × {second} (columns)")
        table.add_column("")
        for step in grids.steps:
            table.add_column(f"{step:+.0%}", justify="right")
        for a, step in enumerate(grids.steps):
            table.add_row(f"{step:+.0%}", *[money(value)
                                             for value in grids.residual_land_value[i, a]])
        Console().print(table)


def read_sites(path: Path) -> pd.DataFrame:
    """A sites table written by ``partnerhomes sites import`` (CSV or parquet)."""
    frame = (pd.read_parquet(path) if path.suffix.lower() == ".parquet"
             else pd.read_csv(path, low_memory=False))
    missing = [column for column in typology.SITE_COLUMNS if column not in frame.columns]
    if missing:
        raise ValueError(f"{path}: the sites table lacks column(s) {', '.join(missing)}")
    return frame


@app.command("sites")
def appraise_sites(
    sites: Annotated[Path, typer.Argument(help="sites.csv or sites.parquet from `partnerhomes "
                                               "sites import`.", exists=True, dir_okay=False)],
    out: Annotated[Path, typer.Option("--out", help="Folder for appraisals.csv/.json and "
                                                    "errors.csv.")],
    date: DateOption = None,
    min_periods: Annotated[int, typer.Option(help="Minimum months in the cashflow.")] = 0,
    method: MethodOption = None,
    landlord: LandlordOption = None,
    root: RootOption = None,
    overlay: OverlayOption = None,
) -> None:
    """Appraise every site as a policy-compliant typology scheme, in one vectorised call."""
    tree = tree_from_options(root, overlay)
    started = time.perf_counter()
    try:
        frame = read_sites(sites)
    except (OSError, ValueError) as error:
        Console().print(f"[red]error:[/red] {error}", highlight=False)
        raise typer.Exit(code=1) from error
    valuation_date = date or pd.Timestamp.today().date().isoformat()
    run = service.appraise_sites(tree, frame, valuation_date, min_periods=min_periods,
                                 affordable_valuation_method=method, landlord=landlord)
    results, errors = run.results, run.errors
    out.mkdir(parents=True, exist_ok=True)
    export.results_frame(results).to_csv(out / "appraisals.csv", index=False)
    export.write_json(results, out / "appraisals.json")
    pd.DataFrame([{"scheme_id": e.scheme_id, "field": e.field, "message": e.message}
                  for e in errors], columns=["scheme_id", "field", "message"]).to_csv(
        out / "errors.csv", index=False)
    elapsed = time.perf_counter() - started
    table = Table(title=f"Pipeline appraisal as at {valuation_date}")
    table.add_column("verdict")
    table.add_column("schemes", justify="right")
    table.add_column("homes", justify="right")
    table.add_column("residual land value", justify="right")
    frame_out = export.results_frame(results)
    for verdict, group in frame_out.groupby("verdict"):
        table.add_row(str(verdict), f"{len(group):,}", f"{group['dwellings'].sum():,.0f}",
                      money(group["residual_land_value"].sum()))
    Console().print(table)
    Console().print(f"{len(frame_out):,} schemes appraised, {len(errors):,} sites not appraised "
                  f"(see errors.csv), in {elapsed:.1f} s; written to {out}", highlight=False)
