"""Reads for the board dashboard and its printable summary: the success measures against their
targets, delivery against the programme a quarter, slippage, commitments met and outstanding,
recent decisions, overdue actions and the work programme's phases, as far as the user may see
them (each read through ``access.visible_filter``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from partnerhomes.reports import delivery as rules
from partnerhomes.reports.delivery_chart import cumulative_chart
from partnerhomes.web.delivery import selectors
from partnerhomes.web.delivery.models import Stage
from partnerhomes.web.governance.models import (
    ActualSource,
    Commitment,
    Decision,
    SuccessMeasure,
    WorkPhase,
)
from partnerhomes.web.governance.selectors import (
    ambitions_visible_to,
    commitments_visible_to,
    overdue_actions_visible_to,
)
from partnerhomes.web.organisations import access
from partnerhomes.web.programmes.models import PlanRun

AnyUser = AbstractBaseUser | AnonymousUser
RECENT_DECISIONS = 10  # rows of the board, not a model number


@dataclass(frozen=True)
class MeasureRow:
    """A success measure with its actual (computed or entered) and whether it is on track."""

    measure: SuccessMeasure
    actual: Decimal | None
    source: str
    status: str


@dataclass
class Board:
    today: dt.date
    measures: list[MeasureRow] = field(default_factory=list)
    plan: PlanRun | None = None
    quarters: list[rules.QuarterRow] = field(default_factory=list)
    chart: str = ""
    slippage: list[rules.SiteSlippage] = field(default_factory=list)
    n_records: int = 0
    commitments_met: list[Commitment] = field(default_factory=list)
    commitments_outstanding: list[Commitment] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    overdue_actions: list[Any] = field(default_factory=list)
    phases: list[WorkPhase] = field(default_factory=list)

    @property
    def slippage_rows(self) -> list[tuple[rules.SiteSlippage, str]]:
        """Each site's slippage with the label of the stage it is measured at."""
        labels = dict(Stage.choices)
        return [(slip, str(labels[slip.stage])) for slip in self.slippage]

    @property
    def n_late(self) -> int:
        return sum(1 for s in self.slippage if s.is_late)


def measure_row(measure: SuccessMeasure, user: AnyUser, today: dt.date) -> MeasureRow:
    """A measure's actual and source: computed from the delivery records ``user`` may see, or
    as entered with its source; and its status (``reports.delivery.measure_status``)."""
    if measure.actual_source == ActualSource.COMPUTED:
        actual = selectors.computed_actual(measure, user, today)
        source = (f"Computed from delivery records: {measure.get_metric_display()}"
                  if measure.metric else "Computed, but no metric is named")
    else:
        actual = measure.actual
        source = f"Entered: {measure.source}" if measure.source else "Entered"
    status = rules.measure_status(
        float(measure.baseline), float(measure.target),
        None if actual is None else float(actual), measure.target_date, today,
        measure.period_start)
    return MeasureRow(measure, actual, source, status)


def board_for(user: AnyUser, today: dt.date | None = None, *, chart: bool = True) -> Board:
    """Everything the board shows, as far as ``user`` may see it."""
    day = today or dt.date.today()
    board = Board(today=day)
    for ambition in ambitions_visible_to(user).select_related("partnership")[:50]:
        for measure in ambition.measures.all():
            board.measures.append(measure_row(measure, user, day))
    records = selectors.deliveries_visible_to(user)
    board.n_records = len(records)
    board.plan, planned = selectors.planned_trajectory(user)
    bounds = selectors.table_range(planned, records, day)
    if bounds is not None:
        board.quarters = rules.delivery_by_quarter(planned, records, *bounds)
    if chart:
        board.chart = cumulative_chart(board.quarters)
    board.slippage = rules.slippage_list(records, day)
    for commitment in commitments_visible_to(user).prefetch_related("milestones")[:500]:
        (board.commitments_met if commitment.is_met(day)
         else board.commitments_outstanding).append(commitment)
    board.decisions = list(
        Decision.objects.filter(access.visible_filter(user, via="meeting__"))
        .select_related("meeting").order_by("-meeting__date", "-id")[:RECENT_DECISIONS])
    board.overdue_actions = list(overdue_actions_visible_to(user, day)[:100])
    board.phases = list(WorkPhase.objects.filter(access.visible_filter(user))
                        .select_related("partnership")[:50])
    return board
