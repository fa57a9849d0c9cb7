"""Delivery against the programme: the rules for quarters, the planned trajectory by quarter,
actual starts and completions from delivery records, slippage, and the success measures
computed from delivery records (docs/methodology/delivery.md).

Pure functions over plain dataclasses; the web reads its records into these and renders the
results. Homes [dwellings], dates are calendar days, quarters are quarters of the financial year
starting 1 April (Q1 April–June, ..., Q4 January–March), slippage [months].

Not represented: homes started or completed in parts (a site's start and completion are one
date each, for all its homes), demolitions and net losses, a plan's phasing within a year (the
planner has none, so a year's planned homes are spread evenly over its quarters), and reasons
for slippage.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from partnerhomes.appraisal.assumptions import STANDARDS
from partnerhomes.appraisal.inputs import TENURES
from partnerhomes.programme.options import AFFORDABLE
from partnerhomes.sites.record import PIPELINE_STAGES

STAGES: tuple[str, ...] = tuple(PIPELINE_STAGES)
"""The partnership's stages in order (``partnerhomes.sites.record.PIPELINE_STAGES``)."""
START, COMPLETION = "start_on_site", "completed"
AFFORDABLE_TENURES: tuple[str, ...] = tuple(AFFORDABLE)
"""Affordable as the planner counts it (``programme.options.AFFORDABLE``): Social Rent,
Affordable Rent and shared ownership; First Homes are counted with all homes only, as in the
plan's ``affordable_homes``, so planned and actual compare like with like."""
CARBON_STANDARDS: tuple[str, ...] = tuple(STANDARDS)
"""The standards the appraisal knows (``appraisal.assumptions.STANDARDS``)."""
NET_ZERO = "net_zero"
DAYS_PER_MONTH = 365.25 / 12  # a unit conversion (days in a mean Gregorian month), not policy
METRICS: tuple[str, ...] = ("affordable_starts", "affordable_completions", "social_rent_share",
                            "exemplar_homes", "sme_homes", "net_zero_share")
"""The success measures computed from delivery records (``governance.models.Metric``)."""


# --- records -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Homes:
    """Homes by tenure [dwellings]; the fields are the project's tenure codes (``TENURES``)."""

    market_sale: int = 0
    social_rent: int = 0
    affordable_rent: int = 0
    shared_ownership: int = 0
    first_homes: int = 0

    def __post_init__(self) -> None:
        for name in TENURES:
            value = getattr(self, name)
            if not isinstance(value, int) or value < 0:
                raise ValueError(f"homes {name}: must be a whole number ≥ 0, got {value!r}")

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any], prefix: str = "") -> Homes:
        """From ``{tenure: n}`` (or ``{prefix + tenure: n}``); missing tenures are 0."""
        return cls(**{t: int(values.get(prefix + t) or 0) for t in TENURES})

    def of(self, tenure: str) -> int:
        return int(getattr(self, tenure))

    @property
    def total(self) -> int:
        return sum(self.of(t) for t in TENURES)

    @property
    def affordable(self) -> int:
        return sum(self.of(t) for t in AFFORDABLE_TENURES)



@dataclass(frozen=True)
class StageDates:
    """One stage of a site: its planned and actual dates and the homes by tenure at it."""

    stage: str
    planned: dt.date | None = None
    actual: dt.date | None = None
    homes: Homes = field(default_factory=Homes)

    def __post_init__(self) -> None:
        if self.stage not in STAGES:
            raise ValueError(f"stage: {self.stage!r} is not one of {', '.join(STAGES)}")


@dataclass(frozen=True)
class SiteDelivery:
    """A site's delivery record: its stages and the flags the board needs."""

    site_id: int
    name: str
    stages: tuple[StageDates, ...] = ()
    exemplar: bool = False
    sme_builder: bool = False
    carbon_standard: str = ""

    def __post_init__(self) -> None:
        seen = [s.stage for s in self.stages]
        if len(seen) != len(set(seen)):
            raise ValueError(f"site {self.site_id}: a stage is given twice ({seen})")
        if self.carbon_standard and self.carbon_standard not in CARBON_STANDARDS:
            raise ValueError(f"site {self.site_id} carbon_standard: {self.carbon_standard!r} "
                             f"is not one of {', '.join(CARBON_STANDARDS)}")

    def stage(self, name: str) -> StageDates | None:
        return next((s for s in self.stages if s.stage == name), None)

    def actual(self, name: str) -> dt.date | None:
        found = self.stage(name)
        return found.actual if found is not None else None

    def homes_at(self, name: str) -> Homes:
        """The homes at a stage: those recorded at it, else those of the nearest earlier stage
        with homes recorded (homes are usually counted once and carried forward)."""
        index = STAGES.index(name)
        by_stage = {s.stage: s.homes for s in self.stages}
        for earlier in reversed(STAGES[:index + 1]):
            homes = by_stage.get(earlier)
            if homes is not None and homes.total > 0:
                return homes
        return Homes()

    @property
    def current_stage(self) -> str:
        """The latest stage (in stage order) with an actual date; blank when none."""
        reached = [s.stage for s in self.stages if s.actual is not None]
        return max(reached, key=STAGES.index) if reached else ""


# --- quarters ------------------------------------------------------------------------------

@dataclass(frozen=True, order=True)
class Quarter:
    """A quarter of the financial year ``year`` (starting 1 April ``year``): 1 = April–June,
    2 = July–September, 3 = October–December, 4 = January–March of ``year + 1``.

    Examples
    --------
    >>> Quarter.of(dt.date(2027, 3, 31)), Quarter.of(dt.date(2027, 4, 1))
    (Quarter(year=2026, number=4), Quarter(year=2027, number=1))
    >>> Quarter(2026, 4).label
    '2026-27 Q4'
    """

    year: int
    number: int

    def __post_init__(self) -> None:
        if self.number not in (1, 2, 3, 4):
            raise ValueError(f"quarter number must be 1 to 4, got {self.number!r}")

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        year = day.year if day.month >= 4 else day.year - 1
        return cls(year, (day.month - 4) % 12 // 3 + 1)

    @property
    def start(self) -> dt.date:
        month = 3 * (self.number - 1) + 4
        return dt.date(self.year + (month > 12), (month - 1) % 12 + 1, 1)

    @property
    def end(self) -> dt.date:
        return self.next().start - dt.timedelta(days=1)

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year,
                                                                         self.number + 1)

    @property
    def label(self) -> str:
        return f"{self.year}-{(self.year + 1) % 100:02d} Q{self.number}"


def quarter_range(first: Quarter, last: Quarter) -> list[Quarter]:
    """Every quarter from ``first`` to ``last`` inclusive (empty when ``last`` < ``first``)."""
    out = []
    quarter = first
    while quarter <= last:
        out.append(quarter)
        quarter = quarter.next()
    return out


# --- starts and completions by quarter -----------------------------------------------------

@dataclass(frozen=True)
class Flow:
    """Starts and completions [dwellings], all homes and affordable homes."""

    starts: float = 0.0
    affordable_starts: float = 0.0
    completions: float = 0.0
    affordable_completions: float = 0.0

    def __add__(self, other: Flow) -> Flow:
        return Flow(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(Flow)))

    def scaled(self, factor: float) -> Flow:
        return Flow(*(getattr(self, f.name) * factor for f in fields(Flow)))


def planned_by_year(trajectory: Iterable[Mapping[str, Any]]) -> dict[int, Flow]:
    """The plan's starts and completions a financial year from its trajectory rows (``year``,
    ``tenure``, ``starts``, ``completions``, as a plan run's ``tables["trajectory"]``)."""
    years: dict[int, Flow] = {}
    for number, row in enumerate(trajectory, start=1):
        try:
            year, tenure = int(row["year"]), str(row["tenure"])
            starts, completions = float(row.get("starts") or 0), float(
                row.get("completions") or 0)
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"trajectory row {number}: {error!r} in {dict(row)}") from error
        if tenure not in TENURES:
            raise ValueError(f"trajectory row {number} tenure: {tenure!r} is not one of "
                             f"{', '.join(TENURES)}")
        affordable = tenure in AFFORDABLE_TENURES
        flow = Flow(starts, starts if affordable else 0.0, completions,
                    completions if affordable else 0.0)
        years[year] = years.get(year, Flow()) + flow
    return dict(sorted(years.items()))


def planned_by_quarter(by_year: Mapping[int, Flow]) -> dict[Quarter, Flow]:
    """The spreading rule: the plan has no phasing within a year, so each financial year's
    planned homes are spread evenly, a quarter in each of its four quarters (the sum of a
    year's quarters is the year's figure exactly).

    >>> planned_by_quarter({2026: Flow(100, 40, 0, 0)})[Quarter(2026, 3)].starts
    25.0
    """
    return {Quarter(year, n): flow.scaled(0.25) for year, flow in by_year.items()
            for n in (1, 2, 3, 4)}


def actual_by_quarter(records: Iterable[SiteDelivery]) -> dict[Quarter, Flow]:
    """Actual starts and completions by the quarter of the actual date of the start on site
    and completed stages, with the homes at those stages (:meth:`SiteDelivery.homes_at`).
    A record with no actual date of a stage never counts as delivered at that stage."""
    out: dict[Quarter, Flow] = {}
    for record in records:
        for stage in (START, COMPLETION):
            day = record.actual(stage)
            if day is None:
                continue
            homes = record.homes_at(stage)
            flow = (Flow(starts=homes.total, affordable_starts=homes.affordable)
                    if stage == START else
                    Flow(completions=homes.total, affordable_completions=homes.affordable))
            quarter = Quarter.of(day)
            out[quarter] = out.get(quarter, Flow()) + flow
    return out


@dataclass(frozen=True)
class QuarterRow:
    """One quarter: planned and actual flows, and each cumulative from the table's start."""

    quarter: Quarter
    planned: Flow
    actual: Flow
    planned_cumulative: Flow
    actual_cumulative: Flow


def delivery_by_quarter(planned_years: Mapping[int, Flow], records: Sequence[SiteDelivery],
                        first: Quarter | None = None, last: Quarter | None = None
                        ) -> list[QuarterRow]:
    """Planned against actual starts and completions a quarter, from ``first`` to ``last``
    (by default the first and last quarter with anything planned or delivered). Cumulative
    figures add up from ``first``; homes outside the range are not shown."""
    planned = planned_by_quarter(planned_years)
    actual = actual_by_quarter(records)
    known = sorted(set(planned) | set(actual))
    if not known and (first is None or last is None):
        return []
    first = first or known[0]
    last = last or known[-1]
    rows, planned_total, actual_total = [], Flow(), Flow()
    for quarter in quarter_range(first, last):
        plan, done = planned.get(quarter, Flow()), actual.get(quarter, Flow())
        planned_total, actual_total = planned_total + plan, actual_total + done
        rows.append(QuarterRow(quarter, plan, done, planned_total, actual_total))
    return rows


# --- slippage ------------------------------------------------------------------------------

def months_between(earlier: dt.date, later: dt.date) -> float:
    """``later`` − ``earlier`` [months of 365.25/12 days]; negative when ``later`` is earlier.

    >>> round(months_between(dt.date(2026, 1, 1), dt.date(2027, 1, 1)), 2)
    11.99
    """
    return (later - earlier).days / DAYS_PER_MONTH


def stage_slippage(stage: StageDates, today: dt.date) -> float | None:
    """How late a stage is [months]: actual − planned once reached (negative when early, zero
    when on the day), today − planned while not reached and due; None with no planned date or
    while not reached and not yet due."""
    if stage.planned is None:
        return None
    if stage.actual is not None:
        return months_between(stage.planned, stage.actual)
    if stage.planned > today:
        return None
    return months_between(stage.planned, today)


@dataclass(frozen=True)
class SiteSlippage:
    """A site's slippage, measured at its latest stage that is reached or due."""

    site_id: int
    name: str
    stage: str
    planned: dt.date
    actual: dt.date | None
    months: float

    @property
    def is_late(self) -> bool:
        return self.months > 0


def site_slippage(record: SiteDelivery, today: dt.date) -> SiteSlippage | None:
    """The slippage of the latest stage (in stage order) that has a planned date and is
    reached or due by ``today``: where the site stands now (a site that was late and caught up
    is no longer late). None when no stage with a planned date is reached or due."""
    for name in reversed(STAGES):
        stage = record.stage(name)
        if stage is None or stage.planned is None:
            continue
        months = stage_slippage(stage, today)
        if months is not None:
            return SiteSlippage(record.site_id, record.name, name, stage.planned, stage.actual,
                                months)
    return None


def slippage_list(records: Iterable[SiteDelivery], today: dt.date) -> list[SiteSlippage]:
    """Each site's slippage, latest first (sites with nothing reached or due are left out)."""
    found = [s for s in (site_slippage(r, today) for r in records) if s is not None]
    return sorted(found, key=lambda s: (-s.months, s.name, s.site_id))


# --- success measures ----------------------------------------------------------------------

def measure_period_end(target_date: dt.date, today: dt.date) -> dt.date:
    """A measure counts up to its target date or today, whichever is earlier."""
    return min(target_date, today)


def _in_period(day: dt.date | None, start: dt.date | None, end: dt.date) -> bool:
    return day is not None and (start is None or start <= day) and day <= end


def _completed(records: Iterable[SiteDelivery], start: dt.date | None, end: dt.date
               ) -> list[tuple[SiteDelivery, Homes]]:
    return [(r, r.homes_at(COMPLETION)) for r in records
            if _in_period(r.actual(COMPLETION), start, end)]


def measure_actual(metric: str, records: Iterable[SiteDelivery],
                   period_start: dt.date | None, period_end: dt.date) -> float | None:
    """A success measure's actual from delivery records whose actual date of the metric's stage
    lies in [``period_start`` (or the beginning), ``period_end``], both days included:

    * ``affordable_starts``: affordable homes started on site [dwellings];
    * ``affordable_completions``: affordable homes completed [dwellings];
    * ``social_rent_share``: Social Rent homes ÷ affordable homes completed [%];
    * ``exemplar_homes``: homes completed on exemplar sites [dwellings];
    * ``sme_homes``: homes completed by SME builders [dwellings];
    * ``net_zero_share``: homes completed to the net-zero standard ÷ all homes completed [%].

    A share with nothing to divide by is None (no actual yet).
    """
    if metric not in METRICS:
        raise ValueError(f"metric: {metric!r} is not one of {', '.join(METRICS)}")
    records = list(records)
    if metric == "affordable_starts":
        return float(sum(r.homes_at(START).affordable for r in records
                         if _in_period(r.actual(START), period_start, period_end)))
    done = _completed(records, period_start, period_end)
    if metric == "affordable_completions":
        return float(sum(h.affordable for _, h in done))
    if metric == "exemplar_homes":
        return float(sum(h.total for r, h in done if r.exemplar))
    if metric == "sme_homes":
        return float(sum(h.total for r, h in done if r.sme_builder))
    if metric == "social_rent_share":
        affordable = sum(h.affordable for _, h in done)
        return 100.0 * sum(h.social_rent for _, h in done) / affordable if affordable else None
    total = sum(h.total for _, h in done)
    net_zero = sum(h.total for r, h in done if r.carbon_standard == NET_ZERO)
    return 100.0 * net_zero / total if total else None


MEASURE_STATUSES = ("met", "on track", "off track", "missed", "no actual", "not yet met")


def measure_status(baseline: float, target: float, actual: float | None,
                   target_date: dt.date, today: dt.date,
                   period_start: dt.date | None = None) -> str:
    """Whether a measure is on track: ``met`` once the actual reaches the target (at or above
    it, or at or below it when the target is below the baseline); ``missed`` when not met after
    the target date; before it, with a period start, ``on track`` when the actual is at least
    where a straight line from the baseline at the period start to the target at the target
    date is today, else ``off track``; with no period start, ``not yet met``; ``no actual``
    when there is none."""
    if actual is None:
        return "no actual"
    rising = target >= baseline
    if (actual >= target) if rising else (actual <= target):
        return "met"
    if today > target_date:
        return "missed"
    if period_start is None or period_start >= target_date:
        return "not yet met"
    elapsed = (today - period_start).days / (target_date - period_start).days
    expected = baseline + (target - baseline) * min(max(elapsed, 0.0), 1.0)
    ahead = actual >= expected if rising else actual <= expected
    return "on track" if ahead else "off track"
