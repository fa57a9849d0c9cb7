"""Delivery URLs, included under ``/delivery/``."""

from __future__ import annotations

from django.urls import URLPattern, path

from partnerhomes.web.delivery import views

urlpatterns: list[URLPattern] = [
    path("", views.record_list, name="delivery_list"),
    path("records.csv", views.records_csv, name="delivery_records_csv"),
    path("board/", views.board, name="delivery_board"),
    path("board/print/", views.board_print, name="delivery_board_print"),
    path("sites/<int:site_id>/", views.site_delivery, name="delivery_site"),
    path("sites/<int:site_id>/stages/", views.stage_save, name="delivery_stage_save"),
    path("sites/<int:site_id>/flags/", views.flags_save, name="delivery_flags_save"),
]
