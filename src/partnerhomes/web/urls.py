"""URL configuration: pages, the API and (when configured) the vendored static files."""

from __future__ import annotations

from django.conf import settings
from django.contrib.staticfiles.views import serve
from django.urls import URLPattern, URLResolver, include, path, re_path

from partnerhomes.web.api import api
from partnerhomes.web.assumptions import views as assumptions
from partnerhomes.web.dashboard import views as dashboard
from partnerhomes.web.jobs import views as jobs
from partnerhomes.web.organisations import views as organisations
from partnerhomes.web.programmes import views as programmes
from partnerhomes.web.schemes import vehicle_views
from partnerhomes.web.schemes import views as schemes
from partnerhomes.web.sites import views as sites

urlpatterns: list[URLPattern | URLResolver] = [
    path("", dashboard.dashboard, name="dashboard"),
    path("signin/", organisations.signin, name="signin"),
    path("signout/", organisations.signout, name="signout"),
    path("account/", organisations.account, name="account"),
    path("account/password/", organisations.password_change, name="password_change"),
    path("organisations/", organisations.organisation_list, name="organisation_list"),
    path("organisations/<int:organisation_id>/", organisations.organisation_detail,
         name="organisation_detail"),
    path("organisations/<int:organisation_id>/edit/", organisations.organisation_edit,
         name="organisation_edit"),
    path("organisations/<int:organisation_id>/members/new/", organisations.member_add,
         name="member_add"),
    path("organisations/<int:organisation_id>/members/<int:membership_id>/",
         organisations.member_edit, name="member_edit"),
    path("partnerships/<int:partnership_id>/", organisations.partnership_detail,
         name="partnership_detail"),
    path("sites/", sites.site_list, name="site_list"),
    path("sites/map/", sites.site_map, name="site_map"),
    path("sites/import/", sites.site_import, name="site_import"),
    path("sites/<int:site_id>/", sites.site_detail, name="site_detail"),
    path("sites/<int:site_id>/appraise/", schemes.site_appraise, name="site_appraise"),
    path("schemes/", schemes.scheme_list, name="scheme_list"),
    path("schemes/new/", schemes.scheme_create, name="scheme_create"),
    path("schemes/<int:scheme_id>/", schemes.scheme_detail, name="scheme_detail"),
    path("schemes/<int:scheme_id>/edit/", schemes.scheme_edit, name="scheme_edit"),
    path("schemes/<int:scheme_id>/appraise/", schemes.scheme_appraise, name="scheme_appraise"),
    path("vehicles/", vehicle_views.vehicle_compare, name="vehicle_compare"),
    path("appraisals/<int:run_id>/", schemes.run_detail, name="run_detail"),
    path("appraisals/<int:run_id>/workbook.xlsx", schemes.run_workbook, name="run_workbook"),
    path("programmes/", programmes.programme_list, name="programme_list"),
    path("programmes/new/", programmes.programme_create, name="programme_create"),
    path("programmes/<int:programme_id>/", programmes.programme_detail,
         name="programme_detail"),
    path("programmes/<int:programme_id>/edit/", programmes.programme_edit,
         name="programme_edit"),
    path("programmes/<int:programme_id>/plan/", programmes.programme_plan,
         name="programme_plan"),
    path("programmes/<int:programme_id>/programme.yaml", programmes.programme_file,
         name="programme_file"),
    path("programmes/<int:programme_id>/sites.csv", programmes.programme_sites,
         name="programme_sites"),
    path("plans/<int:run_id>/", programmes.plan_detail, name="plan_detail"),
    path("plans/<int:run_id>/summary.html", programmes.plan_summary, name="plan_summary"),
    path("governance/", include("partnerhomes.web.governance.urls")),
    path("delivery/", include("partnerhomes.web.delivery.urls")),
    path("imports/", sites.import_list, name="import_list"),
    path("imports/<int:run_id>/", sites.import_detail, name="import_detail"),
    path("jobs/<int:job_id>/", jobs.job_detail, name="job_detail"),
    path("assumptions/", assumptions.parameter_list, name="parameter_list"),
    path("assumptions/parameters/<str:name>/", assumptions.parameter_detail,
         name="parameter_detail"),
    path("assumptions/overlays/new/", assumptions.overlay_create, name="overlay_create"),
    path("assumptions/overlays/<int:overlay_id>/", assumptions.overlay_detail,
         name="overlay_detail"),
    path("api/", api.urls),
]

if getattr(settings, "SERVE_STATIC", False):
    # A small installation serves its own vendored static files (no separate web server).
    urlpatterns.append(re_path(r"^static/(?P<path>.*)$", serve, {"insecure": True}))
