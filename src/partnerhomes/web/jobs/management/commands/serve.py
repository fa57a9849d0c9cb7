"""``serve``: migrate, start the job worker thread and serve HTTP until interrupted.

Uses Django's threaded WSGI server: enough for a partnership's own installation on one machine
(see docs/decisions/0012-serving.md); a larger deployment runs ``partnerhomes.web.wsgi`` under a
production WSGI server and ``run_jobs`` beside it.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.core.servers.basehttp import WSGIServer, get_internal_wsgi_application, run

from partnerhomes.web.jobs import worker


class Command(BaseCommand):
    help = "Serve PartnerHomes (migrating the database first) with the background job worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", verbosity=0)
        stop = worker.start_thread()
        self.stdout.write(f"PartnerHomes on http://{options['host']}:{options['port']}/ "
                          "(Ctrl+C to stop)")
        try:
            run(options["host"], options["port"], get_internal_wsgi_application(),
                threading=True, server_cls=WSGIServer)
        except KeyboardInterrupt:
            pass
        finally:
            stop.set()
