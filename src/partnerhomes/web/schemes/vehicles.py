"""Delivery routes for a scheme, side by side: the scheme's inputs and a route definition
document (``docs/methodology/vehicles.md`` §3: ``partners:`` and ``routes:``) make a comparison
file, read and compared by :mod:`partnerhomes.vehicles` as ``partnerhomes vehicles compare``
does, with its Excel workbook from :func:`partnerhomes.vehicles.export.write_excel`.

Not represented: pools of sites and several schemes at once (the command takes those).
"""

from __future__ import annotations

import math
import tempfile
from dataclasses import dataclass, field
from numbers import Integral, Real
from pathlib import Path
from typing import Any

import yaml

from partnerhomes.appraisal.readers import SchemeFileError
from partnerhomes.parameters import ParameterTree
from partnerhomes.reports.money import money
from partnerhomes.vehicles import export, files, options
from partnerhomes.vehicles.routes import RouteError

EXAMPLE_ROUTES = """\
# The documented example (docs/methodology/vehicles.md §7, tests/vehicles/data/routes.yaml):
# four routes for a council's scheme. Omitted rates come from parameters/.
partners:
  - {name: southend, kind: council, borrowing: hra}
  - {name: harbour_homes, kind: housing_association}
  - {name: estuary_developments, kind: developer}
  - {name: homes_england, kind: homes_england}
routes:
  - name: Council direct (HRA)
    type: council_direct_hra
    members: [southend]
    land: {owner: southend, form: equity}
    council_borrowing: {partner: southend}
    profit_split: {southend: 1.0}
    landlord: {partner: southend, terms: council_hra}
    build_contract: {sme_share: 1.0, fixed_price: true}
  - name: Housing association direct
    type: housing_association_direct
    members: [harbour_homes]
    land: {owner: southend, form: sale}
    equity: [{partner: harbour_homes, share_of_cost: 0.35}]
    senior_debt: {lender: HA bank facility, loan_to_cost: 0.65}
    profit_split: {harbour_homes: 1.0}
    landlord: {partner: harbour_homes}
  - name: Council housing company
    type: housing_company
    members: [southend]
    land: {owner: southend, form: loan_note}
    equity: [{partner: southend, share_of_cost: 0.1}]
    partner_loans: [{partner: southend, share_of_cost: 0.9}]
    profit_split: {southend: 1.0}
    landlord: {partner: southend, terms: council_hra}
    build_contract: {sme_share: 0.5}
  - name: Joint venture 50:50 with a developer
    type: joint_venture
    members: [southend, estuary_developments]
    land: {owner: southend, form: equity}
    equity: [{partner: estuary_developments, amount: land}]
    senior_debt: {lender: Development bank, loan_to_cost: 0.6}
    profit_split: {southend: 0.5, estuary_developments: 0.5}
    promote:
      - {above_irr: 0.20, split: {southend: 0.4, estuary_developments: 0.6}}
    landlord: {partner: harbour_homes}
    build_contract: {sme_share: 0.3, fixed_price: true}
"""
SHOWN = (
    ("Feasible", "feasible"), ("Not feasible because", "not_feasible_because"),
    ("Landlord", "landlord"), ("Social Rent homes", "dwellings_social_rent"),
    ("Affordable Rent homes", "dwellings_affordable_rent"),
    ("Shared ownership homes", "dwellings_shared_ownership"),
    ("Market sale homes", "dwellings_market_sale"),
    ("Land value", "land_value"), ("Hand-over price", "handover_price"), ("Grant", "grant"),
    ("Council net cost", "council_net_cost"), ("Council land receipt", "council_land_receipt"),
    ("Council borrowing used", "council_borrowing_headroom_used"),
    ("Peak debt", "peak_debt"), ("Interest cover", "interest_cover"), ("Gearing", "gearing"),
    ("SME build contracts", "sme_build_contracts"))
PARTNER_FIGURES = (("capital", "capital"), ("peak exposure", "peak_exposure"),
                   ("profit", "profit"), ("IRR", "irr"), ("multiple", "multiple"))
RATIOS = ("interest_cover", "gearing", "irr", "multiple", "profit_share")


class RoutesError(ValueError):
    """The route definitions or the scheme cannot be compared; one problem a line."""


@dataclass
class Table:
    """The comparison laid out: route names as columns, labelled rows, partner sections."""

    routes: list[str] = field(default_factory=list)
    rows: list[tuple[str, list[str]]] = field(default_factory=list)
    partners: list[tuple[str, list[tuple[str, list[str]]]]] = field(default_factory=list)
    risks: list[tuple[str, list[str]]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def shown(value: Any, name: str) -> str:
    """A figure as the comparison shows it."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return value or "–"
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, float) and math.isinf(value):
        return "∞"
    if name.endswith(("interest_cover", "multiple")):
        return f"{value:.2f}×"
    if name.endswith(RATIOS):
        return f"{value:.1%}"
    if name.startswith("dwellings"):
        return f"{value:,.0f}"
    return money(value)


def routes_document(text: str) -> dict[str, Any]:
    """``partners:`` and ``routes:`` from the route definition text."""
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise RoutesError(f"not YAML: {error}") from error
    if not isinstance(document, dict) or set(document) - {"partners", "routes"}:
        raise RoutesError("give partners: and routes: (docs/methodology/vehicles.md §3)")
    return document


def _compare(inputs: dict[str, Any], name: str, routes: dict[str, Any], tree: ParameterTree,
             workbook: bool) -> tuple[list[dict[str, Any]], list[str], bytes]:
    document = {"name": name, "scheme": inputs, **routes}
    with tempfile.TemporaryDirectory(prefix="partnerhomes-vehicles-") as folder:
        path = Path(folder) / "comparison.yaml"
        path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
        try:
            spec = files.read_comparison(path, tree)
            comparison = options.compare(tree, spec.inputs, spec.routes, spec.pools)
        except (RouteError, SchemeFileError, ValueError) as error:
            raise RoutesError(str(error).replace(str(path), "the routes")) from error
        content = b""
        if workbook:
            written = Path(folder) / "options.xlsx"
            export.write_excel(comparison, written)
            content = written.read_bytes()
    errors = [str(e) for e in spec.errors + [e for e in comparison.errors
                                             if e not in spec.errors]]
    return comparison.table(), errors, content


def compare(inputs: dict[str, Any], name: str, routes_text: str,
            tree: ParameterTree) -> tuple[Table, bytes]:
    """Every route of ``routes_text`` for the scheme ``inputs``: the table and the workbook."""
    records, errors, content = _compare(inputs, name, routes_document(routes_text), tree,
                                        workbook=True)
    return layout(records, errors), content


def compare_records(inputs: dict[str, Any], name: str, routes: str | dict[str, Any],
                    tree: ParameterTree) -> tuple[list[dict[str, Any]], list[str]]:
    """Every route (``routes``: the definition text, or the document itself) for the scheme
    ``inputs`` as records of :meth:`partnerhomes.vehicles.options.Comparison.table`, one per
    route, with the figures as numbers (JSON has no infinities: an infinite figure, such as
    the interest cover of a route without debt, is ``"inf"`` or ``"-inf"``; one that is not a
    number, such as the IRR of a partner that puts nothing in, is ``None``), and the problems
    found."""
    if isinstance(routes, str):
        document = routes_document(routes)
    else:
        document = routes_document(yaml.safe_dump(routes, sort_keys=False))
    records, errors, _ = _compare(inputs, name, document, tree, workbook=False)
    first = [r for r in records if r["row_id"] == records[0]["row_id"]] if records else []
    return [{key: plain(value) for key, value in r.items()} for r in first], errors


def plain(value: Any) -> Any:
    """A figure as JSON can carry it: numbers as int or float, infinities as ``"inf"`` or
    ``"-inf"``, NaN as None."""
    if isinstance(value, bool | str) or value is None:
        return value
    if isinstance(value, Integral):
        return int(value)
    if isinstance(value, Real):
        number = float(value)
        if math.isinf(number):
            return "inf" if number > 0 else "-inf"
        return None if math.isnan(number) else number
    return str(value)


def layout(records: list[dict[str, Any]], errors: list[str]) -> Table:
    """The first scheme's records (one per route) as a side-by-side table."""
    table = Table(errors=errors)
    if not records:
        return table
    first = [r for r in records if r["row_id"] == records[0]["row_id"]]
    table.routes = [str(r["route"]) for r in first]
    table.rows = [(label, [shown(r.get(name), name) for r in first]) for label, name in SHOWN]
    partners = dict.fromkeys(key.split(".")[0] for r in first for key in r
                             if key.endswith(".capital"))
    for partner in partners:
        table.partners.append((partner, [
            (label, [shown(r.get(f"{partner}.{name}"), name) if f"{partner}.{name}" in r
                     else "–" for r in first]) for label, name in PARTNER_FIGURES]))
    risk_names = dict.fromkeys(key[5:] for r in first for key in r if key.startswith("risk."))
    table.risks = [(name.replace("_", " ").capitalize(),
                    [str(r.get(f"risk.{name}", "–")) for r in first]) for name in risk_names]
    return table
