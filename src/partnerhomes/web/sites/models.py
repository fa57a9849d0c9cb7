"""Sites and the import runs that brought them in.

A site keeps the canonical columns of :mod:`partnerhomes.sites.record` that the pages filter and
sum as database columns (same names), and the whole canonical row in ``record``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from partnerhomes.web.organisations.models import Organisation, Visibility


class ImportRun(models.Model):
    """One all-or-nothing import of one or more files, with its issue log and rejected rows."""

    owner = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="imports")
    visibility = models.CharField(max_length=16, choices=Visibility.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    files = models.JSONField(default=list)
    rows_in = models.IntegerField(default=0)
    n_accepted = models.IntegerField(default=0)
    n_rejected = models.IntegerField(default=0)
    issues = models.JSONField(default=list)
    rejected = models.JSONField(default=list)

    class Meta:
        ordering = ["-created_at", "-id"]


class Site(models.Model):
    """One site of the pipeline, owned by the organisation that imported it."""

    owner = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="sites")
    visibility = models.CharField(max_length=16, choices=Visibility.choices, db_index=True)
    import_run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="sites")
    organisation = models.CharField(max_length=200, blank=True)
    gss_code = models.CharField(max_length=9, db_index=True)
    site_reference = models.CharField(max_length=200)
    site_name_address = models.TextField(blank=True)
    longitude = models.FloatField(null=True)
    latitude = models.FloatField(null=True)
    hectares = models.FloatField(null=True)
    planning_status = models.CharField(max_length=32, blank=True)
    maximum_net_dwellings = models.IntegerField(null=True)
    minimum_net_dwellings = models.IntegerField(null=True)
    category = models.CharField(max_length=32, blank=True, db_index=True)
    pipeline_stage = models.CharField(max_length=32, blank=True)
    land_type = models.CharField(max_length=16, blank=True)
    record = models.JSONField(default=dict)

    class Meta:
        ordering = ["gss_code", "site_reference", "id"]
        indexes = [models.Index(fields=["owner", "organisation", "site_reference"])]
