"""``partnerhomes serve``: serve an existing installation of the web platform.

Replaces itself with ``python -m partnerhomes.web serve``: the CLI never imports Django
(the import-linter contracts keep ``cli`` and ``web`` independent).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    data_dir: Annotated[Path | None, typer.Option(
        "--data-dir", help="Installation folder (database, secret key, uploads) "
                           "[default: $PARTNERHOMES_DATA_DIR, else ./var].")] = None,
) -> None:
    """Serve PartnerHomes on http://HOST:PORT (migrating first), with its job worker."""
    env = dict(os.environ)
    if data_dir is not None:
        env["PARTNERHOMES_DATA_DIR"] = str(data_dir)
    command = [sys.executable, "-m", "partnerhomes.web", "serve", "--host", host,
               "--port", str(port)]
    os.execve(sys.executable, command, env)  # the server replaces this process: signals reach it
