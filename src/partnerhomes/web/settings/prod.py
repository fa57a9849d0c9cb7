"""Production: behind TLS. ``PARTNERHOMES_ALLOWED_HOSTS`` is a comma-separated list of hosts.

Passes ``python -m partnerhomes.web check --deploy`` (tested).
"""

from __future__ import annotations

import os

from partnerhomes.web.settings.base import *  # noqa: F403 (settings modules extend a base by design)

DEBUG = False
SERVE_STATIC = os.environ.get("PARTNERHOMES_SERVE_STATIC", "") == "1"
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("PARTNERHOMES_ALLOWED_HOSTS", "").split(",")
                 if h.strip()]
CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS]
SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
