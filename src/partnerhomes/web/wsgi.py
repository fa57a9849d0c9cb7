"""WSGI entry point for a production server (settings default to ``prod``)."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerhomes.web.settings.prod")
application = get_wsgi_application()
