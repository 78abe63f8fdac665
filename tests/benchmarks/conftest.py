"""Benchmark harness: `make bench`.

Every benchmark is measured against baselines measured in the same process and
run, so the numbers are ratios that mean the same on a laptop and on CI:

- B0: a bare Django view that runs one query (`/healthz`);
- B1: a Wagtail page with one paragraph.

A benchmark test asks for the `bench` fixture, measures its workload with
`bench.measure(...)` and records it with `bench.compare(result, baseline,
target=...)`. The table (and `--bench-json PATH`) is written at the end.
"""

import json
import statistics
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.website.factories import StandardPageFactory

_results = []


def pytest_addoption(parser):
    parser.addoption("--bench-json", metavar="PATH", help="also write the benchmark table as JSON to PATH")
    parser.addoption("--bench-rounds", type=int, default=300, help="timed rounds per measurement (default 300)")


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

    def measure(self, name, fn):
        """Median wall time of `fn()` over the rounds, after a warm-up, and the
        number of queries one call makes."""
        for _ in range(self.warmup):
            fn()
        with CaptureQueriesContext(connection) as queries:
            fn()
        # Read now: the log is a view that the next request resets.
        query_count = len(queries)
        timings = []
        for _ in range(self.rounds):
            start = time.perf_counter_ns()
            fn()
            timings.append(time.perf_counter_ns() - start)
        return Measurement(name, statistics.median(timings) / 1e6, query_count, fn)

    def compare(self, result, baseline, *, target=None):
        """Time the workload and its baseline again in alternation, so that
        anything else the machine does slows both alike, and compare medians."""
        ours, theirs = [], []
        for _ in range(self.rounds):
            for fn, timings in ((baseline.fn, theirs), (result.fn, ours)):
                start = time.perf_counter_ns()
                fn()
                timings.append(time.perf_counter_ns() - start)
        result.median_ms = statistics.median(ours) / 1e6
        baseline = Measurement(baseline.name, statistics.median(theirs) / 1e6, baseline.queries, baseline.fn)
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
def b1(bench, home):
    """B1: a Wagtail page with one paragraph, served through Wagtail's router."""
    StandardPageFactory(parent=home, slug="b1")
    return bench.measure("B1 one-paragraph Wagtail page", get_ok(Client(), "/b1/"))


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
    for row in [header, *rows]:
        terminalreporter.write_line("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    path = config.getoption("--bench-json")
    if path:
        with open(path, "w") as out:
            json.dump([asdict(r) for r in _results], out, indent=2, default=str)
        terminalreporter.write_line(f"written to {path}")
