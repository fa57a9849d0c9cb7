"""Writes for organisations: organisations, partnerships, members, tokens; the audit log."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction

from partnerhomes.web.organisations.models import (
    ApiToken,
    AuditEvent,
    Membership,
    Organisation,
    Partnership,
)


def audit_record(*, actor: AbstractBaseUser | AnonymousUser | None,
                 organisation: Organisation | None, action: str, object_type: str,
                 object_id: object = "", detail: dict[str, Any] | None = None) -> AuditEvent:
    """Write one audit event: who (``actor``), what (``action`` on the object), when (now)."""
    return AuditEvent.objects.create(
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        organisation=organisation, action=action, object_type=object_type,
        object_id=str(object_id), detail=detail or {})


@transaction.atomic
def organisation_create(*, actor: AbstractBaseUser | None, **fields: Any) -> Organisation:
    """Create an organisation and audit it."""
    organisation = Organisation.objects.create(**fields)
    audit_record(actor=actor, organisation=organisation, action="organisation_create",
                 object_type="organisation", object_id=organisation.pk,
                 detail={"name": organisation.name, "kind": organisation.kind})
    return organisation


@transaction.atomic
def partnership_create(*, actor: AbstractBaseUser | None, name: str,
                       organisations: list[Organisation]) -> Partnership:
    """Create a partnership of ``organisations`` and audit it."""
    partnership = Partnership.objects.create(name=name)
    partnership.organisations.set(organisations)
    audit_record(actor=actor, organisation=None, action="partnership_create",
                 object_type="partnership", object_id=partnership.pk,
                 detail={"name": name, "organisations": [o.pk for o in organisations]})
    return partnership


@transaction.atomic
def user_create_with_membership(*, actor: AbstractBaseUser | None, username: str,
                                password: str, organisation: Organisation,
                                role: str) -> User:
    """Create a user (password hashed with the configured hasher) with one membership."""
    user = User.objects.create_user(username=username, password=password)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    audit_record(actor=actor, organisation=organisation, action="membership_grant",
                 object_type="user", object_id=user.pk,
                 detail={"username": username, "role": role})
    return user


def token_digest(token: str) -> str:
    """SHA-256 hex digest under which an API token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str) -> str:
    """Create an API token for ``user``; return the token text (shown once, stored hashed)."""
    token = "ph_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, digest=token_digest(token))
    audit_record(actor=user, organisation=None, action="api_token_create",
                 object_type="api_token", detail={"name": name})
    return token
