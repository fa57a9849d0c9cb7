"""Governance URLs, included under ``/governance/``."""

from __future__ import annotations

from django.urls import URLPattern, path

from partnerhomes.web.governance import edit_views, views

urlpatterns: list[URLPattern] = [
    path("", views.overview, name="governance_overview"),
    path("actions.csv", views.actions_csv, name="governance_actions_csv"),
    path("commitments.csv", views.commitments_csv, name="governance_commitments_csv"),
    path("members/new/", edit_views.member_join, name="governance_member_join"),
    path("members/<int:member_id>/", views.member_detail, name="governance_member"),
    path("members/<int:member_id>/leave/", edit_views.member_leave,
         name="governance_member_leave"),
    path("members/<int:member_id>/representatives/new/", edit_views.representative_add,
         name="governance_representative_add"),
    path("representatives/<int:representative_id>/edit/", edit_views.representative_edit,
         name="governance_representative_edit"),
    path("ambitions/new/", edit_views.ambition_create, name="governance_ambition_create"),
    path("ambitions/<int:ambition_id>/edit/", edit_views.ambition_edit,
         name="governance_ambition_edit"),
    path("ambitions/<int:ambition_id>/measures/new/", edit_views.measure_create,
         name="governance_measure_create"),
    path("measures/<int:measure_id>/edit/", edit_views.measure_edit,
         name="governance_measure_edit"),
    path("meetings/new/", edit_views.meeting_create, name="governance_meeting_create"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="governance_meeting"),
    path("meetings/<int:meeting_id>/edit/", edit_views.meeting_edit,
         name="governance_meeting_edit"),
    path("meetings/<int:meeting_id>/decisions/", views.decision_record,
         name="governance_decision_record"),
    path("meetings/<int:meeting_id>/actions/", views.action_record,
         name="governance_action_record"),
    path("actions/<int:action_id>/status/", edit_views.action_status,
         name="governance_action_status"),
    path("phases/new/", edit_views.phase_create, name="governance_phase_create"),
    path("phases/<int:phase_id>/edit/", edit_views.phase_edit, name="governance_phase_edit"),
    path("commitments/new/", edit_views.commitment_create,
         name="governance_commitment_create"),
    path("commitments/<int:commitment_id>/", views.commitment_detail,
         name="governance_commitment"),
    path("commitments/<int:commitment_id>/edit/", edit_views.commitment_edit,
         name="governance_commitment_edit"),
    path("commitments/<int:commitment_id>/milestones/new/", edit_views.milestone_add,
         name="governance_milestone_add"),
    path("milestones/<int:milestone_id>/edit/", edit_views.milestone_edit,
         name="governance_milestone_edit"),
]
