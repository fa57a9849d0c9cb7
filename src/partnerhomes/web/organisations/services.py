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
    Role,
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


# Administration (organisation pages): members, roles, details, partnerships' organisations.
# Who may call these is decided in access.py; the rules a change itself must keep are here.

INITIAL_PASSWORD_BYTES = 12  # 16 URL-safe characters, above the 12-character minimum


class AdministrationError(ValueError):
    """A change refused because it would break a rule (the message says which)."""


def _admins_locked(organisation: Organisation) -> int:
    """The organisation's admins, counted with their rows locked (PostgreSQL; SQLite already
    serialises writing transactions), so two admins cannot demote each other at once."""
    return len(list(Membership.objects.select_for_update()
                    .filter(organisation=organisation, role=Role.ADMIN).values_list("id")))


def _find_user(identifier: str) -> User | None:
    """The user with this username, or the one user with this email address."""
    if "@" in identifier:
        found = list(User.objects.filter(email__iexact=identifier)[:2])
        if len(found) > 1:
            raise AdministrationError(
                f"More than one user has the email address {identifier}; give the username.")
        if found:
            return found[0]
    return User.objects.filter(username=identifier).first()


@transaction.atomic
def membership_add(*, actor: AbstractBaseUser, organisation: Organisation, identifier: str,
                   role: str, email: str = "") -> tuple[Membership, str]:
    """Give the user named by ``identifier`` (a username, or the email address of one user) the
    ``role`` in ``organisation``. Nobody by that name: a user is created (username =
    ``identifier``) with a generated initial password, returned so that it can be shown once
    and never stored in plain text; for an existing user the password returned is ``""``."""
    identifier = identifier.strip()
    user = _find_user(identifier)
    password = ""
    if user is None:
        password = secrets.token_urlsafe(INITIAL_PASSWORD_BYTES)
        user = User.objects.create_user(
            username=identifier, password=password,
            email=(identifier if "@" in identifier else email.strip()))
        audit_record(actor=actor, organisation=organisation, action="user_create",
                     object_type="user", object_id=user.pk,
                     detail={"username": user.username, "email": user.email})
    elif Membership.objects.filter(user=user, organisation=organisation).exists():
        raise AdministrationError(f"{user.username} is already a member of {organisation}.")
    membership = Membership.objects.create(user=user, organisation=organisation, role=role)
    audit_record(actor=actor, organisation=organisation, action="membership_grant",
                 object_type="membership", object_id=membership.pk,
                 detail={"username": user.username, "role": role,
                         "new_user": bool(password)})
    return membership, password


@transaction.atomic
def membership_set_role(*, actor: AbstractBaseUser, membership: Membership,
                        role: str) -> Membership:
    """Change a member's role; the organisation's last admin keeps the admin role."""
    before = membership.role
    if before == role:
        return membership
    if before == Role.ADMIN and _admins_locked(membership.organisation) <= 1:
        raise AdministrationError(
            f"{membership.user.username} is the last admin of {membership.organisation}: "
            "make someone else admin first.")
    membership.role = role
    membership.save(update_fields=["role"])
    audit_record(actor=actor, organisation=membership.organisation,
                 action="membership_role_change", object_type="membership",
                 object_id=membership.pk,
                 detail={"username": membership.user.username, "from": before, "to": role})
    return membership


@transaction.atomic
def membership_remove(*, actor: AbstractBaseUser, membership: Membership) -> None:
    """End a membership (the user is kept); never the organisation's last admin."""
    if membership.role == Role.ADMIN and _admins_locked(membership.organisation) <= 1:
        raise AdministrationError(
            f"{membership.user.username} is the last admin of {membership.organisation}: "
            "make someone else admin first.")
    detail = {"username": membership.user.username, "role": membership.role}
    membership_id = membership.pk
    membership.delete()
    audit_record(actor=actor, organisation=membership.organisation, action="membership_revoke",
                 object_type="membership", object_id=membership_id, detail=detail)


ORGANISATION_FIELDS = ("name", "gss_code", "rsh_registration_number", "valid_from", "valid_to")


@transaction.atomic
def organisation_update(*, actor: AbstractBaseUser, organisation: Organisation,
                        **fields: Any) -> Organisation:
    """Change an organisation's name, code or dates; the audit event lists each change."""
    unknown = set(fields) - set(ORGANISATION_FIELDS)
    if unknown:
        raise AdministrationError(f"These organisation fields cannot be changed here: "
                                  f"{', '.join(sorted(unknown))}")
    changes = {name: [str(getattr(organisation, name) or ""), str(value or "")]
               for name, value in fields.items() if getattr(organisation, name) != value}
    if not changes:
        return organisation
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.save(update_fields=list(fields))
    audit_record(actor=actor, organisation=organisation, action="organisation_update",
                 object_type="organisation", object_id=organisation.pk, detail=changes)
    return organisation


@transaction.atomic
def partnership_add_organisation(*, actor: AbstractBaseUser, partnership: Partnership,
                                 organisation: Organisation) -> None:
    """Add an organisation to a partnership (its members then see the partners' partnership-wide
    records, and the partners see its)."""
    if partnership.organisations.filter(pk=organisation.pk).exists():
        raise AdministrationError(f"{organisation} is already in {partnership}.")
    partnership.organisations.add(organisation)
    audit_record(actor=actor, organisation=organisation, action="partnership_join",
                 object_type="partnership", object_id=partnership.pk,
                 detail={"partnership": partnership.name, "organisation": organisation.name})


@transaction.atomic
def partnership_remove_organisation(*, actor: AbstractBaseUser, partnership: Partnership,
                                    organisation: Organisation) -> None:
    """Take an organisation out of a partnership (its records stay its own)."""
    if not partnership.organisations.filter(pk=organisation.pk).exists():
        raise AdministrationError(f"{organisation} is not in {partnership}.")
    partnership.organisations.remove(organisation)
    audit_record(actor=actor, organisation=organisation, action="partnership_leave",
                 object_type="partnership", object_id=partnership.pk,
                 detail={"partnership": partnership.name, "organisation": organisation.name})
