"""Reads for jobs."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from partnerhomes.web.jobs.models import Job
from partnerhomes.web.organisations import access


def job_get_visible_to(user: AbstractBaseUser | AnonymousUser, job_id: int) -> Job:
    """One job, or 404 when it does not exist or ``user`` may not see it."""
    return access.require_view(user, Job.objects.select_related("owner").filter(pk=job_id)
                               .first())
