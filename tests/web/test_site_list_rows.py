"""The site list's rows written in Python: every value escaped, the same cells as before, the
count and pagination unchanged."""

from __future__ import annotations

from django.test import Client

from partnerhomes.web.sites.models import Site
from partnerhomes.web.sites.views import site_rows_html

from .personas import Cast


def test_row_values_are_escaped() -> None:
    html = site_rows_html([{
        "id": 7, "site_name_address": '<script>alert("x")</script> & Co', "site_reference": "R",
        "gss_code": "E07000069", "owner__name": "A & B", "category": "council_land",
        "pipeline_stage": None, "maximum_net_dwellings": 12, "hectares": 1.5,
        "visibility": "private"}], "/sites/")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in html
    assert 'href="/sites/7/"' in html and "A &amp; B" in html
    assert html.count('<td class="govuk-table__cell') == 8
    assert ">12</td>" in html and ">1.5</td>" in html


def test_reference_shown_when_no_name() -> None:
    html = site_rows_html([{
        "id": 1, "site_name_address": "", "site_reference": "REF-9", "gss_code": "",
        "owner__name": "O", "category": "", "pipeline_stage": "", "maximum_net_dwellings": None,
        "hectares": None, "visibility": "public"}], "/sites/")
    assert ">REF-9</a>" in html


def test_list_pages_count_and_empty(cast: Cast) -> None:
    owner = cast.organisations["owner"]
    Site.objects.bulk_create([
        Site(owner=owner, visibility="private", import_run=cast.run, gss_code="E07000069",
             site_reference=f"X{i:03d}", site_name_address=f"Extra {i}", record={})
        for i in range(60)])
    client = Client()
    client.force_login(cast.users[("owner", "viewer")])
    page = client.get("/sites/").content.decode()
    assert "63 sites" in page and "Page 1 of 2" in page
    assert page.count('<tr class="govuk-table__row"><td class="govuk-table__cell"><a') == 50
    second = client.get("/sites/?page=2").content.decode()
    assert second.count('<tr class="govuk-table__row"><td class="govuk-table__cell"><a') == 13
    assert "No sites match." in client.get("/sites/?text=nothing-like-this").content.decode()
    outsider = Client()
    outsider.force_login(cast.users[("outsider", "viewer")])
    assert "1 sites" in outsider.get("/sites/").content.decode()
