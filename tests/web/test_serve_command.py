"""``partnerhomes serve`` (cli/serve.py) serves an installation; stopped by the test."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

SCRIPT = """
import typer
from partnerhomes.cli.serve import serve
app = typer.Typer()
app.command()(serve)
app()
"""


def test_serve_answers_the_sign_in_page(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    server = subprocess.Popen([sys.executable, "-c", SCRIPT, "--port", str(port),
                               "--data-dir", str(tmp_path)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        status = 0
        for _ in range(150):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/signin/",
                                            timeout=2) as response:
                    status = response.status
                break
            except OSError:
                time.sleep(0.1)
        assert status == 200
        assert (tmp_path / "db.sqlite3").exists() and (tmp_path / "secret_key").exists()
    finally:
        server.terminate()
        server.wait(timeout=10)
