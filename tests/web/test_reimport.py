"""A site imported again is the same site: its row, and so its delivery record and the
schemes made from it, survive; its fields take the new import's values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from partnerhomes.reports.delivery import Homes
from partnerhomes.web.delivery.models import DeliveryRecord
from partnerhomes.web.delivery.services import stage_write
from partnerhomes.web.organisations.models import AuditEvent
from partnerhomes.web.sites import services
from partnerhomes.web.sites.models import Site

from .personas import Cast

SAMPLE = (Path(__file__).parent.parent / "sites" / "data"
          / "planning-data-brownfield-land-sample.csv")


def test_reimport_updates_a_site_in_place_and_keeps_its_delivery_record(
        cast: Cast, tmp_path: Path) -> None:
    owner = cast.organisations["partner"]
    first = services.import_run_create(actor_id=None, owner=owner, paths=[SAMPLE],
                                       visibility="private")
    site = Site.objects.get(owner=owner, site_reference="TEST-CP-1")
    stage_write(actor=None, site=site, stage="identified", planned=dt.date(2026, 1, 5),
                actual=dt.date(2026, 1, 5), homes=Homes(), today=dt.date(2026, 2, 1))

    changed = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    changed.loc[changed["reference"] == "TEST-CP-1", "maximum-net-dwellings"] = "44"
    path = tmp_path / "register-again.csv"
    changed.to_csv(path, index=False)
    second = services.import_run_create(actor_id=None, owner=owner, paths=[path],
                                        visibility="partnership")

    again = Site.objects.get(owner=owner, site_reference="TEST-CP-1")
    assert again.pk == site.pk
    assert again.maximum_net_dwellings == 44 and again.visibility == "partnership"
    assert again.import_run_id == second.pk
    assert DeliveryRecord.objects.filter(site=again).exists()
    assert Site.objects.filter(owner=owner).count() == first.n_accepted
    event = AuditEvent.objects.get(action="sites_import", object_id=str(second.pk))
    assert event.detail["n_replaced"] == first.n_accepted


def test_a_site_new_to_the_owner_is_created_beside_another_owners_copy(cast: Cast) -> None:
    services.import_run_create(actor_id=None, owner=cast.organisations["partner"],
                               paths=[SAMPLE], visibility="private")
    run = services.import_run_create(actor_id=None, owner=cast.organisations["owner"],
                                     paths=[SAMPLE], visibility="private")
    assert Site.objects.filter(import_run=run).count() == run.n_accepted > 0
    assert Site.objects.filter(site_reference="TEST-CP-1").count() == 2
