"""``run_jobs``: run queued jobs in a process of their own (``--once`` to drain and stop)."""

from __future__ import annotations

import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from partnerhomes.web.jobs import services, worker


class Command(BaseCommand):
    help = "Run queued background jobs (a separate worker, e.g. beside a production server)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run what is queued, then stop.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["once"]:
            self.stdout.write(f"{services.job_run_pending()} job(s) run")
            return
        worker.run_forever(threading.Event())
