"""Web platform under load: the dashboard and the site list with 5,000 sites, 20 concurrent
clients on loopback. Prints JSON: p50/p95 latency [ms], requests and errors per page.

Serves with ``python -m partnerhomes.web serve`` (what ``partnerhomes serve`` runs) on a fresh
SQLite installation in a temporary folder. Target: p95 < 300 ms, no errors.

Measuring starts once the server has finished starting (its processes idle: the job worker
boots beside the HTTP workers). The server runs several worker processes; ``serve`` imports
the views and compiles the templates before they fork, so a worker's first request of a page
costs only about 10-20 ms more than later ones (measured: first sign-in page 10-12 ms, first
dashboard 24-26 ms, first site list 17-20 ms; mostly the new SQLite connection's empty page
cache; docs/methodology/web.md "Speed"). Before each page is measured it is still requested by
the same 20 clients a few times on fresh connections, so that every worker has answered it;
those warm-up requests are reported apart (``warmup``: their slowest time and errors) and not
counted in p50/p95.

Latency depends on whatever else the machine runs; ``server_cpu_ms_per_request`` (the CPU time
the server's processes used during the measured requests, divided by their number) does not,
so it is reported beside it.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

N_SITES = 5_000
CLIENTS = 20
REQUESTS_PER_CLIENT = 20
PAGES = {"dashboard": "/", "site_list": "/sites/",
         "site_list_filtered": "/sites/?category=council_land"}
WARMUP_ROUNDS = 3  # fresh connections each round, so every worker process is reached
WARMUP_REQUESTS = 2
PASSWORD = "bench-password-not-secret"


def seed(data_dir: Path) -> None:
    """Migrate and write 5,000 sites owned by one council, and a viewer to sign in as."""
    os.environ["PARTNERHOMES_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "partnerhomes.web.settings.dev"
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from partnerhomes.web.organisations.models import Membership, Organisation
    from partnerhomes.web.sites.models import ImportRun, Site

    call_command("migrate", verbosity=0)
    owner = Organisation.objects.create(name="Bench Council", kind="council")
    run = ImportRun.objects.create(owner=owner, visibility="partnership", files=["bench.csv"])
    codes = ("E07000066", "E07000068", "E07000069", "E07000075", "E06000033", "E06000034")
    categories = ("council_land", "brownfield_register", "housing_association_land")
    Site.objects.bulk_create([
        Site(owner=owner, visibility="partnership", import_run=run, gss_code=codes[i % 6],
             site_reference=f"B{i:05d}", site_name_address=f"Bench site {i}, Essex",
             longitude=0.4 + (i % 100) / 250, latitude=51.5 + (i // 100) / 250,
             hectares=1.0 + i % 7, maximum_net_dwellings=10 + i % 90,
             category=categories[i % 3], pipeline_stage="identified", record={"i": i})
        for i in range(N_SITES)], batch_size=1000)
    user = User.objects.create_user("bench", password=PASSWORD)
    Membership.objects.create(user=user, organisation=owner, role="viewer")


def server_cpu_seconds(root: int) -> float:
    """CPU time [s] used so far by the server process and its descendants (gunicorn workers,
    the job worker), from /proc: a figure that, unlike latency, does not depend on what else
    the machine is running. NaN where /proc is not available."""
    proc = Path("/proc")
    if not proc.is_dir():
        return float("nan")
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for stat in proc.glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        times[pid] = (int(fields[11]) + int(fields[12])) / tick
    family, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in family} - family
        family |= more
        grew = bool(more)
    return sum(times.get(pid, 0.0) for pid in family)


def wait_until_settled(root: int, limit_seconds: float = 20.0) -> float:
    """Wait until the server's processes have finished starting (the job worker process boots
    beside the HTTP workers and takes a few seconds of CPU): until they use less than a tenth of
    a CPU over half a second, or ``limit_seconds``. Returns the seconds waited."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit_seconds:
        before = server_cpu_seconds(root)
        time.sleep(0.5)
        if server_cpu_seconds(root) - before < 0.05:
            break
    return round(time.perf_counter() - started, 1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def sign_in(port: int) -> str:
    """Sign in through the form; return the Cookie header."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/signin/")
    response = conn.getresponse()
    body = response.read().decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    cookie = response.getheader("Set-Cookie", "").split(";")[0]
    form = f"csrfmiddlewaretoken={csrf.group(1) if csrf else ''}&username=bench&password={PASSWORD}"
    conn.request("POST", "/signin/", body=form, headers={
        "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    response = conn.getresponse()
    response.read()
    session = [c.split(";")[0] for c in response.headers.get_all("Set-Cookie") or []]
    return "; ".join([cookie, *session])


def client(port: int, cookie: str, path: str, n_requests: int = REQUESTS_PER_CLIENT,
           ) -> tuple[list[float], int]:
    times, errors = [], 0
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for _ in range(n_requests):
        started = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Cookie": cookie})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors += 1
        except (OSError, http.client.HTTPException):
            errors += 1
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        times.append((time.perf_counter() - started) * 1000)
    return times, errors


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        seed(data_dir)
        port = free_port()
        env = {**os.environ, "PARTNERHOMES_DATA_DIR": str(data_dir),
               "DJANGO_SETTINGS_MODULE": "partnerhomes.web.settings.dev"}
        server = subprocess.Popen([sys.executable, "-m", "partnerhomes.web", "serve", "--port",
                                   str(port)], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
            cookie = sign_in(port)
            settled = wait_until_settled(server.pid)
            results = {}
            for name, path in PAGES.items():
                warmup: list[tuple[list[float], int]] = []
                for _ in range(WARMUP_ROUNDS):
                    with ThreadPoolExecutor(CLIENTS) as pool:
                        warmup += pool.map(client, [port] * CLIENTS, [cookie] * CLIENTS,
                                           [path] * CLIENTS, [WARMUP_REQUESTS] * CLIENTS)
                cpu_before = server_cpu_seconds(server.pid)
                with ThreadPoolExecutor(CLIENTS) as pool:
                    outcomes = list(pool.map(client, [port] * CLIENTS, [cookie] * CLIENTS,
                                             [path] * CLIENTS))
                cpu = server_cpu_seconds(server.pid) - cpu_before
                times = sorted(t for ts, _ in outcomes for t in ts)
                results[name] = {
                    "path": path, "requests": len(times),
                    "errors": sum(e for _, e in outcomes),
                    "p50_ms": round(statistics.median(times), 1),
                    "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
                    "server_cpu_ms_per_request": round(1000 * cpu / len(times), 1),
                    "warmup": {"requests": sum(len(ts) for ts, _ in warmup),
                               "errors": sum(e for _, e in warmup),
                               "max_ms": round(max(t for ts, _ in warmup for t in ts), 1)}}
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(json.dumps({"sites": N_SITES, "clients": CLIENTS, "target_p95_ms": 300,
                      "load_average_1min": round(os.getloadavg()[0], 2),
                      "server_start_settled_after_s": settled, "pages": results},
                     indent=2))


if __name__ == "__main__":
    main()
