"""Django app configuration."""

from __future__ import annotations

from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "partnerhomes.web.organisations"
    label = "organisations"
    default_auto_field = "django.db.models.BigAutoField"
