"""Django app configuration."""

from __future__ import annotations

from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "partnerhomes.web.jobs"
    label = "jobs"
    default_auto_field = "django.db.models.BigAutoField"
