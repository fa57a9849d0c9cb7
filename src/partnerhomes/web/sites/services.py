"""Writes for sites: queue an upload's import, run it all-or-nothing, change a site's visibility.

An import reads the files with :func:`partnerhomes.sites.importer.import_sites` (its issue log
names file, line, field and value), then writes the import run and its sites in one transaction:
a failure leaves the database as it was. Re-importing a site (same owner, publisher and
``site_reference``) replaces the earlier copy.
"""

from __future__ import annotations

import json
import secrets
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.models import User as AuthUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from partnerhomes.sites import importer
from partnerhomes.sites.source import SitesFileError
from partnerhomes.web.jobs import services as jobs
from partnerhomes.web.jobs.models import Job
from partnerhomes.web.organisations import access
from partnerhomes.web.organisations.models import Organisation
from partnerhomes.web.organisations.services import audit_record
from partnerhomes.web.sites.models import ImportRun, Site

AnyUser = AbstractBaseUser | AnonymousUser
ROWS_SHOWN = 2000  # issue and rejected rows kept on the import run for the page


class ImportFileError(Exception):
    """A file could not be read at all; nothing was imported. The message says which and why."""


def import_queue(*, actor: AbstractBaseUser, owner: Organisation, visibility: str,
                 files: Sequence[UploadedFile[bytes]], gss_code: str = "") -> Job:
    """Store uploaded files and queue their import as a job owned by ``owner``."""
    access.require_write_for(actor, owner.pk)
    folder = Path(settings.UPLOAD_DIR) / secrets.token_hex(8)
    folder.mkdir(parents=True)
    paths = []
    for upload in files:
        path = folder / Path(upload.name or "upload").name
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        paths.append(str(path))
    return jobs.job_create(actor=actor, owner=owner, kind="sites_import", visibility="private",
                           parameters={"paths": paths, "gss_code": gss_code,
                                       "visibility": visibility})


def import_job_work(job: Job) -> dict[str, Any]:
    """The ``sites_import`` job: import the stored files, then delete them."""
    paths = [Path(p) for p in job.parameters["paths"]]
    try:
        run = import_run_create(
            actor_id=job.created_by_id, owner=job.owner, paths=paths,
            visibility=str(job.parameters["visibility"]),
            gss_code=str(job.parameters.get("gss_code") or ""),
            on_file=lambda path: jobs.job_progress(job, f"Reading {path.name}"))
    finally:
        shutil.rmtree(paths[0].parent, ignore_errors=True)
    return {"import_run": run.pk, "n_accepted": run.n_accepted, "n_rejected": run.n_rejected}


def _records(frame: pd.DataFrame, limit: int | None = None) -> list[dict[str, Any]]:
    part = frame if limit is None else frame.head(limit)
    records: list[dict[str, Any]] = json.loads(part.to_json(orient="records", date_format="iso"))
    return records


UPDATED_ON_REIMPORT = [
    "visibility", "import_run", "organisation", "gss_code", "site_reference",
    "site_name_address", "longitude", "latitude", "hectares", "planning_status",
    "maximum_net_dwellings", "minimum_net_dwellings", "category", "pipeline_stage",
    "land_type", "record",
]


def _site(row: dict[str, Any], owner: Organisation, visibility: str, run: ImportRun) -> Site:
    return Site(
        owner=owner, visibility=visibility, import_run=run,
        organisation=row["organisation"] or "", gss_code=row["gss_code"] or "",
        site_reference=row["site_reference"] or "",
        site_name_address=row["site_name_address"] or "",
        longitude=row["longitude"], latitude=row["latitude"], hectares=row["hectares"],
        planning_status=row["planning_status"] or "",
        maximum_net_dwellings=row["maximum_net_dwellings"],
        minimum_net_dwellings=row["minimum_net_dwellings"],
        category=row["category"] or "", pipeline_stage=row["pipeline_stage"] or "",
        land_type=row["land_type"] or "", record=row)


def import_run_create(*, actor_id: int | None, owner: Organisation, paths: Sequence[Path],
                      visibility: str, gss_code: str = "",
                      on_file: Any = None) -> ImportRun:
    """Import ``paths`` for ``owner`` in one transaction; raise :class:`ImportFileError` when a
    file cannot be read (nothing is written then)."""
    try:
        result = importer.import_sites(list(paths), gss_code=gss_code or None, on_file=on_file)
    except SitesFileError as error:
        raise ImportFileError(str(error)) from error
    rows = _records(result.sites)
    with transaction.atomic():
        run = ImportRun.objects.create(
            owner=owner, visibility=visibility, created_by_id=actor_id,
            files=[Path(p).name for p in paths], rows_in=result.rows_in,
            n_accepted=result.n_accepted, n_rejected=result.n_rejected,
            issues=_records(result.issues, ROWS_SHOWN),
            rejected=_records(result.rejected, ROWS_SHOWN))
        # A site imported again keeps its row (and so its delivery record, schemes and
        # links): its fields are updated in place; only sites never seen before are created.
        keys = {(row["organisation"] or "", row["site_reference"] or "") for row in rows}
        earlier = Site.objects.filter(owner=owner,
                                      site_reference__in={ref for _, ref in keys})
        existing = {(s.organisation, s.site_reference): s.pk
                    for s in earlier.only("id", "organisation", "site_reference")
                    if (s.organisation, s.site_reference) in keys}
        fresh = [_site(row, owner, visibility, run) for row in rows]
        replaced = []
        for site in fresh:
            site.pk = existing.get((site.organisation, site.site_reference))
            if site.pk is not None:
                replaced.append(site)
        Site.objects.bulk_update(replaced, fields=UPDATED_ON_REIMPORT, batch_size=500)
        Site.objects.bulk_create([site for site in fresh if site.pk is None], batch_size=500)
        audit_record(actor=_user(actor_id), organisation=owner, action="sites_import",
                     object_type="import_run", object_id=run.pk,
                     detail={"files": run.files, "rows_in": run.rows_in,
                             "n_accepted": run.n_accepted, "n_rejected": run.n_rejected,
                             "n_replaced": len(replaced), "visibility": visibility})
    return run


def _user(actor_id: int | None) -> AbstractBaseUser | None:
    return AuthUser.objects.filter(pk=actor_id).first() if actor_id is not None else None


@transaction.atomic
def site_set_visibility(*, actor: AnyUser, site: Site, visibility: str) -> Site:
    """Change who may see ``site`` (owner analysts and admins only), audited."""
    access.require_change(actor, site)
    before = site.visibility
    site.visibility = visibility
    site.save(update_fields=["visibility"])
    audit_record(actor=actor, organisation=site.owner, action="site_set_visibility",
                 object_type="site", object_id=site.pk,
                 detail={"from": before, "to": visibility})
    return site
