"""A plain scalar appraisal of ONE scheme, written from docs/methodology/appraisal.md alone.

Plain Python floats and loops, no numpy, and different algorithms where it matters (bisection for
the residual and the IRR) so that agreement with the vectorised engine means something. Input is
a plain dict (see ``scheme_dict`` in the tests); output a dict with the engine's field names.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

TENURES = ("market_sale", "social_rent", "affordable_rent", "shared_ownership", "first_homes")
AFFORDABLE = ("social_rent", "affordable_rent", "shared_ownership")


def smoothstep(x: float) -> float:
    x = min(max(x, 0.0), 1.0)
    return 3 * x * x - 2 * x * x * x


def unit_value(line: dict[str, Any], s: dict[str, Any]) -> float:
    tenure, omv = line["tenure"], line["market_value"]
    if tenure == "market_sale":
        return omv
    if tenure in ("social_rent", "affordable_rent"):
        y = s["social_rent_yield"] if tenure == "social_rent" else s["affordable_rent_yield"]
        net = (52 * line["rent_per_week"] - s["management_per_dwelling_per_year"]
               - s["maintenance_per_dwelling_per_year"])
        return net / y
    if tenure == "shared_ownership":
        share = s["shared_ownership_first_tranche_rate"]
        return omv * (share + (1 - share) * s["shared_ownership_rent_rate"]
                      / s["shared_ownership_yield"])
    return min(omv * (1 - s["first_homes_discount_rate"]), s["first_homes_price_cap"])


def sdlt(price: float, thresholds: list[float], rates: list[float]) -> float:
    if price <= 0:
        return 0.0
    tax = 0.0
    for k, low in enumerate(thresholds):
        high = thresholds[k + 1] if k + 1 < len(thresholds) else math.inf
        tax += rates[k] * min(max(price - low, 0.0), high - low)
    return tax


class Scheme:
    """The land-independent part of one scheme's appraisal."""

    def __init__(self, s: dict[str, Any], min_periods: int) -> None:
        self.s = s
        phases = s["phases"]
        self.totals: dict[str, float] = {}
        gdv = dict.fromkeys(TENURES, 0.0)
        dwellings = dict.fromkeys(TENURES, 0.0)
        # per phase accumulators
        per = []
        scheme_dwellings = sum(line["count"] for line in s["lines"])
        for index, phase in enumerate(phases):
            lines = [line for line in s["lines"] if line["phase"] == index]
            build = ext = fees = gia_market = 0.0
            n = houses = flats = 0.0
            value = dict.fromkeys(TENURES, 0.0)
            count = dict.fromkeys(TENURES, 0.0)
            for line in lines:
                b = line["count"] * line["gia_m2"] * line["build_cost_per_m2"]
                build += b
                ext += b * line["externals_rate"]
                fees += b * line["professional_fees_rate"]
                n += line["count"]
                if line["is_flat"]:
                    flats += line["count"]
                else:
                    houses += line["count"]
                if line["tenure"] == "market_sale":
                    gia_market += line["count"] * line["gia_m2"]
                value[line["tenure"]] += line["count"] * unit_value(line, s)
                count[line["tenure"]] += line["count"]
            share = n / scheme_dwellings if scheme_dwellings > 0 else 0.0
            abn = s["abnormals"] * share
            sale_value = value["market_sale"] + value["first_homes"]
            sale_n = count["market_sale"] + count["first_homes"]
            aff_value = sum(value[t] for t in AFFORDABLE)
            aff_n = sum(count[t] for t in AFFORDABLE)
            costs = {
                "build_cost": build, "externals": ext, "abnormals": abn,
                "contingency": s["contingency_rate"] * (build + ext + abn),
                "net_zero_uplift": s["future_homes_standard_per_dwelling"] * n
                + s["net_zero_premium_rate"] * build,
                "professional_fees": fees,
                "cil": s["cil_per_m2"] * gia_market,
                "section_106": s["other_s106_per_dwelling"] * n,
                "county_infrastructure": s["infrastructure_per_house"] * houses
                + s["infrastructure_per_flat"] * flats,
                "rams": s["rams_per_dwelling"] * n,
                "biodiversity_net_gain": s["biodiversity_net_gain_per_dwelling"] * n,
                "other_contributions": s["other_contributions"] * share,
                "sales_marketing": s["sales_marketing_rate"] * sale_value,
                "sales_legal": s["sales_legal_per_market_dwelling"] * sale_n,
                "affordable_legal": s["affordable_legal_per_dwelling"] * aff_n,
            }
            for name, amount in costs.items():
                self.totals[name] = self.totals.get(name, 0.0) + amount
            for t in TENURES:
                gdv[t] += value[t]
                dwellings[t] += count[t]
            per.append((phase, costs, value, sale_value, sale_n, aff_value))
        self.gdv, self.dwellings = gdv, dwellings
        # exit month
        exit_month = s["land_payment_month"]
        for phase, _, _, _, sale_n, _ in per:
            completion = phase["start"] + phase["months"] - 1
            last = completion
            if sale_n > 0:
                rate = phase["rate"] * phase["outlets"]
                last = max(last, phase["sales_start"] + max(math.ceil(sale_n / rate), 1) - 1)
            exit_month = max(exit_month, last)
        self.exit_month = exit_month
        self.T = max(exit_month + 1, min_periods)
        self.flows = [0.0] * self.T
        for phase, costs, _value, sale_value, sale_n, aff_value in per:
            start, months = phase["start"], phase["months"]
            completion = start + months - 1
            rate = phase["rate"] * phase["outlets"]
            for t in range(self.T):
                w = smoothstep((t - start + 1) / months) - smoothstep((t - start) / months)
                build_group = sum(costs[k] for k in ("build_cost", "externals", "abnormals",
                                                     "contingency", "net_zero_uplift",
                                                     "professional_fees"))
                self.flows[t] -= build_group * w
                if t == start:
                    self.flows[t] -= sum(costs[k] for k in (
                        "cil", "section_106", "county_infrastructure", "rams",
                        "biodiversity_net_gain", "other_contributions"))
                if sale_n > 0:
                    a = phase["sales_start"]
                    g1 = min(1.0, max(0.0, (t - a + 1) * rate / sale_n))
                    g0 = min(1.0, max(0.0, (t - a) * rate / sale_n))
                    share = g1 - g0
                    self.flows[t] += (sale_value - costs["sales_marketing"]
                                      - costs["sales_legal"]) * share
                aff_w = (1.0 if t == completion else 0.0) if s["on_completion"] else w
                self.flows[t] += (aff_value - costs["affordable_legal"]) * aff_w
        self.development_cost = sum(self.totals.values())
        s_ = s
        self.target = (s_["market_return_rate"] * gdv["market_sale"]
                       + s_["affordable_return_rate"] * sum(gdv[t] for t in AFFORDABLE)
                       + s_["first_homes_return_rate"] * gdv["first_homes"])

    def monthly(self, annual: float) -> float:
        n = self.s["compounding_periods_per_year"]
        return (1 + annual / n) ** (n / 12) - 1

    def land_costs(self, land: float) -> tuple[float, float, float, float, float]:
        s = self.s
        tax = sdlt(land, s["sdlt_thresholds"], s["sdlt_rates"])
        agent = s["land_agent_fee_rate"] * max(land, 0.0)
        legal = s["land_legal_fee_rate"] * max(land, 0.0)
        base = self.development_cost + max(land, 0.0) + tax + agent + legal
        return tax, agent, legal, s["arrangement_fee_rate"] * base, s["exit_fee_rate"] * base

    def financed(self, land: float) -> dict[str, Any]:
        tax, agent, legal, arrangement, exit_fee = self.land_costs(land)
        unlevered = list(self.flows)
        unlevered[self.s["land_payment_month"]] -= land + tax + agent + legal
        flows = list(unlevered)
        flows[0] -= arrangement
        flows[self.exit_month] -= exit_fee
        debit, credit = self.monthly(self.s["debit_rate"]), self.monthly(self.s["credit_rate"])
        balance, path, charged, earned = 0.0, [], 0.0, 0.0
        for t, cf in enumerate(flows):
            interest = balance * (debit if balance < 0 else credit) if t <= self.exit_month else 0.0
            if interest < 0:
                charged -= interest
            else:
                earned += interest
            balance = balance + interest + cf
            path.append(balance)
        return {"closing": balance, "path": path, "unlevered": unlevered, "charged": charged,
                "earned": earned, "fees": arrangement + exit_fee, "sdlt": tax,
                "agent": agent, "legal": legal}


def bisect_root(f: Any, low: float, high: float, tolerance: float) -> float:
    f_low = f(low)
    for _ in range(400):
        mid = 0.5 * (low + high)
        if high - low < tolerance:
            return mid
        f_mid = f(mid)
        if (f_mid > 0) == (f_low > 0):
            low, f_low = mid, f_mid
        else:
            high = mid
    return 0.5 * (low + high)


def appraise_one(s: dict[str, Any], min_periods: int = 0) -> dict[str, float]:
    scheme = Scheme(s, min_periods)
    gdv = sum(scheme.gdv.values())

    def f(land: float) -> float:
        return scheme.financed(land)["closing"] - scheme.target

    low, high = -(scheme.development_cost + scheme.target + 1), gdv + 1
    while f(low) < 0:
        low -= high - low
    while f(high) > 0:
        high += high - low
    rlv = bisect_root(f, low, high, 1e-7)
    residual_mode = s["land_price"] is None
    land = rlv if residual_mode else s["land_price"]
    paid = s["benchmark_land_value"] if residual_mode else s["land_price"]
    run = scheme.financed(land)
    unlevered = run["unlevered"]

    def npv_at_monthly(r: float) -> float:
        return sum(cf / (1 + r) ** t for t, cf in enumerate(unlevered))

    lo_r, hi_r = -0.5, 1.0
    def changes(values: list[float]) -> int:
        biggest = max(abs(x) for x in values)
        signs = [1 if x > 0 else -1 for x in values if abs(x) > 1e-9 * biggest]
        return sum(1 for a, b in itertools.pairwise(signs) if a != b)

    cumulative = list(itertools.accumulate(unlevered))
    unique = changes(unlevered) == 1
    if not unique and changes(cumulative) == 1 and cumulative[-1] > 0:
        unique, lo_r = True, 0.0  # Norström: one positive IRR
    if unique and npv_at_monthly(lo_r) * npv_at_monthly(hi_r) < 0:
        monthly_irr = bisect_root(npv_at_monthly, lo_r, hi_r, 1e-15)
        irr = (1 + monthly_irr) ** 12 - 1
    else:
        irr = math.nan
    d = s["discount_rate"]
    npv = sum(cf / (1 + d) ** (t / 12) for t, cf in enumerate(unlevered))
    path = run["path"]
    low_balance = min(path)
    peak_month = path.index(low_balance)
    finance_cost = run["charged"] - run["earned"] + run["fees"]
    result = {
        "gdv": gdv, "residual_land_value": rlv, "surplus": f(paid),
        "developer_return": scheme.target, "profit": run["closing"],
        "finance_cost": finance_cost, "interest_charged": run["charged"],
        "interest_earned": run["earned"], "sdlt": run["sdlt"], "irr": irr, "npv": npv,
        "peak_debt": max(0.0, -low_balance), "peak_debt_month": float(peak_month),
        "development_cost": scheme.development_cost,
        "total_cost": scheme.development_cost + land + run["sdlt"] + run["agent"]
        + run["legal"] + finance_cost,
        "exit_month": float(scheme.exit_month),
    }
    result.update(scheme.totals)
    for t in TENURES:
        result[f"gdv_{t}"] = scheme.gdv[t]
    return result


def scheme_dict(inputs: Any, i: int) -> dict[str, Any]:
    """Scheme i of an engine SchemeInputs as the plain dict :func:`appraise_one` takes."""
    names = ("social_rent_yield", "affordable_rent_yield", "shared_ownership_yield",
             "shared_ownership_first_tranche_rate", "shared_ownership_rent_rate",
             "first_homes_discount_rate", "first_homes_price_cap",
             "management_per_dwelling_per_year", "maintenance_per_dwelling_per_year",
             "abnormals", "contingency_rate", "future_homes_standard_per_dwelling",
             "net_zero_premium_rate", "cil_per_m2", "other_s106_per_dwelling",
             "infrastructure_per_house", "infrastructure_per_flat", "rams_per_dwelling",
             "biodiversity_net_gain_per_dwelling", "other_contributions",
             "sales_marketing_rate", "sales_legal_per_market_dwelling",
             "affordable_legal_per_dwelling", "market_return_rate", "affordable_return_rate",
             "first_homes_return_rate", "compounding_periods_per_year", "debit_rate",
             "credit_rate", "land_agent_fee_rate", "land_legal_fee_rate",
             "arrangement_fee_rate", "exit_fee_rate", "discount_rate", "benchmark_land_value")
    s: dict[str, Any] = {name: float(getattr(inputs, name)[i]) for name in names}
    price = float(inputs.land_price[i])
    s["land_price"] = None if math.isnan(price) else price
    s["land_payment_month"] = int(inputs.land_payment_month[i])
    s["on_completion"] = bool(inputs.is_affordable_paid_on_completion[i])
    s["sdlt_thresholds"] = [float(x) for x in inputs.sdlt_thresholds[i]]
    s["sdlt_rates"] = [float(x) for x in inputs.sdlt_rates[i]]
    s["phases"] = []
    for p in range(inputs.phase_start_month.shape[1]):
        if not inputs.phase_is_present[i, p]:
            s["phases"].append({"start": 0, "months": 1, "sales_start": 0, "rate": 1.0,
                                "outlets": 1.0})
            continue
        s["phases"].append({
            "start": int(inputs.phase_start_month[i, p]),
            "months": int(inputs.phase_build_months[i, p]),
            "sales_start": int(inputs.phase_sales_start_month[i, p]),
            "rate": float(inputs.phase_sales_rate_per_outlet[i, p]),
            "outlets": float(inputs.phase_outlets[i, p])})
    s["lines"] = []
    for k in range(len(inputs.line_scheme)):
        if int(inputs.line_scheme[k]) != i:
            continue
        rent = float(inputs.line_rent_per_week[k])
        s["lines"].append({
            "phase": int(inputs.line_phase[k]), "tenure": TENURES[int(inputs.line_tenure[k])],
            "is_flat": bool(inputs.line_is_flat[k]), "count": float(inputs.line_count[k]),
            "gia_m2": float(inputs.line_gia_m2[k]),
            "market_value": float(inputs.line_market_value[k]),
            "rent_per_week": 0.0 if math.isnan(rent) else rent,
            "build_cost_per_m2": float(inputs.line_build_cost_per_m2[k]),
            "externals_rate": float(inputs.line_externals_rate[k]),
            "professional_fees_rate": float(inputs.line_professional_fees_rate[k])})
    return s
