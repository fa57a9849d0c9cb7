"""API for delivery records (mounted on the API of ``web/api.py``): list the records you may
see, read one site's, record a stage (planned and actual dates, homes by tenure) and set the
flags. Access as on the pages: a site you may not see is 404 (and so is a site with no record
on a read); a site you may see but not change is 403; an invalid stage is 422 naming the field.
Fields are named as in the CSV export (``/delivery/records.csv``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status

from partnerhomes.reports.delivery import STAGES, Homes
from partnerhomes.web.delivery import selectors, services
from partnerhomes.web.delivery.models import CarbonStandard, DeliveryRecord, Stage
from partnerhomes.web.organisations import access

router = Router(tags=["delivery"])


class StageOut(Schema):
    stage: str
    planned: dt.date | None
    actual: dt.date | None
    homes_market_sale: int
    homes_social_rent: int
    homes_affordable_rent: int
    homes_shared_ownership: int
    homes_first_homes: int
    recorded_by: str
    recorded_by_organisation: str
    recorded_at: dt.datetime

    @staticmethod
    def resolve_recorded_by(stage: Any) -> str:
        return str(stage.recorded_by.username) if stage.recorded_by else ""

    @staticmethod
    def resolve_recorded_by_organisation(stage: Any) -> str:
        organisation = stage.recorded_by_organisation
        return str(organisation.name) if organisation else ""


class RecordOut(Schema):
    site_id: int
    site_reference: str
    site_name_address: str
    gss_code: str
    owner: str
    visibility: str
    exemplar: bool
    sme_builder: bool
    carbon_standard: str
    current_stage: str
    stages: list[StageOut]

    @staticmethod
    def resolve_site_reference(record: Any) -> str:
        return str(record.site.site_reference)

    @staticmethod
    def resolve_site_name_address(record: Any) -> str:
        return str(record.site.site_name_address)

    @staticmethod
    def resolve_gss_code(record: Any) -> str:
        return str(record.site.gss_code)

    @staticmethod
    def resolve_owner(record: Any) -> str:
        return str(record.site.owner.name)

    @staticmethod
    def resolve_current_stage(record: Any) -> str:
        return selectors.as_delivery(record).current_stage

    @staticmethod
    def resolve_stages(record: Any) -> list[Any]:
        order = {name: i for i, name in enumerate(STAGES)}
        return sorted(record.stages.all(), key=lambda s: order[s.stage])


class StageIn(Schema):
    stage: Stage
    planned: dt.date | None = None
    actual: dt.date | None = None
    homes_market_sale: int = 0
    homes_social_rent: int = 0
    homes_affordable_rent: int = 0
    homes_shared_ownership: int = 0
    homes_first_homes: int = 0


class FlagsIn(Schema):
    exemplar: bool = False
    sme_builder: bool = False
    carbon_standard: CarbonStandard = CarbonStandard.NOT_RECORDED


class Problem(Schema):
    detail: str


def _problem(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(f"{field}: {' '.join(messages)}"
                         for field, messages in error.message_dict.items())
    return " ".join(error.messages)


def _record(request: HttpRequest, site_id: int) -> DeliveryRecord:
    _, record = selectors.site_with_record(request.user, site_id)
    if record is None:
        raise Http404("This site has no delivery record.")
    return record


@router.get("/delivery", response=list[RecordOut])
def record_list(request: HttpRequest) -> Any:
    """Delivery records of the sites you may see, with their stages."""
    return list(selectors.records_visible_to(request.user)[:5000])


@router.get("/delivery/{site_id}", response=RecordOut)
def record_detail(request: HttpRequest, site_id: int) -> Any:
    """One site's delivery record."""
    return _record(request, site_id)


@router.post("/delivery/{site_id}/stages", response={200: RecordOut, 422: Problem})
def stage_record(request: HttpRequest, site_id: int, payload: StageIn) -> Status[Any]:
    """Record a stage's planned and actual dates and homes by tenure (analyst or admin of the
    site's owner); the record is made if the site has none."""
    site, _ = selectors.site_with_record(request.user, site_id)
    access.require_change(request.user, site)
    data = payload.dict()
    try:
        homes = Homes.from_mapping(data, prefix="homes_")
        services.stage_record(actor=request.user, site=site, stage=str(payload.stage.value),
                              planned=payload.planned, actual=payload.actual, homes=homes)
    except ValidationError as error:
        return Status(422, {"detail": _problem(error)})
    except ValueError as error:  # a negative or fractional number of homes, by tenure
        return Status(422, {"detail": str(error)})
    return Status(200, _record(request, site_id))


@router.put("/delivery/{site_id}/flags", response=RecordOut)
def flags_set(request: HttpRequest, site_id: int, payload: FlagsIn) -> Any:
    """Set whether the site is an exemplar, built by an SME builder, and its carbon standard
    (analyst or admin of the site's owner)."""
    site, _ = selectors.site_with_record(request.user, site_id)
    access.require_change(request.user, site)
    services.flags_set(actor=request.user, site=site, exemplar=payload.exemplar,
                       sme_builder=payload.sme_builder,
                       carbon_standard=str(payload.carbon_standard.value))
    return _record(request, site_id)
