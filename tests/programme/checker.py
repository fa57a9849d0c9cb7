"""An independent checker of programme plans: every rule re-computed with plain loops from the
options and the programme file, without the model's matrices."""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from partnerhomes.parameters import ParameterTree
from partnerhomes.programme.file import Mechanisms, Programme
from partnerhomes.programme.options import OptionSet

TOLERANCE = 1e-5  # relative, and absolute for amounts below 1


def _over(amount: float, limit: float) -> bool:
    return amount > limit + TOLERANCE * max(1.0, abs(limit))


def scale_saving(tree: ParameterTree, programme: Programme, homes: float, build: float) -> float:
    """Most the pool saves: the rate of the band its volume reaches × its build cost [GBP]."""
    scale = tree.scale("programme.scale_savings.build_cost_reduction", programme.valuation_date)
    rate = 0.0
    for threshold, band_rate in zip(scale.thresholds, scale.rates, strict=True):
        if homes >= threshold - 1e-9:
            rate = band_rate
    return rate * build


def violations(options: OptionSet, programme: Programme, tree: ParameterTree,
               mechanisms: Mechanisms, chosen: list[int], grant: dict[int, float]) -> list[str]:
    """Every broken rule of the plan ``chosen`` (option positions) with ``grant`` per option."""
    on = programme.valuation_date
    rows = [options.table.iloc[i] for i in chosen]
    years = programme.years_list()
    problems: list[str] = []
    # one option per site; committed sites; land; availability; programme years
    per_site: dict[str, int] = defaultdict(int)
    for row in rows:
        per_site[row["site_reference"]] += 1
    problems += [f"site {s} has {k} options" for s, k in per_site.items() if k > 1]
    problems += [f"committed site {s} missing" for s in programme.committed_sites
                 if per_site.get(s, 0) != 1]
    for i, row in zip(chosen, rows, strict=True):
        if not mechanisms.pooled_land and not row["is_own_land"]:
            problems.append(f"{row['option_id']} uses pooled land")
        if row["start_year"] < row["available_from"] or row["start_year"] > years[-1]:
            problems.append(f"{row['option_id']} starts outside its land window")
        g = grant.get(i, 0.0)
        if row["is_pooled"]:
            if g < -TOLERANCE or _over(g, min(row["grant_needed"], row["grant_cap"])):
                problems.append(f"{row['option_id']} grant {g} outside [0, need, cap]")
        elif abs(g - row["grant_needed"]) > TOLERANCE * max(1.0, row["grant_needed"]):
            problems.append(f"{row['option_id']} grant {g} is not its need")
    # absorption on large sites
    large = tree.number("programme.absorption.large_site_min_dwellings", on)
    per_year = 12 * tree.number("programme.absorption.market_sales_per_large_site_per_month", on)
    for i, row in zip(chosen, rows, strict=True):
        market = row["homes_market_sale"] + row["homes_first_homes"]
        if row["homes"] >= large:
            for amount in options.completions[i] * market / row["homes"]:
                if _over(amount, per_year):
                    problems.append(f"{row['option_id']} sells {amount:.1f} market homes a year")
    # grant by year
    shares = programme.grant_shares()
    for y, year in enumerate(years):
        paid: dict[int, float] = defaultdict(float)
        for i, row in zip(chosen, rows, strict=True):
            key = 0 if mechanisms.shared_grant else int(row["council"])
            paid[key] += grant.get(i, 0.0) * options.grant_paid[i, y]
        for key, amount in paid.items():
            limit = programme.grant_by_year()[y] * (1.0 if mechanisms.shared_grant
                                                    else shares[key])
            if _over(amount, limit):
                problems.append(f"grant {year} group {key}: {amount:.0f} > {limit:.0f}")
    # partners' money by year
    r = options.resources
    for name, index, base, per_grant, limits in (
        ("borrowing", r.council_index, r.council_amount, r.council_per_grant,
         [programme.by_year(c.borrowing_headroom) for c in programme.councils]),
        ("equity", r.association_index, r.equity_amount, r.equity_per_grant,
         [programme.by_year(h.equity) for h in programme.housing_associations]),
        ("debt", r.association_index, r.debt_amount, r.debt_per_grant,
         [programme.by_year(h.debt_capacity) for h in programme.housing_associations]),
    ):
        for y, year in enumerate(years):
            used: dict[int, float] = defaultdict(float)
            for i, row in zip(chosen, rows, strict=True):
                if index[i] < 0:
                    continue
                fraction = options.starts[i, y] / row["homes"]
                pooled_grant = grant.get(i, 0.0) if row["is_pooled"] else 0.0
                used[int(index[i])] += fraction * (base[i] - per_grant[i] * pooled_grant)
            for key, amount in used.items():
                if _over(amount, limits[key][y]):
                    problems.append(f"{name} {year} partner {key}: {amount:.0f} > "
                                    f"{limits[key][y]:.0f}")
    # delivery capacity
    for y, year in enumerate(years):
        starts: dict[tuple[str, int], float] = defaultdict(float)
        for i, row in zip(chosen, rows, strict=True):
            if row["sme_framework"] >= 0:
                key = ("sme", int(row["sme_framework"]))
            elif row["route"] == "council_direct":
                key = ("council", int(row["council"]))
            else:
                key = ("association", int(row["association"]))
            starts[key] += options.starts[i, y]
        for (kind, k), amount in starts.items():
            partner = {"sme": programme.sme_frameworks, "council": programme.councils,
                       "association": programme.housing_associations}[kind][k]
            limit = programme.by_year(partner.starts_capacity)[y]
            if _over(amount, limit):
                problems.append(f"starts {year} {kind} {k}: {amount:.1f} > {limit:.1f}")
    # affordable share per council
    for c, council in enumerate(programme.councils):
        if council.minimum_affordable_share is None:
            continue
        mine = [row for row in rows if row["council"] == c]
        affordable = sum(row["affordable_homes"] for row in mine)
        homes = sum(row["homes"] for row in mine)
        if affordable < council.minimum_affordable_share * homes - TOLERANCE * max(homes, 1):
            problems.append(f"affordable share of {council.name} below the minimum")
    # Social Rent share of grant-funded homes
    share = programme.rules.social_rent_minimum_share_of_grant_homes
    share = share if share is not None else tree.number(
        "grant.social_rent_minimum_share_of_grant_homes", on)
    funded = [row for row in rows if row["grant_needed"] > 0 and row["grant_eligible_homes"] > 0]
    social = sum(row["grant_eligible_social_rent"] for row in funded)
    eligible = sum(row["grant_eligible_homes"] for row in funded)
    if social < share * eligible - TOLERANCE * max(eligible, 1):
        problems.append(f"Social Rent {social:.1f} of {eligible:.1f} grant-funded homes")
    # pools self-financing
    pools: dict[int, list[int]] = defaultdict(list)
    for i, row in zip(chosen, rows, strict=True):
        if row["is_pooled"]:
            pools[0 if mechanisms.cross_subsidy else int(row["council"])].append(i)
    for key, members in pools.items():
        table = options.table.iloc[members]
        saving = (scale_saving(tree, programme, float(table["homes"].sum()),
                               float(table["build_cost"].sum()))
                  if mechanisms.scale_savings else 0.0)
        balance = float(table["value"].sum()) + sum(grant.get(i, 0.0) for i in members) + saving
        if balance < -TOLERANCE * max(1.0, float(table["value"].abs().sum())):
            problems.append(f"pool {key} is short by {-balance:.0f}")
    objective = programme.objective
    if objective.kind == "least_grant":
        total = sum(row["affordable_homes"] for row in rows)
        if total < (objective.target_homes or 0.0) - TOLERANCE * max(total, 1):
            problems.append(f"{total:.1f} affordable homes, below the target")
    return problems


def primary(options: OptionSet, programme: Programme, chosen: list[int]) -> float:
    """The programme objective without tie-breaks, recomputed from the table."""
    table = options.table.iloc[chosen]
    if programme.objective.kind == "weighted_affordable_homes":
        return float(table["weighted_homes"].sum())
    if programme.objective.kind == "most_homes_by_year":
        last = programme.years_list().index(int(programme.objective.by_year or 0))
        share = table["affordable_homes"] / table["homes"]
        return float((options.completions[chosen, :last + 1].sum(axis=1) * share).sum())
    return float(np.nan)
