from django.conf import settings
from django.core.management.base import BaseCommand

from holiday_play.services.retention import erase_child_data


class Command(BaseCommand):
    help = (
        "Erase children's medical notes, allergies, diet and pick-up people "
        f"KANSEN_CHILD_DATA_RETENTION_DAYS (now {settings.KANSEN_CHILD_DATA_RETENTION_DAYS}) days after the end of "
        "their last school holiday at a playground. Run daily (cron or a systemd timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say how many would be erased; erase nothing.")

    def handle(self, *args, dry_run=False, **options):
        result = erase_child_data(dry_run=dry_run)
        verb = "would be erased (dry run: nothing erased)" if dry_run else "erased"
        self.stdout.write(
            f"{result.profiles} child profiles, {result.contacts} pick-up and emergency contacts, "
            f"pick-up notes of {result.bookings} bookings and {result.signals} signals {verb}."
        )
