"""Who may see or change what: the one place these decisions are made.

Rules
-----
* A record has an owner organisation and a visibility. ``private``: members of the owner only;
  ``partnership``: also members of any organisation sharing a partnership with the owner;
  ``public``: every signed-in user.
* Changing a record (or importing records for an organisation) needs the ``analyst`` or ``admin``
  role in the owner organisation. ``viewer`` reads only. Nobody outside the owner changes it.
* A record the user may not see is reported as not found (404), so its existence is not revealed;
  a record the user may see but not change gives 403.
* Housing associations' records are private by default; other organisations' default to
  ``partnership``.
* An appraisal run is seen and changed with its scheme (it has no owner or visibility of its
  own); running an appraisal is a change of the scheme.

A user's organisations (memberships, roles, partners) are read once per request (two small
queries) and kept for that request only (:func:`begin_request`, connected in ``apps.py``); a
change of a membership or a partnership forgets them at once. Outside a request (jobs, the
shell, tests calling this module directly) they are read afresh every time.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest

from partnerhomes.web.organisations.models import (
    Membership,
    Organisation,
    OrganisationKind,
    Partnership,
    Role,
    Visibility,
)

AnyUser = AbstractBaseUser | AnonymousUser
WRITE_ROLES = (Role.ANALYST, Role.ADMIN)


class OwnedRecord(Protocol):
    """Anything with an owner organisation and a visibility (a record of its own, or one that
    takes both from its parent, as an appraisal run does from its scheme)."""

    @property
    def owner_id(self) -> int: ...

    @property
    def visibility(self) -> str: ...


Record = TypeVar("Record", bound=OwnedRecord)


@dataclass(frozen=True)
class UserOrganisations:
    """A user's organisations: all (``member``), those with a write role (``writable``), those
    sharing at least one partnership with one of them (``partners``, own excluded), and those
    the user administers (``admin``)."""

    member: frozenset[int]
    writable: frozenset[int]
    partners: frozenset[int]
    admin: frozenset[int] = frozenset()


NO_ORGANISATIONS = UserOrganisations(frozenset(), frozenset(), frozenset())
_request_scope: ContextVar[dict[int, UserOrganisations] | None] = ContextVar(
    "partnerhomes_access_request_scope", default=None)


def begin_request(**_: Any) -> None:
    """Start keeping users' organisations for the request now being answered (this thread)."""
    _request_scope.set({})


def end_request(**_: Any) -> None:
    """Stop keeping them: the next request reads them afresh."""
    _request_scope.set(None)


def forget_organisations(**_: Any) -> None:
    """Forget what this request has kept (a membership or partnership has changed)."""
    kept = _request_scope.get()
    if kept is not None:
        kept.clear()


def _read_organisations(user_id: int) -> UserOrganisations:
    roles = dict(Membership.objects.filter(user_id=user_id)
                 .values_list("organisation_id", "role"))
    member = frozenset(roles)
    partners: frozenset[int] = frozenset()
    if member:
        through = Partnership.organisations.through
        partners = frozenset(through.objects.filter(
            partnership__organisations__in=member).values_list("organisation_id",
                                                                flat=True)) - member
    return UserOrganisations(member, frozenset(o for o, r in roles.items() if r in WRITE_ROLES),
                             partners, frozenset(o for o, r in roles.items() if r == Role.ADMIN))


def user_organisations(user: AnyUser) -> UserOrganisations:
    """The user's organisations, read once per request."""
    if not user.is_authenticated:
        return NO_ORGANISATIONS
    kept = _request_scope.get()
    user_id = int(user.pk)
    if kept is not None and user_id in kept:
        return kept[user_id]
    found = _read_organisations(user_id)
    if kept is not None:
        kept[user_id] = found
    return found


def member_organisation_ids(user: AnyUser) -> set[int]:
    """Organisations the user is a member of, with any role."""
    return set(user_organisations(user).member)


def writable_organisation_ids(user: AnyUser) -> set[int]:
    """Organisations in which the user may change records (analyst or admin)."""
    return set(user_organisations(user).writable)


def partner_organisation_ids(user: AnyUser) -> set[int]:
    """Organisations sharing at least one partnership with one of the user's organisations."""
    return set(user_organisations(user).partners)


def visible_filter(user: AnyUser, owner_field: str = "owner", via: str = "") -> Q:
    """A queryset filter selecting the records ``user`` may see; ``via`` (e.g. ``"scheme__"``)
    selects records that are seen with a related record.

    The user's organisations and partners enter the query as lists of ids (read once per
    request), which the database plans and Django compiles faster than subqueries.
    """
    if not user.is_authenticated:
        return Q(pk__in=[])
    orgs = user_organisations(user)
    owner, visibility = f"{via}{owner_field}_id__in", f"{via}visibility"
    found = Q(**{visibility: Visibility.PUBLIC})
    if orgs.member:
        found |= Q(**{owner: sorted(orgs.member)})
    if orgs.partners:
        found |= Q(**{visibility: Visibility.PARTNERSHIP, owner: sorted(orgs.partners)})
    return found


def can_view(user: AnyUser, record: OwnedRecord) -> bool:
    """Whether ``user`` may see ``record``."""
    if not user.is_authenticated:
        return False
    if record.visibility == Visibility.PUBLIC:
        return True
    if record.owner_id in member_organisation_ids(user):
        return True
    return (record.visibility == Visibility.PARTNERSHIP
            and record.owner_id in partner_organisation_ids(user))


def can_change(user: AnyUser, record: OwnedRecord) -> bool:
    """Whether ``user`` may change ``record``: analyst or admin of its owner."""
    return record.owner_id in writable_organisation_ids(user)


def change_checker(user: AnyUser) -> Callable[[OwnedRecord], bool]:
    """:func:`can_change` for many records of one page, reading the user's roles once."""
    writable = writable_organisation_ids(user)
    return lambda record: record.owner_id in writable


def can_write_for(user: AnyUser, organisation_id: int) -> bool:
    """Whether ``user`` may create records owned by the organisation (analyst or admin)."""
    return organisation_id in writable_organisation_ids(user)


def require_view(user: AnyUser, record: Record | None) -> Record:
    """``record`` if ``user`` may see it; otherwise 404, revealing nothing."""
    if record is None or not can_view(user, record):
        raise Http404("No such record.")
    return record


def require_change(user: AnyUser, record: Record | None) -> Record:
    """``record`` if ``user`` may change it; 404 if it may not even see it, else 403."""
    seen = require_view(user, record)
    if not can_change(user, seen):
        raise PermissionDenied("Changing this needs the analyst or admin role in its owner.")
    return seen


def require_write_for(user: AnyUser, organisation_id: int) -> None:
    """Raise 403 unless ``user`` may create records for the organisation."""
    if not can_write_for(user, organisation_id):
        raise PermissionDenied("This needs the analyst or admin role in that organisation.")


def require_writer_somewhere(user: AnyUser) -> None:
    """Raise 403 unless ``user`` is analyst or admin of at least one organisation."""
    if not writable_organisation_ids(user):
        raise PermissionDenied("This needs the analyst or admin role in an organisation.")


def partnership_writer_ids(user: AnyUser) -> set[int]:
    """Organisations in which ``user`` may create records and that are in a partnership: the
    ones that may record a partnership's governance (a record's owner must be in the
    partnership it is about)."""
    writable = writable_organisation_ids(user)
    return set(Organisation.objects.filter(pk__in=writable, partnerships__isnull=False)
               .values_list("id", flat=True))


def require_partnership_writer(user: AnyUser) -> None:
    """Raise 403 unless ``user`` is analyst or admin of an organisation in a partnership."""
    if not partnership_writer_ids(user):
        raise PermissionDenied("This needs the analyst or admin role in an organisation that "
                               "is in a partnership.")


# Organisations, memberships and partnerships (the administration pages).
#
# * An organisation is seen by its members and by members of its partners; others get 404.
# * Its members and their roles are seen, and members added, re-roled or removed, and its
#   details edited, by its admins only (403 for anyone else who may see it). The last admin
#   cannot be removed or re-roled (services.py refuses it).
# * A partnership is seen by members of its organisations (404 for others). Adding or removing
#   an organisation widens or narrows who sees every partnership-wide record of every member,
#   so it is done by an installation administrator (Django staff) once the partners agree,
#   never by one member's admin alone (decision 15).


def can_view_organisation(user: AnyUser, organisation_id: int) -> bool:
    """Whether ``user`` may see the organisation: a member of it or of a partner."""
    orgs = user_organisations(user)
    return organisation_id in orgs.member or organisation_id in orgs.partners


def can_administer_organisation(user: AnyUser, organisation_id: int) -> bool:
    """Whether ``user`` is an admin of the organisation."""
    return organisation_id in user_organisations(user).admin


def require_view_organisation(user: AnyUser, organisation: Organisation | None) -> Organisation:
    """``organisation`` if ``user`` may see it; otherwise 404."""
    if organisation is None or not can_view_organisation(user, organisation.pk):
        raise Http404("No such organisation.")
    return organisation


def require_organisation_admin(user: AnyUser, organisation: Organisation | None,
                               ) -> Organisation:
    """``organisation`` if ``user`` is its admin; 404 if it may not see it, else 403."""
    seen = require_view_organisation(user, organisation)
    if not can_administer_organisation(user, seen.pk):
        raise PermissionDenied("This needs the admin role in this organisation.")
    return seen


def can_view_partnership(user: AnyUser, organisation_ids: set[int]) -> bool:
    """Whether ``user`` may see a partnership of these organisations: a member of one of them,
    or an installation administrator."""
    return (bool(user_organisations(user).member & organisation_ids)
            or can_change_partnerships(user))


def can_change_partnerships(user: AnyUser) -> bool:
    """Whether ``user`` may add organisations to or remove them from partnerships: an active
    installation administrator (Django staff)."""
    return bool(user.is_authenticated and user.is_active and getattr(user, "is_staff", False))


def require_view_partnership(user: AnyUser, partnership: Partnership | None,
                             organisation_ids: set[int]) -> Partnership:
    """``partnership`` (of ``organisation_ids``) if ``user`` may see it; otherwise 404."""
    if partnership is None or not can_view_partnership(user, organisation_ids):
        raise Http404("No such partnership.")
    return partnership


def require_change_partnerships(user: AnyUser) -> None:
    """Raise 403 unless ``user`` may change which organisations are in a partnership."""
    if not can_change_partnerships(user):
        raise PermissionDenied("Only an installation administrator changes a partnership's "
                               "organisations.")


def signed_in(request: HttpRequest) -> User:
    """The signed-in user making ``request``; 403 for anyone else."""
    if not isinstance(request.user, User):
        raise PermissionDenied("Sign in first.")
    return request.user


def default_visibility(organisation: Organisation) -> str:
    """Housing associations' records start private; everyone else's start partnership-wide."""
    if organisation.kind == OrganisationKind.HOUSING_ASSOCIATION:
        return str(Visibility.PRIVATE)
    return str(Visibility.PARTNERSHIP)


def can_view_attended_notes(user: AnyUser, record: OwnedRecord, attendee_ids: set[int],
                            restricted: bool) -> bool:
    """Whether ``user`` may read a meeting's notes: whoever may see the meeting, except that
    ``restricted`` notes (a one-to-one's) are read only by members of the organisations that
    attended (governance, issue 8)."""
    if not can_view(user, record):
        return False
    return not restricted or bool(member_organisation_ids(user) & attendee_ids)
