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
    """A user's organisations: all (``member``), those with a write role (``writable``), and
    those sharing at least one partnership with one of them (``partners``, own excluded)."""

    member: frozenset[int]
    writable: frozenset[int]
    partners: frozenset[int]


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
                             partners)


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
