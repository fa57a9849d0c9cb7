"""``python -m partnerhomes.web``: Django's manage.py for the PartnerHomes web platform."""

from __future__ import annotations

import os
import sys

from django.core.management import execute_from_command_line


def main() -> None:
    """Run a management command; settings default to ``partnerhomes.web.settings.dev``."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerhomes.web.settings.dev")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
