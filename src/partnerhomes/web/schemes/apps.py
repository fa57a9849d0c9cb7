"""Django app configuration: registers the appraisal job's work."""

from __future__ import annotations

from django.apps import AppConfig


class SchemesConfig(AppConfig):
    name = "partnerhomes.web.schemes"
    label = "schemes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from partnerhomes.web.jobs.services import register_work
        from partnerhomes.web.schemes.services import appraisal_job_work

        register_work("scheme_appraisal", appraisal_job_work)
