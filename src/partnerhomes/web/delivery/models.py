"""Delivery records: a pipeline site's stages from identified to completed, each with a planned
and an actual date, the homes by tenure at it and who recorded it; and the flags the board
needs (exemplar site, SME builder, carbon standard).

A delivery record is owned and seen like the site it tracks (it takes the site's owner and
visibility, so ``access.py`` decides both alike); its stages are seen with it. The rules that
turn records into starts, completions, slippage and success measures are in
``partnerhomes.reports.delivery``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from partnerhomes.web.organisations.models import Organisation
from partnerhomes.web.sites.models import Site


class Stage(models.TextChoices):
    """The partnership's stages, in order (``partnerhomes.sites.record.PIPELINE_STAGES``)."""

    IDENTIFIED = "identified", "Identified"
    APPRAISED = "appraised", "Appraised"
    APPROVED = "approved", "Approved by the partnership"
    LAND_SECURED = "land_secured", "Land secured"
    PLANNING_SUBMITTED = "planning_submitted", "Planning submitted"
    PERMISSION_GRANTED = "permission_granted", "Permission granted"
    START_ON_SITE = "start_on_site", "Start on site"
    COMPLETED = "completed", "Completed"


class CarbonStandard(models.TextChoices):
    """The standards the appraisal knows (``partnerhomes.appraisal.assumptions.STANDARDS``)."""

    NOT_RECORDED = "", "Not recorded"
    FUTURE_HOMES_STANDARD = "future_homes_standard", "Future Homes Standard"
    NET_ZERO = "net_zero", "Net zero (LETI standard)"


class DeliveryRecord(models.Model):
    """The delivery of one pipeline site; seen and changed with its site."""

    site = models.OneToOneField(Site, on_delete=models.CASCADE, related_name="delivery")
    exemplar = models.BooleanField(default=False)
    sme_builder = models.BooleanField(default=False)
    carbon_standard = models.CharField(max_length=32, choices=CarbonStandard.choices,
                                       blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["site__gss_code", "site__site_reference", "id"]

    def __str__(self) -> str:
        return f"Delivery of {self.site.site_name_address or self.site.site_reference}"

    @property
    def owner_id(self) -> int:
        """The site's owner: a delivery record is seen and changed with its site."""
        return int(self.site.owner_id)

    @property
    def visibility(self) -> str:
        return str(self.site.visibility)


class DeliveryStage(models.Model):
    """One stage of a delivery record: planned and actual dates, homes by tenure at the stage,
    and who recorded it last (user, organisation, when); earlier values are in the audit log."""

    record = models.ForeignKey(DeliveryRecord, on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField(max_length=32, choices=Stage.choices)
    planned = models.DateField(null=True, blank=True)
    actual = models.DateField(null=True, blank=True)
    homes_market_sale = models.PositiveIntegerField(default=0)
    homes_social_rent = models.PositiveIntegerField(default=0)
    homes_affordable_rent = models.PositiveIntegerField(default=0)
    homes_shared_ownership = models.PositiveIntegerField(default=0)
    homes_first_homes = models.PositiveIntegerField(default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_by_organisation = models.ForeignKey(Organisation, null=True,
                                                 on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["record_id", "id"]
        constraints = [models.UniqueConstraint(fields=["record", "stage"],
                                               name="delivery_stage_unique")]

    @property
    def owner_id(self) -> int:
        return self.record.owner_id

    @property
    def visibility(self) -> str:
        return self.record.visibility
