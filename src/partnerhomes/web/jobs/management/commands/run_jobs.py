"""``run_jobs``: run queued jobs in a process of their own (``--once`` to drain and stop)."""

from __future__ import annotations

import os
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from partnerhomes.web.jobs import services, worker


class Command(BaseCommand):
    help = "Run queued background jobs (a separate worker, e.g. beside a production server)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run what is queued, then stop.")
        parser.add_argument("--stop-with-parent", action="store_true",
                            help="Stop when the process that started this one ends.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["once"]:
            self.stdout.write(f"{services.job_run_pending()} job(s) run")
            return
        stop = threading.Event()
        if options["stop_with_parent"]:
            parent = os.getppid()
            threading.Thread(target=worker.stop_when_orphaned, args=(parent, stop),
                             daemon=True).start()
        worker.run_forever(stop)
