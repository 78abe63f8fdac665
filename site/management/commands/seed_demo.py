from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from website import demo


class Command(BaseCommand):
    help = "Fill the site with realistic Flemish demo data. Safe to run again: existing data is left alone."

    def handle(self, *args, **options):
        # Demo users have a published password: never on a real site.
        if not settings.KANSEN_DEMO_DATA_ALLOWED:
            raise CommandError("Demo data is not allowed with these settings (KANSEN_DEMO_DATA_ALLOWED is off).")
        # The demo registers families through the real rules, which mail them:
        # demo families get no mail, whatever backend is configured.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            demo.seed(log=lambda line: self.stdout.write(line))
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
