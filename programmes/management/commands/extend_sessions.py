from django.core.management.base import BaseCommand

from programmes.services.scheduling import extend_horizon


class Command(BaseCommand):
    help = "Keep a year of sessions ahead for every live programme. Run daily (cron or a systemd timer)."

    def handle(self, *args, **options):
        result = extend_horizon()
        self.stdout.write(
            f"{len(result.created)} sessions added, {len(result.updated)} updated, {result.deleted} removed, "
            f"{len(result.flagged)} need a coordinator's attention."
        )
