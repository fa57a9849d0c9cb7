"""``partnerhomes plan PROGRAMME_FILE --out DIR``: solve the programme and write its outputs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer
from rich.console import Console

from partnerhomes.appraisal.inputs import TENURES
from partnerhomes.cli.parameters import OverlayOption, RootOption, tree_from_options
from partnerhomes.programme.exemplar import exemplar_shortlist
from partnerhomes.programme.file import ProgrammeFileError, read_programme
from partnerhomes.programme.options import build_out_terms
from partnerhomes.programme.plan import headline, plan_table, read_sites, run_plan
from partnerhomes.programme.sme_lots import appraise_lots
from partnerhomes.programme.solve import write_mps
from partnerhomes.programme.trajectory import absorption_effect, plan_trajectory
from partnerhomes.programme.uplift import partnership_uplift
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
    result, options = run.plan, run.options
    if not result.chosen.size and result.conflicts:
        console.print("[red]The programme is infeasible.[/red] Conflicting limits:")
        for conflict in result.conflicts:
            console.print(f"  {conflict}", highlight=False)
        (out / "conflicts.json").write_text(json.dumps(
            [c.__dict__ for c in result.conflicts], indent=1), encoding="utf-8")
        raise typer.Exit(code=1)
    table = plan_table(options, result)
    _write(table, out, "plan")
    chosen = options.table.iloc[result.chosen].reset_index(drop=True)
    trajectory = plan_trajectory(chosen, options.starts[result.chosen],
                                 options.completions[result.chosen], options.years, TENURES)
    trajectory = trajectory[(trajectory["starts"] > 0) | (trajectory["completions"] > 0)]
    _write(trajectory, out, "trajectory")
    terms = build_out_terms(tree, programme.valuation_date)
    largest = float(options.table["homes"].max()) if options.n_options else 0.0
    absorption = absorption_effect(max(largest, terms.large_site_min_dwellings), terms)
    _write(absorption, out, "absorption_effect")
    uplift_table = (partnership_uplift(options, programme, tree,
                                       time_limit=programme.objective.time_limit_seconds / 4,
                                       pooled=result)
                    if uplift else pd.DataFrame())
    _write(uplift_table, out, "uplift")
    exemplars = exemplar_shortlist(options, programme, result.chosen)
    _write(exemplars, out, "exemplars")
    lots, membership = appraise_lots(tree, programme, sites)
    _write(lots, out, "sme_lots")
    _write(membership, out, "sme_lot_sites")
    _save(trajectory_figure(trajectory), out, "trajectory")
    if len(uplift_table):
        _save(uplift_figure(uplift_table), out, "uplift")
    totals = headline(options, result)
    solver = {"status": result.status, "objective": round(result.objective, 2),
              "bound": round(result.bound, 2), "gap": round(result.gap, 5),
              "solve_seconds": round(result.solve_seconds, 2),
              "time_limit_seconds": result.time_limit_seconds,
              "options": options.n_options, "options_dropped": options.dropped,
              "options_seconds": round(run.options_seconds, 2),
              "build_seconds": round(run.build_seconds, 3),
              "parameters_digest": tree.digest()}
    (out / "summary.json").write_text(json.dumps({"headline": totals, "solver": solver},
                                                 indent=1), encoding="utf-8")
    if mps:
        write_mps(run.model, out / "programme.mps")
    page = summary_html(SummaryInputs(
        title=programme.name, is_illustrative=programme.is_illustrative, headline=totals,
        solver=solver, uplift=uplift_table, trajectory=trajectory, exemplars=exemplars,
        lots=lots, absorption=absorption,
        years=(programme.years.first, programme.years.last),
        notes=[f"{options.n_options:,} options appraised across {len(sites):,} sites."]))
    (out / "summary.html").write_text(page, encoding="utf-8")
    console.print(f"Plan: {totals['affordable_homes']:,.0f} affordable homes "
                  f"({totals['homes_social_rent']:,.0f} Social Rent) on {totals['sites']:,.0f} "
                  f"sites, grant £{totals['grant'] / 1e6:,.1f}m; {result.status}, gap "
                  f"{result.gap:.2%} in {result.solve_seconds:.1f} s. Written to {out}",
                  highlight=False)
