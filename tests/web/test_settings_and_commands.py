"""Production settings pass Django's deploy checks; the demo loads; secrets are per install."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from partnerhomes.web.organisations.models import Membership, Organisation
from partnerhomes.web.programmes.models import Programme
from partnerhomes.web.programmes.selectors import sites_table_visible_to
from partnerhomes.web.sites.models import Site


def _manage(args: list[str], data_dir: Path, settings: str,
            extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings,
           "PARTNERHOMES_DATA_DIR": str(data_dir), **(extra or {})}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the e2e tests; never in deployment
    return subprocess.run([sys.executable, "-m", "partnerhomes.web", *args], env=env,
                          capture_output=True, text=True, check=False, timeout=120)


def test_prod_settings_pass_check_deploy(tmp_path: Path) -> None:
    done = _manage(["check", "--deploy", "--fail-level", "WARNING"], tmp_path,
                   "partnerhomes.web.settings.prod",
                   {"PARTNERHOMES_ALLOWED_HOSTS": "partnerhomes.example.org"})
    assert done.returncode == 0, done.stdout + done.stderr


def test_secret_key_is_generated_per_installation_and_kept(tmp_path: Path) -> None:
    from partnerhomes.web.settings import installation

    (tmp_path / "a").mkdir()
    first = installation.secret_key(tmp_path / "a")
    again = installation.secret_key(tmp_path / "a")
    other = installation.secret_key(tmp_path)
    assert first == again != other and len(first) >= 50
    assert oct((tmp_path / "a" / "secret_key").stat().st_mode & 0o777) == "0o600"


@pytest.mark.django_db
def test_load_demo_creates_four_users_in_three_organisations(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("load_demo", out=tmp_path / "demo", plan=False)  # the plan: test_demo_load
    printed = capsys.readouterr().out
    memberships = Membership.objects.select_related("organisation", "user")
    assert len({m.organisation_id for m in memberships}) == 3 and len(memberships) == 4
    for membership in memberships:
        assert membership.user.username in printed
    assert {m.user.username for m in memberships if m.role == "admin"} == {"castlepoint-admin"}
    assert "castlepoint-admin may also manage" in printed
    assert "Appraised the typology schemes of" in printed and "Programme to plan" in printed
    assert Site.objects.count() == 150
    saltmarsh = Organisation.objects.get(name="Saltmarsh Homes (illustrative)")
    assert set(Site.objects.filter(owner=saltmarsh).values_list("visibility", flat=True)) == {
        "private"}
    programme = Programme.objects.get()
    assert programme.owner.name == "Castle Point Borough Council"
    assert programme.visibility == "partnership" and programme.document["is_illustrative"]
    assert "sites" not in programme.document and programme.name in printed
    castlepoint = User.objects.get(username="castlepoint")
    table, _ = sites_table_visible_to(castlepoint, [c["gss_code"] for c in
                                                    programme.document["councils"]])
    assert 0 < len(table) < 150  # partners' private sites stay out of the council's plan
