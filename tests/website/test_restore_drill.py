"""The restore drill (scripts/restore_drill.py) on the test database: a backup
restores, and a household erased after the backup is erased again."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from programmes import erasure
from tests.programmes.factories import HouseholdFactory, PersonFactory

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the suite runs the drill on SQLite (issue 10)"),
]


def run_drill(*arguments):
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{connection.settings_dict['NAME']}"}
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "restore_drill.py"), *arguments],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def dump(path):
    database = sqlite3.connect(path)
    try:
        return "\n".join(database.iterdump())
    finally:
        database.close()


def test_a_fresh_backup_restores_with_every_row():
    PersonFactory(household=HouseholdFactory(contact_name="Lotte Verhulst"), first_name="Lotte")
    result = run_drill()
    assert result.returncode == 0, result.stderr
    assert "the same as live" in result.stdout
    assert "Restore drill passed." in result.stdout


def test_an_erasure_made_after_the_backup_is_made_again_after_the_restore(tmp_path):
    erased = HouseholdFactory(contact_name="Jasper Van den Broeck", phone="0486 55 44 33", email="jasper@example.be")
    PersonFactory(household=erased, first_name="Jasper", last_name="Van den Broeck")
    kept = HouseholdFactory(contact_name="Fatima El Amrani")
    backup = tmp_path / "backup.sqlite3"
    call_command("backup_database", "--output", str(backup), stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert "Van den Broeck" in dump(backup)

    erasure.erase_household(erased, by=None)
    restored = tmp_path / "restored.sqlite3"
    result = run_drill("--backup", str(backup), "--keep", str(restored))

    assert result.returncode == 0, result.stderr
    assert "erased again" in result.stdout
    everything = dump(restored)
    for value in ("Van den Broeck", "Jasper", "0486 55 44 33", "0486554433", "jasper@example.be"):
        assert value not in everything
    assert kept.contact_name in everything
    assert dump(backup).count("Van den Broeck"), "the drill must not change the backup itself"


def test_a_backup_that_is_not_there_fails_the_drill(tmp_path):
    result = run_drill("--backup", str(tmp_path / "missing"))
    assert result.returncode != 0
