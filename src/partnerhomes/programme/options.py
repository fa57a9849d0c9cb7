"""Candidate options for every site: tenure mix × density × delivery route × start year, each
appraised by the development and landlord engines in one vectorised call each.

Each option's partners (every partner's capital, return and funding, the route's surplus or
deficit) come from the delivery-vehicles engine through :mod:`partners`, called once per route
and land holder over every option of that kind; :class:`RouteResources` turns each partner's
funding into the planner's draws on council borrowing and association equity and debt.

Not represented: mixed-tenure phasing within a site (a site's homes follow its mix every year),
design changes beyond the site's minimum and maximum capacity, and land bought at a price (public
and partner land is contributed at its benchmark land value).

Units: homes [dwellings]; money [GBP] at valuation-date prices; years are financial years.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from partnerhomes.appraisal import appraise as development
from partnerhomes.appraisal import assumptions, typology
from partnerhomes.appraisal.inputs import (
    AFFORDABLE_RENT,
    SHARED_OWNERSHIP,
    SOCIAL_RENT,
    TENURES,
    SchemeInputs,
)
from partnerhomes.parameters import ParameterTree
from partnerhomes.programme import partners
from partnerhomes.programme.file import ROUTES, Programme
from partnerhomes.programme.trajectory import BuildOutTerms, build_out
from partnerhomes.tenures import landlord

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

AFFORDABLE = ("social_rent", "affordable_rent", "shared_ownership")
EXTRA_YEARS = 25  # years after the programme kept in the build-out profiles
LANDLORD_CHUNK = 20_000  # landlord appraisals per call, to bound memory


@dataclass(frozen=True)
class RouteResources:
    """Each option's draw on partners' money, linear in the choice x and a pooled option's
    grant g [GBP]: council borrowing = ``council_amount``·x − ``council_per_grant``·g, and the
    same for the housing association's equity and debt; drawn over the years in proportion to
    starts. The amounts are each partner's funding from the vehicles engine (:mod:`partners`):
    exact at a non-pooled option's grant (its need; ``*_per_grant`` is 0) and at a pooled
    option's most grant L; below L the shortfall is met by the members in their profit shares
    (``*_per_grant``), as the engine funds a deficit beyond its sources (overrun equity).
    """

    council_index: IntArray  # council whose borrowing is drawn, −1 none
    council_amount: FloatArray  # [GBP] at no pooled grant
    council_per_grant: FloatArray  # [GBP/GBP] less per pound of pooled grant
    association_index: IntArray  # housing association drawn, −1 none
    equity_amount: FloatArray
    equity_per_grant: FloatArray
    debt_amount: FloatArray
    debt_per_grant: FloatArray


@dataclass(frozen=True)
class OptionSet:
    """Options (rows of ``table``) and their yearly profiles (options × years).

    ``years`` covers the programme and ``EXTRA_YEARS`` after it; constraints use the programme
    years only.
    """

    table: pd.DataFrame
    starts: FloatArray  # [dwellings]
    completions: FloatArray  # [dwellings]
    grant_paid: FloatArray  # share of the option's grant paid each year [/1]
    resources: RouteResources
    years: list[int]
    sites: pd.DataFrame
    dropped: dict[str, int]
    schemes: SchemeInputs | None = None  # the appraised schemes (table column ``scheme``)

    @property
    def n_options(self) -> int:
        """Number of options."""
        return len(self.table)

    def take(self, rows: npt.ArrayLike) -> OptionSet:
        """The options at positions ``rows``."""
        index = np.asarray(rows, dtype=np.int64)
        r = self.resources
        resources = RouteResources(*(getattr(r, name)[index] for name in r.__dataclass_fields__))
        return OptionSet(self.table.iloc[index].reset_index(drop=True), self.starts[index],
                         self.completions[index], self.grant_paid[index], resources, self.years,
                         self.sites, self.dropped, self.schemes)


def number(tree: ParameterTree, name: str, on: str) -> float:
    """A programme parameter as at ``on`` [its unit]."""
    return tree.number(name, on)


def build_out_terms(tree: ParameterTree, on: str) -> BuildOutTerms:
    """Build-out terms from ``programme.absorption.*`` and ``programme.delivery.*``."""
    return BuildOutTerms(
        number(tree, "programme.absorption.large_site_min_dwellings", on),
        12.0 * number(tree, "programme.absorption.market_sales_per_large_site_per_month", on),
        number(tree, "programme.absorption.max_completions_per_site_per_year", on),
        int(number(tree, "programme.delivery.completion_lag_years", on)))


def _site_frame(programme: Programme, sites: pd.DataFrame) -> pd.DataFrame:
    sites = sites.reset_index(drop=True).copy()
    codes = [c.gss_code for c in programme.councils]
    sites["council"] = pd.Index(codes).get_indexer(pd.Index(sites["gss_code"].astype(str)))
    owner = pd.Index(sites["owner_organisation"].astype(str) if "owner_organisation"
                     in sites.columns else [""] * len(sites))
    names = [c.name for c in programme.councils]
    associations = [h.name for h in programme.housing_associations]
    owner_council = pd.Index(names).get_indexer(owner)
    owner_association = pd.Index(associations).get_indexer(owner)
    sites["owner_association"] = owner_association
    lead = np.array([associations.index(c.housing_associations[0]) if c.housing_associations
                     else -1 for c in programme.councils] + [-1])
    works_with = np.zeros((len(codes) + 1, len(associations) + 1), dtype=bool)
    for i, council in enumerate(programme.councils):
        for name in council.housing_associations:
            works_with[i, associations.index(name)] = True
    member = sites["council"].to_numpy(np.int64)
    sites["association"] = np.where(owner_association >= 0, owner_association, lead[member])
    own = (owner_council == member) & (member >= 0)
    own |= (owner_association >= 0) & works_with[member, owner_association]
    sites["is_own_land"] = own  # else available only when partners pool their land
    sites["is_council_land"] = owner_council == member
    sites["is_association_land"] = owner_association >= 0
    available = pd.to_numeric(sites.get("available_from", pd.Series(np.nan, sites.index)),
                              errors="coerce")
    given = sites["site_reference"].astype(str).map(programme.land_available_from)
    first = programme.years.first
    sites["available_from"] = given.fillna(available).fillna(first).clip(lower=first).astype(int)
    return sites


def _capacities(sites: pd.DataFrame) -> tuple[FloatArray, FloatArray]:
    def column(name: str) -> FloatArray:
        if name not in sites.columns:
            return np.full(len(sites), np.nan)
        return pd.to_numeric(sites[name], errors="coerce").to_numpy(np.float64)

    high, low = column("maximum_net_dwellings"), column("minimum_net_dwellings")
    high = np.where(np.isfinite(high) & (high > 0), high, low)
    low = np.where(np.isfinite(low) & (low > 0) & (low < high), low, np.nan)
    return low, high


def _scheme_tables(tree: ParameterTree, programme: Programme, sites: pd.DataFrame
                   ) -> tuple[pd.DataFrame, SchemeInputs, pd.DataFrame]:
    """One scheme per site × density × mix; returns (scheme keys, resolved inputs, policy
    homes by tenure per site × density)."""
    low, high = _capacities(sites)
    rows = []
    for density in programme.options.densities:
        capacity = low if density == "minimum" else high
        part = sites.loc[np.isfinite(capacity), ["gss_code", "hectares", "land_type"]].copy()
        for column in ("existing_use_value_per_ha",):
            if column in sites.columns:
                part[column] = sites.loc[part.index, column]
        part["site"] = part.index
        part["density"] = density
        part["maximum_net_dwellings"] = capacity[part.index]
        part["site_reference"] = part["site"].astype(str) + "~" + density
        rows.append(part)
    expanded = pd.concat(rows, ignore_index=True)
    tables, _errors = typology.typology_tables(tree, expanded, programme.valuation_date)
    key = tables.schemes["scheme_id"].str.split("/", n=1).str[1]
    units = tables.units.copy()
    units["key"] = units["scheme_id"].map(pd.Series(key.to_numpy(), tables.schemes["scheme_id"]))
    policy = units.pivot_table(index="key", columns="tenure", values="count", aggfunc="sum",
                               fill_value=0.0).reindex(columns=list(TENURES), fill_value=0.0)
    by_type = units.groupby(["scheme_id", "key", "unit_type"], as_index=False)["count"].sum()
    total = policy.sum(axis=1)
    policy_share = (total - policy["market_sale"]) / total
    frames, schemes, keys = [], [], []
    for mix in programme.options.mixes:
        share = (policy_share if mix.affordable_share == "policy"
                 else pd.Series(float(mix.affordable_share), policy_share.index))
        rate = by_type["key"].map(share).to_numpy()
        split = {"market_sale": 1.0 - rate, "social_rent": rate * mix.social_rent,
                 "affordable_rent": rate * mix.affordable_rent,
                 "shared_ownership": rate * mix.shared_ownership}
        for tenure, fraction in split.items():
            count = by_type["count"].to_numpy() * fraction
            keep = count > 1e-9
            frames.append(pd.DataFrame({"scheme_id": by_type["scheme_id"].to_numpy()[keep]
                                        + "~" + mix.name, "phase": 1, "tenure": tenure,
                                        "unit_type": by_type["unit_type"].to_numpy()[keep],
                                        "count": count[keep]}))
        part = tables.schemes.copy()
        part["scheme_id"] = part["scheme_id"] + "~" + mix.name
        schemes.append(part)
        keys.append(pd.DataFrame({"scheme_id": part["scheme_id"], "key": key.to_numpy(),
                                  "mix": mix.name}))
    scheme_table = pd.concat(schemes, ignore_index=True)
    inputs, _more = assumptions.resolve(tree, scheme_table, tables.phases,
                                        pd.concat(frames, ignore_index=True),
                                        programme.valuation_date)
    key_table = pd.concat(keys, ignore_index=True)
    parts = key_table["key"].str.split("~", n=1)
    key_table["site"] = parts.str[0].astype(int)
    key_table["density"] = parts.str[1]
    return key_table, inputs, policy


def _line_average(inputs: SchemeInputs, tenure: int, values: FloatArray
                  ) -> FloatArray:
    mask = inputs.line_tenure == tenure
    weights = np.where(mask, inputs.line_count, 0.0)
    total = np.bincount(inputs.line_scheme, weights=weights, minlength=inputs.n_schemes)
    amount = np.bincount(inputs.line_scheme, weights=weights * np.nan_to_num(values),
                         minlength=inputs.n_schemes)
    return np.divide(amount, total, out=np.zeros_like(amount), where=total > 0)


def _landlord_values(tree: ParameterTree, on: str, inputs: SchemeInputs,
                     values: dict[str, FloatArray], scheme: IntArray, first_year: IntArray,
                     is_council: BoolArray) -> tuple[FloatArray, FloatArray]:
    """Most each landlord can pay and its net capital cost, per option [GBP]."""
    rents = {t: _line_average(inputs, t, inputs.line_rent_per_week)
             for t in (SOCIAL_RENT, AFFORDABLE_RENT)}
    so_value = _line_average(inputs, SHARED_OWNERSHIP, inputs.line_market_value)
    homes = values["dwellings"]
    price: FloatArray = values["gdv_social_rent"] + values["gdv_affordable_rent"] + values[
        "gdv_shared_ownership"]
    build_per_home = np.divide(values["build_cost"], homes, out=np.zeros_like(homes),
                               where=homes > 0)
    max_price = np.zeros(scheme.size)
    capital = np.zeros(scheme.size)
    presets = {False: landlord.housing_association(tree, on), True: landlord.council_hra(tree, on)}
    first_tranche = tree.number("tenures.shared_ownership.first_tranche_rate", on)
    so_rent = tree.number("tenures.shared_ownership.rent_on_unsold_equity_rate", on)
    for is_hra, terms in presets.items():
        rows = np.nonzero(is_council == is_hra)[0]
        for begin in range(0, rows.size, LANDLORD_CHUNK):
            part = rows[begin:begin + LANDLORD_CHUNK]
            s = scheme[part]
            homes_in = landlord.schemes(
                first_year[part], social_rent_homes=values["dwellings_social_rent"][s],
                affordable_rent_homes=values["dwellings_affordable_rent"][s],
                shared_ownership_homes=values["dwellings_shared_ownership"][s],
                social_rent_per_week=rents[SOCIAL_RENT][s],
                affordable_rent_per_week=rents[AFFORDABLE_RENT][s],
                shared_ownership_value=so_value[s], first_tranche_rate=first_tranche,
                shared_ownership_rent_rate=so_rent, build_cost_per_home=build_per_home[s],
                price=np.maximum(price[s], 0.0))
            result = landlord.appraise(homes_in, terms, cashflows=False)  # metrics only
            max_price[part] = result.max_price
            capital[part] = result.net_capital_cost
    return max_price, capital


def build_options(tree: ParameterTree, programme: Programme, sites: pd.DataFrame) -> OptionSet:
    """Every candidate option of every site in a member council, appraised (see module doc)."""
    on = programme.valuation_date
    sites = _site_frame(programme, sites)
    keys, inputs, policy = _scheme_tables(tree, programme, sites)
    results = development.appraise(inputs)
    found = pd.Index(results.scheme_id.astype(str)).get_indexer(inputs.scheme_id.astype(str))
    appraised = found >= 0
    values = {name: np.asarray(results.values[name], dtype=np.float64)[found]
              for name in ("dwellings", "build_cost", "development_cost", "peak_debt",
                           "residual_land_value", "benchmark_land_value",
                           *(f"gdv_{t}" for t in TENURES), *(f"dwellings_{t}" for t in TENURES))}
    # options: scheme × route × start offset, filtered
    routes = np.array([ROUTES.index(r) for r in programme.options.routes])
    offsets = np.array(programme.options.start_year_offsets, dtype=np.int64)
    n_s, n_r, n_k = len(keys), routes.size, offsets.size
    scheme = np.repeat(np.arange(n_s), n_r * n_k)
    route = np.tile(np.repeat(routes, n_k), n_s)
    offset = np.tile(offsets, n_s * n_r)
    site = keys["site"].to_numpy()[scheme]
    s = sites.iloc[site]
    start_year = s["available_from"].to_numpy() + offset
    council = s["council"].to_numpy()
    association = s["association"].to_numpy()
    is_council_route = route == ROUTES.index("council_direct")
    keep = appraised[scheme] & (council >= 0) & (start_year <= programme.years.last)
    keep &= np.where(is_council_route, s["is_council_land"].to_numpy(), association >= 0)
    dropped = {"not appraised or outside the programme": int((~keep).sum())}
    scheme, route, site, start_year = scheme[keep], route[keep], site[keep], start_year[keep]
    council, association, s = council[keep], association[keep], s.iloc[np.nonzero(keep)[0]]
    is_council_route = is_council_route[keep]
    v = {name: array[scheme] for name, array in values.items()}

    max_price, capital = _landlord_values(
        tree, on, inputs, values, scheme, start_year
        + int(number(tree, "programme.delivery.completion_lag_years", on)), is_council_route)
    price = sum(v[f"gdv_{t}"] for t in AFFORDABLE)
    is_pooled = route == ROUTES.index("joint_venture")
    overhead = np.where(is_pooled, number(tree, "programme.routes.joint_venture_overhead_rate", on)
                        * v["development_cost"], 0.0)
    value = (v["residual_land_value"] - v["benchmark_land_value"] + max_price - price - overhead)
    need = np.maximum(-value, 0.0)
    policy_key = (keys["site"].astype(str) + "~" + keys["density"]).to_numpy()[scheme]
    policy_homes = policy.reindex(policy_key).to_numpy()
    eligible = {t: np.where(extra > 1e-6, extra, 0.0) for t, extra in (
        (t, v[f"dwellings_{t}"] - policy_homes[:, TENURES.index(t)]) for t in AFFORDABLE)}
    cap = sum(eligible[t] * number(tree, f"programme.grant.maximum_per_home_{t}", on)
              for t in AFFORDABLE)
    fundable = is_pooled | (need <= cap + 1e-6)
    dropped["grant needed above the grant ceiling (not pooled)"] = int((~fundable).sum())

    weights = {t: number(tree, f"programme.tenure_weights.{t}", on) for t in TENURES}
    years = programme.years_list()
    all_years = list(range(years[0], years[-1] + EXTRA_YEARS + 1))
    terms = build_out_terms(tree, on)
    market = v["dwellings_market_sale"] + v["dwellings_first_homes"]
    starts, completions = build_out(v["dwellings"], market, start_year - years[0],
                                    len(all_years), terms)
    homes = v["dwellings"]
    paid_start = number(tree, "programme.grant.paid_at_start_share", on)
    grant_paid = (paid_start * starts + (1 - paid_start) * completions) / np.maximum(homes,
                                                                                   1e-9)[:, None]
    frameworks = np.full(site.size, -1)
    for index, framework in enumerate(programme.sme_frameworks):
        covered = s["gss_code"].isin(framework.councils).to_numpy()
        frameworks = np.where((frameworks < 0) & covered & (homes <= framework.max_site_dwellings),
                              index, frameworks)
    table = pd.DataFrame({
        "site": site, "site_reference": s["site_reference"].astype(str).to_numpy(),
        "gss_code": s["gss_code"].astype(str).to_numpy(), "council": council,
        "owner": s.get("owner_organisation", pd.Series("", s.index)).astype(str).to_numpy(),
        "mix": keys["mix"].to_numpy()[scheme], "density": keys["density"].to_numpy()[scheme],
        "route": np.asarray(ROUTES)[route], "start_year": start_year,
        "available_from": s["available_from"].to_numpy(), "association": association,
        "sme_framework": frameworks, "is_own_land": s["is_own_land"].to_numpy(),
        "is_pooled": is_pooled, "homes": homes,
        **{f"homes_{t}": v[f"dwellings_{t}"] for t in TENURES},
        "affordable_homes": sum(v[f"dwellings_{t}"] for t in AFFORDABLE),
        "weighted_homes": sum(weights[t] * v[f"dwellings_{t}"] for t in TENURES),
        "grant_eligible_homes": sum(eligible.values()),
        "grant_eligible_social_rent": eligible["social_rent"],
        "grant_cap": cap, "value": value, "grant_needed": need,
        "land_value": v["benchmark_land_value"],
        "residual_land_value": v["residual_land_value"], "build_cost": v["build_cost"],
        "affordable_price": price, "landlord_max_price": max_price, "capital": capital,
        "peak_debt": v["peak_debt"], "build_years": (starts > 0).sum(axis=1),
        "delay_home_years": completions @ np.arange(len(all_years), dtype=np.float64),
    })
    table.insert(0, "option_id", table["site_reference"] + "|" + table["density"] + "|"
                 + table["mix"] + "|" + table["route"] + "|" + table["start_year"].astype(str))
    keep = np.nonzero(fundable)[0]
    table = table.iloc[keep].reset_index(drop=True)
    table["scheme"] = scheme[keep]
    table["is_council_land"] = s["is_council_land"].to_numpy(bool)[keep]
    table["is_association_land"] = s["is_association_land"].to_numpy(bool)[keep]
    table["first_tranche"] = np.maximum(price - capital, 0.0)[keep]
    table["grant_limit"] = np.minimum(need, cap)[keep]
    found_figures = partners.option_figures(
        tree, programme, inputs, table["scheme"].to_numpy(np.int64),
        table["route"].to_numpy(str), partners.land_holder(table),
        table["grant_limit"].to_numpy(np.float64), table["first_tranche"].to_numpy(np.float64))
    for name in partners.FIGURES:
        table[name] = found_figures[name].to_numpy(np.float64)
    resources = route_resources(partners.vehicle_terms(tree, programme), table)
    return OptionSet(table, starts[keep], completions[keep], grant_paid[keep], resources,
                     all_years, sites, dropped, inputs)


def route_resources(terms: partners.VehicleTerms, table: pd.DataFrame) -> RouteResources:
    """Each option's draw on partners' money from its partners' funding (see the class):
    columns ``council_funding``, ``association_funding`` [GBP], ``grant_limit`` (L) [GBP],
    ``route``, ``is_pooled``, ``council``, ``association``."""
    route = table["route"].to_numpy(str)
    pooled = table["is_pooled"].to_numpy(bool)
    direct = route == "council_direct"
    limit = table["grant_limit"].to_numpy(np.float64)
    council_per_grant = np.where(pooled, terms.council_profit_share, 0.0)
    association_per_grant = np.where(pooled, 1.0 - terms.council_profit_share, 0.0)
    council = table["council_funding"].to_numpy(np.float64) + council_per_grant * limit
    association = (table["association_funding"].to_numpy(np.float64)
                   + association_per_grant * limit)
    equity = terms.association_equity_share
    return RouteResources(
        council_index=np.where(direct | pooled, table["council"].to_numpy(np.int64), -1),
        council_amount=council, council_per_grant=council_per_grant,
        association_index=np.where(direct, -1, table["association"].to_numpy(np.int64)),
        equity_amount=equity * association, equity_per_grant=equity * association_per_grant,
        debt_amount=(1.0 - equity) * association,
        debt_per_grant=(1.0 - equity) * association_per_grant)
