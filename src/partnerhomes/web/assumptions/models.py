"""An organisation's own overlay on the parameter tree (the YAML text of a partial tree)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from partnerhomes.web.organisations.models import Organisation, Visibility


class Overlay(models.Model):
    """An overlay owned by an organisation; private unless the owner shares it."""

    owner = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="overlays")
    visibility = models.CharField(max_length=16, choices=Visibility.choices,
                                  default=Visibility.PRIVATE)
    name = models.CharField(max_length=200)
    text = models.TextField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["owner__name", "name"]
