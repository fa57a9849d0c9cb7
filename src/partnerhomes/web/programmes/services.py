"""Writes for programmes: create and edit a programme, and run the planner as a job, audited.

A plan is always a job (it can take a minute): the job page shows its progress and links to the
plan when it is done. The sites are those the user who starts the run may see, in the
programme's councils, read when the job runs.
"""

from __future__ import annotations

from typing import Any

import yaml
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from partnerhomes.programme.file import ProgrammeFileError
from partnerhomes.web.assumptions.selectors import base_tree
from partnerhomes.web.jobs import services as jobs
from partnerhomes.web.jobs.models import Job
from partnerhomes.web.organisations import access
from partnerhomes.web.organisations.models import Organisation
from partnerhomes.web.organisations.services import audit_record
from partnerhomes.web.programmes import planning, selectors
from partnerhomes.web.programmes.models import PlanRun, PlanStatus, Programme

AnyUser = AbstractBaseUser | AnonymousUser


def document_check(document: Any) -> dict[str, Any]:
    """The document if it is a valid programme (``sites:`` is ignored: the web supplies the
    sites); raises ``ProgrammeFileError`` naming each problem."""
    if not isinstance(document, dict):
        raise ProgrammeFileError("a programme file must be a YAML mapping")
    clean = {key: value for key, value in document.items() if key != "sites"}
    planning.programme_from_document(clean)
    return clean


def document_from_yaml(text: str) -> dict[str, Any]:
    """A programme document from a programme file's text, checked."""
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ProgrammeFileError(f"not YAML: {error}") from error
    return document_check(document)


def _summary(document: dict[str, Any]) -> dict[str, Any]:
    years = document.get("years") or {}
    return {"years": [years.get("first"), years.get("last")],
            "councils": [c.get("gss_code") for c in document.get("councils") or []],
            "n_housing_associations": len(document.get("housing_associations") or [])}


@transaction.atomic
def programme_create(*, actor: AbstractBaseUser, owner: Organisation, name: str,
                     document: dict[str, Any], visibility: str = "") -> Programme:
    """Save a new programme for ``owner`` (analyst or admin); visibility defaults by owner."""
    access.require_write_for(actor, owner.pk)
    document = document_check({**document, "name": document.get("name") or name})
    programme = Programme.objects.create(
        owner=owner, name=name, document=document, created_by_id=actor.pk,
        visibility=visibility or access.default_visibility(owner))
    audit_record(actor=actor, organisation=owner, action="programme_create",
                 object_type="programme", object_id=programme.pk,
                 detail={"name": name, "visibility": programme.visibility,
                         **_summary(document)})
    return programme


@transaction.atomic
def programme_update(*, actor: AnyUser, programme: Programme, name: str,
                     document: dict[str, Any], visibility: str) -> Programme:
    """Replace a programme's name, document and visibility (owner analysts and admins)."""
    access.require_change(actor, programme)
    document = document_check({**document, "name": document.get("name") or name})
    before = {"name": programme.name, "visibility": programme.visibility,
              **_summary(programme.document)}
    programme.name, programme.document, programme.visibility = name, document, visibility
    programme.save(update_fields=["name", "document", "visibility", "updated_at"])
    audit_record(actor=actor, organisation=programme.owner, action="programme_update",
                 object_type="programme", object_id=programme.pk,
                 detail={"from": before, "to": {"name": name, "visibility": visibility,
                                                **_summary(document)}})
    return programme


def plan_start(*, actor: AbstractBaseUser, programme: Programme, uplift: bool = True
               ) -> PlanRun:
    """Queue a plan of ``programme`` as it is now (a change: owner analysts and admins)."""
    access.require_change(actor, programme)
    with transaction.atomic():
        run = PlanRun.objects.create(programme=programme, created_by_id=actor.pk,
                                     document=programme.document)
        run.job = jobs.job_create(actor=actor, owner=programme.owner, kind="programme_plan",
                                  parameters={"plan_run": run.pk, "uplift": uplift},
                                  visibility=programme.visibility)
        run.save(update_fields=["job"])
    return run


def plan_run_record(run: PlanRun, outcome: planning.PlanOutcome, site_ids: list[int]
                    ) -> PlanRun:
    """Store an outcome on its run (done, or infeasible with its conflicts), audited."""
    run.status = PlanStatus.INFEASIBLE if outcome.conflicts else PlanStatus.DONE
    run.site_ids, run.headline, run.solver = site_ids, outcome.headline, outcome.solver
    run.tables, run.charts, run.conflicts = outcome.tables, outcome.charts, outcome.conflicts
    run.summary_html = outcome.summary_html
    run.parameters_digest, run.code_version = outcome.parameters_digest, outcome.code_version
    with transaction.atomic():
        run.save()
        audit_record(actor=run.created_by, organisation=run.programme.owner,
                     action="plan_run", object_type="plan_run", object_id=run.pk,
                     detail={"programme": run.programme_id, "status": run.status,
                             "sites": len(site_ids),
                             "affordable_homes": outcome.headline.get("affordable_homes"),
                             "parameters_digest": run.parameters_digest,
                             "code_version": run.code_version})
    return run


def plan_run_compute(run: PlanRun, job: Job | None = None, *, uplift: bool = True) -> PlanRun:
    """Plan the run's document over the sites its creator may see."""
    codes = [str(c.get("gss_code")) for c in run.document.get("councils") or []]
    sites, site_ids = selectors.sites_table_visible_to(run.created_by or AnonymousUser(), codes)
    if sites.empty:
        raise ProgrammeFileError("no pipeline sites you may see lie in the programme's "
                                 f"councils ({', '.join(codes)})")

    def progress(text: str) -> None:
        if job is not None:
            jobs.job_progress(job, text)

    outcome = planning.plan_document(run.document, sites, base_tree(), progress, uplift=uplift)
    return plan_run_record(run, outcome, site_ids)


def plan_job_work(job: Job) -> dict[str, Any]:
    """The ``programme_plan`` job: plan the queued run."""
    run = PlanRun.objects.select_related("programme__owner", "created_by").get(
        pk=job.parameters["plan_run"])
    try:
        plan_run_compute(run, job, uplift=bool(job.parameters.get("uplift", True)))
    except Exception:
        PlanRun.objects.filter(pk=run.pk).update(status=PlanStatus.FAILED)
        raise
    return {"plan_run": run.pk, "status": run.status,
            "affordable_homes": run.headline.get("affordable_homes")}
