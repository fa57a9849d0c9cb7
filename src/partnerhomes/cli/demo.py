"""``partnerhomes demo``: build the illustrative South Essex partnership and run the job on it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from partnerhomes.cli.plan import plan as plan_command
from partnerhomes.cli.sites import council_table
from partnerhomes.demo.build import build_demo
from partnerhomes.demo.partnership import COUNCILS
from partnerhomes.demo.programme import write_demo_programme
from partnerhomes.demo.sites import DEFAULT_SEED
from partnerhomes.sites import importer

app = typer.Typer(help="The illustrative South Essex demo partnership.", no_args_is_help=True)

OutOption = Annotated[Path, typer.Option("--out", help="Folder to write into.")]
SeedOption = Annotated[int, typer.Option("--seed", help="Random seed of the invented sites.")]


@app.command("build")
def build_command(out: OutOption = Path("build/demo/inputs"), seed: SeedOption = DEFAULT_SEED,
                  ) -> None:
    """Write the demo members and one partner site list per owner organisation."""
    files = build_demo(out, seed)
    Console().print(f"{len(files.site_lists)} partner site lists and the members written to "
                    f"{out} (illustrative data)", highlight=False)


@app.command("run")
def run_command(
    out: OutOption = Path("build/demo"),
    seed: SeedOption = DEFAULT_SEED,
    plan: Annotated[bool, typer.Option(
        help="Also plan the programme and its partnership uplift (two to three minutes).")]
    = True,
) -> None:
    """Build the demo, import its site lists through the real import path, print the pipeline,
    then plan the partnership's programme on it and write a summary a chief executive can read."""
    console = Console()
    files = build_demo(out / "inputs", seed)
    console.print("[bold]PartnerHomes demo: an illustrative South Essex partnership[/bold]")
    console.print(f"Built {len(files.site_lists)} partner site lists in {out / 'inputs'}",
                  highlight=False)
    result = importer.import_sites(list(files.site_lists))
    importer.write_import(result, out / "pipeline")
    names = {council.code: council.name for council in COUNCILS}
    console.print(council_table(result, names))
    totals = result.sites
    console.print(
        f"Pipeline: {len(totals):,} sites, {int(totals['maximum_net_dwellings'].sum()):,} homes, "
        f"{totals['hectares'].sum():,.1f} ha; rows in = accepted + rejected: "
        f"{result.rows_in:,} = {result.n_accepted:,} + {result.n_rejected:,}", highlight=False)
    by_category = totals.groupby("category")["maximum_net_dwellings"].agg(["count", "sum"])
    for category, row in by_category.iterrows():
        console.print(f"  {category}: {row['count']} sites, {row['sum']:,} homes", highlight=False)
    console.print(f"Sites table, issue log and summary written to {out / 'pipeline'}",
                  highlight=False)
    if not result.rows_accounted_for:
        raise typer.Exit(code=1)
    if plan:
        programme = write_demo_programme(out / "programme", out / "pipeline" / "sites.csv")
        console.print(f"Planning the programme in {programme} (illustrative resources)…",
                      highlight=False)
        plan_command(programme, out / "plan", uplift=True, mps=False, root=None, overlay=None)
        console.print(f"Programme plan written to {out / 'plan'}; open "
                      f"{out / 'plan' / 'summary.html'}", highlight=False)
