import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from programmes.models import Registration
from programmes.tasks import send_reminder_mail


class Command(BaseCommand):
    help = (
        "Mail a reminder to the households registered for tomorrow's sessions. Run daily (cron or a systemd "
        "timer); running it twice sends each reminder once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say how many reminders would go out; send none.")
        parser.add_argument("--date", help="The day of the sessions (YYYY-MM-DD); tomorrow when left out.")

    def handle(self, *args, dry_run=False, date=None, **options):
        try:
            day = datetime.date.fromisoformat(date) if date else timezone.localdate() + datetime.timedelta(days=1)
        except ValueError:
            raise CommandError(f"--date must look like 2026-12-03, not {date!r}.") from None
        due = list(Registration.objects.reminder_due(day).values_list("pk", flat=True))
        if dry_run:
            self.stdout.write(f"{len(due)} reminders would be sent for {day:%Y-%m-%d} (dry run: none sent).")
            return
        for registration_id in due:
            send_reminder_mail.enqueue(registration_id)
        self.stdout.write(f"{len(due)} reminders queued for {day:%Y-%m-%d}.")
