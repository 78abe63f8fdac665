"""Benchmark harness: `make bench`.

Every benchmark is measured against baselines measured in the same process and
run, so the numbers are ratios that mean the same on a laptop and on CI:

- B0: a bare Django view that runs one query (`/healthz`);
- B1: a Wagtail page with one paragraph.

A benchmark test asks for the `bench` fixture, measures its workload with
`bench.measure(...)` and records it with `bench.compare(result, baseline,
target=...)`. The table (and `--bench-json PATH`) is written at the end.

With `--bench-scale N` (default: the environment's BENCH_SCALE, else 0; `make
bench` passes 20) the test database first gets `seed_demo --scale N`, once,
committed: every benchmark's own transaction rolls back on top of it. The
benchmarks then put their pages under the seeded home (`site_home`) or measure
seeded pages, so every query runs against tables at that scale. With 0 they
build their small trees on an empty database, as before.
"""

import io
import json
import os
import statistics
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from programmes.models import Attendance, Household, ProgrammeIndexPage, ProgrammePage, Session
from tests.website.factories import StandardPageFactory

_results = []
# What `--bench-scale` seeded: towns and row counts, for the table and the JSON.
_scale = {}


def _scale_from_environment():
    # A bad value must not break `make test`, which loads this file too.
    value = os.environ.get("BENCH_SCALE", "").strip()
    return int(value) if value.isdigit() else 0


def pytest_addoption(parser):
    parser.addoption("--bench-json", metavar="PATH", help="also write the benchmark table as JSON to PATH")
    parser.addoption("--bench-rounds", type=int, default=300, help="timed rounds per measurement (default 300)")
    parser.addoption(
        "--bench-scale",
        type=int,
        default=_scale_from_environment(),
        metavar="N",
        help="seed the test database with `seed_demo --scale N` first (default: $BENCH_SCALE, else 0: no scale data)",
    )


def scale_of(config):
    return max(0, config.getoption("--bench-scale"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """The test database, with `seed_demo --scale N` committed in it when asked."""
    scale = scale_of(request.config)
    if not scale:
        return
    started = time.monotonic()
    with django_db_blocker.unblock():
        call_command("seed_demo", "--scale", str(scale), stdout=io.StringIO())
        if connection.vendor == "postgresql":
            # A database in use has planner statistics (autovacuum keeps them);
            # one seeded a moment ago may not have them yet.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        _scale.update(
            towns=scale,
            # A programme and its translations are one programme.
            programmes=ProgrammePage.objects.values("translation_key").distinct().count(),
            sessions=Session.objects.count(),
            households=Household.objects.count(),
            attendance_marks=Attendance.objects.count(),
            seconds_to_seed=round(time.monotonic() - started),
        )


def seeded_finder():
    """The seeded Dutch activities page, where seed_demo puts every town's programmes."""
    return ProgrammeIndexPage.objects.filter(locale__language_code="nl").order_by("path").first()


def thousands(number):
    return f"{number:,}".replace(",", " ")


@pytest.fixture
def site_home(request, db):
    """The page the benchmarks build under: the seeded Dutch home page when
    there is scale data (left whole), else the small tree of `home`."""
    if scale_of(request.config):
        return Site.objects.get(is_default_site=True).root_page.specific
    return request.getfixturevalue("home")


def pytest_collection_modifyitems(items):
    # Conftest hooks see the whole session: mark only the benchmarks.
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.bench)


@dataclass
class Measurement:
    name: str
    median_ms: float
    queries: int
    fn: object = None
    rounds: int = 0


@dataclass
class Row:
    benchmark: str
    median_ms: float
    queries: int
    baseline: str
    baseline_median_ms: float
    ratio: float
    target: float | None
    passed: bool | None


class Bench:
    def __init__(self, rounds):
        self.rounds = rounds
        self.warmup = max(10, rounds // 10)

    def measure(self, name, fn, *, rounds=None):
        """Median wall time of `fn()` over the rounds, after a warm-up, and the
        number of queries one call makes. `rounds` caps the rounds for a
        workload of seconds, measured for the record."""
        rounds = min(rounds or self.rounds, self.rounds)
        for _ in range(min(self.warmup, rounds)):
            fn()
        with CaptureQueriesContext(connection) as queries:
            fn()
        # Read now: the log is a view that the next request resets.
        query_count = len(queries)
        timings = []
        for _ in range(rounds):
            start = time.perf_counter_ns()
            fn()
            timings.append(time.perf_counter_ns() - start)
        return Measurement(name, statistics.median(timings) / 1e6, query_count, fn, rounds)

    def compare(self, result, baseline, *, target=None):
        """Time the workload and its baseline again in alternation, so that
        anything else the machine does slows both alike, and compare medians."""
        ours, theirs = [], []
        for _ in range(result.rounds):
            for fn, timings in ((baseline.fn, theirs), (result.fn, ours)):
                start = time.perf_counter_ns()
                fn()
                timings.append(time.perf_counter_ns() - start)
        result.median_ms = statistics.median(ours) / 1e6
        baseline = Measurement(baseline.name, statistics.median(theirs) / 1e6, baseline.queries)
        ratio = result.median_ms / baseline.median_ms
        row = Row(
            benchmark=result.name,
            median_ms=round(result.median_ms, 3),
            queries=result.queries,
            baseline=baseline.name,
            baseline_median_ms=round(baseline.median_ms, 3),
            ratio=round(ratio, 2),
            target=target,
            passed=None if target is None else ratio <= target,
        )
        _results.append(row)
        return row


def get_ok(client, url):
    def request():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    return request


@pytest.fixture
def bench(request):
    return Bench(request.config.getoption("--bench-rounds"))


@pytest.fixture
def b0(bench, db):
    """B0: a bare one-query Django view."""
    return bench.measure("B0 bare one-query view", get_ok(Client(), "/healthz"))


@pytest.fixture
def b1(bench, site_home):
    """B1: a Wagtail page with one paragraph, served through Wagtail's router."""
    page = StandardPageFactory(parent=site_home, slug="bench-b1")
    return bench.measure("B1 one-paragraph Wagtail page", get_ok(Client(), page.url))


def pytest_terminal_summary(terminalreporter, config):
    if not _results:
        return
    header = ("benchmark", "median ms", "queries", "baseline", "baseline ms", "ratio", "target", "result")
    rows = [
        (
            r.benchmark,
            f"{r.median_ms:.3f}",
            str(r.queries),
            r.baseline,
            f"{r.baseline_median_ms:.3f}",
            f"{r.ratio:.2f}x",
            "—" if r.target is None else f"<= {r.target}x",
            "—" if r.passed is None else ("pass" if r.passed else "FAIL"),
        )
        for r in _results
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    terminalreporter.write_sep("=", "benchmarks")
    terminalreporter.write_line(scale_line())
    for row in [header, *rows]:
        terminalreporter.write_line("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    path = config.getoption("--bench-json")
    if path:
        with open(path, "w") as out:
            json.dump({"scale": _scale or None, "rows": [asdict(r) for r in _results]}, out, indent=2, default=str)
        terminalreporter.write_line(f"written to {path}")


def scale_line():
    if not _scale:
        return "scale data: none (each benchmark builds its own small tree; --bench-scale N to seed N towns)"
    counts = {key: thousands(value) for key, value in _scale.items()}
    towns = "1 town" if _scale["towns"] == 1 else f"{counts['towns']} towns"
    return (
        f"scale data: {towns}, {counts['programmes']} programmes, {counts['sessions']} sessions, "
        f"{counts['households']} households, {counts['attendance_marks']} attendance marks "
        f"(seeded in {counts['seconds_to_seed']} s)"
    )
