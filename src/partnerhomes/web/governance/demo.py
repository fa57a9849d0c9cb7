"""The demo partnership's illustrative governance record, shaped like a two-phase
council/housing-association partnership programme: a nine-month phase one of online workshops
and one-to-ones funded by a small advisory grant, a joint ambition with success measures, a
commitment to form SPV(s), an MOU with Homes England with its milestones, a phase two of
exemplar sites and the delivery model, and a housing association that joined later.

Every text, name, amount and target here is invented for the demo (the people's names too);
nothing describes what a real organisation decided or committed.

Dates are counted from ``today`` (months before or after the first of its month, or days for
the actions' due dates), not fixed: the overdue rule is applied on the real date whenever a page
is read, so fixed dates would drift (an action meant to be due next month would become overdue,
phase two would end in the past). Loading with the same ``today`` gives the same records, so the
loader stays deterministic; the record then ages with the installation, as a real one would.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction

from partnerhomes.web.governance import programme_services, services
from partnerhomes.web.governance.models import (
    Decision,
    Meeting,
    PartnershipMember,
    WorkPhase,
)
from partnerhomes.web.organisations.models import Organisation, Partnership

RECORDER = "Castle Point Borough Council"
"""The council that keeps the demo partnership's governance record (its analyst is a demo user)."""
LATE_JOINER = "Leigh Creek Living (illustrative)"
"""The housing association that joins the partnership during phase two."""
REPRESENTATIVES = {  # organisation: (invented name, role)
    "Basildon Borough Council": ("R. Ashdown", "Chief executive"),
    "Brentwood Borough Council": ("M. Okafor", "Chief executive"),
    "Castle Point Borough Council": ("J. Lindqvist", "Chief executive"),
    "Rochford District Council": ("S. Varma", "Chief executive"),
    "Southend-on-Sea City Council": ("T. Bramwell", "Chief executive"),
    "Thurrock Council": ("K. Mensah", "Chief executive"),
    "Essex County Council": ("L. Hartley", "Director of housing growth"),
    "Saltmarsh Homes (illustrative)": ("D. Nowak", "Chief executive"),
    "Crouch Vale Housing (illustrative)": ("E. Fairweather", "Chief executive"),
    "Heron Quay Homes (illustrative)": ("P. Quist", "Chief executive"),
    "Leigh Creek Living (illustrative)": ("H. Adeyemi", "Chief executive"),
    "Homes England": ("C. Rowntree", "Senior representative"),
}


@dataclass(frozen=True)
class Calendar:
    """Dates of the demo record, counted from ``today``."""

    today: dt.date

    def month(self, months: int, day: int = 1) -> dt.date:
        """Day ``day`` of the month ``months`` after (before, if negative) today's month."""
        index = self.today.year * 12 + self.today.month - 1 + months
        return dt.date(index // 12, index % 12 + 1, day)

    def days(self, days: int) -> dt.date:
        return self.today + dt.timedelta(days=days)


@transaction.atomic
def load_governance_demo(*, partnership: Partnership, users: dict[str, User],
                         today: dt.date | None = None) -> int:
    """Record the demo governance of ``partnership``, acting as the demo users of
    ``users`` (organisation name: an analyst of it); returns the number of meetings.
    Refuses a partnership that already has governance records."""
    if PartnershipMember.objects.filter(partnership=partnership).exists():
        raise ValueError(f"{partnership} already has governance records")
    cal = Calendar(today or dt.date.today())
    orgs = {o.name: o for o in partnership.organisations.all()}
    actor, recorder = users[RECORDER], orgs[RECORDER]
    phase_one, phase_two = _phases(cal, partnership, actor, recorder)
    members = _members(cal, partnership, actor, recorder, orgs, phase_one)
    _ambition(cal, partnership, actor, recorder, phase_two)
    meetings = _meetings(cal, partnership, actor, recorder, orgs)
    _commitments(cal, actor, recorder, members, phase_one, phase_two, users)
    return len(meetings)


def _phases(cal: Calendar, partnership: Partnership, actor: User, recorder: Organisation
            ) -> tuple[WorkPhase, WorkPhase]:
    one = programme_services.phase_create(
        actor=actor, owner=recorder, partnership=partnership,
        name="Phase one: build the partnership", start=cal.month(-22),
        end=cal.month(-13) - dt.timedelta(days=1), status="complete",
        objectives="Bring chief executives of the councils and housing associations together "
                   "with Homes England in online workshops and one-to-ones; agree a joint "
                   "ambition, what success looks like, the areas of focus and the shape of a "
                   "strategic partnership.",
        budget=Decimal(20000),
        funding_sources="Advisory grant from a national housing advisers programme "
                        "(illustrative); members' staff time.")
    two = programme_services.phase_create(
        actor=actor, owner=recorder, partnership=partnership,
        name="Phase two: exemplar sites and the delivery model", start=cal.month(-12),
        end=cal.month(12) - dt.timedelta(days=1), status="in_progress",
        objectives="Deliver a handful of small exemplar sites to show the partnership can "
                   "build together and to set a template; appraise delivery models and set "
                   "up the SPV(s); carry the work into the place-based MOU with Homes England.",
        budget=Decimal(180000),
        funding_sources="Member contributions (councils and housing associations); "
                        "Homes England staff time under the MOU.")
    return one, two


def _members(cal: Calendar, partnership: Partnership, actor: User, recorder: Organisation,
             orgs: dict[str, Organisation], phase_one: WorkPhase
             ) -> dict[str, PartnershipMember]:
    members = {}
    for name, (person, role) in REPRESENTATIVES.items():
        joined = cal.month(-6) if name == LATE_JOINER else phase_one.start
        member = services.member_join(actor=actor, owner=recorder, partnership=partnership,
                                      organisation=orgs[name], joined=joined)
        services.representative_add(actor=actor, member=member, name=person, role=role)
        members[name] = member
    services.representative_add(actor=actor, member=members[RECORDER], name="A. Whitcombe",
                                role="Lead officer")
    return members


def _ambition(cal: Calendar, partnership: Partnership, actor: User, recorder: Organisation,
              phase_two: WorkPhase) -> None:
    ambition = services.ambition_create(
        actor=actor, owner=recorder, partnership=partnership,
        text="To be the affordable-housing delivery partnership of choice in South Essex: "
             "councils, housing associations and Homes England putting their land, money and "
             "skills together to build more affordable, net-zero homes, sooner, in existing "
             "communities and in the new settlements.")
    by = cal.month(36) - dt.timedelta(days=1)
    for name, unit, baseline, target, metric in (
            ("Affordable homes started", "homes", 0, 600, "affordable_starts"),
            ("Affordable homes completed", "homes", 0, 400, "affordable_completions"),
            ("Affordable completions at social rent", "%", 25, 40, "social_rent_share"),
            ("Homes completed on exemplar sites", "homes", 0, 60, "exemplar_homes"),
            ("Homes completed by SME builders", "homes", 0, 150, "sme_homes")):
        services.measure_create(
            actor=actor, ambition=ambition, name=name, unit=unit, baseline=Decimal(baseline),
            target=Decimal(target), target_date=by, actual_source="computed", metric=metric,
            period_start=phase_two.start)
    services.measure_create(
        actor=actor, ambition=ambition, name="Grant secured for the partnership's work",
        unit="£", baseline=Decimal(0), target=Decimal(250000), target_date=phase_two.end,
        actual_source="entered", actual=Decimal(20000),
        source="Advisory grant award letter (illustrative)")


def _meeting(partnership: Partnership, actor: User, recorder: Organisation, date: dt.date,
             kind: str, title: str, attendees: list[Organisation], agenda: str, notes: str
             ) -> Meeting:
    return services.meeting_create(actor=actor, owner=recorder, partnership=partnership,
                                   date=date, kind=kind, title=title, attendees=attendees,
                                   agenda=agenda, notes=notes)


def _meetings(cal: Calendar, partnership: Partnership, actor: User, recorder: Organisation,
              orgs: dict[str, Organisation]) -> list[Meeting]:
    founders = [orgs[n] for n in REPRESENTATIVES if n != LATE_JOINER]
    everyone = [orgs[n] for n in REPRESENTATIVES]
    he, saltmarsh = orgs["Homes England"], orgs["Saltmarsh Homes (illustrative)"]
    crouch = orgs["Crouch Vale Housing (illustrative)"]

    def act(meeting: Meeting, text: str, owner: Organisation, due: dt.date, done: bool,
            decision: Decision | None = None) -> None:
        action = services.action_create(actor=actor, meeting=meeting, text=text,
                                        action_owner=owner, due=due, decision=decision)
        if done:
            services.action_status_set(actor=actor, action=action, status="done")

    first = _meeting(partnership, actor, recorder, cal.month(-22, 15), "workshop",
                     "Workshop 1: our ambition and what success looks like", founders,
                     "Introductions; why partner; a shared ambition; draft success measures.",
                     "Online. Strong agreement that no member can reach the scale alone.")
    decided = services.decision_create(actor=actor, meeting=first,
                                       text="Adopt the joint ambition as drafted in the room.")
    act(first, "Circulate the draft success measures", recorder, cal.month(-21, 5), True,
        decided)
    mou = _meeting(partnership, actor, recorder, cal.month(-20, 8), "one_to_one",
                   "One-to-one: Homes England and a place-based MOU", [recorder, he],
                   "How Homes England could support the partnership's next phase.",
                   "Homes England open to an MOU covering exemplar sites; timing depends on "
                   "its own business plan. Not for circulation beyond the attendees.")
    act(mou, "Share a template MOU", he, cal.month(-19, 1), True)
    land = _meeting(partnership, actor, recorder, cal.month(-19, 12), "one_to_one",
                    "One-to-one: Saltmarsh Homes on land and nominations", [recorder, saltmarsh],
                    "Land the association could bring; nominations on exemplar homes.",
                    "Two garage blocks may suit small exemplar schemes; board to consider.")
    act(land, "Identify land that could come forward as exemplar sites", saltmarsh,
        cal.month(-17, 28), True)
    second = _meeting(partnership, actor, recorder, cal.month(-18, 10), "workshop",
                      "Workshop 2: areas of focus and interventions", founders,
                      "Existing communities; the new settlements; SME builders; net zero.",
                      "Rearranged once; one-to-ones kept absent members up to date.")
    focus = services.decision_create(
        actor=actor, meeting=second,
        text="Focus first on small exemplar sites in existing communities, then on "
             "accelerated delivery in the new settlements.")
    act(second, "Map council and housing association land near the new settlements",
        orgs["Basildon Borough Council"], cal.month(-16, 20), True, focus)
    third = _meeting(partnership, actor, recorder, cal.month(-14, 9), "workshop",
                     "Workshop 3: the core proposition and next steps", founders,
                     "The strategic partnership; SPV options; funding for phase two.",
                     "Members signed up to take the core proposition to the next stage.")
    spv = services.decision_create(
        actor=actor, meeting=third,
        text="Form a strategic partnership underpinned by one or more SPVs.")
    services.decision_create(
        actor=actor, meeting=third,
        text="Enter phase two: exemplar sites and the delivery model, with members' funding.")
    act(third, "Commission legal and tax advice on the SPV structure", recorder,
        cal.days(-21), False, spv)
    act(third, "Confirm each member's contribution to phase two", recorder, cal.month(-13, 1),
        True)
    fourth = _meeting(partnership, actor, recorder, cal.month(-3, 14), "workshop",
                      "Workshop 4: exemplar site shortlist", everyone,
                      "Welcome to the new member; exemplar shortlist; delivery model options.",
                      "Leigh Creek Living attended as a member for the first time.")
    shortlist = services.decision_create(
        actor=actor, meeting=fourth,
        text="Shortlist three small council sites and one housing association site as "
             "exemplars.")
    act(fourth, "Bring the exemplar shortlist to the partnership board", recorder,
        cal.days(30), False, shortlist)
    act(fourth, "Agree a nominations protocol for exemplar homes", crouch, cal.days(-7), False)
    act(fourth, "Draft the delivery model options paper", saltmarsh, cal.days(45), False)
    act(fourth, "Invite further housing associations and SME builders to join",
        orgs["Rochford District Council"], cal.month(-1, 15), True)
    return [first, mou, land, second, third, fourth]


def _commitments(cal: Calendar, actor: User, recorder: Organisation,
                 members: dict[str, PartnershipMember], phase_one: WorkPhase,
                 phase_two: WorkPhase, users: dict[str, User]) -> None:
    spv = programme_services.commitment_create(
        actor=actor, owner=recorder, member=members[RECORDER], kind="money",
        amount=Decimal(50000), phase=phase_two,
        document_name="Partnership agreement to form SPV(s) (illustrative)",
        signed_on=cal.month(-12, 10), due=phase_two.end)
    for text, due in (("Delivery model options appraised", cal.month(2, 28)),
                      ("SPV structure agreed by the members", cal.month(8, 1)),
                      ("SPV(s) incorporated", cal.month(11, 1))):
        programme_services.milestone_create(actor=actor, commitment=spv, text=text, due=due)
    mou = programme_services.commitment_create(
        actor=actor, owner=recorder, member=members["Homes England"], kind="staff_time",
        amount=Decimal(60), phase=phase_two,
        document_name="Memorandum of understanding with Homes England (illustrative)",
        signed_on=cal.month(-11, 17), due=phase_two.end)
    programme_services.milestone_create(actor=actor, commitment=mou,
                                        text="Joint pipeline of exemplar sites agreed",
                                        due=cal.month(-6, 1), met_on=cal.month(-5, 3))
    programme_services.milestone_create(actor=actor, commitment=mou,
                                        text="Funding route for exemplar sites confirmed",
                                        due=cal.month(-1, 14))
    programme_services.milestone_create(actor=actor, commitment=mou,
                                        text="Annual review of the MOU", due=cal.month(1, 17))
    programme_services.commitment_create(
        actor=actor, owner=recorder, member=members["Thurrock Council"], kind="staff_time",
        amount=Decimal(20), phase=phase_one, document_name="Phase one terms of reference",
        signed_on=phase_one.start, due=phase_one.end, met_on=phase_one.end)
    programme_services.commitment_create(
        actor=actor, owner=recorder, member=members["Crouch Vale Housing (illustrative)"],
        kind="nominations", amount=Decimal(12), phase=phase_two,
        document_name="Nominations letter (illustrative)", signed_on=cal.month(-4, 2),
        due=cal.month(6, 1))
    saltmarsh = "Saltmarsh Homes (illustrative)"
    programme_services.commitment_create(
        actor=users[saltmarsh], owner=members[saltmarsh].organisation,
        member=members[saltmarsh], kind="land", amount=Decimal("0.8"), phase=phase_two,
        phase_or_site="Exemplar site: a garage block (illustrative)",
        document_name="Board resolution (illustrative)", signed_on=cal.month(-4, 20),
        due=cal.month(6, 1), visibility="partnership")

