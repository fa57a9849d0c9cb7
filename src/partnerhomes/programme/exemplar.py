"""Exemplar sites: a shortlist of small sites that can start soonest with least risk, spread
across the councils, each with the reason it is on the list.

Not represented: site investigations, ground conditions, legal title checks and local politics;
"least risk" here is what the sites table and the appraisal can show: planning permission (full
before outline), public ownership, viability (an option that needs no grant, else one whose grant
is within the ceiling), a small size and an early land date. Units: homes [dwellings], money
[GBP], years are financial years.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from partnerhomes.programme.file import Programme
from partnerhomes.programme.options import OptionSet


def _text(sites: pd.DataFrame, name: str) -> pd.Series:
    if name not in sites.columns:
        return pd.Series([""] * len(sites), index=sites.index)
    return sites[name].fillna("").astype(str).str.lower()


def exemplar_shortlist(options: OptionSet, programme: Programme,
                       chosen: np.ndarray | None = None) -> pd.DataFrame:
    """Up to ``rules.exemplar_per_council`` sites per council, best first, with reasons.

    A site qualifies when it is at most ``rules.exemplar_max_dwellings`` homes, has planning
    permission, is publicly owned and has a viable option. Sites rank by land date, then full
    permission, then surplus per home of their best option.
    """
    rules = programme.rules
    table = options.table
    best = (table.sort_values(["site", "value"], ascending=[True, False])
            .groupby("site", as_index=False).first())
    sites = options.sites
    row = sites.iloc[best["site"].to_numpy()]
    permission = _text(row, "planning_status").to_numpy()
    kind = _text(row, "permission_type").to_numpy()
    ownership = _text(row, "ownership_status").to_numpy()
    is_permitted = pd.Series(permission).str.contains("permissioned").to_numpy() & ~pd.Series(
        permission).str.contains("not").to_numpy()
    is_full = pd.Series(kind).str.contains("full").to_numpy()
    is_public = pd.Series(ownership).str.contains("public authority").to_numpy() & ~pd.Series(
        ownership).str.contains("not").to_numpy()
    viable_alone = best["value"].to_numpy() >= 0
    viable = viable_alone | (best["grant_needed"].to_numpy() <= best["grant_cap"].to_numpy())
    small = best["homes"].to_numpy() <= rules.exemplar_max_dwellings
    qualifies = is_permitted & is_public & viable & small
    in_plan = np.zeros(len(best), dtype=bool)
    if chosen is not None and len(chosen):
        in_plan = best["site"].isin(table.iloc[chosen]["site"]).to_numpy()
    names = {c.gss_code: c.name for c in programme.councils}
    out = pd.DataFrame({
        "site_reference": best["site_reference"], "gss_code": best["gss_code"],
        "council": best["gss_code"].map(names), "homes": best["homes"],
        "available_from": best["available_from"], "best_option": best["option_id"],
        "surplus": best["value"], "grant_needed": best["grant_needed"],
        "surplus_per_home": best["value"] / best["homes"].clip(lower=1e-9),
        "is_full_permission": is_full, "is_in_plan": in_plan,
        "site_name": (row["site_name_address"].astype(str).to_numpy()
                      if "site_name_address" in row.columns else ""),
    })[qualifies]
    viability = np.where(out["surplus"] >= 0,
                         "viable without grant (surplus £" + (out["surplus"] / 1e3).round(0)
                         .astype(int).astype(str) + "k)",
                         "viable with £" + (out["grant_needed"] / 1e3).round(0).astype(int)
                         .astype(str) + "k grant, within the ceiling")
    out["reason"] = (np.where(out["is_full_permission"], "full planning permission",
                              "outline planning permission")
                     + "; publicly owned; " + viability + "; land available "
                     + out["available_from"].astype(str) + "; "
                     + out["homes"].round(0).astype(int).astype(str) + " homes"
                     + np.where(out["is_in_plan"], "; in the optimal plan", ""))
    out = out.sort_values(["available_from", "is_full_permission", "surplus_per_home"],
                          ascending=[True, False, False])
    return (out.groupby("gss_code", sort=False).head(rules.exemplar_per_council)
            .sort_values(["gss_code", "available_from"]).reset_index(drop=True))
