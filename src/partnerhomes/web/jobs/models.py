"""A job: one piece of long work, its owner, status, progress and outcome."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from partnerhomes.web.organisations.models import Organisation, Visibility


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class Job(models.Model):
    """Long work queued by a request and run by a worker (``jobs/worker.py``)."""

    kind = models.CharField(max_length=64)
    owner = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="jobs")
    visibility = models.CharField(max_length=16, choices=Visibility.choices,
                                  default=Visibility.PRIVATE)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=JobStatus.choices,
                              default=JobStatus.QUEUED, db_index=True)
    progress = models.CharField(max_length=200, blank=True)
    parameters = models.JSONField(default=dict)
    result = models.JSONField(default=dict)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
