"""``partnerhomes plan PROGRAMME_FILE --out DIR``: solve the programme and write its outputs."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer
from rich.console import Console, JustifyMethod
from rich.table import Table

from partnerhomes.cli.parameters import OverlayOption, RootOption, tree_from_options
from partnerhomes.programme.file import ProgrammeFileError, read_programme
from partnerhomes.programme.outputs import plan_outputs
from partnerhomes.programme.plan import read_sites, run_plan
from partnerhomes.programme.solve import write_mps
from partnerhomes.reports.plan_summary import (
    SummaryInputs,
    summary_html,
    trajectory_figure,
    uplift_figure,
)


def _write(frame: pd.DataFrame, folder: Path, name: str) -> None:
    frame.to_csv(folder / f"{name}.csv", index=False)
    frame.to_json(folder / f"{name}.json", orient="records", indent=1)


def _save(figure: Any, folder: Path, name: str) -> None:
    figure.savefig(folder / f"{name}.png", dpi=120)
    figure.savefig(folder / f"{name}.svg")
    import matplotlib.pyplot as plt

    plt.close(figure)


def _number(value: object, spec: str) -> str:
    """A table cell formatted with ``spec``, or — when missing or not a finite number."""
    try:
        number = float(value)  # type: ignore[arg-type]  # a table cell: number, str or None
    except (TypeError, ValueError):
        return "—"
    return format(number, spec) if math.isfinite(number) else "—"


def uplift_table(uplift: pd.DataFrame) -> Table:
    """The uplift scenarios for the terminal: affordable homes and the extra over alone, and the
    solver's objective, bound, gap, whether proven within the programme's gap and the time used
    of the time given. An unproven scenario's homes are the best plan found (a lower bound)."""
    table = Table(title="What working together adds (uplift scenarios)")
    columns: tuple[tuple[str, JustifyMethod], ...] = (
        ("Scenario", "left"), ("Affordable homes", "right"), ("Extra over alone", "right"),
        ("Objective", "right"), ("Bound", "right"), ("Gap", "right"), ("Proven", "center"),
        ("Time (s)", "right"))
    for name, justify in columns:
        table.add_column(name, justify=justify)
    for _, row in uplift.iterrows():
        proven = row.get("is_proven")
        flag = ("—" if proven is None or (isinstance(proven, float) and math.isnan(proven))
                else "[green]yes[/green]" if bool(proven) else "[yellow]no[/yellow]")
        table.add_row(
            str(row["scenario"]),
            ("" if flag != "[yellow]no[/yellow]" else "≥ ")
            + _number(row.get("affordable_homes"), ",.0f"),
            _number(row.get("extra_affordable_homes"), "+,.0f"),
            _number(row.get("objective"), ",.1f"), _number(row.get("bound"), ",.1f"),
            _number(row.get("gap"), ".2%"), flag,
            f"{_number(row.get('solve_seconds'), ',.0f')} of "
            f"{_number(row.get('time_limit_seconds'), ',.0f')}")
    return table


def plan(
    programme_file: Annotated[Path, typer.Argument(help="Programme file (YAML).", exists=True,
                                                   dir_okay=False)],
    out: Annotated[Path, typer.Option("--out", help="Folder to write into.")] = Path(
        "build/plan"),
    uplift: Annotated[bool, typer.Option(help="Also solve the uplift scenarios.")] = True,
    mps: Annotated[bool, typer.Option(help="Also write the model as an MPS file.")] = False,
    root: RootOption = None, overlay: OverlayOption = None,
) -> None:
    """Choose sites, tenure mixes, routes and start years; write the plan, trajectory, uplift,
    exemplar sites and SME lots (CSV and JSON), charts (PNG and SVG) and summary.html."""
    console = Console()
    try:
        programme = read_programme(programme_file)
    except ProgrammeFileError as error:
        console.print(f"[red]error:[/red] {error}", highlight=False)
        raise typer.Exit(code=2) from error
    tree = tree_from_options(root, overlay)
    out.mkdir(parents=True, exist_ok=True)
    sites = read_sites(programme)
    run = run_plan(programme, tree, sites)
    result = run.plan
    if not result.chosen.size and result.conflicts:
        console.print("[red]The programme is infeasible.[/red] Conflicting limits:")
        for conflict in result.conflicts:
            console.print(f"  {conflict}", highlight=False)
        (out / "conflicts.json").write_text(json.dumps(
            [c.__dict__ for c in result.conflicts], indent=1), encoding="utf-8")
        raise typer.Exit(code=1)
    outputs = plan_outputs(run, tree, sites, uplift=uplift)
    for name, frame in (("plan", outputs.plan), ("trajectory", outputs.trajectory),
                        ("absorption_effect", outputs.absorption), ("uplift", outputs.uplift),
                        ("exemplars", outputs.exemplars), ("sme_lots", outputs.lots),
                        ("sme_lot_sites", outputs.lot_sites)):
        _write(frame, out, name)
    _save(trajectory_figure(outputs.trajectory), out, "trajectory")
    if len(outputs.uplift):
        _save(uplift_figure(outputs.uplift), out, "uplift")
    totals = outputs.headline
    (out / "summary.json").write_text(json.dumps({"headline": totals, "solver": outputs.solver},
                                                 indent=1), encoding="utf-8")
    if mps:
        write_mps(run.model, out / "programme.mps")
    (out / "summary.html").write_text(summary_html(SummaryInputs.from_outputs(outputs)),
                                      encoding="utf-8")
    console.print(f"Plan: {totals['affordable_homes']:,.0f} affordable homes "
                  f"({totals['homes_social_rent']:,.0f} Social Rent) on {totals['sites']:,.0f} "
                  f"sites, grant £{totals['grant'] / 1e6:,.1f}m; {result.status}, gap "
                  f"{result.gap:.2%} in {result.solve_seconds:.1f} s. Written to {out}",
                  highlight=False)
    if len(outputs.uplift):
        console.print(uplift_table(outputs.uplift))
        if not outputs.uplift.get("is_proven", pd.Series(True)).all():
            console.print("Scenarios not proven within objective.uplift_time_limit_seconds show "
                          "the best plan found (≥); the bound says how far it could rise.",
                          highlight=False)
