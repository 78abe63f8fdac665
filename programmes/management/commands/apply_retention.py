from django.core.management.base import BaseCommand

from programmes import retention


class Command(BaseCommand):
    help = (
        "Apply every app's retention rules (docs/data_protection.md): delete or blank what is kept "
        "longer than the rules say. Run daily (cron or a systemd timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say how much would go; change nothing.")

    def handle(self, *args, dry_run=False, **options):
        for name, count in retention.apply_all(dry_run=dry_run):
            self.stdout.write(f"{name}: {count} {'would go (dry run)' if dry_run else 'done'}")
