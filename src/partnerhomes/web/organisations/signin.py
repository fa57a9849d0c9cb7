"""Sign-in with throttling: after too many failures for a username, refuse for a while.

Failures are stored in the database (``FailedSignIn``) so every server process sees them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone

from partnerhomes.web.organisations.models import FailedSignIn


def is_throttled(username: str) -> bool:
    """Whether ``username`` has reached the failure limit within the window."""
    since = timezone.now() - dt.timedelta(seconds=settings.SIGNIN_WINDOW_SECONDS)
    recent = FailedSignIn.objects.filter(username=username.lower(), at__gte=since).count()
    return recent >= int(settings.SIGNIN_MAX_FAILURES)


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's sign-in form, refusing throttled usernames and recording failures."""

    def clean(self) -> dict[str, Any]:
        username = str(self.data.get("username", "")).strip()
        if username and is_throttled(username):
            raise forms.ValidationError(
                "Too many failed sign-in attempts for this username. Try again in 15 minutes.",
                code="throttled")
        try:
            return super().clean()
        except forms.ValidationError:
            if username:
                FailedSignIn.objects.create(username=username.lower())
            raise
