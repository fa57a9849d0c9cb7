"""Django app configuration: registers the import job's work."""

from __future__ import annotations

from django.apps import AppConfig


class SitesConfig(AppConfig):
    name = "partnerhomes.web.sites"
    label = "sites"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from partnerhomes.web.jobs.services import register_work
        from partnerhomes.web.sites.services import import_job_work

        register_work("sites_import", import_job_work)
