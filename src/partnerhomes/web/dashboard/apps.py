"""Django app configuration."""

from __future__ import annotations

from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "partnerhomes.web.dashboard"
    label = "dashboard"
