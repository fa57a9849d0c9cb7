"""Reads for organisations: a user's memberships, tokens, and the audit log they may see."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db.models import QuerySet

from partnerhomes.web.organisations import access
from partnerhomes.web.organisations.models import (
    ApiToken,
    AuditEvent,
    Membership,
    Organisation,
)


def membership_list(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Membership]:
    """The user's memberships with their organisations."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user_id=user.pk).select_related("organisation")


def organisation_list_writable(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Organisation]:
    """Organisations in which the user may create records."""
    return Organisation.objects.filter(pk__in=access.writable_organisation_ids(user))


def user_for_token_digest(digest: str) -> User | None:
    """The active user whose API token has this SHA-256 digest, or None."""
    found = (ApiToken.objects.filter(digest=digest, user__is_active=True)
             .select_related("user").first())
    return found.user if found is not None else None


def audit_list_for(user: AbstractBaseUser | AnonymousUser, limit: int = 100,
                   ) -> QuerySet[AuditEvent]:
    """The latest audit events about the user's own organisations."""
    return (AuditEvent.objects.filter(organisation__in=access.member_organisation_ids(user))
            .select_related("actor", "organisation")[:limit])
