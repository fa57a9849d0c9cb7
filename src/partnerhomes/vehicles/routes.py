"""Route definitions: who is in a delivery vehicle, how it is funded and how it pays out.

Not represented: management fees between partners, tax (corporation tax, VAT, SDLT group relief),
cash lock-up or reserve accounts, refinancing, guarantees and covenants beyond the loan-to-cost
cap, several land owners in one route, and procurement or subsidy-control tests (the options
appraisal names the risk, it does not decide legality). A route is read from a mapping (YAML) and
checked in full: every problem is reported at once, each naming the route and the field.

Examples
--------
>>> partners = read_partners([{"name": "council", "kind": "council"}])
>>> route = read_route({"name": "Direct", "type": "council_direct_hra", "members": ["council"],
...                     "land": {"owner": "council", "form": "equity"},
...                     "council_borrowing": {"partner": "council"},
...                     "profit_split": {"council": 1.0},
...                     "landlord": {"partner": "council", "terms": "council_hra"}}, partners)
>>> route.debt[0].kind, route.land.form
('pwlb', 'equity')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PARTNER_KINDS = ("council", "housing_association", "developer", "homes_england")
ROUTE_TYPES = ("council_direct_hra", "council_direct_general_fund", "housing_association_direct",
               "housing_company", "joint_venture")
LAND_FORMS = ("equity", "loan_note", "sale")
LAND_VALUES = ("appraised", "benchmark")
BORROWING = ("hra", "general_fund")
LANDLORD_TERMS = ("housing_association", "council_hra")
SHARE_TOLERANCE = 1e-9


class RouteError(ValueError):
    """Route definitions that cannot be used; ``problems`` holds one line per field."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Partner:
    """A partner organisation; a council says whether its borrowing is for its HRA or general
    fund (the PWLB rate it pays), and may cap the borrowing a route can use [GBP]."""

    name: str
    kind: str
    borrowing: str = "general_fund"
    borrowing_headroom: float | None = None


@dataclass(frozen=True)
class Land:
    """The site's land: its owner, how it enters the vehicle and at what agreed value
    (``appraised``: the appraisal's land price; ``benchmark``: its benchmark land value; or
    [GBP] per scheme)."""

    owner: str
    form: str
    value: str | float = "appraised"
    coupon_rate: float | None = None  # loan note [/1 per year]; None: parameters


@dataclass(frozen=True)
class Commitment:
    """Cash a partner commits: ``amount`` [GBP], or the land's agreed value (``amount: land``),
    or a share of total development cost [/1]. ``rate`` for a partner loan [/1 per year]."""

    partner: str
    amount: float | None = None
    matches_land: bool = False
    share_of_cost: float | None = None
    rate: float | None = None


@dataclass(frozen=True)
class Debt:
    """A debt layer: ``senior`` (capped at loan-to-cost) or ``pwlb`` (a council's PWLB
    borrowing, uncapped, at its HRA or certainty rate). Rates [/1 per year]; None: parameters."""

    kind: str
    lender: str
    loan_to_cost: float | None = None
    rate: float | None = None
    arrangement_fee_rate: float | None = None
    borrower: str | None = None


@dataclass(frozen=True)
class Tier:
    """Above an equity IRR [/1 per year], profit is split in these shares [/1]."""

    above_irr: float
    split: dict[str, float]


@dataclass(frozen=True)
class Route:
    """One delivery route (see ``docs/methodology/vehicles.md`` for every field)."""

    name: str
    type: str
    members: tuple[str, ...]
    partners: dict[str, Partner]
    land: Land
    profit_split: dict[str, float]
    landlord: str
    landlord_terms: str
    equity: tuple[Commitment, ...] = ()
    partner_loans: tuple[Commitment, ...] = ()
    debt: tuple[Debt, ...] = ()
    grant_per_affordable_home: float | None = None  # [GBP/dwelling]; None: parameters
    has_grant: bool = True
    grant_start_on_site_share: float | None = None  # [/1]; None: parameters
    preferred_return_rate: float | None = None  # [/1 per year]; None: parameters
    promote: tuple[Tier, ...] = ()
    sme_share: float = 0.0  # of build cost let to SME builders [/1]
    fixed_price_build: bool = False
    description: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def kind_of(self, partner: str) -> str:
        """The kind of a member."""
        return self.partners[partner].kind


class _Reader:
    """Collects problems while reading one mapping, each prefixed with where it is."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.problems: list[str] = []

    def fail(self, name: str, message: str) -> None:
        self.problems.append(f"{self.where}, field {name!r}: {message}")

    def mapping(self, value: Any, name: str, allowed: tuple[str, ...]) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail(name, "must be a mapping")
            return {}
        for key in value:
            if key not in allowed:
                self.fail(f"{name}.{key}" if name else str(key),
                          f"unknown field (allowed: {', '.join(allowed)})")
        return value

    def number(self, value: Any, name: str, *, low: float = 0.0, high: float | None = None,
               high_text: str = "") -> float | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(name, f"must be a number, not {value!r}")
            return None
        number = float(value)
        if number != number or number < low:
            self.fail(name, f"must be at least {low:g}, not {value!r}")
            return None
        if high is not None and number > high:
            self.fail(name, f"{number:g} is above {high_text or f'{high:g}'}")
            return None
        return number

    def choice(self, value: Any, name: str, options: tuple[str, ...]) -> str:
        if value not in options:
            self.fail(name, f"{value!r} is not one of {', '.join(options)}")
            return options[0]
        return str(value)

    def member(self, value: Any, name: str, members: tuple[str, ...]) -> str:
        if value not in members:
            self.fail(name, f"partner {value!r} is not in the partnership "
                            f"(members: {', '.join(members) or 'none'})")
        return str(value)

    def shares(self, value: Any, name: str, members: tuple[str, ...]) -> dict[str, float]:
        given = self.mapping(value, name, members) if isinstance(value, dict) else None
        if given is None:
            self.fail(name, "must map members to shares, e.g. {council: 0.5, partner: 0.5}")
            return {}
        shares = {str(k): self.number(v, f"{name}.{k}", high=1.0, high_text="100%")
                  for k, v in given.items()}
        if any(v is None for v in shares.values()):
            return {}
        result = {k: float(v) for k, v in shares.items() if v is not None}
        total = sum(result.values())
        if abs(total - 1.0) > SHARE_TOLERANCE:
            self.fail(name, f"shares sum to {total:.4%}, not 100%".replace(".0000%", "%"))
        return result


def read_partners(items: Any) -> dict[str, Partner]:
    """Partners from a list of mappings; raises :class:`RouteError` naming each bad field."""
    problems: list[str] = []
    if not isinstance(items, list) or not items:
        raise RouteError(["field 'partners': must be a non-empty list of partners"])
    partners: dict[str, Partner] = {}
    for number, item in enumerate(items):
        reader = _Reader(f"partners[{number}]")
        data = reader.mapping(item, "", ("name", "kind", "borrowing", "borrowing_headroom"))
        name = str(data.get("name", "")).strip()
        if not name:
            reader.fail("name", "is missing")
        elif name in partners:
            reader.fail("name", f"{name!r} is given twice")
        kind = reader.choice(data.get("kind"), "kind", PARTNER_KINDS)
        borrowing = reader.choice(data.get("borrowing", "general_fund"), "borrowing", BORROWING)
        headroom = reader.number(data.get("borrowing_headroom"), "borrowing_headroom")
        problems += reader.problems
        partners[name] = Partner(name, kind, borrowing, headroom)
    if problems:
        raise RouteError(problems)
    return partners


ROUTE_FIELDS = ("name", "type", "description", "members", "land", "equity", "partner_loans",
                "senior_debt", "council_borrowing", "grant", "preferred_return_rate",
                "profit_split", "promote", "landlord", "build_contract")


def read_route(item: Any, partners: dict[str, Partner]) -> Route:
    """One route from its mapping (see the module docstring); raises :class:`RouteError`."""
    name = str(item.get("name", "")) if isinstance(item, dict) else ""
    reader = _Reader(f"route {name!r}")
    data = reader.mapping(item, "", ROUTE_FIELDS)
    if not name:
        reader.fail("name", "is missing")
    route_type = reader.choice(data.get("type"), "type", ROUTE_TYPES)
    members_given = data.get("members")
    if not isinstance(members_given, list) or not members_given:
        reader.fail("members", "must be a non-empty list of partner names")
        members_given = []
    members = tuple(str(m) for m in members_given)
    for position, member in enumerate(members):
        if member not in partners:
            reader.fail(f"members[{position}]", f"partner {member!r} is not in the partnership "
                        f"(partners: {', '.join(partners)})")
    _check_type(reader, route_type, members, partners)
    land_data = reader.mapping(data.get("land"), "land", ("owner", "form", "value",
                                                          "coupon_rate"))
    if not land_data:
        reader.fail("land", "is missing: give its owner and form")
    value = land_data.get("value", "appraised")
    if not isinstance(value, str):
        value = reader.number(value, "land.value") or 0.0
    elif value not in LAND_VALUES:
        reader.fail("land.value", f"{value!r} is not a number or one of {', '.join(LAND_VALUES)}")
    owner = str(land_data.get("owner", ""))
    form = reader.choice(land_data.get("form", "sale"), "land.form", LAND_FORMS)
    if form != "sale":
        reader.member(owner, "land.owner", members)
    elif owner not in partners:
        reader.fail("land.owner", f"partner {owner!r} is not in the partnership")
    land = Land(owner, form, value, reader.number(land_data.get("coupon_rate"),
                                                  "land.coupon_rate"))
    equity = _commitments(reader, data.get("equity"), "equity", members)
    loans = _commitments(reader, data.get("partner_loans"), "partner_loans", members)
    debt = _debt(reader, data, members)
    grant = reader.mapping(data.get("grant"), "grant", ("per_affordable_home",
                                                         "start_on_site_share", "none"))
    profit_split = reader.shares(data.get("profit_split"), "profit_split", members)
    promote: list[Tier] = []
    for position, tier in enumerate(data.get("promote") or []):
        where = f"promote[{position}]"
        tier_data = reader.mapping(tier, where, ("above_irr", "split"))
        hurdle = reader.number(tier_data.get("above_irr"), f"{where}.above_irr")
        if hurdle is None:
            reader.fail(f"{where}.above_irr", "is missing")
        split = reader.shares(tier_data.get("split"), f"{where}.split", members)
        if promote and hurdle is not None and hurdle <= promote[-1].above_irr:
            reader.fail(f"{where}.above_irr", "hurdles must rise from tier to tier")
        promote.append(Tier(hurdle or 0.0, split))
    landlord = reader.mapping(data.get("landlord"), "landlord", ("partner", "terms"))
    landlord_name = str(landlord.get("partner", ""))
    if landlord_name not in partners:
        reader.fail("landlord.partner", f"partner {landlord_name!r} is not in the partnership")
    elif partners[landlord_name].kind not in ("council", "housing_association"):
        reader.fail("landlord.partner", f"{landlord_name!r} is a "
                    f"{partners[landlord_name].kind}; a landlord is a council or a housing "
                    "association")
    default_terms = ("council_hra" if landlord_name in partners
                     and partners[landlord_name].kind == "council" else "housing_association")
    terms = reader.choice(landlord.get("terms", default_terms), "landlord.terms",
                          LANDLORD_TERMS)
    build = reader.mapping(data.get("build_contract"), "build_contract",
                           ("sme_share", "fixed_price"))
    sme = reader.number(build.get("sme_share", 0.0), "build_contract.sme_share", high=1.0,
                        high_text="100%")
    if reader.problems:
        raise RouteError(reader.problems)
    return Route(
        name=name, type=route_type, members=members,
        partners={m: partners[m] for m in dict.fromkeys([*members, owner, landlord_name])},
        land=land, profit_split=profit_split, landlord=landlord_name, landlord_terms=terms,
        equity=equity, partner_loans=loans, debt=debt,
        grant_per_affordable_home=_optional_number(grant.get("per_affordable_home")),
        has_grant=not grant.get("none", False),
        grant_start_on_site_share=_optional_number(grant.get("start_on_site_share")),
        preferred_return_rate=_optional_number(data.get("preferred_return_rate")),
        promote=tuple(promote), sme_share=sme or 0.0,
        fixed_price_build=bool(build.get("fixed_price", False)),
        description=str(data.get("description", "")))


def _optional_number(value: Any) -> float | None:
    return None if value is None else float(value)


def _check_type(reader: _Reader, route_type: str, members: tuple[str, ...],
                partners: dict[str, Partner]) -> None:
    kinds = [partners[m].kind for m in members if m in partners]
    single = {"council_direct_hra": "council", "council_direct_general_fund": "council",
              "housing_association_direct": "housing_association", "housing_company": "council"}
    if route_type in single and (len(members) != 1 or kinds != [single[route_type]]):
        reader.fail("members", f"a {route_type} route has one member, a "
                    f"{single[route_type].replace('_', ' ')}")
    if route_type == "joint_venture" and len(members) < 2:
        reader.fail("members", "a joint venture has at least two members")


def _commitments(reader: _Reader, items: Any, name: str, members: tuple[str, ...]
                 ) -> tuple[Commitment, ...]:
    result = []
    for position, item in enumerate(items or []):
        where = f"{name}[{position}]"
        data = reader.mapping(item, where, ("partner", "amount", "share_of_cost", "rate"))
        partner = reader.member(data.get("partner"), f"{where}.partner", members)
        amount = data.get("amount")
        matches = amount == "land"
        number = None if matches else reader.number(amount, f"{where}.amount")
        share = reader.number(data.get("share_of_cost"), f"{where}.share_of_cost", high=1.0,
                              high_text="100% of cost")
        if (amount is None) == (share is None):
            reader.fail(where, "give exactly one of amount (GBP or 'land') and share_of_cost")
        result.append(Commitment(partner, number, matches, share,
                                 reader.number(data.get("rate"), f"{where}.rate")))
    return tuple(result)


def _debt(reader: _Reader, data: dict[str, Any], members: tuple[str, ...]) -> tuple[Debt, ...]:
    layers = []
    senior = reader.mapping(data.get("senior_debt"), "senior_debt",
                            ("lender", "loan_to_cost", "rate", "arrangement_fee_rate"))
    if senior:
        ltc = reader.number(senior.get("loan_to_cost"), "senior_debt.loan_to_cost", high=1.0,
                            high_text="100% (a lender does not lend more than the cost)")
        if ltc == 0.0:
            reader.fail("senior_debt.loan_to_cost", "must be above 0 (leave senior_debt out)")
        layers.append(Debt("senior", str(senior.get("lender", "senior lender")), ltc,
                           reader.number(senior.get("rate"), "senior_debt.rate"),
                           reader.number(senior.get("arrangement_fee_rate"),
                                         "senior_debt.arrangement_fee_rate", high=1.0)))
    pwlb = reader.mapping(data.get("council_borrowing"), "council_borrowing",
                          ("partner", "rate"))
    if pwlb:
        borrower = reader.member(pwlb.get("partner"), "council_borrowing.partner", members)
        if not str(data.get("type", "")).startswith("council_direct"):
            reader.fail("council_borrowing", "only a council direct route borrows from the PWLB "
                        "itself; a council funds a company or joint venture with equity or "
                        "partner_loans, and the borrowing that needs is reported as headroom "
                        "used")
        layers.append(Debt("pwlb", "PWLB", None,
                           reader.number(pwlb.get("rate"), "council_borrowing.rate"),
                           0.0, borrower))
    return tuple(layers)


def read_routes(items: Any, partners: dict[str, Partner]) -> list[Route]:
    """Every route of a list, all problems reported together."""
    if not isinstance(items, list) or not items:
        raise RouteError(["field 'routes': must be a non-empty list of routes"])
    problems: list[str] = []
    routes = []
    for item in items:
        try:
            routes.append(read_route(item, partners))
        except RouteError as error:
            problems += error.problems
    names = [route.name for route in routes]
    problems += [f"route {n!r}, field 'name': given to two routes"
                 for n in sorted({n for n in names if names.count(n) > 1})]
    if problems:
        raise RouteError(problems)
    return routes
