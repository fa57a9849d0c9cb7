"""What ``serve`` does before gunicorn forks its workers, and the SQLite connection they keep."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.template import engines
from django.template.loaders.cached import Loader as CachedLoader

from partnerhomes.web.jobs.management.commands.serve import warm
from partnerhomes.web.settings import installation


def test_warm_compiles_every_project_template_once_for_the_workers() -> None:
    engine = engines["django"].engine  # type: ignore[attr-defined]  # the Django backend's
    loader = engine.template_loaders[0]
    assert isinstance(loader, CachedLoader)  # what makes compiling before the fork worth it
    loader.reset()
    compiled = warm()
    ours = sorted(p.relative_to(settings.WEB_DIR / "templates").as_posix()
                  for p in (settings.WEB_DIR / "templates").rglob("*.html"))
    assert compiled >= len(ours) > 20
    for name in ("base.html", "dashboard/dashboard.html", "sites/site_list.html"):
        assert name in ours
        assert name in loader.get_template_cache, name


def test_sqlite_connections_are_kept_and_postgres_ones_too(tmp_path: Path) -> None:
    sqlite = installation.database(None, tmp_path / "db.sqlite3")
    assert sqlite["CONN_MAX_AGE"] == installation.SQLITE_CONN_MAX_AGE > 0
    assert "journal_mode=WAL" in sqlite["OPTIONS"]["init_command"]  # readers beside a writer
    assert installation.database("postgresql://u:p@h:5432/n", tmp_path)["CONN_MAX_AGE"] > 0
