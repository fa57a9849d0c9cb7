"""Django app configuration."""

from __future__ import annotations

from django.apps import AppConfig


class AssumptionsConfig(AppConfig):
    name = "partnerhomes.web.assumptions"
    label = "assumptions"
    default_auto_field = "django.db.models.BigAutoField"
