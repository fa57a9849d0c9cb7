"""Writes for jobs: queue one, claim the next, record progress and the outcome.

A job's work is a function registered under its ``kind`` by the app that owns the work (the sites
app registers ``sites_import``); it receives the job and returns a JSON-able result.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from partnerhomes.web.jobs.models import Job, JobStatus
from partnerhomes.web.organisations.models import Organisation
from partnerhomes.web.organisations.services import audit_record

LOG = logging.getLogger(__name__)
Work = Callable[[Job], dict[str, Any]]
WORK: dict[str, Work] = {}


def register_work(kind: str, work: Work) -> None:
    """Make ``work`` the function that runs jobs of ``kind``."""
    WORK[kind] = work


@transaction.atomic
def job_create(*, actor: AbstractBaseUser, owner: Organisation, kind: str,
               parameters: dict[str, Any], visibility: str) -> Job:
    """Queue a job and audit it."""
    if kind not in WORK:
        raise ValueError(f"no work registered for job kind {kind!r}")
    job = Job.objects.create(kind=kind, owner=owner, created_by_id=actor.pk,
                             parameters=parameters, visibility=visibility)
    audit_record(actor=actor, organisation=owner, action="job_create", object_type="job",
                 object_id=job.pk, detail={"kind": kind})
    return job


def job_claim_next() -> Job | None:
    """Mark the oldest queued job running and return it; None when the queue is empty.

    The claim is a conditional UPDATE, so two workers never run the same job.
    """
    while True:
        candidate = (Job.objects.filter(status=JobStatus.QUEUED).order_by("created_at", "id")
                     .values_list("id", flat=True).first())
        if candidate is None:
            return None
        claimed = Job.objects.filter(id=candidate, status=JobStatus.QUEUED).update(
            status=JobStatus.RUNNING, started_at=timezone.now(), progress="Started")
        if claimed:
            return Job.objects.get(id=candidate)


def job_progress(job: Job, text: str) -> None:
    """Record a progress message the job page shows."""
    job.progress = text[:200]
    Job.objects.filter(id=job.pk).update(progress=job.progress)


def job_run(job: Job) -> Job:
    """Run a claimed job to the end, recording its result or its error."""
    try:
        result = WORK[job.kind](job)
    except Exception as error:  # a job's failure is recorded and shown, never lost
        LOG.warning("job %s failed: %s\n%s", job.pk, error, traceback.format_exc(limit=5))
        job.status, job.error = JobStatus.FAILED, str(error)
        job.progress = "Failed"
    else:
        job.status, job.result, job.progress = JobStatus.DONE, result, "Finished"
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "result", "progress", "finished_at"])
    return job


def job_run_pending() -> int:
    """Run queued jobs until none is left; return how many ran."""
    count = 0
    while (job := job_claim_next()) is not None:
        job_run(job)
        count += 1
    return count


def job_fail_abandoned() -> int:
    """At worker start, mark jobs left running by a stopped process as failed."""
    return Job.objects.filter(status=JobStatus.RUNNING).update(
        status=JobStatus.FAILED, error="The server stopped while this job ran; start it again.",
        finished_at=timezone.now())
