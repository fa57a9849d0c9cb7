"""Illustrative delivery records for the demo partnership, so the board shows progress and
slippage: about twenty demo sites (every site at start on site or permission granted, some at
planning submitted, land secured and approved, new settlements left out), each following one
of a few invented stories (completed, completed late, started on time or late, late to start,
awaiting permission on time or late, land secured on time or late).

Dates are months before or after the month of ``today``, so the stories stay current and the
records are the same for the same ``today``; actual dates are never after ``today``. Homes by
tenure are the site's maximum net dwellings split by an invented mix per category; sites of
25 homes or fewer are built by SME builders; small council sites are exemplar sites. Nothing
here describes a real site or organisation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import cycle

from django.db import transaction

from partnerhomes.reports.delivery import STAGES, Homes, slippage_list
from partnerhomes.web.delivery import selectors
from partnerhomes.web.delivery.models import CarbonStandard, DeliveryRecord
from partnerhomes.web.delivery.services import flags_write, stage_write
from partnerhomes.web.organisations.models import Partnership
from partnerhomes.web.sites.models import Site

DEMO_PARTNERSHIP = "South Essex housing partnership (illustrative)"
Offsets = tuple[int | None, int | None]  # (planned, actual) months from today's month
_: None = None  # not yet (an actual date still to come)
# planned and actual month offsets of each stage, in the order of STAGES (illustrative)
STORIES: dict[str, tuple[Offsets, ...]] = {
    "completed": ((-48, -48), (-44, -44), (-40, -39), (-36, -35), (-33, -33), (-28, -27),
                  (-24, -23), (-3, -3)),
    "completed_late": ((-50, -50), (-46, -45), (-42, -41), (-38, -37), (-35, -34),
                       (-30, -28), (-26, -22), (-8, -2)),
    "started_on_time": ((-30, -30), (-27, -27), (-24, -24), (-20, -20), (-17, -17),
                        (-12, -12), (-6, -6), (12, _)),
    "started_late": ((-32, -32), (-29, -29), (-26, -25), (-22, -21), (-19, -18), (-14, -13),
                     (-10, -4), (14, _)),
    "late_to_start": ((-28, -28), (-25, -25), (-22, -22), (-18, -18), (-15, -15), (-9, -9),
                      (-3, _), (18, _)),
    "awaiting_on_time": ((-20, -20), (-17, -17), (-14, -14), (-10, -10), (-4, -4), (2, _),
                         (8, _), (26, _)),
    "awaiting_late": ((-24, -24), (-22, -22), (-20, -19), (-17, -16), (-14, -13), (-5, _),
                      (3, _), (21, _)),
    "land_secured": ((-14, -14), (-11, -11), (-8, -8), (-3, -3), (4, _), (10, _), (16, _),
                     (34, _)),
    "land_late": ((-18, -18), (-15, -15), (-12, -12), (-6, _), (2, _), (8, _), (14, _),
                  (32, _)),
}
# which stories the sites at each register stage follow, in turn (how many are taken)
CASTING: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("start_on_site", 6, ("completed", "completed_late", "started_on_time", "started_late",
                          "completed")),
    ("permission_granted", 8, ("started_on_time", "late_to_start", "completed",
                               "started_on_time", "started_late", "completed_late")),
    ("planning_submitted", 5, ("awaiting_on_time", "awaiting_late")),
    ("land_secured", 2, ("land_secured", "land_late")),
    ("approved", 2, ("land_secured",)),
)
LARGEST = 300  # homes: larger sites (new-settlement phases) are left out of the demo records
SME_MAX, EXEMPLAR_MAX = 25, 40  # homes (the demo's own, illustrative)
# shares of homes by tenure per category (social rent, affordable rent, shared ownership,
# First Homes; the rest market sale), invented for the demo
MIXES: dict[str, tuple[float, float, float, float]] = {
    "council_land": (0.35, 0.05, 0.10, 0.0),
    "housing_association_land": (0.50, 0.10, 0.20, 0.0),
}
OTHER_MIX = (0.15, 0.05, 0.05, 0.05)


@dataclass(frozen=True)
class DeliveryDemo:
    n_records: int
    n_started: int
    n_completed: int
    n_late: int


def _month(anchor: dt.date, months: int, day: int) -> dt.date:
    index = anchor.year * 12 + anchor.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, day)


def demo_homes(site: Site) -> Homes:
    """The site's maximum net dwellings split by the demo's mix for its category."""
    n = int(site.maximum_net_dwellings or 0)
    shares = MIXES.get(site.category, OTHER_MIX)
    sr, ar, so, fh = (round(n * share) for share in shares)
    return Homes(market_sale=n - sr - ar - so - fh, social_rent=sr, affordable_rent=ar,
                 shared_ownership=so, first_homes=fh)


def _cast(partnership: Partnership) -> list[tuple[Site, str]]:
    members = partnership.organisations.all()
    chosen: list[tuple[Site, str]] = []
    for stage, how_many, stories in CASTING:
        sites = (Site.objects.filter(owner__in=members, pipeline_stage=stage,
                                     maximum_net_dwellings__lte=LARGEST)
                 .exclude(category="new_settlement").select_related("owner")
                 .order_by("gss_code", "site_reference", "id")[:how_many])
        chosen.extend(zip(sites, cycle(stories), strict=False))
    return chosen


@transaction.atomic
def load_delivery_demo(*, today: dt.date | None = None,
                       partnership_name: str = DEMO_PARTNERSHIP) -> DeliveryDemo:
    """Record delivery for the demo sites of ``partnership_name`` (loaded by
    ``organisations.demo.demo_load``), audited as the demo's (no user); refuses if any of those
    sites already has a delivery record."""
    day = today or dt.date.today()
    partnership = Partnership.objects.get(name=partnership_name)
    chosen = _cast(partnership)
    if DeliveryRecord.objects.filter(site__in=[site for site, _story in chosen]).exists():
        raise ValueError("the demo delivery records are already loaded")
    anchor = dt.date(day.year, day.month, 1)
    exemplars = 0
    for index, (site, story) in enumerate(chosen):
        homes = demo_homes(site)
        for stage, (planned, actual) in zip(STAGES, STORIES[story], strict=True):
            on = 3 + index % 20  # a day of the month, so the records are not all alike
            stage_homes = homes if stage in ("approved", "start_on_site") else Homes()
            stage_write(actor=None, site=site, stage=stage, today=day,
                        planned=None if planned is None else _month(anchor, planned, on),
                        actual=None if actual is None else _month(anchor, actual, on),
                        homes=stage_homes)
        small = homes.total <= SME_MAX
        exemplar = (site.category == "council_land" and homes.total <= EXEMPLAR_MAX
                    and exemplars < 3)
        exemplars += exemplar
        carbon = (CarbonStandard.NET_ZERO if exemplar or index % 3 == 0
                  else CarbonStandard.FUTURE_HOMES_STANDARD if index % 3 == 1 else "")
        flags_write(actor=None, site=site, exemplar=exemplar, sme_builder=small,
                    carbon_standard=str(carbon))
    records = [selectors.as_delivery(r) for r in DeliveryRecord.objects.filter(
        site__in=[site for site, _story in chosen]).select_related("site")
        .prefetch_related("stages")]
    return DeliveryDemo(
        n_records=len(records),
        n_started=sum(r.actual("start_on_site") is not None for r in records),
        n_completed=sum(r.actual("completed") is not None for r in records),
        n_late=sum(s.is_late for s in slippage_list(records, day)))
