"""The options appraisal: every route for a scheme (or a pool of sites) side by side.

Not represented: a weighting or ranking of routes (the table informs a decision, it does not make
one), the non-financial cases of a Five-Case business case, and legal tests (best consideration,
subsidy control, procurement) beyond naming who carries which risk. A route is *feasible* when
its sources cover every deficit without overrun equity, every debt, loan and equity balance is
repaid by the end, and no council borrows beyond a headroom its partner entry gives.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from partnerhomes.appraisal.appraise import AppraisalResults, appraise
from partnerhomes.appraisal.inputs import TENURES, SchemeError, SchemeInputs, valid_positions
from partnerhomes.parameters import ParameterTree
from partnerhomes.vehicles import metrics, terms, uses, waterfall
from partnerhomes.vehicles.routes import Route

FloatArray = npt.NDArray[np.float64]
TOLERANCE = 1.0  # [GBP] below which an overrun or unrepaid balance counts as none


@dataclass(frozen=True)
class RouteResult:
    """One route over every row: its project, terms, waterfall flows and metrics."""

    route: Route
    project: uses.Project
    terms: terms.Terms
    flows: waterfall.Flows
    partners: metrics.PartnerMetrics
    vehicle: metrics.VehicleMetrics
    councils: dict[str, metrics.CouncilMetrics]
    reasons: list[list[str]]  # why each row is not feasible (empty: feasible)
    risks: dict[str, str]

    @property
    def feasible(self) -> npt.NDArray[np.bool_]:
        """Whether each row's route is feasible."""
        return np.array([not reasons for reasons in self.reasons], dtype=bool)


@dataclass(frozen=True)
class Comparison:
    """Every route for every row (scheme or pool); schemes the appraisal left out in ``errors``."""

    routes: list[RouteResult]
    errors: list[SchemeError]

    @property
    def row_id(self) -> npt.NDArray[np.object_]:
        """The rows compared (scheme or pool ids)."""
        return self.routes[0].project.row_id if self.routes else np.array([], dtype=object)

    def table(self) -> list[dict[str, Any]]:
        """One flat record per row and route: the options appraisal (field names are stable)."""
        records = []
        for i in range(len(self.row_id)):
            for result in self.routes:
                records.append(_record(result, i))
        return records


def _record(result: RouteResult, i: int) -> dict[str, Any]:
    project, vehicle = result.project, result.vehicle
    record: dict[str, Any] = {
        "row_id": str(project.row_id[i]), "route": result.route.name,
        "type": result.route.type, "feasible": not result.reasons[i],
        "not_feasible_because": "; ".join(result.reasons[i]),
        "landlord": result.route.landlord}
    for tenure in TENURES:
        record[f"dwellings_{tenure}"] = float(project.homes[tenure][i])
    record.update({
        "land_value": float(project.land_value[i]),
        "handover_price": float(project.handover_price[i]),
        "appraised_affordable_value": float(project.appraised_affordable_value[i]),
        "grant": float(vehicle.grant[i]),
        "council_net_cost": float(sum(c.net_cost[i] for c in result.councils.values())),
        "council_land_receipt": float(sum(c.land_receipt[i] for c in result.councils.values())),
        "council_land_value_retained": float(sum(c.land_value_retained[i]
                                                 for c in result.councils.values())),
        "council_borrowing_headroom_used": float(sum(c.borrowing_headroom_used[i]
                                                     for c in result.councils.values())),
        "peak_debt": float(vehicle.peak_debt[i]),
        "peak_debt_month": int(vehicle.peak_debt_month[i]),
        "interest": float(vehicle.interest[i]), "fees": float(vehicle.fees[i]),
        "interest_cover": float(vehicle.interest_cover[i]),
        "gearing": float(vehicle.gearing[i]), "loan_to_cost": float(vehicle.loan_to_cost[i]),
        "overrun_equity": float(vehicle.overrun_equity[i]),
        "unrepaid": float(vehicle.unrepaid[i]),
        "sme_build_contracts": float(result.route.sme_share * project.build_contract[i])})
    partners = result.partners
    for k, member in enumerate(result.terms.members):
        for name in ("capital", "peak_exposure", "distributions", "profit", "irr", "multiple",
                     "profit_share", "land_sale", "landlord_payment"):
            record[f"{member}.{name}"] = float(getattr(partners, name)[i, k])
    for name, value in result.risks.items():
        record[f"risk.{name}"] = value
    return record


def risks(route: Route) -> dict[str, str]:
    """Who carries which risk under a route, read from its structure.

    >>> from partnerhomes.vehicles.routes import Land, Partner, Route
    >>> route = Route("r", "housing_association_direct", ("ha",),
    ...               {"ha": Partner("ha", "housing_association")}, Land("council", "sale"),
    ...               {"ha": 1.0}, "ha", "housing_association")
    >>> risks(route)["sales_and_values"]
    'ha'
    """
    equity = ", ".join(m for m, share in route.profit_split.items() if share > 0)
    lenders = [layer.lender for layer in route.debt]
    loans = sorted({item.partner for item in route.partner_loans})
    if route.land.form == "loan_note":
        land = f"{route.land.owner} (loan note repaid after senior debt)"
    elif route.land.form == "equity":
        land = f"{route.land.owner} (land value at risk as equity)"
    else:
        land = f"none for {route.land.owner} after the sale; {equity} as buyer"
    borrowers = {layer.borrower for layer in route.debt if layer.borrower}
    councils = [m for m in route.members if route.kind_of(m) == "council"
                and (m in borrowers or any(c.partner == m for c in (*route.equity,
                                                                     *route.partner_loans)))]
    return {
        "sales_and_values": equity,
        "build_cost": ("contractor (fixed-price build contract)" if route.fixed_price_build
                       else equity),
        "land": land,
        "funding": ", ".join([*lenders, *loans]) or "members' equity only",
        "cost_overrun": equity,
        "letting_and_management": route.landlord,
        "council_borrowing": ", ".join(councils) or "none",
    }


def _reasons(result_vehicle: metrics.VehicleMetrics, councils: dict[str, metrics.CouncilMetrics],
             route: Route) -> list[list[str]]:
    reasons: list[list[str]] = []
    for i in range(result_vehicle.peak_debt.size):
        found = []
        if result_vehicle.overrun_equity[i] > TOLERANCE:
            found.append(f"sources fall £{result_vehicle.overrun_equity[i]:,.0f} short "
                         "(overrun equity)")
        if result_vehicle.unrepaid[i] > TOLERANCE:
            found.append(f"£{result_vehicle.unrepaid[i]:,.0f} of debt, loans or equity "
                         "unrepaid at the end")
        for name, council in councils.items():
            headroom = route.partners[name].borrowing_headroom
            if headroom is not None and council.borrowing_headroom_used[i] > headroom + TOLERANCE:
                found.append(f"{name} borrows £{council.borrowing_headroom_used[i]:,.0f}, above "
                             f"its headroom £{headroom:,.0f}")
        reasons.append(found)
    return reasons


def run_route(tree: ParameterTree, route: Route, project: uses.Project) -> RouteResult:
    """Fund, distribute and measure one route over a project whose grant is already set."""
    resolved = terms.resolve(tree, route, project)
    flows = waterfall.run(project, resolved)
    members = resolved.members
    partner = metrics.partner_metrics(project, flows, members, route.land.owner,
                                      route.land.form, route.landlord)
    vehicle = metrics.vehicle_metrics(project, flows)
    councils = {}
    for name, organisation in route.partners.items():
        if organisation.kind != "council":
            continue
        layers = [k for k, layer in enumerate(route.debt) if layer.borrower == name]
        councils[name] = metrics.council_metrics(
            project, flows, members.index(name) if name in members else None,
            route.land.owner == name, route.land.form, layers,
            terms.pwlb_rate(tree, project.valuation_date, organisation.borrowing))
    return RouteResult(route, project, resolved, flows, partner, vehicle, councils,
                       _reasons(vehicle, councils, route), risks(route))


def _land_inputs(inputs: SchemeInputs, value: str | float) -> SchemeInputs:
    if value == "benchmark":
        return replace(inputs, land_price=inputs.benchmark_land_value.copy())
    return replace(inputs, land_price=np.full(inputs.n_schemes, float(value)))


def compare(tree: ParameterTree, inputs: SchemeInputs, routes: list[Route],
            pools: dict[str, list[str]] | None = None) -> Comparison:
    """Every route for every scheme of ``inputs`` or, with ``pools`` (pool id → scheme ids;
    every scheme in exactly one), for every pool."""
    first = appraise(inputs, include_cashflow=True, parameters_digest=tree.digest())
    valid = inputs.take(valid_positions(inputs, first.errors))
    appraisals: dict[str, AppraisalResults] = {"appraised": first}
    grouping = _grouping(valid, pools) if pools else None
    results = []
    for route in routes:
        key = str(route.land.value)
        if key not in appraisals:
            appraisals[key] = appraise(_land_inputs(valid, route.land.value),
                                       include_cashflow=True)
        project = uses.project(tree, valid, appraisals[key], route.landlord_terms)
        per_home, share = terms.grant_terms(tree, route, project)
        project = uses.with_grant(project, per_home, share)
        if grouping is not None:
            project = uses.pooled(project, *grouping)
        results.append(run_route(tree, route, project))
    return Comparison(results, first.errors)


def _grouping(inputs: SchemeInputs, pools: dict[str, list[str]]
              ) -> tuple[npt.NDArray[np.int64], list[str]]:
    ids = [str(s) for s in inputs.scheme_id]
    pool_of = {}
    for k, (pool, members) in enumerate(pools.items()):
        for scheme in members:
            if scheme in pool_of:
                raise ValueError(f"pool {pool!r}: scheme {scheme!r} is already in another pool")
            pool_of[str(scheme)] = k
    missing = [s for s in ids if s not in pool_of]
    if missing:
        raise ValueError(f"schemes {', '.join(missing)} are in no pool")
    return np.array([pool_of[s] for s in ids], dtype=np.int64), list(pools)
