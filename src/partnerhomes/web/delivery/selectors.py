"""Reads for delivery: the records a user may see (as the plain records of
``partnerhomes.reports.delivery``), one site's record, the success measures computed from
them, and the planned trajectory of the latest plan the user may see.

Visibility is decided by ``access.visible_filter`` on the site (a record is seen with its
site) in the one query that reads the records.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Prefetch, QuerySet

from partnerhomes.appraisal.inputs import TENURES
from partnerhomes.reports import delivery as rules
from partnerhomes.web.delivery.models import DeliveryRecord, DeliveryStage
from partnerhomes.web.governance.models import SuccessMeasure
from partnerhomes.web.organisations import access
from partnerhomes.web.programmes.models import PlanRun
from partnerhomes.web.programmes.selectors import latest_plan_visible_to
from partnerhomes.web.sites.models import Site
from partnerhomes.web.sites.selectors import site_get_visible_to

AnyUser = AbstractBaseUser | AnonymousUser


def records_visible_to(user: AnyUser) -> QuerySet[DeliveryRecord]:
    """Delivery records of the sites ``user`` may see, with their sites and stages."""
    return (DeliveryRecord.objects.filter(access.visible_filter(user, via="site__"))
            .select_related("site__owner")
            .prefetch_related(Prefetch("stages", queryset=DeliveryStage.objects.select_related(
                "recorded_by", "recorded_by_organisation"))))


def site_with_record(user: AnyUser, site_id: int) -> tuple[Site, DeliveryRecord | None]:
    """A site ``user`` may see (else 404) and its delivery record, if it has one."""
    site = site_get_visible_to(user, site_id)
    record = records_visible_to(user).filter(site=site).first()
    return site, record


def homes_of(stage: DeliveryStage) -> rules.Homes:
    return rules.Homes(**{t: int(getattr(stage, f"homes_{t}")) for t in TENURES})


def site_name(site: Site) -> str:
    return site.site_name_address or site.site_reference


def as_delivery(record: DeliveryRecord) -> rules.SiteDelivery:
    """A record as the plain record the rules take (stages as recorded)."""
    return rules.SiteDelivery(
        site_id=int(record.site_id), name=site_name(record.site),
        stages=tuple(rules.StageDates(s.stage, s.planned, s.actual, homes_of(s))
                     for s in record.stages.all()),
        exemplar=record.exemplar, sme_builder=record.sme_builder,
        carbon_standard=record.carbon_standard)


def deliveries_visible_to(user: AnyUser, organisation_ids: set[int] | None = None
                          ) -> list[rules.SiteDelivery]:
    """The records ``user`` may see as plain records (only sites owned by
    ``organisation_ids`` when given)."""
    found = records_visible_to(user)
    if organisation_ids is not None:
        found = found.filter(site__owner_id__in=organisation_ids)
    return [as_delivery(r) for r in found]


def computed_actual(measure: SuccessMeasure, user: AnyUser, today: dt.date | None = None
                    ) -> Decimal | None:
    """A computed success measure's actual (``reports.delivery.measure_actual``) over the
    delivery records ``user`` may see of sites owned by members of the measure's partnership,
    from its period start to its target date or today, whichever is earlier; None for a
    measure with no metric, or a share with nothing to divide by."""
    if not measure.metric:
        return None
    partnership = measure.ambition.partnership
    members = set(partnership.organisations.values_list("id", flat=True))
    value = rules.measure_actual(
        measure.metric, deliveries_visible_to(user, members), measure.period_start,
        rules.measure_period_end(measure.target_date, today or dt.date.today()))
    return None if value is None else Decimal(str(round(value, 2)))


def planned_trajectory(user: AnyUser) -> tuple[PlanRun | None, dict[int, rules.Flow]]:
    """The latest plan ``user`` may see and its starts and completions by financial year."""
    run = latest_plan_visible_to(user)
    if run is None:
        return None, {}
    return run, rules.planned_by_year(run.table("trajectory"))


def plan_row_for_site(run: PlanRun | None, site: Site) -> dict[str, Any] | None:
    """The site's row in a plan (start year, homes by tenure, build years), if it is in it."""
    if run is None or int(site.pk) not in {int(i) for i in run.site_ids}:
        return None
    return next((row for row in run.table("plan")
                 if str(row.get("site_reference")) == site.site_reference
                 and str(row.get("gss_code")) == site.gss_code), None)


def table_range(planned: dict[int, rules.Flow], records: list[rules.SiteDelivery],
                today: dt.date) -> tuple[rules.Quarter, rules.Quarter] | None:
    """The quarters the board's table shows: from the first quarter planned or delivered to
    the end of the current financial year (or the last quarter delivered, if later)."""
    actual = rules.actual_by_quarter(records)
    starts = [rules.Quarter(y, 1) for y in planned] + list(actual)
    if not starts:
        return None
    first = min(starts)
    last = max([rules.Quarter(rules.Quarter.of(today).year, 4), *actual])
    return first, max(last, rules.Quarter(first.year, 4))
