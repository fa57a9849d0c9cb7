"""The ``partnerhomes`` command line: one sub-command per area of the model."""

from __future__ import annotations

import typer

from partnerhomes import __version__
from partnerhomes.cli import appraise, demo, parameters, serve, sites, tenures, vehicles
from partnerhomes.cli import plan as plan_cli

app = typer.Typer(
    help="PartnerHomes: affordable-housing delivery partnerships, from sites to programme.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)
app.add_typer(parameters.app, name="parameters")
app.add_typer(sites.app, name="sites")
app.add_typer(tenures.app, name="tenures")
app.add_typer(appraise.app, name="appraise")
app.add_typer(vehicles.app, name="vehicles")
appraise.app.command("landlord")(tenures.landlord_command)
app.add_typer(demo.app, name="demo")
app.command("plan")(plan_cli.plan)
app.command("serve")(serve.serve)
parameters.app.command("calibrate")(tenures.calibrate)


def _version(value: bool) -> None:
    if value:
        typer.echo(__version__)
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """PartnerHomes command line."""


if __name__ == "__main__":
    app()
