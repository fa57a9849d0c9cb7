"""``partnerhomes plan PROGRAMME_FILE --out DIR``: solve the programme and write its outputs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer
from rich.console import Console

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
