"""The load test's pieces, without a load run: the user classes and their
mix, and the driver's report from locust's CSV."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.load import run
from tests.load.mix import USERS

ROOT = Path(__file__).resolve().parents[2]
HEADER = (
    "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,"
    "Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%"
)


def stats_line(kind, name, requests, failures, per_second, p50, p95, p99):
    return f"{kind},{name},{requests},{failures},{p50},{p50},1,{p99},100,{per_second},0,{p50},{p50},{p50},{p50},{p95},{p95},{p99},{p99},{p99},{p99},{p99}"


@pytest.fixture
def stats_csv(tmp_path):
    path = tmp_path / "load_stats.csv"
    lines = [
        HEADER,
        stats_line("POST", "door: check", 120, 0, 2.0, 30, 60, 90),
        stats_line("GET", "baseline: /healthz", 60, 0, 1.0, 5, 15, 20),
        stats_line("GET", "finder", 200, 2, 3.5, 80, 200, 400),
        stats_line("", "Aggregated", 380, 2, 6.5, 40, 150, 350),
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_locustfile_has_a_user_class_per_part_of_the_mix():
    # In a process of its own: importing locust patches the standard library (gevent).
    script = (
        "import json\n"
        "from locust import HttpUser\n"
        "from tests.load import locustfile\n"
        "users = {}\n"
        "for name in ('DoorVolunteer', 'BrowsingFamily', 'RegisteringFamily', 'Coordinator', 'Baseline'):\n"
        "    cls = getattr(locustfile, name)\n"
        "    users[name] = {'http': issubclass(cls, HttpUser), 'fixed_count': cls.fixed_count,\n"
        "                   'weight': cls.weight, 'tasks': len(cls.tasks), 'wait_time': cls.wait_time is not None}\n"
        "print(json.dumps(users))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    users = json.loads(result.stdout.strip().splitlines()[-1])

    assert set(users) == set(USERS)
    assert all(user["http"] and user["tasks"] and user["wait_time"] for user in users.values())
    # The named accounts and the baseline come in fixed numbers, the families by weight.
    assert {name: users[name]["fixed_count"] for name in ("DoorVolunteer", "Coordinator", "Baseline")} == {
        "DoorVolunteer": 3,
        "Coordinator": 2,
        "Baseline": 1,
    }
    assert users["BrowsingFamily"]["weight"] == 50
    assert users["RegisteringFamily"]["weight"] == 10
    assert sum(USERS.values()) == 66


def test_report_divides_the_door_checks_p95_by_the_baselines(stats_csv):
    summary = run.summarise(run.read_stats(stats_csv))

    assert summary.ratio == pytest.approx(4.0)
    assert summary.ratio_ok
    assert summary.errors == 2
    assert not summary.errors_ok
    assert [row.name for row in summary.rows] == ["door: check", "baseline: /healthz", "finder"]
    assert summary.total.requests == 380


def test_report_fails_a_door_check_over_five_times_the_baseline(tmp_path):
    path = tmp_path / "load_stats.csv"
    lines = [
        HEADER,
        stats_line("POST", "door: check", 10, 0, 1.0, 50, 120, 150),
        stats_line("GET", "baseline: /healthz", 10, 0, 1.0, 5, 20, 25),
        stats_line("", "Aggregated", 20, 0, 2.0, 20, 110, 150),
    ]
    path.write_text("\n".join(lines) + "\n")

    summary = run.summarise(run.read_stats(path))
    report = run.format_report(summary)

    assert summary.ratio == pytest.approx(6.0)
    assert "6.0x (target <= 5x) FAIL" in report
    assert "errors: 0 (target 0) PASS" in report


def test_report_without_door_checks_has_no_ratio(tmp_path):
    path = tmp_path / "load_stats.csv"
    no_data = "GET,baseline: /healthz,0,0,0,0,0,0,0,0,0,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A"
    path.write_text("\n".join([HEADER, no_data, stats_line("", "Aggregated", 0, 0, 0, 0, 0, 0)]) + "\n")

    summary = run.summarise(run.read_stats(path))

    assert summary.ratio is None
    assert not summary.ratio_ok
    assert "no data (FAIL)" in run.format_report(summary)


def test_report_table_lists_every_endpoint_with_its_percentiles(stats_csv):
    report = run.format_report(run.summarise(run.read_stats(stats_csv)))
    lines = {line.split()[0]: line.split() for line in report.splitlines() if line.startswith(("finder", "Aggregated"))}

    # endpoint, requests, req/s, p50, p95, p99, failures
    assert lines["finder"] == ["finder", "200", "3.5", "80", "200", "400", "2"]
    assert lines["Aggregated"][-1] == "2"
    assert "p95 door: check / baseline: /healthz: 4.0x (target <= 5x) PASS" in report


def test_exceptions_in_the_load_script_count_as_errors(stats_csv, tmp_path):
    exceptions = tmp_path / "load_exceptions.csv"
    exceptions.write_text('Count,Message,Traceback,Nodes\n3,"KeyError(\'badge\')","Traceback ...",local\n')

    summary = run.summarise(run.read_stats(stats_csv), run.read_exceptions(exceptions))

    assert summary.errors == 2 + 3
    assert run.read_exceptions(tmp_path / "missing.csv") == 0
