"""Local use and the demo: served on the loopback interface by ``partnerhomes serve``."""

from __future__ import annotations

from partnerhomes.web.settings.base import *  # noqa: F403 (settings modules extend a base by design)

DEBUG = False  # the demo serves its vendored static files itself (see urls.py), no debug pages
SERVE_STATIC = True
