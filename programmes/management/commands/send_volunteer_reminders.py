from django.core.management.base import BaseCommand
from django.utils import timezone

from programmes.tasks import (
    certificates_due_for_renewal,
    send_certificate_renewal_reminders,
    send_shift_reminders,
    shift_reminders_due,
)


class Command(BaseCommand):
    help = (
        "Queue the volunteers' mails: a reminder for shifts in the next two days, and a reminder to renew a "
        "certificate that runs out soon. Run daily (cron or a systemd timer); running it twice sends each mail once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say how many mails would go out; send none.")

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            shifts = shift_reminders_due(timezone.now()).count()
            certificates = certificates_due_for_renewal(timezone.localdate()).count()
            self.stdout.write(
                f"{shifts} shift reminders and {certificates} certificate reminders would be sent (dry run: none sent)."
            )
            return
        send_shift_reminders.enqueue()
        send_certificate_renewal_reminders.enqueue()
        self.stdout.write("Shift and certificate reminders queued.")
