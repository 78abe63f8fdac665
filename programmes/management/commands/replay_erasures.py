"""After restoring a backup: erase again every household in ErasureRecord
that holds personal data again. Idempotent: a second run finds nothing.

The records themselves are in the database too. A backup from before an
erasure does not hold its record: keep the records across the restore
(`manage.py dumpdata programmes.ErasureRecord --output erasures.json` before,
they hold no personal data) and give them to this command with `--records
erasures.json` before the site is opened again (docs/operations.md).
"""

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.dateparse import parse_datetime

from programmes import erasure
from programmes.models import ErasureRecord

MESSAGES = {
    "gone": "no longer in the database",
    "nothing_left": "already erased, nothing left",
    "would_erase": "holds personal data again: would be erased (dry run)",
    "erased_again": "held personal data again: erased",
}


class Command(BaseCommand):
    help = "Erase again the households erased before (after restoring a backup)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say what would be erased; change nothing.")
        parser.add_argument(
            "--records",
            help="A file from `dumpdata programmes.ErasureRecord`: records missing here are added first.",
        )

    def handle(self, *args, dry_run=False, records=None, **options):
        if records:
            added = self.add_records(records, dry_run=dry_run)
            self.stdout.write(f"{added} erasure records added from {records}.")
        outcomes = erasure.replay_erasures(dry_run=dry_run)
        for household_id, outcome, result in outcomes:
            detail = ""
            if result is not None and result.total:
                detail = " (" + ", ".join(f"{name}: {count}" for name, count in result.counts.items() if count) + ")"
            self.stdout.write(f"Household {household_id}: {MESSAGES[outcome]}{detail}")
        acted = sum(outcome in ("erased_again", "would_erase") for _id, outcome, _result in outcomes)
        self.stdout.write(
            f"{len(outcomes)} erasures checked, {acted} {'would be erased again' if dry_run else 'erased again'}."
        )

    def add_records(self, path, *, dry_run):
        """Add the records of `path` that this database lacks. The user who
        erased may not exist in an older backup: the record then names nobody."""
        try:
            with open(path, encoding="utf-8") as file:
                rows = [row for row in json.load(file) if row.get("model") == "programmes.erasurerecord"]
            records = [
                (int(row["fields"]["household_id"]), parse_datetime(row["fields"]["erased_at"]), row["fields"])
                for row in rows
            ]
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise CommandError(f"Cannot read the erasure records in {path}: {error}") from error
        known = set(ErasureRecord.objects.values_list("household_id", flat=True))
        users = set(get_user_model().objects.values_list("pk", flat=True))
        missing = [
            ErasureRecord(
                household_id=household_id,
                erased_at=erased_at,
                erased_by_id=fields.get("erased_by") if fields.get("erased_by") in users else None,
                reason=fields.get("reason") or ErasureRecord.Reason.REQUESTED,
            )
            for household_id, erased_at, fields in records
            if household_id not in known and erased_at is not None
        ]
        if not dry_run:
            with transaction.atomic():
                ErasureRecord.objects.bulk_create(missing)
        return len(missing)
