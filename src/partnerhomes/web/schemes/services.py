"""Writes for schemes: create and edit a scheme, change who sees it, start a site's typology
scheme, and run an appraisal (in the request when small, as a job when large), all audited.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from partnerhomes.appraisal.readers import SchemeFileError
from partnerhomes.web.assumptions.selectors import base_tree
from partnerhomes.web.jobs import services as jobs
from partnerhomes.web.jobs.models import Job
from partnerhomes.web.organisations import access
from partnerhomes.web.organisations.models import Organisation
from partnerhomes.web.organisations.services import audit_record
from partnerhomes.web.schemes import appraising
from partnerhomes.web.schemes.models import AppraisalRun, RunStatus, Scheme
from partnerhomes.web.sites.models import Site

AnyUser = AbstractBaseUser | AnonymousUser
INLINE_MAX_UNIT_ROWS = 200
"""A scheme with more unit schedule rows than this is appraised as a job, outside the request."""


class ScheduleError(ValueError):
    """An uploaded unit schedule cannot be read; the message says why."""


def _summary(inputs: dict[str, Any]) -> dict[str, Any]:
    return {"n_phases": len(inputs.get("phases") or []),
            "n_unit_rows": len(inputs.get("units") or []),
            "gss_code": inputs.get("gss_code", "")}


@transaction.atomic
def scheme_create(*, actor: AbstractBaseUser, owner: Organisation, name: str,
                  inputs: dict[str, Any], visibility: str = "", site: Site | None = None
                  ) -> Scheme:
    """Save a new scheme for ``owner`` (analyst or admin); visibility defaults by owner kind."""
    access.require_write_for(actor, owner.pk)
    scheme = Scheme.objects.create(
        owner=owner, name=name, inputs=inputs, site=site, created_by_id=actor.pk,
        visibility=visibility or access.default_visibility(owner))
    audit_record(actor=actor, organisation=owner, action="scheme_create", object_type="scheme",
                 object_id=scheme.pk, detail={"name": name, "visibility": scheme.visibility,
                                              "site": site.pk if site else None,
                                              **_summary(inputs)})
    return scheme


@transaction.atomic
def scheme_update(*, actor: AnyUser, scheme: Scheme, name: str, inputs: dict[str, Any],
                  visibility: str) -> Scheme:
    """Replace a scheme's name, inputs and visibility (owner analysts and admins), audited."""
    access.require_change(actor, scheme)
    before = {"name": scheme.name, "visibility": scheme.visibility, **_summary(scheme.inputs)}
    scheme.name, scheme.inputs, scheme.visibility = name, inputs, visibility
    scheme.save(update_fields=["name", "inputs", "visibility", "updated_at"])
    audit_record(actor=actor, organisation=scheme.owner, action="scheme_update",
                 object_type="scheme", object_id=scheme.pk,
                 detail={"from": before, "to": {"name": name, "visibility": visibility,
                                                **_summary(inputs)}})
    return scheme


def schedule_read(upload: UploadedFile[bytes]) -> list[dict[str, Any]]:
    """Unit schedule rows from an uploaded .csv/.xlsx (checked for size and type by the form)."""
    folder = Path(settings.UPLOAD_DIR) / "schedules"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{dt.datetime.now().timestamp():.6f}-{Path(upload.name or 'x').name}"
    try:
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        rows = appraising.schedule_rows(path)
    except (SchemeFileError, ValueError, KeyError) as error:
        raise ScheduleError(f"{upload.name}: {error}") from error
    finally:
        path.unlink(missing_ok=True)
    if not rows:
        raise ScheduleError(f"{upload.name}: no unit rows found (columns: "
                            f"{', '.join(appraising.UNIT_FIELDS)})")
    return rows


def scheme_from_site(*, actor: AbstractBaseUser, site: Site, owner: Organisation,
                     valuation_date: str | None = None) -> Scheme:
    """A new scheme for ``owner``: the site's policy-compliant typology scheme (raises
    ValueError when the site has no usable capacity or area)."""
    access.require_view(actor, site)
    access.require_write_for(actor, owner.pk)
    date = valuation_date or dt.date.today().isoformat()
    record = {**site.record, "gss_code": site.gss_code, "site_reference": site.site_reference,
              "hectares": site.hectares, "maximum_net_dwellings": site.maximum_net_dwellings,
              "minimum_net_dwellings": site.minimum_net_dwellings,
              "site_name_address": site.site_name_address}
    inputs = appraising.typology_inputs(record, base_tree(), date)
    name = f"{site.site_name_address or site.site_reference} (typology)"[:200]
    return scheme_create(actor=actor, owner=owner, name=name, inputs=inputs, site=site)


def appraisal_run_record(run: AppraisalRun, outcome: appraising.Outcome) -> AppraisalRun:
    """Store an outcome on its run (done), with its verdict and residual land value."""
    row = outcome.document["results"][0] if outcome.document["results"] else {}
    run.status = RunStatus.DONE
    run.results, run.cashflow, run.errors = outcome.document, outcome.cashflow, outcome.errors
    run.workbook = outcome.workbook
    run.parameters_digest, run.code_version = outcome.parameters_digest, outcome.code_version
    run.verdict = str(row.get("verdict") or "not appraised")[:200]
    run.gss_code = str(run.inputs.get("gss_code") or "")[:9]
    run.residual_land_value = row.get("residual_land_value")
    run.dwellings = row.get("dwellings")
    run.save()
    return run


def appraisal_run_compute(run: AppraisalRun) -> AppraisalRun:
    """Appraise the run's inputs against today's parameter tree and record the outcome."""
    outcome = appraising.appraise_inputs(run.inputs, f"scheme-{run.scheme_id}", base_tree())
    with transaction.atomic():
        appraisal_run_record(run, outcome)
        audit_record(actor=run.created_by, organisation=run.scheme.owner,
                     action="appraisal_run", object_type="appraisal_run", object_id=run.pk,
                     detail={"scheme": run.scheme_id, "verdict": run.verdict,
                             "residual_land_value": run.residual_land_value,
                             "parameters_digest": run.parameters_digest,
                             "code_version": run.code_version})
    return run


def appraisal_start(*, actor: AbstractBaseUser, scheme: Scheme,
                    background: bool | None = None) -> AppraisalRun:
    """Appraise ``scheme`` (a change: owner analysts and admins). Small schemes are appraised
    now; large ones (more than ``INLINE_MAX_UNIT_ROWS`` unit rows), or any with
    ``background=True``, are queued as a job whose page shows progress."""
    access.require_change(actor, scheme)
    large = len(scheme.inputs.get("units") or []) > INLINE_MAX_UNIT_ROWS
    run = AppraisalRun.objects.create(scheme=scheme, created_by_id=actor.pk,
                                      inputs=scheme.inputs)
    if background if background is not None else large:
        run.job = jobs.job_create(actor=actor, owner=scheme.owner, kind="scheme_appraisal",
                                  parameters={"appraisal_run": run.pk}, visibility="private")
        run.save(update_fields=["job"])
        return run
    return appraisal_run_compute(run)


def appraisal_job_work(job: Job) -> dict[str, Any]:
    """The ``scheme_appraisal`` job: appraise the queued run."""
    run = AppraisalRun.objects.select_related("scheme__owner", "created_by").get(
        pk=job.parameters["appraisal_run"])
    jobs.job_progress(job, f"Appraising {run.scheme.name}")
    try:
        appraisal_run_compute(run)
    except Exception:
        AppraisalRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED)
        raise
    return {"appraisal_run": run.pk, "verdict": run.verdict}

