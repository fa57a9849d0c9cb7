"""Each option's partners through the delivery-vehicles engine: every partner's capital and return,
the route's surplus or deficit, and the money each partner must find (the planner's resources).

The vehicles engine (:func:`partnerhomes.vehicles.options.run_route`: sources, the monthly
waterfall, partner, vehicle and council metrics) runs over every option's scheme, land at its
benchmark land value, with the option's grant. It is called once per programme route and land
holder over every option of that kind, in chunks of schemes to bound memory: never per option.

Programme routes as vehicles routes (partners are generic: ``council``, ``association`` and
``landowner``; each row is the option's own council and association):

- ``council_direct`` → ``council_direct_hra``: the council's land in kind, PWLB borrowing at the
  HRA rate for the rest; the council is the landlord (council HRA terms).
- ``housing_association`` → ``housing_association_direct``: the association's own land in kind,
  any other land bought at its benchmark land value; senior debt up to the loan-to-cost cap, the
  rest the association's equity; the association is the landlord.
- ``joint_venture`` → ``joint_venture`` of the council and the association: land in kind from
  whichever of them owns it (else bought), cash equity of a share of total cost from both in
  their profit shares, senior debt up to the loan-to-cost cap; the association is the landlord.

**Funding** (what the planner limits by year) is the most a partner has tied up in the option at
any month: its net cash into the vehicle (land in kind is not money and is left out), plus the
borrowing it carries itself (the council's PWLB on council direct, the association's debt on its
own route), plus, as landlord, the hand-over price it has paid less the first-tranche sales of
shared ownership homes (in proportion to the hand-over). A housing association funds
``housing_association_equity_share`` of its funding from equity, the rest from debt.

Not represented: a pool's waterfall run as one (each pooled option is run on its own; the pool's
self-financing is the planner's pool row), an option's start year (every option of a scheme is
appraised from the valuation date; amounts are at valuation-date prices), and the joint
venture's overhead (it is in the planner's value, not in the waterfall).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from partnerhomes.appraisal import appraise as development
from partnerhomes.appraisal.inputs import SchemeInputs, valid_positions
from partnerhomes.parameters import ParameterTree
from partnerhomes.programme.file import Programme
from partnerhomes.vehicles import options as vehicle_options
from partnerhomes.vehicles import uses
from partnerhomes.vehicles.routes import Route, read_partners, read_route

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

SCHEME_CHUNK = 4_000  # schemes appraised with their monthly cashflow at a time
HOLDERS = ("council", "association", "other")  # who holds an option's land
FIGURES = ("council_capital", "council_return", "council_irr", "association_capital",
           "association_return", "association_irr", "vehicle_surplus", "vehicle_peak_debt",
           "council_funding", "association_funding")
"""Per option [GBP; IRR /1 a year]: each partner's capital in the vehicle (land in kind, equity,
loans, overrun equity) and return (distributions − capital) and IRR; the route's surplus (+) or
deficit (−) after its finance; its peak debt; and each partner's funding (module doc)."""


@dataclass(frozen=True)
class VehicleTerms:
    """The programme's terms for the vehicles engine, from the programme file or parameters/."""

    council_profit_share: float  # joint venture [/1]
    equity_share_of_cost: float  # joint venture members' cash equity [/1 of total cost]
    loan_to_cost: float  # senior debt cap [/1]
    association_equity_share: float  # of an association's funding from its equity [/1]
    grant_start_share: float  # of grant paid at start on site [/1]


def vehicle_terms(tree: ParameterTree, programme: Programme) -> VehicleTerms:
    """Terms given in the programme file's ``vehicle_terms``, else from parameters/."""
    on = programme.valuation_date
    given = programme.vehicle_terms

    def pick(value: float | None, name: str) -> float:
        return float(value) if value is not None else tree.number(name, on)

    return VehicleTerms(
        pick(given.joint_venture_council_profit_share,
             "programme.routes.joint_venture_council_profit_share"),
        pick(given.joint_venture_equity_share_of_cost,
             "programme.routes.joint_venture_equity_share_of_cost"),
        pick(given.senior_debt_loan_to_cost, "vehicles.senior_debt_loan_to_cost_rate"),
        pick(given.housing_association_equity_share,
             "programme.routes.housing_association_equity_share"),
        tree.number("programme.grant.paid_at_start_share", on))


PARTNERS = read_partners([{"name": "council", "kind": "council", "borrowing": "hra"},
                          {"name": "association", "kind": "housing_association"},
                          {"name": "landowner", "kind": "developer"}])


def vehicle_route(route: str, holder: str, terms: VehicleTerms) -> Route:
    """The vehicles route of a programme route whose land ``holder`` is council, association
    or other (see the module doc); validated by the vehicles route reader."""
    grant = {"start_on_site_share": terms.grant_start_share}
    senior = {"lender": "senior lender", "loan_to_cost": terms.loan_to_cost}
    document: dict[str, Any]
    if route == "council_direct":
        document = {"type": "council_direct_hra", "members": ["council"],
                    "land": {"owner": "council", "form": "equity", "value": "benchmark"},
                    "council_borrowing": {"partner": "council"},
                    "profit_split": {"council": 1.0},
                    "landlord": {"partner": "council", "terms": "council_hra"}}
    elif route == "housing_association":
        owner = {"association": "association", "council": "council"}.get(holder, "landowner")
        document = {"type": "housing_association_direct", "members": ["association"],
                    "land": {"owner": owner, "form": "equity" if owner == "association"
                             else "sale", "value": "benchmark"},
                    "senior_debt": senior, "profit_split": {"association": 1.0},
                    "landlord": {"partner": "association", "terms": "housing_association"}}
    else:
        owner = holder if holder in ("council", "association") else "landowner"
        share = terms.council_profit_share
        equity = [{"partner": p, "share_of_cost": terms.equity_share_of_cost * s}
                  for p, s in (("council", share), ("association", 1.0 - share)) if s > 0]
        document = {"type": "joint_venture", "members": ["council", "association"],
                    "land": {"owner": owner, "form": "sale" if owner == "landowner"
                             else "equity", "value": "benchmark"},
                    "equity": equity if terms.equity_share_of_cost > 0 else [],
                    "senior_debt": senior,
                    "profit_split": {"council": share, "association": 1.0 - share},
                    "landlord": {"partner": "association", "terms": "housing_association"}}
    return read_route({"name": f"{route} ({holder} land)", "grant": grant, **document}, PARTNERS)


def land_holder(table: pd.DataFrame) -> npt.NDArray[np.str_]:
    """Who holds each option's land: its council, its association, or another owner."""
    council_land = table["is_council_land"].to_numpy(bool) if "is_council_land" in table \
        else np.zeros(len(table), dtype=bool)
    association_land = table["is_association_land"].to_numpy(bool) \
        if "is_association_land" in table else np.zeros(len(table), dtype=bool)
    return np.where(council_land, "council", np.where(association_land, "association", "other"))


def take_project(project: uses.Project, rows: IntArray) -> uses.Project:
    """The project's rows ``rows`` (repeats allowed)."""
    return replace(
        project, row_id=project.row_id[rows], sites=tuple(project.sites[r] for r in rows),
        valuation_date=project.valuation_date[rows], cashflow=project.cashflow[rows],
        land=project.land[rows], handover=project.handover[rows], grant=project.grant[rows],
        total_cost=project.total_cost[rows], build_contract=project.build_contract[rows],
        benchmark_land_value=project.benchmark_land_value[rows],
        appraised_affordable_value=project.appraised_affordable_value[rows],
        homes={t: v[rows] for t, v in project.homes.items()},
        start_on_site=project.start_on_site[rows])


def at_benchmark_land(inputs: SchemeInputs) -> SchemeInputs:
    """The schemes with land at its benchmark land value (the vehicles' ``value: benchmark``)."""
    return replace(inputs, land_price=inputs.benchmark_land_value.copy())


def funding(result: vehicle_options.RouteResult, partner: str, first_tranche: FloatArray
            ) -> FloatArray:
    """Most ``partner`` has tied up in each row at any month [GBP] (module doc)."""
    project, flows = result.project, result.flows
    members = result.terms.members
    rows, months = project.cashflow.shape
    held = np.zeros((rows, months))
    if partner in members:
        k = members.index(partner)
        received = sum((d[:, k, :] for d in flows.distributions.values()),
                       start=np.zeros((rows, months)))
        paid = sum((c[:, k, :] for name, c in flows.contributions.items()
                    if name != "land_in_kind"), start=np.zeros((rows, months)))
        held += np.cumsum(paid - received, axis=1)
    if result.route.landlord == partner:
        handed = np.cumsum(project.handover, axis=1)
        total = handed[:, -1:]
        share = np.divide(handed, total, out=np.zeros_like(handed), where=total > 0)
        held += handed - first_tranche[:, None] * share
    own = [k for k, layer in enumerate(result.route.debt)
           if layer.borrower == partner or (len(members) == 1 and partner in members)]
    if own:
        held += flows.debt["balance"][:, own, :].sum(axis=1)
    result_: FloatArray = np.maximum(held.max(axis=1, initial=0.0), 0.0)
    return result_


def figures(result: vehicle_options.RouteResult, first_tranche: FloatArray) -> pd.DataFrame:
    """:data:`FIGURES` of every row of a route's result."""
    members = result.terms.members
    partners, vehicle = result.partners, result.vehicle
    n = result.project.n_rows
    out: dict[str, FloatArray] = {}
    for name in ("council", "association"):
        if name in members:
            k = members.index(name)
            out[f"{name}_capital"] = partners.capital[:, k]
            out[f"{name}_return"] = partners.profit[:, k]
            out[f"{name}_irr"] = partners.irr[:, k]
        else:
            out[f"{name}_capital"] = np.zeros(n)
            out[f"{name}_return"] = np.zeros(n)
            out[f"{name}_irr"] = np.full(n, np.nan)
        out[f"{name}_funding"] = funding(result, name, first_tranche)
    out["vehicle_surplus"] = vehicle.surplus_before_finance - vehicle.interest - vehicle.fees
    out["vehicle_peak_debt"] = vehicle.peak_debt
    return pd.DataFrame(out).loc[:, list(FIGURES)]


def landlord_homes(project: uses.Project) -> FloatArray:
    """Homes a landlord takes in each row (social rent, affordable rent, shared ownership)."""
    result: FloatArray = sum((project.homes[t] for t in uses.LANDLORD_TENURES),
                             start=np.zeros(project.n_rows))
    return result


def option_figures(tree: ParameterTree, programme: Programme, inputs: SchemeInputs,
                   scheme: IntArray, route: npt.NDArray[np.str_], holder: npt.NDArray[np.str_],
                   grant: FloatArray, first_tranche: FloatArray) -> pd.DataFrame:
    """:data:`FIGURES` of each option (its ``scheme`` in ``inputs``, programme ``route``, land
    ``holder``, ``grant`` [GBP] and landlord's ``first_tranche`` receipts [GBP]), through the
    vehicles engine: one call per route and holder over each chunk of schemes."""
    terms = vehicle_terms(tree, programme)
    out = pd.DataFrame(np.nan, index=np.arange(scheme.size), columns=list(FIGURES))
    order = np.argsort(scheme, kind="stable")
    ordered = scheme[order]
    unique = np.unique(scheme)
    for begin in range(0, unique.size, SCHEME_CHUNK):
        chunk = unique[begin:begin + SCHEME_CHUNK]
        rows = order[np.searchsorted(ordered, chunk[0], side="left"):
                     np.searchsorted(ordered, chunk[-1], side="right")]
        sub = at_benchmark_land(inputs.take(chunk))
        results = development.appraise(sub, include_cashflow=True)
        valid = valid_positions(sub, results.errors)
        position = np.full(chunk.size, -1, dtype=np.int64)
        position[valid] = np.arange(valid.size)
        local = position[np.searchsorted(chunk, scheme[rows])]
        rows, local = rows[local >= 0], local[local >= 0]
        valid_inputs = sub.take(valid)
        projects: dict[str, uses.Project] = {}
        for name in np.unique(route[rows]):
            for who in np.unique(holder[rows][route[rows] == name]):
                these = (route[rows] == name) & (holder[rows] == who)
                vehicle = vehicle_route(str(name), str(who), terms)
                if vehicle.landlord_terms not in projects:
                    projects[vehicle.landlord_terms] = uses.project(
                        tree, valid_inputs, results, vehicle.landlord_terms)
                part = rows[these]
                project = take_project(projects[vehicle.landlord_terms], local[these])
                homes = landlord_homes(project)
                per_home = np.divide(grant[part], homes, out=np.zeros(part.size),
                                     where=homes > 0)
                project = uses.with_grant(project, per_home, terms.grant_start_share)
                result = vehicle_options.run_route(tree, vehicle, project)
                out.iloc[part] = figures(result, first_tranche[part]).to_numpy()
    return out
