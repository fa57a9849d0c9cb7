"""Django app configuration for delivery tracking and the board."""

from __future__ import annotations

from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "partnerhomes.web.delivery"
    label = "delivery"
    default_auto_field = "django.db.models.BigAutoField"
