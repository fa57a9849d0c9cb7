"""Django app configuration for partnership governance records."""

from __future__ import annotations

from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "partnerhomes.web.governance"
    label = "governance"
    default_auto_field = "django.db.models.BigAutoField"
