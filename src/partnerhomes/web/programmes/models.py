"""A programme (the partnership's resources for planning) and the plan runs made of it.

``Programme.document`` holds a programme file's content (``docs/methodology/programme.md`` §2,
read by :func:`partnerhomes.programme.file.parse_programme`) without ``sites:``: the sites are
the pipeline sites the user who runs the plan may see, written to the planner's sites table at
run time. A plan run keeps the document it used, which sites, the parameter digest and the code
version, and its results.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from partnerhomes.web.jobs.models import Job
from partnerhomes.web.organisations.models import OwnedRecord


class Programme(OwnedRecord):
    """One programme file's content, owned by an organisation."""

    name = models.CharField(max_length=200)
    document = models.JSONField(default=dict)

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.name


class PlanStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    DONE = "done", "Done"
    INFEASIBLE = "infeasible", "Infeasible"
    FAILED = "failed", "Failed"


class PlanRun(models.Model):
    """One solve of a programme as it was. Seen and changed with its programme."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="runs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=16, choices=PlanStatus.choices,
                              default=PlanStatus.QUEUED)
    job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.SET_NULL)
    document = models.JSONField(default=dict)
    site_ids = models.JSONField(default=list)
    parameters_digest = models.CharField(max_length=128, blank=True)
    code_version = models.CharField(max_length=64, blank=True)
    headline = models.JSONField(default=dict)
    solver = models.JSONField(default=dict)
    tables = models.JSONField(default=dict)
    charts = models.JSONField(default=dict)
    conflicts = models.JSONField(default=list)
    summary_html = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def owner_id(self) -> int:
        """The programme's owner: a run is seen and changed with its programme."""
        return int(self.programme.owner_id)

    @property
    def visibility(self) -> str:
        return str(self.programme.visibility)

    def table(self, name: str) -> list[dict[str, Any]]:
        return list(self.tables.get(name) or [])
