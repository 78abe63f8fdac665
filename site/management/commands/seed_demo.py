from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from website import demo
from website.demo.scale import seed_scale


class Command(BaseCommand):
    help = "Fill the site with realistic Flemish demo data. Safe to run again: existing data is left alone."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            metavar="N",
            help="Build N towns: 1 is the normal demo, every further town adds about 50 programmes, "
            "2 000 sessions, 1 000 households and 20 000 attendance marks (for benchmarks).",
        )

    def handle(self, *args, **options):
        scale = options["scale"]
        if scale < 1:
            raise CommandError(f"--scale must be 1 or more (1 is the normal demo), not {scale}.")
        # Demo users have a published password: never on a real site.
        if not settings.KANSEN_DEMO_DATA_ALLOWED:
            raise CommandError("Demo data is not allowed with these settings (KANSEN_DEMO_DATA_ALLOWED is off).")
        # The demo registers families through the real rules, which mail them:
        # demo families get no mail, whatever backend is configured.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            demo.seed(log=lambda line: self.stdout.write(line))
            if scale > 1:
                seed_scale(scale, log=lambda line: self.stdout.write(line))
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
