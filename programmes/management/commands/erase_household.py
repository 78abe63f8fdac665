"""Erase one household on request (programmes.erasure). Asks before it
erases unless --yes is given; --dry-run says what would change and changes
nothing. The erasure is recorded (ErasureRecord) for `replay_erasures`."""

from django.core.management.base import BaseCommand, CommandError

from programmes import erasure
from programmes.errors import ProgrammeError
from programmes.models import ErasureRecord, Household


class Command(BaseCommand):
    help = (
        "Erase a household: names, contact details, birth dates (to the year), notes and medical data go; "
        "registrations, visits and bookings stay for the figures. Cannot be undone."
    )

    def add_arguments(self, parser):
        parser.add_argument("household_id", type=int)
        parser.add_argument("--dry-run", action="store_true", help="Say what would change; change nothing.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")
        parser.add_argument(
            "--reason",
            choices=ErasureRecord.Reason.values,
            default=ErasureRecord.Reason.REQUESTED,
            help="Why (recorded; no names).",
        )

    def handle(self, *args, household_id, dry_run=False, yes=False, reason=ErasureRecord.Reason.REQUESTED, **options):
        household = Household.objects.filter(pk=household_id).first()
        if household is None:
            raise CommandError(f"No household {household_id}.")
        if household.is_erased:
            self.stdout.write(f"Household {household_id} was erased on {household.erased_at:%Y-%m-%d}; nothing to do.")
            return
        if dry_run:
            self._write_counts(erasure.preview(household), "would change (dry run)")
            return
        if not yes:
            answer = input(f"Erase household {household_id}? This cannot be undone. Type 'yes' to continue: ")
            if answer.strip().lower() != "yes":
                self.stdout.write("Cancelled; nothing changed.")
                return
        try:
            result = erasure.erase_household(household, by=None, reason=reason)
        except ProgrammeError as error:
            raise CommandError(str(error.message)) from error
        self._write_counts(result, "erased")
        self.stdout.write(f"Household {household_id} erased and recorded.")

    def _write_counts(self, result, verb):
        for name, count in result.counts.items():
            self.stdout.write(f"{name}: {count} rows {verb}")
