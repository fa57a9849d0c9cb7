"""Per-installation state: the data folder, the generated secret key and the database URL.

The secret key is generated on first use into ``<data folder>/secret_key`` (mode 600) and never
committed; the data folder is ``$PARTNERHOMES_DATA_DIR`` or ``var/`` under the working directory.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

SQLITE_CONN_MAX_AGE = 600
"""Seconds a serving thread keeps its SQLite connection (no server that could drop it)."""


def data_dir() -> Path:
    """The installation's data folder (database, uploads, secret key), created if missing."""
    folder = Path(os.environ.get("PARTNERHOMES_DATA_DIR") or Path.cwd() / "var").resolve()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def secret_key(folder: Path) -> str:
    """The installation's secret key, generated once into ``folder / 'secret_key'``."""
    path = folder / "secret_key"
    if not path.exists():
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_urlsafe(64))
    return path.read_text(encoding="utf-8").strip()


def database(url: str | None, sqlite_path: Path) -> dict[str, Any]:
    """Django ``DATABASES['default']`` from a ``postgresql://user:pass@host:port/name`` URL,
    or SQLite at ``sqlite_path`` when ``url`` is empty.

    Examples
    --------
    >>> database("postgresql://ph:s%40cret@127.0.0.1:5433/ph", Path("x"))["PASSWORD"]
    's@cret'
    >>> database(None, Path("db.sqlite3"))["ENGINE"]
    'django.db.backends.sqlite3'
    """
    if not url:
        # Several server processes share the file: write-ahead logging lets them read while
        # one writes, and IMMEDIATE transactions take the write lock up front (no deadlock).
        # Each serving thread keeps its connection between requests (CONN_MAX_AGE, seconds):
        # opening one and running the PRAGMAs costs about 0.6 ms a request. Connections are
        # opened after gunicorn forks (serve closes its own first), one per thread; an idle
        # connection in autocommit holds no lock and no snapshot, so it blocks no writer.
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(sqlite_path),
                "CONN_MAX_AGE": SQLITE_CONN_MAX_AGE,
                "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE",
                            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}}
    parsed = urlparse(url)
    if parsed.scheme not in ("postgres", "postgresql"):
        raise ValueError(f"DATABASE_URL: only postgresql:// URLs are supported, not {url!r}")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parsed.path.lstrip("/")),
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": parsed.hostname or "",
        "PORT": str(parsed.port or ""),
        "CONN_MAX_AGE": 60,
    }
