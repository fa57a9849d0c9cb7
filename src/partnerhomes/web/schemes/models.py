"""A scheme's appraisal inputs and the appraisal runs made of it.

``Scheme.inputs`` holds the scheme in the YAML/JSON scheme file format read by
:func:`partnerhomes.appraisal.readers.tables_from_document`: its scheme fields (same names),
``phases:`` and ``units:`` lists. Not represented: several schemes in one record (each record is
one scheme), and ``unit_schedule:`` references to files (schedules are stored as rows).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from partnerhomes.web.jobs.models import Job
from partnerhomes.web.organisations.models import OwnedRecord
from partnerhomes.web.sites.models import Site


class Scheme(OwnedRecord):
    """One scheme's inputs, owned by an organisation; a site's typology scheme names its site."""

    name = models.CharField(max_length=200)
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="schemes")
    inputs = models.JSONField(default=dict)

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.name


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class AppraisalRun(models.Model):
    """One appraisal of a scheme's inputs as they were, with what reproduces it: the digest of
    the parameter tree and the code version. Seen and changed with its scheme."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="runs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=16, choices=RunStatus.choices,
                              default=RunStatus.QUEUED)
    job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.SET_NULL)
    inputs = models.JSONField(default=dict)
    parameters_digest = models.CharField(max_length=128, blank=True)
    code_version = models.CharField(max_length=64, blank=True)
    results = models.JSONField(default=dict)
    cashflow = models.JSONField(default=dict)
    errors = models.JSONField(default=list)
    workbook = models.BinaryField(blank=True, default=b"")
    gss_code = models.CharField(max_length=9, blank=True)
    verdict = models.CharField(max_length=200, blank=True)
    residual_land_value = models.FloatField(null=True)
    dwellings = models.FloatField(null=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def owner_id(self) -> int:
        """The scheme's owner: a run is seen and changed with its scheme."""
        return int(self.scheme.owner_id)

    @property
    def visibility(self) -> str:
        return str(self.scheme.visibility)

    @property
    def result(self) -> dict[str, Any]:
        """The scheme's row of results (stable field names), or empty when none."""
        rows = self.results.get("results") or []
        return dict(rows[0]) if rows else {}
