"""Governance URLs, included under ``/governance/``."""

from __future__ import annotations

from django.urls import URLPattern, path

from partnerhomes.web.governance import views

urlpatterns: list[URLPattern] = [
    path("", views.overview, name="governance_overview"),
    path("actions.csv", views.actions_csv, name="governance_actions_csv"),
    path("commitments.csv", views.commitments_csv, name="governance_commitments_csv"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="governance_meeting"),
    path("meetings/<int:meeting_id>/decisions/", views.decision_record,
         name="governance_decision_record"),
    path("meetings/<int:meeting_id>/actions/", views.action_record,
         name="governance_action_record"),
]
