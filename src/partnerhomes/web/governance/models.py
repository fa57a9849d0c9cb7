"""A partnership's governance records (issue 8, first slice).

Every top-level record (a member, an ambition, a meeting, a commitment) has an owner
organisation (the one that records it) and a visibility, decided in ``organisations/access.py``
like every other record. Representatives and success measures are seen and changed with their
member and ambition; decisions and actions with their meeting. A one-to-one meeting's notes are
seen only by the organisations that attended (``access.can_view_attended_notes``).
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.db import models

from partnerhomes.web.organisations.models import (
    Organisation,
    OwnedRecord,
    Partnership,
)


class SeenWithItsParent(models.Model):
    """A record seen and changed with the owned record named by ``parent`` (a foreign key):
    it takes that record's owner and visibility, so ``access.py`` decides both alike."""

    parent: ClassVar[str]

    class Meta:
        abstract = True

    @property
    def owner_id(self) -> int:
        return int(getattr(self, self.parent).owner_id)

    @property
    def visibility(self) -> str:
        return str(getattr(self, self.parent).visibility)


class PartnershipMember(OwnedRecord):
    """An organisation's membership of a partnership, from ``joined`` until ``left`` (None
    while it is a member). A member who leaves is never deleted: its history stays."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="governance_members")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="partnership_memberships")
    joined = models.DateField()
    left = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["joined", "id"]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.partnership}"

    def is_current(self, on: dt.date | None = None) -> bool:
        """Whether the organisation is a member on ``on`` (today by default)."""
        day = on or dt.date.today()
        return self.joined <= day and (self.left is None or day < self.left)


class Representative(SeenWithItsParent):
    """A person representing a member, in a role (e.g. chief executive, lead officer)."""

    parent = "member"

    member = models.ForeignKey(PartnershipMember, on_delete=models.CASCADE,
                               related_name="representatives")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=100)

    class Meta:
        ordering = ["id"]


class Ambition(OwnedRecord):
    """The partnership's joint ambition in words."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="ambitions")
    text = models.TextField()

    class Meta:
        ordering = ["-updated_at", "-id"]


class ActualSource(models.TextChoices):
    COMPUTED = "computed", "Computed from delivery records"
    ENTERED = "entered", "Entered, with its source"


class Metric(models.TextChoices):
    """What a computed success measure counts from the delivery records (the rule of each is
    in ``partnerhomes.reports.delivery``); an entered measure has none."""

    NONE = "", "None (entered)"
    AFFORDABLE_STARTS = "affordable_starts", "Affordable homes started"
    AFFORDABLE_COMPLETIONS = "affordable_completions", "Affordable homes completed"
    SOCIAL_RENT_SHARE = ("social_rent_share",
                         "Share of affordable homes completed at social rent (%)")
    EXEMPLAR_HOMES = "exemplar_homes", "Homes completed on exemplar sites"
    SME_HOMES = "sme_homes", "Homes completed by SME builders"
    NET_ZERO_SHARE = "net_zero_share", "Share of homes completed to a net-zero standard (%)"


class SuccessMeasure(SeenWithItsParent):
    """A measurable target of an ambition: baseline, target, the date it is due by, and where
    its actual comes from (computed from delivery records, or entered with a source).

    A computed measure names its ``metric`` and counts the delivery records whose actual date
    falls from ``period_start`` (all records when empty) to the target date or today,
    whichever is earlier."""

    parent = "ambition"

    ambition = models.ForeignKey(Ambition, on_delete=models.CASCADE, related_name="measures")
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=50, blank=True)
    baseline = models.DecimalField(max_digits=14, decimal_places=2)
    target = models.DecimalField(max_digits=14, decimal_places=2)
    target_date = models.DateField()
    actual_source = models.CharField(max_length=16, choices=ActualSource.choices)
    metric = models.CharField(max_length=32, choices=Metric.choices, blank=True, default="")
    period_start = models.DateField(null=True, blank=True)
    actual = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["target_date", "id"]


class MeetingKind(models.TextChoices):
    WORKSHOP = "workshop", "Workshop"
    ONE_TO_ONE = "one_to_one", "One-to-one"


class Meeting(OwnedRecord):
    """A workshop or one-to-one: date, attendees by organisation, agenda and notes."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="meetings")
    date = models.DateField()
    kind = models.CharField(max_length=16, choices=MeetingKind.choices)
    title = models.CharField(max_length=200)
    attendees = models.ManyToManyField(Organisation, related_name="meetings_attended")
    agenda = models.TextField(blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d %B %Y})"


class Decision(SeenWithItsParent):
    """A decision taken at a meeting; seen and changed with its meeting."""

    parent = "meeting"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class Action(SeenWithItsParent):
    """An action from a meeting (and perhaps one of its decisions): the organisation that owns
    it, a due date and a status. Seen and changed with its meeting."""

    parent = "meeting"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="actions")
    text = models.TextField()
    action_owner = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="governance_actions")
    due = models.DateField()
    status = models.CharField(max_length=16, choices=ActionStatus.choices,
                              default=ActionStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due", "id"]

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Open and past its due date (due today is not yet overdue)."""
        return self.status == ActionStatus.OPEN and self.due < (today or dt.date.today())


class PhaseStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"
    ON_HOLD = "on_hold", "On hold"


class WorkPhase(OwnedRecord):
    """A phase of the partnership's work programme (e.g. phase one: build the partnership):
    objectives, budget and its funding sources, start and end dates, status."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="work_phases")
    name = models.CharField(max_length=200)
    objectives = models.TextField(blank=True)
    budget = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    funding_sources = models.TextField(blank=True)
    start = models.DateField()
    end = models.DateField()
    status = models.CharField(max_length=16, choices=PhaseStatus.choices,
                              default=PhaseStatus.PLANNED)

    class Meta:
        ordering = ["start", "id"]

    def __str__(self) -> str:
        return self.name


class CommitmentKind(models.TextChoices):
    MONEY = "money", "Money (£)"
    LAND = "land", "Land (hectares)"
    STAFF_TIME = "staff_time", "Staff time (days)"
    NOMINATIONS = "nominations", "Nominations (homes)"


class Commitment(OwnedRecord):
    """What a member has committed, against which phase or site, and the document that
    records it (e.g. an MOU) with the date it was signed."""

    member = models.ForeignKey(PartnershipMember, on_delete=models.CASCADE,
                               related_name="commitments")
    kind = models.CharField(max_length=16, choices=CommitmentKind.choices)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    phase = models.ForeignKey(WorkPhase, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="commitments")
    phase_or_site = models.CharField(max_length=200, blank=True)
    document_name = models.CharField(max_length=200, blank=True)
    signed_on = models.DateField(null=True, blank=True)
    due = models.DateField(null=True, blank=True)
    met_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["member_id", "id"]

    def is_met(self, on: dt.date | None = None) -> bool:
        """Met on or before ``on`` (today by default)."""
        return self.met_on is not None and self.met_on <= (on or dt.date.today())

    def is_outstanding(self, on: dt.date | None = None) -> bool:
        """Not yet met (whether or not its due date has passed)."""
        return not self.is_met(on)


class CommitmentMilestone(SeenWithItsParent):
    """A milestone of the document that records a commitment (e.g. an MOU's), with its due
    date and the date it was met; seen and changed with its commitment."""

    parent = "commitment"

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE,
                                   related_name="milestones")
    text = models.CharField(max_length=300)
    due = models.DateField()
    met_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due", "id"]

    def is_met(self, on: dt.date | None = None) -> bool:
        """Met on or before ``on`` (today by default), as :meth:`Commitment.is_met`."""
        return self.met_on is not None and self.met_on <= (on or dt.date.today())
