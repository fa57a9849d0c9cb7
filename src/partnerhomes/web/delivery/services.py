"""Writes for delivery records, each checked in ``access`` and written to the audit log.

A delivery record is changed with its site: the analysts and admins of the site's owner (an
outsider gets 404, a viewer or partner 403). The record is made the first time anything is
recorded for the site. A stage keeps who recorded it last (user, organisation, when); every
change, with its values before and after, is in the audit log.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction

from partnerhomes.appraisal.inputs import TENURES
from partnerhomes.reports.delivery import COMPLETION, START, Homes
from partnerhomes.web.delivery.models import (
    CarbonStandard,
    DeliveryRecord,
    DeliveryStage,
    Stage,
)
from partnerhomes.web.organisations import access
from partnerhomes.web.organisations.services import audit_record
from partnerhomes.web.sites.models import Site

AnyUser = AbstractBaseUser | AnonymousUser


def _record(site: Site, actor: AnyUser | None) -> DeliveryRecord:
    record = DeliveryRecord.objects.filter(site=site).first()
    if record is None:
        record = DeliveryRecord.objects.create(
            site=site, created_by_id=actor.pk if actor is not None and actor.is_authenticated
            else None)
    record.site = site
    return record


def _flags(record: DeliveryRecord) -> dict[str, Any]:
    return {"exemplar": record.exemplar, "sme_builder": record.sme_builder,
            "carbon_standard": record.carbon_standard}


def flags_write(*, actor: AnyUser | None, site: Site, exemplar: bool, sme_builder: bool,
                carbon_standard: str) -> DeliveryRecord:
    """Set a site's flags without the access check (the demo loader's path; pages and the API
    go through :func:`flags_set`)."""
    if carbon_standard not in CarbonStandard.values:
        raise ValidationError(f"carbon_standard: {carbon_standard!r} is not one of "
                              f"{', '.join(v for v in CarbonStandard.values if v)}")
    record = _record(site, actor)
    before = _flags(record)
    record.exemplar, record.sme_builder = exemplar, sme_builder
    record.carbon_standard = carbon_standard
    record.save(update_fields=["exemplar", "sme_builder", "carbon_standard", "updated_at"])
    audit_record(actor=actor, organisation=site.owner, action="delivery_flags_set",
                 object_type="delivery_record", object_id=record.pk,
                 detail={"site": site.pk, "from": before, "to": _flags(record)})
    return record


@transaction.atomic
def flags_set(*, actor: AnyUser, site: Site, exemplar: bool, sme_builder: bool,
              carbon_standard: str) -> DeliveryRecord:
    """Set whether a site is an exemplar site, built by an SME builder, and its carbon
    standard (owner analysts and admins only)."""
    access.require_change(actor, site)
    return flags_write(actor=actor, site=site, exemplar=exemplar, sme_builder=sme_builder,
                       carbon_standard=carbon_standard)


def _stage_values(stage: DeliveryStage) -> dict[str, Any]:
    return {"planned": stage.planned.isoformat() if stage.planned else None,
            "actual": stage.actual.isoformat() if stage.actual else None,
            **{f"homes_{t}": getattr(stage, f"homes_{t}") for t in TENURES}}


def _check_stage(record: DeliveryRecord, stage: str, actual: dt.date | None,
                 today: dt.date) -> None:
    if stage not in Stage.values:
        raise ValidationError(f"stage: {stage!r} is not one of {', '.join(Stage.values)}")
    if actual is not None and actual > today:
        raise ValidationError({"actual": f"An actual date cannot be after today "
                                         f"({today.day} {today:%B %Y}): record it as planned."})
    other = {START: COMPLETION, COMPLETION: START}.get(stage)
    if actual is None or other is None:
        return
    other_actual = (DeliveryStage.objects.filter(record=record, stage=other)
                    .values_list("actual", flat=True).first())
    if other_actual is None:
        return
    start, completion = (other_actual, actual) if stage == COMPLETION else (actual,
                                                                             other_actual)
    if completion < start:
        raise ValidationError({"actual": f"Homes cannot complete before they start: start on "
                                         f"site {start.day} {start:%B %Y}, completed "
                                         f"{completion.day} {completion:%B %Y}."})


def stage_write(*, actor: AnyUser | None, site: Site, stage: str, planned: dt.date | None,
                actual: dt.date | None, homes: Homes, today: dt.date | None = None
                ) -> DeliveryStage:
    """Record a stage's dates and homes without the access check (the demo loader's path;
    pages and the API go through :func:`stage_record`). Raises ``ValidationError`` naming the
    field: an unknown stage, an actual date after ``today``, a completion before the start."""
    record = _record(site, actor)
    _check_stage(record, stage, actual, today or dt.date.today())
    row, made = DeliveryStage.objects.get_or_create(record=record, stage=stage)
    before = None if made else _stage_values(row)
    row.planned, row.actual = planned, actual
    for tenure in TENURES:
        setattr(row, f"homes_{tenure}", homes.of(tenure))
    row.recorded_by_id = actor.pk if actor is not None and actor.is_authenticated else None
    row.recorded_by_organisation_id = site.owner_id
    row.save()
    record.save(update_fields=["updated_at"])
    audit_record(actor=actor, organisation=site.owner, action="delivery_stage_record",
                 object_type="delivery_stage", object_id=row.pk,
                 detail={"site": site.pk, "stage": stage, "from": before,
                         "to": _stage_values(row)})
    return row


@transaction.atomic
def stage_record(*, actor: AnyUser, site: Site, stage: str, planned: dt.date | None,
                 actual: dt.date | None, homes: Homes, today: dt.date | None = None
                 ) -> DeliveryStage:
    """Record a stage of a site's delivery: its planned and actual dates and the homes by
    tenure at it (owner analysts and admins only), audited with the values before and after."""
    access.require_change(actor, site)
    return stage_write(actor=actor, site=site, stage=stage, planned=planned, actual=actual,
                       homes=homes, today=today)
