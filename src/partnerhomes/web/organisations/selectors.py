"""Reads for organisations: a user's memberships, tokens, the audit log they may see, and the
administration pages' organisations, members and partnerships."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404

from partnerhomes.web.organisations import access
from partnerhomes.web.organisations.models import (
    ApiToken,
    AuditEvent,
    Membership,
    Organisation,
    Partnership,
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


def organisation_get_visible_to(user: AbstractBaseUser | AnonymousUser,
                                organisation_id: int) -> Organisation:
    """One organisation, or 404 unless ``user`` may see it (a member or partner)."""
    return access.require_view_organisation(
        user, Organisation.objects.filter(pk=organisation_id).first())


def organisation_list_visible_to(user: AbstractBaseUser | AnonymousUser,
                                 ) -> QuerySet[Organisation]:
    """The user's organisations and their partners."""
    orgs = access.user_organisations(user)
    return Organisation.objects.filter(pk__in=orgs.member | orgs.partners)


def member_list(organisation: Organisation) -> QuerySet[Membership]:
    """An organisation's memberships with their users, by username."""
    return (organisation.memberships.select_related("user")
            .order_by("user__username", "id"))


def membership_get(organisation: Organisation, membership_id: int) -> Membership:
    """One membership of ``organisation`` (seen by its admins), or 404."""
    found = member_list(organisation).filter(pk=membership_id).first()
    if found is None:
        raise Http404("No such membership.")
    return found


def partnership_list_visible_to(user: AbstractBaseUser | AnonymousUser,
                                organisation: Organisation | None = None,
                                ) -> list[Partnership]:
    """Partnerships ``user`` may see (of ``organisation`` if given), by name."""
    found = Partnership.objects.prefetch_related("organisations").order_by("name")
    if organisation is not None:
        found = found.filter(organisations=organisation)
    return [p for p in found
            if access.can_view_partnership(user, {o.pk for o in p.organisations.all()})]


def partnership_get_visible_to(user: AbstractBaseUser | AnonymousUser,
                               partnership_id: int) -> Partnership:
    """One partnership, or 404 unless ``user`` may see it."""
    partnership = Partnership.objects.filter(pk=partnership_id).first()
    ids = (set(partnership.organisations.values_list("id", flat=True))
           if partnership is not None else set())
    return access.require_view_partnership(user, partnership, ids)


def organisations_outside(partnership: Partnership) -> QuerySet[Organisation]:
    """Organisations not in ``partnership`` (those an administrator may add)."""
    return Organisation.objects.exclude(partnerships=partnership)
