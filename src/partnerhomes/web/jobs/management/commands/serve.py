"""``serve``: migrate, start the job worker and serve HTTP with gunicorn until stopped.

Several gunicorn worker processes answer requests (one Python process is bound by its global
interpreter lock); the job worker runs as a process of its own beside them and stops with
this one. See docs/decisions/0013-serving-with-gunicorn.md.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.core.servers.basehttp import get_internal_wsgi_application
from django.db import connections
from gunicorn.app.base import BaseApplication  # type: ignore[import-untyped]  # no stubs

THREADS = 4  # per worker: a slow or idle connection does not hold a whole process


def default_workers() -> int:
    """Two worker processes per CPU, at least two and at most eight."""
    return max(2, min(8, 2 * (os.cpu_count() or 1)))


class Server(BaseApplication):  # type: ignore[misc]  # gunicorn ships no type information
    """gunicorn serving the already-configured Django application."""

    def __init__(self, application: WSGIHandler, options: dict[str, Any]) -> None:
        self.application = application
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> WSGIHandler:
        return self.application


class Command(BaseCommand):
    help = "Serve PartnerHomes (migrating the database first) with the background job worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=default_workers(),
                            help="HTTP worker processes (default: 2 per CPU, 2 to 8).")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", verbosity=0)
        connections.close_all()  # workers are forked: none may inherit an open connection
        jobs = subprocess.Popen([sys.executable, "-m", "partnerhomes.web", "run_jobs",
                                 "--stop-with-parent"])
        address = f"{options['host']}:{options['port']}"
        self.stdout.write(f"PartnerHomes on http://{address}/ with {options['workers']} "
                          "workers (Ctrl+C to stop)")
        self.stdout.flush()
        try:
            Server(get_internal_wsgi_application(), {
                "bind": address, "workers": options["workers"], "worker_class": "gthread",
                "threads": THREADS, "accesslog": None, "errorlog": "-", "loglevel": "warning",
                "proc_name": "partnerhomes"}).run()
        finally:
            jobs.terminate()
            jobs.wait(timeout=10)
