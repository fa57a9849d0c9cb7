"""Organisations (with validity dates), partnerships, memberships, API tokens and the audit log.

Not represented: people's job titles, organisation hierarchies (a county is a council here), or
a partnership's own governance records.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models


class OrganisationKind(models.TextChoices):
    COUNCIL = "council", "Council"
    HOUSING_ASSOCIATION = "housing_association", "Housing association"
    HOMES_ENGLAND = "homes_england", "Homes England"
    SME_BUILDER = "sme_builder", "SME builder"
    OTHER = "other", "Other"


class Organisation(models.Model):
    """A body in the partnership. ``gss_code`` for councils, ``rsh_registration_number`` for
    housing associations (Regulator of Social Housing); dates bound its existence."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=OrganisationKind.choices)
    gss_code = models.CharField(max_length=9, blank=True)
    rsh_registration_number = models.CharField(max_length=16, blank=True)
    valid_from = models.DateField(default=dt.date(2000, 1, 1))
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "valid_from"], name="organisation_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Partnership(models.Model):
    """A group of organisations working together; an organisation may be in several."""

    name = models.CharField(max_length=200, unique=True)
    organisations = models.ManyToManyField(Organisation, related_name="partnerships")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    VIEWER = "viewer", "Viewer"
    ANALYST = "analyst", "Analyst"
    ADMIN = "admin", "Admin"


class Membership(models.Model):
    """A user's role in one organisation."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.VIEWER)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique"),
        ]


class Visibility(models.TextChoices):
    PRIVATE = "private", "Private (owner organisation only)"
    PARTNERSHIP = "partnership", "Partnership (owner and its partners)"
    PUBLIC = "public", "Public (every signed-in user)"


class OwnedRecord(models.Model):
    """A record with an owner organisation and a visibility (who may see or change it is decided
    in ``access.py``), and who recorded it when. ``organisation.<model>s`` lists an owner's."""

    owner = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="%(class)ss")
    visibility = models.CharField(max_length=16, choices=Visibility.choices, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class ApiToken(models.Model):
    """A token for scripts; only its SHA-256 digest is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens")
    name = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)


class AuditEvent(models.Model):
    """One change: who, when, what (action, object and a JSON detail)."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    organisation = models.ForeignKey(Organisation, null=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64, blank=True)
    detail = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at", "-id"]


class FailedSignIn(models.Model):
    """A failed sign-in, kept for throttling (organisations/signin.py)."""

    username = models.CharField(max_length=150, db_index=True)
    at = models.DateTimeField(auto_now_add=True)
