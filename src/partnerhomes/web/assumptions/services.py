"""Writes for assumptions: save an organisation's overlay after checking it against the tree."""

from __future__ import annotations

import yaml
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from partnerhomes.parameters import ParameterError, load_tree
from partnerhomes.parameters.load import read_yaml
from partnerhomes.parameters.overlay import apply_overlay, parse_overlay
from partnerhomes.web.assumptions.models import Overlay
from partnerhomes.web.organisations import access
from partnerhomes.web.organisations.models import Organisation
from partnerhomes.web.organisations.services import audit_record


class OverlayError(ValueError):
    """The overlay text is not a valid overlay of the tree; the message lists every problem."""


def overlay_check(text: str, source: str) -> str:
    """The overlay's name if ``text`` is a valid overlay of the tree; else :class:`OverlayError`.
    """
    try:
        parsed = parse_overlay(read_yaml(text), source)
        apply_overlay(load_tree(), parsed)
    except (ParameterError, yaml.YAMLError) as error:
        raise OverlayError(str(error)) from error
    return parsed.name


@transaction.atomic
def overlay_create(*, actor: AbstractBaseUser, owner: Organisation, text: str,
                   visibility: str) -> Overlay:
    """Check and save a new overlay for ``owner`` (analyst or admin), audited."""
    access.require_write_for(actor, owner.pk)
    name = overlay_check(text, "the overlay you entered")
    overlay = Overlay.objects.create(owner=owner, name=name, text=text, visibility=visibility,
                                     created_by_id=actor.pk)
    audit_record(actor=actor, organisation=owner, action="overlay_create",
                 object_type="overlay", object_id=overlay.pk,
                 detail={"name": name, "visibility": visibility})
    return overlay
