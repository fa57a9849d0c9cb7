"""Django app configuration."""

from __future__ import annotations

from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "partnerhomes.web.organisations"
    label = "organisations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Keep each user's organisations for one request only, and forget them when a
        membership or partnership changes (``access.user_organisations``)."""
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from partnerhomes.web.organisations import access
        from partnerhomes.web.organisations.models import Membership, Partnership

        request_started.connect(access.begin_request, dispatch_uid="access_begin_request")
        request_finished.connect(access.end_request, dispatch_uid="access_end_request")
        for signal in (post_save, post_delete):
            signal.connect(access.forget_organisations, sender=Membership,
                           dispatch_uid=f"access_forget_membership_{id(signal)}")
            signal.connect(access.forget_organisations, sender=Partnership,
                           dispatch_uid=f"access_forget_partnership_{id(signal)}")
        m2m_changed.connect(access.forget_organisations, sender=Partnership.organisations.through,
                            dispatch_uid="access_forget_partnership_organisations")
