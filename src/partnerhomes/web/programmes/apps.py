"""Django app configuration: registers the planning job's work."""

from __future__ import annotations

from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "partnerhomes.web.programmes"
    label = "programmes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from partnerhomes.web.jobs.services import register_work
        from partnerhomes.web.programmes.services import plan_job_work

        register_work("programme_plan", plan_job_work)
