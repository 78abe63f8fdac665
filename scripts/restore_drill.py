"""Restore drill (docs/operations.md, "Backup and restore"): prove that a
backup can be restored and that erasures made since the backup are made again.

    .venv/bin/python scripts/restore_drill.py [--backup FILE] [--keep PATH]

1. Take a backup of the live database now (`manage.py backup_database`), or
   use the one given with --backup (an older one, as after a real incident).
2. Restore it into a scratch database: a copy of the file for SQLite, a new
   database `<name>_restore_drill` with `pg_restore` for PostgreSQL. The live
   database is only read.
3. Bring the erasure records over from the live database, migrate the
   restored database to the code, and replay the erasures there.
4. Check: for a fresh backup, every table has as many rows as live (before
   migrating); Django's system checks pass; no erased household holds
   personal data again.

The live database is DATABASE_URL (or `make run`'s SQLite file). Exit code 0
when every check passes. The test suite runs this on SQLite
(tests/website/test_restore_drill.py).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import dj_database_url

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE_URL = f"sqlite:///{ROOT / 'db.sqlite3'}"

# Printed by `manage.py shell`: rows per table, as JSON.
COUNT_TABLES = """
import json
from django.db import connection
with connection.cursor() as cursor:
    counts = {}
    for table in sorted(connection.introspection.table_names(cursor)):
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        counts[table] = cursor.fetchone()[0]
print(json.dumps(counts))
"""
# Printed by `manage.py shell`: how many erased households hold personal data.
STILL_PERSONAL = """
from programmes import erasure
print(sum(outcome == "would_erase" for _id, outcome, _result in erasure.replay_erasures(dry_run=True)))
"""


class DrillFailed(Exception):
    pass


def manage(database_url, *arguments):
    environment = {**os.environ, "DATABASE_URL": database_url}
    # Our own fixed commands; nothing from outside reaches the argument list.
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), *arguments],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise DrillFailed(f"manage.py {' '.join(arguments)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def shell(database_url, code):
    """What `code` prints last, run with Django on `database_url`."""
    return manage(database_url, "shell", "--no-imports", "-c", code).strip().splitlines()[-1]


def postgres_command(tool, database, *arguments):
    command = [tool, *arguments]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            command += [option, str(database[key])]
    environment = {**os.environ, "PGPASSWORD": database.get("PASSWORD") or ""}
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise DrillFailed(f"{tool} failed: {result.stderr.strip()}")


def restore(backup, live_url, workdir, keep):
    """Restore `backup` into a scratch database; its URL."""
    database = dj_database_url.parse(live_url)
    if database["ENGINE"].endswith("sqlite3"):
        scratch = Path(keep) if keep else workdir / "restored.sqlite3"
        shutil.copyfile(backup, scratch)
        return f"sqlite:///{scratch}"
    if database["ENGINE"].endswith("postgresql"):
        name = keep or f"{database['NAME']}_restore_drill"
        postgres_command("dropdb", database, "--if-exists", name)
        postgres_command("createdb", database, name)
        postgres_command("pg_restore", database, "--no-owner", "--dbname", name, str(backup))
        return live_url.rsplit("/", 1)[0] + f"/{name}"
    raise DrillFailed(f"No restore method for {database['ENGINE']}.")


def drop(scratch_url):
    database = dj_database_url.parse(scratch_url)
    if database["ENGINE"].endswith("postgresql"):
        postgres_command("dropdb", database, "--if-exists", database["NAME"])


def drill(live_url, backup=None, keep=None, log=print):
    with tempfile.TemporaryDirectory(prefix="kansen-drill-") as directory:
        workdir = Path(directory)
        fresh = backup is None
        if fresh:
            backup = workdir / "backup"
            manage(live_url, "backup_database", "--output", str(backup))
            log(f"1. Backup taken: {backup.stat().st_size} bytes.")
        else:
            log(f"1. Using the backup {backup}.")

        scratch_url = restore(backup, live_url, workdir, keep)
        log("2. Restored into a scratch database.")
        try:
            if fresh:
                # Before migrating, which adds what a newer code needs.
                live = json.loads(shell(live_url, COUNT_TABLES))
                restored = json.loads(shell(scratch_url, COUNT_TABLES))
                different = {
                    table: (count, restored.get(table))
                    for table, count in live.items()
                    if restored.get(table) != count and table != "django_session"
                }
                if different:
                    raise DrillFailed(f"Row counts differ after the restore (live, restored): {different}")
                log(f"   {len(live)} tables, {sum(live.values())} rows: the same as live.")
            records = workdir / "erasures.json"
            manage(live_url, "dumpdata", "programmes.ErasureRecord", "--output", str(records))
            manage(scratch_url, "migrate", "--no-input")
            log("3. Migrated; erasures replayed with the live database's records:")
            log(
                "   " + manage(scratch_url, "replay_erasures", "--records", str(records)).strip().replace("\n", "\n   ")
            )

            manage(scratch_url, "check")
            left = int(shell(scratch_url, STILL_PERSONAL))
            if left:
                raise DrillFailed(f"{left} erased households hold personal data again after the replay.")
            log("4. System checks pass; no erased household holds personal data.")

        finally:
            if not keep:
                drop(scratch_url)
    log("Restore drill passed.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backup", type=Path, help="restore this backup instead of taking one now")
    parser.add_argument("--keep", help="keep the restored database: a file path (SQLite) or a database name")
    arguments = parser.parse_args()
    try:
        drill(os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL), arguments.backup, arguments.keep)
    except DrillFailed as failure:
        print(f"Restore drill FAILED: {failure}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
