"""The job page: progress while it runs (the page refreshes itself), then its outcome."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from partnerhomes.web.jobs.selectors import job_get_visible_to


@login_required
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = job_get_visible_to(request.user, job_id)
    return render(request, "jobs/job_detail.html", {"job": job})
