"""Tests: SQLite in memory unless ``DATABASE_URL`` names a (throwaway) PostgreSQL."""

from __future__ import annotations

import os

from partnerhomes.web.settings.base import *  # noqa: F403 (settings modules extend a base by design)
from partnerhomes.web.settings.base import DATA_DIR

SERVE_STATIC = True
if not os.environ.get("DATABASE_URL"):
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
# Argon2 at its cheapest parameters would still dominate the persona matrix; tests use MD5.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
UPLOAD_DIR = DATA_DIR / "test-uploads"
