"""The programme file: the partnership's resources and rules for one planning run, in YAML.

Not represented: resources that vary within a year (every amount is for a financial year starting
1 April), conditions attached to grant other than the Social Rent share, and partners' own
internal approvals. Policy and financial numbers (tenure weights, grant ceilings, scale-saving
bands, route shares) live in ``parameters/programme/``; this file holds what the partnership
itself decides or has: money, capacity, land dates and the rules it plans under. The format is
written out in ``docs/methodology/programme.md`` §2.

Examples
--------
>>> text = '''
... name: Two-council test
... sites: sites.csv
... years: {first: 2026, last: 2028}
... grant: 10000000
... councils:
...   - {gss_code: E07000066, name: Basildon, borrowing_headroom: 5000000, starts_capacity: 100}
... '''
>>> programme = parse_programme(yaml.safe_load(text), Path("."))
>>> programme.years_list(), programme.grant_by_year().tolist()
([2026, 2027, 2028], [10000000.0, 10000000.0, 10000000.0])
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

FloatArray = npt.NDArray[np.float64]

ROUTES: tuple[str, ...] = ("council_direct", "housing_association", "joint_venture")
"""Delivery routes: the council builds and holds in its HRA; a housing association builds and
holds; a joint-venture SPV of the partners builds and sells the affordable homes to a housing
association (sites in the SPV are one pool that must be self-financing as a pool)."""
MECHANISMS: tuple[str, ...] = ("pooled_land", "cross_subsidy", "scale_savings", "shared_grant")
"""What working together adds; each can be switched off to measure it (see ``uplift``)."""
OBJECTIVES: tuple[str, ...] = ("weighted_affordable_homes", "least_grant", "most_homes_by_year")

ByYear = float | dict[int, float]
"""An amount for every year (one number) or by financial year (``{2027: 1.5e6, ...}``)."""


class ProgrammeFileError(ValueError):
    """The programme file is wrong; the message names each field and the problem."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Years(_Strict):
    first: int = Field(ge=2000, le=2100)  # financial year starting 1 April
    last: int = Field(ge=2000, le=2100)

    @model_validator(mode="after")
    def _ordered(self) -> Years:
        if self.last < self.first:
            raise ValueError(f"last year {self.last} is before first year {self.first}")
        if self.last - self.first > 40:
            raise ValueError("a programme spans at most 40 years")
        return self


def _non_negative(value: ByYear) -> ByYear:
    amounts = value.values() if isinstance(value, dict) else [value]
    if any(not np.isfinite(a) or a < 0 for a in amounts):
        raise ValueError("amounts must be finite numbers ≥ 0")
    return value


class Council(_Strict):
    gss_code: str = Field(pattern=r"^[EWSN]\d{8}$")
    name: str
    borrowing_headroom: ByYear = 0.0  # [GBP/year] HRA / prudential borrowing available
    starts_capacity: ByYear = 0.0  # [dwellings/year] council-direct starts
    minimum_affordable_share: float | None = Field(default=None, ge=0.0, le=1.0)  # [/1]
    housing_associations: tuple[str, ...] = ()  # the associations it works with
    grant_share: float | None = Field(default=None, ge=0.0, le=1.0)  # when acting alone

    _amounts = field_validator("borrowing_headroom", "starts_capacity")(_non_negative)


class HousingAssociation(_Strict):
    name: str
    equity: ByYear = 0.0  # [GBP/year] own funds for development
    debt_capacity: ByYear = 0.0  # [GBP/year] new borrowing
    starts_capacity: ByYear = 0.0  # [dwellings/year]

    _amounts = field_validator("equity", "debt_capacity", "starts_capacity")(_non_negative)


class SmeFramework(_Strict):
    name: str
    councils: tuple[str, ...]  # GSS codes it covers
    starts_capacity: ByYear  # [dwellings/year] starts on small sites
    max_site_dwellings: float = Field(default=25.0, gt=0)  # sites this small go to SMEs

    _amounts = field_validator("starts_capacity")(_non_negative)


class Mix(_Strict):
    """A tenure mix: the affordable share of homes ("policy" = the council's plan policy)
    and how the affordable homes split between tenures (shares summing to 1)."""

    name: str
    affordable_share: float | Literal["policy"] = "policy"
    social_rent: float = Field(default=0.6, ge=0.0, le=1.0)
    affordable_rent: float = Field(default=0.1, ge=0.0, le=1.0)
    shared_ownership: float = Field(default=0.3, ge=0.0, le=1.0)

    @model_validator(mode="after")
    def _sums_to_one(self) -> Mix:
        total = self.social_rent + self.affordable_rent + self.shared_ownership
        if abs(total - 1.0) > 1e-9:
            raise ValueError(f"tenure shares of mix {self.name!r} sum to {total:g}, not 1")
        if not isinstance(self.affordable_share, str) and not 0 <= self.affordable_share <= 1:
            raise ValueError("affordable_share must be 'policy' or between 0 and 1")
        return self


DEFAULT_MIXES = (Mix(name="policy"),
                 Mix(name="half_affordable", affordable_share=0.5, social_rent=0.7,
                     affordable_rent=0.1, shared_ownership=0.2),
                 Mix(name="all_affordable", affordable_share=1.0, social_rent=0.7,
                     affordable_rent=0.1, shared_ownership=0.2))


class Options(_Strict):
    mixes: tuple[Mix, ...] = DEFAULT_MIXES
    densities: tuple[Literal["minimum", "maximum"], ...] = ("minimum", "maximum")
    routes: tuple[Literal["council_direct", "housing_association", "joint_venture"], ...] = (
        "housing_association", "joint_venture")
    start_year_offsets: tuple[int, ...] = (0, 2)  # years after the land is available


class Objective(_Strict):
    kind: Literal["weighted_affordable_homes", "least_grant", "most_homes_by_year"] = (
        "weighted_affordable_homes")
    target_homes: float | None = Field(default=None, ge=0)  # least_grant: affordable homes
    by_year: int | None = None  # most_homes_by_year: completions up to this year
    time_limit_seconds: float = Field(default=60.0, gt=0)
    uplift_time_limit_seconds: float | None = Field(default=None, gt=0)  # five uplift solves
    gap: float = Field(default=0.005, ge=0, le=1)  # relative MIP gap

    def uplift_seconds(self) -> float:
        """Seconds the five uplift solves share: as given, else twice the plan's limit."""
        return (self.uplift_time_limit_seconds if self.uplift_time_limit_seconds is not None
                else 2.0 * self.time_limit_seconds)

    @model_validator(mode="after")
    def _needs(self) -> Objective:
        if self.kind == "least_grant" and self.target_homes is None:
            raise ValueError("objective least_grant needs target_homes")
        if self.kind == "most_homes_by_year" and self.by_year is None:
            raise ValueError("objective most_homes_by_year needs by_year")
        return self


class Rules(_Strict):
    social_rent_minimum_share_of_grant_homes: float | None = Field(default=None, ge=0, le=1)
    exemplar_max_dwellings: float = Field(default=40.0, gt=0)
    exemplar_per_council: int = Field(default=2, ge=1)
    sme_site_max_dwellings: float = Field(default=25.0, gt=0)  # sites small enough for lots
    sme_lot_min_dwellings: float = Field(default=10.0, ge=0)
    sme_lot_max_dwellings: float = Field(default=60.0, gt=0)
    sme_lot_max_distance_km: float = Field(default=3.0, gt=0)


class VehicleTerms(_Strict):
    """Terms of the delivery-vehicles engine for this programme; each omitted one comes from
    parameters/ (``programme.routes.*``, ``vehicles.senior_debt_loan_to_cost_rate``)."""

    joint_venture_council_profit_share: float | None = Field(default=None, ge=0, le=1)  # [/1]
    joint_venture_equity_share_of_cost: float | None = Field(default=None, ge=0, le=1)  # [/1]
    senior_debt_loan_to_cost: float | None = Field(default=None, gt=0, le=1)  # [/1]
    housing_association_equity_share: float | None = Field(default=None, ge=0, le=1)  # [/1]


class Mechanisms(_Strict):
    pooled_land: bool = True
    cross_subsidy: bool = True
    scale_savings: bool = True
    shared_grant: bool = True


class Programme(_Strict):
    """A validated programme file. Amounts: GBP per financial year; capacities: dwellings per
    financial year; shares: fractions [/1]."""

    name: str
    description: str = ""
    is_illustrative: bool = False
    sites: Path  # the sites table (CSV), relative to the programme file
    valuation_date: str = Field(default="2026-06-30", pattern=r"^\d{4}-\d{2}-\d{2}$")
    years: Years
    grant: ByYear = 0.0  # [GBP/year] grant the partnership expects
    councils: tuple[Council, ...] = Field(min_length=1)
    housing_associations: tuple[HousingAssociation, ...] = ()
    sme_frameworks: tuple[SmeFramework, ...] = ()
    land_available_from: dict[str, int] = Field(default_factory=dict)  # site_reference → year
    committed_sites: tuple[str, ...] = ()  # site references the plan must include
    options: Options = Options()
    objective: Objective = Objective()
    rules: Rules = Rules()
    mechanisms: Mechanisms = Mechanisms()
    vehicle_terms: VehicleTerms = VehicleTerms()

    _amounts = field_validator("grant")(_non_negative)

    @model_validator(mode="after")
    def _consistent(self) -> Programme:
        problems: list[str] = []
        span = set(self.years_list())
        named: list[tuple[str, ByYear]] = [("grant", self.grant)]
        for c in self.councils:
            named += [(f"councils[{c.gss_code}].borrowing_headroom", c.borrowing_headroom),
                      (f"councils[{c.gss_code}].starts_capacity", c.starts_capacity)]
        for h in self.housing_associations:
            named += [(f"housing_associations[{h.name}].{k}", getattr(h, k))
                      for k in ("equity", "debt_capacity", "starts_capacity")]
        for f in self.sme_frameworks:
            named.append((f"sme_frameworks[{f.name}].starts_capacity", f.starts_capacity))
        for where, value in named:
            if isinstance(value, dict) and set(value) - span:
                problems.append(f"{where}: years {sorted(set(value) - span)} lie outside "
                                f"{self.years.first}–{self.years.last}")
        codes = [c.gss_code for c in self.councils]
        if len(set(codes)) < len(codes):
            problems.append("councils: a GSS code appears twice")
        associations = {h.name for h in self.housing_associations}
        for c in self.councils:
            for name in set(c.housing_associations) - associations:
                problems.append(f"councils[{c.gss_code}].housing_associations: {name!r} is not "
                                "listed under housing_associations")
        for f in self.sme_frameworks:
            for code in set(f.councils) - set(codes):
                problems.append(f"sme_frameworks[{f.name}].councils: {code} is not a council "
                                "of the programme")
        shares = [c.grant_share for c in self.councils if c.grant_share is not None]
        if shares and sum(shares) > 1 + 1e-9:
            problems.append(f"councils: grant_share values sum to {sum(shares):g} (more than 1)")
        if self.objective.by_year is not None and self.objective.by_year not in span:
            problems.append(f"objective.by_year {self.objective.by_year} lies outside the years")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def years_list(self) -> list[int]:
        """The financial years of the programme, first to last."""
        return list(range(self.years.first, self.years.last + 1))

    def by_year(self, value: ByYear) -> FloatArray:
        """An amount as one value per programme year [unit of the amount]."""
        if isinstance(value, dict):
            return np.array([float(value.get(y, 0.0)) for y in self.years_list()])
        return np.full(len(self.years_list()), float(value))

    def grant_by_year(self) -> FloatArray:
        """Grant available in each year [GBP]."""
        return self.by_year(self.grant)

    def grant_shares(self) -> FloatArray:
        """Each council's share of the grant when partners act alone [/1]: as given, the rest
        split equally among the councils that give none."""
        given = np.array([np.nan if c.grant_share is None else c.grant_share
                          for c in self.councils])
        missing = ~np.isfinite(given)
        rest = max(0.0, 1.0 - float(np.nansum(given)))
        return np.where(missing, rest / max(int(missing.sum()), 1), given)

    def with_changes(self, **changes: Any) -> Programme:
        """A copy with some fields changed (validated again)."""
        return Programme.model_validate({**self.model_dump(), **changes})


def _describe(error: ValidationError) -> str:
    lines = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "(file)"
        lines.append(f"  {where}: {item['msg']}")
    return "\n".join(lines)


def parse_programme(document: Mapping[str, Any] | Any, folder: Path) -> Programme:
    """Validate a parsed programme document; ``sites`` is resolved against ``folder``."""
    if not isinstance(document, Mapping):
        raise ProgrammeFileError("a programme file must be a YAML mapping")
    try:
        programme = Programme.model_validate(dict(document))
    except ValidationError as error:
        raise ProgrammeFileError(f"the programme file has {error.error_count()} problem(s):\n"
                                 f"{_describe(error)}") from error
    sites = programme.sites if programme.sites.is_absolute() else folder / programme.sites
    return programme.model_copy(update={"sites": sites})


def read_programme(path: Path) -> Programme:
    """Read and validate a programme file."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ProgrammeFileError(f"{path}: {error}") from error
    try:
        return parse_programme(document, path.parent)
    except ProgrammeFileError as error:
        raise ProgrammeFileError(f"{path}: {error}") from error
