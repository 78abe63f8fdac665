"""A consistent copy of the database while the site keeps running
(docs/operations.md, "Backup and restore"): SQLite's online backup, or
`pg_dump -Fc` for PostgreSQL. `scripts/restore_drill.py` restores it."""

import os
import shutil
import sqlite3
import subprocess

from django.core.management.base import BaseCommand, CommandError
from django.db import connections


class Command(BaseCommand):
    help = "Write a consistent backup of the database to a file (SQLite online backup or pg_dump -Fc)."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="The backup file to write.")

    def handle(self, *args, output, **options):
        connection = connections["default"]
        if connection.vendor == "sqlite":
            self._sqlite(connection, output)
        elif connection.vendor == "postgresql":
            self._postgresql(connection.settings_dict, output)
        else:
            raise CommandError(f"No backup method for the {connection.vendor} database.")
        self.stdout.write(f"Backup written to {output}.")

    def _sqlite(self, connection, output):
        # The backup API copies page by page under a read lock: writers keep
        # going, and the copy is one consistent moment (a file copy is not).
        connection.ensure_connection()
        target = sqlite3.connect(output)
        try:
            with target:
                connection.connection.backup(target)
        finally:
            target.close()

    def _postgresql(self, database, output):
        if shutil.which("pg_dump") is None:
            raise CommandError("pg_dump is not installed: install the PostgreSQL client tools.")
        command = ["pg_dump", "--format=custom", "--no-owner", "--file", output, "--dbname", database["NAME"]]
        for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
            if database.get(key):
                command += [option, str(database[key])]
        environment = {**os.environ, "PGPASSWORD": database.get("PASSWORD") or ""}
        # The command is ours; the database name and host come from the settings.
        result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # noqa: S603
        if result.returncode != 0:
            raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
