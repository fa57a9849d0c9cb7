"""``partnerhomes tenures``: rents per home with the rule that bound, and the landlord appraisal.

Also :func:`calibrate`, registered as ``partnerhomes parameters calibrate``.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import pandas as pd
import typer
import yaml
from rich.console import Console
from rich.table import Table

from partnerhomes.parameters import ParameterError, ParameterTree, load_tree
from partnerhomes.parameters.load import default_root
from partnerhomes.tenures import calibrate as calibration
from partnerhomes.tenures import landlord, rents

app = typer.Typer(help="Rents of affordable homes and the landlord's long-term appraisal.",
                  no_args_is_help=True)

ON = Annotated[str, typer.Option("--on", help="Date the rules are read as at (YYYY-MM-DD).")]
TENURES = ("social_rent", "affordable_rent", "shared_ownership", "first_homes")


def _fail(error: Exception) -> typer.Exit:
    Console().print(f"[red]error:[/red] {error}", markup=True, highlight=False)
    return typer.Exit(code=1)


def _read_table(path: Path) -> pd.DataFrame:
    if path.suffix.lower() == ".csv":
        return pd.read_csv(path, dtype={"council": str})
    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    rows = loaded.get("homes", loaded) if isinstance(loaded, dict) else loaded
    return pd.DataFrame(rows)


def _column(rows: pd.DataFrame, name: str) -> np.ndarray[Any, Any]:
    if name not in rows or rows[name].isna().any():
        raise rents.RentRuleError(f"column {name!r} is needed for every "
                                  f"{rows['tenure'].iloc[0]} home")
    return rows[name].to_numpy()


def _optional(rows: pd.DataFrame, name: str) -> np.ndarray[Any, Any] | None:
    return rows[name].to_numpy(dtype=float) if name in rows and rows[name].notna().all() else None


def rent_rows(tree: ParameterTree, homes: pd.DataFrame, on: str) -> pd.DataFrame:
    """One output row per home: rent or price, its unit and the rule that bound."""
    unknown = sorted(set(homes["tenure"]) - set(TENURES))
    if unknown:
        raise rents.RentRuleError(f"unknown tenure(s) {unknown}; use one of {list(TENURES)}")
    year = dt.date.fromisoformat(on).year
    out = homes.assign(amount=np.nan, unit="", bound="")
    for tenure, rows in homes.groupby("tenure"):
        index = rows.index
        if tenure == "social_rent":
            result = rents.social_rent(tree, _column(rows, "council"), _column(rows, "bedrooms"),
                                       _column(rows, "property_value_1999"), year)
            amount, unit, bound = result.rent, "GBP/week", result.bound
        elif tenure == "affordable_rent":
            market = _optional(rows, "market_rent")
            if market is None:
                market = rents.market_rent(tree, _column(rows, "council"),
                                           _column(rows, "bedrooms"), on)
            lha = rents.local_housing_allowance(tree, _column(rows, "council"),
                                                _column(rows, "bedrooms"), on)
            ar = rents.affordable_rent(tree, market, lha, on, _optional(rows, "proposed_rent"))
            amount, unit, bound = ar.rent, "GBP/week", ar.bound
        elif tenure == "shared_ownership":
            amount = rents.shared_ownership_rent(tree, _column(rows, "market_value"),
                                                 _column(rows, "share"), on)
            unit, bound = "GBP/year", np.full(len(rows), "rent_on_unsold_equity")
        else:
            fh = rents.first_homes_price(tree, _column(rows, "council"),
                                         _column(rows, "market_value"), on,
                                         _optional(rows, "discount"))
            amount, unit, bound = fh.price, "GBP", fh.bound
        out.loc[index, "amount"] = np.round(amount, 2)
        out.loc[index, "unit"] = unit
        out.loc[index, "bound"] = bound
    return out


@app.command("rents")
def rents_command(
    file: Annotated[Path, typer.Argument(help="CSV or YAML of homes: tenure, council, bedrooms, "
                                         "property_value_1999, market_value, share, …")],
    on: ON = "2026-04-01",
) -> None:
    """Rent (or price) of each home with each rule applied and the cap that bound."""
    try:
        table = rent_rows(load_tree(), _read_table(file), on)
    except (rents.RentRuleError, ParameterError, KeyError, ValueError) as error:
        raise _fail(error) from error
    view = Table(title=f"Rents and prices as at {on}")
    shown = [column for column in ("name", "tenure", "council", "bedrooms", "amount", "unit",
                                   "bound") if column in table]
    for column in shown:
        view.add_column(column)
    for record in table[shown].itertuples(index=False):
        view.add_row(*(f"{value:,.2f}" if isinstance(value, float) else str(value)
                       for value in record))
    Console().print(view)


def landlord_summary(spec: dict[str, Any], tree: ParameterTree) -> list[dict[str, Any]]:
    """Appraise the schemes of a landlord file; one summary dict per scheme."""
    on = str(spec.get("on", "2026-04-01"))
    preset = str(spec.get("landlord", "housing_association"))
    if preset not in ("housing_association", "council_hra"):
        raise rents.RentRuleError(f"landlord must be housing_association or council_hra, "
                                  f"not {preset!r}")
    overrides: dict[str, Any] = dict(spec.get("terms") or {})
    terms = getattr(landlord, preset)(tree, on).replace(**overrides)
    table = pd.DataFrame(spec["schemes"])
    names = table.pop("name").astype(str).tolist() if "name" in table else [
        f"scheme {k + 1}" for k in range(len(table))]
    defaults = {"first_tranche_rate": tree.number("tenures.shared_ownership.first_tranche_rate",
                                                  on),
                "shared_ownership_rent_rate": tree.number(
                    "tenures.shared_ownership.rent_on_unsold_equity_rate", on)}
    blanks: dict[str, float] = {str(key): defaults.get(str(key), 0.0) for key in table}
    table = table.fillna(blanks)  # a blank cell takes the default
    columns: dict[str, Any] = {**defaults, **{str(key): table[key].to_numpy() for key in table}}
    homes = landlord.schemes(**columns)
    result = landlord.appraise(homes, terms)
    grant = landlord.grant_benchmarks(tree, homes, result.grant_needed, on)

    def number(value: Any) -> float | None:
        return None if not np.isfinite(value) else round(float(value), 4)

    return [{"name": name, "landlord": terms.name, "horizon_years": terms.horizon_years,
             "npv": number(result.npv[k]), "irr": number(result.irr[k]),
             "payback_year": number(result.payback_year[k]),
             "peak_debt": number(result.peak_debt[k]),
             "minimum_interest_cover": number(result.minimum_interest_cover[k]),
             "max_price": number(result.max_price[k]),
             "grant_needed": number(result.grant_needed[k]),
             **{key: number(values[k]) for key, values in grant.items()},
             "meets_hurdles": bool(result.meets_hurdles[k])} for k, name in enumerate(names)]


@app.command("landlord")
def landlord_command(
    file: Annotated[Path, typer.Argument(help="YAML: landlord (housing_association or "
                                         "council_hra), on, terms (overrides), schemes (list).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """The landlord's NPV, IRR, payback, peak debt, max price and grant need per scheme."""
    try:
        summary = landlord_summary(yaml.safe_load(file.read_text(encoding="utf-8")), load_tree())
    except (rents.RentRuleError, ParameterError, KeyError, TypeError, ValueError) as error:
        raise _fail(error) from error
    if as_json:
        typer.echo(json.dumps(summary, indent=2))
        return
    view = Table(title=f"Landlord appraisal ({summary[0]['landlord'] if summary else ''})")
    for column in summary[0] if summary else []:
        view.add_column(column)
    for row in summary:
        view.add_row(*(f"{value:,.4g}" if isinstance(value, float) else str(value)
                       for value in row.values()))
    Console().print(view)


def calibrate(
    data: Annotated[Path | None, typer.Option("--data", help="The shared data folder "
                                              "(default: $PARTNERHOMES_SHARED_DATA or "
                                              "../shared/data).")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Folder to write into (default: "
                                             "parameters/calibrated/).")] = None,
    on: ON = "2026-04-01",
) -> None:
    """Derive market rent, LHA and house price defaults from ONS, VOA/DWP and HM Land Registry
    data and write them as parameter files that cite their source."""
    folder = data or calibration.default_data_folder()
    target = out or default_root() / "calibrated"
    try:
        written = calibration.write_parameters(
            calibration.calibrate(folder, load_tree(), on), target)
    except (FileNotFoundError, rents.RentRuleError, ParameterError) as error:
        raise _fail(error) from error
    for path in written:
        Console().print(f"wrote {path}", highlight=False)
