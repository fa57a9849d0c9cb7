"""The worker: a daemon thread in the serving process that polls for queued jobs."""

from __future__ import annotations

import os
import threading

from django.db import close_old_connections

from partnerhomes.web.jobs import services

POLL_SECONDS = 1.0


def run_forever(stop: threading.Event) -> None:
    """Run queued jobs, then sleep ``POLL_SECONDS``, until ``stop`` is set."""
    services.job_fail_abandoned()
    while not stop.is_set():
        close_old_connections()
        services.job_run_pending()
        stop.wait(POLL_SECONDS)


def start_thread() -> threading.Event:
    """Start the worker thread; set the returned event to stop it."""
    stop = threading.Event()
    threading.Thread(target=run_forever, args=(stop,), name="partnerhomes-jobs",
                     daemon=True).start()
    return stop


def stop_when_orphaned(parent: int, stop: threading.Event) -> None:
    """Set ``stop`` once the process ``parent`` has ended (this one is then re-parented)."""
    while not stop.wait(POLL_SECONDS):
        if os.getppid() != parent:
            stop.set()
