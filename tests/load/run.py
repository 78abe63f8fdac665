"""`make load`: gunicorn with the production settings on PostgreSQL, driven
by locust for a bounded time on the loopback interface, then one table.

Steps: drop and create the load database (`kansen_load`), migrate, seed the
demo data, prepare today's opening and roll calls (tests/load/prepare.py),
collect the static files, start gunicorn on a free port of 127.0.0.1, wait
for /healthz, run locust headless (tests/load/locustfile.py), stop gunicorn,
print throughput and percentiles per endpoint, the door check's p95 against
the baseline's, and the errors. Exits non-zero when there was any error (or
the run itself failed); the p95 ratio is reported, PASS or FAIL, without
changing the exit code, since it depends on the machine it runs on.

Environment (all optional):
  LOAD_SECONDS       how long locust runs (default 60)
  LOAD_WORKERS       gunicorn workers (default 3)
  LOAD_DATABASE_URL  the load database, dropped and created on every run
                     (default postgres://postgres@127.0.0.1:5432/kansen_load)
  LOAD_REDIS_URL     the shared cache, used when Redis answers, flushed at the
                     start (default redis://127.0.0.1:6379/15: a database of its own)
  LOAD_OUTPUT        where the CSV files and the gunicorn log go (default: a new temporary folder)

Only `seed_demo` and the preparation run with the development settings: the
demo users have a published password, which the production settings refuse
on purpose. Everything that serves requests runs with the production
settings. See docs/operations.md, "Load test".
"""

import csv
import dataclasses
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tests.load.mix import USERS

ROOT = Path(__file__).resolve().parents[2]
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/kansen_load"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"
CHECK_ENDPOINT = "door: check"
BASELINE_ENDPOINT = "baseline: /healthz"
RATIO_TARGET = 5.0
ERRORS_TARGET = 0
SPAWN_RATE = 10  # users started per second


@dataclasses.dataclass(frozen=True)
class Row:
    name: str
    requests: int
    failures: int
    per_second: float
    p50: float
    p95: float
    p99: float


@dataclasses.dataclass(frozen=True)
class Summary:
    rows: list
    total: Row
    ratio: float | None
    errors: int

    @property
    def ratio_ok(self):
        return self.ratio is not None and self.ratio <= RATIO_TARGET

    @property
    def errors_ok(self):
        return self.errors <= ERRORS_TARGET


def _number(text):
    # Locust writes "N/A" for a percentile without requests.
    try:
        return float(text)
    except (TypeError, ValueError):
        return 0.0


def read_stats(path):
    """The rows of locust's `<prefix>_stats.csv`, the aggregate last."""
    with open(path, newline="", encoding="utf-8") as handle:
        return [
            Row(
                name=record["Name"],
                requests=int(record["Request Count"]),
                failures=int(record["Failure Count"]),
                per_second=_number(record["Requests/s"]),
                p50=_number(record["50%"]),
                p95=_number(record["95%"]),
                p99=_number(record["99%"]),
            )
            for record in csv.DictReader(handle)
        ]


def read_exceptions(path):
    """How many exceptions the users' own code raised (locust's `<prefix>_exceptions.csv`)."""
    if not Path(path).exists():
        return 0
    with open(path, newline="", encoding="utf-8") as handle:
        return sum(int(record["Count"]) for record in csv.DictReader(handle))


def summarise(rows, exceptions=0):
    """The endpoints, the aggregate, the door check's p95 over the baseline's,
    the errors: failed requests, and exceptions in the users' code (a
    request never sent is an error too)."""
    endpoints = [row for row in rows if row.name != "Aggregated"]
    total = next((row for row in rows if row.name == "Aggregated"), None)
    if total is None:
        total = Row(
            "Aggregated",
            sum(row.requests for row in endpoints),
            sum(row.failures for row in endpoints),
            sum(row.per_second for row in endpoints),
            0.0,
            0.0,
            0.0,
        )
    by_name = {row.name: row for row in endpoints}
    check, baseline = by_name.get(CHECK_ENDPOINT), by_name.get(BASELINE_ENDPOINT)
    ratio = check.p95 / baseline.p95 if check and baseline and baseline.p95 and check.requests else None
    return Summary(rows=endpoints, total=total, ratio=ratio, errors=total.failures + exceptions)


def format_report(summary):
    header = f"{'endpoint':<26} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'failures':>8}"
    lines = [header, "-" * len(header)]
    for row in [*sorted(summary.rows, key=lambda row: row.name), summary.total]:
        lines.append(
            f"{row.name:<26} {row.requests:>8} {row.per_second:>7.1f} {row.p50:>7.0f} {row.p95:>7.0f} "
            f"{row.p99:>7.0f} {row.failures:>8}"
        )
    lines.append("")
    if summary.ratio is None:
        lines.append(f"p95 {CHECK_ENDPOINT} / {BASELINE_ENDPOINT}: no data (FAIL)")
    else:
        verdict = "PASS" if summary.ratio_ok else "FAIL"
        lines.append(
            f"p95 {CHECK_ENDPOINT} / {BASELINE_ENDPOINT}: {summary.ratio:.1f}x (target <= {RATIO_TARGET:.0f}x) {verdict}"
        )
    lines.append(f"errors: {summary.errors} (target {ERRORS_TARGET}) {'PASS' if summary.errors_ok else 'FAIL'}")
    return "\n".join(lines)


def _say(text):
    print(f"==> {text}", flush=True)


def _run(command, env, **kwargs):
    subprocess.run(command, env=env, cwd=ROOT, check=True, **kwargs)


def _recreate_database(url):
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.replace("_", "").isalnum():
        raise SystemExit(f"Refusing the database name {name!r}.")
    maintenance = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _redis(url):
    """`url` when Redis answers there (emptied: a fresh cache for a fresh database), else None."""
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=1)
        client.ping()
        client.flushdb()
    except Exception as error:  # no Redis (or no redis package): the database cache
        _say(f"Redis not reachable at {url} ({error.__class__.__name__}): using the database cache.")
        return None
    return url


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_health(base, process, timeout=60):
    request = urllib.request.Request(f"{base}/healthz", headers={"X-Forwarded-Proto": "https"})  # noqa: S310 - http://127.0.0.1
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn stopped before answering /healthz: see its log.")
        try:
            with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310 - our own loopback URL
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer /healthz within {timeout} s.")


def main():
    seconds = int(os.environ.get("LOAD_SECONDS", "60"))
    workers = int(os.environ.get("LOAD_WORKERS", "3"))
    database_url = os.environ.get("LOAD_DATABASE_URL", DEFAULT_DATABASE_URL)
    output = Path(os.environ.get("LOAD_OUTPUT") or tempfile.mkdtemp(prefix="kansen-load-"))
    output.mkdir(parents=True, exist_ok=True)
    python = sys.executable
    base_env = {key: value for key, value in os.environ.items() if key not in ("DJANGO_SETTINGS_MODULE", "REDIS_URL")}

    _say(f"Database {database_url}: dropped and created.")
    _recreate_database(database_url)
    dev = {**base_env, "DJANGO_SETTINGS_MODULE": "website.settings.dev", "DATABASE_URL": database_url}
    production = {
        **base_env,
        "DJANGO_SETTINGS_MODULE": "website.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        # Locust stands where the TLS proxy stands: it adds X-Forwarded-For.
        "TRUSTED_PROXIES": "1",
        "STATIC_ROOT": str(output / "static"),
        "BASE_URL": "https://127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }
    redis_url = _redis(os.environ.get("LOAD_REDIS_URL", DEFAULT_REDIS_URL))
    if redis_url:
        # One cache for every step: what seeding invalidates, the server must not serve.
        production["REDIS_URL"] = dev["REDIS_URL"] = redis_url

    manage = [python, "manage.py"]
    _say("Migrating (production settings).")
    _run([*manage, "migrate", "--no-input", "-v", "0"], production)
    _say("Seeding the demo data (development settings: the demo password is refused in production).")
    _run([*manage, "seed_demo"], dev, stdout=subprocess.DEVNULL)
    fixture = output / "fixture.json"
    _say("Preparing today's opening, door shifts and roll calls.")
    _run([python, "-m", "tests.load.prepare", str(fixture)], dev)
    _say("Collecting static files.")
    _run([*manage, "collectstatic", "--no-input", "-v", "0"], production)

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(output / "gunicorn.log", "w")  # noqa: SIM115 - open for the server's whole life
    _say(f"Starting gunicorn with {workers} workers on {base}.")
    server = subprocess.Popen(
        [python, "-m", "gunicorn", "website.wsgi", "--workers", str(workers), "--bind", f"127.0.0.1:{port}"],
        env=production,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _wait_for_health(base, server)
        users = sum(USERS.values())
        _say(f"Locust: {users} users for {seconds} s.")
        subprocess.run(
            [
                python,
                "-m",
                "locust",
                "--headless",
                "-f",
                str(LOCUSTFILE),
                "--host",
                base,
                "-u",
                str(users),
                "-r",
                str(SPAWN_RATE),
                "--run-time",
                f"{seconds}s",
                "--stop-timeout",
                "5",
                "--csv",
                str(output / "load"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env={**base_env, "KANSEN_LOAD_FIXTURE": str(fixture), "PYTHONPATH": str(ROOT)},
            cwd=ROOT,
            check=False,
            timeout=seconds + 120,
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()

    # Written by the locustfile after the last request (locust's own files lag).
    stats = output / "load_final_stats.csv"
    if not stats.exists():
        raise SystemExit(f"locust wrote no statistics ({stats}): see its output above.")
    summary = summarise(read_stats(stats), read_exceptions(output / "load_final_exceptions.csv"))
    print()
    print(format_report(summary))
    if summary.errors:
        print("\nErrors:")
        with open(output / "load_final_failures.csv", newline="", encoding="utf-8") as handle:
            for record in csv.DictReader(handle):
                print(f"  {record['Occurrences']} x {record['Name']}: {record['Error']}")
        with open(output / "load_final_exceptions.csv", newline="", encoding="utf-8") as handle:
            for record in csv.DictReader(handle):
                print(f"  {record['Count']} x exception in the load script: {record['Message']}")
    print(f"\nCSV files and the gunicorn log: {output}")
    return 0 if summary.errors_ok else 1


if __name__ == "__main__":
    sys.exit(main())
