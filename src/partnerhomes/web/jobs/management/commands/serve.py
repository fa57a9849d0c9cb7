"""``serve``: migrate, start the job worker and serve HTTP with gunicorn until stopped.

Several gunicorn worker processes answer requests (one Python process is bound by its global
interpreter lock); the job worker runs as a process of its own beside them and stops with
this one. See docs/decisions/0013-serving-with-gunicorn.md.

Before gunicorn forks its workers, this process loads the application, imports the URL
configuration (and with it every view) and compiles the project's templates (:func:`warm`), so
that each worker starts with them instead of paying for them on its first requests.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.core.servers.basehttp import get_internal_wsgi_application
from django.db import connections
from django.template import TemplateDoesNotExist, engines
from django.urls import get_resolver, reverse
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


def warm() -> int:
    """Import the URL configuration (every view and the API), build its reverse map and
    compile the project's own templates, in this process; returns how many templates."""
    get_resolver().url_patterns  # noqa: B018 (the property imports the URLconf)
    reverse("dashboard")  # builds the reverse map every page's links use
    compiled = 0
    for engine in engines.all():
        for folder in getattr(engine, "template_dirs", ()):
            for path in sorted(Path(folder).rglob("*.html")):
                try:
                    engine.get_template(path.relative_to(folder).as_posix())
                except TemplateDoesNotExist:
                    continue
                compiled += 1
    return compiled


class Command(BaseCommand):
    help = "Serve PartnerHomes (migrating the database first) with the background job worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=default_workers(),
                            help="HTTP worker processes (default: 2 per CPU, 2 to 8).")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", verbosity=0)
        application = get_internal_wsgi_application()
        warm()  # before the fork: every worker starts with the views and templates loaded
        connections.close_all()  # workers are forked: none may inherit an open connection
        jobs = subprocess.Popen([sys.executable, "-m", "partnerhomes.web", "run_jobs",
                                 "--stop-with-parent"])
        address = f"{options['host']}:{options['port']}"
        self.stdout.write(f"PartnerHomes on http://{address}/ with {options['workers']} "
                          "workers (Ctrl+C to stop)")
        self.stdout.flush()
        try:
            Server(application, {
                "bind": address, "workers": options["workers"], "worker_class": "gthread",
                "preload_app": True,
                "threads": THREADS, "accesslog": None, "errorlog": "-", "loglevel": "warning",
                "proc_name": "partnerhomes"}).run()
        finally:
            jobs.terminate()
            jobs.wait(timeout=10)
